#include "exchange/data_value_rows.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "exchange/csv_reader.h"

namespace gemis::exchange {

namespace {

Status ReadCsv(std::istream& in, const std::string& source, DataValueRowSink& sink) {
  CsvOptions csv_options;
  csv_options.allow_ragged = true;  // DHIS2 leaves out trailing empty fields
  Result<CsvReader> reader = CsvReader::Open(in, source, csv_options);
  if (!reader.ok()) {
    sink.FileProblem(reader.status(), "file");
    return Status::Ok();
  }
  const CsvHeader& header = reader->header();
  // The required columns, named in conflicts by their DHIS2 JSON keys.
  const char* properties[] = {"dataElement", "period", "orgUnit", "value"};
  Result<size_t> columns[] = {header.Require({"dataelement", "data_element"}),
                              header.Require({"period"}), header.Require({"orgunit", "org_unit"}),
                              header.Require({"value"})};
  std::vector<size_t> required;
  for (size_t i = 0; i < std::size(columns); ++i) {
    if (!columns[i].ok()) {
      sink.FileProblem(columns[i].status(), properties[i]);
      return Status::Ok();
    }
    required.push_back(*columns[i]);
  }
  std::optional<size_t> coc = header.Find({"categoryoptioncombo", "category_option_combo"});
  std::optional<size_t> aoc = header.Find({"attributeoptioncombo", "attribute_option_combo"});
  std::optional<size_t> by = header.Find({"storedby", "stored_by"});
  std::optional<size_t> comment = header.Find({"comment"});
  std::optional<size_t> followup = header.Find({"followup"});
  std::optional<size_t> deleted = header.Find({"deleted"});
  CsvRecord record;
  for (;;) {
    Result<bool> more = reader->Next(record);
    if (!more.ok()) {
      // An unterminated quote makes the rest of the file one field.
      if (more.status().message().starts_with("unterminated quoted field")) {
        sink.FileProblem(more.status(), "file");
        return Status::Ok();
      }
      sink.RecordProblem(more.status(), record.index());
      continue;
    }
    if (!*more) return Status::Ok();
    if (record.size() > header.size()) {  // a lost quote or an unquoted delimiter
      sink.RecordProblem(Status::Invalid("expected " + std::to_string(header.size()) +
                                             " fields (as in the header) but found " +
                                             std::to_string(record.size()),
                                         reader->Locate(record, header.size())),
                         record.index());
      continue;
    }
    auto get = [&](std::optional<size_t> column) { return std::string(record.Get(column)); };
    GEMIS_RETURN_IF_ERROR(sink.Row({get(required[0]), get(required[1]), get(required[2]), get(coc),
                                    get(aoc), get(required[3]), get(by), get(comment),
                                    get(followup), get(deleted), record.line(), record.index()}));
  }
}

std::string JsonText(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);  // end() for anything but an object
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
  return it->dump();
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The 1-based line where each element of the data value array starts (the
// root array, or the root object's "dataValues" array).
// REQUIRES: `text` is valid JSON.
std::vector<int64_t> ElementLines(std::string_view text) {
  std::vector<int64_t> lines;
  int64_t line = 1;
  int depth = 0, target = -1;  // target: the array's depth once found, -2 after it
  bool in_string = false, escaped = false, expect_element = false;
  std::string key;  // the last string read at depth 1
  for (char c : text) {
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      } else if (depth == 1) {
        key += c;
      }
      continue;
    }
    if (expect_element && !IsJsonSpace(c)) {
      if (c != ']') lines.push_back(line);
      expect_element = false;
    }
    if (c == '"') {
      in_string = true;
      if (depth == 1) key.clear();
    } else if (c == '[' || c == '{') {
      ++depth;
      if (c == '[' && target == -1 && (depth == 1 || (depth == 2 && key == "dataValues"))) {
        target = depth;
        expect_element = true;
      }
    } else if (c == ']' || c == '}') {
      if (depth-- == target) target = -2;
    } else if (c == ',' && depth == target) {
      expect_element = true;
    }
  }
  return lines;
}

// Parses the whole text; a syntax error is a file problem at its line.
bool ParseJson(const std::string& text, const std::string& source, DataValueRowSink& sink,
               nlohmann::json& doc) {
  try {
    doc = nlohmann::json::parse(text);
    return true;
  } catch (const nlohmann::json::parse_error& e) {
    auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(e.byte, text.size()));
    int line = 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
    sink.FileProblem(
        Status::Invalid(std::string("malformed JSON: ") + e.what(), {source, line, 0, ""}), "file");
    return false;
  }
}

Status ReadJson(std::istream& in, const std::string& source, DataValueRowSink& sink) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  nlohmann::json doc;
  if (!ParseJson(text, source, sink, doc)) return Status::Ok();
  const nlohmann::json* values =
      doc.is_object() && doc.contains("dataValues") ? &doc["dataValues"] : &doc;
  if (!values->is_array()) {
    sink.FileProblem(Status::Invalid("expected {\"dataValues\": [...]} or an array of data values",
                                     {source, 1, 0, "dataValues"}),
                     "dataValues");
    return Status::Ok();
  }
  std::vector<int64_t> lines = ElementLines(text);
  for (size_t i = 0; i < values->size(); ++i) {
    const nlohmann::json& v = (*values)[i];
    int64_t line = i < lines.size() ? lines[i] : 0;
    int64_t index = static_cast<int64_t>(i);
    if (!v.is_object()) {
      sink.RecordProblem(Status::Invalid("data value " + std::to_string(i) + " is " +
                                             v.type_name() + ", not an object",
                                         {source, static_cast<int>(line), 0, "dataValues"}),
                         index);
      continue;
    }
    DataValueRow row{JsonText(v, "dataElement"),
                     JsonText(v, "period"),
                     JsonText(v, "orgUnit"),
                     JsonText(v, "categoryOptionCombo"),
                     JsonText(v, "attributeOptionCombo"),
                     JsonText(v, "value"),
                     JsonText(v, "storedBy"),
                     JsonText(v, "comment"),
                     JsonText(v, "followup"),
                     JsonText(v, "deleted"),
                     line,
                     index};
    // Header-level fields apply to every value that leaves them out (DHIS2).
    if (row.period.empty()) row.period = JsonText(doc, "period");
    if (row.org_unit.empty()) row.org_unit = JsonText(doc, "orgUnit");
    if (row.aoc.empty()) row.aoc = JsonText(doc, "attributeOptionCombo");
    GEMIS_RETURN_IF_ERROR(sink.Row(std::move(row)));
  }
  return Status::Ok();
}

}  // namespace

Status ReadDataValueRows(std::istream& in, const std::string& source, DataFileFormat format,
                         DataValueRowSink& sink) {
  return format == DataFileFormat::kCsv ? ReadCsv(in, source, sink) : ReadJson(in, source, sink);
}

}  // namespace gemis::exchange
