// The official document of one report (docs/reporting.md, "Documents"): the
// report of a unit for a type and period laid out per Decree 30/2020/NĐ-CP
// (documents/official_document.h) — the unit's Women's Union as the issuing
// body under the union of the level above, the number left blank for the
// clerk, the place and date, "BÁO CÁO" with the type and period, then
//   I.  the figures of the type's data set at the unit (its own and those of
//       the units below it, aggregated as the analytics engine gives them);
//   II. the reports sent to the unit: the completeness line and a table of
//       each unit's state, submission day and timeliness (when any are sent);
// the recipients (the union above, the archive) and the signature block.
// The same tables go to XLSX (documents/document_xlsx.h). Text from the
// message catalogue in `lang`. Pure: the caller loads the rows and figures.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/engine.h"
#include "core/hierarchy.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/plan.h"
#include "core/report_type.h"
#include "documents/official_document.h"
#include "reporting/allocation_table.h"
#include "reporting/submission_service.h"

namespace gemis::views {

// One figure of the report: a data element of the type's data set with
// its value at the unit over the period (nullopt: no data).
struct ReportFigure {
  std::string code;
  std::string name;
  std::optional<double> value;
};

struct ReportDocumentInput {
  const ReportType* type = nullptr;
  Period period = *Period::Parse("2000");
  OrgUnitId unit = 0;
  // Every report of the type and period (reporting::LoadReportRows).
  const std::vector<reporting::ReportRow>* rows = nullptr;
  const Hierarchy* hierarchy = nullptr;
  std::vector<ReportFigure> figures;
  Date date;           // the document's date
  std::string signer;  // "" = left blank
  int64_t now_ms = 0;  // for the completeness line
  Lang lang = Lang::kVi;
};

// kInvalidInput ("unit") when the unit has no report of the type and period.
Result<documents::OfficialDocument> BuildReportDocument(const ReportDocumentInput& input);

// The figures of `type`'s data set at `unit` over `period` (the unit and
// the units below it, on the hierarchy of `as_of`), in the data set's order.
Result<std::vector<ReportFigure>> LoadReportFigures(const analytics::Engine& engine,
                                                    const Metadata& metadata,
                                                    const ReportType& type, const Period& period,
                                                    OrgUnitId unit, Date as_of);

// A plan's appendix table (reporting/allocation_table.h) as a landscape
// document: the issuing body of the plan (the People's Committee of its
// issuing unit when the plan's number says KH-UBND, else the unit),
// "PHỤ LỤC" with the table's name and the plan's title, the note "(Kèm
// theo Kế hoạch số … ngày …)", then the table: STT, unit, one numbered
// column per measure, the totals, windows and level rows in bold, and
// under it each column's measure and implementing level. No recipients or
// signature (it is signed with the plan).
Result<documents::OfficialDocument> BuildAllocationAppendix(const reporting::AllocationTable& table,
                                                            const Plan& plan,
                                                            const Hierarchy& hierarchy, Lang lang);

// "năm 2024", "6 tháng đầu năm 2026", "quý III năm 2025", "tháng 3 năm 2026"
// (the period's own id for other period types).
std::string PeriodPhrase(const Period& period, Lang lang);

// The catalogue's words for a state and a timeliness (the CLI's lists and
// the documents say the same).
MessageId SubmissionStateMessage(SubmissionState state);
MessageId TimelinessMessage(Timeliness timeliness);

}  // namespace gemis::views
