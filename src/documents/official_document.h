// An official Vietnamese administrative document (văn bản hành chính) as a
// plain model: the header of Decree 30/2020/NĐ-CP, Appendix I (issuing body,
// number and symbol, national motto, place and date), the title, a body of
// headings, paragraphs and tables, the recipients and the signature block.
// pdf_writer.h renders it as PDF, document_xlsx.h writes its tables as a
// workbook; docs/documents.md lists the layout rules.
//
// Invariants of a document that CheckDocument accepts (the writers check it
// before drawing anything):
//  (1) every text is valid UTF-8; an error names the field ("summary",
//      "body[3].rows[2].cells[1]") and the byte column;
//  (2) a cell that carries an integer shows exactly FormatVietnameseInteger
//      of it, so the PDF (which prints the text) and the workbook (which
//      stores the number) never show different figures;
//  (3) every table has at least one column, positive widths and no row with
//      more cells than columns (missing trailing cells are blank).
// No business rules here: callers (reports, plans) map what they print onto
// the model and format their own numbers. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis::documents {

// A section heading of the body ("I. KẾT QUẢ THỰC HIỆN"): level 1 is bold,
// level 2 bold italic; both start a new paragraph and keep with what follows.
struct Heading {
  std::string text;
  int level = 1;  // 1 or 2
};

// A body paragraph: justified, first line indented 1.27 cm.
struct Paragraph {
  std::string text;
};

enum class Align { kLeft, kCentre, kRight };

struct TableColumn {
  std::string header;  // printed bold and centred in the header row
  double width = 1;    // relative to the other columns' widths; > 0
  Align align = Align::kLeft;
};

// One cell: the text printed, and the integer it shows when it is a count
// or an amount (the workbook stores that as a number; invariant (2)).
struct TableCell {
  std::string text;
  std::optional<int64_t> integer;

  static TableCell Text(std::string text) { return {std::move(text), std::nullopt}; }
  // text = FormatVietnameseInteger(value): "1.234.567".
  static TableCell Integer(int64_t value);
};

struct TableRow {
  std::vector<TableCell> cells;  // one per column; missing trailing cells are blank
  bool bold = false;             // a totals or group row
};

// A table with grid lines. The header row repeats on every page the table
// spans; a row is never split across pages (a row taller than a page is an
// error of the writer). Cell text wraps inside its cell.
struct Table {
  std::string title;  // bold, centred above the table; "" = none
  std::vector<TableColumn> columns;
  std::vector<TableRow> rows;
};

using Block = std::variant<Heading, Paragraph, Table>;

enum class Orientation { kPortrait, kLandscape };

// The signature block, bold and centred in the right half below the body.
struct Signature {
  std::string authority;  // "TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH"; "" = none
  std::string position;   // "CHỦ TỊCH"
  std::string signer;     // "Nguyễn Thị Hoa", printed below the signature space
};

struct OfficialDocument {
  // Header, left column. Printed in capitals whatever the case given.
  std::string superior_body;  // "HỘI LHPN TỈNH KON TUM"; "" = none
  std::string issuing_body;   // "BAN THƯỜNG VỤ HỘI LHPN THÀNH PHỐ KON TUM"
  std::string number;         // "12"; "" = left blank for the clerk to fill in
  std::string symbol;         // "BC-HLHPN"
  // Header, right column: "Kon Tum, ngày 05 tháng 01 năm 2026".
  std::string place;
  std::optional<Date> date;  // none = blanks for the day and month
  int undated_year = 0;      // the year printed when `date` is none; 0 = blank too

  // Title: the kind ("BÁO CÁO", "KẾ HOẠCH", "PHỤ LỤC") and the summary
  // (trích yếu) below it, both bold and centred; `attachment_note` is an
  // italic line under them ("(Kèm theo Kế hoạch số 288/KH-BCĐ …)"), "" = none.
  std::string kind;
  std::string summary;
  std::string attachment_note;

  std::vector<Block> body;

  // "Nơi nhận:" items as plain strings ("Như trên", "Lưu: VT"): the writer
  // adds "- " and the ";" or final "." (RecipientLines). Empty = no list.
  std::vector<std::string> recipients;
  // No block is printed when position and signer are both empty (an
  // appendix, which is signed with the document it is attached to).
  Signature signature;

  // Reports are portrait; the appendix tables of plans are landscape.
  Orientation orientation = Orientation::kPortrait;
};

// "1.234.567", "-42", "0": '.' groups thousands as Vietnamese documents do.
std::string FormatVietnameseInteger(int64_t value);

// The place-and-date line of the header. Per Decree 30, days below 10 and
// the months January and February take a leading zero:
// "Kon Tum, ngày 05 tháng 01 năm 2026", "Kon Tum, ngày 15 tháng 3 năm 2025".
// Without a date, blanks with the year ("Kon Tum, ngày      tháng      năm
// 2026") or a blank year too when `undated_year` is 0.
std::string PlaceDateLine(std::string_view place, std::optional<Date> date, int undated_year);

// "Số: 12/BC-HLHPN"; with a blank number "Số:      /BC-HLHPN"; "Số: 12"
// when the symbol is empty.
std::string NumberLine(std::string_view number, std::string_view symbol);

// The recipients as printed: "- Như trên;" … and the last "- Lưu: VT.".
// A trailing ';' or '.' (and spaces) that the caller left is replaced, so
// the punctuation is never doubled; blank items are dropped.
std::vector<std::string> RecipientLines(const std::vector<std::string>& recipients);

// Checks invariants (1)-(3) and that the issuing body and the kind are
// given and heading levels are 1 or 2. Errors are kInvalidInput with
// Location.field naming the offending field.
Status CheckDocument(const OfficialDocument& document);

}  // namespace gemis::documents
