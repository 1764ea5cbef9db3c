// Helpers shared by the access tests: ASSERT_OK and a matcher-like check of
// an error's code and field. Header-only: tests/access/ has no support
// library of its own.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/status.h"

#define ASSERT_OK(expr)                                               \
  do {                                                                \
    const ::gemis::Status status_ = (expr);                           \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << status_.ToString(); \
  } while (0)

#define EXPECT_OK(expr)                                               \
  do {                                                                \
    const ::gemis::Status status_ = (expr);                           \
    EXPECT_TRUE(status_.ok()) << #expr << ": " << status_.ToString(); \
  } while (0)

namespace gemis::access::access_test {

// Success when `status` failed with `code` on `field`.
inline ::testing::AssertionResult Refused(const Status& status, ErrorCode code,
                                          const std::string& field) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded";
  if (status.code() != code || status.where().field != field) {
    return ::testing::AssertionFailure()
           << "expected " << ErrorCodeName(code) << " on field '" << field << "', got "
           << status.ToString() << " (" << ErrorCodeName(status.code()) << ")";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace gemis::access::access_test
