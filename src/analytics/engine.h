// The analytics engine: aggregates data values over org units (with all their
// descendants, on the hierarchy of a chosen date), periods of any type and
// disaggregations, from live data kept in memory. docs/analytics.md.
//
// Invariants:
//  (1) every aggregate equals the same aggregation computed straight from the
//      store at the same snapshot (the model tests compare with SQL GROUP BY
//      in SQLite over random hierarchies, histories, periods and values);
//  (2) a query reads one immutable Snapshot: never half of an import. Writers
//      build the next snapshot and publish it atomically (copy-on-write of
//      the parts they change); readers never block writers or each other;
//  (3) a committed write is visible to the next query after CatchUp(): the
//      engine follows the store's append-only data value audit log (every
//      committed change, in commit order), so it also sees writes made by
//      other processes;
//  (4) a value is counted under a query org unit when the unit it was
//      reported for, placed on the hierarchy of the query's as-of date
//      (Hierarchy::PlaceAt: merged units roll into their successor, split
//      units pro-rate by share or go to the designated successor), is the
//      query unit or below it — so a value is never counted twice;
//  (5) a value is counted under a query period when its period's day range
//      lies inside the query period's (a year holds its quarters, months,
//      weeks and days); values of longer periods are not split;
//  (6) a reporting-rate item ("KT-BC-NAM.REPORTING_RATE") counts, under a
//      query unit, the reports expected of it and of the units below it on
//      each report's reference day, and under a query period the report
//      type's periods inside it (analytics/reporting_rates.h); it equals
//      the reporting screens' count (core/completeness.h) at the snapshot's
//      submissions, which CatchUp follows through the store's reporting
//      generation.
// Thread-safe: Query may run concurrently with CatchUp.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/date_set.h"
#include "core/hierarchy.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/period.h"
#include "core/status.h"
#include "store/store.h"

namespace gemis::analytics {

// A dimension item of the org-unit axis: one unit, or every unit at a level
// below a unit ("LEVEL-3" under Cao Bằng: its districts), as of the query date.
struct OrgUnitSelector {
  OrgUnitId unit = 0;
  std::optional<OrgUnitLevel> level;  // set: the units of this tier under `unit`
};

struct QueryRequest {
  // Data elements or indicators by uid or code (indicators: numerator /
  // denominator × factor, core/expression.h), or a report type's
  // reporting-rate items "<type code>.<METRIC>" (METRIC: REPORTING_RATE,
  // REPORTING_RATE_ON_TIME, ACTUAL_REPORTS, ACTUAL_REPORTS_ON_TIME,
  // EXPECTED_REPORTS; docs/analytics.md, "Reporting rates"), whose dx id in
  // the result is that text.
  std::vector<std::string> dx;
  std::vector<OrgUnitSelector> ou;
  std::vector<Period> pe;
  // Category codes whose options stay as columns ("SEX"); the others are
  // summed over. Only categories of the elements' disaggregation combos.
  std::vector<std::string> keep;
  // The hierarchy date: org-unit selectors are read, and every value is
  // placed (invariant 4), on the hierarchy of this day. The CLI defaults it
  // to today in Vietnam time.
  Date as_of;
  // The language of the headers' `column` and of metaData names.
  Lang lang = Lang::kVi;
};

struct QueryHeader {
  std::string name;    // "dx", "ou", "pe", a kept category code, "value"
  std::string column;  // human name in the request's language
  std::string value_type;  // "TEXT" or "NUMBER" (DHIS2's)
};

// The result in the shape of DHIS2's /api/analytics response: headers, rows
// of strings (numbers printed shortest, at most 10 significant digits),
// metaData.items (uid → name) and metaData.dimensions (dimension → uids in
// the order requested).
//
// Rows are held typed, not as strings: row r is `key_width` indexes — column
// k (dx, ou, pe, then each kept category) indexes `dimensions[k].second` —
// and a value. Row(r) prints it as DHIS2 does; a caller that only needs the
// numbers (the HTTP layer streaming JSON, the benchmark) never builds the
// strings.
struct QueryResult {
  std::vector<QueryHeader> headers;
  std::vector<std::pair<std::string, std::string>> items;  // uid, name
  std::vector<std::pair<std::string, std::vector<std::string>>> dimensions;
  size_t key_width = 3;
  std::vector<uint32_t> keys;  // size() * key_width
  std::vector<double> values;

