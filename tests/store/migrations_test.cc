#include "store/migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::store {
namespace {

using test_support::TempDir;
using ::testing::HasSubstr;

Result<SqliteDb> OpenDb(const std::string& path) {
  GEMIS_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, true));
  sqlite3_busy_timeout(db.handle(), 10000);
  return db;
}

// Runs a query returning one text value ("" for no row or NULL).
std::string QueryText(SqliteDb& db, const std::string& sql) {
  Result<SqliteStatement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return "error: " + stmt.status().ToString();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return "error: " + row.status().ToString();
  return *row ? stmt->Text(0) : "";
}

std::set<std::string> Tables(SqliteDb& db) {
  std::set<std::string> out;
  Result<SqliteStatement> stmt = db.Prepare("SELECT name FROM sqlite_schema WHERE type = 'table'");
  if (!stmt.ok()) return out;
  for (Result<bool> row = stmt->Step(); row.ok() && *row; row = stmt->Step()) {
    out.insert(stmt->Text(0));
  }
  return out;
}

// The tables a migration creates, in order, read from its SQL. A table it
// creates and then renames (migration 13 rebuilds record_figure as
// record_figure_new) counts under its new name. (std::regex would do, but
// g++ 12 warns falsely inside it under the sanitizers.)
std::vector<std::string> TablesCreatedBy(const Migration& m) {
  std::vector<std::string> out;
  const std::string_view sql = m.sql, create = "CREATE TABLE ", if_not = "IF NOT EXISTS ",
                         alter = "ALTER TABLE ", rename = " RENAME TO ";
  auto identifier_at = [&](size_t at) {
    auto identifier = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    };
    size_t end = at;
    while (end < sql.size() && identifier(sql[end])) ++end;
    return std::string(sql.substr(at, end - at));
  };
  for (size_t at = 0; at < sql.size();) {
    const size_t next_create = sql.find(create, at), next_alter = sql.find(alter, at);
    if (next_create == std::string_view::npos && next_alter == std::string_view::npos) break;
    if (next_create < next_alter) {
      at = next_create + create.size();
      if (sql.substr(at, if_not.size()) == if_not) at += if_not.size();
      out.push_back(identifier_at(at));
      continue;
    }
    at = next_alter + alter.size();
    const std::string table = identifier_at(at);
    at += table.size();
    if (sql.substr(at, rename.size()) != rename) continue;
    at += rename.size();
    const std::string renamed = identifier_at(at);
    for (std::string& created : out) {
      if (created == table) created = renamed;
    }
  }
  return out;
}

// The tables a migration adds: those it creates that no earlier migration
// created (migration 7 rebuilds data_value and data_value_audit).
std::vector<std::string> TablesAddedBy(const Migration& m) {
  std::set<std::string> earlier;
  for (const Migration& before : AllMigrations()) {
    if (before.version >= m.version) break;
    for (std::string& table : TablesCreatedBy(before)) earlier.insert(std::move(table));
  }
  std::vector<std::string> out;
  for (std::string& table : TablesCreatedBy(m)) {
    if (!earlier.count(table)) out.push_back(std::move(table));
  }
  return out;
}

// Rows valid at a schema version, written with that version's SQL, and a
// query whose answer shows they survived later migrations. `until` is the
// last version whose tables the SQL fits (0: the latest); a later seed then
// writes the same rows in the new form.
struct Seed {
  int version;
  std::string insert_sql;
  std::string check_sql;
  std::string expected;
  int until = 0;
};

bool SeedFits(const Seed& seed, int version) {
  return seed.version <= version && (seed.until == 0 || version <= seed.until);
}

