#include "exchange/legacy_encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "core/text.h"
#include "exchange/csv_reader.h"

namespace gemis::exchange {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/legacy/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string Decode(std::string_view bytes, TextEncoding encoding) {
  return DecodeText(bytes, encoding);
}

// Everything a DecodingIstream gives for `bytes`.
std::string ReadThrough(const std::string& bytes, TextEncoding encoding, size_t block,
                        TextEncoding* chosen = nullptr) {
  std::istringstream source(bytes);
  DecodingIstream in(source, encoding, block);
  std::string out{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (chosen != nullptr) *chosen = in.buffer().encoding();
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The 12 vowel rows of Vietnamese and the five tone marks in the order of
// the classic TCVN3 table: none, grave (huyền), hook (hỏi), tilde (ngã),
// acute (sắc), dot below (nặng). Letters are composed by ICU, independently
// of the tables under test.
const char* const kVowels[12] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
const char* const kToneMarks[6] = {"", "\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\x81", "\xCC\xA3"};

std::string Letter(int vowel, int tone) {
  return ToNfc(std::string(kVowels[vowel]) + kToneMarks[tone]).value();
}

std::string Upper(const std::string& letter) {
  static const std::vector<std::pair<std::string, std::string>> kPairs = [] {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int v = 0; v < 12; ++v) {
      for (int t = 0; t < 6; ++t) {
        std::string small = Letter(v, t);
        std::string upper_base = v == 0    ? "A"
                                 : v == 1  ? "Ă"
                                 : v == 2  ? "Â"
                                 : v == 3  ? "E"
                                 : v == 4  ? "Ê"
                                 : v == 5  ? "I"
                                 : v == 6  ? "O"
                                 : v == 7  ? "Ô"
                                 : v == 8  ? "Ơ"
                                 : v == 9  ? "U"
                                 : v == 10 ? "Ư"
                                           : "Y";
        pairs.emplace_back(small, ToNfc(upper_base + kToneMarks[t]).value());
      }
    }
    pairs.emplace_back("đ", "Đ");
    return pairs;
  }();
  for (const auto& [small, capital] : kPairs) {
    if (small == letter) return capital;
  }
  return letter;
}

// All 134 precomposed Vietnamese letters: 67 small, 67 capital.
std::vector<std::string> AllLetters() {
  std::vector<std::string> letters;
  for (int v = 0; v < 12; ++v) {
    for (int t = 0; t < 6; ++t) {
      if (t == 0 && (v == 0 || v == 3 || v == 5 || v == 6 || v == 9 || v == 11)) continue;  // ASCII
      letters.push_back(Letter(v, t));
    }
  }
  letters.emplace_back("đ");
  size_t small = letters.size();
  for (size_t i = 0; i < small; ++i) letters.push_back(Upper(letters[i]));
  return letters;
}

// ---------------------------------------------------------------------------

TEST(LegacyEncodingNames, ParsesEverySpellingInAnyCase) {
  EXPECT_EQ(ParseTextEncoding("utf-8").value(), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("UTF8").value(), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("tcvn3").value(), TextEncoding::kTcvn3);
  EXPECT_EQ(ParseTextEncoding("ABC").value(), TextEncoding::kTcvn3);
  EXPECT_EQ(ParseTextEncoding("Vni").value(), TextEncoding::kVni);
  EXPECT_EQ(ParseTextEncoding("AUTO").value(), TextEncoding::kAuto);
}

TEST(LegacyEncodingNames, RejectsOtherNamesListingTheAcceptedOnes) {
  for (const char* name : {"", "latin1", "tcvn", "utf-16", " vni"}) {
    Result<TextEncoding> parsed = ParseTextEncoding(name);
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kUsage);
    EXPECT_THAT(parsed.status().message(),
                HasSubstr("utf-8 (or utf8), tcvn3 (or abc), vni or auto"));
  }
}

TEST(LegacyEncodingNames, NameParsesBack) {
  for (TextEncoding e :
       {TextEncoding::kUtf8, TextEncoding::kTcvn3, TextEncoding::kVni, TextEncoding::kAuto}) {
    EXPECT_EQ(ParseTextEncoding(TextEncodingName(e)).value(), e);
  }
}

// ---------------------------------------------------------------------------
// Tables, checked against tables written here in a different layout.

TEST(LegacyEncodingTables, Tcvn3SmallLettersAreAtTheirStandardBytes) {
  // One row per vowel, the bytes in the tone order of kToneMarks.
  const char* const kRows[12] = {
      "a\xB5\xB6\xB7\xB8\xB9", "\xA8\xBB\xBC\xBD\xBE\xC6", "\xA9\xC7\xC8\xC9\xCA\xCB",
      "e\xCC\xCE\xCF\xD0\xD1", "\xAA\xD2\xD3\xD4\xD5\xD6", "i\xD7\xD8\xDC\xDD\xDE",
      "o\xDF\xE1\xE2\xE3\xE4", "\xAB\xE5\xE6\xE7\xE8\xE9", "\xAC\xEA\xEB\xEC\xED\xEE",
      "u\xEF\xF1\xF2\xF3\xF4", "\xAD\xF5\xF6\xF7\xF8\xF9", "y\xFA\xFB\xFC\xFD\xFE"};
  for (int v = 0; v < 12; ++v) {
    for (int t = 0; t < 6; ++t) {
      std::string byte(1, kRows[v][t]);
      EXPECT_EQ(Decode(byte, TextEncoding::kTcvn3), Letter(v, t)) << v << " " << t;
      EXPECT_EQ(EncodeText(Letter(v, t), TextEncoding::kTcvn3).value(), byte) << v << " " << t;
    }
  }
  EXPECT_EQ(Decode("\xAE", TextEncoding::kTcvn3), "đ");
  EXPECT_EQ(Decode("\xA1\xA2\xA3\xA4\xA5\xA6\xA7", TextEncoding::kTcvn3), "ĂÂÊÔƠƯĐ");
}

TEST(LegacyEncodingTables, Tcvn3CapitalsUseTheirByteOrTheCombiningToneMarks) {
  // The sixteen capitals TCVN 5712 places in 0xA0-0xFF.
  const std::vector<std::pair<std::string, std::string>> kSingle = {
      {"\xAF", "Ằ"}, {"\xBA", "Ẳ"}, {"\xBF", "Ẵ"}, {"\xC0", "Ắ"}, {"\xC1", "Ầ"}, {"\xC2", "Ẩ"},
      {"\xC3", "Ẫ"}, {"\xC4", "Ấ"}, {"\xC5", "Ề"}, {"\xCD", "Ể"}, {"\xD9", "Ễ"}, {"\xDA", "Ế"},
      {"\xDB", "Ồ"}, {"\xE0", "Ổ"}, {"\xF0", "Ỗ"}, {"\xFF", "Ố"}};
  for (const auto& [byte, letter] : kSingle) {
    EXPECT_EQ(Decode(byte, TextEncoding::kTcvn3), letter);
    EXPECT_EQ(EncodeText(letter, TextEncoding::kTcvn3).value(), byte);
  }
  // The others: toneless letter, then one of the combining marks 0xB0-0xB4.
  EXPECT_EQ(EncodeText("À", TextEncoding::kTcvn3).value(), "A\xB0");
  EXPECT_EQ(EncodeText("Ậ", TextEncoding::kTcvn3).value(), "\xA2\xB4");
  EXPECT_EQ(EncodeText("Ữ", TextEncoding::kTcvn3).value(), "\xA6\xB2");
  EXPECT_EQ(EncodeText("Ỷ", TextEncoding::kTcvn3).value(), "Y\xB1");
  EXPECT_EQ(Decode("A\xB3", TextEncoding::kTcvn3), "Á");
  // VN1's capitals on C0 control codes are read too (never written).
  EXPECT_EQ(Decode("\x01\x02\x04\x05\x06\x11\x12\x13\x14\x15\x16\x17", TextEncoding::kTcvn3),
            "ÚỤỪỬỮỨỰỲỶỸÝỴ");
  EXPECT_EQ(Decode("\t\n\r\x03", TextEncoding::kTcvn3), "\t\n\r\x03");
}

TEST(LegacyEncodingTables, Tcvn3ReadsC1AsWindowsPunctuation) {
  EXPECT_EQ(Decode("\xA7\xE9\x63 l\xCBp \x96 T\xF9 do", TextEncoding::kTcvn3), "Độc lập – Tự do");
  EXPECT_EQ(Decode("\x93\x61\x94\x85\x80", TextEncoding::kTcvn3), "“a”…€");
  EXPECT_EQ(Decode("\xA0", TextEncoding::kTcvn3), "\xC2\xA0");
}

TEST(LegacyEncodingTables, VniLettersAreBaseAndMarkBytes) {
  // One row per vowel, in the tone order of kToneMarks, as Latin-1 bytes.
  const std::vector<std::vector<std::string>> kRows = {
      {"a", "a\xF8", "a\xFB", "a\xF5", "a\xF9", "a\xEF"},
      {"a\xEA", "a\xE8", "a\xFA", "a\xFC", "a\xE9", "a\xEB"},
      {"a\xE2", "a\xE0", "a\xE5", "a\xE3", "a\xE1", "a\xE4"},
      {"e", "e\xF8", "e\xFB", "e\xF5", "e\xF9", "e\xEF"},
      {"e\xE2", "e\xE0", "e\xE5", "e\xE3", "e\xE1", "e\xE4"},
      {"i", "\xEC", "\xE6", "\xF3", "\xED", "\xF2"},
      {"o", "o\xF8", "o\xFB", "o\xF5", "o\xF9", "o\xEF"},
      {"o\xE2", "o\xE0", "o\xE5", "o\xE3", "o\xE1", "o\xE4"},
      {"\xF4", "\xF4\xF8", "\xF4\xFB", "\xF4\xF5", "\xF4\xF9", "\xF4\xEF"},
      {"u", "u\xF8", "u\xFB", "u\xF5", "u\xF9", "u\xEF"},
      {"\xF6", "\xF6\xF8", "\xF6\xFB", "\xF6\xF5", "\xF6\xF9", "\xF6\xEF"},
      {"y", "y\xF8", "y\xFB", "y\xF5", "y\xF9", "\xEE"}};
  auto capital = [](std::string bytes) {
    for (char& c : bytes) {
      auto b = static_cast<unsigned char>(c);
      if (b >= 0xE0) c = static_cast<char>(b - 0x20);
      if (b >= 'a' && b <= 'z') c = static_cast<char>(b - 'a' + 'A');
    }
    return bytes;
  };
  for (int v = 0; v < 12; ++v) {
    for (int t = 0; t < 6; ++t) {
      const std::string& bytes = kRows[v][t];
      EXPECT_EQ(Decode(bytes, TextEncoding::kVni), Letter(v, t)) << v << " " << t;
      EXPECT_EQ(EncodeText(Letter(v, t), TextEncoding::kVni).value(), bytes) << v << " " << t;
      EXPECT_EQ(Decode(capital(bytes), TextEncoding::kVni), Upper(Letter(v, t))) << v << " " << t;
      EXPECT_EQ(EncodeText(Upper(Letter(v, t)), TextEncoding::kVni).value(), capital(bytes));
    }
  }
  EXPECT_EQ(Decode("\xF1\xD1", TextEncoding::kVni), "đĐ");
}

TEST(LegacyEncodingTables, VniMixedCasePairsTakeTheCaseOfTheBase) {
  // Spreadsheet functions such as PROPER() change the case of one byte only.
  EXPECT_EQ(Decode("A\xF9nh Hoa\xD8ng", TextEncoding::kVni), "Ánh Hoàng");
}

TEST(LegacyEncodingTables, VniReadsWindows1252BelowC0) {
  EXPECT_EQ(Decode("\x93Vie\xE4t\x94 \x96 100\xB0", TextEncoding::kVni), "“Việt” – 100°");
}

TEST(LegacyEncodingTables, EveryLetterRoundTripsThroughBothEncodings) {
  std::vector<std::string> letters = AllLetters();
  ASSERT_EQ(letters.size(), 134u);
  std::string all;
  for (const std::string& letter : letters) {
    for (TextEncoding e : {TextEncoding::kTcvn3, TextEncoding::kVni}) {
      Result<std::string> bytes = EncodeText(letter, e);
      ASSERT_TRUE(bytes.ok()) << letter << " " << bytes.status().ToString();
      EXPECT_EQ(Decode(*bytes, e), letter) << letter << " in " << TextEncodingName(e);
    }
    all += letter + " ";
  }
  for (TextEncoding e : {TextEncoding::kTcvn3, TextEncoding::kVni}) {
    EXPECT_EQ(Decode(EncodeText(all, e).value(), e), all) << TextEncodingName(e);
  }
}

TEST(LegacyEncodingTables, ExamplesOfTheSpecDecode) {
  // docs/formats/legacy-encodings.md, "Examples".
  const std::pair<std::string, std::string> kTcvn3[] = {
      {"H\xE9i Li\xAAn hi\xD6p Ph\xF4 n\xF7 x\xB7 T\xA9n L\xCBp",
       "Hội Liên hiệp Phụ nữ xã Tân Lập"},
      {"T\xE6 truy\xD2n th\xABng c\xE9ng \xAE\xE5ng", "Tổ truyền thông cộng đồng"},
      {"\xA7\xDE"
       "a ch\xD8 tin c\xCBy",
       "Địa chỉ tin cậy"},
      {"C\xE9NG HO\xB5 X\xB7 H\xE9I CH\xF1 NGH\xDC"
       "A VI\xD6T NAM",
       "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}};
  const std::pair<std::string, std::string> kVni[] = {
      {"Ho\xE4i Lie\xE2n hie\xE4p Phu\xEF n\xF6\xF5 xa\xF5 Ta\xE2n La\xE4p",
       "Hội Liên hiệp Phụ nữ xã Tân Lập"},
      {"To\xE5 truye\xE0n tho\xE2ng co\xE4ng \xF1o\xE0ng", "Tổ truyền thông cộng đồng"},
      {"\xD1\xF2"
       "a ch\xE6 tin ca\xE4y",
       "Địa chỉ tin cậy"},
      {"CO\xC4NG HO\xD8"
       "A XA\xD5 HO\xC4I CHU\xDB NGH\xD3"
       "A VIE\xC4T NAM",
       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}};
  for (const auto& [bytes, text] : kTcvn3) {
    EXPECT_EQ(Decode(bytes, TextEncoding::kTcvn3), text);
    EXPECT_EQ(DetectTextEncoding(bytes), TextEncoding::kTcvn3) << text;
  }
  for (const auto& [bytes, text] : kVni) {
    EXPECT_EQ(Decode(bytes, TextEncoding::kVni), text);
    EXPECT_EQ(DetectTextEncoding(bytes), TextEncoding::kVni) << text;
  }
}

// ---------------------------------------------------------------------------
// A commune's report, saved from Excel in each encoding (CRLF, ';'). The
// TCVN3 file types its title lines with an all-capital font, as offices did.

TEST(LegacyEncodingFixture, Tcvn3ReportDecodesToTheExactNfcText) {
  std::string expected = Fixture("commune_report.utf8.csv");
  DecodeReport report;
  std::string decoded =
      DecodeText(Fixture("commune_report.tcvn3.csv"), TextEncoding::kTcvn3, &report);
  EXPECT_EQ(decoded, expected);
  EXPECT_TRUE(IsNfc(decoded));
  EXPECT_EQ(report.replaced, 0);
  EXPECT_THAT(decoded, HasSubstr("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM;;;;\r\n"));
  EXPECT_THAT(decoded, HasSubstr("Hội"));
  EXPECT_THAT(decoded, HasSubstr("Tổ truyền thông cộng đồng"));
  EXPECT_THAT(decoded, HasSubstr("Địa chỉ tin cậy"));
}

TEST(LegacyEncodingFixture, VniReportDecodesToTheExactNfcText) {
  DecodeReport report;
  std::string decoded = DecodeText(Fixture("commune_report.vni.csv"), TextEncoding::kVni, &report);
  EXPECT_EQ(decoded, Fixture("commune_report.utf8.csv"));
  EXPECT_EQ(report.replaced, 0);
}

TEST(LegacyEncodingFixture, EncodersWriteWhatTheFixtureGeneratorWrote) {
  // The fixtures were written by a separate script (glibc's TCVN5712-1 table
  // for TCVN3): the encoders must agree with it byte for byte, except for
  // the TCVN3 lines typed with a capital font.
  std::string text = Fixture("commune_report.utf8.csv");
  EXPECT_EQ(EncodeText(text, TextEncoding::kVni).value(), Fixture("commune_report.vni.csv"));
  std::vector<std::string> expected = Lines(Fixture("commune_report.tcvn3.csv"));
  std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), expected.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 0 || i == 2 || i == 4) continue;  // capital font
    EXPECT_EQ(EncodeText(lines[i], TextEncoding::kTcvn3).value(), expected[i]) << lines[i];
  }
}

