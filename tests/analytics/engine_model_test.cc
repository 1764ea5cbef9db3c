// Randomized model test of the analytics engine (engine.h invariant 1): for
// a seeded random hierarchy with merges and splits (with shares, with a
// designated successor, and a chain of two events), random data elements of
// every aggregation type and random values over monthly, quarterly, weekly
// and daily periods written through the real SQLite store (with updates and
// deletes applied by CatchUp), every random query equals a brute-force SQL
// GROUP BY over the store's tables joined with a temporary table of
// (reported unit, query unit, placed unit, weight) computed from
// Hierarchy::PlaceAt and AncestorsAt. The seed is printed on failure;
// GEMIS_MODEL_SEED=<n> replays it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>

#include "analytics/engine.h"
#include "analytics/snapshot.h"
#include "analytics_test_util.h"
#include "store/sqlite_db.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::analytics {
namespace {

using fixtures::Day;
using fixtures::Event;
using fixtures::Link;
using fixtures::Unit;
using fixtures::Version;

constexpr AggregationType kTypes[] = {AggregationType::kSum,
                                      AggregationType::kAverage,
                                      AggregationType::kLast,
                                      AggregationType::kMin,
                                      AggregationType::kMax,
                                      AggregationType::kCount,
                                      AggregationType::kAverageSumOrgUnit,
                                      AggregationType::kLastAverageOrgUnit};

class Model {
 public:
  explicit Model(uint64_t seed) : rng_(seed) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Uniform(0, static_cast<int>(v.size()) - 1))];
  }

  // Centre → 2-3 provinces → 2-3 districts → 3-4 communes, since before
  // records. On 2025-07-01 two or three communes merge into a new one, one
  // splits by shares, one splits with a designated successor; on 2026-01-01
  // one of the split's successors merges into another commune.
  void MakeHierarchy() {
    const OrgUnitLevel kCommune = OrgUnitLevel::kCommune;
    OrgUnitId next = 1;
    units_.push_back(
        Unit(next++, {Version(OrgUnitLevel::kCentre, "VN", "Việt Nam", std::nullopt)}));
    std::vector<OrgUnitId> districts, communes;
    const int provinces = Uniform(2, 3);
    for (int p = 0; p < provinces; ++p) {
      OrgUnitId province = next++;
      units_.push_back(
          Unit(province, {Version(OrgUnitLevel::kProvince, "P" + std::to_string(province),
                                  "Tỉnh " + std::to_string(province), 1)}));
      for (int d = Uniform(2, 3); d > 0; --d) {
        OrgUnitId district = next++;
        districts.push_back(district);
        units_.push_back(
            Unit(district, {Version(OrgUnitLevel::kDistrict, "D" + std::to_string(district),
                                    "Huyện " + std::to_string(district), province)}));
        for (int c = Uniform(3, 4); c > 0; --c) {
          OrgUnitId commune = next++;
          communes.push_back(commune);
          units_.push_back(Unit(commune, {Version(kCommune, "C" + std::to_string(commune),
                                                  "Xã " + std::to_string(commune), district)}));
        }
      }
    }
    std::shuffle(communes.begin(), communes.end(), rng_);
    const Date reform = Day("2025-07-01"), before = Day("2025-06-30");
    const Date second = Day("2026-01-01"), before_second = Day("2025-12-31");
    auto end_unit = [&](OrgUnitId id, Date last) {
      for (OrgUnit& u : units_) {
        if (u.id == id) u.versions.back().to = last;
      }
    };
    auto new_commune = [&](std::optional<Date> to = std::nullopt) {
      OrgUnitId id = next++;
      units_.push_back(
          Unit(id, {Version(kCommune, "N" + std::to_string(id), "Xã mới " + std::to_string(id),
                            Pick(districts), reform, to)}));
      return id;
    };
    size_t used = 0;
    // Merge.
    const OrgUnitId merged = new_commune();
    events_.push_back(Event(1, OrgUnitEventKind::kMerge, reform, {merged}));
    for (int i = Uniform(2, 3); i > 0 && used < communes.size(); --i) {
      end_unit(communes[used], before);
      links_.push_back(Link(1, communes[used++], merged, std::nullopt, true));
    }
    // Split by shares; its first successor merges again on 2026-01-01.
    const OrgUnitId split = communes[used++];
    end_unit(split, before);
    events_.push_back(Event(2, OrgUnitEventKind::kSplit, reform, {split}));
    const int parts = Uniform(2, 3);
    std::vector<double> shares;
    for (int i = 0; i < parts; ++i) shares.push_back(Uniform(1, 9));
    double total = 0;
    for (double s : shares) total += s;
    double given = 0;
    std::vector<OrgUnitId> successors;
    for (int i = 0; i < parts; ++i) {
      OrgUnitId successor = new_commune(i == 0 ? std::optional(before_second) : std::nullopt);
      successors.push_back(successor);
      double share = i + 1 < parts ? shares[static_cast<size_t>(i)] / total : 1.0 - given;
      given += share;
      links_.push_back(Link(2, split, successor, share));
    }
    const OrgUnitId absorber = communes[used++];
    events_.push_back(Event(4, OrgUnitEventKind::kMerge, second, {absorber}));
    links_.push_back(Link(4, successors[0], absorber, std::nullopt, true));
    // Split with a designated successor.
    const OrgUnitId split2 = communes[used++];
    end_unit(split2, before);
    events_.push_back(Event(3, OrgUnitEventKind::kSplit, reform, {split2}));
    OrgUnitId a = new_commune(), b = new_commune();
    links_.push_back(Link(3, split2, a, std::nullopt, Uniform(0, 1) == 1));
    links_.push_back(Link(3, split2, b, std::nullopt, !links_.back().designated));
  }

  std::mt19937_64 rng_;
  std::vector<OrgUnit> units_;
  std::vector<OrgUnitEvent> events_;
  std::vector<LineageLink> links_;
};

