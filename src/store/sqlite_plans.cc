// The planning model (core/plan.h) in SQLite: agencies, programme nodes,
// spending norms, plans with their citations and assignments, and what plans
// state (targets, budget lines, place counts, areas, reporting deadlines,
// source notes). Schema: migrations 4 and 5 (store/migrations.cc).
//
// Every write resolves and checks its references before it changes anything,
// so a call that fails leaves the transaction as it was.
#include <map>
#include <unordered_map>

#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

constexpr const char* kDataElementKind = "data_element";
constexpr const char* kIndicatorKind = "indicator";

const char* MeasureKindName(MeasureKind kind) {
  return kind == MeasureKind::kIndicator ? kIndicatorKind : kDataElementKind;
}

Location Field(std::string field) { return Location{"", 0, 0, std::move(field)}; }

// "citations/2/plan": a field of the n-th entry of a list, as a relative JSON
// pointer (the importer prefixes it with the plan's own pointer).
std::string ItemField(std::string_view list, size_t index, std::string_view field) {
  return std::string(list) + "/" + std::to_string(index) + "/" + std::string(field);
}

// 0 (no org unit, agency, …) is stored as NULL.
std::optional<int64_t> OptId(int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

// Binds consecutive parameters from 1.
class Binder {
 public:
  explicit Binder(SqliteStatement& stmt) : stmt_(stmt) {}
  template <typename T>
  Binder& operator()(const T& value) {
    stmt_.Bind(++index_, value);
    return *this;
  }
  Binder& operator()(const SourceRef& source) {
    return (*this)(source.document)(source.section)(source.text);
  }

 private:
  SqliteStatement& stmt_;
  int index_ = 0;
};

// Reads consecutive columns from 0; stored text that does not parse is
// corruption.
class Reader {
 public:
  explicit Reader(const SqliteStatement& stmt) : stmt_(stmt) {}

  int64_t Int() { return stmt_.Int(index_++); }
  std::optional<int64_t> OptInt() { return stmt_.OptInt(index_++); }
  std::string Text() { return stmt_.Text(index_++); }
  std::optional<std::string> OptText() { return stmt_.OptText(index_++); }
  SourceRef Source() {
    SourceRef source;
    source.document = Text();
    source.section = Text();
    source.text = Text();
    return source;
  }
  Result<std::optional<Date>> OptDate() {
    std::optional<std::string> text = OptText();
    if (!text) return std::optional<Date>();
    Result<Date> d = Date::Parse(*text);
    if (!d.ok()) return Status::Corruption("stored date '" + *text + "' is invalid");
    return std::optional<Date>(*d);
  }
  Result<Date> RequiredDate() {
    GEMIS_ASSIGN_OR_RETURN(std::optional<Date> d, OptDate());
    if (!d) return Status::Corruption("a stored date is missing");
    return *d;
  }
  Result<DateSet> Dates() {
    std::string text = Text();
    if (text.empty()) return DateSet();
    Result<DateSet> set = DateSet::Parse(text);
    if (!set.ok()) {
      return Status::Corruption("stored date set '" + text + "' is invalid: " +
                                set.status().message());
    }
    return set;
  }
  Result<Decimal> Number() {
    std::string text = Text();
    Result<Decimal> value = Decimal::Parse(text);
    if (!value.ok()) return Status::Corruption("stored value '" + text + "' is invalid");
    return value;
  }
  template <typename E>
  Result<E> Enum(Result<E> (*parse)(std::string_view), const char* what) {
    std::string text = Text();
    Result<E> value = parse(text);
    if (!value.ok()) {
      return Status::Corruption(std::string("stored ") + what + " '" + text + "' is invalid");
    }
    return value;
  }

 private:
  const SqliteStatement& stmt_;
  int index_ = 0;
};

// Runs `sql` and calls `fn` with a Reader for each row.
Status ForEachRow(SqliteDb& db, std::string_view sql, const std::function<Status(Reader&)>& fn) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    Reader reader(stmt);
    GEMIS_RETURN_IF_ERROR(fn(reader));
  }
}

// The position of `id` in `index`, or kCorruption: a row that names a parent
// row that is not there (possible only when foreign keys were off).
template <typename Index>
Result<size_t> Position(const Index& index, int64_t id, const char* what) {
  auto it = index.find(id);
  if (it == index.end()) {
    return Status::Corruption("stored " + std::string(what) + " of missing " +
                              std::to_string(id));
  }
  return it->second;
}

Result<MeasureKind> ParseMeasureKind(std::string_view text) {
  if (text == kDataElementKind) return MeasureKind::kDataElement;
  if (text == kIndicatorKind) return MeasureKind::kIndicator;
  return Status::Invalid("unknown measure kind '" + std::string(text) + "'");
}

}  // namespace

// ------------------------------------------------------------------ helpers

