#include "program/reporting_json.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "program/json_reader.h"
#include "records/activity.h"

namespace gemis::program {

namespace {

using namespace json_reader;  // NOLINT: the readers of this layer's files

// An integer member within [lo, hi] (`fallback` when absent or null).
Result<int> Int(const Where& w, const json& o, const std::string& pointer, std::string_view key,
                int fallback, int lo, int hi) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
    return w.Error(exchange::JsonPointerChild(pointer, key),
                   std::string(key) + " must be a whole number from " + std::to_string(lo) +
                       " to " + std::to_string(hi));
  }
  return static_cast<int>(it->get<int64_t>());
}

Result<bool> FlagOr(const Where& w, const json& o, const std::string& pointer, std::string_view key,
                    bool fallback) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    return w.Error(exchange::JsonPointerChild(pointer, key),
                   std::string(key) + " must be true or false");
  }
  return it->get<bool>();
}

Result<LevelDeadline> ParseDeadline(const Where& w, const json& o, const std::string& at) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, at,
                                     {"level", "kind", "monthOffset", "day", "days", "workingDays",
                                      "inclusive", "rollForward", "units"}));
  LevelDeadline d;
  GEMIS_ASSIGN_OR_RETURN(std::string level, Text(w, o, at, "level", true));
  Result<OrgUnitLevel> parsed = ParseLevel(level);
  if (!parsed.ok()) return w.Error(at + "/level", parsed.status().message());
  d.level = *parsed;
  GEMIS_ASSIGN_OR_RETURN(d.rule.kind,
                         Named(w, o, at, "kind", DeadlineKind::kFixed, ParseDeadlineKind));
  GEMIS_ASSIGN_OR_RETURN(d.rule.month_offset, Int(w, o, at, "monthOffset", 0, -11, 12));
  GEMIS_ASSIGN_OR_RETURN(d.rule.day, Int(w, o, at, "day", 0, 1, 31));
  GEMIS_ASSIGN_OR_RETURN(d.rule.days, Int(w, o, at, "days", 0, 1, 366));
  GEMIS_ASSIGN_OR_RETURN(d.rule.working_days, FlagOr(w, o, at, "workingDays", false));
  GEMIS_ASSIGN_OR_RETURN(d.rule.inclusive, FlagOr(w, o, at, "inclusive", false));
  GEMIS_ASSIGN_OR_RETURN(d.rule.roll_forward, FlagOr(w, o, at, "rollForward", true));
  return d;
}

}  // namespace

Result<CalendarFile> ParseCalendarJson(std::string_view text, const std::string& source) {
  GEMIS_ASSIGN_OR_RETURN(exchange::JsonDocument doc, exchange::JsonDocument::Parse(text, source));
  Where w(source, &doc);
  const json& root = doc.root();
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, root, "", {"format", "years", "source", "note", "days"}));
  GEMIS_RETURN_IF_ERROR(CheckFormat(w, root, kCalendarFormat));
  CalendarFile out;
  GEMIS_ASSIGN_OR_RETURN(out.source, Text(w, root, "", "source", false));
  auto days = root.find("days");
  if (days == root.end() || !days->is_array()) return w.Error("/days", "days must be a list");
  std::vector<std::string> pointers;  // of each day, for errors
  for (size_t i = 0; i < days->size(); ++i) {
    const std::string at = exchange::JsonPointerChild("/days", i);
    const json& o = (*days)[i];
    GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, at, {"day", "from", "to", "kind", "name"}));
    GEMIS_ASSIGN_OR_RETURN(std::string name, Text(w, o, at, "name", true));
    GEMIS_ASSIGN_OR_RETURN(CalendarDayKind kind,
                           Named(w, o, at, "kind", CalendarDayKind::kOff, ParseCalendarDayKind));
    GEMIS_ASSIGN_OR_RETURN(std::optional<Date> day, DateMember(w, o, at, "day", false));
    GEMIS_ASSIGN_OR_RETURN(std::optional<Date> from, DateMember(w, o, at, "from", false));
    GEMIS_ASSIGN_OR_RETURN(std::optional<Date> to, DateMember(w, o, at, "to", false));
    if (day.has_value() == (from.has_value() || to.has_value()) ||
        from.has_value() != to.has_value()) {
      return w.Error(at, "give either day, or from and to");
    }
    if (from && (*to < *from || to->days() - from->days() > 31)) {
      return w.Error(at + "/to", "to must be on or after from, at most a month later");
    }
    for (Date d = day ? *day : *from; d <= (day ? *day : *to); d = d.AddDays(1)) {
      // A range lists its weekends as days off (already off); a made-up
      // working day is one day.
      out.days.push_back({d, kind, name});
      pointers.push_back(at);
    }
  }
  std::set<int> years;
  for (const CalendarDay& d : out.days) years.insert(d.day.year());
  if (auto y = root.find("years"); y != root.end()) {
    if (!y->is_array()) return w.Error("/years", "years must be a list of years");
    std::set<int> given;
    for (size_t i = 0; i < y->size(); ++i) {
      const json& v = (*y)[i];
      if (!v.is_number_integer() || v.get<int64_t>() < 1900 || v.get<int64_t>() > 2200) {
        return w.Error(exchange::JsonPointerChild("/years", i), "a year from 1900 to 2200");
      }
      given.insert(static_cast<int>(v.get<int64_t>()));
    }
    for (size_t i = 0; i < out.days.size(); ++i) {
      if (!given.contains(out.days[i].day.year())) {
        return w.Error(pointers[i], out.days[i].day.ToString() + " is not in the file's years");
      }
    }
    years = given;
  }
  out.years.assign(years.begin(), years.end());
  Result<WorkCalendar> checked = WorkCalendar::Make(out.days);
  if (!checked.ok()) {
    // "days[i]" of the expanded list: point at the file's entry.
    const Status bad = checked.status();
    const std::string field = bad.where().field;
    size_t i = field.size() > 6 ? std::stoul(field.substr(5)) : 0;
    return w.Error(i < pointers.size() ? pointers[i] : "/days", bad.message());
  }
  return out;
}

