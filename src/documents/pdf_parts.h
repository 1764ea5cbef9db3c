// Internal to documents/: the parts of an official document drawn in order
// on a PdfCanvas, each from the cursor down, per Decree 30/2020/NĐ-CP,
// Appendix I (the table of rules is in docs/documents.md). REQUIRES: the
// document passed CheckDocument.
#pragma once

#include <string>

#include "core/status.h"
#include "documents/official_document.h"
#include "documents/pdf_canvas.h"

namespace gemis::documents::internal {

// The two header columns: issuing body and number on the left, the national
// name, motto, place and date on the right.
void DrawHeader(PdfCanvas& canvas, const OfficialDocument& document);
// Kind, summary with its rule, attachment note.
void DrawTitle(PdfCanvas& canvas, const OfficialDocument& document);
// Headings, paragraphs and tables. Errors: a table row taller than a page
// (kInvalidInput naming it).
Status DrawBody(PdfCanvas& canvas, const std::vector<Block>& body);
// "Nơi nhận:" on the left, the signature block on the right, kept on one page.
void DrawClosing(PdfCanvas& canvas, const OfficialDocument& document);

// One table (pdf_table.cc); `field` names it in errors ("body[4]").
Status DrawTable(PdfCanvas& canvas, const Table& table, const std::string& field);

}  // namespace gemis::documents::internal
