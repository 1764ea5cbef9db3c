#include "core/expression.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/completeness.h"

namespace gemis {

// One node of the tree. Operands and arguments are owned by `args`; binary
// operators have two, unary one, functions one or more.
struct Expression::Node {
  enum class Op : uint8_t {
    kNumber,
    kRef,
    kNeg,
    kNot,
    kMul,
    kDiv,
    kAdd,
    kSub,
    kLt,
    kLe,
    kGt,
    kGe,
    kEq,
    kNe,
    kAnd,
    kOr,
    kIf,
    kIsNull,
    kIsNotNull,
    kGreatest,
    kLeast,
  };
  Op op = Op::kNumber;
  double number = 0;  // kNumber: finite, never negative (unary minus is a node)
  size_t ref = 0;     // kRef: index into references()
  int depth = 0;      // operations deep: 0 for a leaf, else 1 + the deepest child's
  std::vector<std::unique_ptr<Node>> args;
};

namespace {

using Node = Expression::Node;
using Op = Node::Op;
using NodePtr = std::unique_ptr<Node>;

// Parentheses, function calls and unary operators nested deeper than this are
// rejected: the parser recurses once per level.
constexpr int kMaxNesting = 100;
// A tree more operations deep than this (e.g. a sum of more than 1001 terms,
// which chains left) is rejected: evaluating, printing, copying and destroying
// recurse once per level.
constexpr int kMaxDepth = 1000;

// ---------------------------------------------------------------------------
// Operators and functions.

struct FunctionInfo {
  std::string_view name;
  Op op;
  size_t min_args;
  size_t max_args;
};

constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();
constexpr std::array<FunctionInfo, 5> kFunctions = {{
    {"if", Op::kIf, 3, 3},
    {"isNull", Op::kIsNull, 1, 1},
    {"isNotNull", Op::kIsNotNull, 1, 1},
    {"greatest", Op::kGreatest, 1, kUnbounded},
    {"least", Op::kLeast, 1, kUnbounded},
}};

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Binding strength: higher binds tighter. Leaves and function calls are 8.
int Precedence(Op op) {
  switch (op) {
    case Op::kOr: return 1;
    case Op::kAnd: return 2;
    case Op::kEq:
    case Op::kNe: return 3;
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: return 4;
    case Op::kAdd:
    case Op::kSub: return 5;
    case Op::kMul:
    case Op::kDiv: return 6;
    case Op::kNeg:
    case Op::kNot: return 7;
    default: return 8;
  }
}

std::string_view Symbol(Op op) {
  switch (op) {
    case Op::kNeg: return "-";
    case Op::kNot: return "!";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kEq: return "==";
    case Op::kNe: return "!=";
    case Op::kAnd: return "&&";
    case Op::kOr: return "||";
    case Op::kIf: return "if";
    case Op::kIsNull: return "isNull";
    case Op::kIsNotNull: return "isNotNull";
    case Op::kGreatest: return "greatest";
    case Op::kLeast: return "least";
    default: return "";
  }
}

// ---------------------------------------------------------------------------
// UTF-8.

// Decodes the code point at `text[pos]` (pos < size). Returns its length in
// bytes, or 0 when the bytes there are not valid UTF-8.
size_t DecodeUtf8(std::string_view text, size_t pos, char32_t* cp) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char b0 = byte(pos);
  size_t len;
  char32_t min;
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (pos + len > text.size()) return 0;
  for (size_t i = 1; i < len; ++i) {
    unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

// ---------------------------------------------------------------------------
// The parser: one recursive function per precedence level over a lexer that
// reads the text in place. Every error is an Invalid status at the column of
// the offending character.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsIdChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_' || c == '-'; }
bool IsNameStart(char c) { return IsLetter(c) || c == '_'; }
bool IsNameChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_'; }

class Parser {
 public:
  Parser(std::string_view text, std::vector<ExpressionRef>* refs) : text_(text), refs_(refs) {}

  Result<NodePtr> Run() {
    SkipSpace();
    if (AtEnd()) return Error(0, "empty expression");
    GEMIS_ASSIGN_OR_RETURN(NodePtr root, ParseOr());
    SkipSpace();
    if (!AtEnd()) {
      if (Peek() == ')') return Error(pos_, "unmatched ')'");
      return Expected("an operator or the end of the expression");
    }
    return root;
  }

 private:
  // --- Lexing ---------------------------------------------------------------

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  // Length of the whitespace at `pos` (0 when none): ASCII spaces, tabs and
  // line breaks, and the no-break spaces U+00A0, U+2007 and U+202F that word
  // processors put into pasted formulas.
  size_t SpaceAt(size_t pos) const {
    if (pos >= text_.size()) return 0;
    char c = text_[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (static_cast<unsigned char>(c) < 0x80) return 0;
    char32_t cp;
    size_t len = DecodeUtf8(text_, pos, &cp);
    if (len != 0 && (cp == 0x00A0 || cp == 0x2007 || cp == 0x202F)) return len;
    return 0;
  }

  void SkipSpace() {
    while (size_t n = SpaceAt(pos_)) pos_ += n;
  }

  // The 1-based code point column of byte offset `pos`. Everything before an
  // error position has been read by the lexer, so it is valid UTF-8.
  int ColumnAt(size_t pos) const {
    int column = 1;
    for (size_t i = 0; i < pos && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  // "'x'", "end of the expression", "control character U+0007", ...
  std::string Describe(size_t pos) const {
    if (pos >= text_.size()) return "the end of the expression";
    char32_t cp;
    size_t len = DecodeUtf8(text_, pos, &cp);
    if (len == 0) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      unsigned char b = static_cast<unsigned char>(text_[pos]);
      return std::string("invalid UTF-8 (byte 0x") + kHex[b >> 4] + kHex[b & 0xF] + ")";
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      char buffer[16];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<uint32_t>(cp), 16);
      std::string hex(buffer, end);
      for (char& c : hex) c = static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
      return "control character U+" + std::string(4 - std::min<size_t>(4, hex.size()), '0') + hex;
    }
    return "'" + std::string(text_.substr(pos, len)) + "'";
  }

  // "<what> at column N<after>".
  Status Error(size_t pos, const std::string& what, const std::string& after = "") const {
    int column = ColumnAt(pos);
    return Status::Invalid(what + " at column " + std::to_string(column) + after,
                           Location{.column = column});
  }

  // The error for a character (or the end) where `expected` should be.
  // `after_operand` adds hints for C-like operators that DHIS2 spells
  // differently.
  Status Expected(const std::string& expected, bool after_operand = true) const {
    if (AtEnd()) return Error(pos_, "unexpected end of expression", ", expected " + expected);
    if (after_operand) {
      char c = Peek();
      if (c == '=' && Peek(1) != '=') return Error(pos_, "unexpected '='", " (equality is '==')");
      if (c == '&' && Peek(1) != '&')
        return Error(pos_, "unexpected '&'", " (logical and is '&&')");
      if (c == '|' && Peek(1) != '|') return Error(pos_, "unexpected '|'", " (logical or is '||')");
    }
    return Error(pos_, "expected " + expected, ", found " + Describe(pos_));
  }

  // --- Tree building ----------------------------------------------------------

  // Makes an operator or function node over `args`, or an error at `pos` when
  // the tree would grow deeper than kMaxDepth.
  Result<NodePtr> Make(Op op, std::vector<NodePtr> args, size_t pos) const {
    auto node = std::make_unique<Node>();
    node->op = op;
    int deepest = 0;
    for (const NodePtr& arg : args) deepest = std::max(deepest, arg->depth);
    node->depth = deepest + 1;
    node->args = std::move(args);
    if (node->depth > kMaxDepth) {
      return Error(pos, "expression too deep",
                   " (at most " + std::to_string(kMaxDepth) + " chained operations)");
    }
    return node;
  }

  Result<NodePtr> MakeBinary(Op op, NodePtr left, NodePtr right, size_t pos) const {
    std::vector<NodePtr> args;
    args.reserve(2);
    args.push_back(std::move(left));
    args.push_back(std::move(right));
    return Make(op, std::move(args), pos);
  }

  // Enters one level of parentheses, function call or unary operator.
  Status Enter(size_t pos) {
    if (++nesting_ > kMaxNesting) {
      return Error(pos, "expression nested too deeply",
                   " (at most " + std::to_string(kMaxNesting) +
                       " levels of parentheses, functions and unary operators)");
    }
    return Status::Ok();
  }
  void Leave() { --nesting_; }

  // --- Grammar ------------------------------------------------------------------
  //   or       := and ('||' and)*
  //   and      := equality ('&&' equality)*
  //   equality := relation (('==' | '!=') relation)*
  //   relation := sum (('<' | '<=' | '>' | '>=') sum)*
  //   sum      := product (('+' | '-') product)*
  //   product  := unary (('*' | '/') unary)*
  //   unary    := ('-' | '!') unary | primary
  //   primary  := number | '#{' ref '}' | 'N{' id '}' | name '(' args ')' | '(' or ')'

  Result<NodePtr> ParseOr() {
    GEMIS_ASSIGN_OR_RETURN(NodePtr left, ParseAnd());
    for (;;) {
      SkipSpace();
      if (!(Peek() == '|' && Peek(1) == '|')) return left;
      size_t at = pos_;
      pos_ += 2;
      GEMIS_ASSIGN_OR_RETURN(NodePtr right, ParseAnd());
      GEMIS_ASSIGN_OR_RETURN(left, MakeBinary(Op::kOr, std::move(left), std::move(right), at));
    }
  }

  Result<NodePtr> ParseAnd() {
    GEMIS_ASSIGN_OR_RETURN(NodePtr left, ParseEquality());
    for (;;) {
      SkipSpace();
      if (!(Peek() == '&' && Peek(1) == '&')) return left;
      size_t at = pos_;
      pos_ += 2;
      GEMIS_ASSIGN_OR_RETURN(NodePtr right, ParseEquality());
      GEMIS_ASSIGN_OR_RETURN(left, MakeBinary(Op::kAnd, std::move(left), std::move(right), at));
    }
  }

  Result<NodePtr> ParseEquality() {
    GEMIS_ASSIGN_OR_RETURN(NodePtr left, ParseRelation());
    for (;;) {
      SkipSpace();
      Op op;
      if (Peek() == '=' && Peek(1) == '=') {
        op = Op::kEq;
      } else if (Peek() == '!' && Peek(1) == '=') {
        op = Op::kNe;
      } else {
        return left;
      }
      size_t at = pos_;
      pos_ += 2;
      GEMIS_ASSIGN_OR_RETURN(NodePtr right, ParseRelation());
      GEMIS_ASSIGN_OR_RETURN(left, MakeBinary(op, std::move(left), std::move(right), at));
    }
  }

  Result<NodePtr> ParseRelation() {
    GEMIS_ASSIGN_OR_RETURN(NodePtr left, ParseSum());
    for (;;) {
      SkipSpace();
      char c = Peek();
      if (c != '<' && c != '>') return left;
      size_t at = pos_;
      bool or_equal = Peek(1) == '=';
      Op op = c == '<' ? (or_equal ? Op::kLe : Op::kLt) : (or_equal ? Op::kGe : Op::kGt);
      pos_ += or_equal ? 2 : 1;
      GEMIS_ASSIGN_OR_RETURN(NodePtr right, ParseSum());
      GEMIS_ASSIGN_OR_RETURN(left, MakeBinary(op, std::move(left), std::move(right), at));
    }
  }

  Result<NodePtr> ParseSum() {
    GEMIS_ASSIGN_OR_RETURN(NodePtr left, ParseProduct());
    for (;;) {
      SkipSpace();
      char c = Peek();
      if (c != '+' && c != '-') return left;
      size_t at = pos_;
      ++pos_;
      GEMIS_ASSIGN_OR_RETURN(NodePtr right, ParseProduct());
      GEMIS_ASSIGN_OR_RETURN(
          left, MakeBinary(c == '+' ? Op::kAdd : Op::kSub, std::move(left), std::move(right), at));
    }
  }

  Result<NodePtr> ParseProduct() {
    GEMIS_ASSIGN_OR_RETURN(NodePtr left, ParseUnary());
    for (;;) {
      SkipSpace();
      char c = Peek();
      if (c != '*' && c != '/') return left;
      size_t at = pos_;
      ++pos_;
      GEMIS_ASSIGN_OR_RETURN(NodePtr right, ParseUnary());
      GEMIS_ASSIGN_OR_RETURN(
          left, MakeBinary(c == '*' ? Op::kMul : Op::kDiv, std::move(left), std::move(right), at));
    }
  }

  Result<NodePtr> ParseUnary() {
    SkipSpace();
    char c = Peek();
    if (c == '-' || (c == '!' && Peek(1) != '=')) {
      size_t at = pos_;
      GEMIS_RETURN_IF_ERROR(Enter(at));
      ++pos_;
      GEMIS_ASSIGN_OR_RETURN(NodePtr operand, ParseUnary());
      Leave();
      std::vector<NodePtr> args;
      args.push_back(std::move(operand));
      return Make(c == '-' ? Op::kNeg : Op::kNot, std::move(args), at);
    }
    return ParsePrimary();
  }

  Result<NodePtr> ParsePrimary() {
    SkipSpace();
    char c = Peek();
    if (AtEnd()) return Error(pos_, "unexpected end of expression");
    if (IsDigit(c) || c == '.') return ParseNumber();
    if (c == '(') {
      GEMIS_RETURN_IF_ERROR(Enter(pos_));
      ++pos_;
      GEMIS_ASSIGN_OR_RETURN(NodePtr inner, ParseOr());
      SkipSpace();
      if (Peek() != ')') return Expected("')'");
      ++pos_;
      Leave();
      return inner;
    }
    if (c == '#') {
      if (Peek(1) != '{') {
        pos_ += 1;
        return Expected("'{' right after '#'", false);
      }
      return ParseReference(ExpressionRef::Kind::kDataElement);
    }
    if (IsNameStart(c)) return ParseName();
    if (c == '[') {
      return Error(pos_, "unexpected '['", " (program variables such as [days] are not supported)");
    }
    return Expected("a number, reference, function or '('", false);
  }

  // digits ['.' digits] [('e' | 'E') ['+' | '-'] digits], or '.' digits [...].
  Result<NodePtr> ParseNumber() {
    size_t start = pos_;
    size_t digits = 0;
    while (IsDigit(Peek())) ++pos_, ++digits;
    if (Peek() == '.') {
      ++pos_;
      while (IsDigit(Peek())) ++pos_, ++digits;
    }
    if (digits == 0) return Error(start, "expected a digit before or after '.'");
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!IsDigit(Peek())) return Expected("digits in the exponent", false);
      while (IsDigit(Peek())) ++pos_;
    }
    std::string_view literal = text_.substr(start, pos_ - start);
    double value = 0;
    auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (ec != std::errc() || end != literal.data() + literal.size() || !std::isfinite(value)) {
      return Error(start, "number '" + std::string(literal) + "' out of range");
    }
    auto node = std::make_unique<Node>();
    node->op = Op::kNumber;
    node->number = value;
    return node;
  }

  // A name: N{…}, an unsupported DHIS2 item (C{…}, d2:…) or a function call.
  Result<NodePtr> ParseName() {
    size_t start = pos_;
    while (IsNameChar(Peek())) ++pos_;
    std::string_view name = text_.substr(start, pos_ - start);
    if (Peek() == '{') {
      if (name == "N") {
        pos_ = start;
        return ParseReference(ExpressionRef::Kind::kIndicator);
      }
      if (name == "R") {
        pos_ = start;
        return ParseReference(ExpressionRef::Kind::kReportingRate);
      }
      return Error(start, "unsupported item '" + std::string(name) + "{'",
                   " (only #{…} data elements, N{…} indicators and R{…} reporting rates are "
                   "supported)");
    }
    if (Peek() == ':') {
      return Error(start, "unsupported function '" + std::string(name) + ":'",
                   " (d2: and other program functions are not supported)");
    }
    const FunctionInfo* function = FindFunction(name);
    SkipSpace();
    if (Peek() != '(') {
      if (function != nullptr) return Expected("'(' after '" + std::string(name) + "'", false);
      return Error(start, "unknown name '" + std::string(name) + "'");
    }
    if (function == nullptr) {
      std::string hint;
      for (const FunctionInfo& f : kFunctions) {
        if (EqualsIgnoringCase(f.name, name)) {
          hint = " (function names are case-sensitive: '" + std::string(f.name) + "')";
        }
      }
      return Error(start, "unknown function '" + std::string(name) + "'", hint);
    }
    GEMIS_RETURN_IF_ERROR(Enter(pos_));
    ++pos_;  // '('
    std::vector<NodePtr> args;
    SkipSpace();
    if (Peek() == ')') {
      ++pos_;
    } else {
      for (;;) {
        GEMIS_ASSIGN_OR_RETURN(NodePtr arg, ParseOr());
        args.push_back(std::move(arg));
        SkipSpace();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() == ')') {
          ++pos_;
          break;
        }
        return Expected("',' or ')'");
      }
    }
    Leave();
    if (args.size() < function->min_args || args.size() > function->max_args) {
      std::string takes = function->min_args == function->max_args
                              ? std::to_string(function->min_args)
                              : "at least " + std::to_string(function->min_args);
      takes += function->min_args == 1 ? " argument" : " arguments";
      return Error(start, "'" + std::string(name) + "' takes " + takes + " but has " +
                              std::to_string(args.size()));
    }
    return Make(function->op, std::move(args), start);
  }

