#include "exchange/xlsx_sheet_writer.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace gemis::exchange {

namespace {

constexpr size_t kMaxRows = 1'048'576;
constexpr size_t kMaxColumns = 16'384;
constexpr int kMaxHeaderRows = 64;
constexpr double kLineHeight = 15.0;  // points per line of the default 11-point font
constexpr double kSttWidth = 5;
constexpr double kMinWidth = 6;
constexpr double kMaxWidth = 50;
constexpr uint8_t kPaperA4 = 9;

// Characters as Excel counts width: code points (Vietnamese letters are one each).
double DisplayWidth(std::string_view text) {
  double width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

double LongestWord(std::string_view text) {
  double longest = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = text.size();
    longest = std::max(longest, DisplayWidth(text.substr(start, end - start)));
    start = end + 1;
  }
  return longest;
}

// Lines that wrapped `text` takes in `width` characters (bold text is a
// little wider, hence the margin).
double Lines(std::string_view text, double width) {
  const double usable = std::max(1.0, width * 0.9 - 1);
  double lines = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines += std::max(1.0, std::ceil(DisplayWidth(text.substr(start, end - start)) / usable));
    start = end + 1;
  }
  return lines;
}

std::string Zeros(int n) { return std::string(static_cast<size_t>(std::max(n, 0)), '0'); }

bool IsNumber(const XlsxCell& cell) {
  return cell.type != XlsxCell::Type::kEmpty && cell.type != XlsxCell::Type::kText;
}

// The locale-neutral format code of a cell (invariant 1 of xlsx_writer.h).
std::string NumberFormat(const XlsxCell& cell, const XlsxColumn& column) {
  if (IsNumber(cell) && !column.number_format.empty()) return column.number_format;
  switch (cell.type) {
    case XlsxCell::Type::kEmpty: return "";
    case XlsxCell::Type::kText: return "@";
    case XlsxCell::Type::kInteger:
    case XlsxCell::Type::kMoney: return "#,##0";
    case XlsxCell::Type::kDecimal:
      return cell.decimals > 0 ? "#,##0." + Zeros(cell.decimals) : "#,##0";
    case XlsxCell::Type::kPercent:
      return cell.decimals > 0 ? "0." + Zeros(cell.decimals) + "%" : "0%";
  }
  return "";
}

// About the width the cell's shown value takes.
double CellWidth(const XlsxCell& cell) {
  if (cell.type == XlsxCell::Type::kEmpty) return 0;
  if (cell.type == XlsxCell::Type::kText) {
    double longest = 0;
    size_t start = 0;
    while (start <= cell.text.size()) {
      size_t end = cell.text.find('\n', start);
      if (end == std::string::npos) end = cell.text.size();
      longest =
          std::max(longest, DisplayWidth(std::string_view(cell.text).substr(start, end - start)));
      start = end + 1;
    }
    return longest + 2.0 * cell.indent;
  }
  const double shown = cell.type == XlsxCell::Type::kPercent ? cell.number * 100 : cell.number;
  const double digits = std::max(1.0, std::floor(std::log10(std::max(1.0, std::fabs(shown)))) + 1);
  return digits + std::floor((digits - 1) / 3) + (cell.decimals > 0 ? cell.decimals + 1 : 0) +
         (shown < 0 ? 1 : 0) + (cell.type == XlsxCell::Type::kPercent ? 1 : 0);
}

std::string CellName(lxw_row_t row, lxw_col_t col) {
  char name[LXW_MAX_CELL_NAME_LENGTH];
  lxw_rowcol_to_cell(name, row, col);
  return name;
}

}  // namespace

lxw_format* XlsxFormats::Get(const XlsxStyle& style) {
  auto it = cache_.find(style.Key());
  if (it != cache_.end()) return it->second;
  lxw_format* format = workbook_add_format(workbook_);
  if (!style.num_format.empty()) format_set_num_format(format, style.num_format.c_str());
  if (style.bold) format_set_bold(format);
  if (style.italic) format_set_italic(format);
  if (style.border) format_set_border(format, LXW_BORDER_THIN);
  if (style.wrap) format_set_text_wrap(format);
  if (style.align != LXW_ALIGN_NONE) format_set_align(format, style.align);
  format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
  if (style.indent > 0) format_set_indent(format, static_cast<uint8_t>(style.indent));
  cache_.emplace(style.Key(), format);
  return format;
}

