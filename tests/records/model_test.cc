#include "records/model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis::records {
namespace {

using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

Model SavingsGroup() {
  Model m;
  m.code = "CB-TKV-0001";
  m.kind = ModelKind::kSavingsGroup;
  m.name = "Tổ tiết kiệm và vay vốn xóm Nà Rì";
  m.org_unit = 42;
  m.established = D(2023, 3, 15);
  m.facts = {{D(2023, 3, 15), FactField::kMembersFemale, "18"},
             {D(2023, 3, 15), FactField::kMembersMale, "2"},
             {D(2023, 3, 15), FactField::kGals, "false"},
             {D(2024, 6, 1), FactField::kMembersFemale, "25"},
             {D(2024, 6, 1), FactField::kMembersFormalFinance, "4"},
             {D(2024, 6, 1), FactField::kGals, "true"}};
  return m;
}

TEST(ModelKind, NamesRoundTrip) {
  for (int i = 0; i < kModelKindCount; ++i) {
    ModelKind k = static_cast<ModelKind>(i);
    Result<ModelKind> parsed = ParseModelKind(ModelKindName(k));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, k);
  }
  Result<ModelKind> bad = ParseModelKind("savings");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("savings_group"));
  EXPECT_EQ(bad.status().where().field, "kind");
}

TEST(ModelStatus, ParsesCaseInsensitively) {
  EXPECT_EQ(*ParseModelStatus("NEW"), ModelStatus::kNew);
  EXPECT_EQ(*ParseModelStatus("maintained"), ModelStatus::kMaintained);
  EXPECT_FALSE(ParseModelStatus("active").ok());
}

TEST(FactFields, TableIsInEnumOrderWithUniqueCodes) {
  const auto& fields = FactFields();
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(fields[i].field), i) << fields[i].code;
    EXPECT_EQ(*ParseFactField(fields[i].code), fields[i].field);
    // Every field belongs to a kind, but participants (refused: the people
    // of a victims' livelihood model are its cases).
    EXPECT_EQ(fields[i].kinds == 0u, fields[i].field == FactField::kParticipants)
        << fields[i].code;
  }
  EXPECT_FALSE(ParseFactField("members").ok());
}

TEST(FactFields, KindsHaveTheirFields) {
  EXPECT_TRUE(KindHasField(ModelKind::kSavingsGroup, FactField::kGals));
  EXPECT_FALSE(KindHasField(ModelKind::kCommunicationTeam, FactField::kGals));
  EXPECT_TRUE(KindHasField(ModelKind::kTrustedAddress, FactField::kEquipmentSupport));
  EXPECT_FALSE(KindHasField(ModelKind::kVictimLivelihood, FactField::kMembersFemale));
  EXPECT_TRUE(InfoOf(FactField::kHotline).confidential);
  EXPECT_TRUE(InfoOf(FactField::kAddress).confidential);
  EXPECT_FALSE(InfoOf(FactField::kEquipmentSupport).confidential);
}

TEST(CanonicalFactValue, Numbers) {
  EXPECT_EQ(*CanonicalFactValue(FactField::kEquipmentSupport, "15.000.000"), "15000000");
  EXPECT_EQ(*CanonicalFactValue(FactField::kEquipmentSupport, "15 000 000"), "15000000");
  EXPECT_EQ(*CanonicalFactValue(FactField::kMembersFemale, " 007 "), "7");
  EXPECT_EQ(*CanonicalFactValue(FactField::kMembersFemale, "0"), "0");
  for (const char* bad :
       {"", "-3", "1.5", "12.34", "1.2345", "x", "1,00,000", "3.", "9999999999999999"}) {
    Result<std::string> r = CanonicalFactValue(FactField::kMembersFemale, bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().where().field, "members_female") << bad;
    }
  }
}

TEST(CanonicalFactValue, FlagsInVietnameseAndEnglish) {
  for (const char* yes : {"có", "Có", "yes", "TRUE", "1", "x"}) {
    EXPECT_EQ(*CanonicalFactValue(FactField::kGals, yes), "true") << yes;
  }
  for (const char* no : {"không", "Không", "no", "false", "0"}) {
    EXPECT_EQ(*CanonicalFactValue(FactField::kGals, no), "false") << no;
  }
  EXPECT_FALSE(CanonicalFactValue(FactField::kGals, "maybe").ok());
}