const std::vector<Seed>& Seeds() {
  static const std::vector<Seed> kSeeds = {
      {1,
       "INSERT INTO org_unit (id, uid, created) VALUES"
       " (1, 'CentreVN001', '2024-01-01T00:00:00.000Z'),"
       " (2, 'ProvYenBai1', '2024-01-01T00:00:00.000Z');"
       "INSERT INTO org_unit_version (org_unit_id, seq, valid_from, valid_to, approximate_from,"
       " code, name, name_folded, unit_type, level, parent_id, name_en) VALUES"
       " (1, 1, NULL, NULL, 1, '', 'Việt Nam', 'viet nam', '', 1, NULL, 'Viet Nam'),"
       " (2, 1, NULL, '2019-12-31', 0, '15', 'Yên Bái', 'tinh yen bai', 'Tỉnh', 2, 1, ''),"
       " (2, 2, '2020-01-01', NULL, 0, '15', 'Yên Bái Mới', 'tinh yen bai moi', 'Tỉnh', 2, 1,"
       "  '');"
       "INSERT INTO org_unit_event (id, kind, effective, legal_basis) VALUES"
       " (1, 'rename', '2020-01-01', 'NQ 1/2019');"
       "INSERT INTO org_unit_event_unit (event_id, org_unit_id) VALUES (1, 2);"
       "INSERT INTO org_unit_attribute (org_unit_id, attribute, value, valid_from, source)"
       " VALUES (2, 'region_iii', 'true', '2021-01-01', 'QĐ 861/QĐ-TTg');"
       "INSERT INTO dataset_import (name, source, imported_at) VALUES"
       " ('vn-admin', 'GSO', '2024-01-01T00:00:00.000Z');",
       "SELECT group_concat(name, '|') FROM"
       " (SELECT name FROM org_unit_version ORDER BY org_unit_id, seq)",
       "Việt Nam|Yên Bái|Yên Bái Mới"},
      {2,
       "INSERT INTO category_option (id, uid, code, name) VALUES (1, 'OptFemale01', 'F', 'Nữ');"
       "INSERT INTO category (id, uid, code, name) VALUES (1, 'CatSex00001', 'SEX', 'Giới');"
       "INSERT INTO category_options VALUES (1, 0, 1);"
       "INSERT INTO category_combo (id, uid, code, name) VALUES (1, 'ComboSex001', 'SEX', 'G');"
       "INSERT INTO category_combo_categories VALUES (1, 0, 1);"
       "INSERT INTO category_option_combo (id, uid, code, name, combo_id) VALUES"
       " (1, 'CocFemale01', 'F', 'Nữ', 1);"
       "INSERT INTO category_option_combo_options VALUES (1, 0, 1);"
       "INSERT INTO data_element (id, uid, code, name, value_type, aggregation_type,"
       " category_combo_id) VALUES (1, 'DeWomen0001', 'P8_W', 'Số phụ nữ', 'INTEGER', 'SUM', 1);"
       "INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
       " (1, '2024', 'Yearly', '2024-01-01', '2024-12-31');",
       "SELECT de.code || '/' || cc.code || '/' || coc.code || '/' || p.iso FROM data_element de"
       " JOIN category_combo cc ON cc.id = de.category_combo_id"
       " JOIN category_option_combo coc ON coc.combo_id = cc.id, period p WHERE p.id = 1",
       "P8_W/SEX/F/2024"},
      {3,
       "INSERT INTO data_value (data_element_id, period_id, org_unit_id, coc_id, aoc_id, value,"
       " created, last_updated) VALUES (1, 1, 2, 1, 1, '1250', '2024-03-01T00:00:00.000Z',"
       " '2024-03-01T00:00:00.000Z');"
       "INSERT INTO data_value_audit (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
       " change, new_value, changed_by, changed_at) VALUES (1, 1, 2, 1, 1, 'CREATE', '1250',"
       " 'officer', '2024-03-01T00:00:00.000Z');",
       "SELECT v.value || '/' || a.change FROM data_value v JOIN data_value_audit a"
       " USING (data_element_id, period_id, org_unit_id, coc_id, aoc_id)",
       "1250/CREATE", /*until=*/6},
      {4,
       "INSERT INTO indicator (id, uid, code, name, numerator, denominator, factor, unit,"
       " max_value) VALUES (1, 'IndShareW01', 'P8_SHARE', 'Tỷ lệ phụ nữ', '#{P8_W}', '#{P8_W}',"
       " 100, '%', '100');"
       "INSERT INTO agency (id, code, kind, org_unit_id, valid_to) VALUES"
       " (1, 'YB-HLHPN', 'womens_union', 2, '2025-06-30'),"
       " (2, 'LC-HLHPN', 'womens_union', NULL, NULL);"
       "INSERT INTO agency_name (agency_id, seq, name, short_name) VALUES"
       " (1, 1, 'Hội Liên hiệp Phụ nữ tỉnh Yên Bái', 'Hội LHPN tỉnh'),"
       " (2, 1, 'Hội Liên hiệp Phụ nữ tỉnh Lào Cai', '');"
       "INSERT INTO agency_successor (agency_id, seq, effective, successor_id, kind) VALUES"
       " (1, 1, '2025-07-01', 2, 'merged');"
       "INSERT INTO program_node (id, code, parent_id, kind, number, name, period) VALUES"
       " (1, 'CT1719', NULL, 'programme', '', 'Chương trình 1719', '2021-2030'),"
       " (2, 'CT1719.DA8', 1, 'project', '8', 'Dự án 8', '');"
       "INSERT INTO spending_norm (id, code, name, max_per_unit, per) VALUES"
       " (1, 'TT55-DCTC', 'Địa chỉ tin cậy', 15000000, 'mô hình');"
       "INSERT INTO plan (id, code, number, title, issuer_unit_id, issuer_agency_id, date, period,"
       " period_text, status, program_node_id) VALUES (1, 'YB-12-2024', '12/KH-HLHPN',"
       " 'Kế hoạch thực hiện Dự án 8', 2, 1, '2024-03-20', '2024', 'năm 2024', 'issued', 2);"
       "INSERT INTO plan_citation (plan_id, seq, relation, document_kind, number, date) VALUES"
       " (1, 1, 'căn cứ', 'quyết định', '1719/QĐ-TTg', '2021-10-14');"
       "INSERT INTO plan_assignment (plan_id, seq, program_node_id, agency_id, role) VALUES"
       " (1, 1, 2, 1, 'lead');"
       "INSERT INTO target (id, plan_id, measure_kind, measure_id, org_unit_id, level, value,"
       " unit, direction, rule, status, ordinal) VALUES"
       " (1, 1, 'data_element', 1, 2, 'province', '57', 'count', 'at_least', '=', 'active', 1),"
       " (2, 1, 'indicator', 1, 2, 'all', '15.5', 'percent', 'at_least', 'free', 'active', 2);"
       "INSERT INTO budget_line (id, plan_id, line_key, org_unit_id, level, funding, period, kind,"
       " amount, norm_id, norm_quantity) VALUES (1, 1, 'tinh-cap-2024', 2, 'province',"
       " 'central', '2024', 'allocated', 22991000000, 1, 3);"
       "INSERT INTO place_count (plan_id, org_unit_id, kind, count, out_of) VALUES"
       " (1, 2, 'communes', 17, 21);"
       "INSERT INTO reporting_deadline (plan_id, report, frequency, due_day, due_month) VALUES"
       " (1, 'báo cáo năm', 'yearly', 15, 12);"
       "INSERT INTO source_note (plan_id, kind, message) VALUES (1, 'typo', 'số liệu lệch');",
       "SELECT p.code || '/' || (SELECT group_concat(value, ',') FROM target) || '/' ||"
       " b.amount || '/' || c.count || '/' || d.due_day || '/' || i.max_value"
       " FROM plan p, budget_line b, place_count c, reporting_deadline d, indicator i",
       "YB-12-2024/57,15.5/22991000000/17/15/100"},
      {5,
       "INSERT INTO plan_area (plan_id, org_unit_id, kind, ordinal, source_document,"
       " source_section, source_text) VALUES (1, 2, 'scope', 1, 'seeds/000.txt',"
       " 'II.3, dòng tệp 44', 'Tại 14 xã');",
       "SELECT p.code || '/' || a.kind || '/' || a.ordinal || '/' || a.source_section"
       " FROM plan_area a JOIN plan p ON p.id = a.plan_id",
       "YB-12-2024/scope/1/II.3, dòng tệp 44"},
      {7,
       "INSERT INTO data_value_batch (id, stored_by, at) VALUES"
       " (1, 'officer', '2024-03-01T00:00:00.000Z');"
       "INSERT INTO data_value (data_element_id, period_id, org_unit_id, coc_id, aoc_id, value,"
       " created_batch, updated_batch, stored_by, last_change) VALUES"
       " (1, 1, 2, 1, 1, '1250', 1, 1, '', 1);"
       "INSERT INTO data_value_audit (id, data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
       " change, new_value, batch_id) VALUES (1, 1, 1, 2, 1, 1, 'CREATE', '1250', 1);",
       "SELECT v.value || '/' || a.change FROM data_value v JOIN data_value_audit a"
       " USING (data_element_id, period_id, org_unit_id, coc_id, aoc_id)",
       "1250/CREATE"},
      {10,
       "INSERT INTO data_set (id, uid, code, name, period_type, open_future_periods,"
       " expiry_days) VALUES (1, 'DsReport001', 'P8_REPORT', 'Báo cáo', 'Yearly', 1, 15);"
       "INSERT INTO data_set_element (data_set_id, sort_order, data_element_id) VALUES (1, 1, 1);"
       "INSERT INTO data_set_org_unit (data_set_id, sort_order, org_unit_id, descendants)"
       " VALUES (1, 1, 2, 1);"
       "INSERT INTO complete_registration (data_set_id, period_id, org_unit_id, aoc_id,"
       " completed, stored_by, stored_at) VALUES (1, 1, 2, 1, '2025-01-05', 'officer',"
       " '2025-01-05T03:00:00.000Z');",
       "SELECT ds.code || '/' || de.code || '/' || u.org_unit_id || '/' || r.completed"
       " FROM data_set ds JOIN data_set_element e ON e.data_set_id = ds.id"
       " JOIN data_element de ON de.id = e.data_element_id"
       " JOIN data_set_org_unit u ON u.data_set_id = ds.id"
       " JOIN complete_registration r ON r.data_set_id = ds.id",
       "P8_REPORT/P8_W/2/2025-01-05"},
      {12,
       "INSERT INTO model (id, uid, code, kind, name, org_unit_id, place, level, established,"
       " dissolved, plan_id, target_id, note, created, last_updated) VALUES"
       " (1, 'ModelTkv001', 'CB-TKV-0012', 'savings_group', 'Tổ TKVVTB thôn Nà Rì', 2,"
       " 'thôn Nà Rì', 'commune', '2022-03-15', NULL, 1, 1, '', '2024-03-01T00:00:00.000Z',"
       " '2024-03-01T00:00:00.000Z');"
       "INSERT INTO model_consolidation (model_id, day) VALUES (1, '2024-05-01');"
       "INSERT INTO model_fact (id, model_id, day, field, value) VALUES"
       " (1, 1, '2023-01-01', 'members_female', '22'),"
       " (2, 1, '2022-03-15', 'members_female', '20'),"
       " (3, 1, '2022-03-15', 'gals', 'true');"
       "INSERT INTO figure_rule (id, data_element, kind, statuses, where_field, where_in_period,"
       " sum_fields, by, period_type, note) VALUES (1, 'P8_W', 'savings_group',"
       " 'new,consolidated,maintained', 'gals', 0, 'members_female,members_male', 'none',"
       " 'Yearly', '');"
       "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
       " rule_id, value, models) VALUES (1, 1, 2, 1, 1, 1, '22', '1');",
       "SELECT m.code || '/' || c.day || '/' || (SELECT group_concat(value, ',') FROM"
       " (SELECT value FROM model_fact ORDER BY id)) || '/' || r.data_element || '/' || f.value"
       " FROM model m JOIN model_consolidation c ON c.model_id = m.id, figure_rule r"
       " JOIN record_figure f ON f.rule_id = r.id",
       "CB-TKV-0012/2024-05-01/22,20,true/P8_W/22"},
      {13,
       "INSERT INTO activity (id, uid, code, kind, title, start_day, end_day, org_unit_id, place,"
       " level, program_node_code, plan_id, model_id, programme, dialogue_level, dv_prevention,"
       " cost, topic, issues_raised, follow_up, note, created, last_updated) VALUES"
       " (1, 'ActSession1', 'HD-2024-002', 'model_session', 'Sinh hoạt tổ TKVVTB',"
       " '2024-05-02', '2024-05-02', 2, 'thôn Nà Rì', 'commune', '', NULL, 1, 'none', 'none',"
       " 1, 0, '', '', '', '', '2024-05-03T00:00:00.000Z', '2024-05-03T00:00:00.000Z'),"
       " (2, 'ActTrain001', 'HD-2024-001', 'training', 'Tập huấn lồng ghép giới', '2024-04-10',"
       " '2024-04-11', 2, 'Hội trường tỉnh', 'province', 'CT1719.DA8', 1, NULL, 'programme_2',"
       " 'none', 0, 25000000, '', '', '', '', '2024-04-12T00:00:00.000Z',"
       " '2024-04-12T00:00:00.000Z');"
       "INSERT INTO activity_participant (activity_id, sex, ethnicity, age_band, count, seq)"
       " VALUES (2, 'MALE', 'ETHNIC_01', '', 5, 0), (2, 'FEMALE', 'MINORITY', 'AGE_16_30', 12, 1),"
       " (1, 'MALE', '', '', 4, 1), (1, 'FEMALE', '', '', 9, 0);"
       "INSERT INTO activity_figure_rule (id, data_element, kind, programme, dialogue_level,"
       " dv_prevention_only, measure, by, period_type, note) VALUES (1, 'P8_W', 'training',"
       " 'programme_2', NULL, 0, 'women', 'none', 'Yearly', '');"
       "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
       " rule_id, activity_rule_id, value, models) VALUES (1, 1, 1, 1, 1, NULL, 1, '12', '2');",
       "SELECT (SELECT group_concat(x, ',') FROM (SELECT a.code || ':' || p.sex || p.count AS x"
       " FROM activity a JOIN activity_participant p ON p.activity_id = a.id"
       " ORDER BY a.start_day, p.seq)) || '/' || r.measure || '/' || f.value || '/' || f.models"
       " FROM activity_figure_rule r JOIN record_figure f ON f.activity_rule_id = r.id",
       "HD-2024-001:MALE5,HD-2024-001:FEMALE12,HD-2024-002:FEMALE9,HD-2024-002:MALE4/women/12/2"},
      {14,
       "INSERT INTO cadre (id, uid, code, name, org_unit_id, level, position, ethnicity, grp,"
       " since, until, decision, note, created, last_updated) VALUES"
       " (1, 'CadreMai001', 'CB-NU-0001', 'Giàng Thị Mai', 2, 'district',"
       " 'Phó Chủ tịch Hội LHPN huyện', 'ETHNIC_04', 'pipeline', '2023-06-01', NULL,"
       " 'Quyết định số 125-QĐ/HU', '', '2024-03-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'),"
       " (2, 'CadreLan001', 'CB-NU-0002', 'Hoàng Thị Lan', 2, 'commune', 'Chủ tịch Hội LHPN xã',"
       " 'ETHNIC_02', 'newly_elected', '2021-07-01', '2024-02-01', '', 'đã chuyển công tác',"
       " '2024-03-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z');"
       "INSERT INTO cadre_training (cadre_id, seq, day, title) VALUES"
       " (1, 0, '2023-09-12', 'Bồi dưỡng kỹ năng lãnh đạo'),"
       " (1, 1, '2023-03-01', 'Lớp trung cấp lý luận chính trị');"
       "INSERT INTO activity_attendee (activity_id, cadre_id) VALUES (2, 2), (2, 1);"
       "INSERT INTO register_figure_rule (id, data_element, register, measure, filter, by,"
       " period_type, note) VALUES (1, 'P8_W', 'women_cadres', 'trained',"
       " 'newly_elected,pipeline', 'implementing_level', 'Yearly', '');"
       "INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
       " (3, '2023', 'Yearly', '2023-01-01', '2023-12-31');"
       "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
       " rule_id, activity_rule_id, register_rule_id, value, models) VALUES"
       " (1, 3, 2, 1, 1, NULL, NULL, 1, '1', '1');",
       "SELECT (SELECT group_concat(x, ',') FROM (SELECT c.code || ':' || t.day AS x FROM cadre c"
       " JOIN cadre_training t ON t.cadre_id = c.id ORDER BY c.code, t.seq)) || '/' ||"
       " (SELECT group_concat(x, ',') FROM (SELECT activity_id || ':' || cadre_id AS x"
       " FROM activity_attendee ORDER BY activity_id, cadre_id)) || '/' || r.filter || '/' ||"
       " f.value || '/' || f.models"
       " FROM register_figure_rule r JOIN record_figure f ON f.register_rule_id = r.id",
       "CB-NU-0001:2023-09-12,CB-NU-0001:2023-03-01/2:1,2:2/newly_elected,pipeline/1/1"},
      // The mothers' names and dates of birth as sealed text (the store
      // opens them only with the field key, which these tests do not pass).
      {15,
       "INSERT INTO safe_birth (id, uid, code, mother_name, mother_birth_date, mother_age,"
       " ethnicity, commune_id, village_id, birth_date, at_health_facility, facility, caesarean,"
       " within_population_policy, note, created, last_updated) VALUES"
       " (1, 'BirthUng001', 'SB-2024-001', 'v1:c2VhbGVkIG5hbWU', 'v1:c2VhbGVkIGRhdGU', 24,"
       " 'ETHNIC_04', 2, NULL, '2024-06-02', 1, 'Trạm Y tế xã Mường So', 0, 1, '',"
       " '2024-06-03T00:00:00.000Z', '2024-06-03T00:00:00.000Z'),"
       " (2, 'BirthDo0001', 'SB-2024-002', 'v1:b3RoZXIgbmFtZQ', NULL, NULL, '', 2, NULL,"
       " '2024-03-10', NULL, '', 1, NULL, 'Sinh tại nhà', '2024-03-11T00:00:00.000Z',"
       " '2024-03-11T00:00:00.000Z');"
       "INSERT INTO safe_birth_payment (birth_id, seq, package, day, amount, people, days,"
       " voucher) VALUES (1, 0, 'meals', '2024-06-05', 300000, 2, 3, 'PC-2024/117'),"
       " (1, 1, 'travel', '2024-06-02', 200000, 2, 0, '');"
       "INSERT INTO register_figure_rule (id, data_element, register, measure, filter, by,"
       " period_type, note) VALUES (2, 'P8_W', 'safe_birth', 'supported', 'meals,travel',"
       " 'none', 'Yearly', '');"
       "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
       " rule_id, activity_rule_id, register_rule_id, value, models) VALUES"
       " (1, 3, 1, 1, 1, NULL, NULL, 2, '1', '1');",
       "SELECT (SELECT group_concat(x, ',') FROM (SELECT b.code || ':' || p.package AS x"
       " FROM safe_birth b JOIN safe_birth_payment p ON p.birth_id = b.id"
       " ORDER BY b.birth_date, p.seq)) || '/' || (SELECT mother_name FROM safe_birth"
       " WHERE id = 1) || '/' || r.filter || '/' || f.models"
       " FROM register_figure_rule r JOIN record_figure f ON f.register_rule_id = r.id"
       " WHERE r.register = 'safe_birth'",
       "SB-2024-001:meals,SB-2024-001:travel/v1:c2VhbGVkIG5hbWU/meals,travel/1"},
      // The second birth's identity erased (its name the sealing of ""), an
      // answered erasure request, a breach notified in time, and the
      // retention period of cases changed.
      {17,
       "UPDATE safe_birth SET mother_name = 'v1:ZXJhc2Vk', identity_erased = '2025-01-15'"
       " WHERE id = 2;"
       "INSERT INTO subject_request (id, uid, register, record_code, kind, received_ms,"
       " answered_ms, handled_by, erased, kept, note) VALUES (1, 'ReqErase001', 'safe_birth',"
       " 'SB-2024-002', 'erasure', 1736900000000, 1736910000000, 'dpo.lan',"
       " 'motherName' || char(10) || 'motherBirthDate',"
       " 'payments' || char(9) || 'Chứng từ kế toán' || char(9) || 'Accounting documents',"
       " 'Đã xoá');"
       "INSERT INTO breach (id, uid, detected_ms, description, registers, subjects, measures,"
       " notified_ms, notified_to, late_reason) VALUES (1, 'BreachLap01', 1736000000000,"
       " 'Mất máy tính xách tay', 'safe_birth,case', 12, 'Đổi khoá', 1736100000000, 'A05', '');"
       "INSERT INTO retention_rule (register, years) VALUES ('case', 7);",
       "SELECT (SELECT group_concat(coalesce(identity_erased, 'NULL'), ',') FROM"
       " (SELECT identity_erased FROM safe_birth ORDER BY id)) || '/' || r.uid || ':' || r.kind"
       " || '/' || b.uid || ':' || b.registers || '/' || t.register || ':' || t.years"
       " FROM subject_request r, breach b, retention_rule t",
       "NULL,2025-01-15/ReqErase001:erasure/BreachLap01:safe_birth,case/case:7"},
      // A day off, Kon Tum's annual report type with its deadline, a
      // request, and a commune's report returned once.
      {18,
       "INSERT INTO calendar_day (day, kind, name) VALUES ('2025-09-01', 'off', 'Quốc khánh');"
       "INSERT INTO report_type (id, code, name, data_set_id, period_type, cadence, area_id)"
       " VALUES (1, 'KT-BC-NAM', 'Báo cáo năm', 1, 'Yearly', 'periodic', 2);"
       "INSERT INTO report_deadline (report_type_id, level, kind, month_offset, day) VALUES"
       " (1, 4, 'fixed', -1, 10);"
       "INSERT INTO report_request (report_type_id, period, due, requested_by, requested_ms)"
       " VALUES (1, '2025S2', '2025-12-05', 'tinh', 1);"
       "INSERT INTO submission (id, report_type_id, org_unit_id, period, state, due_stated,"
       " due_last, recipient_id, first_submitted_ms) VALUES (1, 1, 2, '2025', 'returned',"
       " '2025-11-10', '2025-11-10', 1, 1762300000000);"
       "INSERT INTO submission_event (submission_id, seq, action, from_state, to_state, by_user,"
       " at_ms, comment, returns) VALUES (1, 0, 'submit', 'notStarted', 'submitted', 'xa', 1,"
       " '', ''), (1, 1, 'return', 'submitted', 'returned', 'tinh', 2, 'Thiếu',"
       " 'P8_X' || char(9) || 'Chưa khớp');",
       "SELECT c.name || '/' || t.code || ':' || d.day || '/' || r.due || '/' || s.state || ':'"
       " || (SELECT group_concat(action, ',') FROM submission_event)"
       " FROM calendar_day c, report_type t JOIN report_deadline d ON d.report_type_id = t.id,"
       " report_request r, submission s",
       "Quốc khánh/KT-BC-NAM:10/2025-12-05/returned:submit,return"},
      // Kon Tum's annual report names the commune that submits.
      {19, "INSERT INTO report_submitter (report_type_id, level, org_unit_id) VALUES (1, 4, 2);",
       "SELECT t.code || ':' || s.level || ':' || s.org_unit_id || '/' || t.activity_kinds"
       " FROM report_submitter s JOIN report_type t ON t.id = s.report_type_id",
       "KT-BC-NAM:4:2/"},
      // A commune officer's notification and the reminder it came from.
      {20,
       "INSERT INTO notification (username, created_ms, kind, subject, body, link) VALUES"
       " ('xa', 1, 'overdue', 'Quá hạn', 'Nội dung', '/reports/KT-BC-NAM/2025/x');"
       "INSERT INTO reminder_sent (kind, report_type_id, period, org_unit_id, round, username,"
       " sent_ms) VALUES ('overdue', 1, '2025', 2, 0, 'xa', 1);",
       "SELECT n.subject || '/' || coalesce(n.read_ms, 'unread') || '/' || r.kind || ':' ||"
       " r.period FROM notification n, reminder_sent r",
       "Quá hạn/unread/overdue:2025"},
  };

  return kSeeds;
}

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  const std::vector<Migration>& all = AllMigrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(all[i].name.empty()) << "migration " << all[i].version;
    EXPECT_FALSE(all[i].sql.empty()) << "migration " << all[i].version;
  }
  EXPECT_EQ(LatestSchemaVersion(), all.back().version);
}