XlsxSheetWriter::XlsxSheetWriter(lxw_worksheet* worksheet, XlsxFormats& formats,
                                 const XlsxSheet& sheet, std::string name, std::string shown)
    : ws_(worksheet),
      formats_(formats),
      sheet_(sheet),
      name_(std::move(name)),
      shown_(std::move(shown)),
      stt_(sheet.stt_header.empty() ? 0 : 1) {}

Status XlsxSheetWriter::Write() {
  GEMIS_RETURN_IF_ERROR(Validate());
  ComputeWidths();
  GEMIS_RETURN_IF_ERROR(WriteTitles());
  GEMIS_RETURN_IF_ERROR(WriteHeader());
  GEMIS_RETURN_IF_ERROR(WriteBody());
  Finish();
  return Status::Ok();
}

Status XlsxSheetWriter::Invalid(const std::string& message) const {
  return Status::Invalid(message, Location{shown_, 0, 0, "sheet '" + name_ + "'"});
}

Status XlsxSheetWriter::Check(lxw_error error, lxw_row_t row, lxw_col_t col) const {
  if (error == LXW_NO_ERROR) return Status::Ok();
  return Status::Invalid(
      std::string("Excel cannot hold this cell: ") + lxw_strerror(error),
      Location{shown_, 0, 0, "sheet '" + name_ + "' cell " + CellName(row, col)});
}

Status XlsxSheetWriter::Validate() const {
  const size_t columns = sheet_.columns.size();
  if (columns == 0) return Invalid("a sheet needs at least one column");
  if (columns + static_cast<size_t>(stt_) > kMaxColumns) {
    return Invalid("more than 16 384 columns, Excel's limit for a sheet");
  }
  if (sheet_.label_columns < 0 || static_cast<size_t>(sheet_.label_columns) > columns) {
    return Invalid("label_columns outside the sheet's columns");
  }
  int header_rows = 0;
  for (const XlsxHeaderCell& h : sheet_.header) {
    if (h.row < 0 || h.col < 0 || h.row_span < 1 || h.col_span < 1 ||
        static_cast<size_t>(h.col) + static_cast<size_t>(h.col_span) > columns ||
        h.row + h.row_span > kMaxHeaderRows) {
      return Invalid("header cell '" + h.text + "' lies outside the sheet's columns");
    }
    header_rows = std::max(header_rows, h.row + h.row_span);
  }
  std::vector<bool> covered(static_cast<size_t>(header_rows) * columns, false);
  for (const XlsxHeaderCell& h : sheet_.header) {
    for (int r = h.row; r < h.row + h.row_span; ++r) {
      for (int c = h.col; c < h.col + h.col_span; ++c) {
        auto at = covered.begin() + static_cast<ptrdiff_t>(static_cast<size_t>(r) * columns + c);
        if (*at) return Invalid("header cell '" + h.text + "' overlaps another");
        *at = true;
      }
    }
  }
  const size_t rows = sheet_.titles.size() + (sheet_.units.empty() ? 0 : 1) +
                      static_cast<size_t>(header_rows) + sheet_.rows.size();
  if (rows > kMaxRows) return Invalid("more than 1 048 576 rows, Excel's limit for a sheet");
  for (const XlsxRow& row : sheet_.rows) {
    if (row.cells.size() > columns)
      return Invalid("a row has more cells than the sheet has columns");
    for (const XlsxCell& cell : row.cells) {
      if (IsNumber(cell) && !std::isfinite(cell.number)) {
        return Invalid("a number is not finite (Excel has no NaN or infinity)");
      }
    }
  }
  return Status::Ok();
}

void XlsxSheetWriter::ComputeWidths() {
  widths_.assign(sheet_.columns.size() + static_cast<size_t>(stt_), 0);
  if (stt_ == 1) widths_[0] = std::max(kSttWidth, LongestWord(sheet_.stt_header) + 2);
  std::vector<double> fitted(sheet_.columns.size(), 0);
  for (const XlsxRow& row : sheet_.rows) {
    for (size_t c = 0; c < row.cells.size(); ++c)
      fitted[c] = std::max(fitted[c], CellWidth(row.cells[c]));
  }
  // A header wraps between words: its longest word must fit.
  for (const XlsxHeaderCell& h : sheet_.header) {
    if (h.col_span == 1) {
      fitted[static_cast<size_t>(h.col)] =
          std::max(fitted[static_cast<size_t>(h.col)], LongestWord(h.text));
    }
  }
  for (size_t c = 0; c < sheet_.columns.size(); ++c) {
    const double given = sheet_.columns[c].width;
    const double least = std::max(kMinWidth, sheet_.columns[c].min_width);
    widths_[c + static_cast<size_t>(stt_)] =
        given > 0 ? given : std::clamp(fitted[c] + 2, least, std::max(least, kMaxWidth));
  }
}

