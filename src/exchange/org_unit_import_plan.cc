// Org-unit import, part 2: checking rows against the hierarchy (in file
// order, each against the base and the units of earlier rows) and writing the
// accepted ones in one transaction. Reading is in org_unit_import.cc.
#include <algorithm>
#include <unordered_map>

#include "core/hierarchy_editor.h"
#include "core/text.h"
#include "exchange/org_unit_import.h"

namespace gemis::exchange {

namespace {

constexpr size_t kMaxCodeBytes = 50;
constexpr size_t kMaxNameCharacters = 230;  // DHIS2's limit

// Code points of valid UTF-8 text: the bytes that are not continuation bytes.
size_t Characters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string DefaultUnitType(OrgUnitLevel level) {
  switch (level) {
    case OrgUnitLevel::kCentre: return "";
    case OrgUnitLevel::kProvince: return "Tỉnh";
    case OrgUnitLevel::kDistrict: return "Huyện";
    case OrgUnitLevel::kCommune: return "Xã";
    case OrgUnitLevel::kVillage: return "Thôn";
  }
  return "";
}

std::string OnDate(const std::optional<Date>& d) {
  return d ? "on " + d->ToString() : "since before records";
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

Result<std::optional<Date>> ParseValidFrom(std::string_view text) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> d =
      text.find('/') != std::string_view::npos ? Date::ParseVietnamese(text) : Date::Parse(text);
  if (!d.ok()) return d.status();
  return std::optional<Date>(*d);
}

// "1 conflict", "2 conflicts".
std::string Count(int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

ImportConflict Conflict(const OrgUnitRow& row, const char* code, std::string property,
                        std::string value, std::string message) {
  return {row.code, std::move(value),  code, std::move(property), {row.index},
          row.line, std::move(message)};
}

// Plans one file: checks each row in order against the base hierarchy and the
// units created by earlier rows, and creates the good ones in an editor.
class Planner {
 public:
  Planner(const Hierarchy& base, const OrgUnitFile& file, const OrgUnitImportOptions& options,
          RandomSource& random);
  void Row(const OrgUnitRow& row);
  OrgUnitImportPlan Finish();

 private:
  // A unit carrying a code on a date: from the base, or made by an earlier row.
  struct Carrier {
    OrgUnitId id;
    std::string uid;
    const OrgUnitVersion* version;
    std::optional<OrgUnitId> parent;  // on that date
  };
  struct Created {
    OrgUnitId id;
    std::string uid;
    OrgUnitVersion version;
    int64_t line;
  };
  struct Accepted {  // a row that passed its checks
    NewOrgUnit spec;
    std::optional<Date> from;
    const OrgUnitRow* row = nullptr;
  };

  std::optional<ImportConflict> CheckFields(const OrgUnitRow& row, Accepted& out) const;
  std::optional<ImportConflict> ResolveParent(const OrgUnitRow& row, Accepted& out) const;
  std::optional<ImportConflict> CheckParentLevel(const OrgUnitRow& row, const Accepted& a,
                                                 OrgUnitId parent) const;
  std::optional<ImportConflict> CheckCode(const OrgUnitRow& row, const Accepted& a,
                                          bool& same) const;
  std::optional<ImportConflict> AssignUid(const OrgUnitRow& row, Accepted& a);
  std::optional<Carrier> CarrierOn(std::string_view code, std::optional<Date> from) const;
  std::string LaterUseOf(std::string_view code, std::optional<Date> from) const;
  std::string ParentNotFound(const OrgUnitRow& row, std::optional<Date> from) const;
  std::string CycleThrough(const OrgUnitRow& row) const;
  std::string Differences(const Carrier& c, const Accepted& a) const;
  std::string Describe(OrgUnitId id) const;
  const OrgUnitVersion* VersionOf(OrgUnitId id, std::optional<Date> from) const;
  void Reject(ImportConflict conflict, const OrgUnitRow& row);
  void Create(Accepted a);
  Status Replay(size_t count) const;
  ImportConflict Culprit() const;
  void Collect(const Hierarchy& built, OrgUnitImportPlan& plan) const;

  const Hierarchy& base_;
  const OrgUnitFile& file_;
  const OrgUnitImportOptions& options_;
  RandomSource& random_;
  HierarchyEditor editor_;
  std::vector<Created> created_;
  std::unordered_map<OrgUnitId, size_t> created_by_id_;
  std::unordered_map<std::string, std::vector<size_t>> created_by_code_;
  std::unordered_map<std::string, int64_t> created_uids_;    // uid → line
  std::unordered_map<std::string, int64_t> rejected_lines_;  // code → line
  std::unordered_map<std::string, const OrgUnitRow*> first_row_by_code_;
  std::vector<Accepted> accepted_;
  std::vector<ImportConflict> conflicts_;
};

Planner::Planner(const Hierarchy& base, const OrgUnitFile& file,
                 const OrgUnitImportOptions& options, RandomSource& random)
    : base_(base), file_(file), options_(options), random_(random), editor_(base, random) {
  for (const OrgUnitRow& row : file.rows) first_row_by_code_.emplace(row.code, &row);
}

std::optional<ImportConflict> Planner::CheckFields(const OrgUnitRow& row, Accepted& a) const {
  if (row.code.empty())
    return Conflict(row, kOuCode, "code", "", "code is empty: every unit needs a code");
  if (row.code.size() > kMaxCodeBytes || HasControl(row.code) ||
      row.code.find(' ') != std::string::npos) {
    return Conflict(
        row, kOuCode, "code", row.code,
        "code '" + row.code + "' must be at most 50 bytes without spaces or control characters");
  }
  if (row.name.empty())
    return Conflict(row, kOuName, "name", "", "name is empty: every unit needs a name");
  if (Characters(row.name) > kMaxNameCharacters || HasControl(row.name)) {
    return Conflict(
        row, kOuName, "name", row.name,
        "name must be at most 230 characters without line breaks or control characters");
  }
  Result<OrgUnitLevel> level = ParseLevel(row.level);
  if (!level.ok()) {
    return Conflict(row, kOuLevel, "level", row.level,
                    row.level.empty()
                        ? "level is empty (expected centre, province, district, commune, "
                          "village, tỉnh, huyện, xã, thôn or 1-5)"
                        : level.status().message());
  }
  Result<std::optional<Date>> from = ParseValidFrom(row.valid_from);
  if (!from.ok()) {
    return Conflict(row, kOuDate, "validFrom", row.valid_from,
                    "valid_from '" + row.valid_from +
                        "' is not a date (expected YYYY-MM-DD or "
                        "dd/mm/yyyy): " +
                        from.status().message());
  }
  if (!row.valid_to.empty()) {
    return Conflict(row, kOuDate, "validTo", row.valid_to,
                    "valid_to is not imported: a unit ends through a dated close or merge event, "
                    "not a file row; leave the column empty");
  }
  if (!row.uid.empty() && !IsValidUid(row.uid)) {
    return Conflict(row, kOuUid, "uid", row.uid,
                    "uid '" + row.uid +
                        "' is not a valid uid (11 characters: a letter, then letters or digits)");
  }
  a.from = *from;
  a.spec = {row.uid,    row.code,
            row.name,   row.unit_type.empty() ? DefaultUnitType(*level) : row.unit_type,
            *level,     std::nullopt,
            row.name_en};
  return std::nullopt;
}

std::optional<Planner::Carrier> Planner::CarrierOn(std::string_view code,
                                                   std::optional<Date> from) const {
  if (from) {
    if (const OrgUnit* u = base_.FindByCode(code, *from)) {
      return Carrier{u->id, u->uid, u->VersionAt(*from), base_.ParentAt(u->id, *from)};
    }
  } else {
    for (const OrgUnit* u : base_.FindByCodeAnyTime(code)) {
      if (!u->first().from && u->first().code == code) {
        return Carrier{u->id, u->uid, &u->first(), u->first().parent};
      }
    }
  }
  auto it = created_by_code_.find(std::string(code));
  if (it == created_by_code_.end()) return std::nullopt;
  for (size_t i : it->second) {
    const Created& c = created_[i];
    if (!c.version.from || (from && *c.version.from <= *from)) {
      return Carrier{c.id, c.uid, &c.version, c.version.parent};
    }
  }
  return std::nullopt;
}

// Who carries `code` on some day from `from` on, when nobody does on `from`.
std::string Planner::LaterUseOf(std::string_view code, std::optional<Date> from) const {
  std::vector<const OrgUnit*> users =
      from ? base_.FindByCodeOverlapping(code, *from, Date::FromYmd(9999, 12, 31))
           : base_.FindByCodeAnyTime(code);
  for (const OrgUnit* u : users) {
    for (const OrgUnitVersion& v : u->versions) {
      if (v.code == code && (!from || !v.to || *v.to >= *from)) {
        return Describe(u->id) + " (uid " + u->uid + ") " + OnDate(v.from);
      }
    }
  }
  auto it = created_by_code_.find(std::string(code));
  if (it == created_by_code_.end() || it->second.empty()) return "";
  const Created& c = created_[it->second.front()];
  return "the unit of line " + std::to_string(c.line) + " " + OnDate(c.version.from);
}

std::string Planner::Describe(OrgUnitId id) const {
  const OrgUnitVersion* v = nullptr;
  if (const OrgUnit* u = base_.Find(id)) v = &u->last();
  auto it = created_by_id_.find(id);
  if (it != created_by_id_.end()) v = &created_[it->second].version;
  return v == nullptr ? "#" + std::to_string(id) : v->code + " " + v->FullName();
}

// The parent code chain among the file's rows, when it leads back to `row`.
std::string Planner::CycleThrough(const OrgUnitRow& row) const {
  std::string path = row.code;
  std::string at = row.parent_code;
  for (size_t steps = 0; steps <= file_.rows.size(); ++steps) {
    path += " → " + at;
    if (at == row.code) return path;
    auto it = first_row_by_code_.find(at);
    if (it == first_row_by_code_.end() || it->second->parent_code.empty()) return "";
    at = it->second->parent_code;
  }
  return "";
}

std::string Planner::ParentNotFound(const OrgUnitRow& row, std::optional<Date> from) const {
  std::string message = "parent code '" + row.parent_code + "' names no unit " + OnDate(from);
  if (auto rejected = rejected_lines_.find(row.parent_code); rejected != rejected_lines_.end()) {
    return message + "; its own row (line " + std::to_string(rejected->second) + ") was rejected";
  }
  if (auto later = first_row_by_code_.find(row.parent_code);
      later != first_row_by_code_.end() && later->second->index > row.index) {
    return message + "; its row comes later (line " + std::to_string(later->second->line) +
           "): put parents before their children";
  }
  std::string uses;
  for (const OrgUnit* u : base_.FindByCodeAnyTime(row.parent_code)) {
    for (const OrgUnitVersion& v : u->versions) {
      if (v.code != row.parent_code) continue;
      uses += (uses.empty() ? "" : "; ") + v.FullName() + " from " +
              (v.from ? v.from->ToString() : "before records") + " to " +
              (v.to ? v.to->ToString() : "now");
    }
  }
  if (!uses.empty()) return message + "; the code was used by " + uses;
  if (auto created = created_by_code_.find(row.parent_code); created != created_by_code_.end()) {
    return message + "; the unit of line " +
           std::to_string(created_[created->second.front()].line) + " starts later";
  }
  return message + "; no unit has ever had this code";
}

std::optional<ImportConflict> Planner::ResolveParent(const OrgUnitRow& row, Accepted& a) const {
  if (row.parent_code.empty()) {
    if (a.spec.level == OrgUnitLevel::kCentre) return std::nullopt;
    return Conflict(row, kOuParentNotFound, "parentCode", "",
                    std::string("parent code is empty: a ") + LevelName(a.spec.level) +
                        " needs a parent; only a centre-level unit can be a root");
  }
  if (std::string cycle = CycleThrough(row); !cycle.empty()) {
    return Conflict(row, kOuCycle, "parentCode", row.parent_code,
                    "the rows' parent codes form a cycle: " + cycle);
  }
  std::optional<Carrier> parent = CarrierOn(row.parent_code, a.from);
  if (!parent)
    return Conflict(row, kOuParentNotFound, "parentCode", row.parent_code,
                    ParentNotFound(row, a.from));
  a.spec.parent = parent->id;
  return CheckParentLevel(row, a, parent->id);
}

// The tier rule holds on every day the new unit and its parent share, so
// every version of the parent from `from` on is checked.
std::optional<ImportConflict> Planner::CheckParentLevel(const OrgUnitRow& row, const Accepted& a,
                                                        OrgUnitId parent) const {
  std::vector<const OrgUnitVersion*> versions;
  if (const OrgUnit* u = base_.Find(parent)) {
    for (const OrgUnitVersion& v : u->versions) versions.push_back(&v);
  } else {
    versions.push_back(&created_[created_by_id_.at(parent)].version);
  }
  for (const OrgUnitVersion* v : versions) {
    if (a.from && v->to && *v->to < *a.from) continue;
    if (static_cast<int>(v->level) < static_cast<int>(a.spec.level)) continue;
    return Conflict(
        row, kOuLevel, "level", row.level,
        std::string("a ") + LevelName(a.spec.level) + " must be below its parent, but " + v->code +
            " " + v->FullName() + " is a " + LevelName(v->level) +
            (v->from && (!a.from || *v->from > *a.from) ? " from " + v->from->ToString() : ""));
  }
  return std::nullopt;
}

const OrgUnitVersion* Planner::VersionOf(OrgUnitId id, std::optional<Date> from) const {
  if (const OrgUnit* u = base_.Find(id)) return from ? u->VersionAt(*from) : &u->first();
  return &created_[created_by_id_.at(id)].version;
}

std::string Planner::Differences(const Carrier& c, const Accepted& a) const {
  const OrgUnitVersion& v = *c.version;
  const OrgUnitRow& row = *a.row;
  std::string out;
  auto add = [&out](const std::string& what) { out += (out.empty() ? "" : ", ") + what; };
  if (!SameNameIgnoringTonePlacement(v.name, row.name)) add("name (stored '" + v.name + "')");
  if (v.level != a.spec.level) add(std::string("level (stored ") + LevelName(v.level) + ")");
  if (c.parent != a.spec.parent) {
    const OrgUnitVersion* p = c.parent ? VersionOf(*c.parent, a.from) : nullptr;
    add("parent (stored " + (p ? "'" + p->code + "'" : std::string("none")) + ")");
  }
  if (!row.unit_type.empty() && row.unit_type != v.unit_type)
    add("unit type (stored '" + v.unit_type + "')");
  if (!row.name_en.empty() && row.name_en != v.name_en)
    add("English name (stored '" + v.name_en + "')");
  if (!row.uid.empty() && row.uid != c.uid) add("uid (stored " + c.uid + ")");
  return out;
}

// Whether `row`'s code is free from `a.from` on; `same` when the unit that
// carries it is the one the row describes (the row is then ignored).
std::optional<ImportConflict> Planner::CheckCode(const OrgUnitRow& row, const Accepted& a,
                                                 bool& same) const {
  same = false;
  if (std::optional<Carrier> carrier = CarrierOn(row.code, a.from)) {
    std::string differences = Differences(*carrier, a);
    same = differences.empty();
    if (same) return std::nullopt;
    return Conflict(row, kOuCodeTaken, "code", row.code,
                    "code '" + row.code + "' already belongs " + OnDate(a.from) + " to " +
                        Describe(carrier->id) + " (uid " + carrier->uid + "), which differs in " +
                        differences + "; import creates units, it does not change them");
  }
  if (std::string later = LaterUseOf(row.code, a.from); !later.empty()) {
    return Conflict(row, kOuCodeTaken, "code", row.code,
                    "code '" + row.code + "' is carried by " + later + "; a new unit valid " +
                        (a.from ? "from " + a.from->ToString() : "since before records") +
                        " would carry it at the same time");
  }
  return std::nullopt;
}

std::optional<ImportConflict> Planner::AssignUid(const OrgUnitRow& row, Accepted& a) {
  if (row.uid.empty()) {
    do {
      a.spec.uid = GenerateUid(random_);
    } while (base_.FindByUid(a.spec.uid) != nullptr || created_uids_.count(a.spec.uid) != 0);
    return std::nullopt;
  }
  if (const OrgUnit* u = base_.FindByUid(row.uid)) {
    return Conflict(row, kOuUid, "uid", row.uid,
                    "uid " + row.uid + " already belongs to " + Describe(u->id));
  }
  if (auto it = created_uids_.find(row.uid); it != created_uids_.end()) {
    return Conflict(
        row, kOuUid, "uid", row.uid,
        "uid " + row.uid + " is already used by the row of line " + std::to_string(it->second));
  }
  return std::nullopt;
}

void Planner::Reject(ImportConflict conflict, const OrgUnitRow& row) {
  conflicts_.push_back(std::move(conflict));
  if (!row.code.empty()) rejected_lines_.emplace(row.code, row.line);
}

void Planner::Row(const OrgUnitRow& row) {
  if (row.problem) return Reject(*row.problem, row);
  Accepted a;
  a.row = &row;
  if (auto conflict = CheckFields(row, a)) return Reject(std::move(*conflict), row);
  if (auto conflict = ResolveParent(row, a)) return Reject(std::move(*conflict), row);
  bool same = false;
  if (auto conflict = CheckCode(row, a, same)) return Reject(std::move(*conflict), row);
  if (same) return;  // ignored: the unit is already there
  if (auto conflict = AssignUid(row, a)) return Reject(std::move(*conflict), row);
  Create(std::move(a));
}

void Planner::Create(Accepted a) {
  const OrgUnitRow& row = *a.row;
  Result<OrgUnitId> id = editor_.Create(a.spec, a.from, /*approximate=*/true);
  if (!id.ok()) {
    std::string field = id.status().where().field;
    return Reject(
        Conflict(row, kOuHierarchy, field.empty() ? "orgUnit" : field, "", id.status().message()),
        row);
  }
  OrgUnitVersion v;
  v.from = a.from;
  v.code = a.spec.code;
  v.name = a.spec.name;
  v.unit_type = a.spec.unit_type;
  v.level = a.spec.level;
  v.parent = a.spec.parent;
  v.name_en = a.spec.name_en;
  v.approximate_from = !a.from;
  created_by_id_[*id] = created_.size();
  created_by_code_[v.code].push_back(created_.size());
  created_uids_[a.spec.uid] = row.line;
  created_.push_back({*id, a.spec.uid, std::move(v), row.line});
  accepted_.push_back(std::move(a));
}

Status Planner::Replay(size_t count) const {
  SeededRandom random(0);
  HierarchyEditor editor(base_, random);
  for (size_t i = 0; i < count; ++i) {
    GEMIS_RETURN_IF_ERROR(editor.Create(accepted_[i].spec, accepted_[i].from, true).status());
  }
  return editor.Finish().status();
}

// The whole-hierarchy check failed although every row passed its own checks
// (a gap in those checks): the first row whose unit makes it fail. Adding
// units never repairs an invalid hierarchy, so prefixes of the accepted rows
// fail from some length on, and a binary search finds it.
ImportConflict Planner::Culprit() const {
  size_t lo = 1, hi = accepted_.size();  // prefix `hi` fails
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (Replay(mid).ok()) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return Conflict(*accepted_[hi - 1].row, kOuHierarchy, "orgUnit", "",
                  "the hierarchy with this unit is invalid: " + Replay(hi).message());
}

void Planner::Collect(const Hierarchy& built, OrgUnitImportPlan& plan) const {
  for (const Created& c : created_) plan.units.push_back(*built.Find(c.id));
  for (OrgUnitEvent event : editor_.new_events()) {
    const Created& c = created_[created_by_id_.at(event.units.front())];
    event.note =
        "gemis import orgunits " + options_.source_name + " line " + std::to_string(c.line);
    plan.events.push_back(std::move(event));
  }
}

OrgUnitImportPlan Planner::Finish() {
  OrgUnitImportPlan plan;
  bool rejected = !conflicts_.empty() && !options_.best_effort;
  if (!rejected && !accepted_.empty()) {
    Result<Hierarchy> built = editor_.Finish();
    if (built.ok()) {
      Collect(*built, plan);
    } else {
      conflicts_.push_back(Culprit());
      rejected = true;
    }
  }
  ImportSummary& summary = plan.summary;
  summary.conflicts = conflicts_;
  summary.count.imported = rejected ? 0 : static_cast<int64_t>(accepted_.size());
  summary.count.ignored = static_cast<int64_t>(file_.rows.size()) - summary.count.imported;
  summary.status = conflicts_.empty()           ? ImportStatus::kSuccess
                   : summary.count.imported > 0 ? ImportStatus::kWarning
                                                : ImportStatus::kError;
  summary.description = options_.source_name + ": " + Count(summary.count.imported, "org unit") +
                        " imported, " + std::to_string(summary.count.ignored) + " ignored, " +
                        Count(static_cast<int64_t>(conflicts_.size()), "conflict") +
                        (rejected ? "; nothing written (the import is atomic)" : "");
  return plan;
}

}  // namespace

OrgUnitImportPlan PlanOrgUnitImport(const Hierarchy& base, const OrgUnitFile& file,
                                    const OrgUnitImportOptions& options, RandomSource& random) {
  if (file.malformed) {
    OrgUnitImportPlan plan;
    plan.summary.status = ImportStatus::kError;
    plan.summary.conflicts.push_back(*file.malformed);
    plan.summary.description = options.source_name + ": the file cannot be read; nothing written";
    return plan;
  }
  Planner planner(base, file, options, random);
  for (const OrgUnitRow& row : file.rows) planner.Row(row);
  return planner.Finish();
}

Result<ImportSummary> ImportOrgUnits(store::Store& store, std::istream& in,
                                     OrgUnitFileFormat format, const OrgUnitImportOptions& options,
                                     RandomSource& random) {
  GEMIS_ASSIGN_OR_RETURN(OrgUnitFile file, ReadOrgUnitFile(in, options.source_name, format));
  return ImportOrgUnitFile(store, file, options, random);
}

Result<ImportSummary> ImportOrgUnitFile(store::Store& store, const OrgUnitFile& file,
                                        const OrgUnitImportOptions& options, RandomSource& random) {
  OrgUnitImportPlan plan;
  auto make_plan = [&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy base, txn.LoadHierarchy());
    plan = PlanOrgUnitImport(base, file, options, random);
    return Status::Ok();
  };
  Status status;
  if (file.malformed) {
    plan = PlanOrgUnitImport(Hierarchy(), file, options, random);
  } else if (options.dry_run) {
    status = store.Read(make_plan);
  } else {
    status = store.Write([&](store::WriteTransaction& txn) {
      GEMIS_RETURN_IF_ERROR(make_plan(txn));
      if (plan.units.empty()) return Status::Ok();
      std::vector<const OrgUnit*> units;
      for (const OrgUnit& unit : plan.units) units.push_back(&unit);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
      return txn.InsertEvents(plan.events);
    });
  }
  GEMIS_RETURN_IF_ERROR(status);
  plan.summary.dry_run = options.dry_run;
  if (options.dry_run) plan.summary.description += " (dry run: nothing written)";
  return plan.summary;
}

}  // namespace gemis::exchange