  // '#{' id ['.' (id | '*') ['.' (id | '*')]] '}', 'N{' id '}' or
  // 'R{' id '.' metric '}', at pos_.
  Result<NodePtr> ParseReference(ExpressionRef::Kind kind) {
    bool indicator = kind == ExpressionRef::Kind::kIndicator;
    const bool rate = kind == ExpressionRef::Kind::kReportingRate;
    std::string_view open = indicator ? "N{" : rate ? "R{" : "#{";
    size_t start = pos_;
    pos_ += 2;
    if (Peek() == '}') {
      return Error(start, "empty reference " + std::string(open) + "}");
    }
    const size_t max_parts = indicator ? 1 : rate ? 2 : 3;
    std::array<std::string, 3> parts;
    std::array<size_t, 3> part_at = {0, 0, 0};
    size_t count = 0;
    for (;;) {
      size_t part_start = pos_;
      part_at[count] = pos_;
      if (Peek() == '*') {
        if (rate) {
          return Error(pos_, "expected a report type code and a metric", ", found '*'");
        }
        if (count == 0) {
          if (indicator) return Error(pos_, "expected an indicator uid or code", ", found '*'");
          return Error(pos_, "expected a data element uid or code",
                       ", found '*' (only the combos can be '*')");
        }
        ++pos_;
        parts[count] = "";  // '*' is every combo, the same as leaving it out
      } else {
        while (IsIdChar(Peek())) ++pos_;
        if (pos_ == part_start) {
          if (AtEnd() || Peek() == '.' || Peek() == '}') {
            return Expected("a uid or code", false);
          }
          return InvalidIdChar();
        }
        parts[count] = std::string(text_.substr(part_start, pos_ - part_start));
      }
      ++count;
      if (Peek() == '}') {
        if (rate && count < 2) {
          return Error(pos_, "R{…} takes a report type code and a metric",
                       " (R{KT-BC-NAM.REPORTING_RATE}), found '}'");
        }
        ++pos_;
        break;
      }
      if (Peek() == '.') {
        if (count == max_parts) {
          return Error(pos_,
                       indicator ? "N{…} takes one uid or code"
                       : rate    ? "R{…} takes a report type code and a metric"
                                 : "#{…} has at most 3 parts (element.combo.attribute combo)",
                       ", found '.'");
        }
        ++pos_;
        continue;
      }
      if (AtEnd() || text_[part_start] == '*') return Expected("'.' or '}'", false);
      return InvalidIdChar();
    }
    ExpressionRef ref;
    ref.kind = kind;
    ref.id = std::move(parts[0]);
    if (rate) {
      if (!ParseReportingMetric(parts[1])) {
        return Error(part_at[1], "unknown reporting metric '" + parts[1] + "'",
                     " (one of " + ReportingMetricNames() + ")");
      }
      ref.metric = std::move(parts[1]);
    } else {
      ref.category_option_combo = std::move(parts[1]);
      ref.attribute_option_combo = std::move(parts[2]);
    }
    auto node = std::make_unique<Node>();
    node->op = Op::kRef;
    node->ref = Intern(std::move(ref));
    return node;
  }

