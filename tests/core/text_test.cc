#include "core/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace gemis {
namespace {

using ::testing::HasSubstr;

// Expects CheckUtf8 to reject `text` at 1-based byte `column` with `what`.
void ExpectUtf8Error(std::string_view text, int column, const std::string& what) {
  Status status = CheckUtf8(text);
  ASSERT_FALSE(status.ok()) << "accepted: " << text;
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().column, column);
  EXPECT_THAT(status.message(), HasSubstr(what));
  EXPECT_FALSE(IsValidUtf8(text));
}

TEST(Utf8, AcceptsWellFormedText) {
  for (std::string_view text :
       {"", "plain ASCII", "Thành phố Cao Bằng", "\xF0\x9F\x98\x80", "\xED\x9F\xBF" /* U+D7FF */,
        "\xEE\x80\x80" /* U+E000 */, "\xF4\x8F\xBF\xBF" /* U+10FFFF */}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    EXPECT_TRUE(CheckUtf8(text).ok()) << text;
  }
}

TEST(Utf8, RejectsLoneContinuationByteAtItsOffset) {
  ExpectUtf8Error(std::string("ab\x80") + "c", 3, "unexpected continuation byte 0x80");
}

TEST(Utf8, RejectsTruncatedSequenceAtItsLeadByte) {
  ExpectUtf8Error("Ho\xE1\xBB", 3, "truncated sequence: lead byte 0xE1 needs 2");
  ExpectUtf8Error("\xC3(", 1, "truncated sequence");
  ExpectUtf8Error("x\xF0\x9F\x98", 2, "found 2");
}

TEST(Utf8, RejectsOverlongEncodings) {
  ExpectUtf8Error("x\xC0\xAF", 2, "overlong encoding (lead byte 0xC0)");
  ExpectUtf8Error("\xE0\x80\xAF", 1, "overlong encoding (0xE0 0x80)");
  ExpectUtf8Error("\xF0\x80\x80\xAF", 1, "overlong encoding (0xF0 0x80)");
}

TEST(Utf8, RejectsEncodedSurrogates) {
  ExpectUtf8Error("\xED\xA0\x80", 1, "encoded UTF-16 surrogate (0xED 0xA0)");
  ExpectUtf8Error("ok \xED\xBF\xBF", 4, "surrogate");
}

TEST(Utf8, RejectsCodePointsAboveTheUnicodeRange) {
  ExpectUtf8Error("\xF4\x90\x80\x80", 1, "above U+10FFFF");
  ExpectUtf8Error("\xF5\x80\x80\x80", 1, "above U+10FFFF");
  ExpectUtf8Error("a\xFF", 2, "byte 0xFF never occurs in UTF-8");
}

TEST(ToNfc, ComposesDecomposedVietnamese) {
  EXPECT_EQ(*ToNfc("Hoa\u0300"), "Ho\u00E0");
  // ệ = e + dot below + circumflex, whatever order the marks come in.
  EXPECT_EQ(*ToNfc("Nghe\u0323\u0302 An"), "Ngh\u1EC7 An");
  EXPECT_EQ(*ToNfc("Nghe\u0302\u0323 An"), "Ngh\u1EC7 An");
}

TEST(ToNfc, KeepsNfcAndAsciiUnchanged) {
  EXPECT_EQ(*ToNfc("Thành phố Hồ Chí Minh"), "Thành phố Hồ Chí Minh");
  EXPECT_EQ(*ToNfc("Ha Noi"), "Ha Noi");
  EXPECT_EQ(*ToNfc(""), "");
}

TEST(ToNfc, RejectsInvalidUtf8WithTheByteOffset) {
  Result<std::string> result = ToNfc("Hoà\xED\xA0\x80");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().where().column, 5);
  EXPECT_THAT(result.status().message(), HasSubstr("invalid UTF-8"));
}

TEST(IsNfc, DistinguishesComposedFromDecomposed) {
  EXPECT_TRUE(IsNfc("Ho\u00E0"));
  EXPECT_TRUE(IsNfc("ascii"));
  EXPECT_FALSE(IsNfc("Hoa\u0300"));
  EXPECT_FALSE(IsNfc("Ho\xC0\xAF"));
}

