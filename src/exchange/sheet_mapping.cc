#include "exchange/sheet_mapping.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "core/text.h"
#include "exchange/json_document.h"

namespace gemis::exchange {

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    size_t width = 1;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      is_space = true;  // U+00A0
      width = 2;
    }
    if (is_space) {
      space = !out.empty();
      i += width - 1;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += text[i];
  }
  return out;
}

namespace {

using nlohmann::json;

constexpr std::string_view kMappingFormat = "gemis-mapping/1";

std::vector<std::string> SplitComponents(std::string_view header) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = header.find('/', start);
    std::string part = CollapseSpaces(header.substr(start, slash - start));
    if (!part.empty()) parts.push_back(std::move(part));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

bool IsColumnLetters(std::string_view text, size_t max_letters) {
  if (text.empty() || text.size() > max_letters) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

int ColumnNumber(std::string_view letters) {
  int col = 0;
  for (char c : letters) col = col * 26 + (c - 'A' + 1);
  return col;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

const std::vector<std::string> kNoNames;

Status MappingError(const std::string& origin, const std::string& message) {
  return Status::Usage("column mapping " + origin + ": " + message);
}

// Reads a mapping file's JSON into a SheetMapping, naming members by pointer.
class MappingReader {
 public:
  MappingReader(const JsonDocument& doc, std::string source)
      : doc_(doc), source_(std::move(source)) {}

  Result<SheetMapping> Read() {
    const json& root = doc_.root();
    if (!root.is_object()) return Error("", "the mapping must be a JSON object");
    static const std::set<std::string> kKnown = {
        "format", "kind",   "sheet", "headerRows", "firstRow", "lastRow", "skipRowsWithout",
        "fields", "values", "plan",  "table",      "section",  "comment"};
    for (const auto& [key, value] : root.items()) {
      if (!kKnown.contains(key)) {
        return Error(JsonPointerChild("", key),
                     "unknown member '" + key + "' (known: " + JoinSet(kKnown) + ")");
      }
    }
    SheetMapping mapping;
    GEMIS_ASSIGN_OR_RETURN(std::string format, String(root, "format", true));
    if (format != kMappingFormat) {
      return Error("/format", "format must be \"" + std::string(kMappingFormat) + "\", not \"" +
                                  format + "\"");
    }
    GEMIS_ASSIGN_OR_RETURN(std::string kind, String(root, "kind", false));
    if (!kind.empty()) {
      Result<SheetImportKind> parsed = ParseSheetImportKind(kind);
      if (!parsed.ok()) return Error("/kind", parsed.status().message());
      mapping.kind = *parsed;
    }
    GEMIS_ASSIGN_OR_RETURN(mapping.sheet, String(root, "sheet", false));
    GEMIS_ASSIGN_OR_RETURN(mapping.skip_rows_without, String(root, "skipRowsWithout", false));
    for (const char* key : {"plan", "table", "section"}) {
      GEMIS_ASSIGN_OR_RETURN(std::string value, String(root, key, false));
      if (!value.empty()) mapping.settings[key] = value;
    }
    if (root.contains("headerRows")) {
      GEMIS_ASSIGN_OR_RETURN(mapping.header_rows, HeaderRows(root["headerRows"]));
    }
    GEMIS_ASSIGN_OR_RETURN(mapping.first_row, Row(root, "firstRow"));
    GEMIS_ASSIGN_OR_RETURN(mapping.last_row, Row(root, "lastRow"));
    if (root.contains("fields")) {
      const json& fields = root["fields"];
      if (!fields.is_object()) return Error("/fields", "must be an object of field: column");
      for (const auto& [name, spec] : fields.items()) {
        std::string pointer = JsonPointerChild("/fields", name);
        GEMIS_ASSIGN_OR_RETURN(ColumnSpec column, Column(spec, pointer, true));
        mapping.fields.emplace_back(name, std::move(column));
      }
    }
    if (root.contains("values")) {
      const json& values = root["values"];
      if (!values.is_array()) return Error("/values", "must be an array of value columns");
      for (size_t i = 0; i < values.size(); ++i) {
        std::string pointer = JsonPointerChild("/values", i);
        GEMIS_ASSIGN_OR_RETURN(ValueColumn value, Value(values[i], pointer));
        mapping.values.push_back(std::move(value));
      }
    }
    return mapping;
  }

 private:
  static std::string JoinSet(const std::set<std::string>& names) {
    return Join(std::vector<std::string>(names.begin(), names.end()), ", ");
  }

  std::string Origin(const std::string& pointer) const {
    JsonPosition at = doc_.Find(pointer);
    std::string origin = source_;
    if (at.line > 0) origin += ":" + std::to_string(at.line);
    if (!pointer.empty()) origin += " '" + pointer + "'";
    return origin;
  }

  Status Error(const std::string& pointer, const std::string& message) const {
    JsonPosition at = doc_.Find(pointer);
    return Status::Invalid("mapping: " + message, Location{source_, at.line, at.column, pointer});
  }

  Result<std::string> String(const json& object, const char* key, bool required) const {
    std::string pointer = JsonPointerChild("", key);
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) return Error(pointer, "'" + std::string(key) + "' is required");
      return std::string();
    }
    if (!it->is_string()) return Error(pointer, "must be a string");
    GEMIS_ASSIGN_OR_RETURN(std::string nfc, ToNfc(it->get<std::string>()));
    return CollapseSpaces(nfc);
  }

  Result<int> Row(const json& object, const char* key) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return 0;
    std::string pointer = JsonPointerChild("", key);
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > kXlsxMaxRows) {
      return Error(pointer, "must be a row number from 1 to " + std::to_string(kXlsxMaxRows));
    }
    return static_cast<int>(it->get<int64_t>());
  }

  // [3, 4], 3, "3-4", or [] for none.
  Result<std::vector<int>> HeaderRows(const json& value) const {
    std::vector<int> rows;
    auto add = [&](int64_t row) -> Status {
      if (row < 1 || row > kXlsxMaxRows) {
        return Error("/headerRows", "row numbers go from 1 to " + std::to_string(kXlsxMaxRows));
      }
      rows.push_back(static_cast<int>(row));
      return Status::Ok();
    };
    if (value.is_number_integer()) {
      GEMIS_RETURN_IF_ERROR(add(value.get<int64_t>()));
    } else if (value.is_array()) {
      for (const json& row : value) {
        if (!row.is_number_integer()) return Error("/headerRows", "must hold row numbers");
        GEMIS_RETURN_IF_ERROR(add(row.get<int64_t>()));
      }
    } else if (value.is_string()) {
      Result<std::vector<int>> parsed = ParseHeaderRows(value.get<std::string>());
      if (!parsed.ok()) return Error("/headerRows", parsed.status().message());
      rows = *parsed;
    } else {
      return Error("/headerRows", "must be a row number, an array of them or \"3-4\"");
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
  }

  // "B", "Mã xã", {"column": "B"}, {"header": "…"}, {"value": "2024"}, each
  // object form optionally with "zeroPad".
  Result<ColumnSpec> Column(const json& spec, const std::string& pointer,
                            bool allow_constant) const {
    if (spec.is_string()) {
      GEMIS_ASSIGN_OR_RETURN(std::string text, ToNfc(spec.get<std::string>()));
      ColumnSpec column = ParseColumnText(text, Origin(pointer));
      if (column.column.empty() && SplitComponents(column.header).empty()) {
        return Error(pointer, "empty column");
      }
      return column;
    }
    if (!spec.is_object()) {
      return Error(pointer, "must be a column letter, a header text or an object");
    }
    ColumnSpec column;
    column.origin = Origin(pointer);
    int given = 0;
    for (const auto& [key, value] : spec.items()) {
      std::string at = JsonPointerChild(pointer, key);
      if (key == "zeroPad") {
        if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 30) {
          return Error(at, "zeroPad must be a whole number from 0 to 30");
        }
        column.zero_pad = static_cast<int>(value.get<int64_t>());
        continue;
      }
      if (key != "column" && key != "header" && !(allow_constant && key == "value")) {
        return Error(at, std::string("unknown member '") + key + "' (column, header" +
                             (allow_constant ? ", value" : "") + ", zeroPad)");
      }
      if (!value.is_string()) return Error(at, "must be a string");
      GEMIS_ASSIGN_OR_RETURN(std::string text, ToNfc(value.get<std::string>()));
      ++given;
      if (key == "column") {
        std::string letters = CollapseSpaces(text);
        if (!IsColumnLetters(letters, 3) || ColumnNumber(letters) > kXlsxMaxColumns) {
          return Error(at, "not a column letter (A … XFD): '" + text + "'");
        }
        column.column = letters;
      } else if (key == "header") {
        if (SplitComponents(text).empty()) return Error(at, "empty header text");
        column.header = CollapseSpaces(text);
      } else {
        column.constant = CollapseSpaces(text);
      }
    }
    if (given != 1) {
      return Error(pointer, allow_constant ? "give exactly one of column, header and value"
                                           : "give exactly one of column and header");
    }
    return column;
  }

  // {"column": …, attribute: value, …}
  Result<ValueColumn> Value(const json& spec, const std::string& pointer) const {
    if (!spec.is_object()) return Error(pointer, "a value column must be an object");
    ValueColumn value;
    value.origin = Origin(pointer);
    json where = json::object();
    for (const auto& [key, member] : spec.items()) {
      if (key == "column" || key == "header" || key == "zeroPad") {
        where[key] = member;
        continue;
      }
      std::string at = JsonPointerChild(pointer, key);
      if (!member.is_string()) return Error(at, "must be a string");
      GEMIS_ASSIGN_OR_RETURN(std::string text, ToNfc(member.get<std::string>()));
      value.attributes[key] = CollapseSpaces(text);
    }
    if (where.empty()) return Error(pointer, "a value column needs \"column\" or \"header\"");
    GEMIS_ASSIGN_OR_RETURN(value.column, Column(where, pointer, false));
    return value;
  }

  const JsonDocument& doc_;
  std::string source_;
};

