// `gemis import plans`, run as the real binary against a database made by
// `gemis init` (Vietnam's real units: Cao Bằng "04", Quảng Hòa "049").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/sqlite_store.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using nlohmann::json;
using test_support::CommandResult;
using ::testing::HasSubstr;

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", "en"});
  return test_support::RunCommand(args);
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

constexpr const char* kMetadata = R"({
  "dataElements": [{"code": "P8_TTCD_TO", "name": "Số tổ truyền thông cộng đồng",
                    "valueType": "INTEGER", "aggregationType": "SUM"}],
  "indicators": [{"code": "P8_TKV_FORMAL_PCT", "name": "Tỷ lệ tiếp cận tín dụng chính thức",
                  "numerator": "#{P8_TKV_MEM_FORMAL}", "denominator": "#{P8_TKV_MEMBERS}",
                  "unit": "%", "maxValue": "100"}]})";

constexpr const char* kUnits =
    "ref,seed,spelling,level,code,as_of,note\n"
    "Quảng Hòa,001,Quảng Hòa,district,049,2024-03-20,\n";

constexpr const char* kPlan = R"({
  "format": "gemis-plans/1",
  "source": "seeds/001_70fee0a5d4efb6fc.txt",
  "agencies": [{"code": "CB-HLHPN", "kind": "womens_union", "orgUnit": "04",
                "asOf": "2024-03-20",
                "names": [{"name": "Hội Liên hiệp Phụ nữ tỉnh Cao Bằng"}]}],
  "plans": [{
    "code": "CB-288-2024", "number": "288/KH-BCĐ", "date": "2024-03-20", "period": "2024",
    "issuer": {"orgUnit": "04", "agency": "CB-HLHPN"},
    "targets": [{"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "57"},
                {"measure": "P8_TKV_FORMAL_PCT", "orgUnit": "04", "value": "15"}],
    "tables": [{"name": "Phụ lục I", "columns": [{"measure": "P8_TTCD_TO", "level": "district"}],
                "rows": [{"label": "Quảng Hòa", "unit": "Quảng Hòa", "line": 214,
                          "cells": ["11"]}]}]}]})";

