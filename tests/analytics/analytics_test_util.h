// Helpers shared by the analytics tests: a SQLite store in a temporary
// directory, writers by code, and query results as readable strings
// ("TEAMS/C10/202401=5"). Header-only.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analytics/engine.h"
#include "core/builtin_metadata.h"
#include "core/uid.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

#define ASSERT_OK(expr)                                               \
  do {                                                                \
    const ::gemis::Status status_ = (expr);                           \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << status_.ToString(); \
  } while (0)

namespace gemis::analytics::test {

inline DataElement Element(const std::string& code, AggregationType aggregation,
                           const std::string& combo = "default",
                           ValueType type = ValueType::kNumber) {
  DataElement e;
  e.uid = UidFromKey("de:" + code);
  e.code = code;
  e.name = "Chỉ số " + code;
  e.name_en = "Element " + code;
  e.value_type = type;
  e.aggregation_type = aggregation;
  e.category_combo_code = combo;
  e.zero_is_significant = true;
  return e;
}

inline Indicator MakeIndicator(const std::string& code, const std::string& numerator,
                               const std::string& denominator, int64_t factor = 100) {
  Indicator i;
  i.uid = UidFromKey("indicator/" + code);
  i.code = code;
  i.name = "Tỷ lệ " + code;
  i.numerator = numerator;
  i.denominator = denominator;
  i.factor = factor;
  return i;
}

class StoreFixture {
 public:
  StoreFixture() {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(path());
    if (!opened.ok())
      ADD_FAILURE() << opened.status().ToString();
    else
      store_ = std::move(opened).value();
  }
  std::string path() const { return dir_.File("g.db"); }
  store::Store& store() { return *store_; }

  Status SaveStructure(const std::vector<OrgUnit>& units, const std::vector<OrgUnitEvent>& events,
                       const std::vector<LineageLink>& links) {
    return store_->Write([&](store::WriteTransaction& txn) -> Status {
      std::vector<const OrgUnit*> pointers;
      for (const OrgUnit& u : units) pointers.push_back(&u);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(pointers));
      GEMIS_RETURN_IF_ERROR(txn.InsertEvents(events));
      GEMIS_RETURN_IF_ERROR(txn.InsertLinks(links));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      CategoryCombo sex{.uid = UidFromKey("cc:SEX"),
                        .code = "SEX",
                        .name = "Giới tính",
                        .name_en = "Sex",
                        .categories = {SexCategory()}};
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(sex).status());
      return txn.SaveCategoryCombo(SexAgeBandCombo()).status();
    });
  }
  // Sex × age band: enough option combos per unit and period for the engine
  // to keep group sums (analytics/snapshot.h).
  static CategoryCombo SexAgeBandCombo() {
    return {.uid = UidFromKey("cc:SEX_AGE_BAND"),
            .code = "SEX_AGE_BAND",
            .name = "Giới tính và nhóm tuổi",
            .name_en = "Sex and age band",
            .categories = {SexCategory(), AgeBandCategory()}};
  }
  Status SaveElements(const std::vector<DataElement>& elements,
                      const std::vector<Indicator>& indicators = {}) {
    return store_->Write([&](store::WriteTransaction& txn) -> Status {
      for (const DataElement& e : elements) GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      for (const Indicator& i : indicators) GEMIS_RETURN_IF_ERROR(txn.SaveIndicator(i).status());
      return Status::Ok();
    });
  }

  struct Value {
    std::string element;
    std::string period;
    OrgUnitId unit;
    std::string value;  // "" with remove
    std::string coc = "default";
    std::string aoc = "default";
    bool remove = false;
  };
  static Status WriteValues(store::Store& store, const std::vector<Value>& values) {
    return store.Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
      for (const Value& v : values) {
        const StoredElement* e = m.FindElement(v.element);
        const StoredOptionCombo* coc = m.FindOptionCombo(v.coc);
        const StoredOptionCombo* aoc = m.FindOptionCombo(v.aoc);
        if (!e || !coc || !aoc) return Status::NotFound("test value names unknown metadata");
        GEMIS_ASSIGN_OR_RETURN(Period p, Period::Parse(v.period));
        GEMIS_ASSIGN_OR_RETURN(PeriodId period, txn.EnsurePeriod(p));
        DataValueWrite w;
        w.key = {e->id, period, v.unit, coc->id, aoc->id};
        w.value = v.value;
        w.remove = v.remove;
        w.stored_by = "test";
        GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(w).status());
      }
      return Status::Ok();
    });
  }
  Status Write(const std::vector<Value>& values) { return WriteValues(*store_, values); }

 private:
  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

// Maps uids back to codes so rows read "TEAMS/C10/202401/FEMALE=5".
class Names {
 public:
  explicit Names(store::Store& store) {
    Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
      for (const OrgUnit& u : h.units()) code_[u.uid] = u.last().code;
      for (const StoredElement& e : m.elements()) code_[e.element.uid] = e.element.code;
      for (const StoredIndicator& i : m.indicators()) code_[i.indicator.uid] = i.indicator.code;
      for (const StoredCombo& c : m.combos()) {
        for (const Category& cat : c.combo.categories) {
          for (const CategoryOption& o : cat.options) code_[o.uid] = o.code;
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  std::string operator()(const std::string& uid) const {
    auto it = code_.find(uid);
    return it == code_.end() ? uid : it->second;
  }
  // "dx/ou/pe[/option…]" -> value.
  std::map<std::string, std::string> Cells(const QueryResult& r) const {
    std::map<std::string, std::string> out;
    for (const auto& row : r.Rows()) {
      std::string key;
      for (size_t i = 0; i + 1 < row.size(); ++i) key += (i ? "/" : "") + (*this)(row[i]);
      out[key] = row.back();
    }
    return out;
  }

 private:
  std::map<std::string, std::string> code_;
};

}  // namespace gemis::analytics::test