TEST(LegacyEncodingFixture, CsvReaderReadsDecodedFilesUnchanged) {
  for (const char* name : {"commune_report.tcvn3.csv", "commune_report.vni.csv"}) {
    std::istringstream source(Fixture(name));
    DecodingIstream in(source, TextEncoding::kAuto, 5);
    Result<CsvReader> reader = CsvReader::Open(in, name, CsvOptions{.has_header = false});
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(reader->delimiter(), ';');
    std::vector<std::vector<std::string>> rows;
    CsvRecord record;
    for (;;) {
      Result<bool> more = reader->Next(record);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      rows.push_back(record.ToStrings());
    }
    ASSERT_EQ(rows.size(), 20u) << name;
    EXPECT_EQ(rows[0][0], "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    EXPECT_EQ(rows[4][0], "BÁO CÁO KẾT QUẢ THỰC HIỆN DỰ ÁN 8 NĂM 2024");
    EXPECT_EQ(rows[7][1], "Đặng Văn Bằng");
    EXPECT_EQ(rows[7][4], "Ấp Bình Minh, xã Tân Lập");
    EXPECT_EQ(rows[11][3], "Tổ truyền thông; cộng đồng");
    EXPECT_TRUE(in.buffer().status(name).ok());
  }
}

// ---------------------------------------------------------------------------
// Detection.

TEST(LegacyEncodingDetect, FindsTheEncodingOfEachReport) {
  EXPECT_EQ(DetectTextEncoding(Fixture("commune_report.tcvn3.csv")), TextEncoding::kTcvn3);
  EXPECT_EQ(DetectTextEncoding(Fixture("commune_report.vni.csv")), TextEncoding::kVni);
  EXPECT_EQ(DetectTextEncoding(Fixture("commune_report.utf8.csv")), TextEncoding::kUtf8);
}

TEST(LegacyEncodingDetect, AsciiEmptyAndBomAreUtf8) {
  EXPECT_EQ(DetectTextEncoding(""), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding("orgUnit;period;value\r\nVN01;2024;12\r\n"), TextEncoding::kUtf8);
  // A BOM wins even when invalid UTF-8 follows (the CSV reader reports it).
  EXPECT_EQ(DetectTextEncoding("\xEF\xBB\xBFH\xB5"), TextEncoding::kUtf8);
}

TEST(LegacyEncodingDetect, Utf8CutOffByTheSampleIsStillUtf8) {
  // The sample is the first kDetectBytes of a longer file, cut inside "ộ".
  std::string file(DecodingStreamBuf::kDetectBytes - 2, 'x');
  file += "Hội";
  EXPECT_EQ(DetectTextEncoding(file), TextEncoding::kUtf8);
  EXPECT_EQ(ReadThrough(file, TextEncoding::kAuto, 7), file);
  // A whole short file cannot have been cut: its lone lead byte is not UTF-8.
  EXPECT_EQ(DetectTextEncoding("H\xE1\xBB"), TextEncoding::kTcvn3);
}

TEST(LegacyEncodingDetect, ShortPhrasesAreEnough) {
  EXPECT_EQ(DetectTextEncoding("H\xB5 N\xE9i"), TextEncoding::kTcvn3);     // Hà Nội
  EXPECT_EQ(DetectTextEncoding("Ha\xF8 No\xE4i"), TextEncoding::kVni);     // Hà Nội
  EXPECT_EQ(DetectTextEncoding("Vi\xD6t Nam"), TextEncoding::kTcvn3);      // Việt Nam
  EXPECT_EQ(DetectTextEncoding("Vie\xE4t Nam"), TextEncoding::kVni);       // Việt Nam
  EXPECT_EQ(DetectTextEncoding("T\xE6 truy\xD2n"), TextEncoding::kTcvn3);  // Tổ truyền
  EXPECT_EQ(DetectTextEncoding("To\xE5 truye\xE0n"), TextEncoding::kVni);  // Tổ truyền
  EXPECT_EQ(DetectTextEncoding("\xA7\xDE"
                               "a ch\xD8"),
            TextEncoding::kTcvn3);  // Địa chỉ
  EXPECT_EQ(DetectTextEncoding("\xD1\xF2"
                               "a ch\xE6"),
            TextEncoding::kVni);                                          // Địa chỉ
  EXPECT_EQ(DetectTextEncoding("C\xE9NG HO\xB5"), TextEncoding::kTcvn3);  // CỘNG HOÀ
  EXPECT_EQ(DetectTextEncoding("CO\xC4NG HOA\xD8"), TextEncoding::kVni);  // CỘNG HOÀ
}

TEST(LegacyEncodingDetect, TiesGoToTcvn3) {
  // 0xF4 alone is ụ in TCVN3 and ơ in VNI: both are words.
  EXPECT_EQ(DetectTextEncoding("\xF4"), TextEncoding::kTcvn3);
  // Neither reading looks Vietnamese.
  EXPECT_EQ(DetectTextEncoding("\x81\x8D"), TextEncoding::kTcvn3);
}

// ---------------------------------------------------------------------------
// The stream adaptor.

TEST(LegacyEncodingStream, TinyBlocksGiveTheSameText) {
  std::string expected = Fixture("commune_report.utf8.csv");
  const std::pair<const char*, TextEncoding> kFiles[] = {
      {"commune_report.tcvn3.csv", TextEncoding::kTcvn3},
      {"commune_report.vni.csv", TextEncoding::kVni}};
  for (const auto& [name, encoding] : kFiles) {
    std::string bytes = Fixture(name);
    for (size_t block = 1; block <= 7; ++block) {
      EXPECT_EQ(ReadThrough(bytes, encoding, block), expected) << name << " " << block;
      TextEncoding chosen = TextEncoding::kAuto;
      EXPECT_EQ(ReadThrough(bytes, TextEncoding::kAuto, block, &chosen), expected) << name;
      EXPECT_EQ(chosen, encoding) << name;
    }
  }
}

TEST(LegacyEncodingStream, SequencesSplitAcrossBlocksAreJoined) {
  for (size_t block = 1; block <= 4; ++block) {
    // VNI base letter and mark byte in different blocks.
    EXPECT_EQ(ReadThrough("Vie\xE4t Nam, \xF4\xF9t, O\xC1", TextEncoding::kVni, block),
              "Việt Nam, ớt, Ố")
        << block;
    // TCVN3 letter and combining tone mark: NFC composes across blocks.
    EXPECT_EQ(ReadThrough("A\xB3nh \xA2\xB4p U\xB1Y", TextEncoding::kTcvn3, block), "Ánh Ập ỦY")
        << block;
  }
}

TEST(LegacyEncodingStream, DecoderGivesTheSameTextInAnyParts) {
  std::string bytes = Fixture("commune_report.tcvn3.csv");
  std::string whole = Decode(bytes, TextEncoding::kTcvn3);
  for (size_t part = 1; part <= 9; ++part) {
    LegacyDecoder decoder(TextEncoding::kTcvn3);
    std::string out;
    for (size_t at = 0; at < bytes.size(); at += part) {
      decoder.Decode(std::string_view(bytes).substr(at, part), false, out);
    }
    decoder.Decode("", true, out);
    EXPECT_EQ(out, whole) << part;
  }
}

TEST(LegacyEncodingStream, LongRunsOfMarksAreReleasedInBoundedPieces) {
  // 200 000 combining acute accents after one letter: far beyond the carry.
  std::string bytes = "a" + std::string(200000, '\xB3');
  std::string whole = Decode(bytes, TextEncoding::kTcvn3);
  EXPECT_EQ(whole.size(), 2 + 2 * 199999u);
  EXPECT_EQ(whole.substr(0, 2), "á");
  EXPECT_TRUE(IsNfc(whole));
  for (size_t block : {size_t{1}, size_t{4096}, DecodingStreamBuf::kBlockBytes}) {
    EXPECT_EQ(ReadThrough(bytes, TextEncoding::kTcvn3, block), whole) << block;
  }
}

TEST(LegacyEncodingStream, LinesLongerThanTheCarryGiveTheSameTextInAnyBlocks) {
  // One line of ~200 000 characters: capital-font words, small words and
  // ambiguous ones, cut where the content says, whatever the block size.
  std::string tcvn3;
  std::string vni;
  for (int i = 0; tcvn3.size() < 200000; ++i) {
    tcvn3 += i % 3 == 0 ? "C\xE9NG HO\xB5 X\xB7 " : i % 3 == 1 ? "H\xB5 N\xE9i " : "\xEB ";
    vni += i % 2 == 0 ? "Vie\xE4t Nam " : "\xF4\xF9t ";
  }
  const std::pair<const std::string*, TextEncoding> kInputs[] = {{&tcvn3, TextEncoding::kTcvn3},
                                                                 {&vni, TextEncoding::kVni}};
  for (const auto& [bytes, encoding] : kInputs) {
    std::string whole = Decode(*bytes, encoding);
    EXPECT_TRUE(IsNfc(whole));
    for (size_t block : {size_t{1}, size_t{7}, size_t{4096}, DecodingStreamBuf::kBlockBytes}) {
      EXPECT_EQ(ReadThrough(*bytes, encoding, block), whole)
          << TextEncodingName(encoding) << " " << block;
    }
  }
  EXPECT_THAT(Decode(tcvn3, TextEncoding::kTcvn3),
              ::testing::StartsWith(
                  "CỘNG HOÀ XÃ HÀ Nội Ở CỘNG HOÀ XÃ"));  // nearest evidence: a capital word
}

TEST(LegacyEncodingStream, Utf8PassesThroughByteForByte) {
  // Invalid and non-NFC bytes alike: the CSV reader checks UTF-8 itself.
  std::string bytes = "\xEF\xBB\xBFHo\xCC\x80\x61 \xE3\xCC x\r\n";
  for (size_t block = 1; block <= 4; ++block) {
    EXPECT_EQ(ReadThrough(bytes, TextEncoding::kUtf8, block), bytes);
  }
  EXPECT_EQ(Decode(bytes, TextEncoding::kUtf8), bytes);
}

TEST(LegacyEncodingStream, AutoDetectsFromTheFirstBlockAndKeepsIt) {
  std::istringstream source("Ha\xF8 No\xE4i");
  DecodingIstream in(source, TextEncoding::kAuto, 2);
  EXPECT_EQ(in.buffer().encoding(), TextEncoding::kAuto);
  std::string word;
  in >> word;
  EXPECT_EQ(word, "Hà");
  EXPECT_EQ(in.buffer().encoding(), TextEncoding::kVni);
  in >> word;
  EXPECT_EQ(word, "Nội");
}

TEST(LegacyEncodingStream, Utf8BomIsPassedThroughInEveryEncoding) {
  for (size_t block = 1; block <= 3; ++block) {
    EXPECT_EQ(ReadThrough("\xEF\xBB\xBFH\xB5", TextEncoding::kTcvn3, block), "\xEF\xBB\xBFHà");
    EXPECT_EQ(ReadThrough("\xEF\xBB\xBFHa\xF8", TextEncoding::kVni, block), "\xEF\xBB\xBFHà");
    // Not a BOM: the bytes are TCVN3 letters.
    EXPECT_EQ(ReadThrough("\xEF\xBBx", TextEncoding::kTcvn3, block), "ùằx");
    EXPECT_EQ(ReadThrough("\xEF", TextEncoding::kTcvn3, block), "ù");
  }
}

// Reads with istream::read, which turns an exception from the buffer into
// badbit (istreambuf_iterator would let it through).
std::string ReadAll(std::istream& in) {
  std::string all;
  char buf[3];
  while (in.read(buf, sizeof buf) || in.gcount() > 0)
    all.append(buf, static_cast<size_t>(in.gcount()));
  return all;
}

// A source that gives `good` bytes, then fails.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(std::string good) : good_(std::move(good)) {
    setg(good_.data(), good_.data(), good_.data() + good_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("disk gone"); }

 private:
  std::string good_;
};

