#include "documents/pdf_parts.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>

namespace gemis::documents::internal {
namespace {

constexpr const char* kNation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
constexpr const char* kMotto = "Độc lập - Tự do - Hạnh phúc";

// Sizes in points (Decree 30, Appendix I; docs/documents.md).
constexpr double kHeaderSize = 13;  // bodies, number line, national name
constexpr double kMottoSize = 14;   // motto, place and date, title, body, signature
constexpr double kRecipientsLabelSize = 12;
constexpr double kRecipientsSize = 11;
constexpr double kLineSpacing = 1.2;
constexpr double kParagraphGap = 6;  // at least 6 pt between paragraphs
constexpr double kGapBelowRule = 3;  // a rule sits this far below its text

// The bodies are printed in capitals whatever the case given; glib's
// mapping is locale-independent, which Vietnamese needs (no special cases).
std::string Upper(std::string_view text) {
  gchar* upper = g_utf8_strup(text.data(), static_cast<gssize>(text.size()));
  std::string result(upper);
  g_free(upper);
  return result;
}

TextStyle Centred(double size, bool bold = false, bool italic = false) {
  return {.size = size, .bold = bold, .italic = italic, .align = PANGO_ALIGN_CENTER};
}

TextStyle BodyStyle(bool bold = false, bool italic = false) {
  return {.size = kMottoSize,
          .bold = bold,
          .italic = italic,
          .justify = true,
          .indent = Mm(12.7),
          .line_spacing = kLineSpacing};
}

// A centred block of text whose lines are about equally long, as a clerk
// breaks "BAN THƯỜNG VỤ HỘI LHPN / THÀNH PHỐ KON TUM": the narrowest width
// (to half a point) that needs no more lines than `width` does and breaks
// no word. `x` is where to draw it to stay centred in the column.
struct CentredText {
  GObjectPtr<PangoLayout> layout;
  double x = 0;
};

CentredText Balanced(const PdfCanvas& canvas, std::string_view text, const TextStyle& style,
                     double x, double width) {
  auto lines_at = [&](double w) {
    auto layout = canvas.Layout(text, style, w);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD);  // an overlong word overflows
    const bool fits = PdfCanvas::Width(layout.get()) <= w + 0.01;
    return fits ? pango_layout_get_line_count(layout.get()) : INT32_MAX;
  };
  const int lines = pango_layout_get_line_count(canvas.Layout(text, style, width).get());
  double narrow = width / (lines + 1), wide = width;
  if (lines > 1 && lines_at(wide) <= lines) {
    while (wide - narrow > 0.5) {
      const double middle = (narrow + wide) / 2;
      (lines_at(middle) <= lines ? wide : narrow) = middle;
    }
  }
  return {canvas.Layout(text, style, wide), x + (width - wide) / 2};
}

// Draws `layout` at (x, y) and returns the y just below it.
double DrawAt(PdfCanvas& canvas, PangoLayout* layout, double x, double y) {
  canvas.Draw(layout, x, y);
  return y + PdfCanvas::Height(layout);
}

// A centred rule `fraction` of the layout's widest line, below it; returns
// the y below the rule.
double RuleUnder(PdfCanvas& canvas, PangoLayout* layout, double column_x, double column_width,
                 double y, double fraction) {
  const double length = PdfCanvas::Width(layout) * fraction;
  const double centre = column_x + column_width / 2;
  const double rule_y = y + kGapBelowRule;
  canvas.Rule(centre - length / 2, centre + length / 2, rule_y);
  return rule_y;
}

}  // namespace

void DrawHeader(PdfCanvas& canvas, const OfficialDocument& document) {
  const PageGeometry& page = canvas.page();
  // The right column is as wide as the national name plus 2 mm each side;
  // the left column takes the rest.
  const TextStyle nation_style = Centred(kHeaderSize, true);
  const double right_width =
      PdfCanvas::Width(canvas.Layout(kNation, nation_style, 0).get()) + Mm(4);
  const double left_width = page.content_width() - right_width;
  const double left_x = page.left, right_x = page.left + left_width;
  const double top = canvas.y();

  double left_y = top;
  if (!document.superior_body.empty()) {
    CentredText superior =
        Balanced(canvas, Upper(document.superior_body), Centred(kHeaderSize), left_x, left_width);
    left_y = DrawAt(canvas, superior.layout.get(), superior.x, left_y);
  }
  CentredText issuing = Balanced(canvas, Upper(document.issuing_body), Centred(kHeaderSize, true),
                                 left_x, left_width);
  left_y = DrawAt(canvas, issuing.layout.get(), issuing.x, left_y);
  left_y = RuleUnder(canvas, issuing.layout.get(), left_x, left_width, left_y, 1.0 / 3);

  auto nation = canvas.Layout(kNation, nation_style, right_width);
  double right_y = DrawAt(canvas, nation.get(), right_x, top);
  auto motto = canvas.Layout(kMotto, Centred(kMottoSize, true), right_width);
  right_y = DrawAt(canvas, motto.get(), right_x, right_y);
  right_y = RuleUnder(canvas, motto.get(), right_x, right_width, right_y, 1.0);

  // The number and the place-and-date line share a baseline.
  auto number =
      canvas.Layout(NumberLine(document.number, document.symbol), Centred(kHeaderSize), left_width);
  auto dated = canvas.Layout(PlaceDateLine(document.place, document.date, document.undated_year),
                             Centred(kMottoSize, false, true), right_width);
  const double baseline =
      std::max(left_y, right_y) + 8 +
      std::max(PdfCanvas::Baseline(number.get()), PdfCanvas::Baseline(dated.get()));
  const double number_top = baseline - PdfCanvas::Baseline(number.get());
  const double dated_top = baseline - PdfCanvas::Baseline(dated.get());
  const double bottom = std::max(DrawAt(canvas, number.get(), left_x, number_top),
                                 DrawAt(canvas, dated.get(), right_x, dated_top));
  canvas.MoveDown(bottom - canvas.y());
}

