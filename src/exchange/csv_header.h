// The header line of a CSV file and the lookup of columns by name. Importers
// accept the spellings offices use ("orgUnit", "Org unit", "MÃ ĐƠN VỊ"), so a
// column is found by any of several aliases, case-insensitively.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gemis::exchange {

// Column names as read from the file, plus a normalised key per name.
// Matching rule (both for the file's names and the names asked for): leading
// and trailing spaces and tabs removed, Unicode case folding, NFC; so
// " Mã Đơn Vị " matches "MÃ ĐƠN VỊ" whether the file used precomposed or
// decomposed letters. Diacritics are significant ("ma don vi" does not match).
// Immutable after construction; safe to share between threads.
class CsvHeader {
 public:
  CsvHeader() = default;
  // `source_name` and `line` locate the header in error messages.
  explicit CsvHeader(std::vector<std::string> names, std::string source_name = {}, int line = 1);

  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }
  bool empty() const { return names_.empty(); }
  // The name of column `i` with surrounding spaces and tabs removed, as the
  // file spells it. REQUIRES: i < size().
  std::string_view Name(size_t i) const;

  // Index of the first column matching any of `aliases` (first alias wins
  // over later ones; among columns, the leftmost), or nullopt.
  std::optional<size_t> Find(std::initializer_list<std::string_view> aliases) const;
  // As Find, but a missing column is an error (kInvalidInput, located at the
  // header line) that names the first alias as the column, lists the other
  // accepted spellings and the columns present, e.g.
  //   missing required column 'orgUnit' (also accepted: 'org_unit'); columns
  //   present: 'dataElement', 'period', 'value'
  // REQUIRES: aliases is not empty.
  Result<size_t> Require(std::initializer_list<std::string_view> aliases) const;

  // The index of the first column whose normalised name equals that of an
  // earlier column (empty names never collide), or nullopt.
  std::optional<size_t> FirstDuplicate() const;

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;  // normalised names_, same order
  std::string source_name_;
  int line_ = 1;
};

// The normalised form CsvHeader compares: trimmed, case-folded, NFC. Text
// that is not valid UTF-8 is compared after trimming only.
std::string NormalizeColumnName(std::string_view name);

}  // namespace gemis::exchange
