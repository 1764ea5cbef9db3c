// Internals of the plan import (plan_import.h), shared by its .cc files:
// error collection by JSON pointer, a strict reader of JSON objects, the
// context every section reads against, and the readers of each section.
// Not part of the exchange layer's public headers.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/plan.h"
#include "core/plan_book.h"
#include "exchange/import_summary.h"
#include "exchange/json_document.h"
#include "exchange/plan_import.h"
#include "exchange/unit_table.h"

namespace gemis::exchange::plan_import {

using nlohmann::json;

// Collects the errors of one file as import conflicts: property = the JSON
// pointer, line = where the value starts, message = "file:line:column field
// '/pointer': what". At most kMaxErrors are kept (then one more says so).
class Diagnostics {
 public:
  static constexpr size_t kMaxErrors = 1000;

  Diagnostics(std::string file, const JsonDocument* document)
      : file_(std::move(file)), document_(document) {}

  void Error(std::string_view pointer, const std::string& message,
             const char* error_code = kPlanInvalid, std::string value = {});
  bool ok() const { return conflicts_.empty(); }
  std::vector<ImportConflict>& conflicts() { return conflicts_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const JsonDocument* document_;
  std::vector<ImportConflict> conflicts_;
  size_t dropped_ = 0;
};

// An org unit named by `orgUnit` (a code) or `unit` (a unit-table ref), with
// the date it was resolved at.
struct ResolvedUnit {
  OrgUnitId id = 0;
  Date at;
  std::string key;  // the member that named it: "orgUnit" or the ref key
};

// Reads the members of one JSON object. Construction reports a value that is
// not an object and every member not in `known` (unknown keys are errors);
// the getters report a member of the wrong type or form and then return the
// fallback, so reading goes on and every error of the file is found. A member
// that is absent or null counts as absent.
class Fields {
 public:
  Fields(Diagnostics& diag, const json& value, std::string pointer,
         std::initializer_list<std::string_view> known);

  bool valid() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string At(std::string_view key) const { return JsonPointerChild(pointer_, key); }
  Diagnostics& diag() { return diag_; }
  void Error(std::string_view key, const std::string& message,
             const char* error_code = kPlanInvalid);

  // The member, or nullptr when absent or null.
  const json* Get(std::string_view key) const;
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  // A string member in NFC; "" when absent.
  std::string Text(std::string_view key);
  // As Text; absent or "" is an error.
  std::string Required(std::string_view key);
  // A required code that passes CheckCode.
  std::string Code(std::string_view key);
  // "YYYY-MM-DD"; absent or "" is nullopt.
  std::optional<Date> DateValue(std::string_view key);
  // The text form of core/date_set.h; absent or "" is the empty set.
  DateSet Dates(std::string_view key, bool required = false);
  // A JSON integer in [min, max]; absent is nullopt (an error when required).
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max, bool required,
                                 std::string_view what);
  // An array member, or nullptr when absent (a non-array is an error).
  const json* Array(std::string_view key);
  // One of `values` by its name (`name(v)`); absent or "" gives `fallback`
  // (an error when `required`).
  template <typename E>
  E Enum(std::string_view key, E fallback, std::initializer_list<E> values, const char* (*name)(E),
         bool required = false) {
    std::string text = Text(key);
    if (text.empty()) {
      if (required) Error(key, "required");
      return fallback;
    }
    std::string expected;
    for (E v : values) {
      if (text == name(v)) return v;
      expected += (expected.empty() ? "" : ", ") + std::string(name(v));
    }
    Error(key, "unknown value '" + text + "' (expected one of: " + expected + ")", kPlanEnum);
    return fallback;
  }

 private:
  Diagnostics& diag_;
  const json* object_ = nullptr;
  std::string pointer_;
};

// Everything a file states, read and checked, ready to write.
struct PlanContents {
  Plan plan;
  std::vector<Target> targets;
  std::vector<BudgetLine> budget;
  std::vector<PlaceCount> place_counts;
  std::vector<PlanArea> areas;
  std::vector<ReportingDeadline> deadlines;
  std::vector<SourceNote> notes;
};

struct PlanFileContents {
  std::vector<Agency> agencies;
  std::vector<ProgramNode> nodes;
  std::vector<SpendingNorm> norms;
  std::vector<PlanContents> plans;
};

// What the sections are read against.
struct Context {
  Diagnostics& diag;
  std::string default_document;  // the file's `source`
  const Hierarchy& hierarchy;
  const UnitTable* units;  // nullptr: `unit` references are errors
  const Metadata& metadata;
  const PlanBook& stored;
  Date today;
  // Codes defined in the file (collected before the sections are read, so a
  // reference may name an object defined further down).
  std::unordered_set<std::string> agencies, norms, plans;
  // Programme nodes defined so far (parents must come first).
  std::unordered_set<std::string> nodes_so_far;
  // Every node code defined in the file.
  std::unordered_set<std::string> nodes;