// The brute force: SQL over the store's file on its own connection.
class BruteForce {
 public:
  explicit BruteForce(const std::string& path) {
    Result<store::SqliteDb> db = store::SqliteDb::Open(path, false);
    EXPECT_TRUE(db.ok());
    db_ = std::make_unique<store::SqliteDb>(std::move(db).value());
    EXPECT_TRUE(db_->Exec("CREATE TEMP TABLE place (reported INTEGER, query_unit INTEGER,"
                          " placed INTEGER, weight REAL)")
                    .ok());
  }

  // Fills `place` for the hierarchy of `d`.
  void Place(const Hierarchy& h, Date d) {
    ASSERT_TRUE(db_->Exec("DELETE FROM place").ok());
    Result<store::SqliteStatement> insert = db_->Prepare("INSERT INTO place VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(insert.ok());
    for (const OrgUnit& u : h.units()) {
      for (const Placement& p : h.PlaceAt(u.id, d)) {
        std::vector<OrgUnitId> above = h.AncestorsAt(p.unit, d);
        above.insert(above.begin(), p.unit);
        for (OrgUnitId q : above) {
          ASSERT_TRUE(
              insert->Bind(1, u.id).Bind(2, q).Bind(3, p.unit).Bind(4, p.weight).Run().ok());
        }
      }
    }
  }

  // option combo id (or 0 without keep) -> value.
  std::map<int64_t, double> Aggregate(MetadataId element, AggregationType type, OrgUnitId q,
                                      const Period& pe, bool keep) {
    const std::string g = keep ? "coc" : "0";
    const std::string cte =
        "WITH c AS (SELECT pl.placed AS u, pl.weight AS w, CAST(dv.value AS REAL) AS v,"
        " p.start_date AS s, dv.coc_id AS coc, dv.aoc_id AS aoc"
        " FROM data_value dv JOIN period p ON p.id = dv.period_id"
        " JOIN place pl ON pl.reported = dv.org_unit_id"
        " WHERE dv.deleted = 0 AND dv.data_element_id = ?1 AND pl.query_unit = ?2"
        " AND p.start_date >= ?3 AND p.end_date <= ?4),"
        " l AS (SELECT u, coc, aoc, max(s) AS ms FROM c GROUP BY u, coc, aoc),"
        " latest AS (SELECT c.* FROM c JOIN l ON c.u = l.u AND c.coc = l.coc AND c.aoc = l.aoc"
        " AND c.s = l.ms) ";
    std::string sql;
    switch (type) {
      case AggregationType::kSum: sql = "SELECT " + g + ", sum(w * v) FROM c GROUP BY 1"; break;
      case AggregationType::kCount: sql = "SELECT " + g + ", sum(w) FROM c GROUP BY 1"; break;
      case AggregationType::kMin: sql = "SELECT " + g + ", min(v) FROM c GROUP BY 1"; break;
      case AggregationType::kMax: sql = "SELECT " + g + ", max(v) FROM c GROUP BY 1"; break;
      case AggregationType::kAverage:
        sql = "SELECT " + g + ", sum(w * v) / sum(w) FROM c GROUP BY 1";
        break;
      case AggregationType::kAverageSumOrgUnit:
        sql = "SELECT k, sum(m) FROM (SELECT " + g +
              " AS k, u, sum(w * v) / sum(w) AS m FROM c GROUP BY 1, 2) GROUP BY 1";
        break;
      case AggregationType::kLast:
        sql = "SELECT " + g + ", sum(w * v) FROM latest GROUP BY 1";
        break;
      default:  // LAST_AVERAGE_ORG_UNIT
        sql = "SELECT k, avg(t) FROM (SELECT " + g +
              " AS k, u, sum(w * v) AS t FROM latest GROUP BY 1, 2) GROUP BY 1";
    }
    Result<store::SqliteStatement> stmt = db_->Prepare(cte + sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    std::map<int64_t, double> out;
    if (!stmt.ok()) return out;
    stmt->Bind(1, element).Bind(2, q).Bind(3, pe.start().ToString()).Bind(4, pe.end().ToString());
    for (;;) {
      Result<bool> row = stmt->Step();
      EXPECT_TRUE(row.ok());
      if (!row.ok() || !*row) break;
      if (!stmt->IsNull(1)) out[stmt->Int(0)] = stmt->Double(1);
    }
    return out;
  }

 private:
  std::unique_ptr<store::SqliteDb> db_;
};

uint64_t Seed() {
  if (const char* env = std::getenv("GEMIS_MODEL_SEED")) return std::strtoull(env, nullptr, 10);
  return std::random_device()();
}

TEST(EngineModel, RandomQueriesEqualSqlGroupBy) {
  const uint64_t seed = Seed();
  SCOPED_TRACE("GEMIS_MODEL_SEED=" + std::to_string(seed));
  std::cout << "engine model test seed: GEMIS_MODEL_SEED=" << seed << "\n";
  Model model(seed);
  model.MakeHierarchy();
  test::StoreFixture db;
  ASSERT_OK(db.SaveStructure(model.units_, model.events_, model.links_));

  std::vector<DataElement> elements;
  const std::vector<std::string> kCombos = {"default", "SEX", "SEX_AGE_BAND"};
  for (int i = 0; i < 10; ++i) {
    AggregationType type = i < 8 ? kTypes[i] : kTypes[model.Uniform(0, 7)];
    if (i == 8) type = AggregationType::kSum;
    // E8 (SUM) and E9 (a random type) always have many disaggregations, so
    // their columns keep group sums; the others have a random combo.
    const std::string& combo = i >= 8 ? kCombos[2] : kCombos[static_cast<size_t>(model.Uniform(0, 2))];
    elements.push_back(test::Element("E" + std::to_string(i), type, combo));
  }
  ASSERT_OK(db.SaveElements(elements));

  // Random values: the first batch before Build, the second (with updates
  // and deletes of earlier keys) applied by CatchUp.
  const PeriodType kValueTypes[] = {PeriodType::kMonthly, PeriodType::kQuarterly,
                                    PeriodType::kWeekly, PeriodType::kDaily};
  const int32_t first_day = Day("2024-01-01").days(), last_day = Day("2026-06-30").days();
  std::vector<test::StoreFixture::Value> written;
  std::vector<std::string> sex_age_cocs;
  for (const CategoryOptionCombo& coc :
       GenerateOptionCombos(test::StoreFixture::SexAgeBandCombo())) {
    sex_age_cocs.push_back(coc.code);
  }
  auto random_values = [&](int n) {
    std::vector<test::StoreFixture::Value> batch;
    for (int i = 0; i < n; ++i) {
      if (!written.empty() && model.Uniform(0, 9) == 0) {
        test::StoreFixture::Value v = model.Pick(written);
        if (model.Uniform(0, 1)) {
          v.remove = true;
        } else {
          v.value = std::to_string(model.Uniform(0, 200));
        }
        batch.push_back(v);
        continue;
      }
      const DataElement& e = model.Pick(elements);
      Date day = Date::FromDays(model.Uniform(first_day, last_day));
      Period p = *Period::Containing(
          model.Pick(std::vector<PeriodType>(std::begin(kValueTypes), std::end(kValueTypes))), day);
      std::string coc = e.category_combo_code == "SEX"
                            ? (model.Uniform(0, 1) ? "SEX_MALE" : "SEX_FEMALE")
                            : "default";
      const OrgUnit& unit = model.Pick(model.units_);
      auto random_value = [&] {
        std::string value = std::to_string(model.Uniform(-20, 200));
        if (model.Uniform(0, 3) == 0) value += ".5";
        return value;
      };
      if (e.category_combo_code == "SEX_AGE_BAND") {
        // Every disaggregation of the unit and period, as a form is filled.
        for (const std::string& code : sex_age_cocs) {
          batch.push_back({e.code, p.ToString(), unit.id, random_value(), code});
          written.push_back(batch.back());
        }
        continue;
      }
      batch.push_back({e.code, p.ToString(), unit.id, random_value(), coc});
      written.push_back(batch.back());
    }
    return batch;
  };
  ASSERT_OK(db.Write(random_values(1500)));
  Result<std::unique_ptr<Engine>> built = Engine::Build(db.store());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  std::unique_ptr<Engine> engine = std::move(built).value();
  // The sex × age band elements exercise the group sums of the layout.
  int with_sums = 0;
  for (const Column& column : engine->Pin()->columns) with_sums += !column.data->group_sum.empty();
  EXPECT_GT(with_sums, 0);

  Hierarchy h;
  Metadata m;
  ASSERT_OK(db.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(m, txn.LoadMetadata());
    return Status::Ok();
  }));
  test::Names names(db.store());
  BruteForce brute(db.path());
  const std::vector<std::string> kQueryPeriods = {
      "2024",   "2025",   "2026",   "2024Q1", "2024Q3", "2025Q2",  "2025Q3",  "2026Q1",
      "202402", "202411", "202507", "2025S1", "2025S2", "2024W10", "2025W27", "2024-2026"};
  const std::vector<Date> kDates = {Day("2024-06-30"), Day("2025-08-01"), Day("2026-03-01")};

