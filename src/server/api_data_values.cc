// Data values: one value (/api/dataValues, DHIS2's shape) and sets of values
// (/api/dataValueSets: export as JSON, import JSON, CSV, XML or ADX by
// Content-Type, or an Excel sheet through a column mapping; and
// /api/dataValueSets/sheetPreview: a workbook's sheets and first rows, to
// map its columns). Every unit is checked against the caller's scopes,
// every element against their content areas.
#include <sstream>

#include "access/token.h"
#include "core/text.h"
#include "exchange/data_value_export.h"
#include "exchange/data_value_import.h"
#include "exchange/import_summary.h"
#include "exchange/sheet_import.h"
#include "exchange/sheet_mapping.h"
#include "exchange/sheet_table.h"
#include "exchange/xlsx_reader.h"
#include "program/figure_publisher.h"
#include "server/api.h"
#include "store/data_lock_load.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

// The key of one value from query or body fields: dataElement (de),
// period (pe), orgUnit (ou), categoryOptionCombo (co), attributeOptionCombo
// (cc/aoc); ids are uids or codes.
struct KeyInput {
  std::string de, pe, ou, co, aoc;
};

struct ResolvedKey {
  const StoredElement* element = nullptr;
  Period period = Period::Phase(2000, 2001).value();
  OrgUnitId unit = 0;
  MetadataId coc = 0, aoc = 0;
};

Result<ResolvedKey> Resolve(const World& world, const KeyInput& in) {
  ResolvedKey k;
  if (in.de.empty()) return Status::Invalid("dataElement is required", {"", 0, 0, "dataElement"});
  k.element = world.metadata.FindElement(in.de);
  if (k.element == nullptr) {
    return Status::NotFound("no data element '" + in.de + "'", {"", 0, 0, "dataElement"});
  }
  Result<Period> period = Period::Parse(in.pe);
  if (!period.ok()) return Status::Invalid(period.status().message(), {"", 0, 0, "period"});
  k.period = *period;
  const OrgUnit* unit = world.hierarchy.FindByUid(in.ou);
  if (unit == nullptr) {
    // A code names the unit that carried it during the period, as in
    // imports (docs/formats/datavalues-csv-json.md): GSO codes are reused,
    // and guessing one of two units would write to the wrong commune.
    std::vector<const OrgUnit*> found =
        world.hierarchy.FindByCodeOverlapping(in.ou, k.period.start(), k.period.end());
    if (found.size() > 1) {
      return Status::Invalid("code '" + in.ou + "' names " + std::to_string(found.size()) +
                                 " different units during " + k.period.ToString() +
                                 "; give the unit's uid or a shorter period",
                             {"", 0, 0, "orgUnit"});
    }
    if (found.size() == 1) unit = found.front();
  }
  if (unit == nullptr) {
    return Status::NotFound("no org unit '" + in.ou + "' during " + k.period.ToString(),
                            {"", 0, 0, "orgUnit"});
  }
  k.unit = unit->id;
  auto combo = [&](const std::string& id, MetadataId combo_id,
                   const char* field) -> Result<MetadataId> {
    if (id.empty()) return world.metadata.default_option_combo();
    const StoredOptionCombo* oc = world.metadata.FindOptionCombo(id);
    if (oc == nullptr)
      return Status::NotFound("no category option combo '" + id + "'", {"", 0, 0, field});
    if (combo_id != 0 && oc->combo_id != combo_id) {
      return Status::Invalid("'" + id + "' is not an option combo of the element's category combo",
                             {"", 0, 0, field});
    }
    return oc->id;
  };
  GEMIS_ASSIGN_OR_RETURN(k.coc, combo(in.co, k.element->combo_id, "categoryOptionCombo"));
  GEMIS_ASSIGN_OR_RETURN(k.aoc, combo(in.aoc, 0, "attributeOptionCombo"));
  return k;
}