Status XlsxSheetWriter::WriteTitles() {
  double total = 0;
  for (double w : widths_) total += w;
  auto merged_line = [&](const std::string& text, const XlsxStyle& style) -> Status {
    lxw_format* format = formats_.Get(style);
    lxw_error error = LastColumn() == 0 ? worksheet_write_string(ws_, row_, 0, text.c_str(), format)
                                        : worksheet_merge_range(ws_, row_, 0, row_, LastColumn(),
                                                                text.c_str(), format);
    GEMIS_RETURN_IF_ERROR(Check(error, row_, 0));
    const double lines = Lines(text, total);
    if (lines > 1) worksheet_set_row(ws_, row_, lines * kLineHeight, nullptr);
    ++row_;
    return Status::Ok();
  };
  for (const std::string& title : sheet_.titles) {
    GEMIS_RETURN_IF_ERROR(
        merged_line(title, {.bold = true, .wrap = true, .align = LXW_ALIGN_CENTER}));
  }
  if (!sheet_.units.empty()) {
    GEMIS_RETURN_IF_ERROR(
        merged_line(sheet_.units, {.italic = true, .wrap = true, .align = LXW_ALIGN_RIGHT}));
  }
  return Status::Ok();
}

Status XlsxSheetWriter::WriteHeader() {
  header_top_ = row_;
  for (const XlsxHeaderCell& h : sheet_.header) {
    header_rows_ = std::max(header_rows_, h.row + h.row_span);
  }
  if (stt_ == 1) header_rows_ = std::max(header_rows_, 1);
  lxw_format* format =
      formats_.Get({.bold = true, .border = true, .wrap = true, .align = LXW_ALIGN_CENTER});
  const lxw_col_t columns = static_cast<lxw_col_t>(widths_.size());
  // Every header position is bordered, also where no cell was given.
  for (int r = 0; r < header_rows_; ++r) {
    for (lxw_col_t c = 0; c < columns; ++c) {
      worksheet_write_blank(ws_, header_top_ + static_cast<lxw_row_t>(r), c, format);
    }
  }
  auto place = [&](int row, int col, int row_span, int col_span,
                   const std::string& text) -> Status {
    const lxw_row_t r0 = header_top_ + static_cast<lxw_row_t>(row);
    const lxw_col_t c0 = static_cast<lxw_col_t>(col);
    const lxw_row_t r1 = r0 + static_cast<lxw_row_t>(row_span - 1);
    const lxw_col_t c1 = c0 + static_cast<lxw_col_t>(col_span - 1);
    return Check(r0 == r1 && c0 == c1
                     ? worksheet_write_string(ws_, r0, c0, text.c_str(), format)
                     : worksheet_merge_range(ws_, r0, c0, r1, c1, text.c_str(), format),
                 r0, c0);
  };
  if (stt_ == 1) GEMIS_RETURN_IF_ERROR(place(0, 0, header_rows_, 1, sheet_.stt_header));
  for (const XlsxHeaderCell& h : sheet_.header) {
    GEMIS_RETURN_IF_ERROR(place(h.row, h.col + stt_, h.row_span, h.col_span, h.text));
  }
  SetHeaderHeights();
  row_ = header_top_ + static_cast<lxw_row_t>(header_rows_);
  return Status::Ok();
}

