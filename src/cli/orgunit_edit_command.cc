// gemis orgunit rename|reclassify|move|close|merge|split: dated changes to
// the hierarchy, checked by HierarchyEditor and saved in one transaction.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.h"
#include "core/hierarchy_editor.h"
#include "core/text.h"

namespace gemis::cli {

namespace {

struct EditArgs {
  std::string db, code, date, basis;
  std::string name, unit_type, level, parent;
  std::vector<std::string> from, into;
  std::string target, designated, new_code;
};

Result<const OrgUnit*> Resolve(const Hierarchy& h, const std::string& code, Date d,
                               const char* option) {
  const OrgUnit* unit = h.FindByCode(code, d);
  if (unit == nullptr) unit = h.FindByUid(code);
  if (unit == nullptr || unit->VersionAt(d) == nullptr) {
    return Status::NotFound("no unit has code or uid '" + code + "' on " + d.ToString(),
                            {"", 0, 0, option});
  }
  return unit;
}

// Loads the hierarchy, lets `edit` change it, validates the result and saves
// the touched units, events and links atomically.
Status Edit(const EditArgs& args, const std::function<Status(const Hierarchy&, HierarchyEditor&, Date)>& edit) {
  Result<Date> date = Date::Parse(args.date);
  if (!date.ok()) return date.status().WithContext({"", 0, 0, "--date"});
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  SystemRandom random;
  HierarchyEditor editor(h, random);
  GEMIS_RETURN_IF_ERROR(edit(h, editor, *date));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy edited, editor.Finish());
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) {
    std::vector<const OrgUnit*> units;
    for (OrgUnitId id : editor.touched_units()) units.push_back(edited.Find(id));
    GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
    GEMIS_RETURN_IF_ERROR(txn.InsertEvents(editor.new_events()));
    return txn.InsertLinks(editor.new_links());
  }));
  nlohmann::json out = {{"events", nlohmann::json::array()}, {"touched", nlohmann::json::array()}};
  for (const OrgUnitEvent& e : editor.new_events()) {
    out["events"].push_back({{"kind", EventKindName(e.kind)}, {"date", e.effective.ToString()},
                             {"legalBasis", e.legal_basis}});
  }
  for (OrgUnitId id : editor.touched_units()) {
    const OrgUnit* unit = edited.Find(id);
    out["touched"].push_back({{"uid", unit->uid}, {"code", unit->last().code},
                              {"name", unit->last().FullName()}});
  }
  std::cout << out.dump(2) << "\n";
  return Status::Ok();
}

// The limits `gemis import orgunits` applies, so an edited unit exports and
// imports again.
constexpr size_t kMaxCodeBytes = 50;
constexpr size_t kMaxNameCharacters = 230;

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// Code points of valid UTF-8: the bytes that are not continuation bytes.
size_t Characters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// --name without surrounding spaces and tabs, in NFC, on one line.
Result<std::string> Name(const std::string& text) {
  size_t first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
  Result<std::string> nfc =
      ToNfc(first == std::string::npos ? "" : text.substr(first, last - first + 1));
  if (!nfc.ok()) return nfc.status().WithContext({"", 0, 0, "--name"});
  if (Characters(*nfc) > kMaxNameCharacters || HasControl(*nfc)) {
    return Status::Invalid(
        "name must be at most 230 characters without line breaks or control characters",
        {"", 0, 0, "--name"});
  }
  return nfc;
}

Status CheckNewCode(const std::string& code) {
  GEMIS_RETURN_IF_ERROR(CheckUtf8(code).WithContext({"", 0, 0, "--new-code"}));
  if (code.size() > kMaxCodeBytes || HasControl(code) || code.find(' ') != std::string::npos) {
    return Status::Invalid(
        "code '" + code + "' must be at most 50 bytes without spaces or control characters",
        {"", 0, 0, "--new-code"});
  }
  return Status::Ok();
}

Status RunRename(const EditArgs& a) {
  return Edit(a, [&](const Hierarchy& h, HierarchyEditor& e, Date d) -> Status {
    GEMIS_ASSIGN_OR_RETURN(const OrgUnit* unit, Resolve(h, a.code, d.AddDays(-1), "code"));
    GEMIS_ASSIGN_OR_RETURN(std::string name, Name(a.name));
    return e.Rename(unit->id, name, d, a.basis);
  });
}