TEST(Migrations, EmptyFileIsMigratedToLatest) {
  TempDir dir;
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir.File("g.db"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
  }
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
  std::set<std::string> tables = Tables(*db);
  for (const Migration& m : AllMigrations()) {
    for (const std::string& table : TablesCreatedBy(m)) {
      EXPECT_TRUE(tables.count(table)) << table << " of migration " << m.version;
    }
  }
  EXPECT_TRUE(tables.count("org_unit"));
}

TEST(Migrations, TargetStopsAtThatVersion) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), 0);
  for (const Migration& m : AllMigrations()) {
    ASSERT_TRUE(Migrate(*db, m.version).ok());
    EXPECT_EQ(*ReadSchemaVersion(*db), m.version);
    std::set<std::string> tables = Tables(*db);
    for (const Migration& later : AllMigrations()) {
      for (const std::string& table : TablesAddedBy(later)) {
        EXPECT_EQ(tables.count(table), later.version <= m.version ? 1u : 0u)
            << table << " at version " << m.version;
      }
    }
  }
}

TEST(Migrations, NeverGoBackward) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_TRUE(Migrate(*db, 1).ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
  EXPECT_TRUE(Migrate(*db).ok());  // nothing left to do
}

// Fills a database at version k, then lets OpenSqliteStore migrate it.
void CheckUpgradeFrom(int k) {
  SCOPED_TRACE("from schema version " + std::to_string(k));
  TempDir dir;
  std::string path = dir.File("g.db");
  {
    Result<SqliteDb> db = OpenDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db, k).ok());
    ASSERT_EQ(*ReadSchemaVersion(*db), k);
    for (const Seed& seed : Seeds()) {
      if (!SeedFits(seed, k)) continue;
      Status inserted = db->Exec(seed.insert_sql);
      ASSERT_TRUE(inserted.ok()) << "seed " << seed.version << ": " << inserted.ToString();
    }
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->CheckIntegrity().ok()) << (*store)->CheckIntegrity().ToString();
  Status read = (*store)->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    EXPECT_EQ(hierarchy.size(), k >= 1 ? 2u : 0u);
    if (k < 1) return Status::Ok();
    const OrgUnit* province = hierarchy.FindByUid("ProvYenBai1");
    EXPECT_NE(province, nullptr);
    if (province == nullptr) return Status::Ok();
    EXPECT_EQ(province->versions.size(), 2u);
    EXPECT_EQ(province->last().name, "Yên Bái Mới");
    EXPECT_EQ(hierarchy.events().size(), 1u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<OrgUnitAttribute> attributes,
                           txn.LoadAttributes(province->id));
    EXPECT_EQ(attributes.size(), 1u);
    // Version 4: the planning model and indicators (empty before it).
    GEMIS_ASSIGN_OR_RETURN(PlanBook book, txn.LoadPlanBook());
    GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
    EXPECT_EQ(book.plans().size(), k >= 4 ? 1u : 0u);
    EXPECT_EQ(book.data().targets.size(), k >= 4 ? 2u : 0u);
    EXPECT_EQ(metadata.indicators().size(), k >= 4 ? 1u : 0u);
    // Version 5: the units named as a plan's area.
    EXPECT_EQ(book.data().areas.size(), k >= 5 ? 1u : 0u);
    // Version 12: models, figure rules and claims (empty before it).
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> models, txn.LoadModels({}));
    EXPECT_EQ(models.size(), k >= 12 ? 1u : 0u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<FigureClaim> claims, txn.LoadFigureClaims(std::nullopt));
    EXPECT_EQ(claims.size(), k >= 15 ? 4u : k >= 14 ? 3u : k >= 13 ? 2u : k >= 12 ? 1u : 0u);
    // Versions 13 and 14 rebuild record_figure: a claim keeps its rule.
    for (const FigureClaim& c : claims) {
      if (c.key.period != 1) continue;
      EXPECT_EQ(c.rule, c.key.org_unit == 2 ? 1 : 0);
      EXPECT_EQ(c.activity_rule, c.key.org_unit == 1 ? 1 : 0);
      EXPECT_EQ(c.register_rule, 0);
      EXPECT_EQ(c.value, c.key.org_unit == 2 ? "22" : "12");
    }
    // Version 13: activities and their rules (empty before it).
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> activities, txn.LoadActivities({}));
    EXPECT_EQ(activities.size(), k >= 13 ? 2u : 0u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::ActivityFigureRule> activity_rules,
                           txn.LoadActivityFigureRules());
    EXPECT_EQ(activity_rules.size(), k >= 13 ? 1u : 0u);
    // Version 14: cadres, attendance and register rules (empty before it).
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Cadre> cadres, txn.LoadCadres({}));
    EXPECT_EQ(cadres.size(), k >= 14 ? 2u : 0u);
    for (const records::Activity& a : activities) {
      EXPECT_EQ(a.attendees.size(), k >= 14 && a.code == "HD-2024-001" ? 2u : 0u) << a.code;
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::RegisterFigureRule> register_rules,
                           txn.LoadRegisterFigureRules());
    EXPECT_EQ(register_rules.size(), k >= 15 ? 2u : k >= 14 ? 1u : 0u);
    // Version 15: safe births and their payments (empty before it), loaded
    // sealed without the field key.
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::SafeBirth> births, txn.LoadSafeBirths({}));
    EXPECT_EQ(births.size(), k >= 15 ? 2u : 0u);
    for (const records::SafeBirth& b : births) {
      EXPECT_TRUE(b.identity_sealed) << b.code;
      EXPECT_EQ(b.payments.size(), b.code == "SB-2024-001" ? 2u : 0u) << b.code;
      // Version 17: no identity of an earlier version is erased; the seed
      // of 17 erased the second birth's.
      EXPECT_EQ(b.identity_erased.has_value(), k >= 17 && b.code == "SB-2024-002") << b.code;
    }
    // Version 17: no request or breach before it, the default retention
    // periods (the seed of 17 sets the cases' to 7 years).
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::SubjectRequest> requests,
                           txn.LoadSubjectRequests());
    EXPECT_EQ(requests.size(), k >= 17 ? 1u : 0u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Breach> breaches, txn.LoadBreaches());
    EXPECT_EQ(breaches.size(), k >= 17 ? 1u : 0u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::RetentionRule> retention, txn.LoadRetentionRules());
    EXPECT_EQ(retention.size(), 2u);
    for (const records::RetentionRule& r : retention) {
      const int years = r.register_kind == records::PersonalRegister::kSafeBirth ? 10
                        : k >= 17                                                ? 7
                                                                                 : 5;
      EXPECT_EQ(r.years, years);
    }
    // Version 18: no calendar, report type or submission before it.
    GEMIS_ASSIGN_OR_RETURN(std::vector<CalendarDay> days, txn.LoadCalendarDays());
    EXPECT_EQ(days.size(), k >= 18 ? 1u : 0u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<ReportType> types, txn.LoadReportTypes());
    EXPECT_EQ(types.size(), k >= 18 ? 1u : 0u);
    // Version 19: the commune named (every commune before it).
    for (const ReportType& t : types) {
      EXPECT_EQ(t.deadlines.at(0).units,
                k >= 19 ? std::vector<OrgUnitId>{2} : std::vector<OrgUnitId>{});
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<Submission> submissions, txn.LoadSubmissions({}));
    EXPECT_EQ(submissions.size(), k >= 18 ? 1u : 0u);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();
  store->reset();
  Result<SqliteDb> db = OpenDb(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, k)) continue;
    EXPECT_EQ(QueryText(*db, seed.check_sql), seed.expected) << "seed " << seed.version;
  }
}

TEST(Migrations, EveryEarlierVersionIsUpgradedKeepingItsRows) {
  CheckUpgradeFrom(0);
  for (const Migration& m : AllMigrations()) {
    if (m.version < LatestSchemaVersion()) CheckUpgradeFrom(m.version);
  }
}

