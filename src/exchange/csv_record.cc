#include "exchange/csv_record.h"

#include <cassert>

namespace gemis::exchange {

std::string_view CsvRecord::operator[](size_t i) const {
  assert(i < fields_.size());
  size_t begin = i == 0 ? 0 : fields_[i - 1].end;
  return std::string_view(data_).substr(begin, fields_[i].end - begin);
}

std::string_view CsvRecord::Get(std::optional<size_t> column) const {
  if (!column || *column >= fields_.size()) return {};
  return (*this)[*column];
}

std::vector<std::string> CsvRecord::ToStrings() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (size_t i = 0; i < fields_.size(); ++i) out.emplace_back((*this)[i]);
  return out;
}

int CsvRecord::field_line(size_t i) const {
  assert(i < fields_.size());
  return fields_[i].line;
}

int CsvRecord::field_column(size_t i) const {
  assert(i < fields_.size());
  return fields_[i].column;
}

void CsvRecord::Clear() {
  data_.clear();
  fields_.clear();
  line_ = 0;
  index_ = 0;
}

}  // namespace gemis::exchange
