// gemis import targets|designations|datavalues|orgunits|cadres|attendance
// with a column mapping, run as the real binary on a copy of the demo: the
// appendix table exported as a workbook and imported back gives the same
// figures; registers and training attendance come in from sheets; errors
// name their cells and reject the input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exchange/xlsx_reader.h"
#include "exchange/xlsx_writer.h"
#include "support/csv_text.h"
#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunGemis;
using ::testing::HasSubstr;

// The allocation report of a table as label → (measure header / level
// header) → cell, for the numbered rows (the units).
std::map<std::string, std::map<std::string, std::string>> UnitRows(const std::string& csv) {
  test_support::CsvRows rows = test_support::ParseCsvText(csv);
  std::map<std::string, std::map<std::string, std::string>> out;
  if (rows.size() < 2) return out;
  for (size_t r = 2; r < rows.size(); ++r) {
    if (rows[r].empty() || rows[r][0].empty()) continue;  // totals rows have no STT
    for (size_t c = 2; c < rows[r].size() && c < rows[0].size(); ++c) {
      out[rows[r][1]][rows[0][c] + " / " + rows[1][c]] = rows[r][c];
    }
  }
  return out;
}

class SheetImportCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("demo.db");
    CommandResult demo = RunGemis({"demo", "--db", db_});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_->File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  static test_support::TempDir* dir_;
  static std::string db_;
};

test_support::TempDir* SheetImportCommand::dir_ = nullptr;
std::string SheetImportCommand::db_;

TEST_F(SheetImportCommand, TheAppendixExportedAsAWorkbookImportsBackToTheSameFigures) {
  const std::string workbook = dir_->File("phu-luc-i.xlsx");
  CommandResult exported = RunGemis({"report", "allocation", "--db", db_, "--plan", "CB-288-2024",
                                     "--table", "Phụ lục I", "--format", "xlsx", "-o", workbook});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  // The mapping: every column of the seed's table, in order from column C
  // (A is STT, B the unit's name); the district rows 9-17.
  std::ifstream seed(std::string(GEMIS_DATA_DIR) + "/demo/seed-001-cao-bang-288.json");
  nlohmann::json plans = nlohmann::json::parse(seed);
  nlohmann::json columns;
  for (const auto& plan : plans["plans"]) {
    if (plan["code"] != "CB-288-2024") continue;
    for (const auto& table : plan["tables"]) {
      if (table["name"] == "Phụ lục I") columns = table["columns"];
    }
  }
  ASSERT_TRUE(columns.is_array());
  nlohmann::json values = nlohmann::json::array();
  for (size_t i = 0; i < columns.size(); ++i) {
    nlohmann::json v = columns[i];
    v["column"] = exchange::XlsxColumnName(static_cast<int>(i) + 3);
    values.push_back(v);
  }
  nlohmann::json mapping = {{"format", "gemis-mapping/1"},
                            {"kind", "targets"},
                            {"headerRows", "5-6"},
                            {"firstRow", 9},
                            {"lastRow", 17},
                            {"plan", "CB-288-2024"},
                            {"table", "Phụ lục I (Excel)"},
                            {"fields", {{"stt", "STT"}, {"unitName", "Đơn vị"}}},
                            {"values", values}};
  std::string mapping_path = Write("phu-luc-i.json", mapping.dump(2));
  CommandResult imported =
      RunGemis({"import", "targets", workbook, "--db", db_, "--mapping", mapping_path});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  nlohmann::json summary = nlohmann::json::parse(imported.out);
  EXPECT_EQ(summary["status"], "SUCCESS");
  EXPECT_GT(summary["importCount"]["imported"].get<int>(), 100);

  CommandResult original = RunGemis({"report", "allocation", "--db", db_, "--plan", "CB-288-2024",
                                     "--table", "Phụ lục I", "--format", "csv"});
  CommandResult back = RunGemis({"report", "allocation", "--db", db_, "--plan", "CB-288-2024",
                                 "--table", "Phụ lục I (Excel)", "--format", "csv"});
  ASSERT_EQ(original.exit_code, 0) << original.err;
  ASSERT_EQ(back.exit_code, 0) << back.err;
  auto want = UnitRows(original.out);
  auto got = UnitRows(back.out);
  ASSERT_EQ(got.size(), 9u);  // the nine districts
  for (const auto& [unit, cells] : got) {
    ASSERT_TRUE(want.contains(unit)) << unit;
    for (const auto& [column, value] : cells) {
      EXPECT_EQ(value, want[unit][column]) << unit << " — " << column;
    }
    for (const auto& [column, value] : want[unit]) {
      if (!value.empty()) {
        EXPECT_TRUE(cells.contains(column)) << unit << " — " << column;
      }
    }
  }

  // The same workbook again replaces the table: nothing is doubled.
  CommandResult again =
      RunGemis({"import", "targets", workbook, "--db", db_, "--mapping", mapping_path});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  nlohmann::json second = nlohmann::json::parse(again.out);
  EXPECT_EQ(second["importCount"]["deleted"], summary["importCount"]["imported"]);
}

