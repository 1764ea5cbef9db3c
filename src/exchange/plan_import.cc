// Plan import, the entry points: parse, read every section against the
// database, then write (invariant (1) of plan_import.h).
#include "exchange/plan_import.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "core/clock.h"
#include "exchange/plan_import_internal.h"

namespace gemis::exchange {

using plan_import::Context;
using plan_import::Diagnostics;
using plan_import::Fields;
using plan_import::PlanContents;
using plan_import::PlanFileContents;

namespace {

constexpr const char* kFormat = "gemis-plans/1";

// The codes an array section defines, so references may point forward.
std::unordered_set<std::string> CodesOf(const nlohmann::json& root, const char* section) {
  std::unordered_set<std::string> codes;
  auto it = root.find(section);
  if (it == root.end() || !it->is_array()) return codes;
  for (const nlohmann::json& item : *it) {
    if (!item.is_object()) continue;
    auto code = item.find("code");
    if (code != item.end() && code->is_string()) codes.insert(code->get<std::string>());
  }
  return codes;
}

PlanImportCounts CountsOf(const PlanFileContents& file) {
  PlanImportCounts c;
  c.agencies = static_cast<int64_t>(file.agencies.size());
  c.program_nodes = static_cast<int64_t>(file.nodes.size());
  c.norms = static_cast<int64_t>(file.norms.size());
  c.plans = static_cast<int64_t>(file.plans.size());
  for (const PlanContents& p : file.plans) {
    c.citations += static_cast<int64_t>(p.plan.citations.size());
    c.assignments += static_cast<int64_t>(p.plan.assignments.size());
    c.targets += static_cast<int64_t>(p.targets.size());
    c.budget_lines += static_cast<int64_t>(p.budget.size());
    c.place_counts += static_cast<int64_t>(p.place_counts.size());
    c.areas += static_cast<int64_t>(p.areas.size());
    c.deadlines += static_cast<int64_t>(p.deadlines.size());
    c.notes += static_cast<int64_t>(p.notes.size());
  }
  return c;
}

// imported / updated / deleted as PlanImportResult describes them.
ImportCount SummaryCount(const PlanFileContents& file, const PlanImportCounts& c,
                         const PlanBook& stored) {
  ImportCount count;
  int64_t total = c.agencies + c.program_nodes + c.norms + c.plans + c.citations + c.assignments +
                  c.targets + c.budget_lines + c.place_counts + c.areas + c.deadlines + c.notes;
  for (const Agency& a : file.agencies) count.updated += stored.FindAgency(a.code) != nullptr;
  for (const ProgramNode& n : file.nodes)
    count.updated += stored.FindProgramNode(n.code) != nullptr;
  for (const SpendingNorm& n : file.norms) count.updated += stored.FindNorm(n.code) != nullptr;
  for (const PlanContents& p : file.plans) {
    const Plan* old = stored.FindPlan(p.plan.code);
    if (old == nullptr || old->code != p.plan.code) continue;
    ++count.updated;
    count.deleted += static_cast<int64_t>(
        stored.TargetsOf(old->id).size() + stored.BudgetOf(old->id).size() +
        stored.PlaceCountsOf(old->id).size() + stored.AreasOf(old->id).size() +
        stored.DeadlinesOf(old->id).size() +
        stored.SourceNotesOf(old->id).size());
  }
  count.imported = total - count.updated;
  return count;
}

// ---------------------------------------------------------------- writing

Status WriteAgencies(store::WriteTransaction& txn, const std::vector<Agency>& agencies) {
  // Successors may be defined further down the file: first every agency
  // without them, then those that have some.
  for (const Agency& a : agencies) {
    Agency bare = a;
    bare.successors.clear();
    GEMIS_RETURN_IF_ERROR(txn.SaveAgency(bare).status());
  }
  for (const Agency& a : agencies) {
    if (!a.successors.empty()) GEMIS_RETURN_IF_ERROR(txn.SaveAgency(a).status());
  }
  return Status::Ok();
}

Status WritePlanContents(store::WriteTransaction& txn, PlanId id, const PlanContents& contents) {
  GEMIS_RETURN_IF_ERROR(txn.ClearPlanContents(id));
  for (Target t : contents.targets) {
    t.plan = id;
    GEMIS_RETURN_IF_ERROR(txn.InsertTarget(t).status());
  }
  for (BudgetLine b : contents.budget) {
    b.plan = id;
    GEMIS_RETURN_IF_ERROR(txn.InsertBudgetLine(b).status());
  }
  for (PlaceCount c : contents.place_counts) {
    c.plan = id;
    GEMIS_RETURN_IF_ERROR(txn.InsertPlaceCount(c));
  }
  for (PlanArea a : contents.areas) {
    a.plan = id;
    GEMIS_RETURN_IF_ERROR(txn.InsertPlanArea(a));
  }
  for (ReportingDeadline d : contents.deadlines) {
    d.plan = id;
    GEMIS_RETURN_IF_ERROR(txn.InsertDeadline(d));
  }
  for (SourceNote n : contents.notes) {
    n.plan = id;
    GEMIS_RETURN_IF_ERROR(txn.InsertSourceNote(n));
  }
  return Status::Ok();
}

Status WritePlans(store::WriteTransaction& txn, const std::vector<PlanContents>& plans) {
  // Citations and supersededBy may name a plan further down the file: first
  // every plan without them, then the full plans.
  std::vector<PlanId> ids;
  for (const PlanContents& p : plans) {
    Plan bare = p.plan;
    bare.citations.clear();
    bare.superseded_by.clear();
    GEMIS_ASSIGN_OR_RETURN(PlanId id, txn.SavePlan(bare));
    ids.push_back(id);
  }
  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& plan = plans[i].plan;
    if (!plan.citations.empty() || !plan.superseded_by.empty()) {
      GEMIS_RETURN_IF_ERROR(txn.SavePlan(plan).status());
    }
    GEMIS_RETURN_IF_ERROR(WritePlanContents(txn, ids[i], plans[i]));
  }
  return Status::Ok();
}

Status Write(store::WriteTransaction& txn, const PlanFileContents& file) {
  GEMIS_RETURN_IF_ERROR(WriteAgencies(txn, file.agencies));
  for (const ProgramNode& node : file.nodes) {
    GEMIS_RETURN_IF_ERROR(txn.SaveProgramNode(node).status());
  }
  for (const SpendingNorm& norm : file.norms) GEMIS_RETURN_IF_ERROR(txn.SaveNorm(norm));
  return WritePlans(txn, file.plans);
}

// ---------------------------------------------------------------- reading

// Reads the document's sections into `out`, reporting errors to `diag`.
void ReadDocument(Context& ctx, const nlohmann::json& root, PlanFileContents& out) {
  Fields fields(ctx.diag, root, "",
                {"format", "source", "agencies", "programme", "norms", "plans"});
  if (!fields.valid()) return;
  std::string format = fields.Text("format");
  if (!format.empty() && format != kFormat) {
    fields.Error("format", "unknown format '" + format + "' (this program reads " + kFormat + ")",
                 kPlanFormat);
  }
  ctx.default_document = fields.Text("source");
  ctx.agencies = CodesOf(root, "agencies");
  ctx.nodes = CodesOf(root, "programme");
  ctx.norms = CodesOf(root, "norms");
  ctx.plans = CodesOf(root, "plans");
  plan_import::ReadAgencies(ctx, fields, out);
  plan_import::ReadProgramme(ctx, fields, out);
  plan_import::ReadNorms(ctx, fields, out);
  plan_import::ReadPlans(ctx, fields, out);
}

PlanImportResult Rejected(PlanImportResult result, std::vector<ImportConflict> conflicts,
                          int64_t objects) {
  result.summary.status = ImportStatus::kError;
  result.summary.conflicts = std::move(conflicts);
  result.summary.count = {0, 0, objects, 0};
  result.summary.description = "rejected: " + std::to_string(result.summary.conflicts.size()) +
                               " error(s); nothing was written";
  return result;
}

}  // namespace