  Status InvalidIdChar() const {
    return Error(pos_, "invalid character " + Describe(pos_) + " in a reference",
                 " (uids and codes are letters, digits, '_' and '-')");
  }

  // The index of `ref` in references(), added when new.
  size_t Intern(ExpressionRef ref) {
    std::string key;
    key += ref.kind == ExpressionRef::Kind::kIndicator       ? 'N'
           : ref.kind == ExpressionRef::Kind::kReportingRate ? 'R'
                                                             : '#';
    key += ref.id + '.' + ref.category_option_combo + '.' + ref.attribute_option_combo + '.' +
           ref.metric;
    auto [it, inserted] = index_.emplace(std::move(key), refs_->size());
    if (inserted) refs_->push_back(std::move(ref));
    return it->second;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int nesting_ = 0;
  std::vector<ExpressionRef>* refs_;
  std::unordered_map<std::string, size_t> index_;
};

// ---------------------------------------------------------------------------
// Evaluation.

class Evaluator {
 public:
  Evaluator(const std::optional<double>* values, bool all_missing)
      : values_(values), all_missing_(all_missing) {}

  std::optional<double> Eval(const Node& n) const {
    switch (n.op) {
      case Op::kNumber: return n.number;
      case Op::kRef: return values_[n.ref];
      case Op::kNeg: {
        std::optional<double> v = Eval(*n.args[0]);
        if (!v) return std::nullopt;
        return -*v;
      }
      case Op::kNot: return Truth(!IsTrue(Eval(*n.args[0])));
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul: {
        std::optional<double> l = Operand(Eval(*n.args[0]));
        std::optional<double> r = Operand(Eval(*n.args[1]));
        if (!l || !r) return std::nullopt;
        if (n.op == Op::kAdd) return *l + *r;
        if (n.op == Op::kSub) return *l - *r;
        return *l * *r;
      }
      case Op::kDiv: {
        std::optional<double> denominator = Eval(*n.args[1]);
        if (!denominator || *denominator == 0) return std::nullopt;
        std::optional<double> numerator = Operand(Eval(*n.args[0]));
        if (!numerator) return std::nullopt;
        return *numerator / *denominator;
      }
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kEq:
      case Op::kNe: {
        std::optional<double> l = Eval(*n.args[0]);
        std::optional<double> r = Eval(*n.args[1]);
        if (!l || !r) return Truth(false);
        switch (n.op) {
          case Op::kLt: return Truth(*l < *r);
          case Op::kLe: return Truth(*l <= *r);
          case Op::kGt: return Truth(*l > *r);
          case Op::kGe: return Truth(*l >= *r);
          case Op::kEq: return Truth(*l == *r);
          default: return Truth(*l != *r);
        }
      }
      case Op::kAnd: return Truth(IsTrue(Eval(*n.args[0])) && IsTrue(Eval(*n.args[1])));
      case Op::kOr: return Truth(IsTrue(Eval(*n.args[0])) || IsTrue(Eval(*n.args[1])));
      case Op::kIf: return IsTrue(Eval(*n.args[0])) ? Eval(*n.args[1]) : Eval(*n.args[2]);
      case Op::kIsNull: return Truth(!Eval(*n.args[0]).has_value());
      case Op::kIsNotNull: return Truth(Eval(*n.args[0]).has_value());
      case Op::kGreatest:
      case Op::kLeast: {
        std::optional<double> best;
        for (const NodePtr& arg : n.args) {
          std::optional<double> v = Eval(*arg);
          if (!v) continue;
          if (!best || (n.op == Op::kGreatest ? *v > *best : *v < *best)) best = v;
        }
        return best;
      }
    }
    return std::nullopt;
  }