  int compared = 0, non_empty = 0;
  auto compare_round = [&](int queries) {
    for (const Date& d : kDates) {
      brute.Place(h, d);
      std::vector<OrgUnitId> valid = h.UnitsAt(d);
      for (int qi = 0; qi < queries; ++qi) {
        const DataElement& e = model.Pick(elements);
        const StoredElement* stored = m.FindElement(e.code);
        QueryRequest r;
        r.dx = {e.code};
        r.as_of = d;
        r.keep = e.category_combo_code == "SEX" && model.Uniform(0, 2) == 0
                     ? std::vector<std::string>{"SEX"}
                     : std::vector<std::string>{};
        std::vector<OrgUnitId> expected_units;
        if (model.Uniform(0, 3) == 0) {  // a tier under a unit
          OrgUnitId top = model.Pick(valid);
          OrgUnitLevel level = static_cast<OrgUnitLevel>(model.Uniform(2, 4));
          if (h.Find(top)->VersionAt(d)->level > level) level = h.Find(top)->VersionAt(d)->level;
          r.ou.push_back({top, level});
          for (OrgUnitId u : valid) {
            std::vector<OrgUnitId> above = h.AncestorsAt(u, d);
            above.push_back(u);
            if (h.Find(u)->VersionAt(d)->level == level &&
                std::find(above.begin(), above.end(), top) != above.end()) {
              expected_units.push_back(u);
            }
          }
        } else {
          for (int i = model.Uniform(1, 3); i > 0; --i) {
            OrgUnitId u = model.Pick(valid);
            r.ou.push_back({u, std::nullopt});
            expected_units.push_back(u);
          }
        }
        for (int i = model.Uniform(1, 3); i > 0; --i) {
          r.pe.push_back(*Period::Parse(model.Pick(kQueryPeriods)));
        }
        Result<QueryResult> result = engine->Query(r);
        ASSERT_TRUE(result.ok()) << result.status().ToString();
        std::set<std::string> ou_codes, expected_codes;
        for (const std::string& uid : result->dimensions[1].second) ou_codes.insert(names(uid));
        for (OrgUnitId u : expected_units) expected_codes.insert(h.Find(u)->last().code);
        ASSERT_EQ(ou_codes, expected_codes) << "tier of unit " << r.ou[0].unit;
        std::map<std::string, std::string> got = names.Cells(*result);
        std::map<std::string, double> want;
        for (OrgUnitId u : expected_units) {
          for (const Period& pe : r.pe) {
            for (const auto& [coc, value] :
                 brute.Aggregate(stored->id, e.aggregation_type, u, pe, !r.keep.empty())) {
              std::string key = e.code + "/" + h.Find(u)->last().code + "/" + pe.ToString();
              if (!r.keep.empty()) key += "/" + m.OptionCombo(coc)->option_combo.option_codes[0];
              want[key] = value;
            }
          }
        }
        ++compared;
        if (!want.empty()) ++non_empty;
        ASSERT_EQ(got.size(), want.size())
            << "query " << qi << " of " << e.code << " (" << AggregationTypeName(e.aggregation_type)
            << ") as of " << d.ToString();
        for (const auto& [key, value] : want) {
          auto it = got.find(key);
          ASSERT_NE(it, got.end()) << key;
          double engine_value = std::stod(it->second);
          EXPECT_NEAR(engine_value, value, 1e-8 * std::max(1.0, std::fabs(value)))
              << key << " " << AggregationTypeName(e.aggregation_type) << " as of " << d.ToString();
        }
      }
    }
  };
  compare_round(60);
  if (HasFatalFailure()) return;
  ASSERT_OK(db.Write(random_values(800)));
  ASSERT_OK(engine->CatchUp(db.store()));
  compare_round(120);
  std::cout << "compared " << compared << " queries, " << non_empty << " with values\n";
  EXPECT_GT(non_empty, compared / 4);
}

}  // namespace
}  // namespace gemis::analytics
