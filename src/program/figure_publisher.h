// Publishing figures from records as data values (docs/program.md, "Figures
// from records"): the figures of the models (records/figures.h) are written
// into the data values that progress and appendix tables read, and the keys
// they occupy are claimed (store: record_figure), so a figure stays traceable
// to its models and is never counted twice.
//
// The one-source rule, per data value key (element, period, unit, option
// combo, attribute option combo):
//  (1) A key holds either a figure from records or a value entered by hand,
//      never both: the records' figure is written only to a key that has no
//      live value or holds the records' own (claimed) value.
//  (2) A key with a value entered by hand is left alone and reported as a
//      conflict naming both values: an office that starts keeping records
//      for a commune deletes the aggregate first (or keeps it and the
//      records' figure is not published there).
//  (3) Entering a value by hand over a claimed key is refused by the writers
//      (CheckNotClaimed): the records are what to correct.
//  (4) When records no longer produce a claimed key (a model was dissolved,
//      moved or deleted), its value is deleted and the claim released.
// Publishing is deterministic: the same records give the same values, and a
// second run changes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/hierarchy.h"
#include "core/metadata.h"
#include "records/activity.h"
#include "records/cadre.h"
#include "records/figures.h"
#include "records/safe_birth.h"
#include "store/store.h"

namespace gemis::program {

// The stored_by of values published from records.
inline constexpr std::string_view kRecordsAuthor = "gemis:records";

struct PublishConflict {
  DataValueKey key;
  std::string data_element;  // code
  std::string period;        // id, "2024"
  OrgUnitId org_unit = 0;
  std::string entered;   // the value entered by hand
  std::string computed;  // what the records give
};

struct PublishReport {
  int64_t written = 0;    // new or changed values
  int64_t unchanged = 0;  // already published with the same value
  int64_t removed = 0;    // claims released (their values deleted)
  std::vector<PublishConflict> conflicts;
  std::vector<records::FigureProblem> problems;  // models that could not be counted
  // Confidential cases in no figure: fewer than 5 even at the top of the
  // hierarchy (records/register_figures.h, rule 3).
  int64_t suppressed = 0;
  // Rules that cannot be published (element unknown, disaggregation not the
  // element's category combo), one line each.
  std::vector<std::string> rule_problems;
};

// Recomputes every figure of every rule over all models, activities, women
// cadres and safe births, for the periods from the first record's date to the period containing
// `today`, and brings the claimed data values in line (rules 1–4 above). `hierarchy` and `metadata`
// are the store's current ones. Runs inside the caller's write transaction; store errors are
// returned (the caller's transaction fails).
Result<PublishReport> PublishFigures(store::WriteTransaction& txn, const Hierarchy& hierarchy,
                                     const Metadata& metadata, Date today);

// The drill-down of a figure: the claims of `key`'s element in `period` for
// its option combos at its unit or below it on the period's last day, their
// total, and the records behind them. `key.period` is not read: a period
// never stored has no claims (a read transaction is enough).
struct FigureExplanation {
  int64_t total = 0;
  std::vector<store::FigureClaim> claims;
  std::vector<records::Model> models;         // behind claims of model rules
  std::vector<records::Activity> activities;  // behind claims of activity rules
  std::vector<records::Cadre> cadres;         // behind claims of women-cadre rules
  std::vector<records::SafeBirth> births;     // behind claims of safe-birth rules
  // How many confidential cases are behind claims of case rules; which ones
  // is never told (their claims' `models` are emptied).
  int64_t cases = 0;
};
Result<FigureExplanation> ExplainFigure(store::ReadTransaction& txn, const Hierarchy& hierarchy,
                                        const DataValueKey& key, const Period& period);

// kConflict when `key` holds a figure published from records (rule 3),
// naming the element's code so the message says what to correct.
Status CheckNotClaimed(store::ReadTransaction& txn, const Metadata& metadata,
                       const DataValueKey& key);

}  // namespace gemis::program