TEST(CanonicalFactValue, ChoicesAndSets) {
  EXPECT_EQ(*CanonicalFactValue(FactField::kForm, "cooperative"), "cooperative");
  EXPECT_FALSE(CanonicalFactValue(FactField::kForm, "group, cooperative").ok());
  EXPECT_FALSE(CanonicalFactValue(FactField::kForm, "").ok());
  EXPECT_FALSE(CanonicalFactValue(FactField::kForm, "company").ok());
  // Sets come out in the order of the field's choices, without repeats.
  EXPECT_EQ(*CanonicalFactValue(FactField::kSupportContents, "ecommerce; brand,brand"),
            "brand,ecommerce");
  EXPECT_EQ(*CanonicalFactValue(FactField::kSupportContents, ""), "");
  Result<std::string> bad = CanonicalFactValue(FactField::kSupportContents, "brand,marketing");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("marketing"));
}

TEST(CanonicalFactValue, TextIsTrimmedNfc) {
  // "Tày" with a combining grave accent becomes the precomposed form.
  EXPECT_EQ(*CanonicalFactValue(FactField::kLanguages, "  Ta\xCC\x80y; Nùng "), "Tày; Nùng");
  EXPECT_FALSE(CanonicalFactValue(FactField::kLanguages,
                                  "a\x01"
                                  "b")
                   .ok());
  EXPECT_FALSE(CanonicalFactValue(FactField::kLanguages, std::string(501, 'a')).ok());
  EXPECT_FALSE(CanonicalFactValue(FactField::kLanguages, "\xFF").ok());
}

TEST(StatusIn, FollowsTheDates) {
  Model m = SavingsGroup();
  m.consolidated = {D(2025, 5, 1)};
  m.dissolved = D(2026, 9, 1);
  auto year = [&](int y) { return StatusIn(m, D(y, 1, 1), D(y, 12, 31)); };
  EXPECT_EQ(year(2022), std::nullopt);
  EXPECT_EQ(year(2023), ModelStatus::kNew);
  EXPECT_EQ(year(2024), ModelStatus::kMaintained);
  EXPECT_EQ(year(2025), ModelStatus::kConsolidated);
  EXPECT_EQ(year(2026), ModelStatus::kInactive);
  EXPECT_EQ(year(2027), std::nullopt);
  // Dissolved on the first day of a period: it did not work in it.
  EXPECT_EQ(StatusIn(m, D(2026, 9, 1), D(2026, 9, 30)), std::nullopt);
  EXPECT_EQ(StatusIn(m, D(2026, 8, 31), D(2026, 9, 30)), ModelStatus::kInactive);
  EXPECT_TRUE(m.ActiveOn(D(2026, 8, 31)));
  EXPECT_FALSE(m.ActiveOn(D(2026, 9, 1)));
  EXPECT_FALSE(m.ActiveOn(D(2023, 3, 14)));
}

TEST(FactsAt, LatestStatementPerField) {
  Model m = SavingsGroup();
  EXPECT_TRUE(FactsAt(m, D(2023, 3, 14)).empty());
  auto early = FactsAt(m, D(2023, 12, 31));
  EXPECT_EQ(early.at(FactField::kMembersFemale), "18");
  EXPECT_EQ(early.at(FactField::kGals), "false");
  EXPECT_EQ(early.count(FactField::kMembersFormalFinance), 0u);
  auto later = FactsAt(m, D(2024, 6, 1));
  EXPECT_EQ(later.at(FactField::kMembersFemale), "25");
  EXPECT_EQ(later.at(FactField::kMembersMale), "2");  // not restated: kept
  EXPECT_EQ(later.at(FactField::kGals), "true");
  EXPECT_EQ(NumberAt(m, FactField::kGals, D(2024, 6, 1)), 1);
  EXPECT_EQ(NumberAt(m, FactField::kMembersFemale, D(2024, 5, 31)), 18);
  EXPECT_EQ(NumberAt(m, FactField::kSavings, D(2024, 6, 1)), std::nullopt);
  // Two statements on one day: the later stated wins.
  m.facts.push_back({D(2024, 6, 1), FactField::kMembersFemale, "26"});
  EXPECT_EQ(NumberAt(m, FactField::kMembersFemale, D(2024, 6, 1)), 26);
  EXPECT_EQ(FactsAt(m, D(2024, 6, 1)).at(FactField::kMembersFemale), "26");
}

