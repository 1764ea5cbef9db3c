// Org-unit import, part 1: reading CSV and JSON files into rows. The checks
// against the hierarchy and the write are in org_unit_import_plan.cc.
#include "exchange/org_unit_import.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "exchange/csv_reader.h"

namespace gemis::exchange {

namespace {

// One field of a row: where it goes, its name in conflicts (the JSON key) and
// the column names accepted for it, the canonical CSV name first. JSON keys
// match the same names (after the same normalisation), so "parentCode" and
// "parent_code" are both understood in either format.
struct FieldSpec {
  std::string OrgUnitRow::*member;
  std::string_view property;
  std::vector<std::string_view> aliases;
  bool required;
};

const std::vector<FieldSpec>& Fields() {
  static const std::vector<FieldSpec> kFields = {
      {&OrgUnitRow::code, "code", {"code", "mã", "mã đơn vị"}, true},
      {&OrgUnitRow::name, "name", {"name", "tên", "tên đơn vị"}, true},
      {&OrgUnitRow::level, "level", {"level", "cấp"}, true},
      {&OrgUnitRow::parent_code,
       "parentCode",
       {"parent_code", "parentcode", "parent", "mã cấp trên", "mã đơn vị cấp trên"},
       true},
      {&OrgUnitRow::valid_from,
       "validFrom",
       {"valid_from", "validfrom", "từ ngày", "ngày hiệu lực"},
       true},
      {&OrgUnitRow::valid_to, "validTo", {"valid_to", "validto", "đến ngày"}, false},
      {&OrgUnitRow::unit_type, "unitType", {"unit_type", "unittype", "loại", "loại đơn vị"}, false},
      {&OrgUnitRow::name_en, "nameEn", {"name_en", "nameen", "tên tiếng anh"}, false},
      {&OrgUnitRow::uid, "uid", {"uid"}, false},
  };
  return kFields;
}

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// Trimmed and in NFC. The readers hand over validated UTF-8, so NFC cannot
// fail; should it, the text is kept as it is and the checks reject it.
std::string Clean(std::string_view text) {
  Result<std::string> nfc = ToNfc(Trim(text));
  return nfc.ok() ? std::move(nfc).value() : std::string(Trim(text));
}

ImportConflict FileConflict(std::string property, int64_t line, std::string message) {
  return {"", "", kOuFormat, std::move(property), {}, line, std::move(message)};
}

// A content error from the CSV reader (or the stream's failure, returned).
Result<OrgUnitFile> Malformed(const Status& status) {
  if (status.code() == ErrorCode::kIoError) return status;
  OrgUnitFile file;
  file.malformed = FileConflict("file", status.where().line, status.ToString());
  return file;
}

std::string Quoted(const std::vector<std::string_view>& names, size_t from) {
  std::string out;
  for (size_t i = from; i < names.size(); ++i) {
    out += (out.empty() ? "'" : ", '") + std::string(names[i]) + "'";
  }
  return out;
}

// The column of `field` in `header`: the first of its aliases present.
std::optional<size_t> FindColumn(const CsvHeader& header, const FieldSpec& field) {
  for (std::string_view alias : field.aliases) {
    if (std::optional<size_t> found = header.Find({alias})) return found;
  }
  return std::nullopt;
}

ImportConflict MissingColumn(const CsvHeader& header, const FieldSpec& field) {
  // Require() gives the header's location and the columns present.
  Status status = header.Require({field.aliases.front()}).status();
  std::string message = status.message();
  if (field.aliases.size() > 1) {
    std::string head = "missing required column '" + std::string(field.aliases.front()) + "'";
    std::string also = " (also accepted: " + Quoted(field.aliases, 1) + ")";
    // After the column's name when the message starts as expected.
    message.insert(message.rfind(head, 0) == 0 ? head.size() : message.size(), also);
  }
  Status located(status.code(), message, status.where());
  return FileConflict(std::string(field.property), status.where().line, located.ToString());
}

Result<OrgUnitFile> ReadCsv(std::istream& in, const std::string& source_name) {
  Result<CsvReader> opened = CsvReader::Open(in, source_name);
  if (!opened.ok()) return Malformed(opened.status());
  CsvReader& reader = *opened;
  std::vector<std::optional<size_t>> columns;
  for (const FieldSpec& field : Fields()) {
    columns.push_back(FindColumn(reader.header(), field));
    if (!columns.back() && field.required) {
      OrgUnitFile file;
      file.malformed = MissingColumn(reader.header(), field);
      return file;
    }
  }
  OrgUnitFile file;
  CsvRecord record;
  for (;;) {
    Result<bool> more = reader.Next(record);
    if (!more.ok()) return Malformed(more.status());
    if (!*more) break;
    OrgUnitRow row;
    row.index = record.index();
    row.line = record.line();
    for (size_t i = 0; i < Fields().size(); ++i) {
      row.*Fields()[i].member = Clean(record.Get(columns[i]));
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

// --- JSON -----------------------------------------------------------------

// 1-based line and byte column of the 1-based byte position `byte` (as
// nlohmann's parse_error gives it: the last byte read).
std::pair<int, int> LineColumn(std::string_view text, size_t byte) {
  size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(end - line_start + 1)};
}

OrgUnitFile MalformedJson(std::string_view text, const std::string& source_name,
                          const nlohmann::json::exception& e, size_t byte) {
  // nlohmann's text reads "[json.exception.parse_error.101] parse error at
  // line 1, column 2: syntax error …"; keep what follows the position.
  std::string what = e.what();
  size_t at = what.find("parse error");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  auto [line, column] = LineColumn(text, byte);
  Status status = Status::Invalid("invalid JSON: " + detail, {source_name, line, column, ""});
  OrgUnitFile file;
  file.malformed = FileConflict("file", line, status.ToString());
  return file;
}

// The line where each element of the org-unit array starts: the root array
// (`bare`) or the array under the root's "orgUnits" key. REQUIRES: `text` is
// valid JSON (it has been parsed).
std::vector<int64_t> ElementLines(std::string_view text, bool bare) {
  std::vector<int64_t> lines;
  int64_t line = 1;
  int depth = 0, target = -1;  // target: depth of the array's elements once open
  bool in_string = false, escaped = false, expect_element = false;
  std::string last_string, key;
  size_t string_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        if (depth == 1) last_string = std::string(text.substr(string_start, i - string_start));
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (expect_element && c != ']') lines.push_back(line);
    expect_element = false;
    if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == ':' && depth == 1) {
      key = last_string;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (c == '[' && target == -1 &&
          ((bare && depth == 1) || (!bare && depth == 2 && key == "orgUnits"))) {
        target = depth;
        expect_element = true;
      }
    } else if (c == '}' || c == ']') {
      if (depth == target) target = -2;  // closed: later arrays are not it
      --depth;
    } else if (c == ',' && depth == target) {
      expect_element = true;
    }
  }
  return lines;
}

const char* JsonTypeName(const nlohmann::json& value) {
  return value.is_object()    ? "an object"
         : value.is_array()   ? "an array"
         : value.is_boolean() ? "a boolean"
         : value.is_number()  ? "a number"
                              : "a string";
}

// Copies the members of `item` into `row`; a member of the wrong type sets
// row.problem. Members that name no field are ignored.
void FillRow(const nlohmann::json& item, OrgUnitRow& row) {
  if (!item.is_object()) {
    row.problem = {"",
                   "",
                   kOuFormat,
                   "orgUnit",
                   {row.index},
                   row.line,
                   "org unit #" + std::to_string(row.index + 1) + " is " + JsonTypeName(item) +
                       ", not an object"};
    return;
  }
  for (const auto& [name, value] : item.items()) {
    std::string key = NormalizeColumnName(name);
    auto field = std::find_if(Fields().begin(), Fields().end(), [&](const FieldSpec& f) {
      return std::any_of(f.aliases.begin(), f.aliases.end(),
                         [&](std::string_view a) { return NormalizeColumnName(a) == key; });
    });
    if (field == Fields().end() || value.is_null()) continue;
    if (value.is_string()) {
      row.*field->member = Clean(value.get<std::string>());
    } else if (value.is_number_integer() && field->property == "level") {
      row.level = value.dump();
    } else if (!row.problem) {
      row.problem = {
          "",
          value.dump(),
          kOuFormat,
          std::string(field->property),
          {row.index},
          row.line,
          "'" + name + "' must be a string, not " + JsonTypeName(value) +
              (value.is_number() ? " (write codes in quotes: a number loses leading zeros)" : "")};
    }
  }
  if (row.problem) row.problem->object = row.code;
}

Result<OrgUnitFile> ReadJson(std::istream& in, const std::string& source_name) {
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return Status::Io("read error on " + source_name);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return MalformedJson(text, source_name, e, e.byte);
  } catch (const nlohmann::json::exception& e) {
    return MalformedJson(text, source_name, e, 0);
  }
  bool bare = doc.is_array();
  if (!bare && !(doc.is_object() && doc.contains("orgUnits") && doc["orgUnits"].is_array())) {
    OrgUnitFile file;
    file.malformed = FileConflict("file", 1,
                                  source_name +
                                      ":1: expected {\"orgUnits\": [...]} or an array "
                                      "of org units, found " +
                                      JsonTypeName(doc) +
                                      (doc.is_object() ? " without an \"orgUnits\" array" : ""));
    return file;
  }
  const nlohmann::json& items = bare ? doc : doc["orgUnits"];
  std::vector<int64_t> lines = ElementLines(text, bare);
  OrgUnitFile file;
  for (size_t i = 0; i < items.size(); ++i) {
    OrgUnitRow row;
    row.index = static_cast<int64_t>(i);
    row.line = i < lines.size() ? lines[i] : 0;
    FillRow(items[i], row);
    file.rows.push_back(std::move(row));
  }
  return file;
}

}  // namespace

Result<OrgUnitFileFormat> ParseOrgUnitFormat(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "csv") return OrgUnitFileFormat::kCsv;
  if (lower == "json") return OrgUnitFileFormat::kJson;
  return Status::Usage("unknown format '" + std::string(name) + "' (expected csv or json)");
}

Result<OrgUnitFileFormat> OrgUnitFormatFromPath(std::string_view path) {
  size_t dot = path.find_last_of('.');
  size_t slash = path.find_last_of('/');
  std::string ext =
      dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)
          ? ""
          : AsciiLower(path.substr(dot + 1));
  if (ext == "csv" || ext == "txt" || ext == "tsv") return OrgUnitFileFormat::kCsv;
  if (ext == "json") return OrgUnitFileFormat::kJson;
  return Status::Usage("cannot tell the format of '" + std::string(path) +
                       "' from its extension; give --format csv or --format json");
}

Result<OrgUnitFile> ReadOrgUnitFile(std::istream& in, const std::string& source_name,
                                    OrgUnitFileFormat format) {
  if (!in) return Status::Io("cannot read " + source_name);
  return format == OrgUnitFileFormat::kCsv ? ReadCsv(in, source_name) : ReadJson(in, source_name);
}

}  // namespace gemis::exchange
