// /api/dataValues and /api/dataValueSets: writes with ETags and If-Match,
// soft deletes, value types, scopes and content areas, the audit of every
// change, and imports in JSON and CSV with per-row scope conflicts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exchange/xlsx_writer.h"
#include "program/figure_publisher.h"
#include "server/api_fixture.h"
#include "store/records_store.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using ApiDataValues = ApiTest;

TEST_F(ApiDataValues, PostCreatesThenUpdatesWithEtag) {
  Caller commune = Login(kCommune);
  Response created = PostValue(commune, kElement, "2026", units_.commune, "17");
  ASSERT_EQ(created.result_int(), 201) << created.body();
  json value = Body(created);
  EXPECT_EQ(value["value"], "17");
  EXPECT_EQ(value["orgUnit"], units_.commune);
  EXPECT_EQ(value["period"], "2026");
  EXPECT_EQ(value["storedBy"], kCommune);
  std::string tag(created[http::field::etag]);
  ASSERT_FALSE(tag.empty());

  Response updated = PostValue(commune, kElement, "2026", units_.commune, 18, {{"If-Match", tag}});
  ASSERT_EQ(updated.result_int(), 200) << updated.body();
  EXPECT_EQ(Body(updated)["value"], "18");
  EXPECT_NE(std::string(updated[http::field::etag]), tag);

  // The first tag is stale now.
  Response stale = PostValue(commune, kElement, "2026", units_.commune, 19, {{"If-Match", tag}});
  EXPECT_EQ(stale.result_int(), 412);
  EXPECT_EQ(ErrorCodeOf(stale), "E_PRECONDITION");

  Response got = Get(ValueQuery(kElement, "2026", units_.commune), commune);
  ASSERT_EQ(got.result_int(), 200) << got.body();
  EXPECT_EQ(Body(got)["value"], "18");
  EXPECT_EQ(std::string(got[http::field::etag]), std::string(updated[http::field::etag]));
}

TEST_F(ApiDataValues, IfMatchStarNeedsAnExistingValue) {
  Caller commune = Login(kCommune);
  Response res = PostValue(commune, kElement, "2026", units_.commune, "3", {{"If-Match", "*"}});
  EXPECT_EQ(res.result_int(), 412) << res.body();
  EXPECT_EQ(Get(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 404);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "3").result_int(), 201);
  res = PostValue(commune, kElement, "2026", units_.commune, "4", {{"If-Match", "*"}});
  EXPECT_EQ(res.result_int(), 200) << res.body();
}

TEST_F(ApiDataValues, CodesWorkAsWellAsUids) {
  Caller commune = Login(kCommune);
  Response res = PostValue(commune, kElement, "2026", "01273", "4");
  ASSERT_EQ(res.result_int(), 201) << res.body();
  EXPECT_EQ(Body(res)["orgUnit"], units_.commune);
}

TEST_F(ApiDataValues, DeleteIsSoftAndThenGetIs404) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "5").result_int(), 201);
  const std::string target = ValueQuery(kElement, "2026", units_.commune);
  Response removed = Delete(target, commune);
  ASSERT_EQ(removed.result_int(), 200) << removed.body();
  Response got = Get(target, commune);
  EXPECT_EQ(got.result_int(), 404);
  EXPECT_EQ(ErrorCodeOf(got), "E_NOT_FOUND");
  EXPECT_EQ(Delete(target, commune).result_int(), 404);
  // The row is kept, marked deleted (store invariant 4).
  int64_t deleted_rows = 0;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    store::DataValueFilter filter;
                    filter.include_deleted = true;
                    filter.org_units = {units_.commune_id};
                    return txn.ScanDataValues(filter, [&](const DataValue& v) {
                      if (v.deleted) ++deleted_rows;
                      return Status::Ok();
                    });
                  })
                  .ok());
  EXPECT_EQ(deleted_rows, 1);
  // A new value may be written again.
  EXPECT_EQ(PostValue(commune, kElement, "2026", units_.commune, "6").result_int(), 201);
}

