#include "documents/official_document.h"

#include <string>

#include "core/number_format.h"
#include "core/text.h"

namespace gemis::documents {
namespace {

// The blank a clerk fills in by hand: the number, the day, the month.
constexpr std::string_view kBlank = "      ";

// Decree 30, Appendix I, 1.4: "ngày dưới 10 và tháng 1, 2 phải ghi thêm số 0".
std::string TwoDigits(unsigned value) { return (value < 10 ? "0" : "") + std::to_string(value); }

Status CheckText(std::string_view text, const std::string& field) {
  return CheckUtf8(text).WithContext(Location{.field = field});
}

std::string Indexed(const std::string& prefix, size_t index) {
  return prefix + "[" + std::to_string(index) + "]";
}

Status CheckTable(const Table& table, const std::string& field) {
  GEMIS_RETURN_IF_ERROR(CheckText(table.title, field + ".title"));
  if (table.columns.empty()) {
    return Status::Invalid("a table needs at least one column",
                           Location{.field = field + ".columns"});
  }
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const std::string name = Indexed(field + ".columns", c);
    GEMIS_RETURN_IF_ERROR(CheckText(table.columns[c].header, name + ".header"));
    if (!(table.columns[c].width > 0)) {
      return Status::Invalid("a column's relative width must be positive",
                             Location{.field = name + ".width"});
    }
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const TableRow& row = table.rows[r];
    const std::string name = Indexed(field + ".rows", r);
    if (row.cells.size() > table.columns.size()) {
      return Status::Invalid("the row has " + std::to_string(row.cells.size()) +
                                 " cells but the table " + std::to_string(table.columns.size()) +
                                 " columns",
                             Location{.field = name});
    }
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const TableCell& cell = row.cells[c];
      const std::string cell_name = Indexed(name + ".cells", c);
      GEMIS_RETURN_IF_ERROR(CheckText(cell.text, cell_name));
      if (cell.integer && cell.text != FormatVietnameseInteger(*cell.integer)) {
        return Status::Invalid("the cell shows \"" + cell.text + "\" but carries the number " +
                                   std::to_string(*cell.integer) + " (use TableCell::Integer)",
                               Location{.field = cell_name});
      }
    }
  }
  return Status::Ok();
}

Status CheckBlock(const Block& block, const std::string& field) {
  if (const auto* heading = std::get_if<Heading>(&block)) {
    if (heading->level != 1 && heading->level != 2) {
      return Status::Invalid("a heading's level is 1 or 2", Location{.field = field + ".level"});
    }
    return CheckText(heading->text, field + ".text");
  }
  if (const auto* paragraph = std::get_if<Paragraph>(&block)) {
    return CheckText(paragraph->text, field + ".text");
  }
  return CheckTable(std::get<Table>(block), field);
}

}  // namespace

TableCell TableCell::Integer(int64_t value) { return {FormatVietnameseInteger(value), value}; }

std::string FormatVietnameseInteger(int64_t value) { return FormatIntegerVi(value); }

std::string PlaceDateLine(std::string_view place, std::optional<Date> date, int undated_year) {
  std::string line(place);
  line += ", ngày ";
  if (date) {
    const unsigned month = date->month();
    line += TwoDigits(date->day()) + " tháng " +
            (month <= 2 ? TwoDigits(month) : std::to_string(month)) + " năm " +
            std::to_string(date->year());
    return line;
  }
  line += std::string(kBlank) + " tháng " + std::string(kBlank) + " năm ";
  line += undated_year > 0 ? std::to_string(undated_year) : std::string(kBlank);
  return line;
}

std::string NumberLine(std::string_view number, std::string_view symbol) {
  std::string line = "Số: ";
  line += number.empty() ? kBlank : number;
  if (!symbol.empty()) line += "/" + std::string(symbol);
  return line;
}

std::vector<std::string> RecipientLines(const std::vector<std::string>& recipients) {
  std::vector<std::string> items;
  for (const std::string& recipient : recipients) {
    std::string_view text = recipient;
    while (!text.empty() && (text.back() == ';' || text.back() == '.' || text.back() == ' ')) {
      text.remove_suffix(1);
    }
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (!text.empty()) items.push_back("- " + std::string(text));
  }
  for (size_t i = 0; i < items.size(); ++i) items[i] += i + 1 == items.size() ? "." : ";";
  return items;
}

Status CheckDocument(const OfficialDocument& document) {
  const std::pair<std::string_view, const char*> texts[] = {
      {document.superior_body, "superior_body"},
      {document.issuing_body, "issuing_body"},
      {document.number, "number"},
      {document.symbol, "symbol"},
      {document.place, "place"},
      {document.kind, "kind"},
      {document.summary, "summary"},
      {document.attachment_note, "attachment_note"},
      {document.signature.authority, "signature.authority"},
      {document.signature.position, "signature.position"},
      {document.signature.signer, "signature.signer"},
  };
  for (const auto& [text, field] : texts) GEMIS_RETURN_IF_ERROR(CheckText(text, field));
  for (size_t i = 0; i < document.recipients.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(CheckText(document.recipients[i], Indexed("recipients", i)));
  }
  if (document.issuing_body.empty()) {
    return Status::Invalid("the issuing body is missing", Location{.field = "issuing_body"});
  }
  if (document.kind.empty()) {
    return Status::Invalid("the kind of document (BÁO CÁO, KẾ HOẠCH …) is missing",
                           Location{.field = "kind"});
  }
  for (size_t i = 0; i < document.body.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(CheckBlock(document.body[i], Indexed("body", i)));
  }
  return Status::Ok();
}

}  // namespace gemis::documents