void DrawTitle(PdfCanvas& canvas, const OfficialDocument& document) {
  const PageGeometry& page = canvas.page();
  canvas.MoveDown(Mm(8));
  auto kind = canvas.Layout(document.kind, Centred(kMottoSize, true), page.content_width());
  double y = DrawAt(canvas, kind.get(), page.left, canvas.y());
  if (!document.summary.empty()) {
    // The summary wraps within the middle 80% so that a long one stays a
    // centred block.
    const double width = page.content_width() * 0.8;
    const double x = page.left + page.content_width() * 0.1;
    CentredText summary = Balanced(canvas, document.summary, Centred(kMottoSize, true), x, width);
    y = DrawAt(canvas, summary.layout.get(), summary.x, y);
    y = RuleUnder(canvas, summary.layout.get(), x, width, y, 1.0 / 3) + 2;
  }
  if (!document.attachment_note.empty()) {
    auto note = canvas.Layout(document.attachment_note, Centred(kMottoSize, false, true),
                              page.content_width());
    y = DrawAt(canvas, note.get(), page.left, y + 2);
  }
  canvas.MoveDown(y - canvas.y() + Mm(6));
}

Status DrawBody(PdfCanvas& canvas, const std::vector<Block>& body) {
  const double width = canvas.page().content_width();
  for (size_t i = 0; i < body.size(); ++i) {
    if (const auto* heading = std::get_if<Heading>(&body[i])) {
      auto layout = canvas.Layout(heading->text, BodyStyle(true, heading->level == 2), width);
      // A heading keeps with two lines of what follows it.
      const double next_lines = 2 * kMottoSize * kLineSpacing * 1.15;
      if (!canvas.Fits(PdfCanvas::Height(layout.get()) + next_lines) && !canvas.AtPageTop()) {
        canvas.NewPage();
      }
      canvas.Flow(layout.get(), canvas.page().left);
    } else if (const auto* paragraph = std::get_if<Paragraph>(&body[i])) {
      auto layout = canvas.Layout(paragraph->text, BodyStyle(), width);
      canvas.Flow(layout.get(), canvas.page().left);
    } else {
      GEMIS_RETURN_IF_ERROR(
          DrawTable(canvas, std::get<Table>(body[i]), "body[" + std::to_string(i) + "]"));
    }
    canvas.MoveDown(kParagraphGap);
  }
  return Status::Ok();
}

void DrawClosing(PdfCanvas& canvas, const OfficialDocument& document) {
  const Signature& signature = document.signature;
  const bool signed_here = !signature.position.empty() || !signature.signer.empty();
  const std::vector<std::string> recipients = RecipientLines(document.recipients);
  if (recipients.empty() && !signed_here) return;

  const PageGeometry& page = canvas.page();
  const double half = page.content_width() / 2;
  canvas.MoveDown(Mm(4));

  auto label = canvas.Layout(
      "Nơi nhận:", {.size = kRecipientsLabelSize, .bold = true, .italic = true}, half);
  std::string items;
  for (const std::string& line : recipients) items += (items.empty() ? "" : "\n") + line;
  auto list = canvas.Layout(items, {.size = kRecipientsSize}, half - Mm(5));
  const double left_height =
      recipients.empty() ? 0 : PdfCanvas::Height(label.get()) + PdfCanvas::Height(list.get());

  std::string title = signature.authority;
  if (!signature.position.empty()) title += (title.empty() ? "" : "\n") + signature.position;
  auto office = canvas.Layout(title, Centred(kMottoSize, true), half);
  auto signer = canvas.Layout(signature.signer, Centred(kMottoSize, true), half);
  const double signature_space = Mm(25);
  const double right_height = signed_here ? PdfCanvas::Height(office.get()) + signature_space +
                                                PdfCanvas::Height(signer.get())
                                          : 0;

  if (!canvas.Fits(std::max(left_height, right_height)) && !canvas.AtPageTop()) canvas.NewPage();
  const double top = canvas.y();
  if (!recipients.empty()) {
    DrawAt(canvas, list.get(), page.left, DrawAt(canvas, label.get(), page.left, top));
  }
  if (signed_here) {
    const double x = page.left + half;
    DrawAt(canvas, signer.get(), x, DrawAt(canvas, office.get(), x, top) + signature_space);
  }
  canvas.MoveDown(std::max(left_height, right_height));
}

}  // namespace gemis::documents::internal