// Rows written with the plain SQL of each version (as an older gemis wrote
// them) are read back by the store: the loaders agree with the schema.
TEST(Migrations, SeedRowsOfTheLatestVersionLoadThroughTheStore) {
  TempDir dir;
  std::string path = dir.File("g.db");
  {
    Result<SqliteDb> db = OpenDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db).ok());
    for (const Seed& seed : Seeds()) {
      if (!SeedFits(seed, LatestSchemaVersion())) continue;
      Status inserted = db->Exec(seed.insert_sql);
      ASSERT_TRUE(inserted.ok()) << "seed " << seed.version << ": " << inserted.ToString();
    }
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->CheckIntegrity().ok()) << (*store)->CheckIntegrity().ToString();
  Status read = (*store)->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(PlanBook book, txn.LoadPlanBook());
    GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
    const StoredIndicator* share = metadata.FindIndicator("P8_SHARE");
    EXPECT_NE(share, nullptr);
    if (share != nullptr) {
      EXPECT_EQ(share->indicator.factor, 100);
      EXPECT_EQ(share->indicator.max_value.value_or(Decimal()).ToString(), "100");
    }
    const Agency* agency = book.FindAgency("YB-HLHPN");
    EXPECT_NE(agency, nullptr);
    if (agency != nullptr) {
      EXPECT_EQ(agency->org_unit, 2);
      EXPECT_EQ(agency->names.size(), 1u);
      EXPECT_EQ(agency->successors.size(), 1u);
      if (!agency->successors.empty()) {
        EXPECT_EQ(agency->successors[0].successor_code, "LC-HLHPN");
      }
    }
    const ProgramNode* project = book.FindProgramNode("CT1719.DA8");
    EXPECT_TRUE(project != nullptr && project->parent_code == "CT1719");
    const Plan* plan = book.FindPlan("12/KH-HLHPN");
    EXPECT_NE(plan, nullptr);
    if (plan == nullptr) return Status::Ok();
    EXPECT_EQ(plan->code, "YB-12-2024");
    EXPECT_EQ(plan->period.ToString(), "2024");
    EXPECT_EQ(plan->issuer_agency_code, "YB-HLHPN");
    EXPECT_EQ(plan->citations.size(), 1u);
    EXPECT_EQ(plan->assignments.size(), 1u);
    std::vector<const Target*> targets = book.TargetsOf(plan->id);
    EXPECT_EQ(targets.size(), 2u);
    if (targets.size() == 2) {
      EXPECT_EQ(targets[0]->measure.code, "P8_W");
      EXPECT_EQ(targets[1]->measure.code, "P8_SHARE");
      EXPECT_EQ(targets[1]->value.ToString(), "15.5");
    }
    std::vector<const BudgetLine*> budget = book.BudgetOf(plan->id);
    EXPECT_EQ(budget.size(), 1u);
    if (budget.size() == 1) {
      EXPECT_EQ(budget[0]->amount, 22'991'000'000);
      EXPECT_EQ(budget[0]->norm_code, "TT55-DCTC");
    }
    EXPECT_EQ(book.PlaceCountsOf(plan->id).size(), 1u);
    EXPECT_EQ(book.DeadlinesOf(plan->id).size(), 1u);
    EXPECT_EQ(book.SourceNotesOf(plan->id).size(), 1u);
    // Version 10: the data set, its element and unit, its registration.
    const StoredDataSet* report = metadata.FindDataSet("P8_REPORT");
    EXPECT_NE(report, nullptr);
    if (report != nullptr) {
      EXPECT_EQ(report->data_set.period_type, PeriodType::kYearly);
      EXPECT_EQ(report->data_set.data_elements, std::vector<std::string>{"P8_W"});
      EXPECT_EQ(report->data_set.org_units, (std::vector<DataSetOrgUnit>{{2, true}}));
      EXPECT_EQ(report->data_set.open_future_periods, 1);
      EXPECT_EQ(report->data_set.expiry_days, 15);
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<CompleteRegistration> registrations,
                           txn.LoadCompleteRegistrations(0));
    EXPECT_EQ(registrations.size(), 1u);
    if (registrations.size() == 1) {
      EXPECT_EQ(registrations[0].completed, Date::FromYmd(2025, 1, 5));
      EXPECT_EQ(registrations[0].stored_by, "officer");
    }
    // Version 12: the model with its facts in statement order, its rule and claim.
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> models, txn.LoadModels({}));
    EXPECT_EQ(models.size(), 1u);
    if (models.size() == 1) {
      const records::Model& m = models[0];
      EXPECT_EQ(m.kind, records::ModelKind::kSavingsGroup);
      EXPECT_EQ(m.level, ImplementingLevel::kCommune);
      EXPECT_EQ(m.plan, plan->id);
      EXPECT_EQ(m.target, targets.empty() ? 0 : targets[0]->id);
      EXPECT_EQ(m.consolidated, std::vector<Date>{Date::FromYmd(2024, 5, 1)});
      EXPECT_EQ(m.facts.size(), 3u);
      EXPECT_EQ(m.facts.empty() ? "" : m.facts[0].value, "22");
      EXPECT_TRUE(records::CheckModel(m).ok()) << records::CheckModel(m).ToString();
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::FigureRule> rules, txn.LoadFigureRules());
    EXPECT_EQ(rules.size(), 1u);
    if (rules.size() == 1) {
      EXPECT_EQ(rules[0].where, records::FactField::kGals);
      EXPECT_EQ(rules[0].sum, (std::vector<records::FactField>{records::FactField::kMembersFemale,
                                                               records::FactField::kMembersMale}));
      EXPECT_FALSE(rules[0].where_in_period);
      EXPECT_EQ(rules[0].statuses.size(), 3u);
      EXPECT_TRUE(records::CheckFigureRule(rules[0]).ok());
    }
    // Version 13: the activity rule's claim (unit 1) comes first in key
    // order; version 14: the register rule's (period 3, unit 2) last, after
    // version 15's safe-birth rule's (period 3, unit 1).
    GEMIS_ASSIGN_OR_RETURN(std::vector<FigureClaim> claims, txn.LoadFigureClaims(std::nullopt));
    EXPECT_EQ(claims.size(), 4u);
    if (claims.size() == 4) {
      EXPECT_EQ(claims[0].key, (DataValueKey{1, 1, 1, 1, 1}));
      EXPECT_EQ(claims[0].rule, 0);
      EXPECT_EQ(claims[0].activity_rule, 1);
      EXPECT_EQ(claims[0].register_rule, 0);
      EXPECT_EQ(claims[0].models, std::vector<records::ModelId>{2});
      EXPECT_EQ(claims[1].key, (DataValueKey{1, 1, 2, 1, 1}));
      EXPECT_EQ(claims[1].rule, 1);
      EXPECT_EQ(claims[1].activity_rule, 0);
      EXPECT_EQ(claims[1].register_rule, 0);
      EXPECT_EQ(claims[1].models, std::vector<records::ModelId>{1});
      EXPECT_EQ(claims[2].key, (DataValueKey{1, 3, 1, 1, 1}));
      EXPECT_EQ(claims[2].register_rule, 2);
      EXPECT_EQ(claims[2].models, std::vector<records::ModelId>{1});  // a birth
      EXPECT_EQ(claims[3].key, (DataValueKey{1, 3, 2, 1, 1}));
      EXPECT_EQ(claims[3].rule, 0);
      EXPECT_EQ(claims[3].activity_rule, 0);
      EXPECT_EQ(claims[3].register_rule, 1);
      EXPECT_EQ(claims[3].models, std::vector<records::ModelId>{1});
    }
    // Version 13: activities by start day, their cells in the order saved.
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> activities, txn.LoadActivities({}));
    EXPECT_EQ(activities.size(), 2u);
    if (activities.size() == 2) {
      const records::Activity& training = activities[0];
      EXPECT_EQ(training.code, "HD-2024-001");
      EXPECT_EQ(training.kind, records::ActivityKind::kTraining);
      EXPECT_EQ(training.programme, records::TrainingProgramme::kProgramme2);
      EXPECT_EQ(training.level, ImplementingLevel::kProvince);
      EXPECT_EQ(training.end, Date::FromYmd(2024, 4, 11));
      EXPECT_EQ(training.plan, plan->id);
      EXPECT_EQ(training.cost, 25'000'000);
      EXPECT_EQ(training.program_node_code, "CT1719.DA8");
      EXPECT_EQ(training.participants,
                (std::vector<records::ParticipantCount>{{"MALE", "ETHNIC_01", "", 5},
                                                        {"FEMALE", "MINORITY", "AGE_16_30", 12}}));
      EXPECT_EQ(training.attendees, (std::vector<int64_t>{1, 2}));  // version 14
      EXPECT_TRUE(records::CheckActivity(training).ok())
          << records::CheckActivity(training).ToString();
      const records::Activity& session = activities[1];
      EXPECT_EQ(session.kind, records::ActivityKind::kModelSession);
      EXPECT_EQ(session.model, 1);
      EXPECT_EQ(session.plan, 0);
      EXPECT_TRUE(session.dv_prevention);
      EXPECT_EQ(session.participants, (std::vector<records::ParticipantCount>{
                                          {"FEMALE", "", "", 9}, {"MALE", "", "", 4}}));
      EXPECT_TRUE(records::CheckActivity(session).ok())
          << records::CheckActivity(session).ToString();
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::ActivityFigureRule> activity_rules,
                           txn.LoadActivityFigureRules());
    EXPECT_EQ(activity_rules.size(), 1u);
    if (activity_rules.size() == 1) {
      EXPECT_EQ(activity_rules[0].programme, records::TrainingProgramme::kProgramme2);
      EXPECT_FALSE(activity_rules[0].dialogue_level.has_value());
      EXPECT_EQ(activity_rules[0].measure, records::ActivityMeasure::kWomen);
      EXPECT_TRUE(records::CheckActivityFigureRule(activity_rules[0]).ok());
    }
    // Version 14: cadres in code order with their trainings in the order
    // saved, and the register rule.
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Cadre> cadres, txn.LoadCadres({}));
    EXPECT_EQ(cadres.size(), 2u);
    if (cadres.size() == 2) {
      const records::Cadre& mai = cadres[0];
      EXPECT_EQ(mai.code, "CB-NU-0001");
      EXPECT_EQ(mai.level, ImplementingLevel::kDistrict);
      EXPECT_EQ(mai.group, records::CadreGroup::kPipeline);
      EXPECT_EQ(mai.since, Date::FromYmd(2023, 6, 1));
      EXPECT_FALSE(mai.until.has_value());
      EXPECT_EQ(mai.other_trainings,
                (std::vector<records::OtherTraining>{
                    {Date::FromYmd(2023, 9, 12), "Bồi dưỡng kỹ năng lãnh đạo"},
                    {Date::FromYmd(2023, 3, 1), "Lớp trung cấp lý luận chính trị"}}));
      EXPECT_TRUE(records::CheckCadre(mai).ok()) << records::CheckCadre(mai).ToString();
      const records::Cadre& lan = cadres[1];
      EXPECT_EQ(lan.group, records::CadreGroup::kNewlyElected);
      EXPECT_EQ(lan.until, Date::FromYmd(2024, 2, 1));
      EXPECT_EQ(lan.note, "đã chuyển công tác");
      EXPECT_TRUE(records::CheckCadre(lan).ok()) << records::CheckCadre(lan).ToString();
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::RegisterFigureRule> register_rules,
                           txn.LoadRegisterFigureRules());
    EXPECT_EQ(register_rules.size(), 2u);
    if (register_rules.size() == 2) {
      EXPECT_EQ(register_rules[0].measure, "trained");
      EXPECT_EQ(register_rules[0].filter, (std::vector<std::string>{"newly_elected", "pipeline"}));
      EXPECT_EQ(register_rules[0].by, records::FigureBy::kImplementingLevel);
      EXPECT_TRUE(records::CheckRegisterFigureRule(register_rules[0]).ok());
      // Version 15: a safe-birth rule, its filter of packages.
      EXPECT_EQ(register_rules[1].register_kind, records::RegisterKind::kSafeBirth);
      EXPECT_EQ(register_rules[1].measure, "supported");
      EXPECT_EQ(register_rules[1].filter, (std::vector<std::string>{"meals", "travel"}));
      EXPECT_TRUE(records::CheckRegisterFigureRule(register_rules[1]).ok());
    }
    // Version 15: births by day with their payments in the order saved;
    // without the field key their identity is sealed, the rest is there.
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::SafeBirth> births, txn.LoadSafeBirths({}));
    EXPECT_EQ(births.size(), 2u);
    if (births.size() == 2) {
      const records::SafeBirth& home = births[0];
      EXPECT_EQ(home.code, "SB-2024-002");
      EXPECT_TRUE(home.identity_sealed);
      EXPECT_EQ(home.identity_erased, Date::FromYmd(2025, 1, 15));  // version 17
      EXPECT_TRUE(home.mother_name.empty());
      EXPECT_FALSE(home.mother_age.has_value());
      EXPECT_FALSE(home.at_health_facility.has_value());
      EXPECT_FALSE(home.within_population_policy.has_value());
      EXPECT_TRUE(home.caesarean);
      EXPECT_EQ(home.village, 0);
      EXPECT_EQ(home.note, "Sinh tại nhà");
      EXPECT_TRUE(home.payments.empty());
      EXPECT_TRUE(records::CheckSafeBirth(home).ok()) << records::CheckSafeBirth(home).ToString();
      const records::SafeBirth& ung = births[1];
      EXPECT_EQ(ung.uid, "BirthUng001");
      EXPECT_TRUE(ung.identity_sealed);
      EXPECT_FALSE(ung.identity_erased.has_value());
      EXPECT_FALSE(ung.mother_birth_date.has_value());
      EXPECT_EQ(ung.mother_age, 24);
      EXPECT_EQ(ung.ethnicity, "ETHNIC_04");
      EXPECT_EQ(ung.commune, 2);
      EXPECT_EQ(ung.birth_date, Date::FromYmd(2024, 6, 2));
      EXPECT_EQ(ung.at_health_facility, true);
      EXPECT_EQ(ung.facility, "Trạm Y tế xã Mường So");
      EXPECT_EQ(ung.within_population_policy, true);
      EXPECT_EQ(
          ung.payments,
          (std::vector<records::SafeBirthPayment>{
              {records::SafeBirthPackage::kMeals, Date::FromYmd(2024, 6, 5), 300'000, 2, 3,
               "PC-2024/117"},
              {records::SafeBirthPackage::kTravel, Date::FromYmd(2024, 6, 2), 200'000, 2, 0, ""}}));
      EXPECT_TRUE(records::CheckSafeBirth(ung).ok()) << records::CheckSafeBirth(ung).ToString();
    }
    // Version 17: the request with its lists, the breach, the retention.
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::SubjectRequest> requests,
                           txn.LoadSubjectRequests());
    EXPECT_EQ(requests.size(), 1u);
    if (requests.size() == 1) {
      const records::SubjectRequest& r = requests[0];
      EXPECT_EQ(r.uid, "ReqErase001");
      EXPECT_EQ(r.register_kind, records::PersonalRegister::kSafeBirth);
      EXPECT_EQ(r.kind, records::RequestKind::kErasure);
      EXPECT_EQ(r.answered_ms, 1'736'910'000'000);
      EXPECT_EQ(r.erased, (std::vector<std::string>{"motherName", "motherBirthDate"}));
      EXPECT_EQ(r.kept.size(), 1u);
      if (r.kept.size() == 1) {
        EXPECT_EQ(r.kept[0].field, "payments");
        EXPECT_EQ(r.kept[0].reason_vi, "Chứng từ kế toán");
        EXPECT_EQ(r.kept[0].reason_en, "Accounting documents");
      }
      EXPECT_TRUE(records::CheckSubjectRequest(r).ok());
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Breach> breaches, txn.LoadBreaches());
    EXPECT_EQ(breaches.size(), 1u);
    if (breaches.size() == 1) {
      EXPECT_EQ(breaches[0].registers,
                (std::vector<records::PersonalRegister>{records::PersonalRegister::kSafeBirth,
                                                        records::PersonalRegister::kCase}));
      EXPECT_EQ(breaches[0].subjects, 12);
      EXPECT_EQ(breaches[0].notified_to, "A05");
      EXPECT_TRUE(records::CheckBreach(breaches[0]).ok());
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::RetentionRule> retention, txn.LoadRetentionRules());
    EXPECT_EQ(retention.size(), 2u);
    if (retention.size() == 2) {
      EXPECT_EQ(retention[0].register_kind, records::PersonalRegister::kSafeBirth);
      EXPECT_EQ(retention[0].years, 10);
      EXPECT_EQ(retention[1].register_kind, records::PersonalRegister::kCase);
      EXPECT_EQ(retention[1].years, 7);
    }
    std::vector<const PlanArea*> areas = book.AreasOf(plan->id);
    EXPECT_EQ(areas.size(), 1u);
    if (areas.size() == 1) {
      EXPECT_EQ(areas[0]->org_unit, 2);
      EXPECT_EQ(areas[0]->kind, "scope");
      EXPECT_EQ(areas[0]->ordinal, 1);
      EXPECT_EQ(areas[0]->source.document, "seeds/000.txt");
      EXPECT_EQ(areas[0]->source.text, "Tại 14 xã");
    }
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();
}

// Enums of the planning model are stored as their names under CHECK
// constraints; anything else (a Vietnamese spelling, a typo) is refused.
TEST(Migrations, PlanTablesRefuseUnknownEnumNames) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  const char* refused[] = {
      "INSERT INTO agency (code, kind) VALUES ('X', 'ministry')",
      "INSERT INTO agency_successor (agency_id, seq, effective, successor_id, kind) VALUES"
      " (2, 1, '2026-01-01', 1, 'absorbed')",
      "INSERT INTO program_node (code, kind, name) VALUES ('X', 'subproject', 'x')",
      "INSERT INTO plan (code, issuer_unit_id, period, status) VALUES ('X', 2, '2024', 'final')",
      "INSERT INTO plan (code, issuer_unit_id, period, status) VALUES ('X', 2, '', 'issued')",
      "INSERT INTO plan_assignment (plan_id, seq, agency_id, role) VALUES (1, 2, 1, 'chủ trì')",
      "UPDATE target SET level = 'tỉnh' WHERE id = 1",
      "UPDATE target SET unit = 'tổ' WHERE id = 1",
      "UPDATE target SET direction = 'more' WHERE id = 1",
      "UPDATE target SET rule = '≤' WHERE id = 1",
      "UPDATE target SET status = 'paused' WHERE id = 1",
      "UPDATE target SET measure_kind = 'formula' WHERE id = 1",
      "UPDATE target SET value = '' WHERE id = 1",
      "UPDATE budget_line SET funding = 'province' WHERE id = 1",
      "UPDATE budget_line SET kind = 'planned' WHERE id = 1",
      "INSERT INTO budget_line (plan_id, line_key, level, funding, kind, amount) VALUES"
      " (1, 'tinh-cap-2024', 'all', 'central', 'allocated', 1)",  // key taken in the plan
      "UPDATE reporting_deadline SET due_month = 13",
      "UPDATE indicator SET factor = 0",
      "UPDATE plan_area SET kind = ''",
      "INSERT INTO plan_area (plan_id, org_unit_id, kind) VALUES (1, 2, NULL)",
  };
  for (const char* sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  EXPECT_EQ(QueryText(*db, "SELECT group_concat(level || unit || rule) FROM target"),
            "provincecount=,allpercentfree");
}

// Version 10: the data set tables refuse what the store never writes.
TEST(Migrations, DataSetTablesRefuseBadRows) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());  // as the store opens it
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  const char* refused[] = {
      "INSERT INTO data_set (uid, code, name, period_type) VALUES ('short', 'X', 'x', 'Yearly')",
      "INSERT INTO data_set (uid, code, name, period_type) VALUES ('DsOther0001', '', 'x',"
      " 'Yearly')",
      "INSERT INTO data_set (uid, code, name, period_type) VALUES ('DsOther0001', 'P8_REPORT',"
      " 'x', 'Yearly')",  // code taken
      "UPDATE data_set SET open_future_periods = -1",
      "UPDATE data_set SET expiry_days = -1",
      "INSERT INTO data_set_element VALUES (1, 2, 1)",      // the element twice
      "INSERT INTO data_set_element VALUES (1, 2, 99)",     // no such element
      "INSERT INTO data_set_org_unit VALUES (1, 2, 2, 0)",  // the unit twice
      "INSERT INTO data_set_org_unit VALUES (1, 2, 1, 2)",  // descendants not 0/1
      "INSERT INTO complete_registration VALUES (1, 1, 2, 1, '2025-02-01', 'x', 'y')",  // key
      "INSERT INTO complete_registration VALUES (9, 1, 2, 1, '2025-02-01', 'x', 'y')",
  };
  for (const char* sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM data_set_element"), "1");
}

// Version 12: the model tables refuse what the store never writes.
TEST(Migrations, ModelTablesRefuseBadRows) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());  // as the store opens it
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  // A second period, so that a claim's key is free (the seeds claim both units of 2024).
  ASSERT_TRUE(db->Exec("INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
                       " (2, '2025', 'Yearly', '2025-01-01', '2025-12-31')")
                  .ok());
  auto model = [](const char* values) {
    return "INSERT INTO model (uid, code, kind, name, org_unit_id, level, established,"
           " dissolved, created, last_updated) VALUES " +
           std::string(values);
  };
  auto rule = [](const char* values) {
    return "INSERT INTO figure_rule (data_element, kind, statuses, where_field,"
           " where_in_period, sum_fields, by, period_type) VALUES " +
           std::string(values);
  };
  auto claim = [](const char* values) {
    return "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
           " rule_id, value, models) VALUES " +
           std::string(values);
  };
  const std::string refused[] = {
      model("('ModelOther1', 'CB-TKV-0012', 'savings_group', 'x', 2, 'commune',"
            " '2022-01-01', NULL, 'a', 'a')"),  // code taken
      model("('ModelTkv001', 'X', 'savings_group', 'x', 2, 'commune', '2022-01-01', NULL,"
            " 'a', 'a')"),  // uid taken
      model("('short', 'X', 'savings_group', 'x', 2, 'commune', '2022-01-01', NULL, 'a', 'a')"),
      model("('ModelOther1', '', 'savings_group', 'x', 2, 'commune', '2022-01-01', NULL,"
            " 'a', 'a')"),
      model("('ModelOther1', 'X', 'club', 'x', 2, 'commune', '2022-01-01', NULL, 'a', 'a')"),
      model("('ModelOther1', 'X', 'savings_group', 'x', 2, 'village', '2022-01-01', NULL,"
            " 'a', 'a')"),
      model("('ModelOther1', 'X', 'savings_group', 'x', 99, 'commune', '2022-01-01', NULL,"
            " 'a', 'a')"),  // no such unit
      model("('ModelOther1', 'X', 'savings_group', 'x', 2, 'commune', '2022-01-01',"
            " '2022-01-01', 'a', 'a')"),  // dissolved on the day it was established
      "UPDATE model SET plan_id = 99", "UPDATE model SET target_id = 99",
      "INSERT INTO model_consolidation VALUES (1, '2024-05-01')",  // the day twice
      "INSERT INTO model_consolidation VALUES (9, '2024-05-01')",
      "INSERT INTO model_fact (model_id, day, field, value) VALUES (9, '2024-01-01', 'gals',"
      " 'true')",
      // The same key again, also with NULL facts.
      rule("('P8_W', 'savings_group', 'new,consolidated,maintained', 'gals', 0,"
           " 'members_female,members_male', 'none', 'Yearly')"),
      rule("('P8_W', 'savings_group', 'new', NULL, 0, NULL, 'none', 'Yearly'),"
           " ('P8_W', 'savings_group', 'new', NULL, 0, NULL, 'none', 'Yearly')"),
      rule("('P8_W', 'savings_group', 'new', NULL, 0, NULL, 'by_sex', 'Yearly')"),
      rule("('', 'savings_group', 'new', NULL, 0, NULL, 'none', 'Yearly')"),
      rule("('P8_W', 'savings_group', 'new', NULL, 1, NULL, 'none', 'Yearly')"),  // no where fact
      rule("('P8_W', 'savings_group', 'new', 'gals', 2, NULL, 'none', 'Yearly')"),
      claim("(1, 1, 2, 1, 1, 1, '3', '')"),  // key taken
      claim("(1, 2, 2, 1, 1, 9, '3', '')"),  // no such rule
      claim("(1, 9, 2, 1, 1, 1, '3', '')"),  // no such period
  };
  for (const std::string& sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  // A target removed with its plan's contents unlinks the model; a model
  // removed takes its consolidations and facts.
  ASSERT_TRUE(db->Exec("DELETE FROM target WHERE id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT coalesce(target_id, 'null') || '/' || plan_id FROM model"),
            "null/1");
  // (Version 13: a model with sessions is not deleted; the seed's session goes first.)
  ASSERT_TRUE(db->Exec("DELETE FROM activity").ok());
  ASSERT_TRUE(db->Exec("DELETE FROM model").ok());
  EXPECT_EQ(QueryText(*db,
                      "SELECT (SELECT count(*) FROM model_fact) +"
                      " (SELECT count(*) FROM model_consolidation)"),
            "0");
}