std::string FormatNumberText(const SheetCell& cell, int zero_pad) {
  std::string text(cell.text);
  // A CSV field (always text) loses its zeros as a General cell does.
  if (zero_pad <= 0 ||
      (cell.kind != XlsxValue::Kind::kNumber && cell.kind != XlsxValue::Kind::kString)) {
    return text;
  }
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return text;
  }
  if (static_cast<int>(text.size()) < zero_pad) {
    text.insert(0, static_cast<size_t>(zero_pad) - text.size(), '0');
  }
  return text;
}

}  // namespace

Result<std::vector<int>> ParseHeaderRows(std::string_view text) {
  std::vector<int> rows;
  std::string t = CollapseSpaces(text);
  if (t.empty() || t == "0") return rows;
  size_t dash = t.find('-');
  auto number = [](std::string_view s) -> std::optional<int> {
    if (s.empty() || s.size() > 7) return std::nullopt;
    int n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > kXlsxMaxRows) return std::nullopt;
    return n;
  };
  std::optional<int> first = number(CollapseSpaces(std::string_view(t).substr(0, dash)));
  std::optional<int> last = dash == std::string::npos
                                ? first
                                : number(CollapseSpaces(std::string_view(t).substr(dash + 1)));
  if (!first || !last || *last < *first || *last - *first > 20) {
    return Status::Usage(
        "header rows must be a row number or a range such as 3-4 (at most 21 rows), not '" +
        std::string(text) + "'");
  }
  for (int r = *first; r <= *last; ++r) rows.push_back(r);
  return rows;
}

