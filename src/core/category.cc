#include "core/category.h"

#include <map>

#include "core/uid.h"

namespace gemis {

namespace {

bool IsCodeChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::string Shown(std::string_view text) {
  constexpr size_t kMaxShown = 60;
  if (text.size() <= kMaxShown) return std::string(text);
  size_t cut = kMaxShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

// `status` with `prefix` put in front of its field: "options[2]" + "code"
// -> "options[2].code".
Status Prefixed(const Status& status, const std::string& prefix) {
  if (status.ok()) return status;
  Location where = status.where();
  where.field = where.field.empty() ? prefix : prefix + "." + where.field;
  return Status(status.code(), status.message(), where);
}

// Checks the uid, code and name every metadata object has; `kind` names the
// object in messages ("category option").
Status CheckIdentity(std::string_view kind, const std::string& uid, const std::string& code,
                     const std::string& name) {
  if (!IsValidUid(uid)) {
    return Status::Invalid(std::string(kind) + " uid '" + Shown(uid) +
                               "' is not a valid uid (11 characters: a letter, then letters or "
                               "digits)",
                           Location{.field = "uid"});
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(code, "code"));
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Invalid(std::string(kind) + " '" + code + "' has no name",
                           Location{.field = "name"});
  }
  return Status::Ok();
}

Status CheckOption(const CategoryOption& option) {
  GEMIS_RETURN_IF_ERROR(CheckIdentity("category option", option.uid, option.code, option.name));
  if (option.start_date && option.end_date && *option.end_date < *option.start_date) {
    return Status::Invalid("category option '" + option.code + "' ends (" +
                               option.end_date->ToString() + ") before it starts (" +
                               option.start_date->ToString() + ")",
                           Location{.field = "end_date"});
  }
  return Status::Ok();
}

// Reports the second use of a key among items named `list`[i].
class DuplicateFinder {
 public:
  DuplicateFinder(std::string owner, std::string list)
      : owner_(std::move(owner)), list_(std::move(list)) {}

  Status Add(const std::string& what, const std::string& key, size_t index, const char* field) {
    auto [it, inserted] = seen_[what].emplace(key, index);
    if (inserted) return Status::Ok();
    std::string first = list_ + "[" + std::to_string(it->second) + "]";
    std::string second = list_ + "[" + std::to_string(index) + "]";
    return Status::Invalid(owner_ + " has the " + what + " '" + Shown(key) + "' twice (" + first +
                               " and " + second + ")",
                           Location{.field = second + "." + field});
  }