// Version 13: the activity tables refuse what the store never writes, a
// model with sessions is not deleted, and deletes cascade as documented.
TEST(Migrations, ActivityTablesRefuseBadRows) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());  // as the store opens it
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  ASSERT_TRUE(db->Exec("INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
                       " (2, '2025', 'Yearly', '2025-01-01', '2025-12-31')")
                  .ok());
  // uid, code, kind, start, end, unit, level, model, programme, dialogue level.
  auto activity = [](const char* values) {
    return "INSERT INTO activity (uid, code, kind, start_day, end_day, org_unit_id, level,"
           " model_id, programme, dialogue_level, title, created, last_updated) VALUES (" +
           std::string(values) + ", 't', 'a', 'a')";
  };
  auto cell = [](const char* values) {
    return "INSERT INTO activity_participant (activity_id, sex, ethnicity, age_band, count, seq)"
           " VALUES " +
           std::string(values);
  };
  auto rule = [](const char* values) {
    return "INSERT INTO activity_figure_rule (data_element, kind, programme, dialogue_level,"
           " dv_prevention_only, measure, by, period_type) VALUES " +
           std::string(values);
  };
  auto claim = [](const char* values) {
    return "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
           " rule_id, activity_rule_id, value, models) VALUES " +
           std::string(values);
  };
  // The row the cases change one thing of is accepted.
  ASSERT_TRUE(db->Exec(activity("'ActOther001', 'X', 'communication', '2024-01-01',"
                                " '2024-01-01', 2, 'commune', NULL, 'none', 'none'"))
                  .ok());
  const std::string refused[] = {
      activity("'ActOther002', 'HD-2024-001', 'communication', '2024-01-01', '2024-01-01', 2,"
               " 'commune', NULL, 'none', 'none'"),  // code taken
      activity("'ActTrain001', 'Y', 'communication', '2024-01-01', '2024-01-01', 2, 'commune',"
               " NULL, 'none', 'none'"),  // uid taken
      activity("'short', 'Y', 'communication', '2024-01-01', '2024-01-01', 2, 'commune', NULL,"
               " 'none', 'none'"),
      activity("'ActOther002', '', 'communication', '2024-01-01', '2024-01-01', 2, 'commune',"
               " NULL, 'none', 'none'"),
      activity("'ActOther002', 'Y', 'event', '2024-01-01', '2024-01-01', 2, 'commune', NULL,"
               " 'none', 'none'"),
      activity("'ActOther002', 'Y', 'communication', '2024-01-01', '2024-01-01', 2, 'village',"
               " NULL, 'none', 'none'"),
      activity("'ActOther002', 'Y', 'communication', '2024-01-02', '2024-01-01', 2, 'commune',"
               " NULL, 'none', 'none'"),  // ends before it starts
      activity("'ActOther002', 'Y', 'communication', '2024-01-01', '2024-01-01', 99, 'commune',"
               " NULL, 'none', 'none'"),  // no such unit
      activity("'ActOther002', 'Y', 'model_session', '2024-01-01', '2024-01-01', 2, 'commune',"
               " NULL, 'none', 'none'"),  // a session without its model
      activity("'ActOther002', 'Y', 'communication', '2024-01-01', '2024-01-01', 2, 'commune',"
               " 1, 'none', 'none'"),  // a model for another kind
      activity("'ActOther002', 'Y', 'model_session', '2024-01-01', '2024-01-01', 2, 'commune',"
               " 99, 'none', 'none'"),  // no such model
      activity("'ActOther002', 'Y', 'training', '2024-01-01', '2024-01-01', 2, 'commune', NULL,"
               " 'none', 'none'"),  // a training without its programme
      activity("'ActOther002', 'Y', 'communication', '2024-01-01', '2024-01-01', 2, 'commune',"
               " NULL, 'programme_2', 'none'"),
      activity("'ActOther002', 'Y', 'training', '2024-01-01', '2024-01-01', 2, 'commune', NULL,"
               " 'programme_9', 'none'"),
      activity("'ActOther002', 'Y', 'policy_dialogue', '2024-01-01', '2024-01-01', 2,"
               " 'commune', NULL, 'none', 'none'"),  // a dialogue without its level
      activity("'ActOther002', 'Y', 'communication', '2024-01-01', '2024-01-01', 2, 'commune',"
               " NULL, 'none', 'commune'"),
      "UPDATE activity SET cost = -1", "UPDATE activity SET dv_prevention = 2",
      "UPDATE activity SET plan_id = 99",
      cell("(2, 'MALE', 'ETHNIC_01', '', 3, 5)"),  // the same cell twice
      cell("(2, 'OTHER', '', '', 3, 5)"), cell("(2, 'MALE', '', '', 0, 5)"),
      cell("(2, 'MALE', '', '', 3, 1)"),  // the place taken
      cell("(9, 'MALE', '', '', 3, 0)"),  // no such activity
      // The same key again, also with NULL selections.
      rule("('P8_W', 'training', 'programme_2', NULL, 0, 'women', 'none', 'Yearly')"),
      rule("('P8_W', 'workshop', NULL, NULL, 0, 'count', 'none', 'Yearly'),"
           " ('P8_W', 'workshop', NULL, NULL, 0, 'count', 'none', 'Yearly')"),
      rule("('P8_W', 'training', 'none', NULL, 0, 'count', 'none', 'Yearly')"),
      rule("('P8_W', 'workshop', 'programme_2', NULL, 0, 'count', 'none', 'Yearly')"),
      rule("('P8_W', 'training', NULL, 'commune', 0, 'count', 'none', 'Yearly')"),
      rule("('P8_W', 'policy_dialogue', NULL, 'none', 0, 'count', 'none', 'Yearly')"),
      rule("('P8_W', 'workshop', NULL, NULL, 0, 'count', 'model_status', 'Yearly')"),
      rule("('P8_W', 'workshop', NULL, NULL, 0, 'people', 'none', 'Yearly')"),
      rule("('P8_W', 'workshop', NULL, NULL, 2, 'count', 'none', 'Yearly')"),
      rule("('', 'workshop', NULL, NULL, 0, 'count', 'none', 'Yearly')"),
      claim("(1, 2, 2, 1, 1, 1, 1, '3', '')"),        // both rules
      claim("(1, 2, 2, 1, 1, NULL, NULL, '3', '')"),  // neither
      claim("(1, 2, 2, 1, 1, NULL, 9, '3', '')"),     // no such activity rule
      "DELETE FROM model WHERE id = 1",               // it has a session (RESTRICT)
  };
  for (const std::string& sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM activity_participant"), "4");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM model"), "1");
  // A plan deleted unlinks its activities (as its models).
  ASSERT_TRUE(db->Exec("DELETE FROM plan WHERE id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM activity WHERE plan_id IS NOT NULL"), "0");
  // An activity deleted takes its cells; claims keep its id.
  ASSERT_TRUE(db->Exec("DELETE FROM activity WHERE code = 'HD-2024-001'").ok());
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(activity_id || sex, ',') FROM"
                      " (SELECT * FROM activity_participant ORDER BY activity_id, seq)"),
            "1FEMALE,1MALE");
  EXPECT_EQ(QueryText(*db, "SELECT models FROM record_figure WHERE activity_rule_id = 1"), "2");
  // An activity rule deleted takes its claims, not the model rule's.
  ASSERT_TRUE(db->Exec("DELETE FROM activity_figure_rule").ok());
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(org_unit_id || '/' || rule_id, ',')"
                      " FROM record_figure"),
            "2/1");
  // Without its sessions the model goes.
  ASSERT_TRUE(db->Exec("DELETE FROM activity WHERE model_id = 1").ok());
  ASSERT_TRUE(db->Exec("DELETE FROM model WHERE id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM activity_participant"), "0");
}

