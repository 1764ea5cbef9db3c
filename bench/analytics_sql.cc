#include "analytics_sql.h"

namespace gemis::bench {

namespace {

// DuckDB's `/` on integers gives a double; `//` is integer division.
std::string Div(SqlDialect dialect) { return dialect == SqlDialect::kDuckDb ? " // " : " / "; }

std::string Q1() {
  return "SELECT o.province, v.de, SUM(v.value) FROM data_value v "
         "JOIN org_unit o ON o.id = v.unit "
         "WHERE v.period BETWEEN 202401 AND 202412 GROUP BY o.province, v.de";
}

std::string Q2(SqlDialect dialect, int32_t province) {
  std::string quarter =
      "(v.period" + Div(dialect) + "100) * 10 + (v.period % 100 + 2)" + Div(dialect) + "3";
  return "SELECT o.district, v.de, " + quarter + " AS quarter, c.sex, SUM(v.value) " +
         "FROM data_value v JOIN org_unit o ON o.id = v.unit JOIN coc c ON c.id = v.coc " +
         "WHERE o.province = " + std::to_string(province) +
         " AND v.period BETWEEN 202101 AND 202512 GROUP BY 1, 2, 3, 4";
}

std::string Q3(int32_t commune) {
  return "SELECT v.de, c.sex, c.age, SUM(v.value) FROM data_value v "
         "JOIN org_unit o ON o.id = v.unit JOIN coc c ON c.id = v.coc "
         "WHERE o.commune = " +
         std::to_string(commune) +
         " AND v.period BETWEEN 202401 AND 202412 GROUP BY v.de, c.sex, c.age";
}

std::string Q4() {
  return "SELECT a.district, a.de, CAST(a.actual AS DOUBLE PRECISION) / t.target FROM "
         "(SELECT o.district, v.de, SUM(v.value) AS actual FROM data_value v "
         "JOIN org_unit o ON o.id = v.unit "
         "WHERE v.period BETWEEN 202101 AND 202512 GROUP BY o.district, v.de) a "
         "JOIN targets t ON t.district = a.district AND t.de = a.de";
}

std::string Quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::string ReadCsv(const std::string& path, const std::string& columns) {
  return "read_csv(" + Quoted(path) + ", header = true, columns = {" + columns + "})";
}

constexpr const char* kValueColumns =
    "'de': 'SMALLINT', 'period': 'INTEGER', 'unit': 'INTEGER', 'coc': 'SMALLINT', "
    "'value': 'INTEGER'";

// The flattened row of data_value `v` joined with org_unit `o` and coc `c`.
constexpr const char* kFlatRow =
    "SELECT v.de, v.period / 100, (v.period / 100) * 10 + (v.period % 100 + 2) / 3, v.period, "
    "v.unit, o.province, o.district, o.commune, c.sex, c.age, v.value ";
constexpr const char* kFlatJoin = "JOIN org_unit o ON o.id = v.unit JOIN coc c ON c.id = v.coc";

}  // namespace

std::string QuerySql(const std::string& id, SqlDialect dialect, const BenchDataset& data) {
  if (id == "Q2") return Q2(dialect, data.q2_province);
  if (id == "Q3") return Q3(data.q3_commune);
  if (id == "Q4") return Q4();
  return Q1();  // Q1, and Q5 (Q1 after each batch)
}

std::vector<std::string> PostgresCreateTables() {
  return {
      "CREATE TABLE org_unit (id integer NOT NULL, level smallint NOT NULL, parent integer, "
      "province integer, district integer, commune integer)",
      "CREATE TABLE coc (id smallint NOT NULL, sex smallint NOT NULL, age smallint NOT NULL)",
      "CREATE TABLE data_value (de smallint NOT NULL, period integer NOT NULL, "
      "unit integer NOT NULL, coc smallint NOT NULL, value integer NOT NULL)",
      "CREATE TABLE targets (district integer NOT NULL, de smallint NOT NULL, "
      "target integer NOT NULL)",
  };
}

std::vector<std::string> PostgresIndexes() {
  return {
      "ALTER TABLE org_unit ADD PRIMARY KEY (id)",
      "CREATE INDEX org_unit_province ON org_unit (province)",
      "CREATE INDEX org_unit_district ON org_unit (district)",
      "CREATE INDEX org_unit_commune ON org_unit (commune)",
      "ALTER TABLE coc ADD PRIMARY KEY (id)",
      "ALTER TABLE data_value ADD PRIMARY KEY (unit, de, period, coc)",
      "ALTER TABLE targets ADD PRIMARY KEY (district, de)",
      "ANALYZE",
  };
}

std::vector<std::string> PostgresFlatten() {
  std::vector<std::string> sql = {
      "BEGIN",
      "CREATE TABLE analytics (de smallint NOT NULL, year smallint NOT NULL, "
      "quarter integer NOT NULL, period integer NOT NULL, unit integer NOT NULL, "
      "province integer, district integer, commune integer, sex smallint NOT NULL, "
      "age smallint NOT NULL, value integer NOT NULL) PARTITION BY LIST (year)",
  };
  for (int year = kFirstYear; year < kFirstYear + kMonths / 12; ++year) {
    std::string y = std::to_string(year);
    sql.push_back("CREATE TABLE analytics_" + y + " PARTITION OF analytics FOR VALUES IN (" + y +
                  ")");
  }
  sql.push_back(std::string("INSERT INTO analytics ") + kFlatRow + "FROM data_value v " +
                kFlatJoin);
  sql.push_back("COMMIT");
  sql.push_back("CREATE INDEX analytics_province ON analytics (province)");
  sql.push_back("CREATE INDEX analytics_commune ON analytics (commune)");
  sql.push_back("ANALYZE analytics");
  return sql;
}

std::string FlatQuerySql(const std::string& id, const BenchDataset& data) {
  if (id == "Q2") {
    return "SELECT district, de, quarter, sex, SUM(value) FROM analytics WHERE province = " +
           std::to_string(data.q2_province) +
           " AND year BETWEEN 2021 AND 2025 GROUP BY district, de, quarter, sex";
  }
  if (id == "Q3") {
    return "SELECT de, sex, age, SUM(value) FROM analytics WHERE commune = " +
           std::to_string(data.q3_commune) + " AND year = 2024 GROUP BY de, sex, age";
  }
  if (id == "Q4") {
    return "SELECT a.district, a.de, CAST(a.actual AS DOUBLE PRECISION) / t.target FROM "
           "(SELECT district, de, SUM(value) AS actual FROM analytics "
           "WHERE year BETWEEN 2021 AND 2025 GROUP BY district, de) a "
           "JOIN targets t ON t.district = a.district AND t.de = a.de";
  }
  return "SELECT province, de, SUM(value) FROM analytics WHERE year = 2024 GROUP BY province, de";
}

std::vector<std::string> PostgresFlatAppend() {
  return {
      "INSERT INTO data_value SELECT * FROM batch_value",
      std::string("INSERT INTO analytics ") + kFlatRow + "FROM batch_value v " + kFlatJoin,
  };
}

std::vector<std::string> DuckDbLoad(const DatasetFiles& files) {
  return {
      "CREATE TABLE org_unit AS SELECT * FROM " +
          ReadCsv(files.Path("org_unit.csv"),
                  "'id': 'INTEGER', 'level': 'SMALLINT', 'parent': 'INTEGER', "
                  "'province': 'INTEGER', 'district': 'INTEGER', 'commune': 'INTEGER'"),
      "CREATE TABLE coc AS SELECT * FROM " +
          ReadCsv(files.Path("coc.csv"), "'id': 'SMALLINT', 'sex': 'SMALLINT', 'age': 'SMALLINT'"),
      "CREATE TABLE data_value AS SELECT * FROM " +
          ReadCsv(files.Path("data_value.csv"), kValueColumns),
      "CREATE TABLE targets AS SELECT * FROM " +
          ReadCsv(files.Path("targets_int.csv"),
                  "'district': 'INTEGER', 'de': 'SMALLINT', 'target': 'INTEGER'"),
      "CHECKPOINT",
  };
}

std::string DuckDbAppend(const std::string& path) {
  return "INSERT INTO data_value SELECT * FROM " + ReadCsv(path, kValueColumns);
}

}  // namespace gemis::bench
