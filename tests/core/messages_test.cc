#include "core/messages.h"

#include <gtest/gtest.h>

#include <set>

namespace gemis {
namespace {

TEST(Message, EveryIdHasVietnameseAndEnglishText) {
  for (int i = 0; i < static_cast<int>(MessageId::kCount); ++i) {
    auto id = static_cast<MessageId>(i);
    EXPECT_FALSE(Message(id, Lang::kVi).empty()) << "message " << i;
    EXPECT_FALSE(Message(id, Lang::kEn).empty()) << "message " << i;
  }
}

TEST(Message, VietnameseIsTheDefaultLanguageText) {
  EXPECT_EQ(Message(MessageId::kError, Lang::kVi), "lỗi");
  EXPECT_EQ(Message(MessageId::kError, Lang::kEn), "error");
  EXPECT_EQ(Message(MessageId::kLevelProvince, Lang::kVi), "Tỉnh/thành phố");
}

TEST(Message, VietnameseTextsAreDistinct) {
  std::set<std::string_view> seen;
  for (int i = 0; i < static_cast<int>(MessageId::kCount); ++i) {
    EXPECT_TRUE(seen.insert(Message(static_cast<MessageId>(i), Lang::kVi)).second) << i;
  }
}

}  // namespace
}  // namespace gemis