// Version 14: the cadre tables refuse what the store never writes, and
// deletes cascade as documented.
TEST(Migrations, CadreTablesRefuseBadRows) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());  // as the store opens it
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  ASSERT_TRUE(db->Exec("INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
                       " (2, '2025', 'Yearly', '2025-01-01', '2025-12-31')")
                  .ok());
  // uid, code, unit, level, group, since, until.
  auto cadre = [](const char* values) {
    return "INSERT INTO cadre (uid, code, org_unit_id, level, grp, since, until, name, position,"
           " ethnicity, created, last_updated) VALUES (" +
           std::string(values) + ", 'n', 'p', 'MINORITY', 'a', 'a')";
  };
  auto training = [](const char* values) {
    return "INSERT INTO cadre_training (cadre_id, seq, day, title) VALUES " + std::string(values);
  };
  auto attendee = [](const char* values) {
    return "INSERT INTO activity_attendee (activity_id, cadre_id) VALUES " + std::string(values);
  };
  // data element, register, measure, filter, by.
  auto rule = [](const char* values) {
    return "INSERT INTO register_figure_rule (data_element, register, measure, filter, by,"
           " period_type) VALUES (" +
           std::string(values) + ", 'Yearly')";
  };
  auto claim = [](const char* values) {
    return "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
           " rule_id, activity_rule_id, register_rule_id, value, models) VALUES " +
           std::string(values);
  };
  // The rows the cases change one thing of are accepted.
  ASSERT_TRUE(
      db->Exec(cadre("'CadreOther1', 'X', 2, 'commune', 'pipeline', '2024-01-01', NULL")).ok());
  ASSERT_TRUE(db->Exec(rule("'P8_W', 'women_cadres', 'in_group', '', 'none'")).ok());
  const std::string refused[] = {
      cadre("'CadreOther2', 'CB-NU-0001', 2, 'commune', 'pipeline', '2024-01-01', NULL"),
      cadre("'CadreMai001', 'Y', 2, 'commune', 'pipeline', '2024-01-01', NULL"),  // uid taken
      cadre("'short', 'Y', 2, 'commune', 'pipeline', '2024-01-01', NULL"),
      cadre("'CadreOther2', '', 2, 'commune', 'pipeline', '2024-01-01', NULL"),
      cadre("'CadreOther2', 'Y', 2, 'province', 'pipeline', '2024-01-01', NULL"),
      cadre("'CadreOther2', 'Y', 2, 'commune', 'appointed', '2024-01-01', NULL"),
      cadre("'CadreOther2', 'Y', 99, 'commune', 'pipeline', '2024-01-01', NULL"),  // no unit
      cadre("'CadreOther2', 'Y', 2, 'commune', 'pipeline', '2024-01-01', '2024-01-01'"),
      training("(1, 1, '2024-01-01', 'x')"),                           // the place taken
      training("(1, 2, '2023-09-12', 'Bồi dưỡng kỹ năng lãnh đạo')"),  // the same twice
      training("(1, 2, '2024-01-01', '')"),
      training("(9, 0, '2024-01-01', 'x')"),  // no such cadre
      attendee("(2, 1)"),                     // twice
      attendee("(2, 9)"),                     // no such cadre
      attendee("(9, 1)"),                     // no such activity
      // The same key again.
      rule("'P8_W', 'women_cadres', 'trained', 'newly_elected,pipeline', 'implementing_level'"),
      rule("'P8_W', 'safe_births', 'in_group', '', 'none'"),
      rule("'P8_W', 'women_cadres', 'count', '', 'none'"),
      rule("'P8_W', 'women_cadres', 'in_group', '', 'model_status'"),
      rule("'', 'women_cadres', 'in_group', '', 'none'"),
      claim("(1, 2, 2, 1, 1, 1, NULL, 1, '3', '')"),     // a model rule and a register rule
      claim("(1, 2, 2, 1, 1, NULL, 1, 1, '3', '')"),     // an activity rule and a register rule
      claim("(1, 2, 2, 1, 1, NULL, NULL, 9, '3', '')"),  // no such register rule
  };
  for (const std::string& sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM cadre"), "3");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM cadre_training"), "2");
  // A cadre deleted takes her trainings and attendance; claims keep her id.
  ASSERT_TRUE(db->Exec("DELETE FROM cadre WHERE id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM cadre_training"), "0");
  EXPECT_EQ(QueryText(*db, "SELECT group_concat(cadre_id, ',') FROM activity_attendee"), "2");
  EXPECT_EQ(QueryText(*db, "SELECT models FROM record_figure WHERE register_rule_id = 1"), "1");
  // An activity deleted takes its attendance, not the cadre.
  ASSERT_TRUE(db->Exec("DELETE FROM activity WHERE id = 2").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM activity_attendee"), "0");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM cadre WHERE id = 2"), "1");
  // A register rule deleted takes its claims, not the others'.
  ASSERT_TRUE(db->Exec("DELETE FROM register_figure_rule WHERE id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM record_figure"), "3");  // version 15's stays
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM record_figure WHERE register_rule_id = 1"), "0");
}

// Version 15: the safe-birth tables refuse what the store never writes —
// an identifying field in clear above all — and deletes cascade as
// documented. register_figure_rule (version 14, widened in place) takes the
// safe-birth register and its measures.
TEST(Migrations, SafeBirthTablesRefuseBadRows) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());  // as the store opens it
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  // uid, code, name, date of birth, age, commune, village, facility flag,
  // caesarean, policy flag.
  auto birth = [](const char* values) {
    return "INSERT INTO safe_birth (uid, code, mother_name, mother_birth_date, mother_age,"
           " commune_id, village_id, at_health_facility, caesarean, within_population_policy,"
           " birth_date, created, last_updated) VALUES (" +
           std::string(values) + ", '2024-06-02', 'a', 'a')";
  };
  auto payment = [](const char* values) {
    return "INSERT INTO safe_birth_payment (birth_id, seq, package, day, amount, people, days)"
           " VALUES " +
           std::string(values);
  };
  auto rule = [](const char* values) {
    return "INSERT INTO register_figure_rule (data_element, register, measure, filter, by,"
           " period_type) VALUES (" +
           std::string(values) + ", 'Yearly')";
  };
  // The rows the cases change one thing of are accepted.
  ASSERT_TRUE(
      db->Exec(birth("'BirthOther1', 'X', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 0, NULL")).ok());
  ASSERT_TRUE(db->Exec(payment("(1, 2, 'supplies', '2024-06-02', 500000, 0, 0)")).ok());
  ASSERT_TRUE(db->Exec(rule("'P8_W', 'safe_birth', 'births', '', 'none'")).ok());
  ASSERT_TRUE(db->Exec(rule("'P8_W', 'safe_birth', 'amount', 'nutrition', 'none'")).ok());
  const std::string refused[] = {
      birth("'BirthOther2', 'SB-2024-001', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 0, NULL"),
      birth("'BirthUng001', 'Y', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 0, NULL"),  // uid taken
      birth("'short', 'Y', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', '', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 0, NULL"),
      // An identifying field in clear, or missing.
      birth("'BirthOther2', 'Y', 'Lò Thị Ửng', NULL, NULL, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', '', NULL, NULL, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', NULL, NULL, NULL, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', '1999-11-23', NULL, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, 9, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, 61, 2, NULL, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, NULL, 99, NULL, NULL, 0, NULL"),  // no unit
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, NULL, 2, 99, NULL, 0, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, NULL, 2, NULL, 2, 0, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 2, NULL"),
      birth("'BirthOther2', 'Y', 'v1:AAAA', NULL, NULL, 2, NULL, NULL, 0, -1"),
      payment("(1, 0, 'nutrition', '2024-06-02', 500000, 0, 0)"),  // the place taken
      payment("(1, 3, 'meals', '2024-06-05', 50000, 1, 1)"),       // the package paid twice
      payment("(1, 3, 'cash', '2024-06-02', 500000, 0, 0)"),
      payment("(1, 3, 'nutrition', '2024-06-02', 0, 0, 0)"),
      payment("(1, 3, 'nutrition', '2024-06-02', 500000, 3, 0)"),
      payment("(1, 3, 'nutrition', '2024-06-02', 500000, 0, 6)"),
      payment("(9, 0, 'supplies', '2024-06-02', 500000, 0, 0)"),  // no such birth
      rule("'P8_W', 'safe_birth', 'births', '', 'none'"),         // the same key again
      rule("'P8_W', 'safe_birth', 'paid', '', 'none'"),
  };
  for (const std::string& sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM safe_birth"), "3");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM safe_birth_payment"), "3");
  // A birth deleted takes its payments; claims keep its id.
  ASSERT_TRUE(db->Exec("DELETE FROM safe_birth WHERE id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM safe_birth_payment"), "0");
  EXPECT_EQ(QueryText(*db, "SELECT models FROM record_figure WHERE register_rule_id = 2"), "1");
}