KeyInput KeyFromQuery(const Call& c) {
  auto get = [&](std::initializer_list<const char*> names) {
    for (const char* n : names) {
      if (auto v = c.target.Get(n)) return std::string(*v);
    }
    return std::string();
  };
  return {get({"de", "dataElement"}), get({"pe", "period"}), get({"ou", "orgUnit"}),
          get({"co", "categoryOptionCombo"}), get({"cc", "aoc", "attributeOptionCombo"})};
}

json ValueJson(const World& world, const ResolvedKey& k, const DataValue& v) {
  const StoredOptionCombo* coc = world.metadata.OptionCombo(k.coc);
  const StoredOptionCombo* aoc = world.metadata.OptionCombo(k.aoc);
  json j = {{"dataElement", k.element->element.uid},
            {"period", k.period.ToString()},
            {"orgUnit", UnitUid(world, k.unit)},
            {"categoryOptionCombo", coc ? coc->option_combo.uid : ""},
            {"attributeOptionCombo", aoc ? aoc->option_combo.uid : ""},
            {"value", v.value},
            {"storedBy", v.stored_by},
            {"created", v.created},
            {"lastUpdated", v.last_updated},
            {"followup", v.followup}};
  if (v.comment) j["comment"] = *v.comment;
  return j;
}

// Reads the stored value of `k` (nullopt when none or deleted).
Result<std::optional<DataValue>> Stored(store::Store& store, const ResolvedKey& k) {
  std::optional<DataValue> out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    for (const auto& [id, p] : periods) {
      if (p == k.period) {
        GEMIS_ASSIGN_OR_RETURN(out, txn.GetDataValue({k.element->id, id, k.unit, k.coc, k.aoc}));
        if (out && out->deleted) out.reset();
        break;
      }
    }
    return Status::Ok();
  }));
  return out;
}

Response GetValue(Call& c) {
  Result<ResolvedKey> k = Resolve(*c.world, KeyFromQuery(c));
  if (!k.ok()) return c.FromStatus(k.status());
  if (!c.CanView(k->unit, k->period.start())) return c.OutOfScope();
  if (!c.ElementAllowed(k->element->id)) return c.Forbidden();
  Result<std::optional<DataValue>> v = Stored(c.api.store(), *k);
  if (!v.ok()) return c.FromStatus(v.status());
  if (!*v)
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "value");
  json j = ValueJson(*c.world, *k, **v);
  Response res = c.Json(j);
  res.set(http::field::etag, EntityTag(j));
  return res;
}

