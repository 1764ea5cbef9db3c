#include "documents/pdf_canvas.h"

#include <algorithm>
#include <string>

namespace gemis::documents::internal {
namespace {

double Points(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }
int PangoUnits(double points) { return static_cast<int>(points * PANGO_SCALE + 0.5); }

// Page numbers: 13 pt upright, centred in the top margin.
constexpr double kPageNumberSize = 13;

}  // namespace

PageGeometry PageGeometry::A4(bool landscape) {
  PageGeometry page;
  const double short_side = Mm(210), long_side = Mm(297);
  page.width = landscape ? long_side : short_side;
  page.height = landscape ? short_side : long_side;
  return page;
}

PdfCanvas::PdfCanvas(cairo_t* cr, PangoContext* context, const PageGeometry& page)
    : cr_(cr), context_(context), page_(page), y_(page.top) {}

void PdfCanvas::NewPage() {
  cairo_show_page(cr_);
  ++page_number_;
  y_ = page_.top;
  TextStyle style{.size = kPageNumberSize, .align = PANGO_ALIGN_CENTER};
  auto number = Layout(std::to_string(page_number_), style, page_.content_width());
  // Centred vertically in the top margin.
  Draw(number.get(), page_.left, (page_.top - Height(number.get())) / 2);
}

GObjectPtr<PangoLayout> PdfCanvas::Layout(std::string_view text, const TextStyle& style,
                                          double width) const {
  GObjectPtr<PangoLayout> layout(pango_layout_new(context_));
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family_static(font, kFontFamily);
  // Absolute: in the surface's units (points) whatever the context's resolution.
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  if (width > 0) {
    pango_layout_set_width(layout.get(), PangoUnits(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout.get(), style.align);
  pango_layout_set_justify(layout.get(), style.justify);
  pango_layout_set_indent(layout.get(), PangoUnits(style.indent));
  if (style.line_spacing > 0) {
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(style.line_spacing));
  }
  return layout;
}

double PdfCanvas::Height(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return Points(logical.height);
}

double PdfCanvas::Width(PangoLayout* layout) {
  double widest = 0;
  PangoLayoutIter* it = pango_layout_get_iter(layout);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    widest = std::max(widest, Points(logical.width));
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return widest;
}

double PdfCanvas::Baseline(PangoLayout* layout) {
  return Points(pango_layout_get_baseline(layout));
}

void PdfCanvas::Draw(PangoLayout* layout, double x, double y) {
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout);
}

void PdfCanvas::Flow(PangoLayout* layout, double x) {
  // Layout coordinates are mapped to the page by `offset`, which changes
  // when a line moves to the next page.
  double offset = y_;
  double end = y_;
  PangoLayoutIter* it = pango_layout_get_iter(layout);
  do {
    int top = 0, bottom = 0;
    pango_layout_iter_get_line_yrange(it, &top, &bottom);
    if (offset + Points(bottom) > page_.content_bottom() + 0.01 &&
        offset + Points(top) > page_.top) {
      NewPage();
      offset = y_ - Points(top);
    }
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    cairo_move_to(cr_, x + Points(logical.x), offset + Points(pango_layout_iter_get_baseline(it)));
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    end = offset + Points(bottom);
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  y_ = end;
}

void PdfCanvas::Rule(double x0, double x1, double y, double weight) {
  cairo_set_line_width(cr_, weight);
  cairo_move_to(cr_, x0, y);
  cairo_line_to(cr_, x1, y);
  cairo_stroke(cr_);
}

void PdfCanvas::Box(double x, double y, double width, double height, double weight) {
  cairo_set_line_width(cr_, weight);
  cairo_rectangle(cr_, x, y, width, height);
  cairo_stroke(cr_);
}

}  // namespace gemis::documents::internal
