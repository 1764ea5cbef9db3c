#include "core/status.h"

namespace gemis {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUsage: return "usage";
    case ErrorCode::kIoError: return "io_error";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kDenied: return "denied";
  }
  return "internal";
}

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += (out.empty() ? "line " : ":") + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  } else if (column > 0) {
    out += (out.empty() ? "column " : ":column ") + std::to_string(column);
  }
  if (!field.empty()) out += (out.empty() ? "field '" : " field '") + field + "'";
  return out;
}

Status Status::WithContext(const Location& outer) const {
  if (ok()) return *this;
  Status copy = *this;
  if (copy.where_.file.empty()) copy.where_.file = outer.file;
  if (copy.where_.line == 0) copy.where_.line = outer.line;
  if (copy.where_.column == 0) copy.where_.column = outer.column;
  if (copy.where_.field.empty()) copy.where_.field = outer.field;
  return copy;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string where = where_.ToString();
  return where.empty() ? message_ : where + ": " + message_;
}

}  // namespace gemis
