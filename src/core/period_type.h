// Period types: the frequencies of DHIS2 (daily ... financial years) plus the
// gemis multi-year phase. Names are spelled exactly as DHIS2 spells them
// ("Weekly", "SixMonthlyApril", "FinancialNov"), so they can be exchanged
// with DHIS2 data set definitions unchanged. docs/formats/period-ids.md
// describes the id of every type and where each rule comes from.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"

namespace gemis {

// Ordered from the shortest to the longest period (DHIS2's frequency order,
// with the gemis-only phase last). Values are stable: they may be stored.
enum class PeriodType : uint8_t {
  kDaily = 0,
  kWeekly,           // ISO 8601 weeks, Monday to Sunday: 2024W1
  kWeeklyWednesday,  // 2024WedW1
  kWeeklyThursday,   // 2024ThuW1
  kWeeklyFriday,     // 2024FriW1
  kWeeklySaturday,   // 2024SatW1
  kWeeklySunday,     // 2024SunW1
  kBiWeekly,         // 2024BiW1: ISO weeks 1 and 2
  kMonthly,          // 202401
  kBiMonthly,        // 202401B: January-February
  kQuarterly,        // 2024Q1
  kQuarterlyNov,     // 2024NovQ1: November 2023 - January 2024
  kSixMonthly,       // 2024S1
  kSixMonthlyApril,  // 2024AprilS1: April - September 2024
  kSixMonthlyNov,    // 2024NovS1: November 2023 - April 2024
  kYearly,           // 2024
  kFinancialFeb,     // 2024Feb: February 2024 - January 2025
  kFinancialApril,   // 2024April
  kFinancialJuly,    // 2024July
  kFinancialAug,     // 2024Aug
  kFinancialSep,     // 2024Sep
  kFinancialOct,     // 2024Oct
  kFinancialNov,     // 2024Nov: November 2023 - October 2024
  kMultiYear,        // gemis phase 2021-2025 (whole calendar years)
};

// Every type, in the enum's order.
std::span<const PeriodType> AllPeriodTypes();

// The DHIS2 name ("Weekly", "SixMonthlyNov"); "MultiYear" for the phase.
std::string_view PeriodTypeName(PeriodType type);

// Parses a name as PeriodTypeName spells it; ASCII case is ignored (as in
// DHIS2's getByNameIgnoreCase). The error lists the accepted names.
Result<PeriodType> ParsePeriodType(std::string_view name);

}  // namespace gemis