 private:
  std::string owner_;
  std::string list_;
  std::map<std::string, std::map<std::string, size_t>> seen_;
};

// The number of cells of the product, or 0 when a category is empty or the
// product exceeds kMaxOptionCombos.
size_t ComboCellCount(const CategoryCombo& combo) {
  size_t count = 1;
  for (const Category& category : combo.categories) {
    count *= category.options.size();  // <= kMaxOptionCombos * size: no overflow
    if (count == 0 || count > kMaxOptionCombos) return 0;
  }
  return count;
}

CategoryOptionCombo MakeCombo(const CategoryCombo& combo, const std::vector<size_t>& index) {
  CategoryOptionCombo coc;
  coc.code = combo.code;
  for (size_t i = 0; i < index.size(); ++i) {
    const CategoryOption& option = combo.categories[i].options[index[i]];
    coc.code += "_" + option.code;
    coc.name += (i == 0 ? "" : ", ") + option.name;
    coc.option_codes.push_back(option.code);
  }
  coc.uid = UidFromKey("coc:" + coc.code);
  return coc;
}

}  // namespace

Status CheckCode(std::string_view code, std::string_view field) {
  Location where{.field = std::string(field)};
  if (code.empty()) return Status::Invalid("code is empty", where);
  if (code.size() > kMaxCodeLength) {
    return Status::Invalid("code '" + Shown(code) + "' is longer than " +
                               std::to_string(kMaxCodeLength) + " characters",
                           where);
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (IsCodeChar(code[i])) continue;
    where.column = static_cast<int>(i + 1);
    std::string allowed = "A-Z, a-z, 0-9, '_', '.' and '-'";
    return Status::Invalid("code '" + Shown(code) + "' has a character other than " + allowed +
                               " at byte " + std::to_string(i + 1),
                           where);
  }
  return Status::Ok();
}

Status ValidateCategory(const Category& category) {
  GEMIS_RETURN_IF_ERROR(CheckIdentity("category", category.uid, category.code, category.name));
  if (category.options.empty()) {
    return Status::Invalid("category '" + category.code + "' has no options",
                           Location{.field = "options"});
  }
  DuplicateFinder duplicates("category '" + category.code + "'", "options");
  for (size_t i = 0; i < category.options.size(); ++i) {
    const CategoryOption& option = category.options[i];
    std::string prefix = "options[" + std::to_string(i) + "]";
    GEMIS_RETURN_IF_ERROR(Prefixed(CheckOption(option), prefix));
    GEMIS_RETURN_IF_ERROR(duplicates.Add("option code", option.code, i, "code"));
    GEMIS_RETURN_IF_ERROR(duplicates.Add("option uid", option.uid, i, "uid"));
  }
  return Status::Ok();
}

Status ValidateCategoryCombo(const CategoryCombo& combo) {
  GEMIS_RETURN_IF_ERROR(CheckIdentity("category combo", combo.uid, combo.code, combo.name));
  if (combo.categories.empty()) {
    return Status::Invalid("category combo '" + combo.code + "' has no categories",
                           Location{.field = "categories"});
  }
  DuplicateFinder duplicates("category combo '" + combo.code + "'", "categories");
  for (size_t i = 0; i < combo.categories.size(); ++i) {
    const Category& category = combo.categories[i];
    GEMIS_RETURN_IF_ERROR(
        Prefixed(ValidateCategory(category), "categories[" + std::to_string(i) + "]"));
    GEMIS_RETURN_IF_ERROR(duplicates.Add("category code", category.code, i, "code"));
    GEMIS_RETURN_IF_ERROR(duplicates.Add("category uid", category.uid, i, "uid"));
  }
  if (ComboCellCount(combo) == 0) {
    std::string limit = std::to_string(kMaxOptionCombos);
    return Status::Invalid("category combo '" + combo.code +
                               "' crosses its categories into more than " + limit +
                               " option combos",
                           Location{.field = "categories"});
  }
  return Status::Ok();
}

std::vector<CategoryOptionCombo> GenerateOptionCombos(const CategoryCombo& combo) {
  if (combo.code == kDefaultCode) return {DefaultCategoryOptionCombo()};
  size_t count = ComboCellCount(combo);
  std::vector<CategoryOptionCombo> cocs;
  if (combo.categories.empty() || count == 0) return cocs;
  cocs.reserve(count);
  // An odometer over the option indexes; the last category turns fastest.
  std::vector<size_t> index(combo.categories.size(), 0);
  for (size_t n = 0; n < count; ++n) {
    cocs.push_back(MakeCombo(combo, index));
    for (size_t i = index.size(); i-- > 0;) {
      if (++index[i] < combo.categories[i].options.size()) break;
      index[i] = 0;
    }
  }
  return cocs;
}

CategoryOption DefaultCategoryOption() {
  std::string name(kDefaultCode);
  return CategoryOption{
      .uid = std::string(kDefaultCategoryOptionUid), .code = name, .name = name, .name_en = name};
}

Category DefaultCategory() {
  std::string name(kDefaultCode);
  return Category{.uid = std::string(kDefaultCategoryUid),
                  .code = name,
                  .name = name,
                  .name_en = name,
                  .options = {DefaultCategoryOption()},
                  .data_dimension = false};
}

CategoryCombo DefaultCategoryCombo() {
  std::string name(kDefaultCode);
  return CategoryCombo{.uid = std::string(kDefaultCategoryComboUid),
                       .code = name,
                       .name = name,
                       .name_en = name,
                       .categories = {DefaultCategory()}};
}

CategoryOptionCombo DefaultCategoryOptionCombo() {
  std::string name(kDefaultCode);
  return CategoryOptionCombo{.uid = std::string(kDefaultCategoryOptionComboUid),
                             .code = name,
                             .name = name,
                             .option_codes = {name}};
}

}  // namespace gemis
