#include "views/report_sheets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <utility>

#include "core/decimal.h"
#include "core/number_format.h"

namespace gemis::views {

namespace {

using exchange::XlsxCell;
using exchange::XlsxColumn;
using exchange::XlsxHeaderCell;
using exchange::XlsxRow;
using exchange::XlsxSheet;
using reporting::AllocationColumn;
using reporting::AllocationRow;

std::string Say(MessageId id, Lang lang) { return std::string(Message(id, lang)); }

std::string DateText(Date d, Lang lang) {
  return lang == Lang::kVi ? d.ToVietnameseString() : d.ToString();
}

// A canonical decimal ("57", "33.5") as a number cell with its own decimals.
XlsxCell DecimalCell(const std::string& text) {
  Result<Decimal> d = Decimal::Parse(text);
  if (!d.ok()) return XlsxCell::Text(text);
  if (d->is_integer()) return XlsxCell::Integer(d->ToInt());
  return XlsxCell::Decimal(d->ToDouble(), d->scale());
}

// An aggregate: whole numbers without decimals, others with two shown (the
// cell keeps the full value).
XlsxCell ValueCell(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) {
    return XlsxCell::Integer(static_cast<int64_t>(v));
  }
  return XlsxCell::Decimal(v, 2);
}

bool SameMeasure(const AllocationColumn& a, const AllocationColumn& b) {
  return a.kind == AllocationColumn::Kind::kTarget && b.kind == AllocationColumn::Kind::kTarget &&
         a.measure == b.measure;
}

// Unit, then per column: the label over every header row, or the measure
// merged over its consecutive level columns with the levels below.
std::vector<XlsxHeaderCell> AllocationHeader(const reporting::AllocationTable& t, Lang lang) {
  const bool split = std::any_of(t.columns.begin(), t.columns.end(),
                                 [](const AllocationColumn& c) { return !c.level_label.empty(); });
  const int rows = split ? 2 : 1;
  std::vector<XlsxHeaderCell> header = {
      {.row = 0, .col = 0, .row_span = rows, .text = Say(MessageId::kReportUnit, lang)}};
  for (size_t i = 0; i < t.columns.size();) {
    const AllocationColumn& first = t.columns[i];
    const int col = static_cast<int>(i) + 1;
    if (first.level_label.empty()) {
      header.push_back({.row = 0, .col = col, .row_span = rows, .text = first.label});
      ++i;
      continue;
    }
    size_t end = i;
    for (; end < t.columns.size() && SameMeasure(t.columns[end], first) &&
           !t.columns[end].level_label.empty();
         ++end) {
      header.push_back(
          {.row = 1, .col = static_cast<int>(end) + 1, .text = t.columns[end].level_label});
    }
    header.push_back(
        {.row = 0, .col = col, .col_span = static_cast<int>(end - i), .text = first.label});
    i = end;
  }
  return header;
}

XlsxRow AllocationSheetRow(const AllocationRow& r) {
  XlsxRow row;
  switch (r.kind) {
    case AllocationRow::Kind::kTotal:
    case AllocationRow::Kind::kLevels: row.kind = XlsxRow::Kind::kTotal; break;
    case AllocationRow::Kind::kWindow: row.kind = XlsxRow::Kind::kPlain; break;
    case AllocationRow::Kind::kUnit: row.kind = XlsxRow::Kind::kItem; break;
  }
  row.cells.push_back(XlsxCell::Text(r.label));
  for (const std::optional<std::string>& cell : r.cells) {
    if (!cell) {
      row.cells.push_back(XlsxCell::Empty());
    } else {
      row.cells.push_back(r.kind == AllocationRow::Kind::kWindow ? XlsxCell::Text(*cell)
                                                                 : DecimalCell(*cell));
    }
  }
  return row;
}

}  // namespace

XlsxSheet AllocationSheet(const reporting::AllocationTable& t, Lang lang) {
  XlsxSheet s;
  s.name = t.table.empty() ? Say(MessageId::kXlsxTextTargetsSheet, lang) : t.table;
  if (!t.table.empty()) s.titles.push_back(t.table);
  s.titles.push_back(Say(MessageId::kReportAllocationTitle, lang) + " — " + t.plan);
  if (!t.title.empty()) s.titles.push_back(t.title);
  s.units = Say(MessageId::kXlsxUnitsPerColumn, lang);
  s.stt_header = Say(MessageId::kReportStt, lang);
  s.columns.assign(t.columns.size() + 1, XlsxColumn{.min_width = 10});
  s.columns[0].min_width = 20;
  s.label_columns = 1;
  s.header = AllocationHeader(t, lang);
  for (const AllocationRow& r : t.rows) s.rows.push_back(AllocationSheetRow(r));
  return s;
}

