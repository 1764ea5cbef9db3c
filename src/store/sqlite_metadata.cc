// Categories, option combos, data elements, indicators and periods in SQLite.
#include <algorithm>
#include <map>

#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

std::optional<Date> OptDate(const SqliteStatement& stmt, int column) {
  if (stmt.IsNull(column)) return std::nullopt;
  Result<Date> d = Date::Parse(stmt.Text(column));
  return d.ok() ? std::optional<Date>(*d) : std::nullopt;
}

// Puts each combo's option combos in GenerateOptionCombos order (metadata.h):
// ids follow creation, so the combos of an option added later come last by
// id. Option combos no longer generated (an option removed) go last.
void SortOptionCombos(std::vector<StoredCombo>& combos, const std::vector<StoredOptionCombo>& cocs,
                      const std::map<MetadataId, size_t>& coc_index) {
  for (StoredCombo& combo : combos) {
    std::vector<CategoryOptionCombo> generated = GenerateOptionCombos(combo.combo);
    std::map<std::string, size_t> rank;
    for (size_t i = 0; i < generated.size(); ++i) rank.emplace(generated[i].code, i);
    auto rank_of = [&](MetadataId id) {
      auto it = rank.find(cocs[coc_index.at(id)].option_combo.code);
      return it == rank.end() ? generated.size() : it->second;
    };
    std::stable_sort(combo.option_combo_ids.begin(), combo.option_combo_ids.end(),
                     [&](MetadataId a, MetadataId b) { return rank_of(a) < rank_of(b); });
  }
}

}  // namespace

Result<SqliteStatement*> SqliteTransaction::Cached(int slot, std::string_view sql) {
  if (cache_.size() <= static_cast<size_t>(slot)) cache_.resize(static_cast<size_t>(slot) + 1);
  auto& entry = cache_[static_cast<size_t>(slot)];
  if (!entry) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
    entry = std::make_unique<SqliteStatement>(std::move(stmt));
  }
  return entry.get();
}

// INSERT … ON CONFLICT(code) DO UPDATE of every column but uid and code.
Result<MetadataId> SqliteTransaction::UpsertByCode(std::string_view table,
                                                   std::string_view columns,
                                                   const std::vector<std::string>& values) {
  std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES (";
  std::string updates;
  size_t start = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    size_t comma = columns.find(',', start);
    std::string column(columns.substr(start, comma - start));
    while (!column.empty() && column.front() == ' ') column.erase(0, 1);
    start = comma == std::string_view::npos ? columns.size() : comma + 1;
    sql += i == 0 ? "?" : ", ?";
    if (column != "uid" && column != "code") {
      updates += (updates.empty() ? "" : ", ") + column + " = excluded." + column;
    }
  }
  sql += ") ON CONFLICT (code) DO UPDATE SET " + updates + " RETURNING id";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  for (size_t i = 0; i < values.size(); ++i) stmt.Bind(static_cast<int>(i) + 1, values[i]);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal("upsert into " + std::string(table) + " returned no id");
  return stmt.Int(0);
}