// Version 17 adds the day an identity was erased to births and cases, and
// the tables of data subjects' requests, breaches and retention periods,
// which refuse what the store never writes.
TEST(Migrations, PrivacyTablesRefuseBadRows) {
  ASSERT_GE(AllMigrations().size(), 17u);
  EXPECT_EQ(AllMigrations()[16].version, 17);
  EXPECT_EQ(TablesAddedBy(AllMigrations()[16]),
            (std::vector<std::string>{"subject_request", "breach", "retention_rule"}));
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db, 16).ok());
  EXPECT_EQ(QueryText(*db,
                      "SELECT count(*) FROM pragma_table_info('safe_birth')"
                      " WHERE name = 'identity_erased'"),
            "0");
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());  // as the store opens it
  for (const char* table : {"safe_birth", "case_record"}) {
    EXPECT_EQ(QueryText(*db, std::string("SELECT type || '|' || \"notnull\" || '|' ||"
                                         " coalesce(dflt_value, 'NULL') FROM"
                                         " pragma_table_info('") +
                                 table + "') WHERE name = 'identity_erased'"),
              "TEXT|0|NULL")
        << table;
  }
  std::set<std::string> tables = Tables(*db);
  for (const char* table : {"subject_request", "breach", "retention_rule"}) {
    EXPECT_TRUE(tables.count(table)) << table;
  }
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  // uid, register, record code, kind, received, answered.
  auto request = [](const char* values) {
    return "INSERT INTO subject_request (uid, register, record_code, kind, received_ms,"
           " answered_ms) VALUES (" +
           std::string(values) + ")";
  };
  // uid, detected, description, subjects, notified.
  auto breach = [](const char* values) {
    return "INSERT INTO breach (uid, detected_ms, description, subjects, notified_ms) VALUES (" +
           std::string(values) + ")";
  };
  auto retention = [](const char* values) {
    return "INSERT INTO retention_rule (register, years) VALUES (" + std::string(values) + ")";
  };
  // The rows the cases change one thing of are accepted.
  ASSERT_TRUE(db->Exec(request("'ReqAccess01', 'case', 'VV-0001', 'access', 100, NULL")).ok());
  ASSERT_TRUE(db->Exec(request("'ReqRectif01', 'cadre', 'CB-NU-0001', 'rectification', 100,"
                               " 100"))
                  .ok());
  ASSERT_TRUE(db->Exec(breach("'BreachOne01', 100, 'Mất máy', NULL, NULL")).ok());
  ASSERT_TRUE(db->Exec(breach("'BreachTwo01', 100, 'Mất máy', 0, 100")).ok());
  ASSERT_TRUE(db->Exec(retention("'safe_birth', 100")).ok());
  const std::string refused[] = {
      request("'ReqAccess01', 'case', 'VV-0002', 'access', 100, NULL"),  // uid taken
      request("'short', 'case', 'VV-0002', 'access', 100, NULL"),
      request("'ReqAccess02', 'cases', 'VV-0002', 'access', 100, NULL"),
      request("'ReqAccess02', 'case', '', 'access', 100, NULL"),
      request("'ReqAccess02', 'case', 'VV-0002', 'deletion', 100, NULL"),
      request("'ReqAccess02', 'case', 'VV-0002', 'access', NULL, NULL"),
      request("'ReqAccess02', 'case', 'VV-0002', 'access', 100, 99"),  // answered before
      breach("'BreachOne01', 100, 'Mất máy', NULL, NULL"),             // uid taken
      breach("'short', 100, 'Mất máy', NULL, NULL"),
      breach("'BreachThr01', NULL, 'Mất máy', NULL, NULL"),
      breach("'BreachThr01', 100, '', NULL, NULL"),
      breach("'BreachThr01', 100, 'Mất máy', -1, NULL"),
      breach("'BreachThr01', 100, 'Mất máy', NULL, 99"),  // notified before
      retention("'safe_birth', 5"),                       // the register's row exists
      retention("'cadre', 5"),  // the women cadres have no retention period
      retention("'case', 0"),
      retention("'case', 101"),
      retention("'case', NULL"),
  };
  for (const std::string& sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  EXPECT_EQ(QueryText(*db,
                      "SELECT (SELECT count(*) FROM subject_request) || '|' ||"
                      " (SELECT count(*) FROM breach) || '|' ||"
                      " (SELECT count(*) FROM retention_rule)"),
            "3|3|2");
}

// Version 13 rebuilds record_figure: a database at version 12 keeps its
// claims (their rule, value and models), the index on the rule, the foreign
// keys and the cascade from figure_rule, and gains activity_rule_id (and,
// with version 14, register_rule_id).
TEST(Migrations, Version13KeepsTheClaimsOfVersion12) {
  TempDir dir;
  const std::string path = dir.File("g.db");
  {
    Result<SqliteDb> db = OpenDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db, 12).ok());
    for (const Seed& seed : Seeds()) {
      if (!SeedFits(seed, 12)) continue;
      ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
    }
    // A second claim of the rule, with two models named.
    ASSERT_TRUE(db->Exec("INSERT INTO record_figure (data_element_id, period_id, org_unit_id,"
                         " coc_id, aoc_id, rule_id, value, models)"
                         " VALUES (1, 1, 1, 1, 1, 1, '0', '1,7')")
                    .ok());
  }
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->CheckIntegrity().ok()) << (*store)->CheckIntegrity().ToString();
    std::vector<FigureClaim> claims;
    ASSERT_TRUE((*store)
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(claims, txn.LoadFigureClaims(std::nullopt));
                      return Status::Ok();
                    })
                    .ok());
    ASSERT_EQ(claims.size(), 2u);
    EXPECT_EQ(claims[0].key, (DataValueKey{1, 1, 1, 1, 1}));
    EXPECT_EQ(claims[0].rule, 1);
    EXPECT_EQ(claims[0].activity_rule, 0);
    EXPECT_EQ(claims[0].value, "0");
    EXPECT_EQ(claims[0].models, (std::vector<records::ModelId>{1, 7}));
    EXPECT_EQ(claims[1].key, (DataValueKey{1, 1, 2, 1, 1}));
    EXPECT_EQ(claims[1].rule, 1);
    EXPECT_EQ(claims[1].value, "22");
  }
  Result<SqliteDb> db = OpenDb(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
  EXPECT_EQ(QueryText(*db,
                      "SELECT count(*) FROM record_figure WHERE rule_id = 1"
                      " AND activity_rule_id IS NULL"),
            "2");
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
                      " WHERE tbl_name = 'record_figure' AND type = 'index'"
                      " AND sql IS NOT NULL ORDER BY name)"),
            "record_figure_activity_rule,record_figure_register_rule,record_figure_rule");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'record_figure_new'"),
            "0");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM pragma_foreign_key_list('record_figure')"), "8");
  // Still keyed and checked: the key once, a rule exactly.
  EXPECT_EQ(db->Exec("INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id,"
                     " aoc_id, rule_id, value) VALUES (1, 1, 2, 1, 1, 1, '3')")
                .code(),
            ErrorCode::kConflict);
  ASSERT_TRUE(db->Exec("DELETE FROM figure_rule").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM record_figure"), "0");
}

// Version 14 rebuilds record_figure again: a database at version 13 keeps
// the claims of both kinds of rule (rule, value, models), the indexes, the
// foreign keys and the cascades, and gains register_rule_id, exactly one of
// the three rules set.
TEST(Migrations, Version14KeepsTheClaimsOfVersion13) {
  TempDir dir;
  const std::string path = dir.File("g.db");
  {
    Result<SqliteDb> db = OpenDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db, 13).ok());
    for (const Seed& seed : Seeds()) {
      if (!SeedFits(seed, 13)) continue;
      ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
    }
  }
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->CheckIntegrity().ok()) << (*store)->CheckIntegrity().ToString();
    std::vector<FigureClaim> claims;
    ASSERT_TRUE((*store)
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(claims, txn.LoadFigureClaims(std::nullopt));
                      return Status::Ok();
                    })
                    .ok());
    ASSERT_EQ(claims.size(), 2u);
    EXPECT_EQ(claims[0].key, (DataValueKey{1, 1, 1, 1, 1}));
    EXPECT_EQ(claims[0].rule, 0);
    EXPECT_EQ(claims[0].activity_rule, 1);
    EXPECT_EQ(claims[0].register_rule, 0);
    EXPECT_EQ(claims[0].value, "12");
    EXPECT_EQ(claims[0].models, std::vector<records::ModelId>{2});
    EXPECT_EQ(claims[1].key, (DataValueKey{1, 1, 2, 1, 1}));
    EXPECT_EQ(claims[1].rule, 1);
    EXPECT_EQ(claims[1].activity_rule, 0);
    EXPECT_EQ(claims[1].register_rule, 0);
    EXPECT_EQ(claims[1].value, "22");
    EXPECT_EQ(claims[1].models, std::vector<records::ModelId>{1});
  }
  Result<SqliteDb> db = OpenDb(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM record_figure WHERE register_rule_id IS NULL"),
            "2");
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
                      " WHERE tbl_name = 'record_figure' AND type = 'index'"
                      " AND sql IS NOT NULL ORDER BY name)"),
            "record_figure_activity_rule,record_figure_register_rule,record_figure_rule");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'record_figure_new'"),
            "0");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM pragma_foreign_key_list('record_figure')"), "8");
  // Still keyed and checked: the key once, exactly one rule of three.
  ASSERT_TRUE(db->Exec("INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
                       " (2, '2025', 'Yearly', '2025-01-01', '2025-12-31');"
                       "INSERT INTO register_figure_rule (id, data_element, register, measure,"
                       " by, period_type) VALUES (1, 'P8_W', 'women_cadres', 'in_group', 'none',"
                       " 'Yearly')")
                  .ok());
  auto claim = [](const char* values) {
    return "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
           " rule_id, activity_rule_id, register_rule_id, value) VALUES " +
           std::string(values);
  };
  for (const char* values :
       {"(1, 1, 2, 1, 1, 1, NULL, NULL, '3')",  // key taken
        "(1, 2, 2, 1, 1, 1, NULL, 1, '3')", "(1, 2, 2, 1, 1, NULL, 1, 1, '3')",
        "(1, 2, 2, 1, 1, 1, 1, 1, '3')", "(1, 2, 2, 1, 1, NULL, NULL, NULL, '3')",
        "(1, 2, 2, 1, 1, NULL, NULL, 9, '3')"}) {  // no such register rule
    EXPECT_EQ(db->Exec(claim(values)).code(), ErrorCode::kConflict) << values;
  }
  ASSERT_TRUE(db->Exec(claim("(1, 2, 2, 1, 1, NULL, NULL, 1, '3')")).ok());
  // Each rule deleted takes its own claims.
  ASSERT_TRUE(db->Exec("DELETE FROM activity_figure_rule").ok());
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(x, ',') FROM (SELECT period_id || '/' || org_unit_id"
                      " AS x FROM record_figure ORDER BY period_id, org_unit_id)"),
            "1/2,2/2");
  ASSERT_TRUE(db->Exec("DELETE FROM register_figure_rule").ok());
  ASSERT_TRUE(db->Exec("DELETE FROM figure_rule").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM record_figure"), "0");
}

TEST(Migrations, DatabaseNewerThanProgramIsRefused) {
  TempDir dir;
  std::string path = dir.File("g.db");
  int newer = LatestSchemaVersion() + 1;
  {
    Result<SqliteDb> db = OpenDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = " + std::to_string(newer)).ok());
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kConflict);
  EXPECT_THAT(store.status().message(),
              HasSubstr("schema version " + std::to_string(newer) + " is newer"));
  EXPECT_THAT(store.status().message(), HasSubstr("use a newer gemis"));
  Result<SqliteDb> db = OpenDb(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), newer);
  EXPECT_TRUE(Tables(*db).empty());
}

// For each migration that creates a table: a table of that name made
// beforehand makes it fail; it must roll back entirely and name itself.
TEST(Migrations, FailingMigrationLeavesThePreviousVersion) {
  for (const Migration& m : AllMigrations()) {
    std::vector<std::string> created = TablesAddedBy(m);
    if (created.empty()) continue;
    SCOPED_TRACE("migration " + std::to_string(m.version));
    TempDir dir;
    Result<SqliteDb> db = OpenDb(dir.File("g.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db, m.version - 1).ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE " + created.front() + " (x)").ok());
    Status status = Migrate(*db);
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(status.message(), HasSubstr("migration " + std::to_string(m.version) + " (" +
                                            std::string(m.name) + ") failed"));
    EXPECT_THAT(status.message(), HasSubstr(created.front() + " already exists"));
    EXPECT_EQ(*ReadSchemaVersion(*db), m.version - 1);
    std::set<std::string> tables = Tables(*db);
    for (size_t i = 1; i < created.size(); ++i) EXPECT_EQ(tables.count(created[i]), 0u);
    // Once the obstacle is gone the same database migrates to the end.
    ASSERT_TRUE(db->Exec("DROP TABLE " + created.front()).ok());
    ASSERT_TRUE(Migrate(*db).ok());
    EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
  }
}

