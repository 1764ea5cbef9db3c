#include "exchange/org_unit_export.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "exchange/csv_writer.h"

namespace gemis::exchange {

namespace {

// Column names in file order, and the JSON key of each.
struct Column {
  const char* csv;
  const char* json;
};
constexpr Column kColumns[] = {
    {"code", "code"},
    {"name", "name"},
    {"level", "level"},
    {"parent_code", "parentCode"},
    {"valid_from", "validFrom"},
    {"valid_to", "validTo"},
    {"unit_type", "unitType"},
    {"name_en", "nameEn"},
    {"uid", "uid"},
};
constexpr size_t kValidTo = 5;

// One output row: the values of kColumns (valid_to left out of snapshots).
using Row = std::vector<std::string>;

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : ""; }

// The code of `parent` on day `d` (its first version's when `d` is unknown).
std::string ParentCode(const Hierarchy& h, std::optional<OrgUnitId> parent, std::optional<Date> d) {
  const OrgUnit* p = parent ? h.Find(*parent) : nullptr;
  if (p == nullptr) return "";
  const OrgUnitVersion* v = d ? p->VersionAt(*d) : &p->first();
  return (v != nullptr ? *v : p->last()).code;
}

Row MakeRow(const OrgUnit& unit, const OrgUnitVersion& v, std::string parent_code,
            const std::optional<Date>& from, const std::optional<Date>* to) {
  Row row = {v.code, v.name, LevelName(v.level), std::move(parent_code), DateText(from)};
  if (to != nullptr) row.push_back(DateText(*to));
  row.insert(row.end(), {v.unit_type, v.name_en, unit.uid});
  return row;
}

// The first day of a snapshot row (see the header): the later of the
// version's first day and the parent's row's first day.
std::optional<Date> SnapshotFrom(const Hierarchy& h, OrgUnitId id, Date d,
                                 std::unordered_map<OrgUnitId, std::optional<Date>>& memo) {
  if (auto it = memo.find(id); it != memo.end()) return it->second;
  std::optional<Date> from = h.Find(id)->VersionAt(d)->from;
  if (std::optional<OrgUnitId> parent = h.ParentAt(id, d)) {
    std::optional<Date> parent_from = SnapshotFrom(h, *parent, d, memo);
    if (parent_from && (!from || *from < *parent_from)) from = parent_from;
  }
  memo[id] = from;
  return from;
}

bool LevelChosen(const OrgUnitExportOptions& options, OrgUnitLevel level) {
  return !options.level || *options.level == level;
}

std::vector<Row> SnapshotRows(const Hierarchy& h, const OrgUnitExportOptions& options) {
  Date d = options.as_of;
  std::vector<OrgUnitId> ids = h.UnitsAt(d);  // by code
  std::stable_sort(ids.begin(), ids.end(), [&](OrgUnitId a, OrgUnitId b) {
    return h.Find(a)->VersionAt(d)->level < h.Find(b)->VersionAt(d)->level;
  });
  std::unordered_map<OrgUnitId, std::optional<Date>> memo;
  std::vector<Row> rows;
  for (OrgUnitId id : ids) {
    const OrgUnit& unit = *h.Find(id);
    const OrgUnitVersion& v = *unit.VersionAt(d);
    if (!LevelChosen(options, v.level)) continue;
    if (options.under) {
      std::vector<OrgUnitId> ancestors = h.AncestorsAt(id, d);
      if (std::find(ancestors.begin(), ancestors.end(), *options.under) == ancestors.end())
        continue;
    }
    rows.push_back(MakeRow(unit, v, ParentCode(h, h.ParentAt(id, d), d),
                           SnapshotFrom(h, id, d, memo), nullptr));
  }
  return rows;
}

// Whether `under` is an ancestor of a version whose parent is `parent`,
// following the parents recorded on day `d` (first versions when unknown).
bool RecordedBelow(const Hierarchy& h, std::optional<OrgUnitId> parent, OrgUnitId under,
                   std::optional<Date> d) {
  // The tier rule bounds the depth; the limit guards against a cycle anyway.
  for (int depth = 0; parent && depth < 16; ++depth) {
    if (*parent == under) return true;
    const OrgUnit* p = h.Find(*parent);
    const OrgUnitVersion* v = p == nullptr ? nullptr : d ? p->VersionAt(*d) : &p->first();
    parent = v != nullptr ? v->parent : std::nullopt;
  }
  return false;
}

std::vector<Row> HistoryRows(const Hierarchy& h, const OrgUnitExportOptions& options) {
  std::vector<const OrgUnit*> units;
  for (const OrgUnit& unit : h.units()) units.push_back(&unit);
  std::sort(units.begin(), units.end(), [](const OrgUnit* a, const OrgUnit* b) {
    return std::tie(a->first().level, a->first().code, a->uid) <
           std::tie(b->first().level, b->first().code, b->uid);
  });
  std::vector<Row> rows;
  for (const OrgUnit* unit : units) {
    bool below = !options.under;
    for (const OrgUnitVersion& v : unit->versions) {
      below = below || RecordedBelow(h, v.parent, *options.under, v.from);
    }
    if (!below) continue;
    for (const OrgUnitVersion& v : unit->versions) {
      if (!LevelChosen(options, v.level)) continue;
      rows.push_back(MakeRow(*unit, v, ParentCode(h, v.parent, v.from), v.from, &v.to));
    }
  }
  return rows;
}

Status WriteCsv(const std::vector<Row>& rows, bool history, std::ostream& out) {
  CsvWriter writer(out);
  std::vector<std::string_view> header;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    if (history || i != kValidTo) header.push_back(kColumns[i].csv);
  }
  writer.WriteRow(header);
  for (const Row& row : rows) writer.WriteRow(row);
  return writer.Flush();
}

Status WriteJson(const std::vector<Row>& rows, bool history, std::ostream& out) {
  nlohmann::json units = nlohmann::json::array();
  for (const Row& row : rows) {
    nlohmann::json unit = nlohmann::json::object();
    for (size_t i = 0, field = 0; i < std::size(kColumns); ++i) {
      if (!history && i == kValidTo) continue;
      const std::string& value = row[field++];
      // Unknown dates are null; other empty values are empty strings.
      bool date = i == 4 || i == kValidTo;
      unit[kColumns[i].json] =
          date && value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
    }
    units.push_back(std::move(unit));
  }
  out << nlohmann::json{{"orgUnits", std::move(units)}}.dump(
             2, ' ', false, nlohmann::json::error_handler_t::replace)
      << "\n";
  out.flush();
  if (!out) return Status::Io("cannot write the export");
  return Status::Ok();
}

}  // namespace

Result<int64_t> ExportOrgUnits(const Hierarchy& hierarchy, const OrgUnitExportOptions& options,
                               std::ostream& out) {
  std::vector<Row> rows =
      options.history ? HistoryRows(hierarchy, options) : SnapshotRows(hierarchy, options);
  GEMIS_RETURN_IF_ERROR(options.format == OrgUnitFileFormat::kCsv
                            ? WriteCsv(rows, options.history, out)
                            : WriteJson(rows, options.history, out));
  return static_cast<int64_t>(rows.size());
}

}  // namespace gemis::exchange
