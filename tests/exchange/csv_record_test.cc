#include "exchange/csv_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "exchange/csv_reader.h"

namespace gemis::exchange {
namespace {

using ::testing::ElementsAre;

TEST(CsvRecord, StartsEmpty) {
  CsvRecord record;
  EXPECT_TRUE(record.empty());
  EXPECT_EQ(record.size(), 0u);
  EXPECT_EQ(record.Get(0), "");
}

TEST(CsvRecord, GetReturnsEmptyForAMissingOrAbsentColumn) {
  std::istringstream in("a,b,c\n1,2\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv", {.allow_ragged = true});
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_EQ(record.Get(reader->header().Find({"b"})), "2");
  EXPECT_EQ(record.Get(reader->header().Find({"c"})), "");  // ragged: past the end
  EXPECT_EQ(record.Get(reader->header().Find({"zzz"})), "");
  EXPECT_EQ(record[0], "1");
}

TEST(CsvRecord, IsReusedWithoutLeftoversFromThePreviousRecord) {
  std::istringstream in("x\n\"long value, quoted\",2,3\n4\n", std::ios::binary);
  Result<CsvReader> reader =
      CsvReader::Open(in, "t.csv", {.has_header = false, .allow_ragged = true});
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  ASSERT_TRUE(*reader->Next(record));
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("long value, quoted", "2", "3"));
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("4"));
  EXPECT_EQ(record.line(), 3);
  EXPECT_EQ(record.index(), 2);
}

TEST(CsvRecord, KnowsWhereEachFieldStarts) {
  std::istringstream in("a;b;c\nx;\"multi\nline\";\xC4\x91\xC3\xA2y\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_EQ(record.field_line(0), 2);
  EXPECT_EQ(record.field_column(0), 1);
  EXPECT_EQ(record.field_line(1), 2);
  EXPECT_EQ(record.field_column(1), 3);  // at the opening quote
  EXPECT_EQ(record.field_line(2), 3);
  EXPECT_EQ(record.field_column(2), 7);
}

}  // namespace
}  // namespace gemis::exchange
