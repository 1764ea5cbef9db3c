// Errors as values. Every fallible function in core/, store/ and exchange/
// returns a Status or a Result<T>; entry points (cli/, server/) translate them
// once into messages, exit codes or HTTP statuses. Library exceptions never
// cross a layer boundary.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gemis {

// The closed set of error kinds. Entry points map each to an exit code:
// kInvalidInput/kNotFound/kConflict/kAlreadyExists/kDenied -> 1 (input
// rejected), kUsage -> 2, everything else -> 3 (internal); the server
// answers kDenied with 403 (E_SCOPE when the field is "scope").
enum class ErrorCode {
  kOk = 0,
  kInvalidInput,   // malformed file, value of the wrong type, bad id
  kNotFound,       // an id, code or file that does not exist
  kAlreadyExists,  // a create that collides with an existing object
  kConflict,       // consistent input that contradicts stored state
  kUsage,          // the caller used the API or the command line wrongly
  kIoError,        // the file system or the database failed
  kCorruption,     // stored data violates an invariant
  kInternal,       // a bug
  kDenied,         // the acting user may not do this (authority or scope)
};

// Stable lower-case name of a code ("invalid_input"), used in JSON output.
const char* ErrorCodeName(ErrorCode code);

// Where an error was found. Every part is optional: line and column are
// 1-based and 0 when unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;

  bool empty() const { return file.empty() && line == 0 && column == 0 && field.empty(); }
  // "file:line:column field 'x'" with the unknown parts left out.
  std::string ToString() const;
};

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, Location where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status Ok() { return {}; }
  static Status Invalid(std::string message, Location where = {}) {
    return {ErrorCode::kInvalidInput, std::move(message), std::move(where)};
  }
  static Status NotFound(std::string message, Location where = {}) {
    return {ErrorCode::kNotFound, std::move(message), std::move(where)};
  }
  static Status Conflict(std::string message, Location where = {}) {
    return {ErrorCode::kConflict, std::move(message), std::move(where)};
  }
  static Status AlreadyExists(std::string message, Location where = {}) {
    return {ErrorCode::kAlreadyExists, std::move(message), std::move(where)};
  }
  static Status Usage(std::string message) { return {ErrorCode::kUsage, std::move(message)}; }
  static Status Denied(std::string message, Location where = {}) {
    return {ErrorCode::kDenied, std::move(message), std::move(where)};
  }
  static Status Io(std::string message, Location where = {}) {
    return {ErrorCode::kIoError, std::move(message), std::move(where)};
  }
  static Status Corruption(std::string message) {
    return {ErrorCode::kCorruption, std::move(message)};
  }
  static Status Internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& where() const { return where_; }

  // Returns a copy whose location has the unset parts filled from `outer`
  // (e.g. a parser reports a column, its caller adds file and line).
  Status WithContext(const Location& outer) const;
  // "file:3:7 field 'period': message" (location left out when empty).
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  Location where_;
};

// A value or an error. Accessing value() of an error is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "a Result error needs a non-OK status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace gemis

// Propagates a non-OK Status from an expression returning Status.
#define GEMIS_CONCAT_INNER(a, b) a##b
#define GEMIS_CONCAT(a, b) GEMIS_CONCAT_INNER(a, b)
#define GEMIS_RETURN_IF_ERROR(expr) \
  GEMIS_RETURN_IF_ERROR_IMPL(GEMIS_CONCAT(gemis_status_, __LINE__), expr)
#define GEMIS_RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                        \
    ::gemis::Status tmp = (expr);             \
    if (!tmp.ok()) return tmp;                \
  } while (0)
// Declares `lhs` from a Result expression, or returns its error.
#define GEMIS_ASSIGN_OR_RETURN(lhs, expr) \
  GEMIS_ASSIGN_OR_RETURN_IMPL(GEMIS_CONCAT(gemis_result_, __LINE__), lhs, expr)
#define GEMIS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
