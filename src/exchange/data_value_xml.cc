// DHIS2 DXF2 XML (<dataValueSet>) and IHE ADX (<adx>) data value files, read
// with expat as a stream: the parser holds one block of input and the
// current tag, whatever the file's size (docs/formats/datavalues-xml.md,
// docs/formats/adx.md).
#include <expat.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/data_value_rows.h"

namespace gemis::exchange::internal {

namespace {

constexpr std::string_view kDxfNamespace = "http://dhis2.org/schema/dxf/2.0";
constexpr std::string_view kAdxNamespace = "urn:ihe:qrph:adx:2015";
// Expat joins a namespace and a local name with this byte ("uri\x1flocal").
constexpr char kNamespaceSeparator = '\x1f';
constexpr size_t kBlockBytes = size_t{1} << 18;
// Deeper nesting than any valid file needs; refused before it costs memory.
constexpr int kMaxDepth = 32;
// An <annotation> longer than this is refused (DHIS2 comments hold 50,000).
constexpr size_t kMaxAnnotationBytes = size_t{1} << 20;

struct Name {
  std::string_view ns, local;
};

Name Split(const XML_Char* name) {
  std::string_view n(name);
  size_t sep = n.find(kNamespaceSeparator);
  if (sep == std::string_view::npos) return {{}, n};
  return {n.substr(0, sep), n.substr(sep + 1)};
}

// The DXF2 attributes of <dataValue> and <dataValueSet>.
std::string* RowField(DataValueRow& row, std::string_view name) {
  if (name == "dataElement") return &row.data_element;
  if (name == "period") return &row.period;
  if (name == "orgUnit") return &row.org_unit;
  if (name == "categoryOptionCombo") return &row.coc;
  if (name == "attributeOptionCombo") return &row.aoc;
  if (name == "value") return &row.value;
  if (name == "storedBy") return &row.stored_by;
  if (name == "comment") return &row.comment;
  if (name == "followup") return &row.followup;
  if (name == "deleted") return &row.deleted;
  if (name == "dataSet") return &row.data_set;
  if (name == "completeDate") return &row.complete_date;
  return nullptr;
}

class XmlRowReader {
 public:
  XmlRowReader(const std::string& source, bool adx, DataValueRowSink& sink)
      : source_(source), adx_(adx), sink_(sink) {
    parser_ = XML_ParserCreateNS("UTF-8", kNamespaceSeparator);
  }
  XmlRowReader(const XmlRowReader&) = delete;
  XmlRowReader& operator=(const XmlRowReader&) = delete;
  ~XmlRowReader() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
  }