TEST_F(ApiDataValues, ValueOfTheWrongTypeIs400OnValue) {
  Caller commune = Login(kCommune);
  for (const json& bad :
       {json("abc"), json(-3), json("1.5"), json(true), json::array(), json::object(), json("")}) {
    Response res = PostValue(commune, kElement, "2026", units_.commune, bad);
    EXPECT_EQ(res.result_int(), 400) << bad.dump() << res.body();
    EXPECT_EQ(FieldOf(res), "value") << bad.dump();
  }
  Response missing = Post(
      "/api/dataValues", commune,
      {{"dataElement", std::string(kElement)}, {"period", "2026"}, {"orgUnit", units_.commune}});
  EXPECT_EQ(missing.result_int(), 400);
  EXPECT_EQ(FieldOf(missing), "value");
  EXPECT_EQ(Get(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 404);
}

TEST_F(ApiDataValues, UnknownElementUnitOrBadPeriod) {
  Caller commune = Login(kCommune);
  Response res = PostValue(commune, "NO_SUCH_ELEMENT", "2026", units_.commune, "1");
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(FieldOf(res), "dataElement");
  res = PostValue(commune, kElement, "2026", "NoSuchUnit1", "1");
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(FieldOf(res), "orgUnit");
  res = PostValue(commune, kElement, "2026Q5", units_.commune, "1");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(FieldOf(res), "period");
  res = Get("/api/dataValues?pe=2026&ou=" + units_.commune, commune);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(FieldOf(res), "dataElement");
}

TEST_F(ApiDataValues, ACodeReusedWithinThePeriodIsAmbiguous) {
  // "01273" was Hợp Giang until 30/6/2025 and Thục Phán since 1/7/2025:
  // in 2025 it names two units, as the importer says (E_DV_ORGUNIT_AMBIGUOUS).
  Caller province = Login(kProvince);
  Response res = PostValue(province, kElement, "2025", "01273", "3");
  EXPECT_EQ(res.result_int(), 400) << res.body();
  EXPECT_EQ(FieldOf(res), "orgUnit");
  // Within one half the code is one unit.
  res = PostValue(province, kElement, "2025S1", "01273", "3");
  ASSERT_EQ(res.result_int(), 201) << res.body();
  EXPECT_EQ(Body(res)["orgUnit"], units_.old_commune);
  res = PostValue(province, kElement, "2025S2", "01273", "3");
  ASSERT_EQ(res.result_int(), 201) << res.body();
  EXPECT_EQ(Body(res)["orgUnit"], units_.commune);
}

TEST_F(ApiDataValues, ACodeNamesTheUnitThatCarriedItDuringThePeriod) {
  Caller province = Login(kProvince);
  Response res = PostValue(province, kElement, "2024", "01273", "3");
  ASSERT_EQ(res.result_int(), 201) << res.body();
  EXPECT_EQ(Body(res)["orgUnit"], units_.old_commune);
}

TEST_F(ApiDataValues, CommuneOfficerCannotWriteToAnotherCommune) {
  Caller commune = Login(kCommune);
  for (const std::string& unit : {units_.sibling, units_.other_commune, units_.cao_bang}) {
    Response res = PostValue(commune, kElement, "2026", unit, "7");
    EXPECT_EQ(res.result_int(), 403) << unit;
    EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE");
    EXPECT_THAT(res.body(), Not(HasSubstr(units_.sibling_name)));
    EXPECT_EQ(Delete(ValueQuery(kElement, "2026", unit), commune).result_int(), 403);
  }
}

TEST_F(ApiDataValues, CommuneOfficerWritesLastYearsValuesOfTheCommunesMergedIntoTheirs) {
  // Hợp Giang (2024) is part of Thục Phán today (access/scope.h rule 2).
  Caller commune = Login(kCommune);
  Response res = PostValue(commune, kElement, "2024", units_.old_commune, "9");
  EXPECT_EQ(res.result_int(), 201) << res.body();
  EXPECT_EQ(Get(ValueQuery(kElement, "2024", units_.old_commune), commune).result_int(), 200);
}

TEST_F(ApiDataValues, ViewerCannotWrite) {
  Caller viewer = Login(kViewer);
  Response res = PostValue(viewer, kElement, "2026", units_.commune, "7");
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_FORBIDDEN");
  EXPECT_EQ(ErrorCodeOf(Delete(ValueQuery(kElement, "2026", units_.commune), viewer)),
            "E_FORBIDDEN");
}

TEST_F(ApiDataValues, PartnerAgencyWritesOnlyTheElementsOfItsContentAreas) {
  Caller partner = Login(kPartner);
  Response own = PostValue(partner, kElement, "2026", units_.commune, "2");
  EXPECT_EQ(own.result_int(), 201) << own.body();
  Response other = PostValue(partner, kOtherElement, "2026", units_.commune, "2");
  EXPECT_EQ(other.result_int(), 403) << other.body();
  EXPECT_EQ(ErrorCodeOf(other), "E_FORBIDDEN");
  // Nor read it.
  Caller province = Login(kProvince);
  ASSERT_EQ(PostValue(province, kOtherElement, "2026", units_.commune, "3").result_int(), 201);
  Response read = Get(ValueQuery(kOtherElement, "2026", units_.commune), partner);
  EXPECT_EQ(read.result_int(), 403);
  EXPECT_THAT(read.body(), Not(HasSubstr("\"3\"")));
}

TEST_F(ApiDataValues, ReadingOutsideTheScopeIs403WithoutTheValue) {
  Caller other = Login(kOtherCommune);
  ASSERT_EQ(PostValue(other, kElement, "2026", units_.other_commune, "8642").result_int(), 201);
  for (std::string_view who : {kCommune, kProvince, kViewer}) {
    Caller c = Login(who);
    Response res = Get(ValueQuery(kElement, "2026", units_.other_commune), c);
    EXPECT_EQ(res.result_int(), 403) << who;
    EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE") << who;
    EXPECT_THAT(res.body(), Not(HasSubstr("8642")));
    EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune_name)));
  }
  Caller admin = Login(kAdmin);
  EXPECT_EQ(Body(Get(ValueQuery(kElement, "2026", units_.other_commune), admin))["value"], "8642");
}

