// gemis query: aggregates data elements and indicators over org units and
// periods with the analytics engine (docs/analytics.md) and prints the result
// in the shape of DHIS2's /api/analytics (json), as CSV, as a table or as an
// Excel workbook (xlsx).
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "analytics/engine.h"
#include "analytics/result_json.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/xlsx_export.h"
#include "exchange/csv_writer.h"

namespace gemis::cli {

namespace {

std::vector<std::string> SplitList(const std::string& text, const std::string& separators) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (separators.find(c) != std::string::npos) {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// The option a status from the engine is about ("dx" -> "--dx").
Status NameOption(const Status& status) {
  if (status.ok()) return status;
  Location where = status.where();
  for (const char* option : {"dx", "ou", "pe", "keep", "as-of"}) {
    if (where.field.rfind(option, 0) == 0) {
      where.field = "--" + where.field;
      break;
    }
  }
  return Status(status.code(), status.message(), where);
}

Status Invalid(const std::string& option, const std::string& message) {
  return Status::Invalid(message, Location{"", 0, 0, option});
}

Status RunQuery(const std::string& db, const std::string& dx, const std::string& ou,
                const std::string& pe, const std::string& keep, const std::string& as_of,
                const std::string& format, const std::string& output, const Context& ctx) {
  analytics::QueryRequest request;
  request.lang = ctx.lang;
  GEMIS_ASSIGN_OR_RETURN(request.as_of, AsOfDate(as_of));
  request.dx = SplitList(dx, ",;");
  if (request.dx.empty()) return Invalid("--dx", "no data element or indicator given");
  for (const std::string& id : SplitList(pe, ",;")) {
    Result<Period> period = Period::Parse(id);
    if (!period.ok()) {
      return Status(period.status().code(), "period '" + id + "': " + period.status().message(),
                    Location{"", 0, period.status().where().column, "--pe"});
    }
    request.pe.push_back(*period);
  }
  if (request.pe.empty()) return Invalid("--pe", "no period given");
  request.keep = SplitList(keep, ",;");

  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<analytics::Engine> engine,
                         analytics::Engine::Build(*store));
  // --ou: units (uid or code on the as-of date) and LEVEL-n tiers applying to
  // every unit given ("04;LEVEL-3": Cao Bằng's districts).
  std::vector<OrgUnitId> units;
  std::vector<OrgUnitLevel> levels;
  for (const std::string& token : SplitList(ou, ",;")) {
    if (token.rfind("LEVEL-", 0) == 0) {
      Result<OrgUnitLevel> level = ParseLevel(token.substr(6));
      if (!level.ok()) {
        return Invalid("--ou", "'" + token + "': " + level.status().message());
      }
      levels.push_back(*level);
      continue;
    }
    Result<OrgUnitId> unit = engine->ResolveOrgUnit(token, request.as_of);
    if (!unit.ok()) {
      return Status(unit.status().code(), unit.status().message(), Location{"", 0, 0, "--ou"});
    }
    units.push_back(*unit);
  }
  if (units.empty()) return Invalid("--ou", "no org unit given");
  for (OrgUnitId unit : units) {
    if (levels.empty()) request.ou.push_back({unit, std::nullopt});
    for (OrgUnitLevel level : levels) request.ou.push_back({unit, level});
  }

  Result<analytics::QueryResult> result = engine->Query(request);
  if (!result.ok()) return NameOption(result.status());
  const analytics::QueryResult& r = *result;
  if (format == "json") {
    std::cout << analytics::ResultJson(r).dump(2) << "\n";
    return Status::Ok();
  }
  if (format == "xlsx") {
    return WriteWorkbook({QuerySheet(r, request.as_of, ctx.lang)}, output, ctx.lang);
  }
  if (format == "csv") {
    exchange::CsvWriter csv(std::cout);
    std::vector<std::string> head;
    for (const auto& h : r.headers) head.push_back(h.name);
    csv.WriteRow(head);
    for (size_t i = 0; i < r.size(); ++i) csv.WriteRow(r.Row(i));
    return csv.Flush();
  }
  std::map<std::string, std::string> names(r.items.begin(), r.items.end());
  std::vector<std::string> head;
  for (const auto& h : r.headers) head.push_back(h.column);
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : r.Rows()) {
    std::vector<std::string> named;
    for (size_t i = 0; i < row.size(); ++i) {
      auto it = names.find(row[i]);
      named.push_back(i + 1 < row.size() && it != names.end() ? it->second : row[i]);
    }
    rows.push_back(std::move(named));
  }
  PrintTable(head, rows, std::cout);
  return Status::Ok();
}

}  // namespace

void RegisterQueryCommand(CLI::App& app, Context& ctx) {
  auto* query = app.add_subcommand(
      "query", "Tổng hợp số liệu theo đơn vị và kỳ / aggregate data over org units and periods");
  auto db = std::make_shared<std::string>();
  auto dx = std::make_shared<std::string>();
  auto ou = std::make_shared<std::string>();
  auto pe = std::make_shared<std::string>();
  auto keep = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto output = std::make_shared<std::string>();
  query->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  query
      ->add_option("--dx", *dx,
                   "Chỉ số hoặc chỉ tiêu (mã hoặc uid, cách nhau bởi dấu phẩy) / data elements "
                   "or indicators, comma-separated")
      ->required();
  query
      ->add_option("--ou", *ou,
                   "Đơn vị: X,Y hoặc X;LEVEL-n / org units: X,Y or X;LEVEL-n (tier 1-5 or name)")
      ->required();
  query->add_option("--pe", *pe, "Kỳ: 2024,2024Q1,202401 / periods, comma-separated")->required();
  query->add_option("--keep", *keep,
                    "Giữ phân tổ (mã danh mục, vd. SEX) / categories kept as columns");
  query->add_option("--as-of", *as_of,
                    "Ngày của cây đơn vị (mặc định hôm nay) / hierarchy date (default today)");
  query->add_option("--format", *format, "table | csv | json | xlsx")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  AddOutputOption(*query, *output);
  query->callback([&ctx, db, dx, ou, pe, keep, as_of, format, output] {
    ctx.run = [&ctx, db, dx, ou, pe, keep, as_of, format, output]() -> Status {
      GEMIS_RETURN_IF_ERROR(CheckOutputOption(*format, *output));
      return RunQuery(*db, *dx, *ou, *pe, *keep, *as_of, *format, *output, ctx);
    };
  });
}

}  // namespace gemis::cli
