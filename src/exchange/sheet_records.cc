#include "exchange/sheet_records.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/number_format.h"
#include "core/text.h"
#include "exchange/json_document.h"
#include "exchange/sheet_import.h"

namespace gemis::exchange {
namespace {

using nlohmann::json;

// How a field's text becomes its member.
enum class FieldType { kText, kInteger, kDate, kFlag, kDates, kCodes };

struct FieldSpec {
  const char* name;  // the sheet field and the member it sets
  FieldType type;
};

const std::vector<FieldSpec>& FieldsOf(SheetImportKind kind) {
  using T = FieldType;
  static const std::vector<FieldSpec> kModels = {
      {"code", T::kText},        {"kind", T::kText},          {"name", T::kText},
      {"orgUnit", T::kText},     {"place", T::kText},         {"level", T::kText},
      {"established", T::kDate}, {"consolidated", T::kDates}, {"dissolved", T::kDate},
      {"plan", T::kText},        {"note", T::kText}};
  static const std::vector<FieldSpec> kActivities = {
      {"code", T::kText},          {"kind", T::kText},         {"title", T::kText},
      {"start", T::kDate},         {"end", T::kDate},          {"orgUnit", T::kText},
      {"place", T::kText},         {"level", T::kText},        {"programNode", T::kText},
      {"plan", T::kText},          {"model", T::kText},        {"programme", T::kText},
      {"dialogueLevel", T::kText}, {"dvPrevention", T::kFlag}, {"cost", T::kInteger},
      {"topic", T::kText},         {"issuesRaised", T::kText}, {"followUp", T::kText},
      {"note", T::kText},          {"attendees", T::kCodes}};
  static const std::vector<FieldSpec> kCadres = {
      {"code", T::kText},     {"name", T::kText},      {"orgUnit", T::kText}, {"level", T::kText},
      {"position", T::kText}, {"ethnicity", T::kText}, {"group", T::kText},   {"since", T::kDate},
      {"until", T::kDate},    {"decision", T::kText},  {"note", T::kText}};
  static const std::vector<FieldSpec> kBirths = {
      {"code", T::kText},         {"motherName", T::kText}, {"motherBirthDate", T::kDate},
      {"motherAge", T::kInteger}, {"ethnicity", T::kText},  {"commune", T::kText},
      {"village", T::kText},      {"birthDate", T::kDate},  {"atHealthFacility", T::kFlag},
      {"facility", T::kText},     {"caesarean", T::kFlag},  {"withinPopulationPolicy", T::kFlag},
      {"note", T::kText}};
  static const std::vector<FieldSpec> kNone;
  switch (kind) {
    case SheetImportKind::kModels: return kModels;
    case SheetImportKind::kActivities: return kActivities;
    case SheetImportKind::kCadres: return kCadres;
    case SheetImportKind::kBirths: return kBirths;
    default: return kNone;
  }
}

// "a; b, c" → ["a", "b", "c"] (blank items dropped).
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ';' || text[i] == ',') {
      std::string item = CollapseSpaces(text.substr(start, i - start));
      if (!item.empty()) out.push_back(std::move(item));
      start = i + 1;
    }
  }
  return out;
}

// The member value of `text` for `type` (invariant (1)).
json ValueOf(FieldType type, const std::string& text) {
  switch (type) {
    case FieldType::kText: return text;
    case FieldType::kInteger: {
      std::optional<int64_t> n = SheetInteger(text);
      return n ? json(*n) : json(text);
    }
    case FieldType::kDate: return SheetDateText(text);
    case FieldType::kFlag: {
      std::optional<bool> flag = SheetFlag(text);
      return flag ? json(*flag) : json(text);
    }
    case FieldType::kDates: {
      json list = json::array();
      for (const std::string& item : SplitList(text)) list.push_back(SheetDateText(item));
      return list;
    }
    case FieldType::kCodes: {
      json list = json::array();
      for (const std::string& item : SplitList(text)) list.push_back(item);
      return list;
    }
  }
  return text;
}