TEST_F(ApiDataValues, EveryChangeIsAuditedWithBeforeAndAfter) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "11").result_int(), 201);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "12").result_int(), 200);
  ASSERT_EQ(Delete(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 200);
  Caller admin = Login(kAdmin);
  Response res = Get("/api/audit?objectType=dataValue", admin);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  json entries = Body(res)["entries"];
  ASSERT_EQ(entries.size(), 3u) << res.body();
  // Newest first.
  EXPECT_EQ(entries[0]["action"], "delete");
  EXPECT_EQ(entries[0]["before"]["value"], "12");
  EXPECT_TRUE(entries[0]["after"].is_null());
  EXPECT_EQ(entries[1]["action"], "update");
  EXPECT_EQ(entries[1]["before"]["value"], "11");
  EXPECT_EQ(entries[1]["after"]["value"], "12");
  EXPECT_EQ(entries[2]["action"], "create");
  EXPECT_TRUE(entries[2]["before"].is_null());
  EXPECT_EQ(entries[2]["after"]["value"], "11");
  for (const json& e : entries) {
    EXPECT_EQ(e["user"], kCommune);
    EXPECT_EQ(e["orgUnit"], units_.commune);
    EXPECT_EQ(e["address"], address_);
  }
}

TEST_F(ApiDataValues, WritingTheSameValueAgainChangesNothing) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "11").result_int(), 201);
  Response same = PostValue(commune, kElement, "2026", units_.commune, "11");
  EXPECT_EQ(same.result_int(), 200) << same.body();
  EXPECT_EQ(Body(same)["value"], "11");
}