TEST(FoldForSearch, RemovesToneAndVowelMarksAndCase) {
  EXPECT_EQ(FoldForSearch("Thành phố Cao Bằng"), "thanh pho cao bang");
  EXPECT_EQ(FoldForSearch("Hoà"), "hoa");
  EXPECT_EQ(FoldForSearch("Hòa"), "hoa");
  EXPECT_EQ(FoldForSearch("ăâêôơư ĂÂÊÔƠƯ ỆỰỞ"), "aaeoou aaeoou euo");
}

TEST(FoldForSearch, MapsDToD) {
  EXPECT_EQ(FoldForSearch("Đắk Lắk"), "dak lak");
  EXPECT_EQ(FoldForSearch("ĐIỆN BIÊN đ"), "dien bien d");
}

TEST(FoldForSearch, CollapsesAndTrimsWhiteSpace) {
  EXPECT_EQ(FoldForSearch("  Cao \t\u00A0 Bằng \n"), "cao bang");
  EXPECT_EQ(FoldForSearch("  Cao \t  BANG \r\n"), "cao bang");  // ASCII fast path
  EXPECT_EQ(FoldForSearch(" \u3000 "), "");
}

TEST(FoldForSearch, UnifiesDashesAndKeepsOtherPunctuation) {
  EXPECT_EQ(FoldForSearch("Bà Rịa \u2013 Vũng Tàu"), "ba ria - vung tau");
  EXPECT_EQ(FoldForSearch("Bà Rịa - Vũng Tàu"), "ba ria - vung tau");
  EXPECT_EQ(FoldForSearch("Xã Tân Phú (cũ), số 2/3"), "xa tan phu (cu), so 2/3");
}

TEST(FoldForSearch, GivesTheSameKeyForDecomposedInputAndIsIdempotent) {
  EXPECT_EQ(FoldForSearch("Kha\u0301nh Ho\u0300a"), FoldForSearch("Khánh Hòa"));
  std::string once = FoldForSearch("Ångström Đồng Tháp");
  EXPECT_EQ(once, "angstrom dong thap");
  EXPECT_EQ(FoldForSearch(once), once);
  // Non-Latin letters keep their NFC form (Hangul is recomposed).
  EXPECT_EQ(FoldForSearch("한국"), "한국");
}

TEST(FoldForSearch, ReadsInvalidUtf8AsReplacementCharacter) {
  EXPECT_EQ(FoldForSearch("Bằng\xFF"), "bang\uFFFD");
}

struct ProvinceFold {
  const char* full_name;
  const char* folded;
};