// POST (set) and DELETE (remove) of one value, with If-Match.
Response WriteValue(Call& c, bool remove) {
  KeyInput in = KeyFromQuery(c);
  json body;
  if (!remove) {
    Response error;
    std::optional<json> parsed = c.BodyJson(error);
    if (!parsed) return error;
    body = std::move(*parsed);
    auto field = [&](const char* name, std::string& out) {
      if (body.contains(name) && body[name].is_string()) out = body[name];
    };
    field("dataElement", in.de);
    field("period", in.pe);
    field("orgUnit", in.ou);
    field("categoryOptionCombo", in.co);
    field("attributeOptionCombo", in.aoc);
  }
  Result<ResolvedKey> k = Resolve(*c.world, in);
  if (!k.ok()) return c.FromStatus(k.status());
  if (!c.CanEnter(k->unit, k->period.start())) return c.OutOfScope();
  if (!c.ElementAllowed(k->element->id)) return c.Forbidden();
  DataValueWrite write;
  write.remove = remove;
  write.stored_by = c.identity->user.username;
  if (!remove) {
    json value = body["value"];
    std::string text = value.is_string()                         ? value.get<std::string>()
                       : value.is_number() || value.is_boolean() ? value.dump()
                                                                 : std::string();
    if (value.is_null()) {
      return c.FromStatus(Status::Invalid("value is required", {"", 0, 0, "value"}));
    }
    Result<std::string> canonical = CanonicalDataValue(k->element->element, text);
    if (!canonical.ok())
      return c.FromStatus(Status::Invalid(canonical.status().message(), {"", 0, 0, "value"}));
    write.value = std::move(canonical).value();
    if (IsInsignificantZero(k->element->element, write.value)) {
      // As in imports (DHIS2's rule): a zero that does not matter is not
      // stored, so both ways in give the same analytics (LAST, AVERAGE).
      return c.Json({{"status", "ok"}, {"outcome", "ignored"}});
    }
    if (body.contains("comment")) {
      if (!body["comment"].is_string() || !IsValidUtf8(body["comment"].get<std::string>())) {
        return c.FromStatus(Status::Invalid("comment must be text", {"", 0, 0, "comment"}));
      }
      write.comment = body["comment"].get<std::string>();
    }
    if (body.contains("followup"))
      write.followup = body["followup"].is_boolean() && body["followup"].get<bool>();
  }
  std::string if_match;
  if (auto it = c.req.find(http::field::if_match); it != c.req.end())
    if_match = std::string(it->value());
  bool precondition_failed = false, missing = false;
  json before_json, after_json;
  WriteOutcome outcome = WriteOutcome::kIgnored;
  // One durable commit for every write waiting (write_batcher.h): the whole
  // read-check-write runs inside the group's transaction.
  Status status = c.api.writer().Submit([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(PeriodId period, txn.EnsurePeriod(k->period));
    write.key = {k->element->id, period, k->unit, k->coc, k->aoc};
    // A figure computed from records is corrected in the records
    // (program/figure_publisher.h, rule 3): 409.
    GEMIS_RETURN_IF_ERROR(program::CheckNotClaimed(txn, c.world->metadata, write.key));
    // An approved report's values wait for its approver's unlock
    // (core/data_lock.h): 409.
    GEMIS_ASSIGN_OR_RETURN(DataLock lock, store::LoadDataLock(txn, c.world->metadata, k->unit));
    if (const LockedBy* l = lock.Find(k->element->id, k->unit, k->period)) {
      return DataLock::Refusal(*l);
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> before, txn.GetDataValue(write.key));
    if (before && before->deleted) before.reset();
    if (before) before_json = ValueJson(*c.world, *k, *before);
    // The lost-update check happens inside the write, so no other writer
    // slips in between.
    // "*" asks only that a value exists (RFC 9110 13.1.1).
    if (!if_match.empty() && (!before || (if_match != "*" && if_match != EntityTag(before_json)))) {
      precondition_failed = true;
      return Status::Conflict("precondition failed");
    }
    if (remove && !before) {
      missing = true;
      return Status::NotFound("no value");
    }
    GEMIS_ASSIGN_OR_RETURN(outcome, txn.WriteDataValue(write));
    GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> after, txn.GetDataValue(write.key));
    if (after && !after->deleted) after_json = ValueJson(*c.world, *k, *after);
    if (outcome == WriteOutcome::kIgnored) return Status::Ok();
    store::AuditEntry e = c.AuditEntryFor(
        remove ? "delete" : (before ? "update" : "create"), "dataValue",
        k->element->element.uid + "/" + k->period.ToString() + "/" + UnitUid(*c.world, k->unit));
    e.org_unit = k->unit;
    if (before) e.before = before_json.dump();
    if (!after_json.is_null()) e.after = after_json.dump();
    return txn.AppendAudit(e).status();
  });
  if (precondition_failed) {
    return c.Error(http::status::precondition_failed, "E_PRECONDITION",
                   MessageId::kApiPreconditionFailed);
  }
  if (missing)
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "value");
  if (!status.ok()) return c.FromStatus(status);
  // The next analytics query sees this write.
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  if (remove) return c.Json({{"status", "ok"}, {"outcome", "deleted"}});
  Response res = c.Json(
      after_json, outcome == WriteOutcome::kImported ? http::status::created : http::status::ok);
  res.set(http::field::etag, EntityTag(after_json));
  return res;
}

Response PostValue(Call& c) { return WriteValue(c, false); }
Response DeleteValue(Call& c) { return WriteValue(c, true); }

