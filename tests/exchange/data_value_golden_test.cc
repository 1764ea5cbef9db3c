// Golden files for every data value fixture (docs/formats/datavalues-*.md,
// adx.md): each file of tests/exchange/fixtures/datavalues/ is imported,
// best effort, into a fresh test database, and its import summary (with every
// conflict's row, line and message), the values it stored and the complete
// registrations its data set's completeDate asked for are compared
// with tests/exchange/golden/datavalues/<fixture>.golden. After a deliberate
// change, GEMIS_UPDATE_GOLDEN=1 rewrites the golden files; review the diff.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/clock.h"
#include "data_value_test_database.h"
#include "exchange/data_value_import.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

namespace fs = std::filesystem;

const fs::path kGolden = fs::path(GEMIS_SOURCE_DIR) / "tests/exchange/golden/datavalues";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every stored value, deleted ones too, one line each, in key order.
std::string StoredValues(store::Store& store) {
  std::ostringstream out;
  Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    std::map<PeriodId, std::string> iso;
    for (const auto& [id, period] : periods) iso[id] = period.ToString();
    store::DataValueFilter all;
    all.include_deleted = true;
    return txn.ScanDataValues(all, [&](const DataValue& v) {
      out << m.Element(v.key.data_element)->element.code << " | " << iso[v.key.period] << " | "
          << h.Find(v.key.org_unit)->uid << " | "
          << m.OptionCombo(v.key.category_option_combo)->option_combo.code << " | "
          << m.OptionCombo(v.key.attribute_option_combo)->option_combo.code << " | " << v.value
          << " | " << (v.comment ? nlohmann::json(*v.comment).dump() : "-") << " | "
          << (v.followup ? "followup" : "-") << " | " << (v.deleted ? "deleted" : "live") << " | "
          << v.stored_by << "\n";
      return Status::Ok();
    });
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out.str();
}

// The complete registrations a fixture's completeDate asked for, one line
// each, under a heading; "" when there are none.
std::string StoredRegistrations(store::Store& store) {
  std::ostringstream out;
  Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    GEMIS_ASSIGN_OR_RETURN(std::vector<store::CompleteRegistration> all,
                           txn.LoadCompleteRegistrations(0));
    if (all.empty()) return Status::Ok();
    std::map<PeriodId, std::string> iso;
    for (const auto& [id, period] : periods) iso[id] = period.ToString();
    out << "# complete registrations: data set | period | unit | aoc | completed | stored by\n";
    for (const store::CompleteRegistration& r : all) {
      out << m.DataSetById(r.data_set)->data_set.code << " | " << iso[r.period] << " | "
          << h.Find(r.org_unit)->uid << " | "
          << m.OptionCombo(r.attribute_option_combo)->option_combo.code << " | "
          << r.completed->ToString() << " | " << r.stored_by << "\n";
    }
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out.str();
}

class DataValueGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(DataValueGolden, MatchesItsGoldenFile) {
  const std::string name = GetParam();
  std::optional<DataFileFormat> format = DataFileFormatOfPath(name);
  ASSERT_TRUE(format.has_value());
  test_support::TempDir dir;
  FixedClock clock(1709251200000);  // 2024-03-01T00:00:00.000Z
  auto store = store::OpenSqliteStore(dir.File("g.db"), {.clock = &clock});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(test_database::BuildDatabase(**store).ok());
  std::ifstream in(test_database::kFixtures + "datavalues/" + name, std::ios::binary);
  DataValueImportOptions options{*format, false, /*best_effort=*/true, "golden"};
  Result<ImportSummary> summary = ImportDataValues(**store, in, name, options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  std::string actual = "# import summary (best effort)\n" + summary->ToJson().dump(2) +
                       "\n# stored values: element | period | unit | coc | aoc | value | "
                       "comment | followup | deleted | stored by\n" +
                       StoredValues(**store) + StoredRegistrations(**store);
  const fs::path golden = kGolden / (name + ".golden");
  if (std::getenv("GEMIS_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(kGolden);
    std::ofstream(golden, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run with GEMIS_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, Slurp(golden)) << "differs from " << golden;
}

std::vector<std::string> Fixtures() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(test_database::kFixtures + "datavalues")) {
    std::string name = entry.path().filename().string();
    if (DataFileFormatOfPath(name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, DataValueGolden, ::testing::ValuesIn(Fixtures()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string id;
                           for (char c : param.param)
                             id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return id;
                         });

TEST(DataValueGoldenFiles, EveryGoldenFileHasItsFixture) {
  std::vector<std::string> fixtures = Fixtures();
  for (const auto& entry : fs::directory_iterator(kGolden)) {
    std::string name = entry.path().filename().string();
    ASSERT_TRUE(name.ends_with(".golden")) << name;
    name.resize(name.size() - 7);
    EXPECT_NE(std::find(fixtures.begin(), fixtures.end(), name), fixtures.end())
        << entry.path() << " has no fixture";
  }
}

}  // namespace
}  // namespace gemis::exchange