Result<MetadataId> SqliteTransaction::SaveCategoryCombo(const CategoryCombo& combo) {
  GEMIS_RETURN_IF_ERROR(ValidateCategoryCombo(combo));
  std::map<std::string, MetadataId> option_ids;
  std::vector<MetadataId> category_ids;
  for (const Category& category : combo.categories) {
    GEMIS_ASSIGN_OR_RETURN(MetadataId category_id, UpsertByCode(
        "category", "uid, code, name, name_en, data_dimension",
        {category.uid, category.code, category.name, category.name_en,
         category.data_dimension ? "1" : "0"}));
    GEMIS_RETURN_IF_ERROR(db_.Exec("DELETE FROM category_options WHERE category_id = " +
                                   std::to_string(category_id)));
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement link, db_.Prepare(
        "INSERT INTO category_options (category_id, sort_order, option_id) VALUES (?, ?, ?)"));
    int order = 0;
    for (const CategoryOption& option : category.options) {
      GEMIS_ASSIGN_OR_RETURN(MetadataId option_id, UpsertByCode(
          "category_option", "uid, code, name, name_en",
          {option.uid, option.code, option.name, option.name_en}));
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement dates, db_.Prepare(
          "UPDATE category_option SET start_date = ?, end_date = ? WHERE id = ?"));
      GEMIS_RETURN_IF_ERROR(dates.Bind(1, StoredDateText(option.start_date))
                                .Bind(2, StoredDateText(option.end_date)).Bind(3, option_id).Run());
      option_ids[option.code] = option_id;
      GEMIS_RETURN_IF_ERROR(link.Bind(1, category_id).Bind(2, ++order).Bind(3, option_id).Run());
    }
    category_ids.push_back(category_id);
  }
  GEMIS_ASSIGN_OR_RETURN(MetadataId combo_id, UpsertByCode(
      "category_combo", "uid, code, name, name_en, is_attribute",
      {combo.uid, combo.code, combo.name, combo.name_en, combo.is_attribute ? "1" : "0"}));
  GEMIS_RETURN_IF_ERROR(db_.Exec("DELETE FROM category_combo_categories WHERE combo_id = " +
                                 std::to_string(combo_id)));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement link, db_.Prepare(
      "INSERT INTO category_combo_categories (combo_id, sort_order, category_id) VALUES (?, ?, ?)"));
  for (size_t i = 0; i < category_ids.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(link.Bind(1, combo_id).Bind(2, static_cast<int>(i) + 1)
                              .Bind(3, category_ids[i]).Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert_coc, db_.Prepare(
      "INSERT INTO category_option_combo (uid, code, name, combo_id) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement coc_option, db_.Prepare(
      "INSERT OR REPLACE INTO category_option_combo_options (coc_id, sort_order, option_id)"
      " VALUES (?, ?, ?)"));
  for (const CategoryOptionCombo& coc : GenerateOptionCombos(combo)) {
    insert_coc.Bind(1, coc.uid).Bind(2, coc.code).Bind(3, coc.name).Bind(4, combo_id);
    GEMIS_ASSIGN_OR_RETURN(bool row, insert_coc.Step());
    if (!row) return Status::Internal("option combo insert returned no id");
    MetadataId coc_id = insert_coc.Int(0);
    insert_coc.Reset();
    for (size_t i = 0; i < coc.option_codes.size(); ++i) {
      GEMIS_RETURN_IF_ERROR(coc_option.Bind(1, coc_id).Bind(2, static_cast<int>(i) + 1)
                                .Bind(3, option_ids.at(coc.option_codes[i])).Run());
    }
  }
  return combo_id;
}

Result<MetadataId> SqliteTransaction::SaveDataElement(const DataElement& element) {
  GEMIS_RETURN_IF_ERROR(ValidateDataElement(element));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement combo, db_.Prepare(
      "SELECT id FROM category_combo WHERE code = ?"));
  combo.Bind(1, element.category_combo_code);
  GEMIS_ASSIGN_OR_RETURN(bool found, combo.Step());
  if (!found) {
    return Status::NotFound("category combo '" + element.category_combo_code + "' does not exist",
                            {"", 0, 0, "categoryCombo"});
  }
  // A uid names one element for good: refuse it for another code (the
  // UNIQUE constraint would say so only in SQL terms).
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement owner, db_.Prepare(
      "SELECT code FROM data_element WHERE uid = ? AND code <> ?"));
  owner.Bind(1, element.uid).Bind(2, element.code);
  GEMIS_ASSIGN_OR_RETURN(bool taken, owner.Step());
  if (taken) {
    return Status::Conflict("uid '" + element.uid + "' already belongs to data element '" +
                                owner.Text(0) + "'",
                            {"", 0, 0, "uid"});
  }
  GEMIS_ASSIGN_OR_RETURN(MetadataId id, UpsertByCode(
      "data_element",
      "uid, code, name, name_en, short_name, description, value_type, aggregation_type,"
      " category_combo_id, zero_is_significant",
      {element.uid, element.code, element.name, element.name_en, element.short_name,
       element.description, ValueTypeName(element.value_type),
       std::string(AggregationTypeName(element.aggregation_type)), std::to_string(combo.Int(0)),
       element.zero_is_significant ? "1" : "0"}));
  std::string levels;
  for (int level : element.aggregation_levels) {
    levels += (levels.empty() ? "" : ",") + std::to_string(level);
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement unit, db_.Prepare(
      "UPDATE data_element SET unit = ?, aggregation_levels = ? WHERE id = ?"));
  GEMIS_RETURN_IF_ERROR(unit.Bind(1, element.unit).Bind(2, levels).Bind(3, id).Run());
  return id;
}