 private:
  static double Truth(bool b) { return b ? 1 : 0; }
  // A condition is true when it has a value other than 0; missing is false.
  static bool IsTrue(const std::optional<double>& v) { return v.has_value() && *v != 0; }
  // An operand of + - * (and a numerator): missing counts as 0 unless every
  // reference of the expression is missing.
  std::optional<double> Operand(std::optional<double> v) const {
    if (v || all_missing_) return v;
    return 0.0;
  }

  const std::optional<double>* values_;
  bool all_missing_;
};

// ---------------------------------------------------------------------------
// Printing and copying.

void AppendNumber(double value, std::string* out) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, end);
}

void AppendRef(const ExpressionRef& ref, std::string* out) {
  if (ref.kind == ExpressionRef::Kind::kIndicator) {
    *out += "N{" + ref.id + "}";
    return;
  }
  if (ref.kind == ExpressionRef::Kind::kReportingRate) {
    *out += "R{" + ref.id + "." + ref.metric + "}";
    return;
  }
  *out += "#{" + ref.id;
  if (!ref.category_option_combo.empty() || !ref.attribute_option_combo.empty()) {
    *out += '.';
    *out += ref.category_option_combo.empty() ? "*" : ref.category_option_combo;
  }
  if (!ref.attribute_option_combo.empty()) *out += "." + ref.attribute_option_combo;
  *out += '}';
}