Result<std::vector<ReportType>> ParseReportTypesJson(std::string_view text,
                                                     const std::string& source,
                                                     const Hierarchy& hierarchy, Date at) {
  return ParseRecordFile<ReportType>(
      text, source, kReportTypesFormat, "reportTypes",
      [&](const Where& w, const json& o, const std::string& pointer) -> Result<ReportType> {
        GEMIS_RETURN_IF_ERROR(
            CheckMembers(w, o, pointer,
                         {"code", "name", "nameEn", "dataSet", "periodType", "cadence", "area",
                          "deadlines", "activityKinds", "active", "note"}));
        ReportType t;
        GEMIS_ASSIGN_OR_RETURN(t.code, Text(w, o, pointer, "code", true));
        GEMIS_ASSIGN_OR_RETURN(t.name, Text(w, o, pointer, "name", true));
        GEMIS_ASSIGN_OR_RETURN(t.name_en, Text(w, o, pointer, "nameEn", false));
        GEMIS_ASSIGN_OR_RETURN(t.data_set, Text(w, o, pointer, "dataSet", true));
        GEMIS_ASSIGN_OR_RETURN(std::string period_type, Text(w, o, pointer, "periodType", true));
        Result<PeriodType> pt = ParsePeriodType(period_type);
        if (!pt.ok()) return w.Error(pointer + "/periodType", pt.status().message());
        t.period_type = *pt;
        GEMIS_ASSIGN_OR_RETURN(t.cadence, Named(w, o, pointer, "cadence", ReportCadence::kPeriodic,
                                                ParseReportCadence));
        // A uid, a code on `at`, or the only unit that ever carried the
        // code (Kon Tum's "62", merged into Quảng Ngãi on 1/7/2025).
        auto resolve = [&](const std::string& key, const std::string& parent,
                           std::string_view member) -> Result<OrgUnitId> {
          std::vector<const OrgUnit*> ever = hierarchy.FindByCodeAnyTime(key);
          if (hierarchy.FindByUid(key) == nullptr && hierarchy.FindByCode(key, at) == nullptr &&
              ever.size() == 1) {
            return ever.front()->id;
          }
          return ResolveUnit(w, parent, key, at, hierarchy, member);
        };
        GEMIS_ASSIGN_OR_RETURN(std::string area, Text(w, o, pointer, "area", false));
        if (!area.empty()) {
          GEMIS_ASSIGN_OR_RETURN(t.area, resolve(area, pointer, "area"));
        }
        auto deadlines = o.find("deadlines");
        if (deadlines == o.end() || !deadlines->is_array()) {
          return w.Error(pointer + "/deadlines",
                         "deadlines must be a list, one per submitting level");
        }
        std::set<OrgUnitId> named;  // across levels: a unit submits at one level
        for (size_t i = 0; i < deadlines->size(); ++i) {
          const std::string at_deadline = exchange::JsonPointerChild(pointer + "/deadlines", i);
          const json& entry = (*deadlines)[i];
          GEMIS_ASSIGN_OR_RETURN(LevelDeadline d, ParseDeadline(w, entry, at_deadline));
          if (auto units = entry.find("units"); units != entry.end() && !units->is_null()) {
            const std::string at_units = at_deadline + "/units";
            if (!units->is_array()) {
              return w.Error(at_units, "units must be a list of unit codes or uids");
            }
            for (size_t k = 0; k < units->size(); ++k) {
              const std::string at_unit = exchange::JsonPointerChild(at_units, k);
              const json& key = (*units)[k];
              if (!key.is_string()) return w.Error(at_unit, "a unit's code or uid, as text");
              // A code carried over time by several units (Chư Hreng's
              // 23332 is Đăk Rơ Wa's in Quảng Ngãi since 2025) names the
              // one that carried it at this level inside the area.
              const std::string named_as = key.get<std::string>();
              std::vector<OrgUnitId> fitting;
              if (hierarchy.FindByUid(named_as) == nullptr) {
                for (const OrgUnit* u : hierarchy.FindByCodeAnyTime(named_as)) {
                  if (CheckNamedUnit(t, d.level, u->id, hierarchy).ok()) fitting.push_back(u->id);
                }
              }
              OrgUnitId id = 0;
              if (fitting.size() == 1) {
                id = fitting.front();
              } else {
                GEMIS_ASSIGN_OR_RETURN(id, resolve(named_as, at_units, std::to_string(k)));
              }
              if (!named.insert(id).second) {
                return w.Error(at_unit, named_as + " is named twice");
              }
              const Status fits = CheckNamedUnit(t, d.level, id, hierarchy);
              if (!fits.ok()) return w.Error(at_unit, fits.message());
              d.units.push_back(id);
            }
            std::sort(d.units.begin(), d.units.end());
          }
          t.deadlines.push_back(d);
        }
        if (auto kinds = o.find("activityKinds"); kinds != o.end() && !kinds->is_null()) {
          const std::string at_kinds = pointer + "/activityKinds";
          if (!kinds->is_array()) return w.Error(at_kinds, "activityKinds must be a list");
          for (size_t k = 0; k < kinds->size(); ++k) {
            const json& kind = (*kinds)[k];
            Result<records::ActivityKind> parsed =
                kind.is_string() ? records::ParseActivityKind(kind.get<std::string>())
                                 : Result<records::ActivityKind>(
                                       Status::Invalid("an activity kind's name, as text"));
            if (!parsed.ok()) {
              return w.Error(exchange::JsonPointerChild(at_kinds, k), parsed.status().message());
            }
            t.activity_kinds.push_back(kind.get<std::string>());
          }
        }
        GEMIS_ASSIGN_OR_RETURN(t.active, FlagOr(w, o, pointer, "active", true));
        GEMIS_ASSIGN_OR_RETURN(t.note, Text(w, o, pointer, "note", false));
        const Status s = CheckReportType(t);
        const std::string field = s.where().field;
        if (!s.ok()) return w.Error(PointerOf(pointer, field), s.message());
        return t;
      });
}