Result<MetadataId> SqliteTransaction::SaveIndicator(const Indicator& indicator) {
  GEMIS_RETURN_IF_ERROR(ValidateIndicator(indicator));
  // As for data elements: a uid names one indicator for good.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement owner, db_.Prepare(
      "SELECT code FROM indicator WHERE uid = ? AND code <> ?"));
  owner.Bind(1, indicator.uid).Bind(2, indicator.code);
  GEMIS_ASSIGN_OR_RETURN(bool taken, owner.Step());
  if (taken) {
    return Status::Conflict("uid '" + indicator.uid + "' already belongs to indicator '" +
                                owner.Text(0) + "'",
                            {"", 0, 0, "uid"});
  }
  GEMIS_ASSIGN_OR_RETURN(MetadataId id, UpsertByCode(
      "indicator", "uid, code, name, name_en, short_name, numerator, denominator, factor, unit",
      {indicator.uid, indicator.code, indicator.name, indicator.name_en, indicator.short_name,
       indicator.numerator, indicator.denominator, std::to_string(indicator.factor),
       indicator.unit}));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement max, db_.Prepare(
      "UPDATE indicator SET max_value = ? WHERE id = ?"));
  std::optional<std::string> max_value;
  if (indicator.max_value) max_value = indicator.max_value->ToString();
  GEMIS_RETURN_IF_ERROR(max.Bind(1, max_value).Bind(2, id).Run());
  return id;
}

Result<PeriodId> SqliteTransaction::EnsurePeriod(const Period& period) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement* find, Cached(0, "SELECT id FROM period WHERE iso = ?"));
  std::string iso = period.ToString();
  find->Bind(1, iso);
  GEMIS_ASSIGN_OR_RETURN(bool found, find->Step());
  if (found) {
    PeriodId id = find->Int(0);
    find->Reset();
    return id;
  }
  find->Reset();
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement* insert, Cached(1,
      "INSERT INTO period (iso, type, start_date, end_date) VALUES (?, ?, ?, ?)"));
  insert->Bind(1, iso).Bind(2, PeriodTypeName(period.type()));
  GEMIS_RETURN_IF_ERROR(insert->Bind(3, period.start().ToString()).Bind(4, period.end().ToString()).Run());
  return db_.LastInsertRowid();
}

Result<std::vector<std::pair<PeriodId, Period>>> SqliteTransaction::LoadPeriods() {
  std::vector<std::pair<PeriodId, Period>> out;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare("SELECT id, iso FROM period ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Result<Period> period = Period::Parse(stmt.Text(1));
    if (!period.ok()) return Status::Corruption("stored period '" + stmt.Text(1) + "' is invalid");
    out.emplace_back(stmt.Int(0), *period);
  }
  return out;
}

