// Registers from spreadsheets: models, activities, women cadres and safe
// births, one per row, and training attendance, one attendee per row, from
// an .xlsx sheet or a CSV table through a column mapping
// (exchange/sheet_records.h; docs/formats/sheet-mapping.md, "Registers").
//
// Each row becomes the JSON object of its register file and is read by that
// file's reader (ModelFromJson, ActivityFromJson, CadreFromJson,
// SafeBirthFromJson), then saved by the register's service (SaveModels, …)
// in one write transaction with the figures republished — so a sheet obeys
// exactly the rules of a file and of the API.
//
// Invariants kept here:
//  (1) all or nothing: any conflict (a cell the reader refuses, a code on
//      two rows, a record the service refuses) writes nothing, and every
//      row's first problem is reported with its cell ("Mô hình!F7") and the
//      sheet row; a dry run checks everything and writes nothing;
//  (2) a row whose code is stored updates that record: the fields the
//      mapping gives replace the stored ones, the others are kept. Lists
//      merge: a model's facts by (date, field), consolidation days and
//      attendees by value, payments by (package, day); an activity's
//      participant counts, when the row has any, replace the stored ones;
//  (3) attendance adds attendees to stored trainings and never removes one;
//  (4) names of ethnic groups, sexes and age bands ("Tày", "Nữ") are read as
//      their option codes (ETHNIC_02, FEMALE), by the stored options'
//      Vietnamese and English names, ignoring case and diacritics;
//  (5) a birth row that maps neither motherName nor motherBirthDate keeps a
//      stored birth's identifying fields without reading them;
//  (6) the records' findings (records::ModelFindings, ActivityFindings,
//      SafeBirthFindings) come back with the summary, dry runs included, as
//      a file's import prints them.
#pragma once

#include <string>
#include <vector>

#include "exchange/import_summary.h"
#include "exchange/sheet_mapping.h"
#include "program/figure_publisher.h"
#include "program/model_service.h"
#include "store/store.h"

namespace gemis::program {

struct RegisterSheetOptions {
  bool dry_run = false;
  Actor actor;
};

// A finding about a record of the sheet: a spending norm passed, a
// domestic-violence event with few men, a payment to a birth not eligible.
struct SheetFinding {
  std::string cell;  // the record's first row's first cell ("Sổ!A7")
  std::string record;
  std::string code;     // "EQUIPMENT_OVER_NORM", "DV_MEN_UNDER_30", …
  std::string message;  // English, as the records layer words it
};

struct RegisterSheetResult {
  // count.imported: records created; updated; ignored: rows equal to the
  // stored record. status kError (with conflicts) when nothing was written.
  exchange::ImportSummary summary;
  PublishReport figures;               // what the written records changed (empty otherwise)
  std::vector<SheetFinding> findings;  // of the records read, when nothing was refused
};

// Imports the rows of `mapping` (readied for `kind`: kModels, kActivities,
// kCadres, kBirths or kAttendance). Usage errors for a mapping without the
// fields the kind needs; store errors as they come.
Result<RegisterSheetResult> ImportRegisterSheet(store::Store& store, const ModelContext& ctx,
                                                const exchange::ResolvedSheetMapping& mapping,
                                                exchange::SheetImportKind kind,
                                                const RegisterSheetOptions& options);

}  // namespace gemis::program