TEST_F(ApiDataValues, AnInsignificantZeroIsNotStoredAndSaysSo) {
  // DHIS2 does not store a zero of an element whose zeros do not matter.
  Caller commune = Login(kCommune);
  Response res = PostValue(commune, kElement, "2026", units_.commune, "0");
  EXPECT_LT(res.result_int(), 300) << res.body();
  json body = Body(res);
  EXPECT_TRUE(body.is_object()) << res.body();
  EXPECT_EQ(Get(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 404);
}

// ---------------------------------------------------------------- sets

class ApiDataValueSets : public ApiTest {
 protected:
  // One value inside Cao Bằng and one in Hà Nội.
  json MixedSet() {
    return {{"dataValues",
             {{{"dataElement", std::string(kElement)},
               {"period", "2026"},
               {"orgUnit", units_.commune},
               {"value", "21"}},
              {{"dataElement", std::string(kElement)},
               {"period", "2026"},
               {"orgUnit", units_.other_commune},
               {"value", "22"}}}}};
  }
  bool Has(const std::string& unit) {
    Caller admin = admin_.cookie.empty() ? (admin_ = Login(kAdmin)) : admin_;
    return Get(ValueQuery(kElement, "2026", unit), admin).result_int() == 200;
  }
  Caller admin_;
};

TEST_F(ApiDataValueSets, AtomicImportWithAnOutOfScopeRowWritesNothing) {
  Caller province = Login(kProvince);
  Response res =
      Send(http::verb::post, "/api/dataValueSets", province, MixedSet().dump(), "application/json");
  EXPECT_EQ(res.result_int(), 409) << res.body();
  json summary = Body(res);
  EXPECT_EQ(summary["status"], "ERROR");
  ASSERT_EQ(summary["conflicts"].size(), 1u) << res.body();
  EXPECT_EQ(summary["conflicts"][0]["errorCode"], "E_DV_ACCESS");
  EXPECT_EQ(summary["conflicts"][0]["property"], "orgUnit");
  EXPECT_FALSE(Has(units_.commune));
  EXPECT_FALSE(Has(units_.other_commune));
}

TEST_F(ApiDataValueSets, BestEffortImportWritesTheRowsInScope) {
  Caller province = Login(kProvince);
  Response res = Send(http::verb::post, "/api/dataValueSets?atomicMode=NONE", province,
                      MixedSet().dump(), "application/json");
  EXPECT_EQ(res.result_int(), 200) << res.body();
  json summary = Body(res);
  EXPECT_EQ(summary["status"], "WARNING");
  EXPECT_EQ(summary["importCount"]["imported"], 1);
  EXPECT_EQ(summary["conflicts"][0]["errorCode"], "E_DV_ACCESS");
  EXPECT_TRUE(Has(units_.commune));
  EXPECT_FALSE(Has(units_.other_commune));
  // The import is audited once.
  int imports = 0;
  for (const store::AuditEntry& e : AuditLog()) imports += e.action == "import" ? 1 : 0;
  EXPECT_EQ(imports, 1);
}

TEST_F(ApiDataValueSets, CsvIsReadByContentType) {
  Caller province = Login(kProvince);
  std::string csv = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n" +
                    std::string(kElement) + ",2026," + units_.commune + ",,,31\n" +
                    std::string(kElement) + ",2026," + units_.other_commune + ",,,32\n";
  Response atomic = Send(http::verb::post, "/api/dataValueSets", province, csv, "application/csv");
  EXPECT_EQ(atomic.result_int(), 409) << atomic.body();
  EXPECT_FALSE(Has(units_.commune));
  Response res = Send(http::verb::post, "/api/dataValueSets?atomicMode=NONE", province, csv,
                      "text/csv; charset=utf-8");
  EXPECT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Body(res)["conflicts"][0]["errorCode"], "E_DV_ACCESS");
  EXPECT_TRUE(Has(units_.commune));
  EXPECT_FALSE(Has(units_.other_commune));
}