// A wrapped header cell needs its lines over the columns it spans; a cell
// spanning rows takes what its rows lack from its last row.
void XlsxSheetWriter::SetHeaderHeights() {
  std::vector<double> heights(static_cast<size_t>(header_rows_), kLineHeight);
  auto needed = [&](const XlsxHeaderCell& h) {
    double width = 0;
    for (int c = h.col; c < h.col + h.col_span; ++c) {
      width += widths_[static_cast<size_t>(c + stt_)];
    }
    return Lines(h.text, width) * kLineHeight;
  };
  for (const XlsxHeaderCell& h : sheet_.header) {
    double& height = heights[static_cast<size_t>(h.row)];
    if (h.row_span == 1) height = std::max(height, needed(h));
  }
  for (const XlsxHeaderCell& h : sheet_.header) {
    double have = 0;
    for (int r = h.row; r < h.row + h.row_span; ++r) have += heights[static_cast<size_t>(r)];
    if (h.row_span > 1 && needed(h) > have) {
      heights[static_cast<size_t>(h.row + h.row_span - 1)] += needed(h) - have;
    }
  }
  for (int r = 0; r < header_rows_; ++r) {
    const double height = heights[static_cast<size_t>(r)];
    if (height > kLineHeight) {
      worksheet_set_row(ws_, header_top_ + static_cast<lxw_row_t>(r), height, nullptr);
    }
  }
}

Status XlsxSheetWriter::WriteCell(lxw_row_t row, lxw_col_t col, const XlsxCell& cell, bool bold) {
  const XlsxColumn& column = sheet_.columns[col - static_cast<lxw_col_t>(stt_)];
  XlsxStyle style{.num_format = NumberFormat(cell, column), .bold = bold, .border = true};
  switch (cell.type) {
    case XlsxCell::Type::kEmpty:
      return Check(worksheet_write_blank(ws_, row, col, formats_.Get(style)), row, col);
    case XlsxCell::Type::kText:
      style.wrap = true;
      style.indent = cell.indent;
      if (cell.text.empty()) {
        return Check(worksheet_write_blank(ws_, row, col, formats_.Get(style)), row, col);
      }
      return Check(worksheet_write_string(ws_, row, col, cell.text.c_str(), formats_.Get(style)),
                   row, col);
    default:
      return Check(worksheet_write_number(ws_, row, col, cell.number, formats_.Get(style)), row,
                   col);
  }
}

Status XlsxSheetWriter::WriteBody() {
  body_top_ = row_;
  int64_t stt = 0;
  lxw_format* stt_format[2] = {
      formats_.Get({.border = true, .align = LXW_ALIGN_CENTER}),
      formats_.Get({.bold = true, .border = true, .align = LXW_ALIGN_CENTER})};
  for (const XlsxRow& row : sheet_.rows) {
    const bool bold = row.kind == XlsxRow::Kind::kTotal;
    if (stt_ == 1) {
      lxw_error error =
          row.kind == XlsxRow::Kind::kItem
              ? worksheet_write_number(ws_, row_, 0, static_cast<double>(++stt), stt_format[bold])
              : worksheet_write_blank(ws_, row_, 0, stt_format[bold]);
      GEMIS_RETURN_IF_ERROR(Check(error, row_, 0));
    }
    for (size_t c = 0; c < sheet_.columns.size(); ++c) {
      const XlsxCell cell = c < row.cells.size() ? row.cells[c] : XlsxCell::Empty();
      GEMIS_RETURN_IF_ERROR(
          WriteCell(row_, static_cast<lxw_col_t>(c + static_cast<size_t>(stt_)), cell, bold));
    }
    ++row_;
  }
  return Status::Ok();
}

void XlsxSheetWriter::Finish() {
  for (size_t c = 0; c < widths_.size(); ++c) {
    worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths_[c],
                         nullptr);
  }
  const auto frozen_columns = static_cast<lxw_col_t>(stt_ + sheet_.label_columns);
  if (body_top_ > 0 || frozen_columns > 0) worksheet_freeze_panes(ws_, body_top_, frozen_columns);
  if (row_ > body_top_) {
    // Codes such as "00004" are text on purpose: no green "number stored as
    // text" triangles.
    const std::string range = CellName(body_top_, 0) + ":" + CellName(row_ - 1, LastColumn());
    worksheet_ignore_errors(ws_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range.c_str());
  }
  worksheet_set_landscape(ws_);
  worksheet_set_paper(ws_, kPaperA4);
  worksheet_fit_to_pages(ws_, 1, 0);
  if (header_rows_ > 0) {
    worksheet_repeat_rows(ws_, header_top_, header_top_ + static_cast<lxw_row_t>(header_rows_ - 1));
  }
}

}  // namespace gemis::exchange
