// Reads back an .xlsx file the way a test needs to check it: opens the zip
// with libzip and parses its parts with pugixml (sheet names, cells with
// their types and styles, merged ranges, the frozen pane, number formats).
// Header-only on purpose: unlike the rest of tests/support/ it needs libzip
// and pugixml, which only the test executables linking gemis_exchange
// (exchange_tests, cli_tests) have.
#pragma once

#include <zip.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace gemis::test_support {

struct XlsxCellData {
  // The cell's t attribute: "s" (shared string), "n" (number, also when the
  // attribute is absent), "str", "inlineStr", "b", "e"; "blank" when the
  // cell has no value.
  std::string type;
  std::string text;  // the string of s, str and inlineStr cells; the raw <v> of others
  double number = 0;
  int style = 0;  // index into cellXfs
  bool formula = false;
};

struct XlsxPane {
  int x_split = 0;
  int y_split = 0;
  std::string top_left;
  std::string state;  // "frozen"
};

struct XlsxSheetData {
  std::map<std::pair<int, int>, XlsxCellData> cells;  // (row, col), 0-based
  std::vector<std::string> merges;                    // "A1:U1"
  std::optional<XlsxPane> pane;
  int max_row = -1;  // last row with a cell
  int max_col = -1;

  const XlsxCellData* At(int row, int col) const {
    auto it = cells.find({row, col});
    return it == cells.end() ? nullptr : &it->second;
  }
  // The text of a string cell; "" for a blank, missing or number cell.
  std::string Text(int row, int col) const {
    const XlsxCellData* c = At(row, col);
    return c != nullptr && c->type != "n" ? c->text : "";
  }
  bool IsNumber(int row, int col) const {
    const XlsxCellData* c = At(row, col);
    return c != nullptr && c->type == "n";
  }
};

// "B7" for (6, 1).
inline std::string CellRef(int row, int col) {
  std::string letters;
  for (int c = col + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), char('A' + (c - 1) % 26));
  return letters + std::to_string(row + 1);
}

// (6, 1) for "B7".
inline std::pair<int, int> ParseCellRef(const std::string& ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
  return {std::atoi(ref.c_str() + i) - 1, col - 1};
}