// The 63 provinces before 2025-07-01
// (/work/shared/data/vn-admin/csv/provinces_pre-2025-07-01.csv, NFC).
constexpr ProvinceFold kProvinces[] = {
    {"Thành phố Hà Nội", "thanh pho ha noi"},
    {"Tỉnh Hà Giang", "tinh ha giang"},
    {"Tỉnh Cao Bằng", "tinh cao bang"},
    {"Tỉnh Bắc Kạn", "tinh bac kan"},
    {"Tỉnh Tuyên Quang", "tinh tuyen quang"},
    {"Tỉnh Lào Cai", "tinh lao cai"},
    {"Tỉnh Điện Biên", "tinh dien bien"},
    {"Tỉnh Lai Châu", "tinh lai chau"},
    {"Tỉnh Sơn La", "tinh son la"},
    {"Tỉnh Yên Bái", "tinh yen bai"},
    {"Tỉnh Hoà Bình", "tinh hoa binh"},
    {"Tỉnh Thái Nguyên", "tinh thai nguyen"},
    {"Tỉnh Lạng Sơn", "tinh lang son"},
    {"Tỉnh Quảng Ninh", "tinh quang ninh"},
    {"Tỉnh Bắc Giang", "tinh bac giang"},
    {"Tỉnh Phú Thọ", "tinh phu tho"},
    {"Tỉnh Vĩnh Phúc", "tinh vinh phuc"},
    {"Tỉnh Bắc Ninh", "tinh bac ninh"},
    {"Tỉnh Hải Dương", "tinh hai duong"},
    {"Thành phố Hải Phòng", "thanh pho hai phong"},
    {"Tỉnh Hưng Yên", "tinh hung yen"},
    {"Tỉnh Thái Bình", "tinh thai binh"},
    {"Tỉnh Hà Nam", "tinh ha nam"},
    {"Tỉnh Nam Định", "tinh nam dinh"},
    {"Tỉnh Ninh Bình", "tinh ninh binh"},
    {"Tỉnh Thanh Hóa", "tinh thanh hoa"},
    {"Tỉnh Nghệ An", "tinh nghe an"},
    {"Tỉnh Hà Tĩnh", "tinh ha tinh"},
    {"Tỉnh Quảng Bình", "tinh quang binh"},
    {"Tỉnh Quảng Trị", "tinh quang tri"},
    {"Thành phố Huế", "thanh pho hue"},
    {"Thành phố Đà Nẵng", "thanh pho da nang"},
    {"Tỉnh Quảng Nam", "tinh quang nam"},
    {"Tỉnh Quảng Ngãi", "tinh quang ngai"},
    {"Tỉnh Bình Định", "tinh binh dinh"},
    {"Tỉnh Phú Yên", "tinh phu yen"},
    {"Tỉnh Khánh Hòa", "tinh khanh hoa"},
    {"Tỉnh Ninh Thuận", "tinh ninh thuan"},
    {"Tỉnh Bình Thuận", "tinh binh thuan"},
    {"Tỉnh Kon Tum", "tinh kon tum"},
    {"Tỉnh Gia Lai", "tinh gia lai"},
    {"Tỉnh Đắk Lắk", "tinh dak lak"},
    {"Tỉnh Đắk Nông", "tinh dak nong"},
    {"Tỉnh Lâm Đồng", "tinh lam dong"},
    {"Tỉnh Bình Phước", "tinh binh phuoc"},
    {"Tỉnh Tây Ninh", "tinh tay ninh"},
    {"Tỉnh Bình Dương", "tinh binh duong"},
    {"Tỉnh Đồng Nai", "tinh dong nai"},
    {"Tỉnh Bà Rịa - Vũng Tàu", "tinh ba ria - vung tau"},
    {"Thành phố Hồ Chí Minh", "thanh pho ho chi minh"},
    {"Tỉnh Long An", "tinh long an"},
    {"Tỉnh Tiền Giang", "tinh tien giang"},
    {"Tỉnh Bến Tre", "tinh ben tre"},
    {"Tỉnh Trà Vinh", "tinh tra vinh"},
    {"Tỉnh Vĩnh Long", "tinh vinh long"},
    {"Tỉnh Đồng Tháp", "tinh dong thap"},
    {"Tỉnh An Giang", "tinh an giang"},
    {"Tỉnh Kiên Giang", "tinh kien giang"},
    {"Thành phố Cần Thơ", "thanh pho can tho"},
    {"Tỉnh Hậu Giang", "tinh hau giang"},
    {"Tỉnh Sóc Trăng", "tinh soc trang"},
    {"Tỉnh Bạc Liêu", "tinh bac lieu"},
    {"Tỉnh Cà Mau", "tinh ca mau"},
};

TEST(AsciiLower, LowersOnlyAsciiCapitals) {
  EXPECT_EQ(AsciiLower("XLSX"), "xlsx");
  EXPECT_EQ(AsciiLower("Phụ LỤC.CSV"), "phụ lỤc.csv");  // Ụ is not ASCII: kept
  EXPECT_EQ(AsciiLower(""), "");
}

TEST(FoldForSearch, FoldsAll63OldProvinceNamesToAsciiLowerCase) {
  ASSERT_EQ(std::size(kProvinces), 63u);
  for (const ProvinceFold& province : kProvinces) {
    std::string folded = FoldForSearch(province.full_name);
    EXPECT_EQ(folded, province.folded);
    EXPECT_TRUE(std::all_of(folded.begin(), folded.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == ' ' || c == '-';
    })) << folded;
  }
}

