// Every register of personal data states its purpose, legal basis, data
// kept and not kept, sensitive data and who sees it, in Vietnamese and
// English, and docs/confidentiality.md cites the same instruments.
#include "records/register_purposes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/text.h"

namespace gemis::records {
namespace {

TEST(RegisterPurposes, OneForEachRegisterInOrderWithEveryTextInBothLanguages) {
  const std::vector<RegisterPurpose>& all = RegisterPurposes();
  ASSERT_EQ(all.size(), 3u);
  for (PersonalRegister r :
       {PersonalRegister::kSafeBirth, PersonalRegister::kCadre, PersonalRegister::kCase}) {
    const RegisterPurpose& p = PurposeOf(r);
    EXPECT_EQ(p.register_kind, r);
    const std::vector<std::pair<std::string, std::string>> texts = {
        {p.name_vi, p.name_en},           {p.purpose_vi, p.purpose_en},
        {p.kept_vi, p.kept_en},           {p.not_kept_vi, p.not_kept_en},
        {p.sensitive_vi, p.sensitive_en}, {p.who_sees_vi, p.who_sees_en}};
    for (const auto& [vi, en] : texts) {
      EXPECT_FALSE(IsBlank(vi)) << PersonalRegisterName(r);
      EXPECT_FALSE(IsBlank(en)) << PersonalRegisterName(r);
      EXPECT_NE(vi, en) << PersonalRegisterName(r) << ": " << vi;
      EXPECT_EQ(*ToNfc(vi), vi);
    }
    EXPECT_FALSE(IsBlank(p.legal_basis));
  }
}

TEST(RegisterPurposes, TheConfidentialityPageCitesEveryInstrument) {
  std::ifstream in(std::string(GEMIS_SOURCE_DIR) + "/docs/confidentiality.md");
  ASSERT_TRUE(in) << "docs/confidentiality.md";
  std::stringstream page;
  page << in.rdbuf();
  // "15/2022/TT-BTC", "13/2023/NĐ-CP", "1719/QĐ-TTg", "91/2025/QH15".
  const std::regex instrument(R"(\d+/(\d{4}/)?[A-Z0-9Đ\-]*[A-ZĐ][A-Z0-9Đ\-]*)");
  int cited = 0;
  for (const RegisterPurpose& p : RegisterPurposes()) {
    const std::string basis = p.legal_basis;
    for (auto it = std::sregex_iterator(basis.begin(), basis.end(), instrument);
         it != std::sregex_iterator(); ++it) {
      EXPECT_THAT(page.str(), ::testing::HasSubstr(it->str()))
          << PersonalRegisterName(p.register_kind);
      ++cited;
    }
  }
  EXPECT_GE(cited, 4);
}

}  // namespace
}  // namespace gemis::records