void Print(const Node& n, const std::vector<ExpressionRef>& refs, std::string* out);

void PrintOperand(const Node& n, bool parenthesize, const std::vector<ExpressionRef>& refs,
                  std::string* out) {
  if (parenthesize) *out += '(';
  Print(n, refs, out);
  if (parenthesize) *out += ')';
}

void Print(const Node& n, const std::vector<ExpressionRef>& refs, std::string* out) {
  int precedence = Precedence(n.op);
  switch (n.op) {
    case Op::kNumber: AppendNumber(n.number, out); return;
    case Op::kRef: AppendRef(refs[n.ref], out); return;
    case Op::kNeg:
    case Op::kNot:
      *out += Symbol(n.op);
      PrintOperand(*n.args[0], Precedence(n.args[0]->op) < precedence, refs, out);
      return;
    case Op::kIf:
    case Op::kIsNull:
    case Op::kIsNotNull:
    case Op::kGreatest:
    case Op::kLeast:
      *out += Symbol(n.op);
      *out += '(';
      for (size_t i = 0; i < n.args.size(); ++i) {
        if (i > 0) *out += ", ";
        Print(*n.args[i], refs, out);
      }
      *out += ')';
      return;
    default:
      // Binary operators are left-associative: a right operand of the same
      // precedence keeps its parentheses.
      PrintOperand(*n.args[0], Precedence(n.args[0]->op) < precedence, refs, out);
      *out += ' ';
      *out += Symbol(n.op);
      *out += ' ';
      PrintOperand(*n.args[1], Precedence(n.args[1]->op) <= precedence, refs, out);
      return;
  }
}