TEST(ToneNormalizedKey, IgnoresTonePlacementAndCase) {
  EXPECT_TRUE(SameNameIgnoringTonePlacement("Hoà", "Hòa"));
  EXPECT_TRUE(SameNameIgnoringTonePlacement("Thuỷ", "Thủy"));
  EXPECT_TRUE(SameNameIgnoringTonePlacement("Khánh Hoà", "Khánh Hòa"));
  EXPECT_TRUE(SameNameIgnoringTonePlacement("Tỉnh Hoà Bình", "tỉnh hòa bình"));
  EXPECT_TRUE(SameNameIgnoringTonePlacement("xã Bắc Sơn", "Xã Bắc Sơn"));
  EXPECT_TRUE(SameNameIgnoringTonePlacement("Kha\u0301nh Hoa\u0300", "Khánh Hòa"));
  EXPECT_EQ(ToneNormalizedKey("Hoà"), ToneNormalizedKey("HÒA"));
}

TEST(ToneNormalizedKey, KeepsRealNameDifferences) {
  EXPECT_FALSE(SameNameIgnoringTonePlacement("Hòa", "Hoa"));
  EXPECT_FALSE(SameNameIgnoringTonePlacement("Phó Bảng", "Phố Bảng"));
  EXPECT_FALSE(SameNameIgnoringTonePlacement("Bắc", "Bạc"));
  EXPECT_FALSE(SameNameIgnoringTonePlacement("Bắc", "Bác"));
  EXPECT_FALSE(SameNameIgnoringTonePlacement("Hòa An", "Hoà Ân"));
  // The tone stays in its word: it does not move across the space.
  EXPECT_FALSE(SameNameIgnoringTonePlacement("Hoà Binh", "Hoa Bình"));
}

TEST(ToneNormalizedKey, IsNfcAndLowerCase) {
  EXPECT_EQ(ToneNormalizedKey("Ha NOI"), "ha noi");
  std::string key = ToneNormalizedKey("Thủy");
  EXPECT_TRUE(IsNfc(key));
  EXPECT_EQ(key, ToneNormalizedKey("thuỷ"));
}

TEST(SearchMatches, EveryQueryWordPrefixesSomeCandidateWord) {
  EXPECT_TRUE(SearchMatches("cao bang", "tinh cao bang"));
  EXPECT_TRUE(SearchMatches("bang", "cao bang"));
  EXPECT_TRUE(SearchMatches("ba", "cao bang"));
  EXPECT_TRUE(SearchMatches("bang cao", "tinh cao bang"));
  EXPECT_FALSE(SearchMatches("ang", "cao bang"));
  EXPECT_FALSE(SearchMatches("cao lang", "tinh cao bang"));
  EXPECT_FALSE(SearchMatches("bangs", "cao bang"));
  EXPECT_FALSE(SearchMatches("cao", ""));
}

TEST(SearchMatches, EmptyQueryMatchesEverything) {
  EXPECT_TRUE(SearchMatches("", "tinh cao bang"));
  EXPECT_TRUE(SearchMatches("", ""));
}

TEST(SearchMatches, WorksOnFoldedKeysOfUserInput) {
  EXPECT_TRUE(SearchMatches(FoldForSearch("cao bang"), FoldForSearch("Tỉnh Cao Bằng")));
  EXPECT_TRUE(SearchMatches(FoldForSearch("Hoà"), FoldForSearch("Tỉnh Khánh Hòa")));
  EXPECT_TRUE(SearchMatches(FoldForSearch("DA NANG"), FoldForSearch("Thành phố Đà Nẵng")));
}

class VietnameseCollatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<VietnameseCollator> created = VietnameseCollator::Create();
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    collator_ = std::make_unique<VietnameseCollator>(std::move(created).value());
  }
  bool Less(std::string_view a, std::string_view b) const { return collator_->Compare(a, b) < 0; }
  std::unique_ptr<VietnameseCollator> collator_;
};

