// Internal to documents/: pages of a PDF being drawn with cairo and Pango, a
// cursor moving down them, and the text and line primitives the document
// parts (pdf_parts.cc, pdf_table.cc) are drawn with. Units are PostScript
// points (1/72 inch), the PDF surface's user space; y grows downwards.
//
// Invariants:
//  (1) nothing is drawn below the bottom margin except by a caller that
//      asked Fits first and accepted the overflow (a table row taller than a
//      page is refused before that);
//  (2) from page 2 on every page carries its number centred in the top
//      margin (Decree 30, Appendix I: the first page shows none).
// One canvas belongs to one rendering on one thread.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string_view>

namespace gemis::documents::internal {

inline constexpr double kPointsPerMm = 72.0 / 25.4;
inline constexpr double Mm(double mm) { return mm * kPointsPerMm; }

// The single font of Decree 30's layout (a Times New Roman-compatible face).
inline constexpr const char* kFontFamily = "Liberation Serif";

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// A4 in points with Decree 30's margins: top 20 mm, bottom 20 mm, left
// 30 mm, right 15 mm (the lower limits of its ranges, which keep the most
// text on a page).
struct PageGeometry {
  double width = 0;
  double height = 0;
  double top = Mm(20);
  double bottom = Mm(20);
  double left = Mm(30);
  double right = Mm(15);

  static PageGeometry A4(bool landscape);
  double content_width() const { return width - left - right; }
  double content_bottom() const { return height - bottom; }
};

struct TextStyle {
  double size = 14;  // points
  bool bold = false;
  bool italic = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  bool justify = false;
  double indent = 0;        // first line, points
  double line_spacing = 0;  // distance of baselines as a factor of the font's height; 0 = 1
};

class PdfCanvas {
 public:
  // Starts page 1 with the cursor at the top margin. `cr` draws on the PDF
  // surface; `context` has 72 dpi and the font map whose fonts were checked.
  PdfCanvas(cairo_t* cr, PangoContext* context, const PageGeometry& page);

  const PageGeometry& page() const { return page_; }
  double y() const { return y_; }
  void MoveDown(double points) { y_ += points; }
  // Whether `height` more points fit above the bottom margin.
  bool Fits(double height) const { return y_ + height <= page_.content_bottom() + 0.01; }
  // The height between the margins.
  double UsableHeight() const { return page_.content_bottom() - page_.top; }
  bool AtPageTop() const { return y_ <= page_.top + 0.01; }
  // Ends the page and starts the next, numbered (invariant (2)).
  void NewPage();
  int page_number() const { return page_number_; }

  // `text` laid out `width` points wide (wrapping at words, inside a word
  // when a word is wider; no wrapping when width <= 0).
  GObjectPtr<PangoLayout> Layout(std::string_view text, const TextStyle& style, double width) const;
  static double Height(PangoLayout* layout);
  static double Width(PangoLayout* layout);     // of the widest line
  static double Baseline(PangoLayout* layout);  // of the first line, from the top

  // Draws the whole layout with its top-left corner at (x, y).
  void Draw(PangoLayout* layout, double x, double y);
  // Draws the layout at the cursor, line by line, starting a new page where
  // the next line would cross the bottom margin; the cursor ends below it.
  void Flow(PangoLayout* layout, double x);
  // A horizontal line from x0 to x1 at y, `weight` points thick.
  void Rule(double x0, double x1, double y, double weight = 0.6);
  // The border of a rectangle (table cells).
  void Box(double x, double y, double width, double height, double weight = 0.5);

 private:
  cairo_t* cr_;
  PangoContext* context_;
  PageGeometry page_;
  double y_;
  int page_number_ = 1;
};

}  // namespace gemis::documents::internal