// A workbook with one sheet "Số liệu": a header row, then one row per
// (element, period, unit, value).
std::string Workbook(const std::vector<std::vector<std::string>>& rows) {
  exchange::XlsxSheet sheet;
  sheet.name = "Số liệu";
  sheet.columns.resize(4);
  for (int col = 0; col < 4; ++col) {
    const char* headers[] = {"Chỉ tiêu", "Kỳ", "Đơn vị", "Giá trị"};
    sheet.header.push_back({.row = 0, .col = col, .text = headers[col]});
  }
  for (const auto& r : rows) {
    exchange::XlsxRow row;
    for (const std::string& text : r) row.cells.push_back(exchange::XlsxCell::Text(text));
    sheet.rows.push_back(std::move(row));
  }
  exchange::XlsxWorkbook book;
  book.sheets.push_back(std::move(sheet));
  Result<std::string> bytes = exchange::WriteXlsxToString(book);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : "";
}

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string SheetMappingQuery() {
  json mapping = {{"format", "gemis-mapping/1"},
                  {"kind", "datavalues"},
                  {"sheet", "Số liệu"},
                  {"fields",
                   {{"dataElement", "Chỉ tiêu"},
                    {"period", "Kỳ"},
                    {"orgUnit", "Đơn vị"},
                    {"value", "Giá trị"}}}};
  std::string out;
  for (unsigned char ch : mapping.dump()) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return "mapping=" + out;
}

TEST_F(ApiDataValueSets, AnExcelSheetIsPreviewedThenImportedThroughAColumnMapping) {
  Caller province = Login(kProvince);
  const std::string good = Workbook({{std::string(kElement), "2026", units_.commune, "1.234"}});
  Response preview =
      Send(http::verb::post, "/api/dataValueSets/sheetPreview", province, good, kXlsx);
  ASSERT_EQ(preview.result_int(), 200) << preview.body();
  EXPECT_EQ(Body(preview)["sheets"], json({"Số liệu"}));
  EXPECT_EQ(Body(preview)["rows"][0], json({"Chỉ tiêu", "Kỳ", "Đơn vị", "Giá trị"}));
  EXPECT_EQ(Body(preview)["rows"][1][3], "1.234");

  // A word where a number belongs: refused at its cell, nothing written.
  const std::string bad = Workbook({{std::string(kElement), "2026", units_.commune, "12"},
                                    {std::string(kElement), "2026", units_.sibling, "mười"}});
  Response refused = Send(http::verb::post, "/api/dataValueSets?" + SheetMappingQuery(), province,
                          bad, kXlsx);
  EXPECT_EQ(refused.result_int(), 409) << refused.body();
  EXPECT_EQ(Body(refused)["conflicts"][0]["cell"], "Số liệu!D3");
  EXPECT_FALSE(Has(units_.commune));

  // Vietnamese notation by default: 1.234 is a thousand two hundred and thirty-four.
  Response dry = Send(http::verb::post, "/api/dataValueSets?dryRun=true&" + SheetMappingQuery(),
                      province, good, kXlsx);
  ASSERT_EQ(dry.result_int(), 200) << dry.body();
  EXPECT_FALSE(Has(units_.commune));
  Response done =
      Send(http::verb::post, "/api/dataValueSets?" + SheetMappingQuery(), province, good, kXlsx);
  ASSERT_EQ(done.result_int(), 200) << done.body();
  EXPECT_EQ(Body(done)["importCount"]["imported"], 1);
  EXPECT_TRUE(Has(units_.commune));
  EXPECT_EQ(Body(Get(ValueQuery(kElement, "2026", units_.commune), province))["value"], "1234");
}