// One database for the suite; every test imports into a copy.
class PlanImportCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new test_support::TempDir();
    std::string db = suite_dir_->File("vn.db");
    CommandResult init = Gemis({"init", "--db", db});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    Write(suite_dir_->File("metadata.json"), kMetadata);
    CommandResult metadata =
        Gemis({"import", "metadata", suite_dir_->File("metadata.json"), "--db", db});
    ASSERT_EQ(metadata.exit_code, 0) << metadata.out << metadata.err;
  }
  static void TearDownTestSuite() { delete suite_dir_; }

  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(suite_dir_->File("vn.db"))) << "setting up failed";
    db_ = dir_.File("t.db");
    std::filesystem::copy_file(suite_dir_->File("vn.db"), db_);
    Write(dir_.File("units.csv"), kUnits);
  }

  CommandResult ImportPlans(const std::string& text, std::vector<std::string> extra = {}) {
    Write(dir_.File("plans.json"), text);
    std::vector<std::string> args = {"import", "plans",   dir_.File("plans.json"), "--db",
                                     db_,      "--units", dir_.File("units.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return Gemis(args);
  }

  PlanBook Book() {
    PlanBook book;
    auto store = store::OpenSqliteStore(db_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return book;
    Status status = (*store)->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(book, txn.LoadPlanBook());
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return book;
  }

  static test_support::TempDir* suite_dir_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* PlanImportCommand::suite_dir_ = nullptr;

TEST_F(PlanImportCommand, ImportsAPlanAndPrintsItsSummary) {
  CommandResult run = ImportPlans(kPlan);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  json summary = json::parse(run.out, nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << run.out;
  EXPECT_EQ(summary["status"], "SUCCESS");
  EXPECT_EQ(summary["dryRun"], false);
  EXPECT_EQ(summary["counts"]["agencies"], 1);
  EXPECT_EQ(summary["counts"]["plans"], 1);
  EXPECT_EQ(summary["counts"]["targets"], 3);
  EXPECT_TRUE(summary["conflicts"].empty());
  PlanBook book = Book();
  const Plan* plan = book.FindPlan("CB-288-2024");
  ASSERT_NE(plan, nullptr);
  std::vector<const Target*> targets = book.TargetsOf(plan->id);
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[1]->measure.kind, MeasureKind::kIndicator);
  EXPECT_EQ(targets[2]->table, "Phụ lục I");
  EXPECT_EQ(targets[2]->source.section, "Phụ lục I, dòng Quảng Hòa, cột 1, dòng tệp 214");

  // Importing it again replaces the plan.
  CommandResult again = ImportPlans(kPlan);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  json second = json::parse(again.out, nullptr, false);
  EXPECT_EQ(second["importCount"]["updated"], 2);  // the agency and the plan
  EXPECT_EQ(second["importCount"]["deleted"], 3);  // its old targets
  EXPECT_EQ(Book().TargetsOf(plan->id).size(), 3u);
}

// Programme structure is data: a programme that did not exist when gemis was
// written (the phase after 2025), its project and content areas, and a plan
// implementing it, with an assignment and a target, need no code change.
TEST_F(PlanImportCommand, ANewProgrammeNeedsNoCodeChanges) {
  CommandResult run = ImportPlans(R"json({
    "agencies": [{"code": "CB-HLHPN", "kind": "womens_union", "orgUnit": "04",
                  "asOf": "2026-01-15", "names": [{"name": "Hội LHPN tỉnh Cao Bằng"}]}],
    "programme": [
      {"code": "CT2635", "kind": "programme", "name": "Chương trình giai đoạn 2026 - 2035 (thử)",
       "period": "2026-2035"},
      {"code": "CT2635.DA1", "parent": "CT2635", "kind": "project", "number": "1",
       "name": "Dự án bình đẳng giới (thử)"},
      {"code": "CT2635.DA1.ND1", "parent": "CT2635.DA1", "kind": "content_area", "number": "1",
       "name": "Truyền thông"},
      {"code": "CT2635.DA1.ND1.1", "parent": "CT2635.DA1.ND1", "kind": "activity",
       "number": "1.1", "name": "Tổ truyền thông cộng đồng"},
      {"code": "CT2635.DA1.ND1.1.a", "parent": "CT2635.DA1.ND1.1", "kind": "activity",
       "number": "1.1.a", "name": "Trang thiết bị cho tổ"}],
    "plans": [{"code": "CB-2026", "period": "2026", "date": "2026-01-15",
               "issuer": {"orgUnit": "04", "agency": "CB-HLHPN"}, "programme": "CT2635.DA1",
               "assignments": [{"node": "CT2635.DA1.ND1", "agency": "CB-HLHPN", "role": "lead",
                                "schedule": "Định kỳ hằng năm"}],
               "targets": [{"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "20",
                            "activity": "CT2635.DA1.ND1.1"}]}]})json");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  PlanBook book = Book();
  const ProgramNode* leaf = book.FindProgramNode("CT2635.DA1.ND1.1.a");
  ASSERT_NE(leaf, nullptr);
  EXPECT_EQ(leaf->parent_code, "CT2635.DA1.ND1.1");
  const Plan* plan = book.FindPlan("CB-2026");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->program_node_code, "CT2635.DA1");
  ASSERT_EQ(book.TargetsOf(plan->id).size(), 1u);
  EXPECT_EQ(book.TargetsOf(plan->id)[0]->program_node_code, "CT2635.DA1.ND1.1");
  // On the 2026 hierarchy Cao Bằng has no districts; the plan validates clean.
  CommandResult validate = Gemis({"validate", "--db", db_, "--plan", "CB-2026"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
}

TEST_F(PlanImportCommand, DryRunWritesNothing) {
  CommandResult run = ImportPlans(kPlan, {"--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  json summary = json::parse(run.out, nullptr, false);
  EXPECT_EQ(summary["status"], "SUCCESS");
  EXPECT_EQ(summary["dryRun"], true);
  EXPECT_EQ(summary["counts"]["targets"], 3);
  PlanBook book = Book();
  EXPECT_TRUE(book.plans().empty());
  EXPECT_TRUE(book.data().agencies.empty());
}

TEST_F(PlanImportCommand, ABadFileExitsOneAndNamesThePointer) {
  std::string text = kPlan;
  text.replace(text.find("\"value\": \"57\""), 13, "\"value\": \"-3\"");
  CommandResult run = ImportPlans(text);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  json summary = json::parse(run.out, nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << run.out;
  EXPECT_EQ(summary["status"], "ERROR");
  ASSERT_EQ(summary["conflicts"].size(), 1u);
  const json& conflict = summary["conflicts"][0];
  EXPECT_EQ(conflict["property"], "/plans/0/targets/0/value");
  EXPECT_EQ(conflict["errorCode"], "E_PLAN_VALUE");
  EXPECT_EQ(conflict["line"], 10);
  EXPECT_THAT(conflict["message"].get<std::string>(), HasSubstr("plans.json:10:"));
  EXPECT_THAT(conflict["message"].get<std::string>(), HasSubstr("negative value '-3'"));
  EXPECT_THAT(run.err, HasSubstr("import rejected"));
  EXPECT_TRUE(Book().plans().empty());
  EXPECT_TRUE(Book().data().agencies.empty());
}

TEST_F(PlanImportCommand, AnOutsideAllocationExitsOne) {
  std::string text = kPlan;
  // Hà Nội "01" is not inside Cao Bằng.
  text.replace(text.find("\"orgUnit\": \"04\", \"value\": \"57\""), 30,
               "\"orgUnit\": \"01\", \"value\": \"57\"");
  CommandResult run = ImportPlans(text);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  json summary = json::parse(run.out, nullptr, false);
  ASSERT_EQ(summary["conflicts"].size(), 1u) << run.out;
  EXPECT_EQ(summary["conflicts"][0]["property"], "/plans/0/targets/0/orgUnit");
  EXPECT_THAT(summary["conflicts"][0]["message"].get<std::string>(),
              HasSubstr("outside the plan's issuing unit"));
}

TEST_F(PlanImportCommand, ASyntaxErrorIsReportedWithItsLineAndColumn) {
  CommandResult run = ImportPlans("{\n  \"plans\": [\n    {\"code\": }\n  ]\n}\n");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  json summary = json::parse(run.out, nullptr, false);
  ASSERT_EQ(summary["conflicts"].size(), 1u) << run.out;
  EXPECT_EQ(summary["conflicts"][0]["errorCode"], "E_PLAN_FORMAT");
  EXPECT_EQ(summary["conflicts"][0]["line"], 3);
  EXPECT_THAT(summary["conflicts"][0]["message"].get<std::string>(), HasSubstr("plans.json:3:14"));
}

TEST_F(PlanImportCommand, AUnitReferenceWithoutUnitTableIsRejected) {
  Write(dir_.File("plans.json"), kPlan);
  CommandResult run = Gemis({"import", "plans", dir_.File("plans.json"), "--db", db_});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  json summary = json::parse(run.out, nullptr, false);
  ASSERT_EQ(summary["conflicts"].size(), 1u) << run.out;
  EXPECT_EQ(summary["conflicts"][0]["property"], "/plans/0/tables/0/rows/0/unit");
}

TEST_F(PlanImportCommand, MissingFilesExitOne) {
  CommandResult run = Gemis({"import", "plans", dir_.File("nope.json"), "--db", db_});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("nope.json"));
  Write(dir_.File("plans.json"), kPlan);
  run = Gemis(
      {"import", "plans", dir_.File("plans.json"), "--db", db_, "--units", dir_.File("nope.csv")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("nope.csv"));
}

TEST_F(PlanImportCommand, WithoutADatabaseItIsAUsageError) {
  Write(dir_.File("plans.json"), kPlan);
  EXPECT_EQ(Gemis({"import", "plans", dir_.File("plans.json")}).exit_code, 2);
}

}  // namespace
}  // namespace gemis::cli