Status RunReclassify(const EditArgs& a) {
  return Edit(a, [&](const Hierarchy& h, HierarchyEditor& e, Date d) -> Status {
    GEMIS_ASSIGN_OR_RETURN(const OrgUnit* unit, Resolve(h, a.code, d.AddDays(-1), "code"));
    std::optional<OrgUnitLevel> level;
    if (!a.level.empty()) {
      Result<OrgUnitLevel> parsed = ParseLevel(a.level);
      if (!parsed.ok()) return parsed.status().WithContext({"", 0, 0, "--level"});
      level = *parsed;
    }
    return e.Reclassify(unit->id, a.unit_type, level, d, a.basis);
  });
}

Status RunMove(const EditArgs& a) {
  return Edit(a, [&](const Hierarchy& h, HierarchyEditor& e, Date d) -> Status {
    GEMIS_ASSIGN_OR_RETURN(const OrgUnit* unit, Resolve(h, a.code, d.AddDays(-1), "code"));
    GEMIS_ASSIGN_OR_RETURN(const OrgUnit* parent, Resolve(h, a.parent, d, "--parent"));
    return e.Move(unit->id, parent->id, d, a.basis);
  });
}

Status RunClose(const EditArgs& a) {
  return Edit(a, [&](const Hierarchy& h, HierarchyEditor& e, Date d) -> Status {
    GEMIS_ASSIGN_OR_RETURN(const OrgUnit* unit, Resolve(h, a.code, d.AddDays(-1), "code"));
    return e.Close(unit->id, d, a.basis);
  });
}

// Merge into an existing unit (--into CODE) or into a new one (--new-code,
// --name, --unit-type; under --parent or the first source's parent).
Status RunMerge(const EditArgs& a) {
  return Edit(a, [&](const Hierarchy& h, HierarchyEditor& e, Date d) -> Status {
    std::vector<OrgUnitId> sources;
    for (const std::string& code : a.from) {
      GEMIS_ASSIGN_OR_RETURN(const OrgUnit* unit, Resolve(h, code, d.AddDays(-1), "--from"));
      sources.push_back(unit->id);
    }
    if (sources.empty()) return Status::Usage("--from needs at least one unit");
    OrgUnitId target = 0;
    if (!a.target.empty()) {
      const OrgUnit* unit = h.FindByCode(a.target, d);
      if (unit == nullptr) unit = h.FindByUid(a.target);
      if (unit == nullptr) {
        return Status::NotFound("merge target '" + a.target + "' does not exist on " +
                                d.ToString() + " (it may have been closed)", {"", 0, 0, "--into"});
      }
      target = unit->id;
    } else {
      if (a.new_code.empty() || a.name.empty()) {
        return Status::Usage("give --into CODE, or --new-code and --name for a new unit");
      }
      GEMIS_RETURN_IF_ERROR(CheckNewCode(a.new_code));
      const OrgUnitVersion& first = *h.Find(sources[0])->VersionAt(d.AddDays(-1));
      NewOrgUnit spec{"", a.new_code, "", a.unit_type.empty() ? first.unit_type : a.unit_type,
                      first.level, first.parent, ""};
      GEMIS_ASSIGN_OR_RETURN(spec.name, Name(a.name));
      if (!a.parent.empty()) {
        GEMIS_ASSIGN_OR_RETURN(const OrgUnit* parent, Resolve(h, a.parent, d, "--parent"));
        spec.parent = parent->id;
      }
      GEMIS_ASSIGN_OR_RETURN(target, e.Create(spec, d, false, a.basis));
    }
    return e.Merge(sources, target, d, a.basis);
  });
}

// --into A=0.4,B=0.6 (shares) or --into A,B --designated A.
Status RunSplit(const EditArgs& a) {
  return Edit(a, [&](const Hierarchy& h, HierarchyEditor& e, Date d) -> Status {
    GEMIS_ASSIGN_OR_RETURN(const OrgUnit* source, Resolve(h, a.code, d.AddDays(-1), "code"));
    std::vector<SplitPart> parts;
    for (const std::string& item : a.into) {
      size_t eq = item.find('=');
      std::string code = item.substr(0, eq);
      GEMIS_ASSIGN_OR_RETURN(const OrgUnit* unit, Resolve(h, code, d, "--into"));
      SplitPart part{unit->id, std::nullopt, code == a.designated};
      if (eq != std::string::npos) {
        std::istringstream in(item.substr(eq + 1));
        double share = 0;
        if (!(in >> share) || !in.eof()) {
          return Status::Invalid("share '" + item.substr(eq + 1) + "' is not a number", {"", 0, 0, "--into"});
        }
        part.share = share;
      }
      parts.push_back(part);
    }
    return e.Split(source->id, parts, d, a.basis);
  });
}

