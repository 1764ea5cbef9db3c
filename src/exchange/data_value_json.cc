// DHIS2 dataValueSets JSON, read as a stream of SAX events (nlohmann's
// parser): memory holds one input block and the current data value,
// whatever the file's size (docs/formats/datavalues-csv-json.md).
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>

#include "exchange/data_value_rows.h"

namespace gemis::exchange::internal {

namespace {

constexpr size_t kBlockBytes = size_t{1} << 18;
// Nesting deeper than this is refused (a valid file needs 3 levels).
constexpr int kMaxDepth = 64;

// The input: blocks read from the stream, with the line of the next byte.
struct JsonInput {
  std::istream& in;
  std::string block;
  size_t pos = 0;
  int64_t line = 1;
  bool failed = false;  // the stream broke (not its end)

  bool Fill() {
    if (pos < block.size()) return true;
    block.resize(kBlockBytes);
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    block.resize(static_cast<size_t>(in.gcount()));
    if (in.bad()) failed = true;
    pos = 0;
    return !block.empty();
  }
};

// An input iterator over JsonInput for nlohmann's iterator adapter; the
// end iterator has no input.
class JsonInputIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  JsonInputIterator() = default;
  explicit JsonInputIterator(JsonInput* input) : input_(input) {}

  reference operator*() const { return input_->block[input_->pos]; }
  JsonInputIterator& operator++() {
    if (input_->block[input_->pos] == '\n') ++input_->line;
    ++input_->pos;
    return *this;
  }
  bool operator==(const JsonInputIterator& other) const { return AtEnd() == other.AtEnd(); }

 private:
  bool AtEnd() const { return input_ == nullptr || !input_->Fill(); }
  JsonInput* input_ = nullptr;
};

using json = nlohmann::json;

std::string* JsonField(DataValueRow& row, std::string_view key) {
  if (key == "dataElement") return &row.data_element;
  if (key == "period") return &row.period;
  if (key == "orgUnit") return &row.org_unit;
  if (key == "categoryOptionCombo") return &row.coc;
  if (key == "attributeOptionCombo") return &row.aoc;
  if (key == "value") return &row.value;
  if (key == "storedBy") return &row.stored_by;
  if (key == "comment") return &row.comment;
  if (key == "followup") return &row.followup;
  if (key == "deleted") return &row.deleted;
  return nullptr;
}

// The header fields a root object may carry.
std::string* HeaderField(DataValueRow& header, std::string_view key) {
  if (key == "period") return &header.period;
  if (key == "orgUnit") return &header.org_unit;
  if (key == "attributeOptionCombo") return &header.aoc;
  if (key == "dataSet") return &header.data_set;
  if (key == "completeDate") return &header.complete_date;
  return nullptr;
}

const char* TypeName(char kind) {
  switch (kind) {
    case 'o': return "object";
    case 'a': return "array";
    case 's': return "string";
    case 'n': return "number";
    case 'b': return "boolean";
    default: return "null";
  }
}

// Turns SAX events into rows. Positions: the root is depth 0 before its
// first event; the data value array's elements are at values_depth_.
class JsonRowSax final : public nlohmann::json_sax<json> {
 public:
  JsonRowSax(const std::string& source, JsonInput& input, DataValueRowSink& sink)
      : source_(source), input_(input), sink_(sink) {}

  Status stop() const { return stop_; }
  bool problem_reported() const { return problem_reported_; }

  // After the last event: a root object without "dataValues".
  void Finish() {
    if (!problem_reported_ && stop_.ok() && !values_seen_) {
      FileProblem("expected {\"dataValues\": [...]} or an array of data values", "dataValues");
    }
  }

  bool null() override { return Scalar('z', ""); }
  bool boolean(bool val) override { return Scalar('b', val ? "true" : "false"); }
  bool number_integer(number_integer_t val) override { return Scalar('n', std::to_string(val)); }
  bool number_unsigned(number_unsigned_t val) override { return Scalar('n', std::to_string(val)); }
  bool number_float(number_float_t, const string_t& text) override { return Scalar('n', text); }
  bool string(string_t& val) override { return Scalar('s', std::move(val)); }
  bool binary(binary_t&) override { return Scalar('s', ""); }  // never from JSON text

  bool start_object(std::size_t) override { return Open('o'); }
  bool start_array(std::size_t) override { return Open('a'); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool key(string_t& val) override {
    key_ = std::move(val);
    return true;
  }

  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    if (!problem_reported_ && stop_.ok()) {
      FileProblem(std::string("malformed JSON: ") + ex.what(), "file");
    }
    return false;
  }

 private:
  int Line() const { return static_cast<int>(input_.line); }

  void FileProblem(const std::string& message, std::string property) {
    problem_reported_ = true;
    sink_.FileProblem(Status::Invalid(message, {source_, Line(), 0, property}),
                      std::move(property));
  }