NodePtr Clone(const Node& n) {
  auto copy = std::make_unique<Node>();
  copy->op = n.op;
  copy->number = n.number;
  copy->ref = n.ref;
  copy->depth = n.depth;
  copy->args.reserve(n.args.size());
  for (const NodePtr& arg : n.args) copy->args.push_back(Clone(*arg));
  return copy;
}

}  // namespace

Result<Expression> Expression::Parse(std::string_view text) {
  Expression expression;
  Parser parser(text, &expression.refs_);
  GEMIS_ASSIGN_OR_RETURN(expression.root_, parser.Run());
  return expression;
}

Expression::Expression(const Expression& other)
    : root_(other.root_ ? Clone(*other.root_) : nullptr), refs_(other.refs_) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(const Expression& other) {
  if (this != &other) *this = Expression(other);
  return *this;
}
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

std::optional<double> Expression::Evaluate(
    const std::function<std::optional<double>(size_t)>& value) const {
  if (!root_) return std::nullopt;
  constexpr size_t kInline = 16;
  std::array<std::optional<double>, kInline> inline_values;
  std::vector<std::optional<double>> heap_values;
  std::optional<double>* values = inline_values.data();
  if (refs_.size() > kInline) {
    heap_values.resize(refs_.size());
    values = heap_values.data();
  }
  bool any_value = false;
  for (size_t i = 0; i < refs_.size(); ++i) {
    values[i] = value(i);
    any_value = any_value || values[i].has_value();
  }
  Evaluator evaluator(values, !refs_.empty() && !any_value);
  std::optional<double> result = evaluator.Eval(*root_);
  if (result && !std::isfinite(*result)) return std::nullopt;
  return result;
}

bool Expression::IsReference() const { return root_ && root_->op == Op::kRef; }

std::string Expression::ToString() const {
  std::string out;
  if (root_) Print(*root_, refs_, &out);
  return out;
}

}  // namespace gemis