CLI::App* AddEdit(CLI::App* parent, const char* name, const char* help,
                  const std::shared_ptr<EditArgs>& args, bool with_code) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  if (with_code) cmd->add_option("code", args->code, "Mã hoặc uid đơn vị / unit code or uid")->required();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_option("--date", args->date, "Ngày hiệu lực (YYYY-MM-DD) / first day of the new state")->required();
  cmd->add_option("--basis", args->basis, "Căn cứ pháp lý / legal basis (e.g. Nghị quyết 1654/NQ-UBTVQH15)");
  return cmd;
}

}  // namespace

void RegisterOrgUnitEditCommands(CLI::App& orgunit, Context& ctx) {
  auto rename = std::make_shared<EditArgs>();
  AddEdit(&orgunit, "rename", "Đổi tên / rename a unit", rename, true)
      ->add_option("--name", rename->name, "Tên mới / new name")->required();
  orgunit.get_subcommand("rename")->callback([&ctx, rename] { ctx.run = [rename] { return RunRename(*rename); }; });

  auto reclassify = std::make_shared<EditArgs>();
  CLI::App* rc = AddEdit(&orgunit, "reclassify", "Đổi loại đơn vị / change the unit type", reclassify, true);
  rc->add_option("--unit-type", reclassify->unit_type, "Loại mới (Phường, Thành phố, …) / new unit type")->required();
  rc->add_option("--level", reclassify->level, "Cấp mới / new level");
  rc->callback([&ctx, reclassify] { ctx.run = [reclassify] { return RunReclassify(*reclassify); }; });

  auto move = std::make_shared<EditArgs>();
  AddEdit(&orgunit, "move", "Chuyển đơn vị cấp trên / move under another parent", move, true)
      ->add_option("--parent", move->parent, "Đơn vị cấp trên mới / new parent")->required();
  orgunit.get_subcommand("move")->callback([&ctx, move] { ctx.run = [move] { return RunMove(*move); }; });

  auto close = std::make_shared<EditArgs>();
  AddEdit(&orgunit, "close", "Giải thể / close a unit (its last day is the day before --date)", close, true)
      ->callback([&ctx, close] { ctx.run = [close] { return RunClose(*close); }; });

  auto merge = std::make_shared<EditArgs>();
  CLI::App* mg = AddEdit(&orgunit, "merge", "Sáp nhập / merge units into one", merge, false);
  mg->add_option("--from", merge->from, "Các đơn vị sáp nhập / units merged (comma-separated)")
      ->required()->delimiter(',');
  mg->add_option("--into", merge->target, "Đơn vị nhận (đã có) / existing unit that receives them");
  mg->add_option("--new-code", merge->new_code, "Mã đơn vị mới / code of a new unit formed by the merge");
  mg->add_option("--name", merge->name, "Tên đơn vị mới / name of the new unit");
  mg->add_option("--unit-type", merge->unit_type, "Loại đơn vị mới / unit type of the new unit");
  mg->add_option("--parent", merge->parent, "Cấp trên của đơn vị mới / parent of the new unit");
  mg->callback([&ctx, merge] { ctx.run = [merge] { return RunMerge(*merge); }; });

  auto split = std::make_shared<EditArgs>();
  CLI::App* sp = AddEdit(&orgunit, "split", "Chia tách / split a unit between existing successors", split, true);
  sp->add_option("--into", split->into, "Đơn vị kế thừa, có thể kèm tỷ lệ / successors: A=0.4,B=0.6 or A,B")
      ->required()->delimiter(',');
  sp->add_option("--designated", split->designated,
                 "Đơn vị nhận toàn bộ số liệu khi không có tỷ lệ / successor taking all values when no shares");
  sp->callback([&ctx, split] { ctx.run = [split] { return RunSplit(*split); }; });
}

}  // namespace gemis::cli
