// Official documents as PDF, laid out per Decree 30/2020/NĐ-CP, Appendix I
// (A4, margins 20/20/30/15 mm, Liberation Serif — the Times New
// Roman-compatible face — in the sizes and styles of docs/documents.md):
// Pango lays the Vietnamese text out, cairo draws it on a PDF surface.
//
// Invariants of every PDF produced:
//  (1) every glyph is Liberation Serif, embedded (a subset): the font and
//      its Vietnamese letters are checked before anything is drawn, so a
//      machine without it fails instead of substituting another face with
//      other metrics for some letters;
//  (2) the text can be extracted as written (cairo writes ToUnicode maps):
//      pdftotext gives back "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
//  (3) the document's title ("BÁO CÁO - Kết quả …") is the PDF's Title.
//
// Thread safety: distinct documents may be rendered on several threads at
// once. Each call makes its own Pango font map, context and cairo surface
// (Pango's default font map is per thread, and font maps are not
// thread-safe objects, so none is shared). What is shared is fontconfig's
// configuration, which fontconfig (≥ 2.10; Debian 12 has 2.14) initialises
// once under its own lock on first use; that first call reads the font
// cache and takes some tens of milliseconds. Fontconfig keeps that
// configuration until the process exits, which LeakSanitizer reports (see
// tests/documents/lsan_suppressions.cc).
#pragma once

#include <string>

#include "core/status.h"
#include "documents/official_document.h"

namespace gemis::documents {

// The PDF file's bytes. Errors: the document fails CheckDocument
// (kInvalidInput naming the field, e.g. "summary" for invalid UTF-8), a
// table row taller than a page (kInvalidInput naming "body[i].rows[j]"),
// Liberation Serif missing (CheckPdfFont's error), cairo failing (kInternal
// with cairo's reason).
Result<std::string> RenderPdf(const OfficialDocument& document);

// OK when fontconfig resolves "Liberation Serif" in regular, bold, italic
// and bold italic to Liberation Serif itself, with every Vietnamese letter
// (Liberation 2, Debian's fonts-liberation2; version 1.07, fonts-liberation,
// lacks ệ, ư, ơ …); otherwise kNotFound naming the face found instead and
// the Debian package to install, fonts-liberation2.
Status CheckPdfFont();

}  // namespace gemis::documents
