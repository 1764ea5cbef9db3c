#include "exchange/vn_admin_loader.h"

#include <fstream>
#include <map>
#include <unordered_map>

#include "core/text.h"
#include "core/uid.h"
#include "exchange/csv_reader.h"

namespace gemis::exchange {

namespace {

const Date kReform2025 = Date::FromYmd(2025, 7, 1);
const Date kChange2026 = Date::FromYmd(2026, 4, 30);
constexpr const char* kBasisProvinces2025 = "Nghị quyết 202/2025/QH15";
constexpr const char* kBasisDistricts2025 = "Luật Tổ chức chính quyền địa phương 72/2025/QH15";
constexpr const char* kBasisCommunes2025 =
    "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã 2025; QĐ 19/2025/QĐ-TTg (danh mục, mã số)";
constexpr const char* kBasis2026 = "Nghị quyết 30/2026/QH16; Nghị quyết 237/NQ-UBTVQH16";

// A small CSV file read whole: rows of named columns, with their lines.
struct Table {
  std::string file;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;

  const std::string& Get(size_t row, std::string_view column) const {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == column) return rows[row][i];
    }
    static const std::string kEmpty;
    return kEmpty;
  }
  Location Where(size_t row, std::string_view column) const {
    return {file, lines[row], 0, std::string(column)};
  }
};

Result<Table> ReadTable(const std::string& dir, const std::string& name,
                        std::initializer_list<std::string_view> required) {
  Table table;
  table.file = dir + "/" + name;
  std::ifstream in(table.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open the file", Location{table.file});
  GEMIS_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(in, table.file, {.delimiter = ','}));
  for (std::string_view column : required) {
    Status found = reader.header().Require({column}).status();
    if (!found.ok()) return found.WithContext({table.file, 1, 0, std::string(column)});
  }
  table.columns = reader.header().names();
  CsvRecord record;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool more, reader.Next(record));
    if (!more) break;
    table.rows.push_back(record.ToStrings());
    table.lines.push_back(record.line());
  }
  return table;
}

std::string UnitUid(OrgUnitLevel level, const std::string& code, const std::optional<Date>& from) {
  return UidFromKey(std::string("vn-admin/") + LevelName(level) + "/" + code + "/" +
                    (from ? from->ToString() : "baseline"));
}

class Builder {
 public:
  Status Load(const std::string& dir);
  VnAdminDataset Finish() && {
    return {std::move(units_), std::move(events_), std::move(links_), std::move(notes_)};
  }

 private:
  OrgUnitId AddUnit(OrgUnitLevel level, const Table& t, size_t row, std::optional<OrgUnitId> parent,
                    std::optional<Date> from, const std::string& code_column);
  OrgUnit& Unit(OrgUnitId id) { return units_[static_cast<size_t>(id - 1)]; }
  // Starts a new version of `id` on `d` and returns it for changing.
  OrgUnitVersion& Revise(OrgUnitId id, Date d);
  OrgUnitEventId AddEvent(OrgUnitEventKind kind, Date d, std::vector<OrgUnitId> units,
                          const char* basis, std::string note = "");
  void EndBefore(OrgUnitId id, Date d) { Unit(id).versions.back().to = d.AddDays(-1); }
  Status LoadBaseline(const std::string& dir);
  Status LoadProvinces2025(const std::string& dir);
  Status LoadCommunes2025(const std::string& dir);
  Status LoadChanges2026(const std::string& dir, const std::string& file, OrgUnitLevel level,
                         const std::string& code_column);
  void LinkPredecessors(OrgUnitEventId event, OrgUnitId successor,
                        const std::vector<std::pair<OrgUnitId, bool>>& predecessors);
  void DesignateSplitSuccessors();

