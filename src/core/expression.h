// Indicator expressions in DHIS2's syntax (docs/formats/expressions.md):
//
//   #{de}  #{de.coc}  #{de.coc.aoc}  #{de.*.aoc}   a data element's value,
//          in total or for one category option combo / attribute option combo
//   N{ind}                                          another indicator's value
//   R{type.METRIC}                                  a report type's reporting
//          rate or count (DHIS2's R{dataSet.REPORTING_RATE}; METRIC one of
//          ReportingMetric's names, core/completeness.h)
//   12  3.5  .5  1e3                                numbers
//   + - * /  unary -  ( )                           arithmetic
//   == != < <= > >=  && ||  !                       comparisons and logic (1 / 0)
//   if(cond, then, else)  isNull(x)  isNotNull(x)  greatest(a, …)  least(a, …)
//
// Precedence, loosest first: || , && , == != , < <= > >= , + - , * / ,
// unary - ! ; binary operators are left-associative (a - b - c = (a - b) - c).
// Function names are case-sensitive. Identifiers inside #{…}, N{…} and R{…}
// are uids or codes (letters, digits, '_', '-'). Whitespace (and the no-break spaces
// U+00A0, U+2007, U+202F) may stand between any two tokens. Parsed once into a
// tree; evaluated many times.
//
// Missing data follows DHIS2's default (SKIP_IF_ALL_VALUES_MISSING): a
// reference with no data is missing; + - * (and the numerator of /) treat a
// missing operand as 0 unless every reference of the whole expression is
// missing, then the result is missing; unary - keeps missing; / by zero or by
// a missing value is missing (never an error); comparisons with a missing
// operand are false; a condition (of if, &&, ||, !) that is missing is false;
// if gives the chosen branch as it is (possibly missing); isNull tests for
// missing; greatest/least ignore missing arguments (missing when all are). A
// result that is not finite (overflow) is missing. An expression without
// references is never "all missing".
// Pure and thread-safe after parsing.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gemis {

struct ExpressionRef {
  enum class Kind { kDataElement, kIndicator, kReportingRate } kind = Kind::kDataElement;
  // A data element or indicator uid/code; kReportingRate: a report type's code.
  std::string id;
  std::string category_option_combo;  // "" = every combo summed; never "*"
  std::string attribute_option_combo;  // "" = every attribute combo summed
  std::string metric;  // kReportingRate only: a ReportingMetricName ("REPORTING_RATE")
  bool operator==(const ExpressionRef&) const = default;
};

class Expression {
 public:
  // Errors are kInvalidInput with Location.column = the 1-based character
  // (code point) position of the problem and a message naming what was
  // expected or found ("expected ')' at column 14, found ','"). Rejects more
  // than 100 nested parentheses / function calls / unary operators and trees
  // more than 1000 operations deep, so no input can overflow the stack.
  static Result<Expression> Parse(std::string_view text);

  Expression(const Expression&);
  Expression(Expression&&) noexcept;
  Expression& operator=(const Expression&);
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  // The distinct references, in order of first appearance.
  const std::vector<ExpressionRef>& references() const { return refs_; }

  // True when the whole expression is one reference ("#{de}", "N{ind}",
  // "R{type.REPORTING_RATE}"): its
  // value is that reference's, so a caller may skip Evaluate.
  bool IsReference() const;

  // Evaluates with `value(i)` giving references()[i]'s value (nullopt =
  // missing); calls it once for every i, in order, before evaluating.
  // nullopt = no value (see the missing-data rules above).
  std::optional<double> Evaluate(
      const std::function<std::optional<double>(size_t)>& value) const;

  // The canonical text: single spaces around binary operators, ", " between
  // arguments, only the parentheses the tree needs, shortest round-trip
  // numbers, #{de.*.aoc} for a wildcard combo; Parse(ToString()) gives an
  // equal tree (and the same ToString()). "" for a moved-from expression.
  std::string ToString() const;

  struct Node;  // the tree (expression.cc)

 private:
  Expression() = default;
  std::unique_ptr<Node> root_;
  std::vector<ExpressionRef> refs_;
};

}  // namespace gemis
