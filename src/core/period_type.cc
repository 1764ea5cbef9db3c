#include "core/period_type.h"

#include <array>
#include <string>

namespace gemis {

namespace {

constexpr size_t kTypeCount = static_cast<size_t>(PeriodType::kMultiYear) + 1;

constexpr std::array<std::string_view, kTypeCount> kNames = {
    "Daily",          "Weekly",       "WeeklyWednesday", "WeeklyThursday",  "WeeklyFriday",
    "WeeklySaturday", "WeeklySunday", "BiWeekly",        "Monthly",         "BiMonthly",
    "Quarterly",      "QuarterlyNov", "SixMonthly",      "SixMonthlyApril", "SixMonthlyNov",
    "Yearly",         "FinancialFeb", "FinancialApril",  "FinancialJuly",   "FinancialAug",
    "FinancialSep",   "FinancialOct", "FinancialNov",    "MultiYear",
};

constexpr std::array<PeriodType, kTypeCount> MakeAllTypes() {
  std::array<PeriodType, kTypeCount> all{};
  for (size_t i = 0; i < kTypeCount; ++i) all[i] = static_cast<PeriodType>(i);
  return all;
}

constexpr std::array<PeriodType, kTypeCount> kAllTypes = MakeAllTypes();

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::span<const PeriodType> AllPeriodTypes() { return kAllTypes; }

std::string_view PeriodTypeName(PeriodType type) {
  size_t index = static_cast<size_t>(type);
  return index < kTypeCount ? kNames[index] : std::string_view("?");
}

Result<PeriodType> ParsePeriodType(std::string_view name) {
  for (size_t i = 0; i < kTypeCount; ++i) {
    if (EqualsIgnoringCase(name, kNames[i])) return static_cast<PeriodType>(i);
  }
  std::string message = "unknown period type '" + std::string(name) + "'; expected one of ";
  for (size_t i = 0; i < kTypeCount; ++i) {
    if (i > 0) message += ", ";
    message += kNames[i];
  }
  return Status::Invalid(std::move(message));
}

}  // namespace gemis