Result<SheetImportKind> ParseSheetImportKind(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "datavalues") return SheetImportKind::kDataValues;
  if (lower == "orgunits") return SheetImportKind::kOrgUnits;
  if (lower == "designations") return SheetImportKind::kDesignations;
  if (lower == "targets") return SheetImportKind::kTargets;
  if (lower == "models") return SheetImportKind::kModels;
  if (lower == "activities") return SheetImportKind::kActivities;
  if (lower == "cadres") return SheetImportKind::kCadres;
  if (lower == "births") return SheetImportKind::kBirths;
  if (lower == "attendance") return SheetImportKind::kAttendance;
  return Status::Usage("unknown import kind '" + std::string(name) +
                       "' (datavalues, orgunits, designations, targets, models, activities, "
                       "cadres, births or attendance)");
}

const char* SheetImportKindName(SheetImportKind kind) {
  switch (kind) {
    case SheetImportKind::kDataValues: return "datavalues";
    case SheetImportKind::kOrgUnits: return "orgunits";
    case SheetImportKind::kDesignations: return "designations";
    case SheetImportKind::kTargets: return "targets";
    case SheetImportKind::kModels: return "models";
    case SheetImportKind::kActivities: return "activities";
    case SheetImportKind::kCadres: return "cadres";
    case SheetImportKind::kBirths: return "births";
    case SheetImportKind::kAttendance: return "attendance";
  }
  return "?";
}