TEST_F(SheetImportCommand, ATargetErrorNamesItsCellAndRejectsTheSheet) {
  exchange::XlsxSheet sheet;
  sheet.name = "Chỉ tiêu";
  sheet.columns = {{}, {}};
  sheet.header = {{.row = 0, .col = 0, .text = "Huyện"}, {.row = 0, .col = 1, .text = "Số tổ"}};
  sheet.rows = {{exchange::XlsxRow::Kind::kItem,
                 {exchange::XlsxCell::Text("Quảng Hòa"), exchange::XlsxCell::Integer(3)}},
                {exchange::XlsxRow::Kind::kItem,
                 {exchange::XlsxCell::Text("Hà Nội"), exchange::XlsxCell::Integer(4)}}};
  exchange::XlsxWorkbook wb;
  wb.sheets = {sheet};
  const std::string path = dir_->File("chi-tieu.xlsx");
  ASSERT_TRUE(exchange::WriteXlsx(wb, path).ok());
  CommandResult r =
      RunGemis({"import", "targets", path, "--db", db_, "--plan", "CB-288-2024", "--map",
                "unitName=Huyện", "--value-column", "Số tổ=P8_TTCD_TO;level=district"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Chỉ tiêu!A3 [E_PLAN_REFERENCE]"));
  nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["status"], "ERROR");
  EXPECT_EQ(summary["conflicts"][0]["cell"], "Chỉ tiêu!A3");
}

TEST_F(SheetImportCommand, DesignationsFromACsvListWithOptionsOnly) {
  // Two communes of Cao Bằng in 2021 (codes of the 2024 list).
  const std::string list = Write("xa-kv3.csv",
                                 "STT;Mã xã;Tên xã\n"
                                 "1;01693;Xã Vĩnh Quang\n"
                                 "2;01705;Xã Hưng Đạo\n");
  CommandResult r = RunGemis({"import", "designations", list, "--db", db_, "--set",
                              "kind=region_iii_commune", "--map", "orgUnit=Mã xã", "--set",
                              "from=04/06/2021", "--set", "legalBasis=Quyết định 861/QĐ-TTg"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["importCount"]["imported"], 2);

  const std::string bad = Write("xa-sai.csv", "Mã xã\n99999\n");
  CommandResult rejected =
      RunGemis({"import", "designations", bad, "--db", db_, "--set", "kind=region_iii_commune",
                "--map", "orgUnit=Mã xã", "--set", "from=2021-06-04"});
  EXPECT_EQ(rejected.exit_code, 1);
  EXPECT_THAT(rejected.err, HasSubstr("A2 [E_DESIG_UNIT]"));
  EXPECT_THAT(rejected.err, HasSubstr("xa-sai.csv:2:1"));
}

TEST_F(SheetImportCommand, DataValuesFromAWorkbookInTheWideLayout) {
  exchange::XlsxSheet sheet;
  sheet.name = "Số liệu";
  sheet.columns = {{}, {}};
  sheet.header = {{.row = 0, .col = 0, .text = "Mã huyện"},
                  {.row = 0, .col = 1, .text = "Số tổ truyền thông"}};
  sheet.rows = {{exchange::XlsxRow::Kind::kItem,
                 {exchange::XlsxCell::Text("049"), exchange::XlsxCell::Integer(9)}}};
  exchange::XlsxWorkbook wb;
  wb.sheets = {sheet};
  const std::string path = dir_->File("so-lieu.xlsx");
  ASSERT_TRUE(exchange::WriteXlsx(wb, path).ok());
  CommandResult r = RunGemis({"import", "datavalues", path, "--db", db_, "--id-scheme", "code",
                              "--map", "orgUnit=Mã huyện", "--set", "period=2024", "--value-column",
                              "Số tổ truyền thông=P8_TTCD_TO_MOI", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["importCount"]["imported"], 1);
  EXPECT_EQ(summary["dryRun"], true);
}

TEST_F(SheetImportCommand, OrgUnitsFromACsvTableThroughAMapping) {
  const std::string villages = Write("thon.csv",
                                     "Mã thôn,Tên thôn,Mã xã,Ngày\n"
                                     "9990001,Thôn Thử Nghiệm,01693,01/01/2024\n");
  CommandResult r = RunGemis({"import", "orgunits", villages, "--db", db_, "--dry-run", "--map",
                              "code=Mã thôn", "--map", "name=Tên thôn", "--set", "level=village",
                              "--map", "parentCode=Mã xã", "--map", "validFrom=Ngày"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["importCount"]["imported"], 1);
}

TEST_F(SheetImportCommand, CadresFromAWorkbookThenTheirAttendanceFromACsvList) {
  exchange::XlsxSheet sheet;
  sheet.name = "Cán bộ nữ";
  sheet.columns = {{}, {}, {}, {}, {}, {}};
  int col = 0;
  for (const char* header : {"Mã", "Họ và tên", "Mã xã", "Chức vụ", "Dân tộc", "Ngày quyết định"}) {
    sheet.header.push_back({.row = 0, .col = col++, .text = header});
  }
  auto row = [](const char* code, const char* name) {
    using exchange::XlsxCell;
    return exchange::XlsxRow{exchange::XlsxRow::Kind::kItem,
                             {XlsxCell::Text(code), XlsxCell::Text(name), XlsxCell::Text("01807"),
                              XlsxCell::Text("Ủy viên BCH Hội LHPN xã"), XlsxCell::Text("Nùng"),
                              XlsxCell::Text("05/03/2024")}};
  };
  sheet.rows = {row("CB-CBN-9001", "Hoàng Thị Thử"), row("CB-CBN-9002", "Nông Thị Nghiệm")};
  exchange::XlsxWorkbook wb;
  wb.sheets = {sheet};
  const std::string path = dir_->File("can-bo.xlsx");
  ASSERT_TRUE(exchange::WriteXlsx(wb, path).ok());
  const std::vector<std::string> maps = {
      "--map", "code=Mã",          "--map", "name=Họ và tên",    "--map", "orgUnit=Mã xã",
      "--map", "position=Chức vụ", "--map", "ethnicity=Dân tộc", "--map", "since=Ngày quyết định",
      "--set", "group=pipeline",   "--set", "level=commune"};
  std::vector<std::string> args = {"import", "cadres", path, "--db", db_};
  args.insert(args.end(), maps.begin(), maps.end());
  CommandResult r = RunGemis(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["importCount"]["imported"], 2);
  CommandResult listed = RunGemis({"cadre", "show", "CB-CBN-9001", "--db", db_});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Hoàng Thị Thử"));
  EXPECT_THAT(listed.out, HasSubstr("ETHNIC_07"));  // "Nùng", read by its name

  // The demo's training CB-TH-0032 lists 49 of its 50 women; one more fits.
  const std::string attendance = Write("hoc-vien.csv", "Lớp,Học viên\nCB-TH-0032,CB-CBN-9001\n");
  CommandResult attended = RunGemis({"import", "attendance", attendance, "--db", db_, "--map",
                                     "activity=Lớp", "--map", "cadre=Học viên"});
  ASSERT_EQ(attended.exit_code, 0) << attended.out << attended.err;
  EXPECT_EQ(nlohmann::json::parse(attended.out)["importCount"]["updated"], 1);
  CommandResult trained = RunGemis({"cadre", "show", "CB-CBN-9001", "--db", db_});
  EXPECT_THAT(trained.out, HasSubstr("CB-TH-0032"));

  // A second one does not: the list would name more women than were counted.
  const std::string more = Write("hoc-vien-2.csv", "Lớp,Học viên\nCB-TH-0032,CB-CBN-9002\n");
  CommandResult refused = RunGemis({"import", "attendance", more, "--db", db_, "--map",
                                    "activity=Lớp", "--map", "cadre=Học viên"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("[E_RECORD_INVALID]"));
}

TEST_F(SheetImportCommand, ARegisterSheetWithBadCellsIsRejectedCellByCell) {
  const std::string sheet = Write("can-bo-sai.csv",
                                  "Mã,Họ và tên,Mã xã,Chức vụ,Dân tộc,Ngày\n"
                                  "CB-CBN-9101,Lý Thị A,01807,Ủy viên,Kinh,05/03/2024\n"
                                  "CB-CBN-9102,Lý Thị B,01807,Ủy viên,Dao,31/02/2024\n");
  CommandResult r =
      RunGemis({"import", "cadres", sheet, "--db", db_, "--map", "code=Mã", "--map",
                "name=Họ và tên", "--map", "orgUnit=Mã xã", "--map", "position=Chức vụ", "--map",
                "ethnicity=Dân tộc", "--map", "since=Ngày", "--set", "group=pipeline"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("E2 [E_RECORD_INVALID]"));  // Kinh
  EXPECT_THAT(r.err, HasSubstr("F3 [E_RECORD_INVALID]"));  // 31 February
  nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["status"], "ERROR");
  EXPECT_EQ(summary["conflicts"].size(), 2u);
  CommandResult none = RunGemis({"cadre", "show", "CB-CBN-9101", "--db", db_});
  EXPECT_NE(none.exit_code, 0);
}

TEST_F(SheetImportCommand, AMappingIsRequiredAndChecked) {
  const std::string list = Write("ds.csv", "Mã\n01693\n");
  CommandResult none = RunGemis({"import", "designations", list, "--db", db_});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("no column mapping"));
  CommandResult unknown =
      RunGemis({"import", "designations", list, "--db", db_, "--map", "colour=A"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown field 'colour'"));
  const std::string mapping = Write("m.json", "{\"format\": \"gemis-mapping/1\", \"x\": 1}");
  CommandResult bad = RunGemis({"import", "designations", list, "--db", db_, "--mapping", mapping});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("m.json:1"));
}

}  // namespace
}  // namespace gemis::cli
