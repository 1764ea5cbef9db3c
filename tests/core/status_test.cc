#include "core/status.h"

#include <gtest/gtest.h>

namespace gemis {
namespace {

TEST(Status, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(Status, ToStringNamesFileLineColumnAndField) {
  Status status = Status::Invalid("bad period", {"data.csv", 3, 7, "period"});
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.ToString(), "data.csv:3:7 field 'period': bad period");
}

TEST(Status, WithContextFillsOnlyMissingParts) {
  Status inner = Status::Invalid("week 54 out of range", {"", 0, 5, ""});
  Status outer = inner.WithContext({"values.csv", 12, 99, "period"});
  EXPECT_EQ(outer.where().file, "values.csv");
  EXPECT_EQ(outer.where().line, 12);
  EXPECT_EQ(outer.where().column, 5);
  EXPECT_EQ(outer.where().field, "period");
}

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::Invalid(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  GEMIS_ASSIGN_OR_RETURN(int half, Half(n));
  return Half(half);
}

TEST(Result, PropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> bad = Quarter(6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "3 is odd");
}

}  // namespace
}  // namespace gemis

namespace gemis {
namespace {

TEST(Status, DeniedIsItsOwnKind) {
  Status s = Status::Denied("outside your entry scope", Location{.field = "scope"});
  EXPECT_EQ(s.code(), ErrorCode::kDenied);
  EXPECT_STREQ(ErrorCodeName(s.code()), "denied");
  EXPECT_EQ(s.where().field, "scope");
}

}  // namespace
}  // namespace gemis