TEST(LegacyEncodingStream, SourceFailureBecomesBadbitAndIoError) {
  for (TextEncoding e : {TextEncoding::kTcvn3, TextEncoding::kVni, TextEncoding::kUtf8}) {
    FailingBuf failing("ma;gi\xE1 tr\xDE\r\n");
    std::istream source(&failing);
    DecodingIstream in(source, e, 4);
    std::string all = ReadAll(in);
    EXPECT_TRUE(in.bad()) << TextEncodingName(e);
    EXPECT_EQ(all.substr(0, 3), "ma;");
    Status status = in.buffer().status("f.csv");
    EXPECT_EQ(status.code(), ErrorCode::kIoError);
    EXPECT_EQ(status.where().file, "f.csv");
  }
  FailingBuf failing("ma;gia\r\n");
  std::istream source(&failing);
  DecodingIstream in(source, TextEncoding::kTcvn3, 3);
  Result<CsvReader> reader = CsvReader::Open(in, "f.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), ErrorCode::kIoError);
}

TEST(LegacyEncodingStream, FailedSourceIsAnIoErrorFromTheStart) {
  std::ifstream missing("/nonexistent/gemis/legacy.csv", std::ios::binary);
  DecodingIstream in(missing, TextEncoding::kAuto);
  EXPECT_EQ(in.get(), std::char_traits<char>::eof());
  EXPECT_TRUE(in.bad());
  EXPECT_EQ(in.buffer().status().code(), ErrorCode::kIoError);
}

// ---------------------------------------------------------------------------
// Bytes that are not text.

TEST(LegacyEncodingInvalid, VniStrayMarkByteIsReplacedCountedAndLocated) {
  DecodeReport report;
  std::string out =
      DecodeText("ma;ten\r\nVN01;Nguy\xEA\xF9n\nVN02;N\xF9 \xF9\xF0", TextEncoding::kVni, &report);
  // "y" + 0xEA is not a letter (a breve only goes on a), nor is "n" + 0xF9.
  EXPECT_EQ(out, "ma;ten\r\nVN01;Nguy\uFFFD\uFFFDn\nVN02;N\uFFFD \uFFFD\uFFFD");
  EXPECT_EQ(report.replaced, 5);
  EXPECT_EQ(report.first_offset, 17);
  EXPECT_EQ(report.first_line, 2);
  EXPECT_EQ(report.first_column, 10);
  EXPECT_EQ(report.first_byte, 0xEA);
  Status status = report.ToStatus(TextEncoding::kVni, "x.csv");
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().file, "x.csv");
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, 10);
  EXPECT_EQ(status.message(),
            "5 bytes are not valid VNI text and were read as U+FFFD; the first is byte 0xEA");
}

