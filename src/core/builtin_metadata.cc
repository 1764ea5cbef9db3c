#include "core/builtin_metadata.h"

#include <array>
#include <map>
#include <utility>

#include "core/text.h"
#include "core/uid.h"

namespace gemis {

namespace {

// ---- Built-in objects ------------------------------------------------------

CategoryOption MakeOption(std::string_view code, std::string_view name, std::string_view name_en) {
  CategoryOption option;
  option.uid = UidFromKey("co:" + std::string(code));
  option.code = code;
  option.name = name;
  option.name_en = name_en;
  return option;
}

Category MakeCategory(std::string_view code, std::string_view name, std::string_view name_en,
                      std::vector<CategoryOption> options) {
  Category category;
  category.uid = UidFromKey("cat:" + std::string(code));
  category.code = code;
  category.name = name;
  category.name_en = name_en;
  category.options = std::move(options);
  return category;
}

CategoryCombo MakeCombo(std::string_view code, std::string_view name, std::string_view name_en,
                        std::vector<Category> categories) {
  CategoryCombo combo;
  combo.uid = UidFromKey("cc:" + std::string(code));
  combo.code = code;
  combo.name = name;
  combo.name_en = name_en;
  combo.categories = std::move(categories);
  return combo;
}

// ---- The ethnic list -------------------------------------------------------

constexpr std::array<const char*, 4> kColumns = {"code", "name", "name_en", "other_names"};

struct Field {
  std::string text;
  int column = 0;  // 1-based byte column of the field's first byte
};

Status FailAt(int line, int column, std::string_view field, std::string message) {
  return Status::Invalid(std::move(message),
                         Location{.line = line, .column = column, .field = std::string(field)});
}

// One CSV record on one line (RFC 4180 quoting: "a ""b""" is a "b").
// Errors carry the column only.
Result<std::vector<Field>> SplitCsvLine(std::string_view line) {
  std::vector<Field> fields;
  size_t i = 0;
  while (true) {
    Field field{.column = static_cast<int>(i + 1)};
    if (i < line.size() && line[i] == '"') {
      for (++i;; ++i) {
        if (i >= line.size()) return FailAt(0, field.column, "", "quoted field is not closed");
        if (line[i] != '"') {
          field.text += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field.text += line[++i];
        } else {
          break;
        }
      }
      if (++i < line.size() && line[i] != ',') {
        return FailAt(0, static_cast<int>(i + 1), "", "text after the closing quote of a field");
      }
    } else {
      size_t end = std::min(line.find(',', i), line.size());
      field.text = line.substr(i, end - i);
      size_t quote = field.text.find('"');
      if (quote != std::string::npos) {
        return FailAt(0, static_cast<int>(i + quote + 1), "",
                      "quote inside an unquoted field (quote the whole field)");
      }
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

std::string TwoDigits(size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

bool HasOuterSpace(std::string_view text) {
  return !text.empty() && (text.front() == ' ' || text.back() == ' ');
}

// Collects the rows of the ethnic list, checking each as it comes.
class EthnicListParser {
 public:
  Status Row(std::string_view line, int line_number) {
    Result<std::vector<Field>> split = SplitCsvLine(line);
    if (!split.ok()) return split.status().WithContext(Location{.line = line_number});
    const std::vector<Field>& fields = *split;
    if (fields.size() != kColumns.size()) {
      return FailAt(line_number, 1, "",
                    "expected 4 fields (" + std::string(kEthnicGroupsHeader) + "), found " +
                        std::to_string(fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      GEMIS_RETURN_IF_ERROR(CheckText(fields[i], line_number, kColumns[i]));
    }
    GEMIS_RETURN_IF_ERROR(CheckCode(fields[0], line_number));
    CategoryOption option =
        MakeOption(EthnicOptionCode(fields[0].text), fields[1].text, fields[2].text);
    GEMIS_RETURN_IF_ERROR(CheckName(fields[1], line_number, kColumns[1]));
    GEMIS_RETURN_IF_ERROR(CheckName(fields[2], line_number, kColumns[2]));
    GEMIS_RETURN_IF_ERROR(Claim(fields[1].text, line_number, fields[1].column, kColumns[1]));
    GEMIS_ASSIGN_OR_RETURN(option.aliases, Aliases(fields[3], line_number));
    options_.push_back(std::move(option));
    return Status::Ok();
  }

  Result<Category> Finish() {
    if (options_.size() != static_cast<size_t>(kEthnicGroupCount)) {
      return Status::Invalid("found " + std::to_string(options_.size()) +
                             " ethnic groups; expected " + std::to_string(kEthnicGroupCount) +
                             " (codes 01 to " + std::to_string(kEthnicGroupCount) + ")");
    }
    return MakeCategory(kEthnicityCode, "Dân tộc", "Ethnicity", std::move(options_));
  }

 private:
  static Status CheckText(const Field& field, int line, const char* name) {
    Status utf8 = CheckUtf8(field.text);
    if (!utf8.ok()) {
      return FailAt(line, field.column + utf8.where().column - 1, name, utf8.message());
    }
    if (!IsNfc(field.text)) {
      return FailAt(line, field.column, name,
                    "text is not in Unicode NFC (normalize the file to NFC)");
    }
    return Status::Ok();
  }

  Status CheckCode(const Field& field, int line) const {
    if (options_.size() == static_cast<size_t>(kEthnicGroupCount)) {
      return FailAt(line, field.column, "code",
                    "more than " + std::to_string(kEthnicGroupCount) + " ethnic groups");
    }
    std::string expected = TwoDigits(options_.size() + 1);
    if (field.text != expected) {
      return FailAt(line, field.column, "code",
                    "code '" + field.text + "' where '" + expected +
                        "' was expected (codes are two digits, 01, 02, … in order without gaps)");
    }
    return Status::Ok();
  }

  static Status CheckName(const Field& field, int line, const char* name) {
    if (field.text.find_first_not_of(' ') == std::string::npos) {
      return FailAt(line, field.column, name, std::string(name) + " is empty");
    }
    if (HasOuterSpace(field.text)) {
      return FailAt(line, field.column, name,
                    std::string(name) + " '" + field.text + "' has leading or trailing spaces");
    }
    return Status::Ok();
  }

  Result<std::vector<std::string>> Aliases(const Field& field, int line) {
    std::vector<std::string> aliases;
    if (field.text.empty()) return aliases;
    size_t start = 0;
    while (start <= field.text.size()) {
      size_t end = std::min(field.text.find(';', start), field.text.size());
      std::string alias = field.text.substr(start, end - start);
      int column = field.column + static_cast<int>(start);
      if (alias.find_first_not_of(' ') == std::string::npos || HasOuterSpace(alias)) {
        return FailAt(line, column, "other_names",
                      "other name '" + alias + "' is empty or has leading or trailing spaces");
      }
      GEMIS_RETURN_IF_ERROR(Claim(alias, line, column, "other_names"));
      aliases.push_back(std::move(alias));
      start = end + 1;
    }
    return aliases;
  }

  // Registers a name under its search key; a key may name one group only.
  Status Claim(const std::string& text, int line, int column, const char* field) {
    std::string key = FoldForSearch(text);
    auto [it, inserted] = lines_by_key_.emplace(key, line);
    if (inserted) return Status::Ok();
    return FailAt(line, column, field,
                  "'" + text + "' equals a name or other name on line " +
                      std::to_string(it->second) + " when case and diacritics are ignored (" +
                      "both read '" + key + "'); each name must identify one group");
  }

  std::vector<CategoryOption> options_;
  std::map<std::string, int> lines_by_key_;
};

}  // namespace

Category SexCategory() {
  return MakeCategory(kSexCode, "Giới tính", "Sex",
                      {MakeOption("MALE", "Nam", "Male"), MakeOption("FEMALE", "Nữ", "Female")});
}

Category AgeBandCategory() {
  return MakeCategory(kAgeBandCode, "Nhóm tuổi", "Age band",
                      {MakeOption("AGE_0_15", "Dưới 16 tuổi", "Under 16 years"),
                       MakeOption("AGE_16_30", "Từ 16 đến 30 tuổi", "16-30 years"),
                       MakeOption("AGE_31_59", "Từ 31 đến 59 tuổi", "31-59 years"),
                       MakeOption("AGE_60_PLUS", "Từ 60 tuổi trở lên", "60 years and over")});
}

Category ImplementingLevelCategory() {
  CategoryOption district =
      MakeOption("DISTRICT", "Huyện thực hiện", "Implemented by the district");
  district.end_date = Date::FromYmd(2025, 6, 30);
  return MakeCategory(
      kImplementingLevelCode, "Cấp thực hiện", "Implementing level",
      {MakeOption("PROVINCE", "Tỉnh thực hiện", "Implemented by the province"), district,
       MakeOption("COMMUNE", "Xã thực hiện", "Implemented by the commune")});
}

Category ModelStatusCategory() {
  return MakeCategory(kModelStatusCode, "Tình trạng mô hình", "Model status",
                      {MakeOption("NEW", "Thành lập mới", "Newly established"),
                       MakeOption("CONSOLIDATED", "Củng cố", "Consolidated"),
                       MakeOption("MAINTAINED", "Duy trì", "Maintained")});
}

std::string EthnicOptionCode(std::string_view gso_code) {
  return "ETHNIC_" + std::string(gso_code);
}

Result<Category> ParseEthnicGroupsCsv(std::string_view csv_text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (csv_text.substr(0, kBom.size()) == kBom) csv_text.remove_prefix(kBom.size());
  EthnicListParser parser;
  int line_number = 0;
  int first_blank = 0;  // a blank line is allowed only at the end
  for (size_t pos = 0; pos < csv_text.size();) {
    size_t end = std::min(csv_text.find('\n', pos), csv_text.size());
    std::string_view line = csv_text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (first_blank == 0) first_blank = line_number;
      continue;
    }
    if (first_blank != 0) return FailAt(first_blank, 1, "", "empty line inside the list");
    if (line_number > 1) {
      GEMIS_RETURN_IF_ERROR(parser.Row(line, line_number));
    } else if (line != kEthnicGroupsHeader) {
      return FailAt(1, 1, "",
                    "expected the header '" + std::string(kEthnicGroupsHeader) + "', found '" +
                        std::string(line.substr(0, 80)) + "'");
    }
  }
  if (line_number == 0) {
    return FailAt(
        1, 1, "",
        "the ethnic list is empty; expected the header '" + std::string(kEthnicGroupsHeader) + "'");
  }
  return parser.Finish();
}

std::vector<CategoryCombo> BuiltinCategoryCombos(const Category& ethnicity) {
  Category sex = SexCategory();
  Category age = AgeBandCategory();
  std::vector<CategoryCombo> combos;
  combos.push_back(DefaultCategoryCombo());
  combos.push_back(MakeCombo(kSexCode, "Giới tính", "Sex", {sex}));
  combos.push_back(MakeCombo(kAgeBandCode, "Nhóm tuổi", "Age band", {age}));
  combos.push_back(
      MakeCombo(kSexAgeBandCode, "Giới tính và nhóm tuổi", "Sex and age band", {sex, age}));
  combos.push_back(MakeCombo(kEthnicityCode, "Dân tộc", "Ethnicity", {ethnicity}));
  combos.push_back(
      MakeCombo(kSexEthnicityCode, "Giới tính và dân tộc", "Sex and ethnicity", {sex, ethnicity}));
  combos.push_back(MakeCombo(kImplementingLevelCode, "Cấp thực hiện", "Implementing level",
                             {ImplementingLevelCategory()}));
  combos.push_back(
      MakeCombo(kModelStatusCode, "Tình trạng mô hình", "Model status", {ModelStatusCategory()}));
  return combos;
}

}  // namespace gemis
