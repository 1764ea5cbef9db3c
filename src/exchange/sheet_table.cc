#include "exchange/sheet_table.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "core/text.h"

namespace gemis::exchange {
namespace {

SheetCell FromValue(const XlsxValue& value) {
  SheetCell cell;
  cell.kind = value.kind;
  cell.text = value.text;
  cell.number = value.number;
  cell.date = value.date;
  return cell;
}

Result<std::string> ReadWholeFile(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open '" + path + "'", Location{path, 0, 0, ""});
  std::string bytes;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    bytes.append(buffer, static_cast<size_t>(in.gcount()));
    if (bytes.size() > limit) {
      return Status::Invalid("file larger than " + std::to_string(limit >> 20) +
                                 " MiB: a table read through a mapping is read whole; "
                                 "send large data value files as DHIS2 CSV, JSON or XML",
                             Location{path, 0, 0, ""});
    }
  }
  if (in.bad()) return Status::Io("cannot read '" + path + "'", Location{path, 0, 0, ""});
  return bytes;
}

}  // namespace

Result<SheetFileType> ParseSheetFileType(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "xlsx") return SheetFileType::kXlsx;
  if (lower == "csv") return SheetFileType::kCsv;
  return Status::Usage("unknown table file type '" + std::string(name) + "' (xlsx or csv)");
}

Result<SheetTable> SheetTable::Open(const std::string& path, const SheetOpenOptions& options) {
  SheetFileType type = options.type;
  if (type == SheetFileType::kAuto) {
    type = AsciiLower(path).ends_with(".xlsx") ? SheetFileType::kXlsx : SheetFileType::kCsv;
  }
  if (type == SheetFileType::kXlsx) {
    GEMIS_ASSIGN_OR_RETURN(XlsxReader workbook, XlsxReader::Open(path, options.limits));
    return FromWorkbook(workbook, options);
  }
  if (!options.sheet.empty()) {
    return Status::Usage(path + ": a sheet name ('" + options.sheet + "') is only for .xlsx files");
  }
  GEMIS_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path, kMaxCsvBytes));
  return FromCsv(bytes, path, options);
}

Result<SheetTable> SheetTable::FromWorkbook(const XlsxReader& workbook,
                                            const SheetOpenOptions& options) {
  std::optional<size_t> index;
  if (options.sheet.empty()) {
    const auto& sheets = workbook.sheets();
    for (size_t i = 0; i < sheets.size() && !index; ++i) {
      if (!sheets[i].hidden) index = i;
    }
    if (!index) {
      return Status::Invalid("the workbook has no visible sheet",
                             Location{workbook.source_name(), 0, 0, ""});
    }
  }
  Result<XlsxGrid> grid = index ? workbook.ReadSheet(*index) : workbook.ReadSheet(options.sheet);
  if (!grid.ok()) {
    if (grid.status().code() != ErrorCode::kNotFound) return grid.status();
    std::string names;
    for (const std::string& n : workbook.sheet_names()) {
      names += (names.empty() ? "" : "', '") + n;
    }
    return Status::NotFound(
        "no sheet '" + options.sheet + "' in the workbook (sheets: '" + names + "')",
        Location{workbook.source_name(), 0, 0, options.sheet});
  }
  SheetTable table;
  table.source_ = workbook.source_name();
  table.name_ = grid->name();
  table.rows_ = grid->rows();
  table.cols_ = grid->cols();
  table.grid_.emplace(std::move(*grid));
  return table;
}

