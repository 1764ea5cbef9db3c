#include "documents/pdf_writer.h"

#include <cairo-pdf.h>

#include <memory>
#include <string>

#include "documents/pdf_canvas.h"
#include "documents/pdf_parts.h"

namespace gemis::documents {
namespace {

using internal::GObjectPtr;

struct CairoSurfaceDestroy {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct FontDescriptionFree {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

// One rendering's own font map and context (see the header on threads).
struct Fonts {
  GObjectPtr<PangoFontMap> map;
  GObjectPtr<PangoContext> context;
};

// The letters of Vietnamese beyond ASCII, precomposed (text is NFC): Ă Â Đ
// Ê Ô Ơ Ư in both cases and the toned vowels U+1EA0..U+1EF9. Liberation
// 1.07 (Debian's fonts-liberation) lacks most of them; fontconfig would
// silently take them from another face.
bool CoversVietnamese(PangoFont* font) {
  for (gunichar c : {0x102u, 0x103u, 0xC2u, 0xE2u, 0x110u, 0x111u, 0xCAu, 0xEAu, 0xD4u, 0xF4u,
                     0x1A0u, 0x1A1u, 0x1AFu, 0x1B0u}) {
    if (!pango_font_has_char(font, c)) return false;
  }
  for (gunichar c = 0x1EA0; c <= 0x1EF9; ++c) {
    if (!pango_font_has_char(font, c)) return false;
  }
  return true;
}

// OK when fontconfig gives Liberation Serif itself at `weight` and `style`,
// with every Vietnamese letter; otherwise an error naming what it gave.
Status CheckFace(const Fonts& fonts, PangoWeight weight, PangoStyle style, const char* name) {
  FontDescriptionPtr wanted(pango_font_description_new());
  pango_font_description_set_family_static(wanted.get(), internal::kFontFamily);
  pango_font_description_set_weight(wanted.get(), weight);
  pango_font_description_set_style(wanted.get(), style);
  pango_font_description_set_absolute_size(wanted.get(), 14 * PANGO_SCALE);
  GObjectPtr<PangoFont> font(
      pango_font_map_load_font(fonts.map.get(), fonts.context.get(), wanted.get()));
  std::string found = "no font at all";
  if (font) {
    FontDescriptionPtr got(pango_font_describe(font.get()));
    const char* family = pango_font_description_get_family(got.get());
    const bool same_family = family && g_ascii_strcasecmp(family, internal::kFontFamily) == 0;
    // A missing bold or italic file makes fontconfig hand out the regular
    // face (to be slanted or emboldened by the renderer): a different face.
    const bool same_face = pango_font_description_get_weight(got.get()) >= weight &&
                           (pango_font_description_get_style(got.get()) != PANGO_STYLE_NORMAL) ==
                               (style != PANGO_STYLE_NORMAL);
    gchar* text = pango_font_description_to_string(got.get());
    found = text;
    g_free(text);
    if (same_family && same_face) {
      if (CoversVietnamese(font.get())) return Status::Ok();
      found += ", which lacks Vietnamese letters (an old Liberation, 1.x)";
    }
  }
  return Status::NotFound(std::string("the font Liberation Serif ") + name +
                          " with Vietnamese letters is not installed (fontconfig gives " + found +
                          "); install the Debian package fonts-liberation2");
}

Result<Fonts> OpenFonts() {
  Fonts fonts;
  fonts.map.reset(pango_cairo_font_map_new());
  fonts.context.reset(pango_font_map_create_context(fonts.map.get()));
  PangoContext* context = fonts.context.get();
  pango_cairo_context_set_resolution(context, 72);
  // Unhinted metrics: positions on a PDF page must not snap to a screen's pixels.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context, FALSE);
  pango_context_set_language(context, pango_language_from_string("vi"));
  GEMIS_RETURN_IF_ERROR(CheckFace(fonts, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, "Regular"));
  GEMIS_RETURN_IF_ERROR(CheckFace(fonts, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, "Bold"));
  GEMIS_RETURN_IF_ERROR(CheckFace(fonts, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, "Italic"));
  GEMIS_RETURN_IF_ERROR(CheckFace(fonts, PANGO_WEIGHT_BOLD, PANGO_STYLE_ITALIC, "Bold Italic"));
  return fonts;
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Status DrawDocument(internal::PdfCanvas& canvas, const OfficialDocument& document) {
  internal::DrawHeader(canvas, document);
  internal::DrawTitle(canvas, document);
  GEMIS_RETURN_IF_ERROR(internal::DrawBody(canvas, document.body));
  internal::DrawClosing(canvas, document);
  return Status::Ok();
}

}  // namespace

Status CheckPdfFont() { return OpenFonts().status(); }

Result<std::string> RenderPdf(const OfficialDocument& document) {
  GEMIS_RETURN_IF_ERROR(CheckDocument(document));
  GEMIS_ASSIGN_OR_RETURN(Fonts fonts, OpenFonts());
  const auto page = internal::PageGeometry::A4(document.orientation == Orientation::kLandscape);

  std::string bytes;
  std::unique_ptr<cairo_surface_t, CairoSurfaceDestroy> surface(
      cairo_pdf_surface_create_for_stream(Append, &bytes, page.width, page.height));
  const std::string title =
      document.summary.empty() ? document.kind : document.kind + " - " + document.summary;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "gemis");
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    pango_cairo_update_context(cr.get(), fonts.context.get());
    internal::PdfCanvas canvas(cr.get(), fonts.context.get(), page);
    GEMIS_RETURN_IF_ERROR(DrawDocument(canvas, document));
  }
  cairo_surface_finish(surface.get());
  const cairo_status_t status = cairo_surface_status(surface.get());
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo could not write the PDF: ") +
                            cairo_status_to_string(status));
  }
  return bytes;
}

}  // namespace gemis::documents