class Reader {
 public:
  Reader(const ResolvedSheetMapping& mapping, SheetImportKind kind)
      : mapping_(mapping), kind_(kind) {}

  RecordSheet Run() {
    for (int row = mapping_.first_row(); row <= mapping_.last_row(); ++row) {
      if (!mapping_.IsDataRow(row)) continue;
      if (HasErrorCell(row)) continue;
      if (kind_ == SheetImportKind::kAttendance) {
        Attendance(row);
      } else {
        Record(row);
      }
    }
    return std::move(out_);
  }

 private:
  std::string Cell(int row, int col) const {
    return mapping_.table().CellName(row, col > 0 ? col : 1);
  }

  // Invariant (3): a mapped cell holding #N/A, #REF!… is a conflict.
  bool HasErrorCell(int row) {
    bool found = false;
    auto check = [&](int col, const std::string& what) {
      if (col <= 0) return;
      SheetCell cell = mapping_.table().At(row, col);
      if (cell.kind != XlsxValue::Kind::kError) return;
      ImportConflict c;
      c.error_code = kSheetCell;
      c.property = what;
      c.value = std::string(cell.text);
      c.line = row;
      c.cell = Cell(row, col);
      c.message = "the cell holds the error " + std::string(cell.text) + ", not a value";
      out_.conflicts.push_back(std::move(c));
      found = true;
    };
    for (const auto& [name, spec] : mapping_.mapping().fields) {
      check(mapping_.FieldColumn(name), name);
    }
    for (const auto& [source, index] : mapping_.value_columns()) {
      check(source.column, mapping_.HeaderText(source.column));
    }
    return found;
  }

  void Set(SheetRecord& r, int row, const std::string& name, FieldType type) {
    if (!mapping_.HasField(name)) return;
    const std::string pointer = "/" + name;
    int col = mapping_.FieldColumn(name);
    r.cells.emplace_back(pointer, col > 0 ? Cell(row, col) : std::string());
    std::string text = mapping_.Text(row, name);
    if (text.empty()) return;
    json value = ValueOf(type, text);
    if (value.is_array() && value.empty()) return;
    r.object[name] = std::move(value);
  }

  void Record(int row) {
    SheetRecord r;
    r.rows.push_back(row);
    r.first_cell = Cell(row, 1);
    for (const FieldSpec& f : FieldsOf(kind_)) Set(r, row, f.name, f.type);
    switch (kind_) {
      case SheetImportKind::kModels: Facts(r, row); break;
      case SheetImportKind::kActivities: Participants(r, row); break;
      case SheetImportKind::kBirths: Payments(r, row); break;
      default: break;
    }
    if (auto code = r.object.find("code"); code != r.object.end() && code->is_string()) {
      r.code = code->get<std::string>();
    }
    if (!r.code.empty()) {
      auto [it, fresh] = first_row_.emplace(r.code, row);
      if (!fresh) {
        ImportConflict c;
        c.object = r.code;
        c.value = r.code;
        c.error_code = kRecordDuplicate;
        c.property = "code";
        c.line = row;
        c.cell = r.CellOf("/code");
        c.message = "code " + r.code + " is also on row " + std::to_string(it->second) +
                    ": a record appears once in a sheet";
        out_.conflicts.push_back(std::move(c));
        return;
      }
    }
    out_.records.push_back(std::move(r));
  }

  // The value columns' non-empty cells of `row`, each with its attributes.
  template <typename Fn>
  void EachValue(int row, Fn fn) {
    for (const auto& [source, index] : mapping_.value_columns()) {
      std::string text = mapping_.Text(row, source);
      if (text.empty()) continue;
      fn(mapping_.mapping().values[index].attributes, text, Cell(row, source.column));
    }
  }