nlohmann::json PlanImportResult::ToJson() const {
  nlohmann::json out = summary.ToJson();
  out["counts"] = {{"agencies", counts.agencies},
                   {"programmeNodes", counts.program_nodes},
                   {"norms", counts.norms},
                   {"plans", counts.plans},
                   {"citations", counts.citations},
                   {"assignments", counts.assignments},
                   {"targets", counts.targets},
                   {"budgetLines", counts.budget_lines},
                   {"placeCounts", counts.place_counts},
                   {"areas", counts.areas},
                   {"deadlines", counts.deadlines},
                   {"notes", counts.notes}};
  return out;
}

Result<PlanImportResult> ImportPlanJson(store::WriteTransaction& txn, std::string_view text,
                                        const std::string& source_name,
                                        const PlanImportOptions& options) {
  PlanImportResult result;
  result.summary.dry_run = options.dry_run;
  Result<JsonDocument> doc = JsonDocument::Parse(text, source_name);
  if (!doc.ok()) {
    Status error = doc.status();
    const Location& at = error.where();
    return Rejected(std::move(result),
                    {{"",
                      "",
                      kPlanFormat,
                      at.field.empty() ? "file" : at.field,
                      {},
                      at.line,
                      error.ToString()}},
                    0);
  }
  Hierarchy loaded;
  if (options.hierarchy == nullptr) {
    GEMIS_ASSIGN_OR_RETURN(loaded, txn.LoadHierarchy());
  }
  GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
  GEMIS_ASSIGN_OR_RETURN(PlanBook stored, txn.LoadPlanBook());
  Diagnostics diag(source_name, &*doc);
  Context ctx{diag,
              "",
              options.hierarchy != nullptr ? *options.hierarchy : loaded,
              options.units,
              metadata,
              stored,
              options.today ? *options.today : VietnamToday(),
              {},
              {},
              {},
              {},
              {}};
  PlanFileContents file;
  ReadDocument(ctx, doc->root(), file);
  result.counts = CountsOf(file);
  ImportCount count = SummaryCount(file, result.counts, stored);
  if (!diag.ok()) {
    return Rejected(std::move(result), std::move(diag.conflicts()), count.imported + count.updated);
  }
  if (!options.dry_run) GEMIS_RETURN_IF_ERROR(Write(txn, file));
  result.summary.count = count;
  result.summary.description =
      std::string(options.dry_run ? "dry run: would import " : "imported ") +
      std::to_string(result.counts.plans) + " plan(s) with " +
      std::to_string(result.counts.targets) + " target(s)";
  return result;
}