  // Depth after the event: the root value is at depth 1.
  bool Open(char kind) {
    ++depth_;
    if (depth_ > kMaxDepth) {
      FileProblem("JSON nested deeper than 64 levels", "file");
      return false;
    }
    if (skip_depth_ > 0) return true;
    if (depth_ == 1) {
      if (kind == 'a') {
        values_depth_ = 2;
        values_seen_ = true;
        return true;
      }
      return true;  // the root object
    }
    if (depth_ == 2 && values_depth_ == 0 && key_ == "dataValues") {
      if (kind != 'a') {
        FileProblem("expected {\"dataValues\": [...]} or an array of data values", "dataValues");
        return false;
      }
      values_depth_ = 3;
      values_seen_ = true;
      return true;
    }
    if (values_depth_ > 0 && depth_ == values_depth_) {  // an element of the data value array
      if (kind == 'o') {
        row_ = DataValueRow();
        row_.line = Line();
        row_.index = index_++;
        row_problem_.clear();
        return true;
      }
      NotAnObject(kind);
    } else if (values_depth_ > 0 && depth_ == values_depth_ + 1) {
      if (JsonField(row_, key_) != nullptr && row_problem_.empty()) {
        row_problem_ = key_;  // a known field with an object or array value
      }
    }
    skip_depth_ = depth_;
    return true;
  }

  bool Close() {
    if (skip_depth_ > 0) {
      if (depth_-- == skip_depth_) skip_depth_ = 0;
      return true;
    }
    if (values_depth_ > 0 && depth_ == values_depth_) {
      --depth_;
      return EmitRow();
    }
    if (depth_ == values_depth_ - 1) values_depth_ = -1;  // the array ended
    --depth_;
    return true;
  }

  bool Scalar(char kind, std::string text) {
    if (skip_depth_ > 0) return true;
    if (depth_ == 0) {
      FileProblem("expected {\"dataValues\": [...]} or an array of data values, not a " +
                      std::string(TypeName(kind)),
                  "dataValues");
      return false;
    }
    if (values_depth_ > 0 && depth_ + 1 == values_depth_) {  // a scalar in the array
      NotAnObject(kind);
      return true;
    }
    if (values_depth_ > 0 && depth_ == values_depth_) {  // a field of the data value
      if (std::string* field = JsonField(row_, key_)) *field = std::move(text);
      return true;
    }
    if (depth_ == 1 && kind != 'z') {
      if (key_ == "dataValues") {
        FileProblem("expected {\"dataValues\": [...]} or an array of data values", "dataValues");
        return false;
      }
      if (std::string* field = HeaderField(header_, key_)) {
        *field = std::move(text);
        if (values_seen_ && rows_lacking_[key_]) {
          FileProblem("header field \"" + key_ +
                          "\" comes after \"dataValues\" and some values lack it: put the "
                          "header fields before \"dataValues\" (the file is read as a stream)",
                      key_);
          return false;
        }
      }
    }
    return true;
  }

  void NotAnObject(char kind) {
    sink_.RecordProblem(Status::Invalid("data value " + std::to_string(index_) + " is " +
                                            TypeName(kind) + ", not an object",
                                        {source_, Line(), 0, "dataValues"}),
                        index_);
    ++index_;
  }

  bool EmitRow() {
    if (!row_problem_.empty()) {
      sink_.RecordProblem(
          Status::Invalid("data value " + std::to_string(row_.index) + ": field \"" + row_problem_ +
                              "\" must be a string, number or boolean",
                          {source_, static_cast<int>(row_.line), 0, row_problem_}),
          row_.index);
      return true;
    }
    // Header-level fields apply to every value that leaves them out (DHIS2).
    for (auto [field, name] :
         {std::pair{&row_.period, "period"}, std::pair{&row_.org_unit, "orgUnit"},
          std::pair{&row_.aoc, "attributeOptionCombo"}}) {
      if (field->empty()) {
        *field = *HeaderField(header_, name);
        if (field->empty()) rows_lacking_[name] = true;
      }
    }
    row_.data_set = header_.data_set;
    row_.complete_date = header_.complete_date;
    Status status = sink_.Row(std::move(row_));
    if (!status.ok()) {
      stop_ = status;
      return false;
    }
    return true;
  }

  const std::string& source_;
  JsonInput& input_;
  DataValueRowSink& sink_;
  Status stop_;
  bool problem_reported_ = false, values_seen_ = false;
  int depth_ = 0, skip_depth_ = 0;
  int values_depth_ = 0;  // 0: not found yet; -1: after it
  int64_t index_ = 0;
  std::string key_;
  DataValueRow header_, row_;
  std::string row_problem_;
  std::unordered_map<std::string, bool> rows_lacking_;
};

}  // namespace

Status ReadJsonRows(std::istream& in, const std::string& source, DataValueRowSink& sink) {
  JsonInput input{in};
  JsonRowSax sax(source, input, sink);
  json::sax_parse(JsonInputIterator(&input), JsonInputIterator(), &sax);
  if (input.failed) return Status::Io(source + ": read error");
  if (!sax.stop().ok()) return sax.stop();
  sax.Finish();
  return Status::Ok();
}

}  // namespace gemis::exchange::internal
