// The reports as Excel sheets: maps the reporting and analytics results onto
// the sheet model of exchange/xlsx_writer.h (which knows nothing of them).
// Used by the CLI's `--format xlsx` and by the API's Excel downloads.
// Layouts: docs/formats/xlsx-export.md. Text in the language of `lang`;
// numbers are numbers (xlsx_writer.h, invariant 1).
#pragma once

#include "analytics/engine.h"
#include "analytics/progress.h"
#include "core/date.h"
#include "core/messages.h"
#include "exchange/xlsx_writer.h"
#include "reporting/allocation_table.h"

namespace gemis::views {

// A plan's appendix table laid out as the plan has it: title lines (the
// table's name, the report title with the plan, the plan's title), the units
// line, a two-row header when columns are split by implementing level (the
// measure merged over its levels; STT, unit and unsplit columns spanning both
// rows), STT, the totals, windows and per-level rows, one row per unit or
// agency. Sheet name: the table's name ("Phụ lục I"), else "Chỉ tiêu trong
// văn bản".
exchange::XlsxSheet AllocationSheet(const reporting::AllocationTable& table, Lang lang);

// A query result: one column per dimension — the names and the ids (uids,
// period ids: the cells of the CSV) side by side under a merged heading when
// the names differ from the ids, the ids alone otherwise — then the value as
// a number.
exchange::XlsxSheet QuerySheet(const analytics::QueryResult& result, Date as_of, Lang lang);

// Progress like the `table` view: STT, measure, unit code (text), unit name
// indented by depth, level, window, unit of measure, target, actual,
// % achieved and % of the window elapsed (percent cells), status, note.
exchange::XlsxSheet ProgressSheet(const analytics::ProgressReport& report, Lang lang);

// The name of a progress status in the message catalogue (the table view
// and the workbook show the same words).
MessageId ProgressStatusMessage(analytics::ProgressStatus status);

}  // namespace gemis::views
