#include "cli/output.h"

#include <algorithm>

#include "core/date.h"
#include "core/number_format.h"

namespace gemis::cli {

namespace {

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80 ? 1 : 0;  // count code points
  return width;
}

bool IsNumber(const std::string& text) {
  // Codes with leading zeros ("04", "00004") are identifiers, not numbers.
  if (text.size() > 1 && text[0] == '0' && text[1] != ',') return false;
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-';
  });
}

std::string Pad(const std::string& text, size_t width, bool right) {
  std::string pad(width - std::min(width, DisplayWidth(text)), ' ');
  return right ? pad + text : text + pad;
}

}  // namespace

void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> widths(headers.size());
  std::vector<bool> numeric(headers.size(), !rows.empty());
  for (size_t c = 0; c < headers.size(); ++c) widths[c] = DisplayWidth(headers[c]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < headers.size() && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
      numeric[c] = numeric[c] && (row[c].empty() || IsNumber(row[c]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < headers.size(); ++c) {
      line += Pad(c < row.size() ? row[c] : "", widths[c], numeric[c]);
      if (c + 1 < headers.size()) line += "  ";
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  };
  print_row(headers);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  print_row(rule);
  for (const auto& row : rows) print_row(row);
}

void PrintSummaryTable(const nlohmann::json& summary, Lang lang, std::ostream& out) {
  out << Message(MessageId::kSummaryTitle, lang) << " — " << summary["database"].get<std::string>()
      << "\n\n";
  std::vector<std::string> headers = {""};
  const MessageId levels[] = {MessageId::kLevelCentre, MessageId::kLevelProvince,
                              MessageId::kLevelDistrict, MessageId::kLevelCommune,
                              MessageId::kLevelVillage};
  const char* keys[] = {"centre", "province", "district", "commune", "village"};
  for (const auto& at : summary["asOf"]) {
    Date d = *Date::Parse(at["date"].get<std::string>());
    headers.push_back(std::string(Message(MessageId::kSummaryAsOf, lang)) + " " +
                      d.ToVietnameseString());
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < 5; ++i) {
    std::vector<std::string> row = {std::string(Message(levels[i], lang))};
    for (const auto& at : summary["asOf"]) row.push_back(FormatIntegerVi(at[keys[i]].get<int64_t>()));
    rows.push_back(row);
  }
  PrintTable(headers, rows, out);
  int64_t total = 0;
  std::string detail;
  for (const auto& [kind, n] : summary["events"].items()) {
    total += n.get<int64_t>();
    detail += (detail.empty() ? "" : ", ") + kind + " " + FormatIntegerVi(n.get<int64_t>());
  }
  out << "\n" << Message(MessageId::kEventsRecorded, lang) << ": " << FormatIntegerVi(total)
      << (detail.empty() ? "" : " (" + detail + ")") << "\n";
}

}  // namespace gemis::cli
