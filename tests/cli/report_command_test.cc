// End-to-end tests of `gemis report allocation`: golden tests of Cao Bằng's two
// appendix tables (tests/cli/golden/README.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using ::testing::HasSubstr;

CommandResult Gemis(std::vector<std::string> args) {
  return test_support::RunGemis(std::move(args));
}

std::string Slurp(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

// Splits simple CSV (the golden files quote only fields with commas).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        row.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

std::string Golden(const std::string& name) {
  return Slurp(std::string(GEMIS_SOURCE_DIR) + "/tests/cli/golden/" + name);
}

// The report's CSV without its first line (the measure names).
std::string WithoutFirstLine(const std::string& csv) { return csv.substr(csv.find('\n') + 1); }

// The demo database shared by this process's tests (read-only).
class ReportCommand : public test_support::DemoDatabaseTest {};

TEST_F(ReportCommand, ReportReproducesCaoBang2024TableCellForCell) {
  CommandResult r =
      Gemis({"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(WithoutFirstLine(r.out), Golden("cb-288-2024-phu-luc-1.csv"));
}

TEST_F(ReportCommand, ReportReproducesThePhaseOneTableCellForCell) {
  CommandResult r =
      Gemis({"report", "allocation", "--db", db_, "--plan", "CB-75-2022", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(WithoutFirstLine(r.out), Golden("cb-75-2022-phu-luc-1-bo-sung.csv"));
}

// The golden tables checked by hand, without gemis: every data column of the
// unit rows adds up to the level row (2024) or the totals row (phase I), and
// the level columns of each measure add up to its total.
TEST(GoldenTables, EveryStatedTotalHolds) {
  auto sum_rows = [](const std::vector<std::vector<std::string>>& rows, size_t from, size_t col) {
    long sum = 0;
    for (size_t r = from; r < rows.size(); ++r) {
      if (col < rows[r].size() && !rows[r][col].empty()) sum += std::stol(rows[r][col]);
    }
    return sum;
  };
  auto t2024 = ParseCsv(Golden("cb-288-2024-phu-luc-1.csv"));
  ASSERT_EQ(t2024.size(), 13u);  // level labels, totals, per level, 9 districts, labour dept
  for (size_t col : {2u, 3u}) {  // region-III communes and villages: the totals row
    EXPECT_EQ(sum_rows(t2024, 3, col), std::stol(t2024[1][col])) << "2024 column " << col;
  }
  for (size_t col = 4; col < t2024[2].size(); ++col) {
    EXPECT_EQ(sum_rows(t2024, 3, col), std::stol(t2024[2][col])) << "2024 column " << col;
  }
  // Totals = province + district for the split measures (first column of each pair).
  for (size_t col : {4u, 6u, 8u, 10u, 12u, 14u, 19u, 21u}) {
    EXPECT_EQ(std::stol(t2024[1][col]), std::stol(t2024[2][col]) + std::stol(t2024[2][col + 1]))
        << "2024 measure at column " << col;
  }
  auto phase1 = ParseCsv(Golden("cb-75-2022-phu-luc-1-bo-sung.csv"));
  ASSERT_EQ(phase1.size(), 12u);  // level labels, totals, windows, 9 districts
  for (size_t col : {2u, 3u, 18u}) {
    EXPECT_EQ(sum_rows(phase1, 3, col), std::stol(phase1[1][col])) << "phase I column " << col;
  }
  for (size_t col : {4u, 6u, 8u, 10u, 12u, 14u, 16u, 19u, 21u, 23u}) {
    EXPECT_EQ(sum_rows(phase1, 3, col) + sum_rows(phase1, 3, col + 1), std::stol(phase1[1][col]))
        << "phase I measure at column " << col;
  }
}

TEST_F(ReportCommand, ReportFormats) {
  CommandResult table = Gemis({"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Quảng Hòa"));
  EXPECT_THAT(table.out, HasSubstr("Cấp tỉnh"));
  CommandResult json =
      Gemis({"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["plan"], "288/KH-BCĐ");
  EXPECT_EQ(j["rows"][0]["kind"], "total");
  EXPECT_EQ(j["columns"].size(), 21u);
  CommandResult text = Gemis(
      {"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ", "--text", "--format", "json"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(nlohmann::json::parse(text.out)["table"], "");
  CommandResult missing =
      Gemis({"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ", "--table", "Phụ lục IX"});
  EXPECT_EQ(missing.exit_code, 1);
}

// The appendix as the landscape "PHỤ LỤC" document, read back with
// poppler-utils.
TEST_F(ReportCommand, AppendixAsLandscapePdf) {
  test_support::TempDir dir;
  const std::string pdf = dir.File("phu-luc.pdf");
  CommandResult r = Gemis(
      {"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "pdf", "-o", pdf});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  CommandResult text =
      test_support::RunCommand({"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"});
  ASSERT_EQ(text.exit_code, 0) << "pdftotext (poppler-utils): " << text.err;
  for (const char* expected : {"PHỤ LỤC", "Kèm theo Kế hoạch số 288/KH-BCĐ", "Quảng Hòa"}) {
    EXPECT_THAT(text.out, HasSubstr(expected)) << text.out.substr(0, 3000);
  }
  CommandResult info = test_support::RunCommand({"/usr/bin/pdfinfo", pdf});
  EXPECT_THAT(info.out, HasSubstr("841.89 x 595.276 pts (A4)")) << info.out;  // landscape
  CommandResult to_stdout =
      Gemis({"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "pdf"});
  EXPECT_NE(to_stdout.exit_code, 0);
}

}  // namespace
}  // namespace gemis::cli