  size_t size() const { return values.size(); }
  uint32_t key(size_t row, size_t k) const { return keys[row * key_width + k]; }
  double value(size_t row) const { return values[row]; }
  // The row as DHIS2's strings: dx uid, ou uid, period id, kept option uids,
  // the value printed shortest with at most 10 significant digits.
  std::vector<std::string> Row(size_t row) const;
  std::vector<std::vector<std::string>> Rows() const;
};

// A value as the rows print it (shortest, at most 10 significant digits, no
// exponent below 10^15).
std::string FormatValue(double v);

// One aggregate — one data element or indicator, one unit with its
// descendants, any set of days, optionally one category option — as progress
// against targets needs it (analytics/progress.h). Same meaning as a Query
// cell, with two generalisations: the days need not be one DHIS2 period, and
// the values may be filtered to one option.
struct AggregateRequest {
  std::string dx;  // a data element or indicator, by uid or code
  OrgUnitId unit = 0;
  // A value counts when its period's day range lies inside ONE of the set's
  // ranges (invariant 5, per range): for "2023,2025" the values of 2023 and
  // of 2025, never a value of the phase 2023-2025 that spans 2024. Every
  // aggregation type is applied once over all the values so selected (SUM
  // and COUNT: the sum of the per-range aggregates; LAST: the latest period
  // of the whole set). Not empty.
  DateSet days;
  // When `category` is set: only values whose option combo (or attribute
  // option combo) holds the option with code `option` of that category. It
  // must be a category of the element's combo (or of an attribute combo) —
  // of every element an indicator refers to — else kNotFound.
  std::string category;
  std::string option;
  Date as_of;  // the hierarchy date (as QueryRequest::as_of)
  // When set: only values of periods that started before this day (progress
  // at a date counts what was done by then, not figures of later periods).
  std::optional<Date> started_before;
};

class Snapshot;

class Engine {
 public:
  // Builds the engine from the store's current contents (hierarchy, metadata,
  // periods, every non-deleted data value) in one read transaction.
  static Result<std::unique_ptr<Engine>> Build(store::Store& store);
  ~Engine();

  // Applies every change committed since the last Build/CatchUp, then
  // publishes the new snapshot. Call after each committed write (cheap when
  // nothing changed). Also reloads hierarchy and metadata when they changed,
  // and the submissions when the store's reporting generation moved.
  Status CatchUp(store::Store& store);

  // kNotFound for an unknown dx/ou id (also the type code of a reporting
  // item), an unknown category, or a category that is not a disaggregation
  // of a requested element; kInvalidInput for a bad selector (a unit that
  // does not exist on the as-of date, a tier above the unit), an element
  // that cannot be aggregated (NONE, text, dates), keep with an indicator or
  // a reporting item, a reporting item with an unknown metric or of an
  // end-of-activity type, an indicator whose expression does not parse or
  // whose references form a cycle, or an empty dx/ou/pe. Empty result rows
  // are left out. Rows come in request order: dx, then ou, then pe, then the
  // kept categories' options.
  Result<QueryResult> Query(const QueryRequest& request) const;

  // The aggregate of AggregateRequest: nullopt when no value contributes
  // (for an indicator: when its value is missing; for a reporting item:
  // when no report is expected). Errors as Query's, plus kInvalidInput for
  // empty days or an option filter with a reporting item, and kNotFound for
  // an unknown option.
  Result<std::optional<double>> Aggregate(const AggregateRequest& request) const;
  static Result<std::optional<double>> AggregateSnapshot(const Snapshot& snapshot,
                                                         const AggregateRequest& request);

  // Queries a snapshot pinned earlier with Pin(): what a long-running query
  // sees while CatchUp publishes newer snapshots (invariant 2).
  std::shared_ptr<const Snapshot> Pin() const { return current(); }
  static Result<QueryResult> QuerySnapshot(const Snapshot& snapshot, const QueryRequest& request);

  // The unit with this uid, or carrying this code on `as_of` (kNotFound
  // naming the days the code was in use when it was not on `as_of`).
  Result<OrgUnitId> ResolveOrgUnit(std::string_view uid_or_code, Date as_of) const;

  // The id of the last audit entry applied (for tests and logs).
  int64_t last_change_id() const;

  // Number of values held and bytes of engine memory for them (docs).
  int64_t value_count() const;
  int64_t memory_bytes() const;

 private:
  Engine();
  std::shared_ptr<const Snapshot> current() const;
  void Publish(std::shared_ptr<const Snapshot> next);
  mutable std::mutex publish_;  // guards snapshot_ (the pointer only)
  std::shared_ptr<const Snapshot> snapshot_;
  std::mutex catch_up_;  // one CatchUp at a time
};

}  // namespace gemis::analytics