class XlsxPackage {
 public:
  static std::optional<XlsxPackage> FromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return FromBytes(bytes.str());
  }

  static std::optional<XlsxPackage> FromBytes(const std::string& bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) return std::nullopt;
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip == nullptr) {
      zip_source_free(source);
      zip_error_fini(&error);
      return std::nullopt;
    }
    XlsxPackage package;
    const zip_int64_t n = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t stat;
      if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &stat) != 0) continue;
      zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
      if (file == nullptr) continue;
      std::string data(stat.size, '\0');
      zip_int64_t read = zip_fread(file, data.data(), stat.size);
      zip_fclose(file);
      if (read == static_cast<zip_int64_t>(stat.size)) package.parts_[stat.name] = std::move(data);
    }
    zip_discard(zip);  // read-only: also frees the source
    zip_error_fini(&error);
    package.Index();
    return package;
  }

  // The bytes of a part ("xl/styles.xml"); "" when absent.
  std::string Part(const std::string& name) const {
    auto it = parts_.find(name);
    return it == parts_.end() ? "" : it->second;
  }
  bool HasPart(const std::string& name) const { return parts_.count(name) > 0; }
  const std::vector<std::string>& SheetNames() const { return sheet_names_; }

  // The sheet called `name` (empty data when there is none).
  XlsxSheetData Sheet(const std::string& name) const {
    XlsxSheetData out;
    auto it = sheet_parts_.find(name);
    if (it == sheet_parts_.end()) return out;
    pugi::xml_document doc;
    if (!doc.load_string(Part(it->second).c_str())) return out;
    pugi::xml_node ws = doc.child("worksheet");
    for (pugi::xml_node row : ws.child("sheetData").children("row")) {
      for (pugi::xml_node c : row.children("c")) ReadCell(c, out);
    }
    for (pugi::xml_node m : ws.child("mergeCells").children("mergeCell")) {
      out.merges.push_back(m.attribute("ref").value());
    }
    pugi::xml_node pane = ws.child("sheetViews").child("sheetView").child("pane");
    if (pane) {
      out.pane = XlsxPane{pane.attribute("xSplit").as_int(), pane.attribute("ySplit").as_int(),
                          pane.attribute("topLeftCell").value(), pane.attribute("state").value()};
    }
    return out;
  }

  // The format code of a cell style: a custom numFmt of styles.xml or one of
  // Excel's built-in formats ("General" for 0).
  std::string NumberFormat(int style) const {
    const int id = Xf(style).attribute("numFmtId").as_int();
    auto custom = custom_formats_.find(id);
    if (custom != custom_formats_.end()) return custom->second;
    static const std::map<int, std::string> kBuiltIn = {
        {0, "General"},  {1, "0"},  {2, "0.00"},   {3, "#,##0"},
        {4, "#,##0.00"}, {9, "0%"}, {10, "0.00%"}, {49, "@"}};
    auto it = kBuiltIn.find(id);
    return it == kBuiltIn.end() ? "builtin " + std::to_string(id) : it->second;
  }

  bool Bold(int style) const {
    const int font = Xf(style).attribute("fontId").as_int();
    pugi::xml_node f = styles_.child("styleSheet").child("fonts").child("font");
    for (int i = 0; i < font && f; ++i) f = f.next_sibling("font");
    return f && f.child("b");
  }

  int Indent(int style) const { return Xf(style).child("alignment").attribute("indent").as_int(); }

 private:
  void Index() {
    pugi::xml_document workbook, rels, shared;
    workbook.load_string(Part("xl/workbook.xml").c_str());
    rels.load_string(Part("xl/_rels/workbook.xml.rels").c_str());
    std::map<std::string, std::string> targets;
    for (pugi::xml_node r : rels.child("Relationships").children("Relationship")) {
      targets[r.attribute("Id").value()] = r.attribute("Target").value();
    }
    for (pugi::xml_node s : workbook.child("workbook").child("sheets").children("sheet")) {
      sheet_names_.push_back(s.attribute("name").value());
      sheet_parts_[sheet_names_.back()] = "xl/" + targets[s.attribute("r:id").value()];
    }
    shared.load_string(Part("xl/sharedStrings.xml").c_str());
    for (pugi::xml_node si : shared.child("sst").children("si")) shared_.push_back(StringOf(si));
    styles_.load_string(Part("xl/styles.xml").c_str());
    for (pugi::xml_node f : styles_.child("styleSheet").child("numFmts").children("numFmt")) {
      custom_formats_[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
    }
  }

  // The text of a string item: <t>, or the runs of a rich string.
  static std::string StringOf(pugi::xml_node si) {
    if (si.child("t")) return si.child("t").text().get();
    std::string text;
    for (pugi::xml_node r : si.children("r")) text += r.child("t").text().get();
    return text;
  }

  void ReadCell(pugi::xml_node c, XlsxSheetData& out) const {
    auto [row, col] = ParseCellRef(c.attribute("r").value());
    XlsxCellData cell;
    cell.style = c.attribute("s").as_int();
    cell.formula = static_cast<bool>(c.child("f"));
    std::string t = c.attribute("t").value();
    pugi::xml_node v = c.child("v");
    if (t == "inlineStr") {
      cell.type = t;
      cell.text = StringOf(c.child("is"));
    } else if (!v) {
      cell.type = "blank";
    } else if (t == "s") {
      cell.type = t;
      size_t index = static_cast<size_t>(v.text().as_int());
      cell.text = index < shared_.size() ? shared_[index] : "";
    } else {
      cell.type = t.empty() ? "n" : t;
      cell.text = v.text().get();
      cell.number = v.text().as_double();
    }
    out.max_row = std::max(out.max_row, row);
    out.max_col = std::max(out.max_col, col);
    out.cells[{row, col}] = std::move(cell);
  }

  pugi::xml_node Xf(int style) const {
    pugi::xml_node xf = styles_.child("styleSheet").child("cellXfs").child("xf");
    for (int i = 0; i < style && xf; ++i) xf = xf.next_sibling("xf");
    return xf;
  }

  std::map<std::string, std::string> parts_;
  std::vector<std::string> sheet_names_;
  std::map<std::string, std::string> sheet_parts_;
  std::vector<std::string> shared_;
  std::map<int, std::string> custom_formats_;
  pugi::xml_document styles_;
};

}  // namespace gemis::test_support
