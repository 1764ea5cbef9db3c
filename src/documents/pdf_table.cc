// Tables: 12 pt text in a grid, the header row bold and centred and repeated
// on every page the table spans, rows never split, cell text wrapped inside
// its cell and centred vertically.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "documents/pdf_parts.h"

namespace gemis::documents::internal {
namespace {

constexpr double kTableSize = 12;
constexpr double kTitleSize = 14;
constexpr double kPadX = 4;    // points between a cell's border and its text, left and right
constexpr double kPadY = 2.5;  // above and below

PangoAlignment ToPango(Align align) {
  switch (align) {
    case Align::kLeft: return PANGO_ALIGN_LEFT;
    case Align::kCentre: return PANGO_ALIGN_CENTER;
    case Align::kRight: return PANGO_ALIGN_RIGHT;
  }
  return PANGO_ALIGN_LEFT;
}

struct Grid {
  std::vector<double> x;      // left edge of each column
  std::vector<double> width;  // of each column
};

Grid MakeGrid(const Table& table, const PageGeometry& page) {
  const double total =
      std::accumulate(table.columns.begin(), table.columns.end(), 0.0,
                      [](double sum, const TableColumn& c) { return sum + c.width; });
  Grid grid;
  double x = page.left;
  for (const TableColumn& column : table.columns) {
    grid.x.push_back(x);
    grid.width.push_back(page.content_width() * column.width / total);
    x += grid.width.back();
  }
  return grid;
}

struct LaidOutRow {
  std::vector<GObjectPtr<PangoLayout>> cells;
  double height = 0;  // with the padding
};

LaidOutRow LayOutHeader(const PdfCanvas& canvas, const Table& table, const Grid& grid) {
  LaidOutRow row;
  const TextStyle style{.size = kTableSize, .bold = true, .align = PANGO_ALIGN_CENTER};
  for (size_t c = 0; c < table.columns.size(); ++c) {
    row.cells.push_back(canvas.Layout(table.columns[c].header, style, grid.width[c] - 2 * kPadX));
    row.height = std::max(row.height, PdfCanvas::Height(row.cells.back().get()));
  }
  row.height += 2 * kPadY;
  return row;
}

LaidOutRow LayOutRow(const PdfCanvas& canvas, const Table& table, const Grid& grid,
                     const TableRow& source) {
  LaidOutRow row;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    std::string_view text;
    if (c < source.cells.size()) text = source.cells[c].text;
    const TextStyle style{
        .size = kTableSize, .bold = source.bold, .align = ToPango(table.columns[c].align)};
    row.cells.push_back(canvas.Layout(text, style, grid.width[c] - 2 * kPadX));
    row.height = std::max(row.height, PdfCanvas::Height(row.cells.back().get()));
  }
  row.height += 2 * kPadY;
  return row;
}

// Draws the row at the cursor: each cell's border and its text centred
// vertically; moves the cursor below the row.
void DrawRow(PdfCanvas& canvas, const LaidOutRow& row, const Grid& grid) {
  const double top = canvas.y();
  for (size_t c = 0; c < row.cells.size(); ++c) {
    canvas.Box(grid.x[c], top, grid.width[c], row.height);
    const double text_height = PdfCanvas::Height(row.cells[c].get());
    canvas.Draw(row.cells[c].get(), grid.x[c] + kPadX, top + (row.height - text_height) / 2);
  }
  canvas.MoveDown(row.height);
}

}  // namespace

Status DrawTable(PdfCanvas& canvas, const Table& table, const std::string& field) {
  const Grid grid = MakeGrid(table, canvas.page());
  const LaidOutRow header = LayOutHeader(canvas, table, grid);
  GObjectPtr<PangoLayout> title;
  double title_height = 0;
  if (!table.title.empty()) {
    const TextStyle style{.size = kTitleSize, .bold = true, .align = PANGO_ALIGN_CENTER};
    title = canvas.Layout(table.title, style, canvas.page().content_width());
    title_height = PdfCanvas::Height(title.get()) + 3;
  }
  std::vector<LaidOutRow> rows;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    rows.push_back(LayOutRow(canvas, table, grid, table.rows[r]));
    if (header.height + rows.back().height > canvas.UsableHeight()) {
      return Status::Invalid("the row is taller than a page",
                             Location{.field = field + ".rows[" + std::to_string(r) + "]"});
    }
  }

  // The title, the header and the first row stay together.
  const double first = rows.empty() ? 0 : rows.front().height;
  if (!canvas.Fits(title_height + header.height + first) && !canvas.AtPageTop()) {
    canvas.NewPage();
  }
  if (title) {
    canvas.Draw(title.get(), canvas.page().left, canvas.y());
    canvas.MoveDown(title_height);
  }
  DrawRow(canvas, header, grid);
  for (const LaidOutRow& row : rows) {
    if (!canvas.Fits(row.height)) {
      canvas.NewPage();
      DrawRow(canvas, header, grid);
    }
    DrawRow(canvas, row, grid);
  }
  return Status::Ok();
}

}  // namespace gemis::documents::internal