// The units a dataValueSets export covers: orgUnit (repeatable), with
// children=true also every unit below on today's hierarchy and the ended
// units placed into them; each must be in the caller's view scope.
Result<std::vector<OrgUnitId>> ExportUnits(const Call& c, bool& out_of_scope) {
  std::vector<OrgUnitId> roots;
  for (std::string_view ou : c.target.GetAll("orgUnit")) {
    const OrgUnit* u = c.world->hierarchy.FindByUid(ou);
    if (u == nullptr) u = c.world->hierarchy.FindByCode(ou, c.world->today);
    if (u == nullptr)
      return Status::NotFound("no org unit '" + std::string(ou) + "'", {"", 0, 0, "orgUnit"});
    if (!c.CanView(u->id)) {
      out_of_scope = true;
      return roots;
    }
    roots.push_back(u->id);
  }
  if (roots.empty()) return Status::Invalid("orgUnit is required", {"", 0, 0, "orgUnit"});
  auto children = c.target.Get("children");
  if (!children || *children != "true") return roots;
  std::vector<OrgUnitId> units = c.world->scopes->UnitsOn(roots, c.world->today);
  for (const OrgUnit& u : c.world->hierarchy.units()) {
    if (u.VersionAt(c.world->today) != nullptr) continue;
    if (c.world->scopes->Covers(roots, u.id)) units.push_back(u.id);
  }
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  return units;
}

Response ExportSet(Call& c) {
  exchange::DataValueExportOptions options;
  options.format = exchange::DataFileFormat::kJson;
  bool out_of_scope = false;
  Result<std::vector<OrgUnitId>> units = ExportUnits(c, out_of_scope);
  if (out_of_scope) return c.OutOfScope();
  if (!units.ok()) return c.FromStatus(units.status());
  options.filter.org_units = std::move(units).value();
  for (std::string_view de : c.target.GetAll("dataElement")) {
    const StoredElement* e = c.world->metadata.FindElement(de);
    if (e == nullptr)
      return c.FromStatus(
          Status::NotFound("no data element '" + std::string(de) + "'", {"", 0, 0, "dataElement"}));
    if (!c.ElementAllowed(e->id)) return c.Forbidden();
    options.filter.data_elements.push_back(e->id);
  }
  if (auto ds = c.target.Get("dataSet")) options.data_set = std::string(*ds);
  if (options.filter.data_elements.empty() && options.data_set.empty()) {
    return c.FromStatus(
        Status::Invalid("dataSet or dataElement is required", {"", 0, 0, "dataElement"}));
  }
  if (!c.principal().content_areas.empty() && options.filter.data_elements.empty()) {
    return c.Forbidden();  // a whole data set may hold elements outside the areas
  }
  std::vector<std::string_view> periods = c.target.GetAll("period");
  if (periods.empty())
    return c.FromStatus(Status::Invalid("period is required", {"", 0, 0, "period"}));
  Status status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(auto stored, txn.LoadPeriods());
    for (std::string_view pe : periods) {
      Result<Period> p = Period::Parse(pe);
      if (!p.ok()) return Status::Invalid(p.status().message(), {"", 0, 0, "period"});
      for (const auto& [id, sp] : stored) {
        if (sp == *p) options.filter.periods.push_back(id);
      }
    }
    return Status::Ok();
  });
  if (!status.ok()) return c.FromStatus(status);
  if (options.filter.periods.empty()) return c.Json({{"dataValues", json::array()}});
  std::ostringstream out;
  Result<int64_t> written = exchange::ExportDataValues(c.api.store(), out, options);
  if (!written.ok()) return c.FromStatus(written.status());
  Response res{http::status::ok, c.req.version()};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(c.req.keep_alive());
  res.body() = std::move(out).str();
  res.prepare_payload();
  return res;
}

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A sheet of the workbook in the body (`sheet`: by name; else the first);
// kInvalidInput naming "body" for a file that is not a workbook, "sheet"
// for a sheet it does not have. `book` keeps the workbook the table reads.
Result<exchange::SheetTable> BodySheet(Call& c, const std::string& sheet,
                                       std::optional<exchange::XlsxReader>& book) {
  Result<exchange::XlsxReader> opened =
      exchange::XlsxReader::OpenBuffer(std::move(c.req.body()), "request body");
  if (!opened.ok()) return Status::Invalid(opened.status().message(), {"", 0, 0, "body"});
  book.emplace(std::move(opened).value());
  exchange::SheetOpenOptions open;
  open.sheet = sheet;
  Result<exchange::SheetTable> table = exchange::SheetTable::FromWorkbook(*book, open);
  if (!table.ok()) return Status::Invalid(table.status().message(), {"", 0, 0, "sheet"});
  return table;
}