ColumnSpec ParseColumnText(std::string_view text, std::string origin) {
  ColumnSpec spec;
  spec.origin = std::move(origin);
  std::string t = CollapseSpaces(text);
  if (t.starts_with("column:")) {
    spec.column = CollapseSpaces(std::string_view(t).substr(7));
  } else if (t.starts_with("header:")) {
    spec.header = CollapseSpaces(std::string_view(t).substr(7));
  } else if (IsColumnLetters(t, 2)) {
    spec.column = t;
  } else {
    spec.header = t;
  }
  return spec;
}

Result<SheetMapping> ParseSheetMapping(std::string_view json_text, const std::string& source) {
  GEMIS_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(json_text, source));
  return MappingReader(doc, source).Read();
}

Result<SheetMapping> ReadSheetMappingFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::NotFound("cannot open mapping file '" + path + "'", Location{path, 0, 0, ""});
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Io("cannot read mapping file '" + path + "'");
  return ParseSheetMapping(text, path);
}

namespace {

Result<std::pair<std::string, std::string>> SplitArgument(std::string_view argument,
                                                          const std::string& option) {
  size_t eq = argument.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return MappingError(option, "expected NAME=VALUE, not '" + std::string(argument) + "'");
  }
  GEMIS_ASSIGN_OR_RETURN(std::string name, ToNfc(CollapseSpaces(argument.substr(0, eq))));
  GEMIS_ASSIGN_OR_RETURN(std::string value, ToNfc(argument.substr(eq + 1)));
  return std::make_pair(std::move(name), std::move(value));
}

// A spec given by its letter must name a column of a sheet (A … XFD).
Status CheckColumnLetters(const ColumnSpec& spec, const std::string& origin) {
  if (spec.column.empty() ||
      (IsColumnLetters(spec.column, 3) && ColumnNumber(spec.column) <= kXlsxMaxColumns)) {
    return Status::Ok();
  }
  return MappingError(origin, "not a column letter (A … XFD): '" + spec.column + "'");
}

void SetField(SheetMapping& mapping, const std::string& name, ColumnSpec spec) {
  for (auto& [field, existing] : mapping.fields) {
    if (field == name) {
      existing = std::move(spec);
      return;
    }
  }
  mapping.fields.emplace_back(name, std::move(spec));
}

// "|zeroPad=5" at the end of a command-line column.
Result<int> TakeZeroPad(std::string& text, const std::string& origin) {
  size_t bar = text.rfind("|zeroPad=");
  if (bar == std::string::npos) return 0;
  std::string digits = text.substr(bar + 9);
  text.erase(bar);
  if (digits.empty() || digits.size() > 2 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoi(digits) > 30) {
    return MappingError(origin, "zeroPad must be a whole number from 0 to 30");
  }
  return std::stoi(digits);
}

}  // namespace