TEST_F(VietnameseCollatorTest, SortsDWithStrokeAfterD) {
  EXPECT_TRUE(Less("Dương", "Đà Nẵng"));
  EXPECT_TRUE(Less("Đà Nẵng", "Gia Lai"));
  EXPECT_TRUE(Less("Đồng Tháp", "Gia Lai"));
  EXPECT_TRUE(Less("An Giang", "Bà Rịa"));
}

TEST_F(VietnameseCollatorTest, BaseLettersDominateAccents) {
  EXPECT_TRUE(Less("Ba", "Bà"));
  EXPECT_TRUE(Less("Bà", "Bb"));
  EXPECT_TRUE(Less("Bạ", "Băa"));  // ă is a letter of its own, after a
  EXPECT_TRUE(Less("a", "ă"));
  EXPECT_TRUE(Less("ă", "â"));
  EXPECT_TRUE(Less("o", "ô"));
  EXPECT_TRUE(Less("ô", "ơ"));
  EXPECT_TRUE(Less("u", "ư"));
  EXPECT_TRUE(Less("ư", "v"));
}

TEST_F(VietnameseCollatorTest, OrdersTonesTraditionally) {
  // ICU 72 "vi": level, grave, hook above, tilde, acute, dot below.
  std::vector<std::string> tones = {"ạ", "á", "a", "ã", "ả", "à"};
  std::sort(tones.begin(), tones.end(), [&](auto& a, auto& b) { return Less(a, b); });
  EXPECT_EQ(tones, (std::vector<std::string>{"a", "à", "ả", "ã", "á", "ạ"}));
}

TEST_F(VietnameseCollatorTest, TreatsCanonicalEquivalentsAsEqual) {
  EXPECT_EQ(collator_->Compare("Hoa\u0300", "Ho\u00E0"), 0);
  EXPECT_EQ(collator_->Compare("Cà Mau", "Cà Mau"), 0);
  EXPECT_GT(collator_->Compare("Cà Mau", "Ca Mau"), 0);
}

TEST_F(VietnameseCollatorTest, SortKeysOrderLikeCompare) {
  std::vector<std::string> names = {"Gia Lai", "Đà Nẵng", "Dương", "An Giang",  "Bà Rịa", "Ba",
                                    "Bb",      "Bà",      "bà",    "Hoa\u0300", "Hòa",    ""};
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      int by_compare = collator_->Compare(a, b);
      int by_key = collator_->SortKey(a).compare(collator_->SortKey(b));
      EXPECT_EQ(by_compare < 0, by_key < 0) << a << " vs " << b;
      EXPECT_EQ(by_compare == 0, by_key == 0) << a << " vs " << b;
    }
  }
}

TEST_F(VietnameseCollatorTest, SortKeyHandlesLongText) {
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "Thành phố Hồ Chí Minh ";
  std::string key = collator_->SortKey(long_name);
  EXPECT_GT(key.size(), long_name.size() / 4);
  EXPECT_LT(collator_->SortKey("Thành phố Hồ Chí Minh"), key);
}

TEST_F(VietnameseCollatorTest, IsUsableFromManyThreadsAtOnce) {
  std::vector<std::string> expected = {"An Giang", "Bà Rịa", "Dương", "Đà Nẵng", "Gia Lai"};
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        std::vector<std::string> names = {"Gia Lai", "Đà Nẵng", "Dương", "Bà Rịa", "An Giang"};
        std::sort(names.begin(), names.end(), [&](auto& a, auto& b) { return Less(a, b); });
        ok[static_cast<size_t>(t)] += names == expected ? 1 : 0;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok, std::vector<int>(4, 200));
}

TEST_F(VietnameseCollatorTest, SurvivesAMove) {
  VietnameseCollator moved = std::move(*collator_);
  EXPECT_LT(moved.Compare("Dương", "Đà Nẵng"), 0);
}

}  // namespace
}  // namespace gemis