Result<PlanImportResult> ImportPlanFile(store::WriteTransaction& txn, const std::string& path,
                                        const PlanImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open '" + path + "'", {path, 0, 0, ""});
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return Status::Io("read error on '" + path + "'", {path, 0, 0, ""});
  return ImportPlanJson(txn, text, path, options);
}

Result<PlanImportResult> ImportPlanFileIntoStore(store::Store& store, const std::string& path,
                                                 const std::string& units_path, bool dry_run,
                                                 std::optional<Date> today) {
  std::optional<PlanImportResult> result;
  const Status rollback = Status::Conflict("plan import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    PlanImportOptions options{nullptr, dry_run, today, &hierarchy};
    UnitTable units;
    if (!units_path.empty()) {
      Result<UnitTable> table = UnitTable::LoadFile(units_path, hierarchy);
      if (!table.ok()) {
        if (table.status().code() == ErrorCode::kIoError) return table.status();
        Status error = table.status();
        const Location& at = error.where();
        result = Rejected(PlanImportResult{},
                          {{"",
                            "",
                            kPlanUnitTable,
                            at.field.empty() ? "file" : at.field,
                            {},
                            at.line,
                            error.ToString()}},
                          0);
        result->summary.dry_run = dry_run;
        return rollback;
      }
      units = std::move(table).value();
      options.units = &units;
    }
    GEMIS_ASSIGN_OR_RETURN(result, ImportPlanFile(txn, path, options));
    bool rejected = result->summary.status == ImportStatus::kError;
    return dry_run || rejected ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  return std::move(*result);
}

}  // namespace gemis::exchange