TEST(LegacyEncodingInvalid, Tcvn3BytesUndefinedInWindows1252AreReplaced) {
  DecodeReport report;
  EXPECT_EQ(DecodeText("a\x81\x8D\x8F\x90\x9D", TextEncoding::kTcvn3, &report),
            "a\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(report.replaced, 5);
  EXPECT_EQ(report.first_column, 2);
  EXPECT_EQ(report.ToStatus(TextEncoding::kTcvn3, "").message(),
            "5 bytes are not valid TCVN3 text and were read as U+FFFD; the first is byte 0x81");
}

TEST(LegacyEncodingInvalid, LocationsCountCrLfOnceLoneCrAndNotTheBom) {
  DecodeReport report;
  DecodeText(
      "\xEF\xBB\xBF"
      "a\r\nb\rc\n\nxy\x81",
      TextEncoding::kTcvn3, &report);
  EXPECT_EQ(report.first_line, 5);
  EXPECT_EQ(report.first_column, 3);
  DecodeText("\xEF\xBB\xBF\x81", TextEncoding::kTcvn3, &report);
  EXPECT_EQ(report.first_line, 1);
  EXPECT_EQ(report.first_column, 1);
  EXPECT_EQ(report.first_offset, 3);
}

TEST(LegacyEncodingInvalid, StreamReportsReplacementsAfterReading) {
  std::istringstream source("x;y\nN\xF9;2\n");
  DecodingIstream in(source, TextEncoding::kVni, 2);
  std::string all{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(all, "x;y\nN\uFFFD;2\n");
  EXPECT_FALSE(in.bad());
  Status status = in.buffer().status("v.csv");
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, 2);
}

TEST(LegacyEncodingInvalid, RandomBytesNeverBreakTheDecoders) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  const std::string kInteresting = "aeiouyAEIOUY \r\n;,\"\xF4\xF6\xD4\xD6\xB0\xB3\xB4\xEF\xBB\xBF";
  for (int round = 0; round < 300; ++round) {
    std::string bytes(random() % 600, '\0');
    for (char& c : bytes) {
      c = random() % 2 ? kInteresting[random() % kInteresting.size()]
                       : static_cast<char>(random() % 256);
    }
    for (TextEncoding e : {TextEncoding::kTcvn3, TextEncoding::kVni}) {
      DecodeReport report;
      std::string whole = DecodeText(bytes, e, &report);
      ASSERT_TRUE(IsValidUtf8(whole));
      ASSERT_TRUE(IsNfc(whole));
      int64_t replacements = 0;
      for (size_t at = whole.find("\uFFFD"); at != std::string::npos;
           at = whole.find("\uFFFD", at + 1)) {
        ++replacements;
      }
      EXPECT_EQ(replacements, report.replaced);
      size_t block = 1 + random() % 9;
      ASSERT_EQ(ReadThrough(bytes, e, block), whole) << TextEncodingName(e) << " " << block;
    }
    TextEncoding detected = DetectTextEncoding(bytes);
    EXPECT_NE(detected, TextEncoding::kAuto);
  }
}