Result<SqliteStatement*> SqliteTransaction::CachedSql(std::string_view sql) {
  auto it = sql_cache_.find(sql);
  if (it == sql_cache_.end()) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
    it = sql_cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(std::move(stmt)))
             .first;
  }
  return it->second.get();
}

Result<std::optional<int64_t>> SqliteTransaction::IdOfCode(std::string_view table,
                                                           const std::string& code,
                                                           std::string_view what,
                                                           std::string_view field) {
  if (code.empty()) return std::optional<int64_t>();
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement* stmt,
                         CachedSql("SELECT id FROM " + std::string(table) + " WHERE code = ?"));
  stmt->Bind(1, code);
  GEMIS_ASSIGN_OR_RETURN(bool found, stmt->Step());
  std::optional<int64_t> id;
  if (found) id = stmt->Int(0);
  stmt->Reset();
  if (!id) {
    return Status::NotFound(std::string(what) + " '" + code + "' does not exist",
                            Field(std::string(field)));
  }
  return id;
}

Status SqliteTransaction::RequireId(std::string_view table, int64_t id, std::string_view what,
                                    std::string_view field) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement* stmt,
                         CachedSql("SELECT 1 FROM " + std::string(table) + " WHERE id = ?"));
  stmt->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool found, stmt->Step());
  stmt->Reset();
  if (!found) {
    return Status::NotFound(std::string(what) + " " + std::to_string(id) + " does not exist",
                            Field(std::string(field)));
  }
  return Status::Ok();
}

Result<int64_t> SqliteTransaction::MeasureId(const MeasureRef& measure) {
  const bool indicator = measure.kind == MeasureKind::kIndicator;
  const char* table = indicator ? "indicator" : "data_element";
  const char* what = indicator ? "indicator" : "data element";
  if (measure.id == 0) {
    if (measure.code.empty()) {
      return Status::Invalid("a target needs a measure", Field("measure"));
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                           IdOfCode(table, measure.code, what, "measure"));
    return *id;
  }
  Status found = RequireId(table, measure.id, what, "measure");
  if (!found.ok() && !measure.code.empty()) {
    return Status::NotFound(std::string(what) + " '" + measure.code + "' (id " +
                                std::to_string(measure.id) + ") does not exist",
                            Field("measure"));
  }
  GEMIS_RETURN_IF_ERROR(found);
  return measure.id;
}

// ------------------------------------------------------------------ agencies