// Two programs opening the same new file at once (the CLI while the server
// starts) must not both apply migration 1.
TEST(Migrations, ConcurrentOpenersMigrateOnce) {
  for (int round = 0; round < 10; ++round) {
    TempDir dir;
    std::string path = dir.File("g.db");
    Status results[2];
    std::thread threads[2];
    for (int t = 0; t < 2; ++t) {
      threads[t] = std::thread([&, t] {
        Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
        results[t] = store.status();
      });
    }
    for (std::thread& thread : threads) thread.join();
    ASSERT_TRUE(results[0].ok()) << "round " << round << ": " << results[0].ToString();
    ASSERT_TRUE(results[1].ok()) << "round " << round << ": " << results[1].ToString();
  }
}

// Version 7 moves who and when into batches, chains the audit log and drops
// the key indexes: values and histories written by version 6 read back the
// same through the store, and new changes continue their chains.
TEST(Migrations, Version7KeepsValuesAndTheirHistory) {
  TempDir dir;
  const std::string path = dir.File("g.db");
  {
    Result<SqliteDb> db = OpenDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(Migrate(*db, 6).ok());
    for (const Seed& seed : Seeds()) {
      if (!SeedFits(seed, 6)) continue;
      ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
    }
    // Unit 1's value: created by a, changed by b, deleted by c.
    const char* history =
        "INSERT INTO data_value (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
        " value, stored_by, created, last_updated, comment, followup, deleted) VALUES"
        " (1, 1, 1, 1, 1, '6', 'c', '2024-01-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z',"
        " 'sửa', 1, 1);"
        "INSERT INTO data_value_audit (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
        " change, old_value, new_value, old_comment, new_comment, changed_by, changed_at) VALUES"
        " (1, 1, 1, 1, 1, 'CREATE', NULL, '5', NULL, NULL, 'a', '2024-01-01T00:00:00.000Z'),"
        " (1, 1, 1, 1, 1, 'UPDATE', '5', '6', NULL, 'sửa', 'b', '2024-02-01T00:00:00.000Z'),"
        " (1, 1, 1, 1, 1, 'DELETE', '6', NULL, 'sửa', NULL, 'c', '2024-03-01T00:00:00.000Z');";
    ASSERT_TRUE(db->Exec(history).ok());
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->CheckIntegrity().ok()) << (*store)->CheckIntegrity().ToString();
  const DataValueKey deleted{1, 1, 1, 1, 1}, seeded{1, 1, 2, 1, 1};
  Status read = (*store)->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> v, txn.GetDataValue(deleted));
    EXPECT_TRUE(v.has_value());
    if (!v) return Status::Ok();
    EXPECT_EQ(v->value, "6");
    EXPECT_EQ(v->stored_by, "c");
    EXPECT_EQ(v->created, "2024-01-01T00:00:00.000Z");
    EXPECT_EQ(v->last_updated, "2024-03-01T00:00:00.000Z");
    EXPECT_EQ(v->comment, "sửa");
    EXPECT_TRUE(v->followup && v->deleted);
    GEMIS_ASSIGN_OR_RETURN(std::vector<DataValueAuditEntry> history,
                           txn.LoadDataValueAudit(deleted));
    std::string described;
    for (const DataValueAuditEntry& e : history) {
      described += e.change + ":" + e.old_value.value_or("-") + ">" + e.new_value.value_or("-") +
                   ":" + e.new_comment.value_or("-") + ":" + e.changed_by + ":" +
                   e.changed_at.substr(0, 10) + " ";
    }
    EXPECT_EQ(described,
              "CREATE:->5:-:a:2024-01-01 UPDATE:5>6:sửa:b:2024-02-01 DELETE:6>-:-:c:2024-03-01 ");
    GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> s, txn.GetDataValue(seeded));
    EXPECT_TRUE(s.has_value() && s->stored_by.empty() && s->value == "1250");
    GEMIS_ASSIGN_OR_RETURN(history, txn.LoadDataValueAudit(seeded));
    EXPECT_EQ(history.size(), 1u);
    EXPECT_EQ(history.empty() ? "" : history[0].changed_by, "officer");
    GEMIS_ASSIGN_OR_RETURN(int64_t last, txn.LastDataValueChangeId());
    EXPECT_EQ(last, 4);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();
  // A value written now comes back after a delete and extends its chain.
  DataValueWrite restore;
  restore.key = deleted;
  restore.value = "7";
  restore.stored_by = "d";
  Status written = (*store)->Write([&](WriteTransaction& txn) -> Status {
    std::vector<WriteOutcome> outcomes;
    GEMIS_RETURN_IF_ERROR(txn.WriteDataValues(std::vector<DataValueWrite>{restore}, outcomes));
    EXPECT_EQ(outcomes, std::vector<WriteOutcome>{WriteOutcome::kImported});
    return Status::Ok();
  });
  ASSERT_TRUE(written.ok()) << written.ToString();
  Status reread = (*store)->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<DataValueAuditEntry> history,
                           txn.LoadDataValueAudit(deleted));
    EXPECT_EQ(history.size(), 4u);
    EXPECT_EQ(history.size() == 4 ? history[3].new_value : std::nullopt, "7");
    std::vector<int64_t> ids;
    GEMIS_RETURN_IF_ERROR(txn.ScanDataValueChanges(0, [&](const DataValueChange& c) {
      ids.push_back(c.id);
      return Status::Ok();
    }));
    EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3, 4, 5}));
    return Status::Ok();
  });
  ASSERT_TRUE(reread.ok()) << reread.ToString();
}

TEST(Migrations, AuditLogIsAppendOnly) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  Status update = db->Exec("UPDATE data_value_audit SET new_value = '0'");
  EXPECT_EQ(update.code(), ErrorCode::kConflict) << update.ToString();
  EXPECT_THAT(update.message(), HasSubstr("append-only"));
  Status remove = db->Exec("DELETE FROM data_value_audit");
  EXPECT_EQ(remove.code(), ErrorCode::kConflict) << remove.ToString();
  EXPECT_EQ(QueryText(*db, "SELECT count(*) || new_value FROM data_value_audit"), "11250");
}

// Version 6: a database upgraded from version 5 starts the structure
// generation at 0; structural writes (org units, metadata) bump it, data
// values and periods do not.
TEST(Migrations, StructureGenerationCountsStructuralWrites) {
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db, 5).ok());
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, 5)) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  ASSERT_TRUE(Migrate(*db, 6).ok());
  EXPECT_EQ(QueryText(*db, "SELECT generation FROM structure_generation"), "0");
  ASSERT_TRUE(db->Exec("INSERT INTO period (iso, type, start_date, end_date)"
                       " VALUES ('202402', 'Monthly', '2024-02-01', '2024-02-29')")
                  .ok());
  ASSERT_TRUE(db->Exec("UPDATE data_value SET value = '7'").ok());
  EXPECT_EQ(QueryText(*db, "SELECT generation FROM structure_generation"), "0");
  int expected = 0;
  for (const char* sql : {
           "UPDATE org_unit_version SET name = 'Yên Bái 2' WHERE org_unit_id = 2 AND seq = 2",
           "INSERT INTO org_unit_attribute (org_unit_id, attribute, value) VALUES (2, 'x', 'y')",
           "UPDATE org_unit_event SET note = 'sáp nhập'",
           "UPDATE data_element SET name = 'Số tổ mới'",
           "UPDATE indicator SET factor = 1000",
           "DELETE FROM org_unit_attribute WHERE attribute = 'x'",
       }) {
    Status status = db->Exec(sql);
    ASSERT_TRUE(status.ok()) << sql << ": " << status.ToString();
    ++expected;
    EXPECT_EQ(QueryText(*db, "SELECT generation > " + std::to_string(expected - 1) +
                                 " FROM structure_generation"),
              "1")
        << sql;
  }
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM structure_generation"), "1");
}

}  // namespace
}  // namespace gemis::store

namespace gemis::store {
namespace {

// Version 18 adds the reporting tables, which refuse what the store never
// writes.
TEST(Migrations, ReportingTablesRefuseBadRows) {
  EXPECT_EQ(AllMigrations()[17].version, 18);
  EXPECT_EQ(TablesAddedBy(AllMigrations()[17]),
            (std::vector<std::string>{"calendar_day", "report_type", "report_deadline",
                                      "report_request", "submission", "submission_event"}));
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  const char* refused[] = {
      "INSERT INTO calendar_day (day, kind, name) VALUES ('2025-09-02', 'holiday', 'x')",
      "INSERT INTO calendar_day (day, kind, name) VALUES ('2025-09-02', 'off', '')",
      "INSERT INTO calendar_day (day, kind, name) VALUES ('2025-09-01', 'off', 'again')",
      "INSERT INTO report_type (code, name, data_set_id, period_type, cadence) VALUES"
      " ('X', 'x', 99, 'Yearly', 'periodic')",
      "INSERT INTO report_type (code, name, data_set_id, period_type, cadence) VALUES"
      " ('X', 'x', 1, 'Yearly', 'weekly')",
      "INSERT INTO report_type (code, name, data_set_id, period_type, cadence) VALUES"
      " ('KT-BC-NAM', 'x', 1, 'Yearly', 'periodic')",
      "INSERT INTO report_deadline (report_type_id, level, kind) VALUES (1, 5, 'fixed')",
      "INSERT INTO report_deadline (report_type_id, level, kind) VALUES (1, 3, 'monthly')",
      "INSERT INTO report_request (report_type_id, period, due, requested_by, requested_ms)"
      " VALUES (1, '2025S2', '2025-12-06', 'tinh', 2)",
      "INSERT INTO submission (report_type_id, org_unit_id, period, state, due_stated, due_last)"
      " VALUES (1, 2, '2025', 'approved', '2025-11-10', '2025-11-10')",
      "INSERT INTO submission (report_type_id, org_unit_id, period, state, due_stated, due_last)"
      " VALUES (1, 2, '2024', 'draft', '2024-11-10', '2024-11-10')",
      "INSERT INTO submission_event (submission_id, seq, action, from_state, to_state, by_user,"
      " at_ms) VALUES (1, 1, 'approve', 'returned', 'approved', 'x', 3)",
      "INSERT INTO submission_event (submission_id, seq, action, from_state, to_state, by_user,"
      " at_ms) VALUES (1, 2, 'delete', 'returned', 'approved', 'x', 3)",
  };
  for (const char* sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  // A report type deleted takes its deadlines and requests.
  ASSERT_TRUE(db->Exec("DELETE FROM submission_event; DELETE FROM submission;"
                       " DELETE FROM report_type WHERE id = 1")
                  .ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM report_deadline"), "0");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM report_request"), "0");
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM report_submitter"), "0");
}

// Version 19 names a level's submitting units: only under a deadline of
// the type at that level, each unit once per type, gone with the deadline.
TEST(Migrations, ReportSubmittersBelongToADeadline) {
  EXPECT_GE(LatestSchemaVersion(), 19);
  EXPECT_EQ(TablesAddedBy(AllMigrations()[18]), (std::vector<std::string>{"report_submitter"}));
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());
  for (const Seed& seed : Seeds()) {
    if (!SeedFits(seed, LatestSchemaVersion())) continue;
    ASSERT_TRUE(db->Exec(seed.insert_sql).ok()) << seed.version;
  }
  const char* refused[] = {
      // No deadline of level 3 for type 1; no unit 99; unit 2 named again.
      "INSERT INTO report_submitter (report_type_id, level, org_unit_id) VALUES (1, 3, 1)",
      "INSERT INTO report_submitter (report_type_id, level, org_unit_id) VALUES (1, 4, 99)",
      "INSERT INTO report_submitter (report_type_id, level, org_unit_id) VALUES (1, 4, 2)",
  };
  for (const char* sql : refused) {
    Status status = db->Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
  }
  ASSERT_TRUE(db->Exec("DELETE FROM report_deadline WHERE report_type_id = 1").ok());
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM report_submitter"), "0");
}

// Version 20 adds the inbox and the reminders sent, which refuse what the
// store never writes.
TEST(Migrations, NotificationTablesRefuseBadRows) {
  const Migration& m = AllMigrations()[19];
  EXPECT_EQ(m.version, 20);
  EXPECT_EQ(TablesAddedBy(m), (std::vector<std::string>{"notification", "reminder_sent"}));
  TempDir dir;
  Result<SqliteDb> db = OpenDb(dir.File("g.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(*db, 20).ok());
  ASSERT_TRUE(db->Exec("PRAGMA foreign_keys=ON").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO notification (username, created_ms, kind, subject, body)"
                        " VALUES ('xa', 1, '', 's', 'b')")
                   .ok());  // no kind
  EXPECT_TRUE(db->Exec("INSERT INTO notification (username, created_ms, kind, subject, body)"
                       " VALUES ('xa', 1, 'overdue', 's', 'b')")
                  .ok());
  EXPECT_EQ(QueryText(*db, "SELECT link || '/' || coalesce(read_ms, 'unread') FROM notification"),
            "/unread");
  // reminder_sent names a stored report type and unit, and a round from 0.
  EXPECT_FALSE(db->Exec("INSERT INTO reminder_sent (kind, report_type_id, period, org_unit_id,"
                        " round, username, sent_ms) VALUES ('overdue', 99, '2024', 99, 0, 'xa', 1)")
                   .ok());
}

}  // namespace
}  // namespace gemis::store