Result<Metadata> SqliteTransaction::LoadMetadata() {
  // Options by category, categories by combo, then combos, option combos, elements.
  std::map<MetadataId, Category> categories;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement cat, db_.Prepare(
      "SELECT id, uid, code, name, name_en, data_dimension FROM category"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, cat.Step());
    if (!row) break;
    categories[cat.Int(0)] = Category{cat.Text(1), cat.Text(2), cat.Text(3), cat.Text(4), {}, cat.Int(5) != 0};
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement opt, db_.Prepare(
      "SELECT co.category_id, o.uid, o.code, o.name, o.name_en, o.start_date, o.end_date"
      " FROM category_options co JOIN category_option o ON o.id = co.option_id"
      " ORDER BY co.category_id, co.sort_order"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, opt.Step());
    if (!row) break;
    categories[opt.Int(0)].options.push_back(
        CategoryOption{opt.Text(1), opt.Text(2), opt.Text(3), opt.Text(4), OptDate(opt, 5), OptDate(opt, 6), {}});
  }
  std::vector<StoredCombo> combos;
  std::map<MetadataId, size_t> combo_index;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement cc, db_.Prepare(
      "SELECT id, uid, code, name, name_en, is_attribute FROM category_combo ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, cc.Step());
    if (!row) break;
    combo_index[cc.Int(0)] = combos.size();
    combos.push_back({cc.Int(0), CategoryCombo{cc.Text(1), cc.Text(2), cc.Text(3), cc.Text(4), {}, cc.Int(5) != 0}, {}});
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement ccc, db_.Prepare(
      "SELECT combo_id, category_id FROM category_combo_categories ORDER BY combo_id, sort_order"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, ccc.Step());
    if (!row) break;
    combos[combo_index.at(ccc.Int(0))].combo.categories.push_back(categories[ccc.Int(1)]);
  }
  std::vector<StoredOptionCombo> cocs;
  std::map<MetadataId, size_t> coc_index;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement coc, db_.Prepare(
      "SELECT id, uid, code, name, combo_id FROM category_option_combo ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, coc.Step());
    if (!row) break;
    coc_index[coc.Int(0)] = cocs.size();
    cocs.push_back({coc.Int(0), coc.Int(4), CategoryOptionCombo{coc.Text(1), coc.Text(2), coc.Text(3), {}}});
    combos[combo_index.at(coc.Int(4))].option_combo_ids.push_back(coc.Int(0));
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement coco, db_.Prepare(
      "SELECT x.coc_id, o.code FROM category_option_combo_options x"
      " JOIN category_option o ON o.id = x.option_id ORDER BY x.coc_id, x.sort_order"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, coco.Step());
    if (!row) break;
    cocs[coc_index.at(coco.Int(0))].option_combo.option_codes.push_back(coco.Text(1));
  }
  SortOptionCombos(combos, cocs, coc_index);
  std::vector<StoredElement> elements;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement de, db_.Prepare(
      "SELECT d.id, d.category_combo_id, d.uid, d.code, d.name, d.name_en, d.short_name,"
      " d.description, d.value_type, d.aggregation_type, c.code, d.zero_is_significant, d.unit,"
      " d.aggregation_levels FROM data_element d JOIN category_combo c ON c.id = d.category_combo_id ORDER BY d.id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, de.Step());
    if (!row) break;
    DataElement e;
    e.uid = de.Text(2); e.code = de.Text(3); e.name = de.Text(4); e.name_en = de.Text(5);
    e.short_name = de.Text(6); e.description = de.Text(7);
    GEMIS_ASSIGN_OR_RETURN(e.value_type, ParseValueType(de.Text(8)));
    GEMIS_ASSIGN_OR_RETURN(e.aggregation_type, ParseAggregationType(de.Text(9)));
    e.category_combo_code = de.Text(10);
    e.zero_is_significant = de.Int(11) != 0;
    e.unit = de.OptText(12);
    const std::string levels = de.Text(13);
    for (size_t at = 0; at < levels.size();) {
      size_t comma = levels.find(',', at);
      if (comma == std::string::npos) comma = levels.size();
      const std::string level = levels.substr(at, comma - at);
      if (level.size() != 1 || level[0] < '1' || level[0] > '5') {
        return Status::Corruption("data element '" + e.code + "' has aggregation levels '" +
                                  levels + "'");
      }
      e.aggregation_levels.push_back(level[0] - '0');
      at = comma + 1;
    }
    elements.push_back({de.Int(0), de.Int(1), std::move(e)});
  }
  std::vector<StoredIndicator> indicators;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement ind, db_.Prepare(
      "SELECT id, uid, code, name, name_en, short_name, numerator, denominator, factor, unit,"
      " max_value FROM indicator ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, ind.Step());
    if (!row) break;
    Indicator i;
    i.uid = ind.Text(1); i.code = ind.Text(2); i.name = ind.Text(3); i.name_en = ind.Text(4);
    i.short_name = ind.Text(5); i.numerator = ind.Text(6); i.denominator = ind.Text(7);
    i.factor = ind.Int(8);
    i.unit = ind.Text(9);
    if (std::optional<std::string> max = ind.OptText(10)) {
      Result<Decimal> value = Decimal::Parse(*max);
      if (!value.ok()) {
        return Status::Corruption("stored maximum '" + *max + "' of indicator '" + i.code +
                                  "' is invalid");
      }
      i.max_value = *value;
    }
    indicators.push_back({ind.Int(0), std::move(i)});
  }
  GEMIS_ASSIGN_OR_RETURN(std::vector<StoredDataSet> data_sets, LoadDataSets());
  return Metadata(std::move(elements), std::move(combos), std::move(cocs), std::move(indicators),
                  std::move(data_sets));
}

}  // namespace gemis::store