Result<AgencyId> SqliteTransaction::SaveAgency(const Agency& agency) {
  if (agency.code.empty()) return Status::Invalid("an agency needs a code", Field("code"));
  if (agency.names.empty()) {
    return Status::Invalid("agency '" + agency.code + "' has no name", Field("names"));
  }
  if (agency.org_unit != 0) {
    GEMIS_RETURN_IF_ERROR(RequireId("org_unit", agency.org_unit, "org unit", "orgUnit"));
  }
  std::vector<int64_t> successor_ids;
  for (size_t i = 0; i < agency.successors.size(); ++i) {
    const AgencySuccessor& s = agency.successors[i];
    if (s.successor_code.empty()) {
      return Status::Invalid("a successor needs a code", Field(ItemField("successors", i, "code")));
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                           IdOfCode("agency", s.successor_code, "successor agency",
                                    ItemField("successors", i, "code")));
    successor_ids.push_back(*id);
  }

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * upsert, CachedSql(
      "INSERT INTO agency (code, kind, org_unit_id, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT (code) DO UPDATE SET kind = excluded.kind,"
      " org_unit_id = excluded.org_unit_id, valid_from = excluded.valid_from,"
      " valid_to = excluded.valid_to RETURNING id"));
  Binder{*upsert}(agency.code)(AgencyKindName(agency.kind))(OptId(agency.org_unit))(
      StoredDateText(agency.from))(StoredDateText(agency.to));
  GEMIS_ASSIGN_OR_RETURN(bool row, upsert->Step());
  if (!row) return Status::Internal("agency upsert returned no id");
  AgencyId id = upsert->Int(0);
  upsert->Reset();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_names,
                         CachedSql("DELETE FROM agency_name WHERE agency_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_names->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert_name, CachedSql(
      "INSERT INTO agency_name (agency_id, seq, valid_from, valid_to, name, short_name)"
      " VALUES (?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < agency.names.size(); ++i) {
    const AgencyName& n = agency.names[i];
    Binder{*insert_name}(id)(static_cast<int64_t>(i + 1))(StoredDateText(n.from))(StoredDateText(n.to))(
        n.name)(n.short_name);
    GEMIS_RETURN_IF_ERROR(insert_name->Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_successors,
                         CachedSql("DELETE FROM agency_successor WHERE agency_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_successors->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert_successor, CachedSql(
      "INSERT INTO agency_successor (agency_id, seq, effective, successor_id, kind, note)"
      " VALUES (?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < agency.successors.size(); ++i) {
    const AgencySuccessor& s = agency.successors[i];
    Binder{*insert_successor}(id)(static_cast<int64_t>(i + 1))(s.date.ToString())(
        successor_ids[i])(AgencySuccessionName(s.kind))(s.note);
    GEMIS_RETURN_IF_ERROR(insert_successor->Run());
  }
  return id;
}

// ------------------------------------------------------- programme structure

Result<ProgramNodeId> SqliteTransaction::SaveProgramNode(const ProgramNode& node) {
  if (node.code.empty()) return Status::Invalid("a programme node needs a code", Field("code"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> parent,
                         IdOfCode("program_node", node.parent_code, "parent programme node",
                                  "parent"));
  if (parent) {
    // The parent must not be the node itself or one of its descendants.
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * cycle, CachedSql(
        "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT p.parent_id FROM program_node p"
        " JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL)"
        " SELECT 1 FROM up JOIN program_node n ON n.id = up.id WHERE n.code = ?"));
    Binder{*cycle}(*parent)(node.code);
    GEMIS_ASSIGN_OR_RETURN(bool loops, cycle->Step());
    cycle->Reset();
    if (loops) {
      return Status::Conflict("programme node '" + node.code + "' cannot have '" +
                                  node.parent_code + "' as its parent: that makes a cycle",
                              Field("parent"));
    }
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * upsert, CachedSql(
      "INSERT INTO program_node (code, parent_id, kind, number, name, name_en, period,"
      " legal_basis, source_document, source_section, source_text)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (code) DO UPDATE SET parent_id = excluded.parent_id, kind = excluded.kind,"
      " number = excluded.number, name = excluded.name, name_en = excluded.name_en,"
      " period = excluded.period, legal_basis = excluded.legal_basis,"
      " source_document = excluded.source_document, source_section = excluded.source_section,"
      " source_text = excluded.source_text RETURNING id"));
  Binder{*upsert}(node.code)(parent)(ProgramNodeKindName(node.kind))(node.number)(node.name)(
      node.name_en)(node.period.ToString())(node.legal_basis)(node.source);
  GEMIS_ASSIGN_OR_RETURN(bool row, upsert->Step());
  if (!row) return Status::Internal("programme node upsert returned no id");
  ProgramNodeId id = upsert->Int(0);
  upsert->Reset();
  return id;
}

Status SqliteTransaction::SaveNorm(const SpendingNorm& norm) {
  if (norm.code.empty()) return Status::Invalid("a spending norm needs a code", Field("code"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * upsert, CachedSql(
      "INSERT INTO spending_norm (code, name, max_per_unit, per, legal_basis, source_document,"
      " source_section, source_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
      " max_per_unit = excluded.max_per_unit, per = excluded.per,"
      " legal_basis = excluded.legal_basis, source_document = excluded.source_document,"
      " source_section = excluded.source_section, source_text = excluded.source_text"));
  Binder{*upsert}(norm.code)(norm.name)(norm.max_per_unit)(norm.per)(norm.legal_basis)(
      norm.source);
  return upsert->Run();
}

// --------------------------------------------------------------------- plans

Result<PlanId> SqliteTransaction::SavePlan(const Plan& plan) {
  if (plan.code.empty()) return Status::Invalid("a plan needs a code", Field("code"));
  if (plan.issuer_unit == 0) {
    return Status::Invalid("plan '" + plan.code + "' has no issuing org unit", Field("issuer"));
  }
  if (plan.period.empty()) {
    return Status::Invalid("plan '" + plan.code + "' has no period", Field("period"));
  }
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", plan.issuer_unit, "org unit", "issuer"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> issuer_agency,
                         IdOfCode("agency", plan.issuer_agency_code, "agency", "issuer/agency"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> superseded_by,
                         IdOfCode("plan", plan.superseded_by, "plan", "supersededBy"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> node,
                         IdOfCode("program_node", plan.program_node_code, "programme node",
                                  "programme"));
  std::vector<std::optional<int64_t>> cited;
  for (size_t i = 0; i < plan.citations.size(); ++i) {
    GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                           IdOfCode("plan", plan.citations[i].plan_code, "cited plan",
                                    ItemField("citations", i, "plan")));
    cited.push_back(id);
  }
  std::vector<std::pair<std::optional<int64_t>, int64_t>> assigned;  // node, agency
  for (size_t i = 0; i < plan.assignments.size(); ++i) {
    const Assignment& a = plan.assignments[i];
    if (a.agency_code.empty()) {
      return Status::Invalid("an assignment needs an agency",
                             Field(ItemField("assignments", i, "agency")));
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> assigned_node,
                           IdOfCode("program_node", a.program_node_code, "programme node",
                                    ItemField("assignments", i, "node")));
    GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> agency,
                           IdOfCode("agency", a.agency_code, "agency",
                                    ItemField("assignments", i, "agency")));
    assigned.emplace_back(assigned_node, *agency);
  }

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * upsert, CachedSql(
      "INSERT INTO plan (code, number, title, issuer_unit_id, issuer_agency_id, signer,"
      " signer_title, place, date, period, period_text, status, superseded_by_id,"
      " program_node_id, source_document, source_section, source_text)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (code) DO UPDATE SET number = excluded.number, title = excluded.title,"
      " issuer_unit_id = excluded.issuer_unit_id, issuer_agency_id = excluded.issuer_agency_id,"
      " signer = excluded.signer, signer_title = excluded.signer_title, place = excluded.place,"
      " date = excluded.date, period = excluded.period, period_text = excluded.period_text,"
      " status = excluded.status, superseded_by_id = excluded.superseded_by_id,"
      " program_node_id = excluded.program_node_id, source_document = excluded.source_document,"
      " source_section = excluded.source_section, source_text = excluded.source_text"
      " RETURNING id"));
  std::optional<std::string> number;
  if (!plan.number.empty()) number = plan.number;
  Binder{*upsert}(plan.code)(number)(plan.title)(plan.issuer_unit)(issuer_agency)(plan.signer)(
      plan.signer_title)(plan.place)(StoredDateText(plan.date))(plan.period.ToString())(
      plan.period_text)(PlanStatusName(plan.status))(superseded_by)(node)(plan.source);
  GEMIS_ASSIGN_OR_RETURN(bool row, upsert->Step());
  if (!row) return Status::Internal("plan upsert returned no id");
  PlanId id = upsert->Int(0);
  upsert->Reset();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_citations,
                         CachedSql("DELETE FROM plan_citation WHERE plan_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_citations->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert_citation, CachedSql(
      "INSERT INTO plan_citation (plan_id, seq, relation, cited_plan_id, document_kind, number,"
      " issuer, date, title, source_document, source_section, source_text)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < plan.citations.size(); ++i) {
    const Citation& c = plan.citations[i];
    Binder{*insert_citation}(id)(static_cast<int64_t>(i + 1))(c.relation)(cited[i])(
        c.document_kind)(c.number)(c.issuer)(StoredDateText(c.date))(c.title)(c.source);
    GEMIS_RETURN_IF_ERROR(insert_citation->Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_assignments,
                         CachedSql("DELETE FROM plan_assignment WHERE plan_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_assignments->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert_assignment, CachedSql(
      "INSERT INTO plan_assignment (plan_id, seq, program_node_id, agency_id, role, schedule,"
      " time_window, task, source_document, source_section, source_text)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < plan.assignments.size(); ++i) {
    const Assignment& a = plan.assignments[i];
    Binder{*insert_assignment}(id)(static_cast<int64_t>(i + 1))(assigned[i].first)(
        assigned[i].second)(AssignmentRoleName(a.role))(a.schedule)(a.window.ToString())(a.task)(
        a.source);
    GEMIS_RETURN_IF_ERROR(insert_assignment->Run());
  }
  return id;
}

Status SqliteTransaction::ClearPlanContents(PlanId plan) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", plan, "plan", "plan"));
  for (const char* table :
       {"target", "budget_line", "place_count", "plan_area", "reporting_deadline",
        "source_note"}) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                           CachedSql("DELETE FROM " + std::string(table) + " WHERE plan_id = ?"));
    GEMIS_RETURN_IF_ERROR(clear->Bind(1, plan).Run());
  }
  return Status::Ok();
}