  std::vector<OrgUnit> units_;
  std::vector<OrgUnitEvent> events_;
  std::vector<LineageLink> links_;
  std::vector<std::string> notes_;
  OrgUnitId centre_ = 0;
  // Ordered by code, so that the events made by walking them get their ids in
  // code order on every platform.
  std::map<std::string, OrgUnitId> old_provinces_, old_districts_, old_communes_;
  std::unordered_map<std::string, OrgUnitId> new_provinces_, new_communes_;
};

OrgUnitId Builder::AddUnit(OrgUnitLevel level, const Table& t, size_t row,
                           std::optional<OrgUnitId> parent, std::optional<Date> from,
                           const std::string& code_column) {
  OrgUnit unit;
  unit.id = static_cast<OrgUnitId>(units_.size()) + 1;
  OrgUnitVersion v;
  v.from = from;
  v.approximate_from = !from;
  v.code = t.Get(row, code_column);
  v.name = t.Get(row, "name");
  v.unit_type = t.Get(row, "unit_type");
  v.level = level;
  v.parent = parent;
  v.name_en = t.Get(row, "name_en");
  unit.uid = UnitUid(level, v.code, from);
  unit.versions.push_back(std::move(v));
  units_.push_back(std::move(unit));
  return units_.back().id;
}

OrgUnitVersion& Builder::Revise(OrgUnitId id, Date d) {
  std::vector<OrgUnitVersion>& versions = Unit(id).versions;
  if (versions.back().from == d) return versions.back();
  OrgUnitVersion next = versions.back();
  next.from = d;
  next.approximate_from = false;
  versions.back().to = d.AddDays(-1);
  versions.push_back(std::move(next));
  return versions.back();
}

OrgUnitEventId Builder::AddEvent(OrgUnitEventKind kind, Date d, std::vector<OrgUnitId> units,
                                 const char* basis, std::string note) {
  OrgUnitEventId id = static_cast<OrgUnitEventId>(events_.size()) + 1;
  events_.push_back({id, kind, d, std::move(units), basis, std::move(note)});
  return id;
}

Status Builder::Load(const std::string& dir) {
  GEMIS_RETURN_IF_ERROR(LoadBaseline(dir));
  GEMIS_RETURN_IF_ERROR(LoadProvinces2025(dir));
  GEMIS_RETURN_IF_ERROR(LoadCommunes2025(dir));
  GEMIS_RETURN_IF_ERROR(
      LoadChanges2026(dir, "provinces_2026-04-30.csv", OrgUnitLevel::kProvince, "province_code"));
  return LoadChanges2026(dir, "communes_2026-04-30.csv", OrgUnitLevel::kCommune, "commune_code");
}

Status Builder::LoadBaseline(const std::string& dir) {
  Table centre{"", {"code", "name", "unit_type", "name_en"}, {{"VN", "Việt Nam", "", "Viet Nam"}}, {0}};
  centre_ = AddUnit(OrgUnitLevel::kCentre, centre, 0, std::nullopt, std::nullopt, "code");
  GEMIS_ASSIGN_OR_RETURN(Table provinces, ReadTable(dir, "provinces_pre-2025-07-01.csv",
                                                    {"province_code", "name", "unit_type"}));
  for (size_t r = 0; r < provinces.rows.size(); ++r) {
    old_provinces_[provinces.Get(r, "province_code")] =
        AddUnit(OrgUnitLevel::kProvince, provinces, r, centre_, std::nullopt, "province_code");
  }
  GEMIS_ASSIGN_OR_RETURN(Table districts, ReadTable(dir, "districts_pre-2025-07-01.csv",
                                                    {"district_code", "name", "province_code"}));
  for (size_t r = 0; r < districts.rows.size(); ++r) {
    auto parent = old_provinces_.find(districts.Get(r, "province_code"));
    if (parent == old_provinces_.end()) {
      return Status::Invalid("unknown province code '" + districts.Get(r, "province_code") + "'",
                             districts.Where(r, "province_code"));
    }
    old_districts_[districts.Get(r, "district_code")] =
        AddUnit(OrgUnitLevel::kDistrict, districts, r, parent->second, std::nullopt, "district_code");
  }
  GEMIS_ASSIGN_OR_RETURN(Table communes, ReadTable(dir, "communes_pre-2025-07-01.csv",
                                                   {"commune_code", "name", "district_code"}));
  for (size_t r = 0; r < communes.rows.size(); ++r) {
    auto parent = old_districts_.find(communes.Get(r, "district_code"));
    if (parent == old_districts_.end()) {
      return Status::Invalid("unknown district code '" + communes.Get(r, "district_code") + "'",
                             communes.Where(r, "district_code"));
    }
    old_communes_[communes.Get(r, "commune_code")] =
        AddUnit(OrgUnitLevel::kCommune, communes, r, parent->second, std::nullopt, "commune_code");
  }
  notes_.push_back("baseline (list in force 1/3/2025-30/6/2025, used for earlier dates): " +
                   std::to_string(provinces.rows.size()) + " provinces, " +
                   std::to_string(districts.rows.size()) + " districts, " +
                   std::to_string(communes.rows.size()) + " communes");
  return Status::Ok();
}

