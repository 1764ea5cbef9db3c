#include "views/report_document.h"

#include <charconv>
#include <cmath>
#include <map>

#include "core/clock.h"
#include "core/message_format.h"
#include "core/number_format.h"

namespace gemis::views {

namespace {

using documents::Align;
using documents::Heading;
using documents::OfficialDocument;
using documents::Paragraph;
using documents::Table;
using documents::TableCell;
using documents::TableRow;

const OrgUnitVersion* VersionOf(const Hierarchy& h, OrgUnitId id, Date day) {
  const OrgUnit* u = h.Find(id);
  if (u == nullptr) return nullptr;
  const OrgUnitVersion* v = u->VersionAt(day);
  return v ? v : &u->last();
}

// "tỉnh Kon Tum": the unit as a body's name follows it.
std::string BodyUnitName(const OrgUnitVersion& v) {
  std::string type = v.unit_type;
  // The unit type in lower case when it is one word of ASCII capitals'
  // reach ("Tỉnh" → "tỉnh"): the capitals of the header come from the
  // writer, and the recipients line reads as a sentence.
  if (!type.empty() && type[0] >= 'A' && type[0] <= 'Z')
    type[0] = static_cast<char>(type[0] - 'A' + 'a');
  return type.empty() ? v.name : type + " " + v.name;
}

std::string Roman(int n) {
  static const char* kRoman[] = {"", "I", "II", "III", "IV"};
  return n >= 1 && n <= 4 ? kRoman[n] : std::to_string(n);
}

TableCell Figure(const std::optional<double>& value, Lang lang) {
  if (!value) return TableCell::Text(std::string(Message(MessageId::kDocNoFigure, lang)));
  const double v = *value;
  if (std::floor(v) == v && std::fabs(v) < 9e15) return TableCell::Integer(static_cast<int64_t>(v));
  // A rate or an average: two decimals with the Vietnamese comma.
  std::string text = fmt::format("{:.2f}", v);
  for (char& c : text) {
    if (c == '.') c = ',';
  }
  return TableCell::Text(text);
}

}  // namespace

MessageId SubmissionStateMessage(SubmissionState state) {
  return static_cast<MessageId>(static_cast<int>(MessageId::kReportStateNotStarted) +
                                static_cast<int>(state));
}

MessageId TimelinessMessage(Timeliness timeliness) {
  return static_cast<MessageId>(static_cast<int>(MessageId::kReportOnTime) +
                                static_cast<int>(timeliness));
}

std::string PeriodPhrase(const Period& period, Lang lang) {
  const Date start = period.start();
  const int year = start.year();
  switch (period.type()) {
    case PeriodType::kYearly: return Say(lang, MessageId::kDocPeriodYear, year);
    case PeriodType::kSixMonthly:
      return Say(
          lang,
          start.month() == 1 ? MessageId::kDocPeriodFirstHalf : MessageId::kDocPeriodSecondHalf,
          year);
    case PeriodType::kQuarterly:
      return Say(lang, MessageId::kDocPeriodQuarter,
                 Roman((static_cast<int>(start.month()) + 2) / 3), year);
    case PeriodType::kMonthly:
      return Say(lang, MessageId::kDocPeriodMonth, static_cast<int>(start.month()), year);
    // An end-of-activity report: the day the activity ended.
    case PeriodType::kDaily: return Say(lang, MessageId::kDocPeriodDay, start.ToVietnameseString());
    default: return period.ToString();
  }
}

Result<documents::OfficialDocument> BuildReportDocument(const ReportDocumentInput& in) {
  const Hierarchy& h = *in.hierarchy;
  // The unit's own report, else (a province that sends nothing further
  // but receives the districts' reports) one sent to it: the document is
  // then the unit's summary of what it received.
  const reporting::ReportRow* own = nullptr;
  const reporting::ReportRow* received = nullptr;
  for (const reporting::ReportRow& r : *in.rows) {
    if (r.expected.unit == in.unit) own = &r;
    if (r.expected.recipient == in.unit && received == nullptr) received = &r;
  }
  if (own == nullptr && received == nullptr) {
    return Status::Invalid("the unit neither reports " + in.type->code + " for " +
                               in.period.ToString() + " nor receives reports of it",
                           Location{.field = "unit"});
  }
  const Date day = own ? own->expected.reference : received->expected.reference;
  const OrgUnitVersion* unit = VersionOf(h, in.unit, day);
  if (unit == nullptr) return Status::Internal("a report's unit is missing");
  const Lang lang = in.lang;
  OfficialDocument doc;
  const std::optional<OrgUnitId> parent = h.ParentAt(in.unit, day);
  const OrgUnitVersion* above = parent ? VersionOf(h, *parent, day) : nullptr;
  if (unit->level == OrgUnitLevel::kCentre) {
    doc.issuing_body = Say(lang, MessageId::kDocCentreIssuingBody);
  } else {
    doc.issuing_body = Say(lang, MessageId::kDocIssuingBody, BodyUnitName(*unit));
    doc.superior_body = above == nullptr || above->level == OrgUnitLevel::kCentre
                            ? Say(lang, MessageId::kDocCentreBody)
                            : Say(lang, MessageId::kDocSuperiorBody, BodyUnitName(*above));
  }
  doc.symbol = "BC-HLHPN";
  doc.place = unit->level == OrgUnitLevel::kCentre ? "Hà Nội" : unit->name;
  doc.date = in.date;
  doc.undated_year = in.date.year();
  doc.kind = Say(lang, MessageId::kDocKindReport);
  const std::string period = PeriodPhrase(in.period, lang);
  doc.summary = in.type->name + " " + period;

  // The deadline of this unit's level (of the reports it received) in words.
  const OrgUnitLevel level = own ? own->expected.level : received->expected.level;
  std::string rule;
  for (const LevelDeadline& d : in.type->deadlines) {
    if (d.level == level) rule = DescribeDeadline(d.rule, in.type->period_type, lang);
  }

  // The type's name inside the sentence starts in lower case ("báo cáo
  // năm …"); the body keeps its capitals ("Ban Thường vụ Hội LHPN …").
  std::string regime = in.type->name;
  if (!regime.empty() && regime[0] >= 'A' && regime[0] <= 'Z') {
    regime[0] = static_cast<char>(regime[0] - 'A' + 'a');
  }
  doc.body.push_back(
      Paragraph{Say(lang, MessageId::kDocIntro, regime, rule, doc.issuing_body, period)});

  doc.body.push_back(Heading{Say(lang, MessageId::kDocFiguresHeading), 1});
  Table figures;
  figures.title = Say(lang, MessageId::kDocFiguresTable);
  figures.columns = {{std::string(Message(MessageId::kReportStt, lang)), 0.6, Align::kCentre},
                     {std::string(Message(MessageId::kDocColMeasure, lang)), 5, Align::kLeft},
                     {std::string(Message(MessageId::kDocColResult, lang)), 1.6, Align::kRight}};
  int n = 0;
  for (const ReportFigure& f : in.figures) {
    figures.rows.push_back(
        {{TableCell::Text(std::to_string(++n)), TableCell::Text(f.name), Figure(f.value, lang)}});
  }
  doc.body.push_back(std::move(figures));

  // The reports sent to the unit.
  std::vector<const reporting::ReportRow*> sent;
  for (const reporting::ReportRow& r : *in.rows) {
    if (r.expected.recipient == in.unit) sent.push_back(&r);
  }
  if (!sent.empty()) {
    doc.body.push_back(Heading{Say(lang, MessageId::kDocReportsHeading), 1});
    const Completeness c = reporting::MeasureRows(*in.rows, h, in.now_ms);
    CompletenessCount count;
    for (const reporting::ReportRow* r : sent) {
      count.Add(c.reports.at(r->expected.unit));
    }
    doc.body.push_back(
        Paragraph{Say(lang, MessageId::kDocReportsSummary, count.expected, count.received,
                      count.on_time, count.late, count.missing, count.pending, count.waived)});
    Table table;
    table.title = Say(lang, MessageId::kDocReportsTable);
    table.columns = {
        {std::string(Message(MessageId::kReportStt, lang)), 0.6, Align::kCentre},
        {std::string(Message(MessageId::kReportUnit, lang)), 3.4, Align::kLeft},
        {std::string(Message(MessageId::kReportColState, lang)), 1.6, Align::kLeft},
        {std::string(Message(MessageId::kDocColSubmitted, lang)), 1.3, Align::kCentre},
        {std::string(Message(MessageId::kReportColTimeliness, lang)), 1.5, Align::kLeft}};
    n = 0;
    for (const reporting::ReportRow* r : sent) {
      const OrgUnitVersion* v = VersionOf(h, r->expected.unit, r->expected.reference);
      std::string submitted;
      if (r->submission && r->submission->first_submitted_ms) {
        submitted = VietnamDay(*r->submission->first_submitted_ms).ToVietnameseString();
      }
      table.rows.push_back(
          {{TableCell::Text(std::to_string(++n)), TableCell::Text(v ? v->FullName() : ""),
            TableCell::Text(std::string(Message(SubmissionStateMessage(r->state), lang))),
            TableCell::Text(submitted),
            TableCell::Text(
                std::string(Message(TimelinessMessage(c.reports.at(r->expected.unit)), lang)))}});
    }
    doc.body.push_back(std::move(table));
  }

  const std::optional<OrgUnitId> recipient = own ? own->expected.recipient : parent;
  if (recipient) {
    if (const OrgUnitVersion* to = VersionOf(h, *recipient, day)) {
      doc.recipients.push_back(Say(lang, MessageId::kDocRecipientAbove,
                                   to->level == OrgUnitLevel::kCentre
                                       ? Say(lang, MessageId::kDocCentreIssuingBody)
                                       : Say(lang, MessageId::kDocIssuingBody, BodyUnitName(*to))));
    }
  }
  doc.recipients.push_back(Say(lang, MessageId::kDocRecipientArchive));
  doc.signature.authority = Say(lang, MessageId::kDocSignAuthority);
  doc.signature.position = Say(lang, MessageId::kDocSignPosition);
  doc.signature.signer = in.signer;
  GEMIS_RETURN_IF_ERROR(documents::CheckDocument(doc));
  return doc;
}

Result<std::vector<ReportFigure>> LoadReportFigures(const analytics::Engine& engine,
                                                    const Metadata& metadata,
                                                    const ReportType& type, const Period& period,
                                                    OrgUnitId unit, Date as_of) {
  std::vector<ReportFigure> out;
  const StoredDataSet* set = metadata.FindDataSet(type.data_set);
  if (set == nullptr) return out;
  analytics::QueryRequest q;
  for (MetadataId id : set->element_ids) {
    const StoredElement* e = metadata.Element(id);
    if (e == nullptr) continue;
    q.dx.push_back(e->element.uid);
    out.push_back({e->element.code, e->element.name, std::nullopt});
  }
  if (q.dx.empty()) return out;
  q.ou = {{unit, std::nullopt}};
  q.pe = {period};
  q.as_of = as_of;
  GEMIS_ASSIGN_OR_RETURN(analytics::QueryResult result, engine.Query(q));
  // Rows name the element by uid (dimension 0).
  std::map<std::string, double> by_uid;
  for (size_t r = 0; r < result.size(); ++r) {
    by_uid[result.dimensions[0].second[result.key(r, 0)]] = result.value(r);
  }
  size_t i = 0;
  for (MetadataId id : set->element_ids) {
    const StoredElement* e = metadata.Element(id);
    if (e == nullptr) continue;
    if (auto it = by_uid.find(e->element.uid); it != by_uid.end()) out[i].value = it->second;
    ++i;
  }
  return out;
}

Result<documents::OfficialDocument> BuildAllocationAppendix(const reporting::AllocationTable& table,
                                                            const Plan& plan,
                                                            const Hierarchy& hierarchy, Lang lang) {
  OfficialDocument doc;
  doc.orientation = documents::Orientation::kLandscape;
  const Date day = plan.EffectiveDate();
  const OrgUnitVersion* issuer = VersionOf(hierarchy, plan.issuer_unit, day);
  if (issuer == nullptr) return Status::Internal("a plan's issuing unit is missing");
  const bool committee = plan.number.find("UBND") != std::string::npos;
  doc.issuing_body = committee ? Say(lang, MessageId::kDocPeoplesCommittee, BodyUnitName(*issuer))
                               : issuer->FullName();
  doc.place = plan.place.empty() ? issuer->name : plan.place;
  doc.date = plan.date;
  doc.undated_year = day.year();
  doc.kind = Say(lang, MessageId::kDocKindAppendix);
  doc.summary = table.table.empty() ? table.title : table.table + ": " + table.title;
  doc.attachment_note =
      Say(lang, MessageId::kDocAttachedToPlan, plan.number.empty() ? plan.code : plan.number,
          plan.date ? plan.date->ToVietnameseString() : std::string("…"));
  // The number and symbol belong to the plan, printed in the note.
  Table t;
  t.columns = {{std::string(Message(MessageId::kReportStt, lang)), 0.5, Align::kCentre},
               {std::string(Message(MessageId::kReportUnit, lang)), 2.6, Align::kLeft}};
  // Columns are numbered, their measures listed under the table: a plan's
  // appendix has up to some twenty measures, whose names would make the
  // header taller than a page.
  std::vector<std::string> legend;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const reporting::AllocationColumn& c = table.columns[i];
    const std::string number = "(" + std::to_string(i + 1) + ")";
    t.columns.push_back({number, 1, Align::kRight});
    legend.push_back(number + " " + c.label + (c.level_label.empty() ? "" : " — " + c.level_label));
  }
  for (const reporting::AllocationRow& r : table.rows) {
    TableRow row;
    row.bold = r.kind != reporting::AllocationRow::Kind::kUnit;
    row.cells = {TableCell::Text(r.stt), TableCell::Text(r.label)};
    for (const std::optional<std::string>& cell : r.cells) {
      if (!cell) {
        row.cells.push_back(TableCell::Text(""));
        continue;
      }
      int64_t whole = 0;
      const char* end = cell->data() + cell->size();
      auto [ptr, ec] = std::from_chars(cell->data(), end, whole);
      if (r.kind != reporting::AllocationRow::Kind::kWindow && ec == std::errc() && ptr == end) {
        row.cells.push_back(TableCell::Integer(whole));
      } else if (r.kind != reporting::AllocationRow::Kind::kWindow) {
        row.cells.push_back(TableCell::Text(FormatDecimalTextVi(*cell)));
      } else {
        row.cells.push_back(TableCell::Text(*cell));
      }
    }
    t.rows.push_back(std::move(row));
  }
  doc.body.push_back(std::move(t));
  for (std::string& line : legend) doc.body.push_back(Paragraph{std::move(line)});
  GEMIS_RETURN_IF_ERROR(documents::CheckDocument(doc));
  return doc;
}

}  // namespace gemis::views