TEST(CheckModel, AcceptsAGoodModel) { EXPECT_TRUE(CheckModel(SavingsGroup()).ok()); }

Status CheckWith(void (*change)(Model&)) {
  Model m = SavingsGroup();
  change(m);
  return CheckModel(m);
}

TEST(CheckModel, AVictimModelsParticipantsAreItsCasesNeverTyped) {
  Model m;
  m.code = "PT-SKNN-0001";
  m.kind = ModelKind::kVictimLivelihood;
  m.name = "Mô hình sinh kế hỗ trợ nạn nhân bản Hồ Xuân";
  m.org_unit = 42;
  m.established = D(2024, 8, 20);
  m.facts = {{D(2024, 8, 20), FactField::kSupportAmount, "40000000"}};
  EXPECT_TRUE(CheckModel(m).ok());
  EXPECT_FALSE(KindHasField(ModelKind::kVictimLivelihood, FactField::kParticipants));
  EXPECT_EQ(*ParseFactField("participants"), FactField::kParticipants);  // still read
  m.facts.push_back({D(2024, 8, 20), FactField::kParticipants, "4"});
  Status s = CheckModel(m);
  EXPECT_EQ(s.where().field, "facts[1].field");
  EXPECT_NE(s.message().find("trafficking cases"), std::string::npos) << s.message();
}

TEST(CheckModel, NamesTheFieldOfEachProblem) {
  struct Case {
    const char* field;
    void (*change)(Model&);
  };
  const Case cases[] = {
      {"code", [](Model& m) { m.code = ""; }},
      {"code", [](Model& m) { m.code = "CB TKV"; }},
      {"name", [](Model& m) { m.name = "  "; }},
      {"name", [](Model& m) { m.name = "Ta\xCC\x80y"; }},  // not NFC
      {"uid", [](Model& m) { m.uid = "short"; }},
      {"orgUnit", [](Model& m) { m.org_unit = 0; }},
      {"level", [](Model& m) { m.level = ImplementingLevel::kVillage; }},
      {"level", [](Model& m) { m.level = ImplementingLevel::kAll; }},
      {"consolidated[0]", [](Model& m) { m.consolidated = {D(2023, 3, 15)}; }},
      {"consolidated[1]",
       [](Model& m) {
         m.consolidated = {D(2024, 1, 1), D(2024, 1, 1)};
       }},
      {"dissolved", [](Model& m) { m.dissolved = D(2023, 1, 1); }},
      {"dissolved",
       [](Model& m) {
         m.consolidated = {D(2025, 1, 1)};
         m.dissolved = D(2024, 12, 31);
       }},
      {"facts[6].field",
       [](Model& m) {
         m.facts.push_back({D(2024, 1, 1), FactField::kHotline, "111"});
       }},
      {"facts[6].date",
       [](Model& m) {
         m.facts.push_back({D(2023, 1, 1), FactField::kLoans, "5"});
       }},
      {"facts[6].date",
       [](Model& m) {
         m.dissolved = D(2025, 1, 1);
         m.facts.push_back({D(2025, 1, 1), FactField::kLoans, "5"});
       }},
      {"facts[6].value",
       [](Model& m) {
         m.facts.push_back({D(2024, 1, 1), FactField::kLoans, "5.000"});
       }},
      {"facts[6].value",
       [](Model& m) {
         m.facts.push_back({D(2024, 1, 1), FactField::kGals, "yes"});
       }},
      // 27 introduced to formal finance out of 25 + 2 members is fine; 28 is not.
      {"facts[6].value",
       [](Model& m) {
         m.facts.push_back({D(2024, 7, 1), FactField::kMembersFormalFinance, "28"});
       }},
      // Members leaving later make an earlier count too large.
      {"facts[6].value",
       [](Model& m) {
         m.facts.push_back({D(2024, 8, 1), FactField::kMembersFemale, "1"});
       }},
  };
  for (const Case& c : cases) {
    Status s = CheckWith(c.change);
    EXPECT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.where().field, c.field) << s.ToString();
  }
  EXPECT_TRUE(CheckWith([](Model& m) {
                m.facts.push_back({D(2024, 7, 1), FactField::kMembersFormalFinance, "27"});
              }).ok());
}

}  // namespace
}  // namespace gemis::records