void Builder::LinkPredecessors(OrgUnitEventId event, OrgUnitId successor,
                               const std::vector<std::pair<OrgUnitId, bool>>& predecessors) {
  for (const auto& [pred, partial] : predecessors) {
    LineageLink link{event, pred, successor, std::nullopt, false, partial};
    if (!partial) link.share = 1.0;
    links_.push_back(link);
  }
}

Status Builder::LoadProvinces2025(const std::string& dir) {
  GEMIS_ASSIGN_OR_RETURN(Table provinces, ReadTable(dir, "provinces_2025-07-01.csv",
                                                    {"province_code", "name", "unit_type"}));
  GEMIS_ASSIGN_OR_RETURN(Table mapping, ReadTable(dir, "old_to_new_provinces_2025-07-01.csv",
                                                  {"old_province_code", "new_province_code"}));
  std::map<std::string, std::vector<OrgUnitId>> sources;
  for (size_t r = 0; r < mapping.rows.size(); ++r) {
    auto old = old_provinces_.find(mapping.Get(r, "old_province_code"));
    if (old == old_provinces_.end()) {
      return Status::Invalid("unknown old province '" + mapping.Get(r, "old_province_code") + "'",
                             mapping.Where(r, "old_province_code"));
    }
    sources[mapping.Get(r, "new_province_code")].push_back(old->second);
  }
  size_t merged = 0;
  for (size_t r = 0; r < provinces.rows.size(); ++r) {
    const std::string& code = provinces.Get(r, "province_code");
    const std::vector<OrgUnitId>& preds = sources[code];
    if (preds.empty()) {
      return Status::Invalid("new province " + code + " has no old province in the mapping",
                             provinces.Where(r, "province_code"));
    }
    if (preds.size() == 1) {  // unchanged province: the same unit continues
      new_provinces_[code] = preds[0];
      continue;
    }
    ++merged;
    OrgUnitId id = AddUnit(OrgUnitLevel::kProvince, provinces, r, centre_, kReform2025, "province_code");
    new_provinces_[code] = id;
    OrgUnitEventId event = AddEvent(OrgUnitEventKind::kMerge, kReform2025, {id}, kBasisProvinces2025);
    std::vector<std::pair<OrgUnitId, bool>> full;
    for (OrgUnitId pred : preds) {
      EndBefore(pred, kReform2025);
      full.emplace_back(pred, false);
    }
    LinkPredecessors(event, id, full);
  }
  notes_.push_back("1/7/2025: " + std::to_string(provinces.rows.size()) + " provinces (" +
                   std::to_string(merged) + " formed by merging, " +
                   std::to_string(provinces.rows.size() - merged) + " unchanged)");
  return Status::Ok();
}