Result<int64_t> SqliteTransaction::ClearPlanTable(PlanId plan, const std::string& table) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", plan, "plan", "plan"));
  int64_t deleted = 0;
  for (const char* name : {"target", "place_count"}) {
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * clear,
        CachedSql("DELETE FROM " + std::string(name) + " WHERE plan_id = ? AND table_name = ?"));
    GEMIS_RETURN_IF_ERROR(clear->Bind(1, plan).Bind(2, table).Run());
    deleted += db_.Changes();
  }
  return deleted;
}

// ------------------------------------------------------ what plans state

Result<TargetId> SqliteTransaction::InsertTarget(const Target& target) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", target.plan, "plan", "plan"));
  GEMIS_ASSIGN_OR_RETURN(int64_t measure, MeasureId(target.measure));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", target.org_unit, "org unit", "orgUnit"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> agency,
                         IdOfCode("agency", target.agency_code, "agency", "agency"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> node,
                         IdOfCode("program_node", target.program_node_code, "programme node",
                                  "activity"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert, CachedSql(
      "INSERT INTO target (plan_id, measure_kind, measure_id, org_unit_id, agency_id, level,"
      " period, time_window, value, unit, unit_label, direction, rule, status, status_note,"
      " program_node_id, table_name, ordinal, source_document, source_section, source_text)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Binder{*insert}(target.plan)(MeasureKindName(target.measure.kind))(measure)(target.org_unit)(
      agency)(ImplementingLevelName(target.level))(target.period.ToString())(
      target.window.ToString())(target.value.ToString())(TargetUnitName(target.unit))(
      target.unit_label)(TargetDirectionName(target.direction))(AllocationRuleName(target.rule))(
      TargetStatusName(target.status))(target.status_note)(node)(target.table)(
      static_cast<int64_t>(target.ordinal))(target.source);
  GEMIS_RETURN_IF_ERROR(insert->Run());
  return db_.LastInsertRowid();
}

Status SqliteTransaction::SetTargetStatus(TargetId target, TargetStatus status,
                                          const std::string& note) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * update, CachedSql(
      "UPDATE target SET status = ?, status_note = ? WHERE id = ?"));
  Binder{*update}(TargetStatusName(status))(note)(target);
  GEMIS_RETURN_IF_ERROR(update->Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("target " + std::to_string(target) + " does not exist",
                            Field("target"));
  }
  return Status::Ok();
}