TEST_F(ApiDataValueSets, AnExcelImportNeedsAMappingAWorkbookAndItsSheet) {
  Caller province = Login(kProvince);
  const std::string book = Workbook({{std::string(kElement), "2026", units_.commune, "5"}});
  Response none = Send(http::verb::post, "/api/dataValueSets", province, book, kXlsx);
  EXPECT_EQ(none.result_int(), 400);
  EXPECT_EQ(Body(none)["field"], "mapping");
  Response misspelt = Send(http::verb::post,
                           "/api/dataValueSets?mapping=" +
                               std::string("%7B%22format%22%3A%22gemis-mapping%2F1%22%2C%22fieldz%22%3A1%7D"),
                           province, book, kXlsx);
  EXPECT_EQ(misspelt.result_int(), 400) << misspelt.body();
  EXPECT_EQ(Body(misspelt)["field"].get<std::string>().rfind("mapping", 0), 0u) << misspelt.body();
  Response notABook = Send(http::verb::post, "/api/dataValueSets?" + SheetMappingQuery(), province,
                           "a,b\n1,2\n", kXlsx);
  EXPECT_EQ(notABook.result_int(), 400);
  EXPECT_EQ(Body(notABook)["field"], "body");
  Response noSheet = Send(http::verb::post, "/api/dataValueSets/sheetPreview?sheet=Kh%C3%A1c",
                          province, book, kXlsx);
  EXPECT_EQ(noSheet.result_int(), 400);
  EXPECT_EQ(Body(noSheet)["field"], "sheet");
  EXPECT_EQ(Send(http::verb::post, "/api/dataValueSets/sheetPreview", province, "{}",
                 "application/json")
                .result_int(),
            415);
  EXPECT_EQ(
      Send(http::verb::post, "/api/dataValueSets/sheetPreview", Login(kViewer), book, kXlsx)
          .result_int(),
      403);
}

TEST_F(ApiDataValueSets, ASummaryQuotingInvalidUtf8IsStillJson) {
  // The conflicts quote the file; bytes that are not UTF-8 must not make
  // the answer fail (they were a 500).
  Caller province = Login(kProvince);
  for (const std::string& body :
       {std::string("\xff\xfe{}"), std::string("{\"dataValues\":[{\"orgUnit\":\"\xc3\x28\"}]}")}) {
    Response res = Send(http::verb::post, "/api/dataValueSets", province, body, "application/json");
    EXPECT_EQ(res.result_int(), 409) << res.body();
    EXPECT_TRUE(Body(res).is_object()) << res.body();
  }
  std::string csv =
      "dataelement,period,orgunit,value\n" + std::string(kElement) + ",2026,\xc3\x28,1\n";
  Response res = Send(http::verb::post, "/api/dataValueSets", province, csv, "application/csv");
  EXPECT_LT(res.result_int(), 500) << res.body();
  EXPECT_TRUE(Body(res).is_object()) << res.body();
}

TEST_F(ApiDataValueSets, UnsupportedContentTypeIs415) {
  Caller province = Login(kProvince);
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "image/png"}) {
    Response res = Send(http::verb::post, "/api/dataValueSets", province, "x", type);
    EXPECT_EQ(res.result_int(), 415) << type;
    EXPECT_EQ(ErrorCodeOf(res), "E_MEDIA_TYPE");
  }
  Response none = Send(http::verb::post, "/api/dataValueSets", province);
  EXPECT_EQ(none.result_int(), 415);
}

TEST_F(ApiDataValueSets, ImportNeedsTheImportAuthority) {
  Caller commune = Login(kCommune);
  Response res =
      Send(http::verb::post, "/api/dataValueSets", commune, MixedSet().dump(), "application/json");
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_FORBIDDEN");
}

TEST_F(ApiDataValueSets, DryRunWritesNothing) {
  Caller province = Login(kProvince);
  Response res = Send(http::verb::post, "/api/dataValueSets?dryRun=true&atomicMode=NONE", province,
                      MixedSet().dump(), "application/json");
  EXPECT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Body(res)["dryRun"], true);
  EXPECT_FALSE(Has(units_.commune));
}