namespace {

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path, {path, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<CalendarFile> ImportCalendarFile(store::Store& store, const std::string& path) {
  GEMIS_ASSIGN_OR_RETURN(std::string text, ReadWhole(path));
  GEMIS_ASSIGN_OR_RETURN(CalendarFile file, ParseCalendarJson(text, path));
  GEMIS_RETURN_IF_ERROR(store.Write([&](store::WriteTransaction& txn) {
    return txn.ReplaceCalendarYears(file.years, file.days);
  }));
  return file;
}

Result<std::vector<ReportType>> ImportReportTypesFile(store::Store& store, const std::string& path,
                                                      Date at) {
  GEMIS_ASSIGN_OR_RETURN(std::string text, ReadWhole(path));
  std::vector<ReportType> types;
  GEMIS_RETURN_IF_ERROR(store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(types, ParseReportTypesJson(text, path, hierarchy, at));
    for (size_t i = 0; i < types.size(); ++i) {
      Result<ReportTypeId> id = txn.SaveReportType(types[i]);
      if (!id.ok()) {
        const Status s = id.status();
        return Status(s.code(), path + ": /reportTypes/" + std::to_string(i) + ": " + s.message(),
                      s.where());
      }
      types[i].id = *id;
    }
    return Status::Ok();
  }));
  return types;
}

}  // namespace gemis::program