// ---------------------------------------------------------------------------
// TCVN3's capital fonts (docs/formats/legacy-encodings.md, "Capital fonts").

TEST(LegacyEncodingCapitals, WordsTypedInACapitalFontBecomeCapitals) {
  EXPECT_EQ(Decode("C\xE9NG HO\xB5 X\xB7 H\xE9I CH\xF1 NGH\xDC"
                   "A VI\xD6T NAM",
                   TextEncoding::kTcvn3),
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_EQ(Decode("\xA7\xE9\x43 L\xCBP - T\xF9 DO - H\xB9NH PH\xF3\x43", TextEncoding::kTcvn3),
            "ĐỘC LẬP - TỰ DO - HẠNH PHÚC");
  EXPECT_EQ(Decode("NH\xB5 \xEB X\xB7 H\xE9I", TextEncoding::kTcvn3), "NHÀ Ở XÃ HỘI");
  // A run of ambiguous words settled from one side only.
  EXPECT_EQ(Decode("\xEB X\xB7 H\xE9I", TextEncoding::kTcvn3), "Ở XÃ HỘI");
  EXPECT_EQ(Decode("H\xE9I \xEB X\xB7", TextEncoding::kTcvn3), "HỘI Ở XÃ");
}

TEST(LegacyEncodingCapitals, CapitalisedWordsStayAsTheyAre) {
  EXPECT_EQ(Decode("H\xB5 N\xE9i", TextEncoding::kTcvn3), "Hà Nội");
  EXPECT_EQ(Decode("L\xAA Th\xDE Hoa", TextEncoding::kTcvn3), "Lê Thị Hoa");
  EXPECT_EQ(Decode("nh\xB5 \xEB x\xB7 h\xE9i", TextEncoding::kTcvn3), "nhà ở xã hội");
}

TEST(LegacyEncodingCapitals, AmbiguousWordsFollowTheNearestEvidenceInTheirPhrase) {
  // "UBND" and "TÂN" (Â has its own capital byte) say nothing either way.
  EXPECT_EQ(Decode("UBND X\xB7 T\xA9n L\xCBp", TextEncoding::kTcvn3), "UBND Xã Tân Lập");
  EXPECT_EQ(Decode("UBND X\xB7 T\xA2N L\xCBP", TextEncoding::kTcvn3), "UBND XÃ TÂN LẬP");
  // Phrases end at line ends and at CSV delimiters.
  EXPECT_EQ(Decode("H\xE9I;T\xE6 truy\xD2n", TextEncoding::kTcvn3), "HỘI;Tổ truyền");
  EXPECT_EQ(Decode("C\xE9NG\r\nT\xE6", TextEncoding::kTcvn3), "CỘNG\r\nTổ");
}

// ---------------------------------------------------------------------------
// Encoding errors.

TEST(LegacyEncodingEncode, RejectsWhatTheEncodingCannotWrite) {
  Result<std::string> encoded = EncodeText("Hà Nội 漢", TextEncoding::kTcvn3);
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(encoded.status().where().column, 11);
  EXPECT_EQ(encoded.status().message(), "'漢' (U+6F22) cannot be written in TCVN3");
  EXPECT_FALSE(EncodeText("a\xCC\x81\xCC\x81", TextEncoding::kVni).ok());  // two accents
  EXPECT_FALSE(EncodeText("\x01", TextEncoding::kTcvn3).ok());             // would read back as Ú
  EXPECT_EQ(EncodeText("bad \xE3\xCC", TextEncoding::kVni).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(EncodeText("x", TextEncoding::kUtf8).status().code(), ErrorCode::kUsage);
  EXPECT_EQ(EncodeText("x", TextEncoding::kAuto).status().code(), ErrorCode::kUsage);
}

TEST(LegacyEncodingEncode, DecomposedInputIsNormalisedFirst) {
  EXPECT_EQ(EncodeText("Vie\xCC\xA3\xCC\x82t", TextEncoding::kVni).value(), "Vie\xE4t");
  EXPECT_EQ(EncodeText("Vie\xCC\xA3\xCC\x82t", TextEncoding::kTcvn3).value(), "Vi\xD6t");
}

}  // namespace
}  // namespace gemis::exchange