Status Builder::LoadCommunes2025(const std::string& dir) {
  GEMIS_ASSIGN_OR_RETURN(Table communes, ReadTable(dir, "communes_2025-07-01.csv",
                                                   {"commune_code", "name", "province_code"}));
  GEMIS_ASSIGN_OR_RETURN(Table mapping, ReadTable(dir, "old_to_new_communes_2025-07-01.csv",
      {"old_district_code", "old_commune_code", "new_commune_code", "merge_type"}));
  // Predecessors of each new commune and successor counts of each old unit.
  std::map<std::string, std::vector<std::pair<OrgUnitId, bool>>> preds;
  std::unordered_map<OrgUnitId, int> successors;
  size_t skipped = 0;
  for (size_t r = 0; r < mapping.rows.size(); ++r) {
    const std::string& old_code = mapping.Get(r, "old_commune_code");
    auto& table = old_code.empty() ? old_districts_ : old_communes_;
    auto old = table.find(old_code.empty() ? mapping.Get(r, "old_district_code") : old_code);
    if (old == table.end()) {
      ++skipped;  // not in the 1/3/2025 list: merged earlier (SOURCE.md, issue 3)
      continue;
    }
    preds[mapping.Get(r, "new_commune_code")].emplace_back(old->second,
                                                           mapping.Get(r, "merge_type") == "partial");
    ++successors[old->second];
  }
  size_t continued = 0;
  for (size_t r = 0; r < communes.rows.size(); ++r) {
    const std::string& code = communes.Get(r, "commune_code");
    auto province = new_provinces_.find(communes.Get(r, "province_code"));
    if (province == new_provinces_.end()) {
      return Status::Invalid("unknown province code '" + communes.Get(r, "province_code") + "'",
                             communes.Where(r, "province_code"));
    }
    const auto& sources = preds[code];
    if (sources.empty()) {
      return Status::Invalid("new commune " + code + " has no predecessor in the mapping",
                             communes.Where(r, "commune_code"));
    }
    OrgUnitId first = sources[0].first;
    bool continues = sources.size() == 1 && !sources[0].second && successors[first] == 1 &&
                     Unit(first).last().level == OrgUnitLevel::kCommune;
    if (continues) {
      ++continued;
      new_communes_[code] = first;
      OrgUnitVersion before = Unit(first).last();
      OrgUnitVersion& v = Revise(first, kReform2025);
      v.parent = province->second;
      v.code = code;
      v.name = communes.Get(r, "name");
      v.unit_type = communes.Get(r, "unit_type");
      v.name_en = communes.Get(r, "name_en");
      AddEvent(OrgUnitEventKind::kMove, kReform2025, {first}, kBasisDistricts2025);
      if (!SameNameIgnoringTonePlacement(before.name, v.name)) {
        AddEvent(OrgUnitEventKind::kRename, kReform2025, {first}, kBasisCommunes2025);
      }
      if (before.unit_type != v.unit_type) {
        AddEvent(OrgUnitEventKind::kReclassify, kReform2025, {first}, kBasisCommunes2025);
      }
      continue;
    }
    OrgUnitId id = AddUnit(OrgUnitLevel::kCommune, communes, r, province->second, kReform2025,
                           "commune_code");
    new_communes_[code] = id;
    OrgUnitEventId event = AddEvent(OrgUnitEventKind::kMerge, kReform2025, {id}, kBasisCommunes2025);
    for (const auto& [pred, partial] : sources) {
      if (Unit(pred).last().to != kReform2025.AddDays(-1)) EndBefore(pred, kReform2025);
    }
    LinkPredecessors(event, id, sources);
  }
  DesignateSplitSuccessors();
  // Continuing provinces keep their unit; every district is abolished. The
  // island districts became đặc khu (a merge above), the others just close.
  for (const auto& [code, id] : old_districts_) {
    if (Unit(id).last().to) continue;
    EndBefore(id, kReform2025);
    AddEvent(OrgUnitEventKind::kClose, kReform2025, {id}, kBasisDistricts2025);
  }
  size_t orphans = 0;
  for (const auto& [code, id] : old_communes_) {
    if (!Unit(id).last().to && Unit(id).last().from != kReform2025) {
      EndBefore(id, kReform2025);
      AddEvent(OrgUnitEventKind::kClose, kReform2025, {id}, kBasisCommunes2025,
               "not in the 1/7/2025 mapping");
      ++orphans;
    }
  }
  notes_.push_back("1/7/2025: " + std::to_string(communes.rows.size()) + " communes (" +
                   std::to_string(continued) + " continuing old communes, " +
                   std::to_string(communes.rows.size() - continued) + " formed by merge); " +
                   std::to_string(old_districts_.size()) + " districts abolished");
  if (skipped > 0) {
    notes_.push_back(std::to_string(skipped) +
                     " mapping rows name old communes missing from the 1/3/2025 list; skipped");
  }
  if (orphans > 0) notes_.push_back(std::to_string(orphans) + " old communes had no successor");
  return Status::Ok();
}