// The workbook's sheets and the first rows of one (?sheet=, else the first)
// as Excel shows them (a merged header repeated over the columns it spans):
// what the web import shows to map columns to fields.
Response SheetPreview(Call& c) {
  constexpr int kRows = 12, kColumns = 40;
  if (std::string_view(c.req[http::field::content_type]).rfind(kXlsxType, 0) != 0) {
    return c.Error(http::status::unsupported_media_type, "E_MEDIA_TYPE",
                   MessageId::kApiUnsupportedMediaType, kXlsxType);
  }
  std::optional<exchange::XlsxReader> book;
  Result<exchange::SheetTable> table =
      BodySheet(c, std::string(c.target.Get("sheet").value_or("")), book);
  if (!table.ok()) return c.FromStatus(table.status());
  json rows = json::array();
  for (int r = 1; r <= std::min(table->rows(), kRows); ++r) {
    json row = json::array();
    for (int col = 1; col <= std::min(table->cols(), kColumns); ++col) {
      row.push_back(exchange::SheetCellText(table->MergedAt(r, col)));
    }
    rows.push_back(std::move(row));
  }
  return c.Json({{"sheets", book->sheet_names()},
                 {"sheet", table->name()},
                 {"rowCount", table->rows()},
                 {"columnCount", table->cols()},
                 {"rows", std::move(rows)}});
}

// The values of the Excel sheet in the body through the column mapping of
// ?mapping= (a gemis-mapping/1 document, docs/formats/sheet-mapping.md).
Result<exchange::ImportSummary> ImportSheet(Call& c,
                                            const exchange::DataValueImportOptions& options) {
  auto text = c.target.Get("mapping");
  if (!text || text->empty()) {
    return Status::Invalid(
        "an Excel file needs a column mapping (mapping=, docs/formats/sheet-mapping.md)",
        {"", 0, 0, "mapping"});
  }
  Result<exchange::SheetMapping> mapping = exchange::ParseSheetMapping(*text, "mapping");
  if (!mapping.ok()) {
    // Named by the JSON pointer inside the parameter: "mapping/fields/value".
    const std::string pointer = mapping.status().where().field;
    return Status::Invalid(mapping.status().message(),
                           {"", 0, 0, pointer.empty() ? "mapping" : "mapping" + pointer});
  }
  if (Status prepared =
          exchange::PrepareSheetMapping(*mapping, exchange::SheetImportKind::kDataValues);
      !prepared.ok()) {
    return Status::Invalid(prepared.message(), {"", 0, 0, "mapping"});
  }
  std::optional<exchange::XlsxReader> book;
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetTable table, BodySheet(c, mapping->sheet, book));
  Result<exchange::ResolvedSheetMapping> resolved =
      exchange::ResolvedSheetMapping::Resolve(*mapping, table);
  if (!resolved.ok()) return Status::Invalid(resolved.status().message(), {"", 0, 0, "mapping"});
  return exchange::ImportDataValuesFromSheet(c.api.store(), *resolved, options);
}

