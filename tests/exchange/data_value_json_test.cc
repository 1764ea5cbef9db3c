// The streaming DHIS2 JSON reader (data_value_json.cc): rows, header fields,
// lines and indexes, and what a stream cannot take back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "exchange/data_value_rows.h"

namespace gemis::exchange {
namespace {

using ::testing::HasSubstr;

struct Collected final : DataValueRowSink {
  std::vector<DataValueRow> rows;
  std::vector<std::string> problems;
  Status Row(DataValueRow row) override {
    rows.push_back(std::move(row));
    return Status::Ok();
  }
  void FileProblem(const Status& status, std::string property) override {
    problems.push_back("file " + property + " line " + std::to_string(status.where().line) + ": " +
                       status.message());
  }
  void RecordProblem(const Status& status, int64_t index) override {
    problems.push_back("row " + std::to_string(index) + " " + status.where().field + " line " +
                       std::to_string(status.where().line) + ": " + status.message());
  }
};

Collected Read(const std::string& text) {
  std::istringstream in(text);
  Collected sink;
  EXPECT_TRUE(ReadDataValueRows(in, "t.json", DataFileFormat::kJson, sink).ok());
  return sink;
}

TEST(DataValueJson, ReadsFieldsOfEveryJsonTypeWithLinesAndIndexes) {
  Collected got = Read(R"({"dataSet": "P8Report01", "completeDate": "2024-04-05",
  "period": "202403", "orgUnit": "00004",
  "dataValues": [
    {"dataElement": "A", "value": 18, "followup": false, "comment": null},
    {"dataElement": "B", "value": 1.50, "period": "202404", "deleted": true,
     "extra": {"nested": [1, 2]}},
    {"dataElement": "C", "value": 123456789012345678901234567890, "storedBy": "Cán bộ"}
  ]})");
  ASSERT_TRUE(got.problems.empty()) << got.problems[0];
  ASSERT_EQ(got.rows.size(), 3u);
  EXPECT_EQ(got.rows[0].value, "18");
  EXPECT_EQ(got.rows[0].followup, "false");
  EXPECT_EQ(got.rows[0].comment, "");
  EXPECT_EQ(got.rows[0].period, "202403");
  EXPECT_EQ(got.rows[0].org_unit, "00004");
  EXPECT_EQ(got.rows[0].data_set, "P8Report01");
  EXPECT_EQ(got.rows[0].complete_date, "2024-04-05");
  EXPECT_EQ(got.rows[0].line, 4);
  EXPECT_EQ(got.rows[1].value, "1.50");  // a number's own text
  EXPECT_EQ(got.rows[1].period, "202404");
  EXPECT_EQ(got.rows[1].deleted, "true");
  EXPECT_EQ(got.rows[1].line, 5);
  EXPECT_EQ(got.rows[1].index, 1);
  EXPECT_EQ(got.rows[2].value, "123456789012345678901234567890");
  EXPECT_EQ(got.rows[2].stored_by, "Cán bộ");
}

TEST(DataValueJson, AHeaderFieldAfterTheValuesThatNeededItIsAFileProblem) {
  Collected late = Read(R"({"dataValues": [{"dataElement": "A", "orgUnit": "01", "value": "1"}],
                           "period": "2024"})");
  ASSERT_EQ(late.problems.size(), 1u);
  EXPECT_THAT(late.problems[0], HasSubstr("file period line 2: header field \"period\" comes "
                                          "after \"dataValues\""));
  // After values that all carry their own period, it is harmless.
  Collected fine = Read(R"({"dataValues": [{"dataElement": "A", "period": "2024", "value": "1"}],
                           "period": "2024"})");
  EXPECT_TRUE(fine.problems.empty());
  EXPECT_EQ(fine.rows.size(), 1u);
}

TEST(DataValueJson, AFieldThatIsAnObjectSpoilsItsRowOnly) {
  Collected got = Read(R"([{"dataElement": {"id": "A"}, "value": "1"},
                           {"dataElement": "B", "value": "2"}, [1], 7])");
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(got.rows[0].data_element, "B");
  EXPECT_EQ(got.rows[0].index, 1);
  ASSERT_EQ(got.problems.size(), 3u);
  EXPECT_THAT(got.problems[0],
              HasSubstr("row 0 dataElement line 1: data value 0: field \"dataElement\" must be"));
  EXPECT_THAT(got.problems[1], HasSubstr("row 2 dataValues line 2: data value 2 is array"));
  EXPECT_THAT(got.problems[2], HasSubstr("row 3 dataValues line 2: data value 3 is number"));
}

TEST(DataValueJson, DeepNestingAndBrokenTextStopTheFile) {
  // The root array's first element is an array (a row problem), and
  // nesting on stops the file.
  Collected deep = Read(std::string(100, '[') + std::string(100, ']'));
  ASSERT_EQ(deep.problems.size(), 2u);
  EXPECT_THAT(deep.problems[0], HasSubstr("data value 0 is array"));
  EXPECT_THAT(deep.problems[1], HasSubstr("nested deeper than 64"));
  Collected broken = Read("{\"dataValues\": [\n{\"dataElement\": \"A\"},\n{\"dataElement\": }]}");
  ASSERT_EQ(broken.problems.size(), 1u);
  EXPECT_THAT(broken.problems[0], HasSubstr("file file line 3: malformed JSON"));
  EXPECT_EQ(broken.rows.size(), 1u);  // read before the break; the import rejects the file
}

TEST(DataValueJson, StreamsAFileLargerThanItsBlocks) {
  std::string text = "{\"dataValues\": [\n";
  const int n = 30000;
  for (int i = 0; i < n; ++i) {
    text += std::string(i ? ",\n" : "") + "{\"dataElement\": \"P8_TEAMS\", \"period\": \"2024\", " +
            "\"orgUnit\": \"u" + std::to_string(i) + "\", \"value\": " + std::to_string(i) + "}";
  }
  text += "\n]}\n";
  Collected got = Read(text);
  ASSERT_TRUE(got.problems.empty());
  ASSERT_EQ(got.rows.size(), static_cast<size_t>(n));
  EXPECT_EQ(got.rows[n - 1].org_unit, "u" + std::to_string(n - 1));
  EXPECT_EQ(got.rows[n - 1].line, n + 1);
}

}  // namespace
}  // namespace gemis::exchange
