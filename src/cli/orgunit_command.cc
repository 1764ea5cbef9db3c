// gemis orgunit show|search.
#include <iostream>
#include <tuple>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/text.h"
#include "exchange/org_unit_json.h"

namespace gemis::cli {

namespace {


void PrintShowText(const nlohmann::json& j, std::ostream& out) {
  out << j["fullName"].get<std::string>() << " (" << j["code"].get<std::string>() << ", "
      << j["level"].get<std::string>() << ", uid " << j["uid"].get<std::string>() << ")\n";
  std::string path;
  for (const auto& p : j["path"]) path += p.get<std::string>() + " › ";
  if (!path.empty()) out << "  " << path << j["name"].get<std::string>() << "\n";
  out << "  " << (j["validFrom"].is_null() ? "…" : j["validFrom"].get<std::string>()) << " → "
      << (j["validTo"].is_null() ? "…" : j["validTo"].get<std::string>()) << "\n";
  out << "  children (" << j["children"].size() << "):";
  size_t shown = 0;
  for (const auto& c : j["children"]) {
    if (shown++ == 20) { out << " …"; break; }
    out << " " << c.get<std::string>();
  }
  out << "\n";
  for (const auto& e : j["events"]) {
    out << "  " << e["date"].get<std::string>() << " " << e["kind"].get<std::string>();
    for (const char* key : {"predecessors", "successors"}) {
      if (!e.contains(key)) continue;
      out << (std::string(key) == "predecessors" ? " from" : " to");
      for (const auto& p : e[key]) {
        out << " " << p["code"].get<std::string>()
            << (p.value("designated", false) ? "*" : "");
      }
    }
    out << "\n";
  }
}

Status RunShow(const std::string& db, const std::string& code, const std::string& as_of,
               const std::string& format) {
  GEMIS_ASSIGN_OR_RETURN(Date d, AsOfDate(as_of));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  const OrgUnit* unit = h.FindByCode(code, d);
  if (unit == nullptr) unit = h.FindByUid(code);
  if (unit == nullptr || unit->VersionAt(d) == nullptr) {
    std::string known;
    for (const OrgUnit* u : h.FindByCodeAnyTime(code)) {
      for (const OrgUnitVersion& v : u->versions) {
        if (v.code != code) continue;
        known += "\n  " + v.FullName() + ": " + (v.from ? v.from->ToString() : "…") + " → " +
                 (v.to ? v.to->ToString() : "…");
      }
    }
    return Status::NotFound("no unit has code '" + code + "' on " + d.ToString() +
                            (known.empty() ? "" : "; the code was used by:" + known));
  }
  nlohmann::json j = exchange::OrgUnitJson(h, *unit, d);
  if (format == "json") {
    std::cout << j.dump(2) << "\n";
  } else {
    PrintShowText(j, std::cout);
  }
  return Status::Ok();
}

Status RunSearch(const std::string& db, const std::string& text, const std::string& as_of,
                 const std::string& format, size_t limit) {
  GEMIS_ASSIGN_OR_RETURN(Date d, AsOfDate(as_of));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  GEMIS_ASSIGN_OR_RETURN(VietnameseCollator collator, VietnameseCollator::Create());
  std::string query = FoldForSearch(text);
  // Ranking: the query as a whole phrase before scattered words, higher tiers
  // (provinces) before lower ones, then Vietnamese alphabetical order.
  struct Hit { bool scattered; int level; std::string key; const OrgUnit* unit; const OrgUnitVersion* v; };
  std::vector<Hit> hits;
  for (OrgUnitId id : h.UnitsAt(d)) {
    const OrgUnit* unit = h.Find(id);
    const OrgUnitVersion* v = unit->VersionAt(d);
    std::string folded = FoldForSearch(v->FullName());
    if (SearchMatches(query, folded) || v->code == text) {
      bool phrase = folded.find(query) != std::string::npos || v->code == text;
      hits.push_back({!phrase, static_cast<int>(v->level), collator.SortKey(v->name), unit, v});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.scattered, a.level, a.key, a.v->code) <
           std::tie(b.scattered, b.level, b.key, b.v->code);
  });
  if (hits.size() > limit) hits.resize(limit);
  nlohmann::json out = nlohmann::json::array();
  for (const Hit& hit : hits) {
    std::optional<OrgUnitId> parent = h.ParentAt(hit.unit->id, d);
    out.push_back({{"uid", hit.unit->uid}, {"code", hit.v->code}, {"name", hit.v->name},
                   {"fullName", hit.v->FullName()}, {"level", LevelName(hit.v->level)},
                   {"unitType", hit.v->unit_type},
                   {"parent", parent ? h.Find(*parent)->VersionAt(d)->FullName() : ""},
                   {"validFrom", exchange::JsonDate(hit.unit->first().from)}, {"validTo", exchange::JsonDate(hit.unit->last().to)}});
  }
  if (format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : out) {
    rows.push_back({item["code"], item["fullName"], item["level"], item["parent"]});
  }
  PrintTable({"code", "name", "level", "parent"}, rows, std::cout);
  return Status::Ok();
}

}  // namespace

void RegisterOrgUnitCommands(CLI::App& app, Context& ctx) {
  auto* orgunit = app.add_subcommand("orgunit", "Đơn vị hành chính / administrative units");
  orgunit->require_subcommand(1);
  RegisterOrgUnitEditCommands(*orgunit, ctx);

  auto* show = orgunit->add_subcommand("show", "Xem một đơn vị / show one unit with its history");
  auto db = std::make_shared<std::string>(), code = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>(), format = std::make_shared<std::string>("text");
  show->add_option("code", *code, "Mã (GSO) hoặc uid / code or uid")->required();
  show->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  show->add_option("--as-of", *as_of, "Ngày YYYY-MM-DD (mặc định hôm nay) / date, default today");
  show->add_option("--format", *format, "text | json")->check(CLI::IsMember({"text", "json"}));
  show->callback([&ctx, db, code, as_of, format] {
    ctx.run = [=] { return RunShow(*db, *code, *as_of, *format); };
  });

  auto* search = orgunit->add_subcommand(
      "search", "Tìm theo tên, không phân biệt dấu / search by name, ignoring diacritics");
  auto sdb = std::make_shared<std::string>(), text = std::make_shared<std::string>();
  auto sas_of = std::make_shared<std::string>(), sformat = std::make_shared<std::string>("table");
  auto limit = std::make_shared<size_t>(50);
  search->add_option("text", *text, "Tên cần tìm / name to find")->required();
  search->add_option("--db", *sdb, "Tệp cơ sở dữ liệu / database file")->required();
  search->add_option("--as-of", *sas_of, "Ngày YYYY-MM-DD (mặc định hôm nay) / date, default today");
  search->add_option("--format", *sformat, "table | json")->check(CLI::IsMember({"table", "json"}));
  search->add_option("--limit", *limit, "Số kết quả tối đa / most results shown (50)");
  search->callback([&ctx, sdb, text, sas_of, sformat, limit] {
    ctx.run = [=] { return RunSearch(*sdb, *text, *sas_of, *sformat, *limit); };
  });
}

}  // namespace gemis::cli
