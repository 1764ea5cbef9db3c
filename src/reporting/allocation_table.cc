#include "reporting/allocation_table.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <tuple>

namespace gemis::reporting {

namespace {

std::string MeasureName(const Metadata& metadata, const MeasureRef& measure) {
  if (measure.kind == MeasureKind::kDataElement) {
    if (const StoredElement* e = metadata.Element(measure.id)) return e->element.name;
  } else if (const StoredIndicator* i = metadata.IndicatorById(measure.id)) {
    return i->indicator.name;
  }
  return measure.code;
}

std::string LevelLabel(ImplementingLevel level, Lang lang) {
  switch (level) {
    case ImplementingLevel::kAll: return "";
    case ImplementingLevel::kCentre: return std::string(Message(MessageId::kReportLevelCentre, lang));
    case ImplementingLevel::kProvince:
      return std::string(Message(MessageId::kReportLevelProvince, lang));
    case ImplementingLevel::kDistrict:
      return std::string(Message(MessageId::kReportLevelDistrict, lang));
    case ImplementingLevel::kCommune: return std::string(Message(MessageId::kReportLevelCommune, lang));
    case ImplementingLevel::kVillage: return std::string(Message(MessageId::kReportLevelVillage, lang));
  }
  return "";
}

std::string PlaceKindLabel(const std::string& kind, Lang lang) {
  static const std::map<std::string, MessageId> kLabels = {
      {"region_iii_communes", MessageId::kPlaceRegionIiiCommunes},
      {"dbkk_villages", MessageId::kPlaceDbkkVillages},
      {"villages", MessageId::kPlaceVillages},
      {"communes", MessageId::kPlaceCommunes},
      {"wards", MessageId::kPlaceWards},
      {"schools", MessageId::kPlaceSchools},
  };
  auto it = kLabels.find(kind);
  return it == kLabels.end() ? kind : std::string(Message(it->second, lang));
}

// The name of a unit as of `d` ("Quảng Hòa"), else its last name.
std::string UnitName(const Hierarchy& h, OrgUnitId id, Date d) {
  const OrgUnit* unit = h.Find(id);
  if (unit == nullptr) return std::to_string(id);
  const OrgUnitVersion* v = unit->VersionAt(d);
  return (v != nullptr ? v : &unit->last())->name;
}

std::string UnitCode(const Hierarchy& h, OrgUnitId id, Date d) {
  const OrgUnit* unit = h.Find(id);
  if (unit == nullptr) return "";
  const OrgUnitVersion* v = unit->VersionAt(d);
  return (v != nullptr ? v : &unit->last())->code;
}

// Identity of a column of target cells.
using ColumnKey = std::tuple<MeasureKind, MetadataId, ImplementingLevel>;

}  // namespace

Result<AllocationTable> BuildAllocationTable(const PlanBook& book, const Plan& plan,
                                             const Hierarchy& hierarchy,
                                             const Metadata& metadata,
                                             const AllocationOptions& options) {
  const Lang lang = options.lang;
  const Date at = plan.EffectiveDate();
  std::vector<const Target*> all = book.TargetsOf(plan.id);
  std::vector<const PlaceCount*> all_counts = book.PlaceCountsOf(plan.id);

  // The tables the plan states, in order of first appearance ("" = text).
  std::vector<std::string> tables;
  auto note_table = [&](const std::string& name) {
    if (std::find(tables.begin(), tables.end(), name) == tables.end()) tables.push_back(name);
  };
  for (const Target* t : all) note_table(t->table);
  for (const PlaceCount* c : all_counts) note_table(c->table);

  std::string chosen;
  if (options.table) {
    chosen = *options.table;
    if (std::find(tables.begin(), tables.end(), chosen) == tables.end() &&
        !(chosen.empty() && tables.empty())) {
      return Status::NotFound("plan " + plan.code + " has no table '" + chosen + "'",
                              {"", 0, 0, "table"});
    }
  } else {
    auto first_table = std::find_if(tables.begin(), tables.end(),
                                    [](const std::string& n) { return !n.empty(); });
    chosen = first_table != tables.end() ? *first_table : "";
  }

  AllocationTable out;
  out.plan = plan.number.empty() ? plan.code : plan.number;
  out.title = plan.title;
  out.table = chosen;
  for (const std::string& name : tables) {
    if (name != chosen) out.other_tables.push_back(name);
  }

  std::vector<const Target*> targets;
  for (const Target* t : all) {
    if (t->table == chosen && t->status != TargetStatus::kWithdrawn) targets.push_back(t);
  }
  std::vector<const PlaceCount*> counts;
  for (const PlaceCount* c : all_counts) {
    if (c->table == chosen) counts.push_back(c);
  }

  const OrgUnitId issuer = plan.issuer_unit;
  auto is_total = [&](const Target* t) {
    return t->org_unit == issuer && t->agency_code.empty() && t->level == ImplementingLevel::kAll;
  };

  // Place-count columns in order of first appearance.
  std::map<std::string, int> count_order;
  for (const PlaceCount* c : counts) {
    auto [it, inserted] = count_order.emplace(c->kind, c->ordinal);
    if (!inserted) it->second = std::min(it->second, c->ordinal);
  }
  std::vector<std::pair<int, std::string>> count_columns;
  for (const auto& [kind, ord] : count_order) count_columns.emplace_back(ord, kind);
  std::sort(count_columns.begin(), count_columns.end());
  for (const auto& [ord, kind] : count_columns) {
    AllocationColumn col;
    col.kind = AllocationColumn::Kind::kPlaceCount;
    col.place_kind = kind;
    col.label = PlaceKindLabel(kind, lang);
    out.columns.push_back(std::move(col));
  }

  // Target columns: every (measure, level) stated outside the totals row; a
  // measure stated only in the totals row gets one unsplit column. Measures
  // keep the order of their first statement, levels within a measure too.
  std::map<std::pair<MeasureKind, MetadataId>, int> measure_order;
  std::map<ColumnKey, int> column_order;
  std::map<ColumnKey, const Target*> column_sample;
  for (const Target* t : targets) {
    auto mkey = std::make_pair(t->measure.kind, t->measure.id);
    auto [mit, mnew] = measure_order.emplace(mkey, t->ordinal);
    if (!mnew) mit->second = std::min(mit->second, t->ordinal);
  }
  for (const Target* t : targets) {
    if (is_total(t)) continue;
    ColumnKey key{t->measure.kind, t->measure.id, t->level};
    auto [it, inserted] = column_order.emplace(key, t->ordinal);
    if (inserted || t->ordinal < it->second) {
      it->second = t->ordinal;
      column_sample[key] = t;
    }
  }
  for (const Target* t : targets) {
    if (!is_total(t)) continue;
    bool has_column = std::any_of(column_order.begin(), column_order.end(), [&](const auto& c) {
      return std::get<0>(c.first) == t->measure.kind && std::get<1>(c.first) == t->measure.id;
    });
    if (!has_column) {
      ColumnKey key{t->measure.kind, t->measure.id, ImplementingLevel::kAll};
      column_order.emplace(key, t->ordinal);
      column_sample.emplace(key, t);
    }
  }
  std::vector<std::tuple<int, int, ColumnKey>> ordered;
  for (const auto& [key, ord] : column_order) {
    ordered.emplace_back(measure_order[{std::get<0>(key), std::get<1>(key)}], ord, key);
  }
  std::sort(ordered.begin(), ordered.end());
  std::map<ColumnKey, size_t> column_index;
  // First column of each measure: where the totals row puts its value.
  std::map<std::pair<MeasureKind, MetadataId>, size_t> measure_first_column;
  for (const auto& [mord, ord, key] : ordered) {
    const Target* sample = column_sample[key];
    AllocationColumn col;
    col.kind = AllocationColumn::Kind::kTarget;
    col.measure = sample->measure;
    col.level = std::get<2>(key);
    col.window = sample->window.ToString();
    col.label = MeasureName(metadata, sample->measure);
    if (!sample->unit_label.empty()) col.label += " (" + sample->unit_label + ")";
    col.level_label = LevelLabel(col.level, lang);
    col.sample = sample->id;
    column_index[key] = out.columns.size();
    measure_first_column.emplace(std::make_pair(std::get<0>(key), std::get<1>(key)),
                                 out.columns.size());
    out.columns.push_back(std::move(col));
  }
  const size_t width = out.columns.size();
  std::map<std::string, size_t> count_index;
  for (size_t i = 0; i < count_columns.size(); ++i) count_index[count_columns[i].second] = i;

  // Totals row, windows row, level row.
  AllocationRow total{AllocationRow::Kind::kTotal, "",
                      std::string(Message(MessageId::kReportTotalRow, lang)), "", "",
                      std::vector<std::optional<std::string>>(width)};
  AllocationRow levels{AllocationRow::Kind::kLevels, "",
                       std::string(Message(MessageId::kReportLevelRow, lang)), "", "",
                       std::vector<std::optional<std::string>>(width)};
  total.targets.resize(width);
  levels.targets.resize(width);
  total.org_unit = levels.org_unit = issuer;
  total.org_unit_code = levels.org_unit_code = UnitCode(hierarchy, issuer, at);
  // A measure's total may be filled in its first column; a level's in its own.
  for (size_t i = 0; i < width; ++i) {
    const AllocationColumn& col = out.columns[i];
    if (col.kind != AllocationColumn::Kind::kTarget) continue;
    if (measure_first_column[{col.measure.kind, col.measure.id}] == i) total.targets[i] = 0;
    if (col.level != ImplementingLevel::kAll) levels.targets[i] = 0;
  }
  bool has_levels = false;
  bool total_ordinal_set = false;
  for (const Target* t : targets) {
    if (t->org_unit != issuer || !t->agency_code.empty()) continue;
    if (t->level == ImplementingLevel::kAll) {
      if (!total_ordinal_set || t->ordinal / 1000 * 1000 < total.ordinal) {
        total.ordinal = t->ordinal / 1000 * 1000;
        total_ordinal_set = true;
      }
      auto it = measure_first_column.find({t->measure.kind, t->measure.id});
      if (it != measure_first_column.end() && !total.cells[it->second]) {
        total.cells[it->second] = t->value.ToString();
        total.targets[it->second] = t->id;
      }
    } else {
      auto it = column_index.find({t->measure.kind, t->measure.id, t->level});
      if (it != column_index.end() && !levels.cells[it->second]) {
        levels.cells[it->second] = t->value.ToString();
        levels.targets[it->second] = t->id;
        levels.ordinal = t->ordinal / 1000 * 1000;
        has_levels = true;
      }
    }
  }
  // An unsplit column has no per-level figure; the level row repeats its
  // total there, as the source tables do.
  if (has_levels) {
    for (size_t i = 0; i < width; ++i) {
      const AllocationColumn& col = out.columns[i];
      if (col.kind != AllocationColumn::Kind::kTarget || col.level != ImplementingLevel::kAll) {
        continue;
      }
      size_t first = measure_first_column[{col.measure.kind, col.measure.id}];
      if (!levels.cells[i] && total.cells[first]) levels.cells[i] = total.cells[first];
    }
  }
  for (const PlaceCount* c : counts) {
    if (c->org_unit == issuer && !total.cells[count_index[c->kind]]) {
      total.cells[count_index[c->kind]] = std::to_string(c->count);
    }
  }
  out.rows.push_back(std::move(total));
  AllocationRow windows{AllocationRow::Kind::kWindow, "",
                        std::string(Message(MessageId::kReportWindowRow, lang)), "", "",
                        std::vector<std::optional<std::string>>(width)};
  windows.targets.resize(width);
  bool has_windows = false;
  for (size_t i = 0; i < width; ++i) {
    const AllocationColumn& col = out.columns[i];
    if (col.kind != AllocationColumn::Kind::kTarget || col.window.empty()) continue;
    // A measure's window is shown once, in its first column (as the sources do).
    if (measure_first_column[{col.measure.kind, col.measure.id}] != i) continue;
    windows.cells[i] = col.window;
    has_windows = true;
  }
  if (has_windows) out.rows.push_back(std::move(windows));
  if (has_levels) out.rows.push_back(std::move(levels));

  // Unit rows: every (unit, agency) other than the issuer's own totals, in the
  // order the plan stated them.
  using RowKey = std::pair<OrgUnitId, std::string>;
  std::map<RowKey, int> row_order;
  auto note_row = [&](const RowKey& key, int ordinal) {
    auto [it, inserted] = row_order.emplace(key, ordinal);
    if (!inserted) it->second = std::min(it->second, ordinal);
  };
  for (const Target* t : targets) {
    if (t->org_unit == issuer && t->agency_code.empty()) continue;
    note_row({t->org_unit, t->agency_code}, t->ordinal);
  }
  for (const PlaceCount* c : counts) {
    if (c->org_unit != issuer) note_row({c->org_unit, ""}, c->ordinal);
  }
  std::vector<std::pair<int, RowKey>> row_list;
  for (const auto& [key, ord] : row_order) row_list.emplace_back(ord, key);
  std::sort(row_list.begin(), row_list.end());
  std::map<RowKey, size_t> row_index;
  int stt = 0;
  for (const auto& [ord, key] : row_list) {
    AllocationRow row;
    row.kind = AllocationRow::Kind::kUnit;
    row.stt = std::to_string(++stt);
    row.org_unit_code = UnitCode(hierarchy, key.first, at);
    row.agency_code = key.second;
    if (key.second.empty()) {
      row.label = UnitName(hierarchy, key.first, at);
    } else {
      const Agency* agency = book.FindAgency(key.second);
      row.label = agency != nullptr && !agency->names.empty() ? agency->NameAt(at).name : key.second;
    }
    row.cells.resize(width);
    row.targets.resize(width);
    row.org_unit = key.first;
    row.ordinal = ord / 1000 * 1000;
    for (size_t i = 0; i < width; ++i) {
      if (out.columns[i].kind == AllocationColumn::Kind::kTarget) row.targets[i] = 0;
    }
    row_index[key] = out.rows.size();
    out.rows.push_back(std::move(row));
  }
  for (const Target* t : targets) {
    if (t->org_unit == issuer && t->agency_code.empty()) continue;
    auto col = column_index.find({t->measure.kind, t->measure.id, t->level});
    if (col == column_index.end()) continue;
    AllocationRow& row = out.rows[row_index[{t->org_unit, t->agency_code}]];
    if (!row.cells[col->second]) {
      row.cells[col->second] = t->value.ToString();
      row.targets[col->second] = t->id;
    }
  }
  for (const PlaceCount* c : counts) {
    if (c->org_unit == issuer) continue;
    auto& cell = out.rows[row_index[{c->org_unit, ""}]].cells[count_index[c->kind]];
    if (!cell) cell = std::to_string(c->count);
  }
  return out;
}

}  // namespace gemis::reporting