Result<SheetTable> SheetTable::FromCsv(std::string_view bytes, const std::string& source,
                                       const SheetOpenOptions& options) {
  if (bytes.size() > kMaxCsvBytes) {
    return Status::Invalid("file larger than " + std::to_string(kMaxCsvBytes >> 20) + " MiB",
                           Location{source, 0, 0, ""});
  }
  std::string decoded_storage;
  std::string_view text = bytes;
  if (options.encoding != TextEncoding::kUtf8) {
    DecodeReport report;
    TextEncoding chosen = TextEncoding::kUtf8;
    decoded_storage = DecodeText(bytes, options.encoding, &report, &chosen);
    GEMIS_RETURN_IF_ERROR(report.ToStatus(chosen, source));
    text = decoded_storage;
  }
  std::istringstream in{std::string(text)};
  CsvOptions csv;
  csv.delimiter = options.delimiter;
  csv.has_header = false;
  csv.allow_ragged = true;
  GEMIS_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(in, source, csv));
  SheetTable table;
  table.source_ = source;
  table.name_ = source;
  CsvRecord record;
  size_t cells = 0;
  while (true) {
    GEMIS_ASSIGN_OR_RETURN(bool more, reader.Next(record));
    if (!more) break;
    CsvRow row;
    row.line = record.line();
    for (size_t i = 0; i < record.size(); ++i) {
      Result<std::string> nfc = ToNfc(record[i]);
      if (!nfc.ok()) {
        return Status::Invalid(nfc.status().message(), reader.Locate(record, i));
      }
      row.fields.emplace_back(table.text_.size(), nfc->size());
      row.columns.push_back(record.field_column(i));
      table.text_ += *nfc;
    }
    // Trailing empty fields do not widen the table, nor take memory.
    size_t used = row.fields.size();
    while (used > 0 && row.fields[used - 1].second == 0) --used;
    row.fields.resize(used);
    row.columns.resize(used);
    table.cols_ = std::max(table.cols_, static_cast<int>(used));
    cells += used;
    if (cells > kMaxCsvCells) {
      return Status::Invalid("more than " + std::to_string(kMaxCsvCells) +
                                 " fields: too large a table to read through a mapping",
                             Location{source, record.line(), 0, ""});
    }
    table.csv_rows_.push_back(std::move(row));
    if (table.csv_rows_.size() > static_cast<size_t>(kXlsxMaxRows)) {
      return Status::Invalid("more than " + std::to_string(kXlsxMaxRows) + " records",
                             Location{source, record.line(), 0, ""});
    }
  }
  // Trailing records without text do not lengthen it.
  table.rows_ = static_cast<int>(table.csv_rows_.size());
  while (table.rows_ > 0) {
    const CsvRow& last = table.csv_rows_[static_cast<size_t>(table.rows_ - 1)];
    bool blank = std::all_of(last.fields.begin(), last.fields.end(),
                             [](const auto& f) { return f.second == 0; });
    if (!blank) break;
    --table.rows_;
  }
  return table;
}

SheetCell SheetTable::At(int row, int col) const {
  if (grid_) return FromValue(grid_->At(row, col));
  SheetCell cell;
  if (row < 1 || row > static_cast<int>(csv_rows_.size()) || col < 1) return cell;
  const CsvRow& r = csv_rows_[static_cast<size_t>(row - 1)];
  if (col > static_cast<int>(r.fields.size())) return cell;
  auto [offset, length] = r.fields[static_cast<size_t>(col - 1)];
  if (length == 0) return cell;
  cell.kind = XlsxValue::Kind::kString;
  cell.text = std::string_view(text_).substr(offset, length);
  return cell;
}

SheetCell SheetTable::MergedAt(int row, int col) const {
  if (grid_) return FromValue(grid_->MergedAt(row, col));
  return At(row, col);
}

bool SheetTable::IsMergedTail(int row, int col) const {
  if (!grid_) return false;
  const XlsxRange* range = grid_->MergedRangeAt(row, col);
  return range != nullptr && !(range->first.row == row && range->first.col == col);
}

std::string SheetTable::CellName(int row, int col) const {
  if (grid_) return XlsxCellField(grid_->name(), row, col);
  return FormatXlsxCell(row, col);
}

Location SheetTable::Locate(int row, int col) const {
  if (grid_) return grid_->Locate(row, col);
  Location location{source_, 0, 0, FormatXlsxCell(row, col)};
  if (row >= 1 && row <= static_cast<int>(csv_rows_.size())) {
    const CsvRow& r = csv_rows_[static_cast<size_t>(row - 1)];
    location.line = r.line;
    if (col >= 1 && col <= static_cast<int>(r.columns.size())) {
      location.column = r.columns[static_cast<size_t>(col - 1)];
    }
  }
  return location;
}

}  // namespace gemis::exchange