Response ImportSet(Call& c) {
  std::string type = std::string(c.req[http::field::content_type]);
  exchange::DataValueImportOptions options;
  auto starts = [&](std::string_view p) { return type.rfind(p, 0) == 0; };
  const bool sheet = starts(kXlsxType);
  if (sheet) {
    // Vietnamese notation unless asked otherwise: officers type 1.234,5.
    options.notation = c.target.Get("notation").value_or("vi") == "plain"
                           ? exchange::ValueNotation::kPlain
                           : exchange::ValueNotation::kVietnamese;
  } else if (starts("application/json")) {
    options.format = exchange::DataFileFormat::kJson;
  } else if (starts("application/csv") || starts("text/csv")) {
    options.format = exchange::DataFileFormat::kCsv;
  } else if (starts("application/adx+xml")) {
    options.format = exchange::DataFileFormat::kAdx;
  } else if (starts("application/xml") || starts("text/xml")) {
    options.format = exchange::DataFileFormat::kXml;
  } else {
    return c.Error(http::status::unsupported_media_type, "E_MEDIA_TYPE",
                   MessageId::kApiUnsupportedMediaType,
                   "application/json, application/csv, application/xml, application/adx+xml, " +
                       std::string(kXlsxType));
  }
  if (auto dry = c.target.Get("dryRun")) options.dry_run = *dry == "true";
  if (auto mode = c.target.Get("importStrategy")) {
    Result<exchange::ImportStrategy> s = exchange::ParseImportStrategy(*mode);
    if (!s.ok())
      return c.FromStatus(Status::Invalid(s.status().message(), {"", 0, 0, "importStrategy"}));
    options.strategy = *s;
  }
  if (auto atomic = c.target.Get("atomicMode")) options.best_effort = *atomic == "NONE";
  options.stored_by = c.identity->user.username;
  std::shared_ptr<const World> world = c.world;
  const Call& call = c;
  options.authorize = [&call, world](const DataValueKey& key, const Period& period) -> Status {
    if (!call.CanEnter(key.org_unit, period.start())) {
      return Status::Conflict("the unit is outside your data entry scope", {"", 0, 0, "orgUnit"});
    }
    if (!call.ElementAllowed(key.data_element)) {
      return Status::Conflict("the data element is outside your content areas",
                              {"", 0, 0, "dataElement"});
    }
    return Status::Ok();
  };
  std::istringstream in(sheet ? std::string() : std::move(c.req.body()));
  Result<exchange::ImportSummary> summary =
      sheet ? ImportSheet(c, options)
            : exchange::ImportDataValues(c.api.store(), in, "request body", options);
  if (!summary.ok()) return c.FromStatus(summary.status());
  // One audit entry for the import (each value keeps its own history).
  store::AuditEntry e =
      c.AuditEntryFor(options.dry_run ? "import_dry_run" : "import", "dataValueSet",
                      sheet ? "xlsx" : std::string(exchange::DataFileFormatName(options.format)));
  e.after = json{{"status", exchange::ImportStatusName(summary->status)},
                 {"imported", summary->count.imported},
                 {"updated", summary->count.updated},
                 {"deleted", summary->count.deleted},
                 {"ignored", summary->count.ignored},
                 {"conflicts", summary->conflicts.size()}}
                .dump();
  Status status = c.api.store().Write(
      [&](store::WriteTransaction& txn) { return txn.AppendAudit(e).status(); });
  if (!status.ok()) return c.FromStatus(status);
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  Response res{http::status::ok, c.req.version()};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(c.req.keep_alive());
  // The conflicts quote the file, which may hold invalid UTF-8.
  res.body() = summary->ToJson().dump(-1, ' ', false, json::error_handler_t::replace);
  res.prepare_payload();
  if (summary->status == exchange::ImportStatus::kError) res.result(http::status::conflict);
  return res;
}

}  // namespace

void AddDataValueRoutes(Router& r) {
  using A = Authority;
  r.Add({http::verb::get, "/api/dataValues", true, A::kReadData, GetValue});
  r.Add({http::verb::post, "/api/dataValues", true, A::kEnterData, PostValue});
  r.Add({http::verb::delete_, "/api/dataValues", true, A::kEnterData, DeleteValue});
  r.Add({http::verb::get, "/api/dataValueSets", true, A::kExport, ExportSet});
  r.Add({http::verb::post, "/api/dataValueSets", true, A::kImport, ImportSet});
  r.Add({http::verb::post, "/api/dataValueSets/sheetPreview", true, A::kImport, SheetPreview});
}

}  // namespace gemis::server
