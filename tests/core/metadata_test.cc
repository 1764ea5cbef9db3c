#include "core/metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/uid.h"

namespace gemis {
namespace {

StoredElement Element(MetadataId id, std::string uid, std::string code, MetadataId combo_id = 1) {
  StoredElement stored;
  stored.id = id;
  stored.combo_id = combo_id;
  stored.element.uid = std::move(uid);
  stored.element.code = std::move(code);
  stored.element.name = "Phần tử " + stored.element.code;
  return stored;
}

StoredCombo Combo(MetadataId id, std::string code, std::vector<MetadataId> coc_ids) {
  StoredCombo stored;
  stored.id = id;
  stored.combo.uid = UidFromKey("cc:" + code);
  stored.combo.code = std::move(code);
  stored.combo.name = stored.combo.code;
  stored.option_combo_ids = std::move(coc_ids);
  return stored;
}

StoredOptionCombo Coc(MetadataId id, MetadataId combo_id, std::string uid, std::string code) {
  return StoredOptionCombo{id, combo_id,
                           CategoryOptionCombo{std::move(uid), std::move(code), "n", {}}};
}

// default combo 1 (COC 10), SEX combo 2 (COCs 20, 21); two elements.
Metadata Sample() {
  return Metadata(
      {Element(100, "DeMembers01", "MEMBERS", 2), Element(101, "DeTeams0001", "TEAMS", 1)},
      {Combo(1, "default", {10}), Combo(2, "SEX", {20, 21})},
      {Coc(10, 1, std::string(kDefaultCategoryOptionComboUid), "default"),
       Coc(20, 2, UidFromKey("coc:SEX_MALE"), "SEX_MALE"),
       Coc(21, 2, UidFromKey("coc:SEX_FEMALE"), "SEX_FEMALE")});
}

TEST(Metadata, EmptyFindsNothingAndHasNoDefaultOptionCombo) {
  Metadata empty;
  EXPECT_TRUE(empty.elements().empty());
  EXPECT_EQ(empty.Element(1), nullptr);
  EXPECT_EQ(empty.FindElement("MEMBERS"), nullptr);
  EXPECT_EQ(empty.FindCombo("default"), nullptr);
  EXPECT_EQ(empty.FindOptionCombo(kDefaultCategoryOptionComboUid), nullptr);
  EXPECT_EQ(empty.default_option_combo(), 0);
}

TEST(Metadata, FindsElementsByIdUidAndCode) {
  Metadata m = Sample();
  ASSERT_NE(m.Element(100), nullptr);
  EXPECT_EQ(m.Element(100)->element.code, "MEMBERS");
  ASSERT_NE(m.FindElement("DeMembers01"), nullptr);
  EXPECT_EQ(m.FindElement("DeMembers01")->id, 100);
  ASSERT_NE(m.FindElement("TEAMS"), nullptr);
  EXPECT_EQ(m.FindElement("TEAMS")->id, 101);
  EXPECT_EQ(m.FindElement("teams"), nullptr) << "codes are case-sensitive";
  EXPECT_EQ(m.FindElement(""), nullptr);
  EXPECT_EQ(m.Element(999), nullptr);
}

TEST(Metadata, FindsCombosAndOptionCombosByUidAndCode) {
  Metadata m = Sample();
  ASSERT_NE(m.FindCombo("SEX"), nullptr);
  EXPECT_EQ(m.FindCombo("SEX")->id, 2);
  EXPECT_EQ(m.FindCombo(UidFromKey("cc:SEX"))->id, 2);
  EXPECT_EQ(m.Combo(1)->combo.code, "default");
  EXPECT_EQ(m.FindOptionCombo("SEX_FEMALE")->id, 21);
  EXPECT_EQ(m.FindOptionCombo(UidFromKey("coc:SEX_MALE"))->id, 20);
  EXPECT_EQ(m.OptionCombo(21)->combo_id, 2);
  EXPECT_EQ(m.FindOptionCombo("SEX_OTHER"), nullptr);
  EXPECT_EQ(m.OptionCombo(22), nullptr);
}

TEST(Metadata, DefaultOptionComboIsTheOneWithDhis2sUid) {
  EXPECT_EQ(Sample().default_option_combo(), 10);
  Metadata without_default({}, {Combo(2, "SEX", {20})},
                           {Coc(20, 2, UidFromKey("coc:SEX_MALE"), "SEX_MALE")});
  EXPECT_EQ(without_default.default_option_combo(), 0);
}

// A code that happens to equal another element's uid must not hide that
// element: the uid wins whatever the order of the elements.
TEST(Metadata, UidWinsOverAnEqualCodeInEitherOrder) {
  Metadata code_first({Element(1, "AAAAAAAAAA1", "BBBBBBBBBB2"), Element(2, "BBBBBBBBBB2", "X")},
                      {}, {});
  EXPECT_EQ(code_first.FindElement("BBBBBBBBBB2")->id, 2);
  Metadata uid_first({Element(2, "BBBBBBBBBB2", "X"), Element(1, "AAAAAAAAAA1", "BBBBBBBBBB2")}, {},
                     {});
  EXPECT_EQ(uid_first.FindElement("BBBBBBBBBB2")->id, 2);
  EXPECT_EQ(uid_first.FindElement("AAAAAAAAAA1")->id, 1);
  EXPECT_EQ(uid_first.FindElement("X")->id, 2);
}

TEST(Metadata, KeepsTheVectorsInTheOrderGiven) {
  Metadata m = Sample();
  ASSERT_EQ(m.elements().size(), 2u);
  EXPECT_EQ(m.elements()[1].element.code, "TEAMS");
  EXPECT_THAT(m.combos()[1].option_combo_ids, ::testing::ElementsAre(20, 21));
  EXPECT_EQ(m.option_combos().size(), 3u);
}

}  // namespace
}  // namespace gemis