Status AddColumnArgument(SheetMapping& mapping, std::string_view argument) {
  const std::string origin = "--map " + std::string(argument);
  GEMIS_ASSIGN_OR_RETURN(auto parts, SplitArgument(argument, origin));
  GEMIS_ASSIGN_OR_RETURN(int zero_pad, TakeZeroPad(parts.second, origin));
  ColumnSpec spec = ParseColumnText(parts.second, origin);
  spec.zero_pad = zero_pad;
  if (spec.column.empty() && SplitComponents(spec.header).empty()) {
    return MappingError(origin, "empty column");
  }
  GEMIS_RETURN_IF_ERROR(CheckColumnLetters(spec, origin));
  SetField(mapping, parts.first, std::move(spec));
  return Status::Ok();
}

Status AddConstantArgument(SheetMapping& mapping, std::string_view argument) {
  const std::string origin = "--set " + std::string(argument);
  GEMIS_ASSIGN_OR_RETURN(auto parts, SplitArgument(argument, origin));
  ColumnSpec spec;
  spec.origin = origin;
  spec.constant = CollapseSpaces(parts.second);
  SetField(mapping, parts.first, std::move(spec));
  return Status::Ok();
}

Status AddValueColumnArgument(SheetMapping& mapping, std::string_view argument) {
  const std::string origin = "--value-column " + std::string(argument);
  GEMIS_ASSIGN_OR_RETURN(auto parts, SplitArgument(argument, origin));
  ValueColumn value;
  value.origin = origin;
  value.column = ParseColumnText(parts.first, origin);
  if (value.column.column.empty() && SplitComponents(value.column.header).empty()) {
    return MappingError(origin, "empty column");
  }
  GEMIS_RETURN_IF_ERROR(CheckColumnLetters(value.column, origin));
  std::string_view rest = parts.second;
  bool primary = true;
  while (true) {
    size_t semi = rest.find(';');
    std::string item = CollapseSpaces(rest.substr(0, semi));
    if (primary) {
      if (item.empty()) return MappingError(origin, "the value column's measure is empty");
      value.attributes["*"] = item;  // the kind's primary attribute, named at check time
      primary = false;
    } else if (!item.empty()) {
      size_t eq = item.find('=');
      if (eq == std::string::npos || eq == 0) {
        return MappingError(origin, "expected key=value after ';', not '" + item + "'");
      }
      value.attributes[CollapseSpaces(item.substr(0, eq))] = CollapseSpaces(item.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    rest = rest.substr(semi + 1);
  }
  mapping.values.push_back(std::move(value));
  return Status::Ok();
}

const std::vector<std::string>& SheetFieldNames(SheetImportKind kind) {
  static const std::vector<std::string> kDataValues = {
      "dataElement", "period",   "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value",
      "comment",     "storedBy", "followup"};
  static const std::vector<std::string> kOrgUnits = {
      "code", "name", "level", "parentCode", "validFrom", "validTo", "unitType", "nameEn", "uid"};
  static const std::vector<std::string> kDesignations = {"kind", "orgUnit",    "from",
                                                         "to",   "legalBasis", "note"};
  static const std::vector<std::string> kTargets = {"orgUnit", "unitName", "agency",
                                                    "label",   "stt",      "level"};
  // The registers' fields are their file members (sheet_records.cc), plus
  // the default day of the row's facts or payments.
  static const std::vector<std::string> kModels = {
      "code",        "kind",         "name",      "orgUnit", "place", "level",
      "established", "consolidated", "dissolved", "plan",    "note",  "factDate"};
  static const std::vector<std::string> kActivities = {
      "code",    "kind",         "title",         "start",        "end",
      "orgUnit", "place",        "level",         "programNode",  "plan",
      "model",   "programme",    "dialogueLevel", "dvPrevention", "cost",
      "topic",   "issuesRaised", "followUp",      "note",         "attendees"};
  static const std::vector<std::string> kCadres = {"code",     "name",      "orgUnit", "level",
                                                   "position", "ethnicity", "group",   "since",
                                                   "until",    "decision",  "note"};
  static const std::vector<std::string> kBirths = {
      "code",      "motherName", "motherBirthDate",
      "motherAge", "ethnicity",  "commune",
      "village",   "birthDate",  "atHealthFacility",
      "facility",  "caesarean",  "withinPopulationPolicy",
      "note",      "paymentDay", "voucher"};
  static const std::vector<std::string> kAttendance = {"activity", "cadre"};
  switch (kind) {
    case SheetImportKind::kDataValues: return kDataValues;
    case SheetImportKind::kOrgUnits: return kOrgUnits;
    case SheetImportKind::kDesignations: return kDesignations;
    case SheetImportKind::kTargets: return kTargets;
    case SheetImportKind::kModels: return kModels;
    case SheetImportKind::kActivities: return kActivities;
    case SheetImportKind::kCadres: return kCadres;
    case SheetImportKind::kBirths: return kBirths;
    case SheetImportKind::kAttendance: return kAttendance;
  }
  return kNoNames;
}

const std::vector<std::string>& SheetValueAttributeNames(SheetImportKind kind) {
  static const std::vector<std::string> kDataValues = {"dataElement", "categoryOptionCombo",
                                                       "attributeOptionCombo", "period"};
  static const std::vector<std::string> kTargets = {
      "measure", "level",     "window", "period",     "unit",     "unitLabel",
      "rule",    "direction", "status", "statusNote", "activity", "placeCount"};
  static const std::vector<std::string> kModels = {"field", "date"};
  static const std::vector<std::string> kActivities = {"sex", "ethnicity", "ageBand"};
  static const std::vector<std::string> kBirths = {"package", "day", "people", "days", "voucher"};
  switch (kind) {
    case SheetImportKind::kDataValues: return kDataValues;
    case SheetImportKind::kTargets: return kTargets;
    case SheetImportKind::kModels: return kModels;
    case SheetImportKind::kActivities: return kActivities;
    case SheetImportKind::kBirths: return kBirths;
    default: return kNoNames;
  }
}

const char* SheetPrimaryAttribute(SheetImportKind kind) {
  switch (kind) {
    case SheetImportKind::kDataValues: return "dataElement";
    case SheetImportKind::kTargets: return "measure";
    case SheetImportKind::kModels: return "field";
    case SheetImportKind::kActivities: return "sex";
    case SheetImportKind::kBirths: return "package";
    default: return "";
  }
}

Status PrepareSheetMapping(SheetMapping& mapping, SheetImportKind kind) {
  if (mapping.kind && *mapping.kind != kind) {
    return Status::Usage(std::string("the mapping is for ") + SheetImportKindName(*mapping.kind) +
                         ", not " + SheetImportKindName(kind));
  }
  const std::vector<std::string>& names = SheetFieldNames(kind);
  auto known = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (const auto& [name, spec] : mapping.fields) {
    if (!known(names, name)) {
      return MappingError(spec.origin, "unknown field '" + name + "' for " +
                                           SheetImportKindName(kind) +
                                           " (fields: " + Join(names, ", ") + ")");
    }
  }
  if (!mapping.skip_rows_without.empty() && !known(names, mapping.skip_rows_without)) {
    return MappingError("skipRowsWithout", "unknown field '" + mapping.skip_rows_without + "'");
  }
  const std::vector<std::string>& attributes = SheetValueAttributeNames(kind);
  for (ValueColumn& value : mapping.values) {
    if (auto primary = value.attributes.find("*"); primary != value.attributes.end()) {
      std::string text = primary->second;
      value.attributes.erase(primary);
      if (!attributes.empty()) value.attributes[SheetPrimaryAttribute(kind)] = text;
    }
    if (attributes.empty()) {
      return MappingError(value.origin, std::string(SheetImportKindName(kind)) +
                                            " take no value columns: map each field to a column");
    }
    for (const auto& [name, text] : value.attributes) {
      if (!known(attributes, name)) {
        return MappingError(value.origin, "unknown attribute '" + name +
                                              "' (attributes: " + Join(attributes, ", ") + ")");
      }
    }
  }
  for (const auto& [key, value] : mapping.settings) {
    if (kind != SheetImportKind::kTargets) {
      return MappingError(key, "'" + key + "' is only for targets");
    }
  }
  return Status::Ok();
}

Result<ResolvedSheetMapping> ResolvedSheetMapping::Resolve(const SheetMapping& mapping,
                                                           const SheetTable& table) {
  ResolvedSheetMapping resolved;
  resolved.table_ = &table;
  resolved.mapping_ = mapping;
  int last_header = 0;
  for (int row : mapping.header_rows) last_header = std::max(last_header, row);

  // Header components per column: each header row's text (a merged cell's
  // over every column it spans), a repeat of the one above (a merged cell
  // spanning rows) dropped.
  resolved.headers_.resize(static_cast<size_t>(table.cols()));
  for (int col = 1; col <= table.cols(); ++col) {
    std::vector<std::string>& parts = resolved.headers_[static_cast<size_t>(col - 1)];
    std::string previous;  // the text of the header row above
    for (int row : mapping.header_rows) {
      std::string text = CollapseSpaces(table.MergedAt(row, col).text);
      bool vertical_repeat = table.IsMergedTail(row, col) && text == previous;
      previous = text;
      if (text.empty() || vertical_repeat) continue;
      // A cell's own '/' ("Nam/Nữ") splits it as a mapping's header does.
      for (std::string& part : SplitComponents(text)) parts.push_back(std::move(part));
    }
  }

  auto resolve = [&](const ColumnSpec& spec, std::string_view what) -> Result<Source> {
    Source source;
    source.zero_pad = spec.zero_pad;
    if (spec.constant) {
      source.constant = *spec.constant;
      return source;
    }
    if (!spec.column.empty()) {
      if (!IsColumnLetters(spec.column, 3) || ColumnNumber(spec.column) > kXlsxMaxColumns) {
        return MappingError(spec.origin, "not a column letter: '" + spec.column + "'");
      }
      source.column = ColumnNumber(spec.column);
      return source;
    }
    if (mapping.header_rows.empty()) {
      return MappingError(
          spec.origin, "'" + spec.header + "' names a header, but the mapping has no header rows");
    }
    // Exact components (case and tone placement aside) first, then
    // without diacritics, then as the start of the header's text (long
    // headers: "Tổ truyền thông cộng đồng" for "Tổ truyền thông cộng đồng
    // được thành lập và duy trì (tổ)"); the spec's components must be the
    // last ones of the column's header (so "Cấp tỉnh" names any column whose
    // lowest header cell says so, and must then be unique).
    std::vector<std::string> wanted = SplitComponents(spec.header);
    for (int pass = 0; pass < 3; ++pass) {
      auto key = [&](const std::string& text) {
        return pass == 0 ? ToneNormalizedKey(text) : FoldForSearch(text);
      };
      auto same = [&](const std::string& header, const std::string& part) {
        if (pass < 2) return key(header) == key(part);
        std::string h = key(header), p = key(part);
        return h.starts_with(p) && (h.size() == p.size() || h[p.size()] == ' ');
      };
      std::vector<int> full, suffix;
      for (int col = 1; col <= table.cols(); ++col) {
        const std::vector<std::string>& parts = resolved.headers_[static_cast<size_t>(col - 1)];
        if (parts.size() < wanted.size()) continue;
        bool match = true;
        size_t offset = parts.size() - wanted.size();
        for (size_t i = 0; i < wanted.size() && match; ++i) {
          match = same(parts[offset + i], wanted[i]);
        }
        if (!match) continue;
        (offset == 0 ? full : suffix).push_back(col);
      }
      std::vector<int>& found = full.size() == 1 ? full : (full.empty() ? suffix : full);
      if (found.size() == 1) {
        source.column = found[0];
        return source;
      }
      if (found.size() > 1) {
        std::vector<std::string> cells;
        for (int col : found) {
          cells.push_back(XlsxColumnName(col) + " (" + resolved.HeaderText(col) + ")");
        }
        return MappingError(
            spec.origin, std::string(what) + " header '" + spec.header + "' matches " +
                             std::to_string(found.size()) + " columns: " + Join(cells, ", ") +
                             "; give more of the header (\"Upper / Lower\") or the column letter");
      }
    }
    std::vector<std::string> headers;
    for (int col = 1; col <= table.cols() && headers.size() < 40; ++col) {
      std::string text = resolved.HeaderText(col);
      if (!text.empty()) headers.push_back(XlsxColumnName(col) + " \"" + text + "\"");
    }
    return Status::Invalid(
        "column mapping " + spec.origin + ": no column of '" + table.name() + "' has the header '" +
            spec.header + "' (headers: " + (headers.empty() ? "none" : Join(headers, ", ")) + ")",
        Location{table.source(), 0, 0, table.name()});
  };

  for (const auto& [name, spec] : mapping.fields) {
    GEMIS_ASSIGN_OR_RETURN(Source source, resolve(spec, name));
    resolved.fields_.emplace_back(name, std::move(source));
  }
  for (size_t i = 0; i < mapping.values.size(); ++i) {
    GEMIS_ASSIGN_OR_RETURN(Source source, resolve(mapping.values[i].column, "value column"));
    resolved.values_.emplace_back(std::move(source), i);
  }
  resolved.first_row_ = mapping.first_row > 0 ? mapping.first_row : last_header + 1;
  resolved.last_row_ =
      mapping.last_row > 0 ? std::min(mapping.last_row, table.rows()) : table.rows();
  if (mapping.last_row > 0 && mapping.last_row < resolved.first_row_) {
    return Status::Usage("the last data row (" + std::to_string(mapping.last_row) +
                         ") is above the first (" + std::to_string(resolved.first_row_) + ")");
  }
  return resolved;
}

bool ResolvedSheetMapping::HasField(std::string_view field) const { return Find(field) != nullptr; }

int ResolvedSheetMapping::FieldColumn(std::string_view field) const {
  const Source* source = Find(field);
  return source == nullptr ? 0 : source->column;
}

const ResolvedSheetMapping::Source* ResolvedSheetMapping::Find(std::string_view field) const {
  for (const auto& [name, source] : fields_) {
    if (name == field) return &source;
  }
  return nullptr;
}

bool ResolvedSheetMapping::IsDataRow(int row) const {
  if (!mapping_.skip_rows_without.empty() && Text(row, mapping_.skip_rows_without).empty()) {
    return false;
  }
  for (const auto& [name, source] : fields_) {
    if (source.column > 0 && !Text(row, source).empty()) return true;
  }
  for (const auto& [source, index] : values_) {
    if (source.column > 0 && !Text(row, source).empty()) return true;
  }
  return false;
}

std::string ResolvedSheetMapping::Text(int row, std::string_view field) const {
  const Source* source = Find(field);
  return source == nullptr ? std::string() : Text(row, *source);
}

std::string ResolvedSheetMapping::Text(int row, const Source& source) const {
  if (source.column == 0) return source.constant;
  return SheetCellText(table_->At(row, source.column), source.zero_pad);
}

std::string ResolvedSheetMapping::CellName(int row, std::string_view field) const {
  int col = FieldColumn(field);
  return col == 0 ? std::string() : table_->CellName(row, col);
}

std::string ResolvedSheetMapping::HeaderText(int column) const {
  if (column < 1 || column > static_cast<int>(headers_.size())) return {};
  return Join(headers_[static_cast<size_t>(column - 1)], " / ");
}

std::string SheetCellText(const SheetCell& cell, int zero_pad) {
  switch (cell.kind) {
    case XlsxValue::Kind::kEmpty: return {};
    case XlsxValue::Kind::kString: {
      std::string text = CollapseSpaces(cell.text);
      SheetCell trimmed = cell;
      trimmed.text = text;
      return FormatNumberText(trimmed, zero_pad);
    }
    case XlsxValue::Kind::kNumber: return FormatNumberText(cell, zero_pad);
    default: return std::string(cell.text);
  }
}

}  // namespace gemis::exchange