  Status Read(std::istream& in) {
    if (parser_ == nullptr) return Status::Internal("cannot create an XML parser");
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &OnStart, &OnEnd);
    XML_SetCharacterDataHandler(parser_, &OnText);
    XML_SetStartDoctypeDeclHandler(parser_, &OnDoctype);
    XML_SetEntityDeclHandler(parser_, &OnEntity);
    for (;;) {
      void* buffer = XML_GetBuffer(parser_, static_cast<int>(kBlockBytes));
      if (buffer == nullptr) return FileProblemHere("out of memory for the XML parser");
      in.read(static_cast<char*>(buffer), static_cast<std::streamsize>(kBlockBytes));
      std::streamsize got = in.gcount();
      if (in.bad()) return Status::Io(source_ + ": read error");
      const bool last = got < static_cast<std::streamsize>(kBlockBytes);
      if (XML_ParseBuffer(parser_, static_cast<int>(got), last) == XML_STATUS_ERROR) {
        if (!stop_.ok()) return stop_;  // the sink stopped the reading
        if (!problem_reported_) {
          // Expat counts columns from 0, in bytes.
          FileProblem(std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(parser_)),
                      static_cast<int>(XML_GetCurrentLineNumber(parser_)),
                      static_cast<int>(XML_GetCurrentColumnNumber(parser_)) + 1, "file");
        }
        return Status::Ok();
      }
      if (last) break;
    }
    if (!root_seen_) FileProblem("empty file: no root element", 1, 0, "file");
    return Status::Ok();
  }

 private:
  static void XMLCALL OnStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<XmlRowReader*>(self)->Start(name, attributes);
  }
  static void XMLCALL OnEnd(void* self, const XML_Char* name) {
    static_cast<XmlRowReader*>(self)->End(name);
  }
  static void XMLCALL OnText(void* self, const XML_Char* text, int length) {
    static_cast<XmlRowReader*>(self)->Text(std::string_view(text, static_cast<size_t>(length)));
  }
  static void XMLCALL OnDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*,
                                int) {
    static_cast<XmlRowReader*>(self)->Refuse("a DOCTYPE is not accepted in a data value file");
  }
  static void XMLCALL OnEntity(void* self, const XML_Char*, int, const XML_Char*, int,
                               const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<XmlRowReader*>(self)->Refuse("entity declarations are not accepted");
  }

  int Line() const { return static_cast<int>(XML_GetCurrentLineNumber(parser_)); }
  int Column() const { return static_cast<int>(XML_GetCurrentColumnNumber(parser_)) + 1; }

  void FileProblem(const std::string& message, int line, int column, std::string property) {
    problem_reported_ = true;
    sink_.FileProblem(Status::Invalid(message, {source_, line, column, property}),
                      std::move(property));
  }
  Status FileProblemHere(const std::string& message) {
    FileProblem(message, Line(), Column(), "file");
    return Status::Ok();
  }
  // A file problem that ends the reading.
  void Refuse(const std::string& message) {
    FileProblem(message, Line(), Column(), "file");
    XML_StopParser(parser_, XML_FALSE);
  }
  // A problem of the data value that started at `line`:`column`.
  void RecordProblem(const std::string& message, std::string field, int line, int column) {
    sink_.RecordProblem(Status::Invalid(message, {source_, line, column, std::move(field)}),
                        next_index_++);
  }
  void Emit(DataValueRow row) {
    Status status = sink_.Row(std::move(row));
    if (!status.ok()) {
      stop_ = status;
      XML_StopParser(parser_, XML_FALSE);
    }
  }

  bool NamespaceOk(std::string_view ns) const {
    return adx_ ? ns == kAdxNamespace : ns.empty() || ns == kDxfNamespace;
  }

  void Start(const XML_Char* raw_name, const XML_Char** attributes) {
    ++depth_;
    if (depth_ > kMaxDepth) return Refuse("elements nested deeper than 32 levels");
    if (skip_depth_ > 0) return;  // inside an element we ignore
    Name name = Split(raw_name);
    if (depth_ == 1) return StartRoot(name, attributes);
    if (!NamespaceOk(name.ns)) return Skip();
    if (adx_) return StartAdx(name, attributes);
    if (depth_ == 2 && name.local == "dataValue") return Emit(DxfRow(attributes));
    Skip();  // DHIS2 ignores what it does not know
  }

  void StartRoot(Name name, const XML_Char** attributes) {
    root_seen_ = true;
    const std::string_view want = adx_ ? "adx" : "dataValueSet";
    const std::string_view want_ns = adx_ ? kAdxNamespace : kDxfNamespace;
    if (name.local != want || !NamespaceOk(name.ns)) {
      return Refuse("the root element must be <" + std::string(want) + " xmlns=\"" +
                    std::string(want_ns) + "\">, not <" + std::string(name.local) +
                    (name.ns.empty() ? "" : " xmlns=\"" + std::string(name.ns) + "\"") + ">");
    }
    if (adx_) return;
    for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
      std::string_view attr = Split(a[0]).local;
      if (attr == "dataSet" || attr == "completeDate" || attr == "period" || attr == "orgUnit" ||
          attr == "attributeOptionCombo") {
        *RowField(header_, attr) = a[1];
      }
    }
  }

  DataValueRow DxfRow(const XML_Char** attributes) {
    DataValueRow row;
    row.line = Line();
    row.index = next_index_++;
    for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
      if (std::string* field = RowField(row, Split(a[0]).local)) *field = a[1];
    }
    row.data_set = header_.data_set;
    row.complete_date = header_.complete_date;
    if (row.period.empty()) row.period = header_.period;
    if (row.org_unit.empty()) row.org_unit = header_.org_unit;
    if (row.aoc.empty()) row.aoc = header_.aoc;
    return row;
  }

  // ADX: <adx> <group …> <dataValue …> <annotation/>? </dataValue>* </group>* </adx>.
  void StartAdx(Name name, const XML_Char** attributes) {
    if (depth_ == 2) {
      if (name.local != "group") {
        return Refuse("<adx> may hold only <group> elements, not <" + std::string(name.local) +
                      ">");
      }
      return StartGroup(attributes);
    }
    if (depth_ == 3) {
      if (name.local != "dataValue") {
        return Refuse("a <group> may hold only <dataValue> elements, not <" +
                      std::string(name.local) + ">");
      }
      return StartAdxValue(attributes);
    }
    if (depth_ == 4 && name.local == "annotation" && in_value_) {
      if (in_annotation_ || annotation_seen_) return Refuse("a <dataValue> has one <annotation>");
      in_annotation_ = annotation_seen_ = true;
      return;
    }
    Refuse("unexpected <" + std::string(name.local) + "> in ADX");
  }

  void StartGroup(const XML_Char** attributes) {
    group_ = DataValueRow();
    group_.adx = true;
    group_problem_.clear();
    for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
      Name attr = Split(a[0]);
      if (!attr.ns.empty()) continue;  // other vocabularies' attributes
      if (attr.local == "orgUnit") {
        group_.org_unit = a[1];
      } else if (attr.local == "period") {
        group_.period = a[1];
      } else if (attr.local == "dataSet") {
        group_.data_set = a[1];
      } else if (attr.local == "completeDate") {
        group_.complete_date = a[1];
      } else if (attr.local == "attributeOptionCombo") {
        group_.aoc = a[1];
      } else {
        group_.aoc_options.emplace_back(attr.local, a[1]);
      }
    }
    for (const char* required : {"orgUnit", "period", "dataSet"}) {
      if (RowField(group_, required)->empty() && group_problem_.empty()) {
        group_problem_ = required;
      }
    }
  }

  void StartAdxValue(const XML_Char** attributes) {
    in_value_ = true;
    annotation_seen_ = false;
    value_ = group_;
    value_.line = Line();
    value_column_ = Column();
    for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
      Name attr = Split(a[0]);
      if (!attr.ns.empty()) continue;
      if (attr.local == "dataElement") {
        value_.data_element = a[1];
      } else if (attr.local == "value") {
        value_.value = a[1];
        value_seen_ = true;
      } else if (attr.local == "categoryOptionCombo") {
        value_.coc = a[1];
      } else {
        value_.coc_options.emplace_back(attr.local, a[1]);
      }
    }
  }

  void EndAdxValue() {
    in_value_ = false;
    const bool had_value = std::exchange(value_seen_, false);
    if (!group_problem_.empty()) {
      return RecordProblem("the <group> has no " + group_problem_ + " attribute (ADX requires it)",
                           group_problem_, static_cast<int>(value_.line), value_column_);
    }
    if (value_.data_element.empty()) {
      return RecordProblem("the <dataValue> has no dataElement attribute", "dataElement",
                           static_cast<int>(value_.line), value_column_);
    }
    if (!had_value) {
      return RecordProblem("the <dataValue> has no value attribute", "value",
                           static_cast<int>(value_.line), value_column_);
    }
    value_.index = next_index_++;
    Emit(std::move(value_));
  }

  void End(const XML_Char*) {
    if (skip_depth_ > 0) {
      if (depth_-- == skip_depth_) skip_depth_ = 0;
      return;
    }
    if (adx_ && depth_ == 4 && in_annotation_) {
      in_annotation_ = false;
      value_.comment = std::move(annotation_);
      annotation_.clear();
    } else if (adx_ && depth_ == 3 && in_value_) {
      EndAdxValue();
    }
    --depth_;
  }

  void Text(std::string_view text) {
    if (!in_annotation_ || skip_depth_ > 0) return;
    if (annotation_.size() + text.size() > kMaxAnnotationBytes) {
      return Refuse("an <annotation> is longer than 1 MiB");
    }
    annotation_ += text;
  }

  void Skip() { skip_depth_ = depth_; }

  const std::string& source_;
  const bool adx_;
  DataValueRowSink& sink_;
  XML_Parser parser_ = nullptr;
  Status stop_;
  bool problem_reported_ = false, root_seen_ = false;
  int depth_ = 0, skip_depth_ = 0;
  int64_t next_index_ = 0;
  DataValueRow header_;  // DXF2: the <dataValueSet> attributes
  // ADX state: the current group, the data value being read.
  DataValueRow group_, value_;
  std::string group_problem_;  // the first missing required group attribute
  int value_column_ = 0;       // where the current <dataValue> starts
  bool in_value_ = false, value_seen_ = false, in_annotation_ = false, annotation_seen_ = false;
  std::string annotation_;
};

}  // namespace

Status ReadXmlRows(std::istream& in, const std::string& source, bool adx, DataValueRowSink& sink) {
  XmlRowReader reader(source, adx, sink);
  return reader.Read(in);
}

}  // namespace gemis::exchange::internal
