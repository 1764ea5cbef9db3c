// `--format xlsx -o FILE` of `gemis report allocation`, `gemis query` and
// `gemis progress`, run as the real binary on a copy of the demo with Cao
// Bằng's illustrative 2024 actuals (tests/cli/golden/README.md). Each
// workbook is opened (libzip + pugixml) and compared cell by cell with the
// CSV the same command prints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/csv_text.h"
#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"
#include "support/xlsx_package.h"

namespace gemis::cli {
namespace {

using test_support::CellRef;
using test_support::CommandResult;
using test_support::RunGemis;
using test_support::XlsxPackage;
using test_support::XlsxSheetData;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using Csv = std::vector<std::vector<std::string>>;

// The CSV cell `want` and the workbook cell at (row, col) hold the same
// value: "" a blank, a number a number cell (within `tolerance`) unless
// `text`, any other text a string cell.
void ExpectSameCell(const std::string& want, const XlsxSheetData& sheet, int row, int col,
                    double tolerance = 0, bool text = false) {
  SCOPED_TRACE("cell " + CellRef(row, col) + " against CSV '" + want + "'");
  const test_support::XlsxCellData* cell = sheet.At(row, col);
  ASSERT_NE(cell, nullptr);
  if (want.empty()) {
    EXPECT_EQ(cell->type, "blank");
    return;
  }
  char* end = nullptr;
  const double number = std::strtod(want.c_str(), &end);
  const bool is_number =
      !text && *end == '\0' && !(want.size() > 1 && want[0] == '0' && want[1] != '.');
  if (is_number) {
    ASSERT_EQ(cell->type, "n");
    EXPECT_NEAR(cell->number, number, tolerance);
  } else {
    EXPECT_EQ(cell->type, "s");
    EXPECT_EQ(cell->text, want);
  }
}

class XlsxExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("demo.db");
    CommandResult demo = RunGemis({"demo", "--db", db_, "--no-records"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    CommandResult dv = RunGemis(
        {"import", "datavalues",
         std::string(GEMIS_SOURCE_DIR) + "/tests/cli/golden/cb-288-2024-actuals.csv", "--db", db_});
    ASSERT_EQ(dv.exit_code, 0) << dv.out << dv.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  // Runs `args` with --format csv, then with --format xlsx -o FILE; returns
  // the CSV and the workbook.
  static std::pair<Csv, XlsxPackage> Both(std::vector<std::string> args, const std::string& file) {
    std::vector<std::string> csv_args = args;
    csv_args.insert(csv_args.end(), {"--format", "csv"});
    CommandResult csv = RunGemis(csv_args);
    EXPECT_EQ(csv.exit_code, 0) << csv.err;
    const std::string path = dir_->File(file);
    args.insert(args.end(), {"--format", "xlsx", "-o", path});
    CommandResult xlsx = RunGemis(args);
    EXPECT_EQ(xlsx.exit_code, 0) << xlsx.err;
    EXPECT_EQ(xlsx.out, "");  // nothing binary on stdout
    EXPECT_THAT(xlsx.err, HasSubstr(path));
    std::optional<XlsxPackage> package = XlsxPackage::FromFile(path);
    EXPECT_TRUE(package.has_value()) << path;
    return {test_support::ParseCsvText(csv.out), package ? std::move(*package) : XlsxPackage()};
  }

  static test_support::TempDir* dir_;
  static std::string db_;
};

test_support::TempDir* XlsxExport::dir_ = nullptr;
std::string XlsxExport::db_;

// Rows of the appendix sheet: the table's name, the report title, the plan's
// title, the units line, two header rows, then the body.
constexpr int kAllocationHeader = 4;
constexpr int kAllocationBody = 6;

void ExpectAllocationEqualsCsv(const Csv& csv, const XlsxPackage& x,
                               const std::string& sheet_name) {
  ASSERT_THAT(x.SheetNames(), ElementsAre(sheet_name));
  XlsxSheetData s = x.Sheet(sheet_name);
  EXPECT_EQ(s.Text(0, 0), sheet_name);
  EXPECT_THAT(s.Text(1, 0), StartsWith("BẢNG PHÂN BỔ CHỈ TIÊU — "));
  EXPECT_THAT(s.Text(3, 0), StartsWith("Đơn vị tính: "));
  ASSERT_GE(csv.size(), 3u);
  const int width = static_cast<int>(csv[0].size());
  EXPECT_EQ(s.max_col, width - 1);
  // Header: the CSV's first row is the top header row with every merge filled
  // in; where the CSV has a level, it is the second row, else the cell spans
  // both rows.
  std::map<std::pair<int, int>, std::string> filled;
  for (const std::string& ref : s.merges) {
    auto [r0, c0] = test_support::ParseCellRef(ref.substr(0, ref.find(':')));
    auto [r1, c1] = test_support::ParseCellRef(ref.substr(ref.find(':') + 1));
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) filled[{r, c}] = s.Text(r0, c0);
    }
  }
  for (int c = 0; c < width; ++c) {
    SCOPED_TRACE("header column " + std::to_string(c));
    const std::string top = filled.count({kAllocationHeader, c}) > 0
                                ? filled[{kAllocationHeader, c}]
                                : s.Text(kAllocationHeader, c);
    EXPECT_EQ(top, csv[0][c]);
    if (csv[1][c].empty()) {
      EXPECT_THAT(s.merges, Contains(CellRef(kAllocationHeader, c) + ":" +
                                     CellRef(kAllocationHeader + 1, c)));
    } else {
      EXPECT_EQ(s.Text(kAllocationHeader + 1, c), csv[1][c]);
    }
  }
  // Body: cell for cell, STT and figures as numbers, names and windows as text.
  ASSERT_EQ(s.max_row, kAllocationBody + static_cast<int>(csv.size()) - 3);
  for (size_t i = 2; i < csv.size(); ++i) {
    const bool windows = csv[i][1] == "Thời gian hoàn thành";  // date sets, as text
    for (int c = 0; c < width; ++c) {
      ExpectSameCell(csv[i][c], s, kAllocationBody + static_cast<int>(i) - 2, c, 0,
                     windows && c > 1);
    }
  }
  const test_support::XlsxCellData* first_figure = s.At(kAllocationBody, 2);
  ASSERT_NE(first_figure, nullptr);
  EXPECT_EQ(x.NumberFormat(first_figure->style), "#,##0");
  EXPECT_TRUE(x.Bold(first_figure->style));  // the totals row
  ASSERT_TRUE(s.pane.has_value());
  EXPECT_EQ(s.pane->state, "frozen");
  EXPECT_EQ(s.pane->y_split, kAllocationBody);
  EXPECT_EQ(s.pane->x_split, 2);  // STT and the unit
}

TEST_F(XlsxExport, AllocationOfCaoBang2024EqualsItsCsv) {
  auto [csv, x] = Both({"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ"}, "pl1.xlsx");
  ExpectAllocationEqualsCsv(csv, x, "Phụ lục I");
  XlsxSheetData s = x.Sheet("Phụ lục I");
  // A measure split by level is merged over its two columns.
  EXPECT_THAT(s.merges, Contains("E5:F5"));
  EXPECT_EQ(s.Text(kAllocationHeader + 1, 4), "Cấp tỉnh");
  EXPECT_EQ(s.Text(kAllocationHeader + 1, 5), "Cấp huyện");
  EXPECT_EQ(s.Text(kAllocationBody + 2, 1), "Quảng Hòa");
  EXPECT_EQ(s.At(kAllocationBody + 2, 0)->number, 1);  // STT
}

TEST_F(XlsxExport, AllocationOfThePhaseOneTableWithItsWindowsEqualsItsCsv) {
  auto [csv, x] = Both({"report", "allocation", "--db", db_, "--plan", "CB-75-2022"}, "pl1bs.xlsx");
  ASSERT_FALSE(x.SheetNames().empty());
  ExpectAllocationEqualsCsv(csv, x, x.SheetNames()[0]);
  EXPECT_THAT(x.SheetNames()[0], StartsWith("Phụ lục I"));
}

TEST_F(XlsxExport, QueryEqualsItsCsvWithNamesBesideTheIds) {
  auto [csv, x] = Both(
      {"query", "--db", db_, "--dx", "P8_TTCD_TO,P8_DTCS,P8_DCTC,P8_DCTC_THIETBI,P8_TH_LGG_CT3",
       "--ou", "04;LEVEL-2;LEVEL-3", "--pe", "2024,2024Q1,2024Q2,2024Q3,2024Q4", "--keep",
       "IMPLEMENTING_LEVEL", "--as-of", "2024-12-31"},
      "query.xlsx");
  ASSERT_THAT(x.SheetNames(), ElementsAre("Kết quả truy vấn"));
  XlsxSheetData s = x.Sheet("Kết quả truy vấn");
  EXPECT_EQ(s.Text(0, 0), "Kết quả truy vấn — tại ngày 31/12/2024");
  // Data, unit and level show name and id; periods are their own names.
  EXPECT_EQ(s.Text(1, 0), "Dữ liệu");
  EXPECT_EQ(s.Text(1, 4), "Kỳ");
  EXPECT_EQ(s.Text(1, 7), "Giá trị");
  EXPECT_EQ(s.Text(2, 0), "Tên");
  EXPECT_EQ(s.Text(2, 1), "Mã");
  EXPECT_THAT(s.merges, Contains("A2:B2"));
  EXPECT_THAT(s.merges, Contains("E2:E3"));
  ASSERT_THAT(csv[0], ElementsAre("dx", "ou", "pe", "IMPLEMENTING_LEVEL", "value"));
  ASSERT_EQ(csv.size(), 109u);  // header and 108 rows (tests/cli/golden/README.md)
  ASSERT_EQ(s.max_row, 3 + 108 - 1);
  const int column_of[] = {1, 3, 4, 6, 7};  // the CSV's columns in the sheet
  for (size_t i = 1; i < csv.size(); ++i) {
    for (size_t c = 0; c < csv[i].size(); ++c) {
      const double tolerance = std::fabs(std::strtod(csv[i][c].c_str(), nullptr)) * 1e-9;
      const bool id = c + 1 < csv[i].size();  // uids and period ids are text
      ExpectSameCell(csv[i][c], s, 2 + static_cast<int>(i), column_of[c], tolerance, id);
    }
  }
  EXPECT_EQ(s.Text(3, 0), "Tổ truyền thông cộng đồng được thành lập và duy trì");
  EXPECT_EQ(s.Text(3, 2), "Tỉnh Cao Bằng");
  EXPECT_EQ(s.Text(3, 5), "Tỉnh thực hiện");
  EXPECT_EQ(x.NumberFormat(s.At(3, 7)->style), "#,##0");
  ASSERT_TRUE(s.pane.has_value());
  EXPECT_EQ(s.pane->y_split, 3);
  EXPECT_EQ(s.pane->x_split, 7);
}

TEST_F(XlsxExport, ProgressEqualsItsCsvLaidOutLikeTheTable) {
  auto [csv, x] = Both({"progress", "--db", db_, "--plan", "288/KH-BCĐ", "--at", "2024-07-01"},
                       "progress.xlsx");
  ASSERT_THAT(x.SheetNames(), ElementsAre("Tiến độ thực hiện chỉ tiêu"));
  XlsxSheetData s = x.Sheet("Tiến độ thực hiện chỉ tiêu");
  EXPECT_EQ(s.Text(0, 0), "Tiến độ thực hiện chỉ tiêu — 288/KH-BCĐ — tại ngày 01/07/2024");
  constexpr int kHeader = 2;
  EXPECT_EQ(s.Text(kHeader, 0), "STT");
  EXPECT_EQ(s.Text(kHeader, 2), "Mã đơn vị");
  EXPECT_EQ(s.Text(kHeader, 9), "% đạt");
  ASSERT_THAT(csv[0], ElementsAre("row", "parent", "depth", "measure", "orgUnit", "agency", "level",
                                  "window", "target", "direction", "actual", "percent", "elapsed",
                                  "status", "note", "targetIds"));
  ASSERT_EQ(csv.size(), 216u);  // header and 215 rows
  ASSERT_EQ(s.max_row, kHeader + 215);
  const std::map<std::string, std::string> statuses = {{"not_started", "Chưa bắt đầu"},
                                                       {"behind", "Chậm tiến độ"},
                                                       {"on_track", "Đúng tiến độ"},
                                                       {"achieved", "Đã đạt"},
                                                       {"suspended", "Tạm dừng"},
                                                       {"not_measurable", "Không đo được"},
                                                       {"conflict", "Số liệu chỉ tiêu mâu thuẫn"}};
  for (size_t i = 1; i < csv.size(); ++i) {
    const std::vector<std::string>& c = csv[i];
    const int row = kHeader + static_cast<int>(i);
    SCOPED_TRACE("progress row " + c[0]);
    ExpectSameCell(std::to_string(std::stoi(c[0]) + 1), s, row, 0);  // STT
    ExpectSameCell(c[3], s, row, 1, 0, true);                        // measure
    EXPECT_EQ(s.Text(row, 2), c[4]);                                 // unit code, as text
    EXPECT_EQ(x.Indent(s.At(row, 3)->style), std::stoi(c[2]));       // depth
    if (!c[5].empty()) {
      EXPECT_THAT(s.Text(row, 3), HasSubstr(" / " + c[5]));
    }
    ExpectSameCell(c[7], s, row, 5, 0, true);  // window
    ExpectSameCell(c[8], s, row, 7);           // target
    ExpectSameCell(c[10], s, row, 8, 1e-6);
    // Percentages are fractions; the CSV rounds them to two decimals.
    if (c[11].empty()) {
      EXPECT_EQ(s.At(row, 9)->type, "blank");
    } else {
      ASSERT_TRUE(s.IsNumber(row, 9));
      EXPECT_NEAR(s.At(row, 9)->number * 100, std::stod(c[11]), 0.005 + 1e-9);
      EXPECT_EQ(x.NumberFormat(s.At(row, 9)->style), "0.0%");
    }
    ASSERT_TRUE(s.IsNumber(row, 10));
    EXPECT_NEAR(s.At(row, 10)->number * 100, std::stod(c[12]), 0.005 + 1e-9);
    EXPECT_EQ(s.Text(row, 11), statuses.at(c[13]));
    ExpectSameCell(c[14], s, row, 12, 0, true);  // note
  }
  // Codes keep their leading zeros: Quảng Hòa is "049".
  EXPECT_EQ(s.Text(kHeader + 3, 2), "049");
  ASSERT_TRUE(s.pane.has_value());
  EXPECT_EQ(s.pane->y_split, kHeader + 1);
  EXPECT_EQ(s.pane->x_split, 4);  // STT, measure, unit code, unit
}

TEST_F(XlsxExport, XlsxWithoutAnOutputFileIsAUsageError) {
  const std::vector<std::vector<std::string>> commands = {
      {"report", "allocation", "--db", db_, "--plan", "288/KH-BCĐ"},
      {"query", "--db", db_, "--dx", "P8_DTCS", "--ou", "04", "--pe", "2024"},
      {"progress", "--db", db_, "--plan", "288/KH-BCĐ", "--at", "2024-07-01"}};
  for (const std::vector<std::string>& command : commands) {
    SCOPED_TRACE(command[0]);
    auto run = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = command;
      args.insert(args.end(), extra.begin(), extra.end());
      return RunGemis(args);
    };
    CommandResult none = run({"--format", "xlsx"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_EQ(none.out, "");
    EXPECT_THAT(none.err, HasSubstr("--output"));
    EXPECT_EQ(run({"--format", "xlsx", "-o", "-"}).exit_code, 2);                 // stdout
    EXPECT_EQ(run({"--format", "xlsx", "--output", dir_->path()}).exit_code, 2);  // a directory
    EXPECT_EQ(run({"--format", "csv", "-o", dir_->File("x.csv")}).exit_code, 2);
    EXPECT_FALSE(std::filesystem::exists(dir_->File("x.csv")));
    CommandResult unwritable = run({"--format", "xlsx", "-o", "/nonexistent-gemis-dir/x.xlsx"});
    EXPECT_EQ(unwritable.exit_code, 3);  // an I/O error
    EXPECT_THAT(unwritable.err, HasSubstr("/nonexistent-gemis-dir/x.xlsx"));
  }
}

TEST_F(XlsxExport, EnglishHeadersWithLangEn) {
  const std::string path = dir_->File("en.xlsx");
  CommandResult r = RunGemis({"--lang", "en", "progress", "--db", db_, "--plan", "288/KH-BCĐ",
                              "--at", "2024-07-01", "--format", "xlsx", "-o", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::optional<XlsxPackage> x = XlsxPackage::FromFile(path);
  ASSERT_TRUE(x.has_value());
  ASSERT_THAT(x->SheetNames(), ElementsAre("Progress against targets"));
  XlsxSheetData s = x->Sheet("Progress against targets");
  EXPECT_EQ(s.Text(2, 0), "No.");
  EXPECT_EQ(s.Text(2, 9), "% achieved");
  EXPECT_EQ(s.Text(3, 11), "On track");
}

}  // namespace
}  // namespace gemis::cli