  static std::string Attribute(const std::map<std::string, std::string>& attributes,
                               const std::string& name) {
    auto it = attributes.find(name);
    return it == attributes.end() ? std::string() : it->second;
  }

  // The day of a value column's item: its attribute, else the row's field,
  // else the record's `fallback` member.
  std::string DayOf(const std::map<std::string, std::string>& attributes, const char* attribute,
                    int row, const char* field, const SheetRecord& r, const char* fallback) {
    std::string day = Attribute(attributes, attribute);
    if (day.empty()) day = mapping_.Text(row, field);
    if (day.empty()) {
      auto it = r.object.find(fallback);
      if (it != r.object.end() && it->is_string()) day = it->get<std::string>();
    }
    return SheetDateText(day);
  }

  void Facts(SheetRecord& r, int row) {
    json facts = json::array();
    EachValue(row, [&](const auto& attributes, const std::string& text, const std::string& cell) {
      const std::string pointer = "/facts/" + std::to_string(facts.size());
      facts.push_back({{"date", DayOf(attributes, "date", row, "factDate", r, "established")},
                       {"field", Attribute(attributes, "field")},
                       {"value", text}});
      r.cells.emplace_back(pointer, cell);
    });
    if (!facts.empty()) r.object["facts"] = std::move(facts);
  }

  void Participants(SheetRecord& r, int row) {
    json participants = json::array();
    EachValue(row, [&](const auto& attributes, const std::string& text, const std::string& cell) {
      const std::string pointer = "/participants/" + std::to_string(participants.size());
      std::optional<int64_t> count = SheetInteger(text);
      json p = {{"sex", Attribute(attributes, "sex")},
                {"count", count ? json(*count) : json(text)}};
      for (const char* optional : {"ethnicity", "ageBand"}) {
        std::string value = Attribute(attributes, optional);
        if (!value.empty()) p[optional] = value;
      }
      participants.push_back(std::move(p));
      r.cells.emplace_back(pointer, cell);
    });
    if (!participants.empty()) r.object["participants"] = std::move(participants);
  }

  void Payments(SheetRecord& r, int row) {
    json payments = json::array();
    EachValue(row, [&](const auto& attributes, const std::string& text, const std::string& cell) {
      const std::string pointer = "/payments/" + std::to_string(payments.size());
      std::optional<int64_t> amount = SheetInteger(text);
      json p = {{"package", Attribute(attributes, "package")},
                {"day", DayOf(attributes, "day", row, "paymentDay", r, "birthDate")},
                {"amount", amount ? json(*amount) : json(text)}};
      for (const char* number : {"people", "days"}) {
        std::string value = Attribute(attributes, number);
        if (value.empty()) continue;
        std::optional<int64_t> n = SheetInteger(value);
        p[number] = n ? json(*n) : json(value);
      }
      std::string voucher = Attribute(attributes, "voucher");
      if (voucher.empty()) voucher = mapping_.Text(row, "voucher");
      if (!voucher.empty()) p["voucher"] = voucher;
      payments.push_back(std::move(p));
      r.cells.emplace_back(pointer, cell);
    });
    if (!payments.empty()) r.object["payments"] = std::move(payments);
  }