// An old commune split between several new ones (no shares known) sends its
// values to one designated successor: the one that kept its code, else the
// one that kept its name, else the one with the lowest code (docs/hierarchy.md).
void Builder::DesignateSplitSuccessors() {
  std::unordered_map<OrgUnitId, std::vector<size_t>> by_pred;
  for (size_t i = 0; i < links_.size(); ++i) {
    if (!links_[i].share) by_pred[links_[i].predecessor].push_back(i);
  }
  for (auto& [pred, indexes] : by_pred) {
    const OrgUnitVersion& old = Unit(pred).last();
    auto score = [&](size_t i) {
      const OrgUnitVersion& s = Unit(links_[i].successor).last();
      int rank = s.code == old.code ? 0 : SameNameIgnoringTonePlacement(s.name, old.name) ? 1 : 2;
      return std::pair(rank, s.code);
    };
    size_t best = indexes[0];
    for (size_t i : indexes) {
      if (score(i) < score(best)) best = i;
    }
    links_[best].designated = true;
  }
}

Status Builder::LoadChanges2026(const std::string& dir, const std::string& file,
                                OrgUnitLevel level, const std::string& code_column) {
  GEMIS_ASSIGN_OR_RETURN(Table table, ReadTable(dir, file, {code_column, "name", "unit_type"}));
  auto& current = level == OrgUnitLevel::kProvince ? new_provinces_ : new_communes_;
  size_t reclassified = 0, renamed = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto it = current.find(table.Get(r, code_column));
    if (it == current.end()) {
      return Status::Invalid("code '" + table.Get(r, code_column) + "' is not in the 1/7/2025 list",
                             table.Where(r, code_column));
    }
    OrgUnitVersion before = Unit(it->second).last();
    const std::string& unit_type = table.Get(r, "unit_type");
    const std::string& name = table.Get(r, "name");
    // Tone-mark placement was restyled in this list ("Hòa" → "Hoà"): not a rename.
    bool rename = !SameNameIgnoringTonePlacement(before.name, name);
    if (unit_type == before.unit_type && !rename) continue;
    OrgUnitVersion& v = Revise(it->second, kChange2026);
    if (unit_type != before.unit_type) {
      v.unit_type = unit_type;
      AddEvent(OrgUnitEventKind::kReclassify, kChange2026, {it->second}, kBasis2026);
      ++reclassified;
    }
    if (rename) {
      v.name = name;
      AddEvent(OrgUnitEventKind::kRename, kChange2026, {it->second}, kBasis2026);
      ++renamed;
    }
  }
  notes_.push_back("30/4/2026 " + std::string(LevelName(level)) + "s: " +
                   std::to_string(reclassified) + " reclassified, " + std::to_string(renamed) +
                   " renamed");
  return Status::Ok();
}

}  // namespace

Result<VnAdminDataset> LoadVnAdmin(const std::string& dir) {
  Builder builder;
  GEMIS_RETURN_IF_ERROR(builder.Load(dir));
  return std::move(builder).Finish();
}

}  // namespace gemis::exchange
