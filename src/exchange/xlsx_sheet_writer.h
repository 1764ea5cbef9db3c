// Internal to the exchange layer: lays one XlsxSheet out on a libxlsxwriter
// worksheet (xlsx_writer.h holds the model and the public entry points).
//
// Layout, top to bottom: the title lines (bold, merged across the table's
// width), the units line (italic, right-aligned, merged), the header block
// (bold, centred, wrapped, bordered, spans merged), the body (bordered;
// totals rows bold). The STT column, when asked for, is column A. Panes are
// frozen below the header and right of the STT and label columns; printing
// repeats the header rows on every page, landscape, one page wide.
#pragma once

#include <xlsxwriter.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/status.h"
#include "exchange/xlsx_writer.h"

namespace gemis::exchange {

struct XlsxStyle {
  std::string num_format;  // "" = General
  bool bold = false;
  bool italic = false;
  bool border = false;
  bool wrap = false;
  uint8_t align = LXW_ALIGN_NONE;
  int indent = 0;

  auto Key() const {
    return std::make_tuple(num_format, bold, italic, border, wrap, align, indent);
  }
};

// The workbook's formats, one per distinct style (libxlsxwriter owns them
// and frees them with the workbook). Not thread-safe.
class XlsxFormats {
 public:
  explicit XlsxFormats(lxw_workbook* workbook) : workbook_(workbook) {}
  lxw_format* Get(const XlsxStyle& style);

 private:
  lxw_workbook* workbook_;
  std::map<decltype(XlsxStyle().Key()), lxw_format*> cache_;
};

class XlsxSheetWriter {
 public:
  // `name` is the sheet's final name; `shown` the file named in errors.
  XlsxSheetWriter(lxw_worksheet* worksheet, XlsxFormats& formats, const XlsxSheet& sheet,
                  std::string name, std::string shown);

  // kInvalidInput (located at the file, field "sheet 'NAME'" or the cell)
  // for a model Excel cannot hold; see WriteXlsx.
  Status Write();

 private:
  Status Validate() const;
  void ComputeWidths();
  Status WriteTitles();
  Status WriteHeader();
  void SetHeaderHeights();
  Status WriteBody();
  Status WriteCell(lxw_row_t row, lxw_col_t col, const XlsxCell& cell, bool bold);
  void Finish();
  // A failed libxlsxwriter call at (row, col), as a located error.
  Status Check(lxw_error error, lxw_row_t row, lxw_col_t col) const;
  Status Invalid(const std::string& message) const;
  lxw_col_t LastColumn() const { return static_cast<lxw_col_t>(widths_.size() - 1); }

  lxw_worksheet* ws_;
  XlsxFormats& formats_;
  const XlsxSheet& sheet_;
  std::string name_;
  std::string shown_;
  int stt_ = 0;                 // 1 when the sheet has an STT column
  std::vector<double> widths_;  // every sheet column, the STT column included
  int header_rows_ = 0;
  lxw_row_t row_ = 0;  // the next row to write
  lxw_row_t header_top_ = 0;
  lxw_row_t body_top_ = 0;
};

}  // namespace gemis::exchange