  // Attendance rows are grouped by activity: {"code": activity,
  // "attendees": [cadre, …]} (a cadre listed twice for one activity once).
  void Attendance(int row) {
    const std::string activity = mapping_.Text(row, "activity");
    const std::string cadre = mapping_.Text(row, "cadre");
    const std::string activity_cell = Cell(row, mapping_.FieldColumn("activity"));
    const std::string cadre_cell = Cell(row, mapping_.FieldColumn("cadre"));
    auto missing = [&](const char* field, const std::string& cell) {
      ImportConflict c;
      c.error_code = kRecordInvalid;
      c.property = field;
      c.line = row;
      c.cell = cell;
      c.message = std::string(field) + " is empty";
      out_.conflicts.push_back(std::move(c));
    };
    if (activity.empty()) return missing("activity", activity_cell);
    if (cadre.empty()) return missing("cadre", cadre_cell);
    auto [it, fresh] = attendance_.emplace(activity, out_.records.size());
    if (fresh) {
      SheetRecord r;
      r.code = activity;
      r.first_cell = Cell(row, 1);
      r.object["code"] = activity;
      r.object["attendees"] = json::array();
      r.cells.emplace_back("/code", activity_cell);
      out_.records.push_back(std::move(r));
    }
    SheetRecord& r = out_.records[it->second];
    r.rows.push_back(row);
    json& attendees = r.object["attendees"];
    if (std::find(attendees.begin(), attendees.end(), json(cadre)) != attendees.end()) return;
    r.cells.emplace_back("/attendees/" + std::to_string(attendees.size()), cadre_cell);
    attendees.push_back(cadre);
  }

  const ResolvedSheetMapping& mapping_;
  SheetImportKind kind_;
  RecordSheet out_;
  std::map<std::string, int> first_row_;      // code → its first row
  std::map<std::string, size_t> attendance_;  // activity → index in out_.records
};

bool IsPointerPrefix(std::string_view prefix, std::string_view pointer) {
  if (pointer.size() < prefix.size() || pointer.substr(0, prefix.size()) != prefix) return false;
  return pointer.size() == prefix.size() || pointer[prefix.size()] == '/';
}

}  // namespace

std::string SheetRecord::CellOf(std::string_view pointer) const {
  const std::pair<std::string, std::string>* best = nullptr;
  for (const auto& entry : cells) {
    if (entry.second.empty() || !IsPointerPrefix(entry.first, pointer)) continue;
    if (best == nullptr || entry.first.size() > best->first.size()) best = &entry;
  }
  return best ? best->second : first_cell;
}

std::optional<int64_t> SheetInteger(std::string_view text) {
  std::string t = CollapseSpaces(text);
  for (std::string_view unit : {"đồng", "đ", "VNĐ", "VND"}) {
    if (t.size() > unit.size() && t.compare(t.size() - unit.size(), unit.size(), unit) == 0) {
      t = CollapseSpaces(t.substr(0, t.size() - unit.size()));
      break;
    }
  }
  // Spaces between thousands ("4 500 000") read as the dots do.
  std::replace(t.begin(), t.end(), ' ', '.');
  if (t.empty() || t[0] == '-' || t[0] == '+') return std::nullopt;
  Result<int64_t> n = ParseIntegerVi(t);
  if (!n.ok()) return std::nullopt;
  return *n;
}

std::optional<bool> SheetFlag(std::string_view text) {
  std::string key = FoldForSearch(text);
  for (std::string_view yes : {"x", "co", "yes", "true", "1"}) {
    if (key == yes) return true;
  }
  for (std::string_view no : {"", "khong", "no", "false", "0"}) {
    if (key == no) return false;
  }
  return std::nullopt;
}

Result<RecordSheet> ReadRecordSheet(const ResolvedSheetMapping& mapping, SheetImportKind kind) {
  std::vector<const char*> needed;
  switch (kind) {
    case SheetImportKind::kModels:
    case SheetImportKind::kActivities:
    case SheetImportKind::kCadres:
    case SheetImportKind::kBirths: needed = {"code"}; break;
    case SheetImportKind::kAttendance: needed = {"activity", "cadre"}; break;
    default:
      return Status::Internal(std::string("ReadRecordSheet does not read ") +
                              SheetImportKindName(kind));
  }
  for (const char* field : needed) {
    if (!mapping.HasField(field)) {
      return Status::Usage(std::string("a mapping of ") + SheetImportKindName(kind) +
                           " needs the field " + field + " (--map '" + field + "=COLUMN')");
    }
  }
  return Reader(mapping, kind).Run();
}

}  // namespace gemis::exchange