  bool KnownAgency(const std::string& code) const;
  bool KnownNode(const std::string& code) const;
  bool KnownNorm(const std::string& code) const;
  bool KnownPlan(const std::string& code) const;
};

// A `source` object ({document, section, text}); `document` defaults to
// `default_document`. Absent: a source naming only the default document.
SourceRef ReadSource(Fields& fields, std::string_view key, const std::string& default_document);

// The org unit named by `orgUnit` (a code read on `at`) or `ref_key` (a
// unit-table ref); exactly one when `required`, at most one otherwise.
std::optional<ResolvedUnit> ReadOrgUnit(Context& ctx, Fields& fields, Date at, bool required,
                                        std::string_view ref_key = "unit");

// An agency code member: empty, or defined in the file or stored.
std::string ReadAgencyRef(Context& ctx, Fields& fields, std::string_view key,
                          bool required = false);
// A programme node code member: empty, or defined in the file or stored.
std::string ReadNodeRef(Context& ctx, Fields& fields, std::string_view key);

// Calls `fn(element, pointer)` for each element of the array doc[key]
// (absent: nothing; not an array: an error).
void ForEachElement(Fields& parent, std::string_view key,
                    const std::function<void(const json&, const std::string&)>& fn);

// The sections (plan_import_catalogue.cc, plan_import_plans.cc).
void ReadAgencies(Context& ctx, Fields& root, PlanFileContents& out);
void ReadProgramme(Context& ctx, Fields& root, PlanFileContents& out);
void ReadNorms(Context& ctx, Fields& root, PlanFileContents& out);
void ReadPlans(Context& ctx, Fields& root, PlanFileContents& out);

// What a plan's contents are read against (plan_import_targets.cc,
// plan_import_tables.cc, plan_import_contents.cc).
struct PlanScope {
  const Plan& plan;
  Date effective;        // Plan::EffectiveDate()
  std::string document;  // the plan's source document (table cells' sources)
};
void ReadTargets(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out);

// What targets and table cells share (plan_import_targets.cc).
// A measure as a target names it, with what bounds its values.
struct Measure {
  MeasureRef ref;
  bool percentage = false;     // an indicator or a PERCENTAGE data element
  std::optional<Decimal> max;  // the largest value allowed, when there is one
};
// The `measure` member: a data element, else an indicator (by code or uid).
std::optional<Measure> ReadMeasure(Context& ctx, Fields& f);
// The target value `text` at `pointer`, checked against the measure and unit:
// a decimal, not negative, whole unless a percent, at most the measure's max.
std::optional<Decimal> CheckValue(Diagnostics& diag, const std::string& pointer,
                                  const std::string& text, const Measure& m, TargetUnit unit);
// Reports a unit that is neither the plan's issuing unit nor inside it
// (invariant (5) of plan_import.h) at the member that named it.
void CheckInside(Context& ctx, const PlanScope& scope, Fields& f, const ResolvedUnit& unit);
// The members a target and a table's target column share: level, period,
// window, unit, unitLabel, direction, rule, status, statusNote, activity.
void ReadTargetAttributes(Context& ctx, Fields& f, const std::optional<Measure>& m, Target& t);
void ReadTables(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out);
void ReadBudget(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out);
void ReadPlaceCounts(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out);
void ReadAreas(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out);
void ReadDeadlines(Context& ctx, Fields& plan, PlanContents& out);
void ReadNotes(Context& ctx, Fields& plan, PlanContents& out);

// The place-count kinds and the plan-area kinds a file may use.
const std::vector<std::string>& PlaceCountKinds();
const std::vector<std::string>& PlanAreaKinds();

}  // namespace gemis::exchange::plan_import