TEST_F(ApiDataValueSets, ExportReturnsTheValuesOfTheScope) {
  Caller province = Login(kProvince);
  ASSERT_EQ(PostValue(province, kElement, "2026", units_.commune, "41").result_int(), 201);
  Response res = Get("/api/dataValueSets?dataElement=" + std::string(kElement) +
                         "&period=2026&orgUnit=" + units_.cao_bang + "&children=true",
                     province);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_THAT(res.body(), HasSubstr("41"));
  EXPECT_THAT(res.body(), HasSubstr(units_.commune));
}

TEST_F(ApiDataValueSets, ExportOfAnOutOfScopeUnitWithChildrenIs403) {
  Caller other = Login(kOtherCommune);
  ASSERT_EQ(PostValue(other, kElement, "2026", units_.other_commune, "9753").result_int(), 201);
  Caller province = Login(kProvince);
  for (const std::string& unit : {units_.ha_noi, units_.other_commune, units_.vn}) {
    Response res = Get("/api/dataValueSets?dataElement=" + std::string(kElement) +
                           "&period=2026&children=true&orgUnit=" + unit,
                       province);
    EXPECT_EQ(res.result_int(), 403) << unit;
    EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE");
    EXPECT_THAT(res.body(), Not(HasSubstr("9753")));
  }
  // One unit in scope and one outside: refused whole.
  Response mixed =
      Get("/api/dataValueSets?dataElement=" + std::string(kElement) +
              "&period=2026&orgUnit=" + units_.commune + "&orgUnit=" + units_.other_commune,
          province);
  EXPECT_EQ(mixed.result_int(), 403);
}

// A figure computed from records is not entered by hand (docs/program.md,
// "One source per figure"): 409 naming the records; other keys stay open.
TEST_F(ApiDataValues, FigureFromRecordsIsRefusedWith409) {
  Status published = store_->Write([&](store::WriteTransaction& txn) -> Status {
    records::FigureRule rule;
    rule.data_element = std::string(kElement);
    rule.kind = records::ModelKind::kCommunicationTeam;
    rule.statuses = {records::ModelStatus::kNew};
    GEMIS_RETURN_IF_ERROR(txn.SaveFigureRule(rule).status());
    records::Model team;
    team.code = "XA-TTCD-1";
    team.kind = records::ModelKind::kCommunicationTeam;
    team.name = "Tổ truyền thông cộng đồng thôn 1";
    team.org_unit = units_.commune_id;
    team.established = Date::FromYmd(2026, 3, 1);
    GEMIS_RETURN_IF_ERROR(txn.SaveModel(team).status());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(Metadata md, txn.LoadMetadata());
    return program::PublishFigures(txn, h, md, Date::FromYmd(2026, 5, 15)).status();
  });
  ASSERT_TRUE(published.ok()) << published.ToString();
  Caller commune = Login(kCommune);
  Response got = Get(ValueQuery(kElement, "2026", units_.commune), commune);
  ASSERT_EQ(got.result_int(), 200) << got.body();
  EXPECT_EQ(Body(got)["value"], "1");
  Response res = PostValue(commune, kElement, "2026", units_.commune, "5");
  EXPECT_EQ(res.result_int(), 409) << res.body();
  EXPECT_EQ(ErrorCodeOf(res), "E_CONFLICT");
  EXPECT_THAT(Body(res)["message"].get<std::string>(), HasSubstr("XA-TTCD-1") );
  EXPECT_EQ(Delete(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 409);
  EXPECT_EQ(Get(ValueQuery(kElement, "2026", units_.commune), commune).body(), got.body());
  // 2025 has no figure from records: entered by hand as before.
  EXPECT_EQ(PostValue(commune, kElement, "2025", units_.commune, "5").result_int(), 201);
}

}  // namespace
}  // namespace gemis::server::api_test