Status SqliteTransaction::SetTargetValue(TargetId target, const Decimal& value) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * update,
                         CachedSql("UPDATE target SET value = ? WHERE id = ?"));
  Binder{*update}(value.ToString())(target);
  GEMIS_RETURN_IF_ERROR(update->Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("target " + std::to_string(target) + " does not exist",
                            Field("target"));
  }
  return Status::Ok();
}

Result<BudgetLineId> SqliteTransaction::InsertBudgetLine(const BudgetLine& line) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", line.plan, "plan", "plan"));
  if (line.key.empty()) return Status::Invalid("a budget line needs a key", Field("key"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * taken, CachedSql(
      "SELECT 1 FROM budget_line WHERE plan_id = ? AND line_key = ?"));
  Binder{*taken}(line.plan)(line.key);
  GEMIS_ASSIGN_OR_RETURN(bool exists, taken->Step());
  taken->Reset();
  if (exists) {
    return Status::AlreadyExists("plan " + std::to_string(line.plan) +
                                     " already has a budget line '" + line.key + "'",
                                 Field("key"));
  }
  if (line.org_unit != 0) {
    GEMIS_RETURN_IF_ERROR(RequireId("org_unit", line.org_unit, "org unit", "orgUnit"));
  }
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> agency,
                         IdOfCode("agency", line.agency_code, "agency", "agency"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> node,
                         IdOfCode("program_node", line.program_node_code, "programme node",
                                  "activity"));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> norm,
                         IdOfCode("spending_norm", line.norm_code, "spending norm", "norm"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert, CachedSql(
      "INSERT INTO budget_line (plan_id, line_key, parent_key, org_unit_id, agency_id, level,"
      " funding, period, kind, carried_from, program_node_id, amount, label, norm_id,"
      " norm_quantity, source_document, source_section, source_text)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Binder{*insert}(line.plan)(line.key)(line.parent_key)(OptId(line.org_unit))(agency)(
      ImplementingLevelName(line.level))(FundingSourceName(line.funding))(line.period.ToString())(
      BudgetKindName(line.kind))(line.carried_from.ToString())(node)(line.amount)(line.label)(
      norm)(line.norm_quantity)(line.source);
  GEMIS_RETURN_IF_ERROR(insert->Run());
  return db_.LastInsertRowid();
}

Status SqliteTransaction::InsertPlaceCount(const PlaceCount& count) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", count.plan, "plan", "plan"));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", count.org_unit, "org unit", "orgUnit"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert, CachedSql(
      "INSERT INTO place_count (plan_id, org_unit_id, kind, count, out_of, table_name, ordinal,"
      " source_document, source_section, source_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Binder{*insert}(count.plan)(count.org_unit)(count.kind)(count.count)(count.out_of)(
      count.table)(static_cast<int64_t>(count.ordinal))(count.source);
  return insert->Run();
}

Status SqliteTransaction::InsertPlanArea(const PlanArea& area) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", area.plan, "plan", "plan"));
  if (area.kind.empty()) return Status::Invalid("a plan area needs a kind", Field("kind"));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", area.org_unit, "org unit", "orgUnit"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert, CachedSql(
      "INSERT INTO plan_area (plan_id, org_unit_id, kind, ordinal, source_document,"
      " source_section, source_text) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  Binder{*insert}(area.plan)(area.org_unit)(area.kind)(static_cast<int64_t>(area.ordinal))(
      area.source);
  return insert->Run();
}