XlsxSheet QuerySheet(const analytics::QueryResult& r, Date as_of, Lang lang) {
  XlsxSheet s;
  s.name = Say(MessageId::kXlsxQuerySheet, lang);
  s.titles = {s.name + " — " + Say(MessageId::kSummaryAsOf, lang) + " " + DateText(as_of, lang)};
  const std::map<std::string, std::string> names(r.items.begin(), r.items.end());
  auto name_of = [&](const std::string& id) {
    auto it = names.find(id);
    return it == names.end() ? id : it->second;
  };
  const size_t keys = std::min(r.key_width, r.dimensions.size());
  // A dimension gets a name column when a name differs from its id.
  std::vector<bool> named(keys, false);
  for (size_t k = 0; k < keys; ++k) {
    for (const std::string& id : r.dimensions[k].second) named[k] = named[k] || name_of(id) != id;
  }
  const int rows = std::find(named.begin(), named.end(), true) != named.end() ? 2 : 1;
  int col = 0;
  for (size_t k = 0; k < keys && k < r.headers.size(); ++k) {
    const std::string& title = r.headers[k].column;
    if (!named[k]) {
      s.header.push_back({.row = 0, .col = col++, .row_span = rows, .text = title});
      continue;
    }
    s.header.push_back({.row = 0, .col = col, .col_span = 2, .text = title});
    s.header.push_back({.row = 1, .col = col++, .text = Say(MessageId::kXlsxName, lang)});
    s.header.push_back({.row = 1, .col = col++, .text = Say(MessageId::kPlanColumnCode, lang)});
  }
  s.header.push_back({.row = 0, .col = col, .row_span = rows, .text = r.headers.back().column});
  s.columns.assign(static_cast<size_t>(col) + 1, XlsxColumn{});
  s.label_columns = col;
  for (size_t i = 0; i < r.size(); ++i) {
    const std::vector<std::string> ids = r.Row(i);
    XlsxRow row;
    for (size_t k = 0; k < keys; ++k) {
      if (named[k]) row.cells.push_back(XlsxCell::Text(name_of(ids[k])));
      row.cells.push_back(XlsxCell::Text(ids[k]));
    }
    row.cells.push_back(ValueCell(r.value(i)));
    s.rows.push_back(std::move(row));
  }
  return s;
}

MessageId ProgressStatusMessage(analytics::ProgressStatus status) {
  using analytics::ProgressStatus;
  switch (status) {
    case ProgressStatus::kNotStarted: return MessageId::kProgressStatusNotStarted;
    case ProgressStatus::kBehind: return MessageId::kProgressStatusBehind;
    case ProgressStatus::kOnTrack: return MessageId::kProgressStatusOnTrack;
    case ProgressStatus::kAchieved: return MessageId::kProgressStatusAchieved;
    case ProgressStatus::kSuspended: return MessageId::kProgressStatusSuspended;
    case ProgressStatus::kNotMeasurable: return MessageId::kProgressStatusNotMeasurable;
    case ProgressStatus::kConflict: return MessageId::kProgressStatusConflict;
    case ProgressStatus::kNoTarget: return MessageId::kProgressStatusNoTarget;
  }
  return MessageId::kProgressStatusConflict;
}

XlsxSheet ProgressSheet(const analytics::ProgressReport& r, Lang lang) {
  XlsxSheet s;
  s.name = Say(MessageId::kProgressTitle, lang);
  s.titles = {s.name + " — " + r.plan + " — " + Say(MessageId::kSummaryAsOf, lang) + " " +
              DateText(r.at, lang)};
  if (!r.title.empty()) s.titles.push_back(r.title);
  s.stt_header = Say(MessageId::kReportStt, lang);
  const std::vector<std::string> headers = {
      Say(MessageId::kProgressMeasure, lang), Say(MessageId::kXlsxUnitCode, lang),
      Say(MessageId::kReportUnit, lang),      Say(MessageId::kProgressLevel, lang),
      Say(MessageId::kProgressWindow, lang),  Say(MessageId::kXlsxUnitOfMeasure, lang),
      Say(MessageId::kProgressTarget, lang),  Say(MessageId::kProgressActual, lang),
      Say(MessageId::kProgressPercent, lang), Say(MessageId::kProgressElapsed, lang),
      Say(MessageId::kProgressStatus, lang),  Say(MessageId::kProgressNote, lang)};
  for (size_t c = 0; c < headers.size(); ++c) {
    s.header.push_back({.col = static_cast<int>(c), .text = headers[c]});
  }
  s.columns.assign(headers.size(), XlsxColumn{});
  s.columns[2].min_width = 20;
  s.label_columns = 3;
  for (const analytics::ProgressRow& p : r.rows) {
    std::string unit = p.org_unit_name;
    if (!p.agency_code.empty()) unit += " / " + p.agency_code;
    XlsxCell target = DecimalCell(p.target);
    if (p.values.size() > 1) {  // a conflict: every stated value, as the table shows them
      std::string text;
      for (const std::string& v : p.values) {
        text += (text.empty() ? "" : " | ") + (lang == Lang::kVi ? FormatDecimalTextVi(v) : v);
      }
      target = XlsxCell::Text(text);
    }
    s.rows.push_back(
        {XlsxRow::Kind::kItem,
         {XlsxCell::Text(p.measure_code), XlsxCell::Text(p.org_unit_code),
          XlsxCell::Text(unit, p.depth),
          XlsxCell::Text(Say(ImplementingLevelMessage(p.level), lang)), XlsxCell::Text(p.window),
          XlsxCell::Text(p.unit_label), target, p.actual ? ValueCell(*p.actual) : XlsxCell::Empty(),
          p.percent ? XlsxCell::Percent(*p.percent / 100) : XlsxCell::Empty(),
          XlsxCell::Percent(p.elapsed), XlsxCell::Text(Say(ProgressStatusMessage(p.status), lang)),
          XlsxCell::Text(p.note)}});
  }
  return s;
}

}  // namespace gemis::views