Status SqliteTransaction::InsertDeadline(const ReportingDeadline& deadline) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", deadline.plan, "plan", "plan"));
  if (deadline.due_day < 0 || deadline.due_day > 31) {
    return Status::Invalid("due day " + std::to_string(deadline.due_day) + " is not 0-31",
                           Field("dueDay"));
  }
  if (deadline.due_month < 0 || deadline.due_month > 12) {
    return Status::Invalid("due month " + std::to_string(deadline.due_month) + " is not 0-12",
                           Field("dueMonth"));
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert, CachedSql(
      "INSERT INTO reporting_deadline (plan_id, report, frequency, due_day, due_month,"
      " due_year_offset, submitted_by, submitted_to, text, source_document, source_section,"
      " source_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Binder{*insert}(deadline.plan)(deadline.report)(deadline.frequency)(
      static_cast<int64_t>(deadline.due_day))(static_cast<int64_t>(deadline.due_month))(
      static_cast<int64_t>(deadline.due_year_offset))(deadline.submitted_by)(
      deadline.submitted_to)(deadline.text)(deadline.source);
  return insert->Run();
}

Status SqliteTransaction::InsertSourceNote(const SourceNote& note) {
  GEMIS_RETURN_IF_ERROR(RequireId("plan", note.plan, "plan", "plan"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * insert, CachedSql(
      "INSERT INTO source_note (plan_id, kind, message, source_document, source_section,"
      " source_text) VALUES (?, ?, ?, ?, ?, ?)"));
  Binder{*insert}(note.plan)(note.kind)(note.message)(note.source);
  return insert->Run();
}

// ---------------------------------------------------------------- loading

Result<PlanBook> SqliteTransaction::LoadPlanBook() {
  PlanBookData data;

  std::unordered_map<AgencyId, size_t> agency_index;
  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT id, code, kind, org_unit_id, valid_from, valid_to FROM agency ORDER BY id",
      [&](Reader& r) -> Status {
        Agency a;
        a.id = r.Int();
        a.code = r.Text();
        GEMIS_ASSIGN_OR_RETURN(a.kind, r.Enum(&ParseAgencyKind, "agency kind"));
        a.org_unit = r.OptInt().value_or(0);
        GEMIS_ASSIGN_OR_RETURN(a.from, r.OptDate());
        GEMIS_ASSIGN_OR_RETURN(a.to, r.OptDate());
        agency_index[a.id] = data.agencies.size();
        data.agencies.push_back(std::move(a));
        return Status::Ok();
      }));
  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT agency_id, valid_from, valid_to, name, short_name FROM agency_name"
      " ORDER BY agency_id, seq",
      [&](Reader& r) -> Status {
        int64_t agency = r.Int();
        AgencyName n;
        GEMIS_ASSIGN_OR_RETURN(n.from, r.OptDate());
        GEMIS_ASSIGN_OR_RETURN(n.to, r.OptDate());
        n.name = r.Text();
        n.short_name = r.Text();
        GEMIS_ASSIGN_OR_RETURN(size_t at, Position(agency_index, agency, "name of agency"));
        data.agencies[at].names.push_back(std::move(n));
        return Status::Ok();
      }));
  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT s.agency_id, s.effective, a.code, s.kind, s.note FROM agency_successor s"
      " JOIN agency a ON a.id = s.successor_id ORDER BY s.agency_id, s.seq",
      [&](Reader& r) -> Status {
        int64_t agency = r.Int();
        AgencySuccessor s;
        GEMIS_ASSIGN_OR_RETURN(s.date, r.RequiredDate());
        s.successor_code = r.Text();
        GEMIS_ASSIGN_OR_RETURN(s.kind, r.Enum(&ParseAgencySuccession, "succession kind"));
        s.note = r.Text();
        GEMIS_ASSIGN_OR_RETURN(size_t at, Position(agency_index, agency, "successor of agency"));
        data.agencies[at].successors.push_back(std::move(s));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT n.id, n.code, p.code, n.kind, n.number, n.name, n.name_en, n.period,"
      " n.legal_basis, n.source_document, n.source_section, n.source_text"
      " FROM program_node n LEFT JOIN program_node p ON p.id = n.parent_id ORDER BY n.id",
      [&](Reader& r) -> Status {
        ProgramNode n;
        n.id = r.Int();
        n.code = r.Text();
        n.parent_code = r.Text();
        GEMIS_ASSIGN_OR_RETURN(n.kind, r.Enum(&ParseProgramNodeKind, "programme node kind"));
        n.number = r.Text();
        n.name = r.Text();
        n.name_en = r.Text();
        GEMIS_ASSIGN_OR_RETURN(n.period, r.Dates());
        n.legal_basis = r.Text();
        n.source = r.Source();
        data.program_nodes.push_back(std::move(n));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT code, name, max_per_unit, per, legal_basis, source_document, source_section,"
      " source_text FROM spending_norm ORDER BY id",
      [&](Reader& r) -> Status {
        SpendingNorm n;
        n.code = r.Text();
        n.name = r.Text();
        n.max_per_unit = r.Int();
        n.per = r.Text();
        n.legal_basis = r.Text();
        n.source = r.Source();
        data.norms.push_back(std::move(n));
        return Status::Ok();
      }));

  std::unordered_map<PlanId, size_t> plan_index;
  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT p.id, p.code, p.number, p.title, p.issuer_unit_id, a.code, p.signer,"
      " p.signer_title, p.place, p.date, p.period, p.period_text, p.status, s.code, n.code,"
      " p.source_document, p.source_section, p.source_text FROM plan p"
      " LEFT JOIN agency a ON a.id = p.issuer_agency_id"
      " LEFT JOIN plan s ON s.id = p.superseded_by_id"
      " LEFT JOIN program_node n ON n.id = p.program_node_id ORDER BY p.id",
      [&](Reader& r) -> Status {
        Plan p;
        p.id = r.Int();
        p.code = r.Text();
        p.number = r.Text();
        p.title = r.Text();
        p.issuer_unit = r.Int();
        p.issuer_agency_code = r.Text();
        p.signer = r.Text();
        p.signer_title = r.Text();
        p.place = r.Text();
        GEMIS_ASSIGN_OR_RETURN(p.date, r.OptDate());
        GEMIS_ASSIGN_OR_RETURN(p.period, r.Dates());
        p.period_text = r.Text();
        GEMIS_ASSIGN_OR_RETURN(p.status, r.Enum(&ParsePlanStatus, "plan status"));
        p.superseded_by = r.Text();
        p.program_node_code = r.Text();
        p.source = r.Source();
        plan_index[p.id] = data.plans.size();
        data.plans.push_back(std::move(p));
        return Status::Ok();
      }));
  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT c.plan_id, c.relation, p.code, c.document_kind, c.number, c.issuer, c.date,"
      " c.title, c.source_document, c.source_section, c.source_text FROM plan_citation c"
      " LEFT JOIN plan p ON p.id = c.cited_plan_id ORDER BY c.plan_id, c.seq",
      [&](Reader& r) -> Status {
        int64_t plan = r.Int();
        Citation c;
        c.relation = r.Text();
        c.plan_code = r.Text();
        c.document_kind = r.Text();
        c.number = r.Text();
        c.issuer = r.Text();
        GEMIS_ASSIGN_OR_RETURN(c.date, r.OptDate());
        c.title = r.Text();
        c.source = r.Source();
        GEMIS_ASSIGN_OR_RETURN(size_t at, Position(plan_index, plan, "citation of plan"));
        data.plans[at].citations.push_back(std::move(c));
        return Status::Ok();
      }));
  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT x.plan_id, n.code, a.code, x.role, x.schedule, x.time_window, x.task,"
      " x.source_document, x.source_section, x.source_text FROM plan_assignment x"
      " LEFT JOIN program_node n ON n.id = x.program_node_id"
      " JOIN agency a ON a.id = x.agency_id ORDER BY x.plan_id, x.seq",
      [&](Reader& r) -> Status {
        int64_t plan = r.Int();
        Assignment a;
        a.program_node_code = r.Text();
        a.agency_code = r.Text();
        GEMIS_ASSIGN_OR_RETURN(a.role, r.Enum(&ParseAssignmentRole, "assignment role"));
        a.schedule = r.Text();
        GEMIS_ASSIGN_OR_RETURN(a.window, r.Dates());
        a.task = r.Text();
        a.source = r.Source();
        GEMIS_ASSIGN_OR_RETURN(size_t at, Position(plan_index, plan, "assignment of plan"));
        data.plans[at].assignments.push_back(std::move(a));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT t.id, t.plan_id, t.measure_kind, t.measure_id,"
      " CASE t.measure_kind WHEN 'indicator' THEN (SELECT code FROM indicator WHERE id = t.measure_id)"
      " ELSE (SELECT code FROM data_element WHERE id = t.measure_id) END,"
      " t.org_unit_id, a.code, t.level, t.period, t.time_window, t.value, t.unit, t.unit_label,"
      " t.direction, t.rule, t.status, t.status_note, n.code, t.table_name, t.ordinal,"
      " t.source_document, t.source_section, t.source_text FROM target t"
      " LEFT JOIN agency a ON a.id = t.agency_id"
      " LEFT JOIN program_node n ON n.id = t.program_node_id ORDER BY t.id",
      [&](Reader& r) -> Status {
        Target t;
        t.id = r.Int();
        t.plan = r.Int();
        GEMIS_ASSIGN_OR_RETURN(t.measure.kind, r.Enum(&ParseMeasureKind, "measure kind"));
        t.measure.id = r.Int();
        std::optional<std::string> code = r.OptText();
        if (!code) {
          return Status::Corruption("target " + std::to_string(t.id) + " names measure " +
                                    std::to_string(t.measure.id) + ", which does not exist");
        }
        t.measure.code = *code;
        t.org_unit = r.Int();
        t.agency_code = r.Text();
        GEMIS_ASSIGN_OR_RETURN(t.level, r.Enum(&ParseImplementingLevel, "implementing level"));
        GEMIS_ASSIGN_OR_RETURN(t.period, r.Dates());
        GEMIS_ASSIGN_OR_RETURN(t.window, r.Dates());
        GEMIS_ASSIGN_OR_RETURN(t.value, r.Number());
        GEMIS_ASSIGN_OR_RETURN(t.unit, r.Enum(&ParseTargetUnit, "target unit"));
        t.unit_label = r.Text();
        GEMIS_ASSIGN_OR_RETURN(t.direction, r.Enum(&ParseTargetDirection, "target direction"));
        GEMIS_ASSIGN_OR_RETURN(t.rule, r.Enum(&ParseAllocationRule, "allocation rule"));
        GEMIS_ASSIGN_OR_RETURN(t.status, r.Enum(&ParseTargetStatus, "target status"));
        t.status_note = r.Text();
        t.program_node_code = r.Text();
        t.table = r.Text();
        t.ordinal = static_cast<int>(r.Int());
        t.source = r.Source();
        data.targets.push_back(std::move(t));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT b.id, b.plan_id, b.line_key, b.parent_key, b.org_unit_id, a.code, b.level,"
      " b.funding, b.period, b.kind, b.carried_from, n.code, b.amount, b.label, m.code,"
      " b.norm_quantity, b.source_document, b.source_section, b.source_text FROM budget_line b"
      " LEFT JOIN agency a ON a.id = b.agency_id"
      " LEFT JOIN program_node n ON n.id = b.program_node_id"
      " LEFT JOIN spending_norm m ON m.id = b.norm_id ORDER BY b.id",
      [&](Reader& r) -> Status {
        BudgetLine b;
        b.id = r.Int();
        b.plan = r.Int();
        b.key = r.Text();
        b.parent_key = r.Text();
        b.org_unit = r.OptInt().value_or(0);
        b.agency_code = r.Text();
        GEMIS_ASSIGN_OR_RETURN(b.level, r.Enum(&ParseImplementingLevel, "implementing level"));
        GEMIS_ASSIGN_OR_RETURN(b.funding, r.Enum(&ParseFundingSource, "funding source"));
        GEMIS_ASSIGN_OR_RETURN(b.period, r.Dates());
        GEMIS_ASSIGN_OR_RETURN(b.kind, r.Enum(&ParseBudgetKind, "budget kind"));
        GEMIS_ASSIGN_OR_RETURN(b.carried_from, r.Dates());
        b.program_node_code = r.Text();
        b.amount = r.Int();
        b.label = r.Text();
        b.norm_code = r.Text();
        b.norm_quantity = r.Int();
        b.source = r.Source();
        data.budget_lines.push_back(std::move(b));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT plan_id, org_unit_id, kind, count, out_of, table_name, ordinal, source_document,"
      " source_section, source_text FROM place_count ORDER BY id",
      [&](Reader& r) -> Status {
        PlaceCount c;
        c.plan = r.Int();
        c.org_unit = r.Int();
        c.kind = r.Text();
        c.count = r.Int();
        c.out_of = r.OptInt();
        c.table = r.Text();
        c.ordinal = static_cast<int>(r.Int());
        c.source = r.Source();
        data.place_counts.push_back(std::move(c));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT plan_id, org_unit_id, kind, ordinal, source_document, source_section, source_text"
      " FROM plan_area ORDER BY id",
      [&](Reader& r) -> Status {
        PlanArea a;
        a.plan = r.Int();
        a.org_unit = r.Int();
        a.kind = r.Text();
        a.ordinal = static_cast<int>(r.Int());
        a.source = r.Source();
        data.areas.push_back(std::move(a));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT plan_id, report, frequency, due_day, due_month, due_year_offset, submitted_by,"
      " submitted_to, text, source_document, source_section, source_text"
      " FROM reporting_deadline ORDER BY id",
      [&](Reader& r) -> Status {
        ReportingDeadline d;
        d.plan = r.Int();
        d.report = r.Text();
        d.frequency = r.Text();
        d.due_day = static_cast<int>(r.Int());
        d.due_month = static_cast<int>(r.Int());
        d.due_year_offset = static_cast<int>(r.Int());
        d.submitted_by = r.Text();
        d.submitted_to = r.Text();
        d.text = r.Text();
        d.source = r.Source();
        data.deadlines.push_back(std::move(d));
        return Status::Ok();
      }));

  GEMIS_RETURN_IF_ERROR(ForEachRow(db_,
      "SELECT plan_id, kind, message, source_document, source_section, source_text"
      " FROM source_note ORDER BY id",
      [&](Reader& r) -> Status {
        SourceNote n;
        n.plan = r.Int();
        n.kind = r.Text();
        n.message = r.Text();
        n.source = r.Source();
        data.source_notes.push_back(std::move(n));
        return Status::Ok();
      }));

  return PlanBook(std::move(data));
}

}  // namespace gemis::store
