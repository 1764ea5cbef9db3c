#include "exchange/legacy_encoding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cassert>
#include <climits>
#include <cstdio>
#include <unordered_map>
#include <utility>

#include "core/text.h"
#include "core/unicode_forms.h"

namespace gemis::exchange {

namespace {

// ---------------------------------------------------------------------------
// Tables. The decoding tables are data written for gemis; each notes where it
// was checked (docs/formats/legacy-encodings.md has the full story).

constexpr char16_t kBad = 0xFFFF;  // a byte that is not text (never a mapping)
constexpr char16_t kReplacement = 0xFFFD;
constexpr char16_t kBom = 0xFEFF;

// Windows-1252 at 0x80-0x9F, which both the ABC (TCVN3) and the VNI fonts
// keep for punctuation (UniKey's TCVN3 and VNI-WIN tables map these "western
// symbols"; checked against Python's cp1252 codec). 0xA0-0xBF is Latin-1.
constexpr char16_t kWindows1252C1[32] = {
    0x20AC, kBad,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, kBad,   0x017D, kBad,    // 88-8F
    kBad,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, kBad,   0x017E, 0x0178,  // 98-9F
};

// TCVN 5712:1993 at 0xA0-0xFF: VN3's 67 small letters and Ă Â Ê Ô Ơ Ư Đ,
// with VN1/VN2's capitals in the positions VN3 leaves free and the five
// combining tone marks at 0xB0-0xB4. Checked byte by byte against glibc's
// TCVN5712-1 charmap (iconv -f TCVN5712-1) and libiconv's tcvn.h; the small
// letters also against UniKey's TCVN3 table and the "Bảng đối chiếu encoding"
// comparison table (scribd.com/document/23311958).
constexpr char16_t kTcvn3High[96] = {
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,  // A0 nbsp Ă Â Ê Ô Ơ Ư Đ
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,  // A8 ă â ê ô ơ ư đ Ằ
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,  // B0 ̀ ̉ ̃ ́ ̣ à ả ã
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,  // B8 á ạ Ẳ ằ ẳ ẵ ắ Ẵ
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,  // C0 Ắ Ầ Ẩ Ẫ Ấ Ề ặ ầ
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,  // C8 ẩ ẫ ấ ậ è Ể ẻ ẽ
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,  // D0 é ẹ ề ể ễ ế ệ ì
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,  // D8 ỉ Ễ Ế Ồ ĩ í ị ò
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,  // E0 Ổ ỏ õ ó ọ ồ ổ ỗ
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,  // E8 ố ộ ờ ở ỡ ớ ợ ù
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,  // F0 Ỗ ủ ũ ú ụ ừ ử ữ
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,  // F8 ứ ự ỳ ỷ ỹ ý ỵ Ố
};

// TCVN 5712:1993 VN1 puts twelve capitals on C0 control codes, which never
// occur in text files; they are read as those letters (glibc's TCVN5712-1).
constexpr char16_t kTcvn3C0[24] = {
    0x0000, 0x00DA, 0x1EE4, 0x0003, 0x1EEA, 0x1EEC, 0x1EEE, 0x0007,  // 00 . Ú Ụ . Ừ Ử Ữ .
    0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,  // 08 controls
    0x0010, 0x1EE8, 0x1EF0, 0x1EF2, 0x1EF6, 0x1EF8, 0x00DD, 0x1EF4,  // 10 . Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ
};

char16_t Tcvn3Char(unsigned char byte) {
  if (byte < 0x18) return kTcvn3C0[byte];
  if (byte < 0x80) return byte;
  if (byte < 0xA0) return kWindows1252C1[byte - 0x80];
  return kTcvn3High[byte - 0xA0];
}

// VNI-Windows at 0xC0-0xFF: single-byte letters, and mark bytes that follow
// a base letter (a + 0xF9 = á, a + 0xE2 = â, a + 0xE1 = ấ, ô = ơ, ô + 0xF9 =
// ớ). 0xC0-0xDF are the capital forms of 0xE0-0xFF, so one row describes
// both. Checked against UniKey's VNI-WIN table (vnconv data.cpp, as in
// fcitx5-unikey), the vietnamese-conversion npm package's charsets.ts and the
// scribd comparison table above.
enum class VniKind : uint8_t { kNotText, kLetter, kMark };
constexpr char16_t kGrave = 0x0300, kAcute = 0x0301, kTilde = 0x0303, kHook = 0x0309,
                   kDotBelow = 0x0323, kCircumflex = 0x0302, kBreve = 0x0306;
struct VniCode {
  VniKind kind;
  char16_t small;       // kLetter: the letter read from 0xE0 + i
  char16_t capital;     // kLetter: the letter read from 0xC0 + i
  char16_t vowel_mark;  // kMark: circumflex, breve or 0
  char16_t tone;        // kMark: tone mark or 0
};
constexpr VniCode LetterCode(char16_t small, char16_t capital) {
  return {VniKind::kLetter, small, capital, 0, 0};
}
constexpr VniCode MarkCode(char16_t vowel_mark, char16_t tone) {
  return {VniKind::kMark, 0, 0, vowel_mark, tone};
}
constexpr VniCode kBadCode = {VniKind::kNotText, 0, 0, 0, 0};
constexpr VniCode kVniHigh[32] = {
    MarkCode(kCircumflex, kGrave),     // E0 à / C0 À   ầ
    MarkCode(kCircumflex, kAcute),     // E1 á / C1 Á   ấ
    MarkCode(kCircumflex, 0),          // E2 â / C2 Â   â
    MarkCode(kCircumflex, kTilde),     // E3 ã / C3 Ã   ẫ
    MarkCode(kCircumflex, kDotBelow),  // E4 ä / C4 Ä   ậ
    MarkCode(kCircumflex, kHook),      // E5 å / C5 Å   ẩ
    LetterCode(0x1EC9, 0x1EC8),        // E6 æ / C6 Æ   ỉ Ỉ
    kBadCode,                          // E7 ç / C7 Ç
    MarkCode(kBreve, kGrave),          // E8 è / C8 È   ằ
    MarkCode(kBreve, kAcute),          // E9 é / C9 É   ắ
    MarkCode(kBreve, 0),               // EA ê / CA Ê   ă
    MarkCode(kBreve, kDotBelow),       // EB ë / CB Ë   ặ
    LetterCode(0x00EC, 0x00CC),        // EC ì / CC Ì   ì Ì
    LetterCode(0x00ED, 0x00CD),        // ED í / CD Í   í Í
    LetterCode(0x1EF5, 0x1EF4),        // EE î / CE Î   ỵ Ỵ
    MarkCode(0, kDotBelow),            // EF ï / CF Ï   ạ
    kBadCode,                          // F0 ð / D0 Ð
    LetterCode(0x0111, 0x0110),        // F1 ñ / D1 Ñ   đ Đ
    LetterCode(0x1ECB, 0x1ECA),        // F2 ò / D2 Ò   ị Ị
    LetterCode(0x0129, 0x0128),        // F3 ó / D3 Ó   ĩ Ĩ
    LetterCode(0x01A1, 0x01A0),        // F4 ô / D4 Ô   ơ Ơ (also a base)
    MarkCode(0, kTilde),               // F5 õ / D5 Õ   ã
    LetterCode(0x01B0, 0x01AF),        // F6 ö / D6 Ö   ư Ư (also a base)
    kBadCode,                          // F7 ÷ / D7 ×
    MarkCode(0, kGrave),               // F8 ø / D8 Ø   à
    MarkCode(0, kAcute),               // F9 ù / D9 Ù   á
    MarkCode(kBreve, kHook),           // FA ú / DA Ú   ẳ
    MarkCode(0, kHook),                // FB û / DB Û   ả
    MarkCode(kBreve, kTilde),          // FC ü / DC Ü   ẵ
    kBadCode,                          // FD ý / DD Ý
    kBadCode,                          // FE þ / DE Þ
    kBadCode,                          // FF ÿ / DF ß
};

// The VNI base letters (a byte that a mark byte may follow) as slots of the
// composition table: a e i o u y, A E I O U Y, ơ ư, Ơ Ư.
constexpr char16_t kVniBases[16] = {u'a', u'e', u'i', u'o', u'u',   u'y',   u'A',   u'E',
                                    u'I', u'O', u'U', u'Y', 0x01A1, 0x01B0, 0x01A0, 0x01AF};

int VniBaseSlot(unsigned char byte) {
  switch (byte) {
    case 'a': return 0;
    case 'e': return 1;
    case 'i': return 2;
    case 'o': return 3;
    case 'u': return 4;
    case 'y': return 5;
    case 'A': return 6;
    case 'E': return 7;
    case 'I': return 8;
    case 'O': return 9;
    case 'U': return 10;
    case 'Y': return 11;
    case 0xF4: return 12;
    case 0xF6: return 13;
    case 0xD4: return 14;
    case 0xD6: return 15;
    default: return -1;
  }
}

bool VniBaseIsCapital(int slot) { return (slot >= 6 && slot < 12) || slot >= 14; }

// ---------------------------------------------------------------------------
// ICU helpers (the normalizers: core/unicode_forms.h).

const icu::Normalizer2& Nfc() { return NfcForm(); }
const icu::Normalizer2& Nfd() { return NfdForm(); }

icu::UnicodeString Normalized(const icu::Normalizer2& form, const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = form.normalize(text, status);
  assert(U_SUCCESS(status));
  return out;
}

// The single code point NFC makes of `text`, or 0.
char16_t ComposeOne(const icu::UnicodeString& text) {
  icu::UnicodeString composed = Normalized(Nfc(), text);
  return composed.length() == 1 ? composed.charAt(0) : 0;
}

// What base slot + VNI mark byte (its row in kVniHigh) compose to, or 0:
// circumflex on a e o, breve on a, a tone alone on any base (the i-tones and
// ỵ have bytes of their own, but "i" + tone byte is read leniently too).
struct VniCompositions {
  char16_t letter[16][32] = {};
};

const VniCompositions& VniComposed() {
  static const VniCompositions table = [] {
    VniCompositions t;
    for (int slot = 0; slot < 16; ++slot) {
      int vowel = slot < 12 ? slot % 6 : -1;  // a e i o u y, or -1 for ơ ư
      for (int row = 0; row < 32; ++row) {
        const VniCode& code = kVniHigh[row];
        if (code.kind != VniKind::kMark) continue;
        if (code.vowel_mark == kCircumflex && vowel != 0 && vowel != 1 && vowel != 3) continue;
        if (code.vowel_mark == kBreve && vowel != 0) continue;
        icu::UnicodeString text(static_cast<UChar>(kVniBases[slot]));
        if (code.vowel_mark != 0) text.append(static_cast<UChar>(code.vowel_mark));
        if (code.tone != 0) text.append(static_cast<UChar>(code.tone));
        t.letter[slot][row] = ComposeOne(text);
      }
    }
    return t;
  }();
  return table;
}

std::string HexByte(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

const char* DisplayName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kTcvn3: return "TCVN3";
    case TextEncoding::kVni: return "VNI";
    case TextEncoding::kAuto: break;
  }
  return "auto";
}

bool IsAsciiLetter(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }

// ---------------------------------------------------------------------------
// TCVN3 capital fonts. VN3 has no capitals with tone marks: offices typed
// capitals by switching to an all-capital font (.VnTimeH), which draws the
// small-letter bytes as capitals, so "CỘNG HOÀ" is stored as the bytes of
// "CộNG HOà". Such words are recognised and put in capitals (the rule is in
// the spec, "Capital fonts"): a word with a small non-ASCII letter, no small
// ASCII letter and at least two capitals is in capitals; one with a small
// non-ASCII letter, no small ASCII letter and at most one capital ("Hà" or
// "HÀ"?) follows the nearest such evidence in its phrase (phrases end at
// line ends, ',', ';', TAB and '"').

enum class WordCase : uint8_t { kNeutral, kSmall, kCapital, kAmbiguous };

bool IsWordChar(char16_t c) {
  if (c < 0x80) return IsAsciiLetter(c);
  if (c == kReplacement) return false;
  return u_isalpha(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK;
}

bool EndsPhrase(char16_t c) {
  return c == u'\n' || c == u'\r' || c == u',' || c == u';' || c == u'\t' || c == u'"';
}

WordCase ClassifyWord(const char16_t* text, size_t begin, size_t end) {
  int capitals = 0;
  int small_ascii = 0;
  int small_other = 0;
  for (size_t i = begin; i < end; ++i) {
    char16_t c = text[i];
    if (c >= u'a' && c <= u'z') {
      ++small_ascii;
    } else if (u_isupper(c)) {
      ++capitals;
    } else if (u_islower(c)) {
      ++small_other;
    }
  }
  if (small_ascii > 0) return WordCase::kSmall;
  if (small_other == 0) return WordCase::kNeutral;
  return capitals >= 2 ? WordCase::kCapital : WordCase::kAmbiguous;
}

// Every small letter of text[begin, end) in capitals. Callers pass spans of
// capital, ambiguous and neutral words only (and what separates them, which
// has no case), so no small ASCII letter is touched.
void Capitalize(char16_t* text, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    UChar32 upper = u_toupper(text[i]);
    if (upper <= 0xFFFF) text[i] = static_cast<char16_t>(upper);
  }
}

// Applies the capital-font rule to text[0, n) in one pass and constant
// memory: ambiguous words between two evidence words share their nearest
// evidence on both sides, so a run of them is settled at once when the next
// evidence word or the end of the phrase is reached.
void RestoreCapitals(char16_t* text, size_t n) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  WordCase left = WordCase::kNeutral;  // nearest evidence on the left, this phrase
  size_t run = kNone;                  // start of the unsettled ambiguous words
  auto settle = [&](size_t end, WordCase right) {
    if (run != kNone && (left == WordCase::kCapital || right == WordCase::kCapital)) {
      Capitalize(text, run, end);
    }
    run = kNone;
  };
  for (size_t i = 0; i < n;) {
    if (!IsWordChar(text[i])) {
      if (EndsPhrase(text[i])) {
        settle(i, WordCase::kNeutral);
        left = WordCase::kNeutral;
      }
      ++i;
      continue;
    }
    size_t begin = i;
    while (i < n && IsWordChar(text[i])) ++i;
    WordCase kind = ClassifyWord(text, begin, i);
    if (kind == WordCase::kAmbiguous) {
      if (run == kNone) run = begin;
    } else if (kind != WordCase::kNeutral) {
      settle(begin, kind);
      if (kind == WordCase::kCapital) Capitalize(text, begin, i);
      left = kind;
    }
  }
  settle(n, WordCase::kNeutral);
}

}  // namespace

// ---------------------------------------------------------------------------
// Names.

Result<TextEncoding> ParseTextEncoding(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "utf-8" || lower == "utf8") return TextEncoding::kUtf8;
  if (lower == "tcvn3" || lower == "abc") return TextEncoding::kTcvn3;
  if (lower == "vni") return TextEncoding::kVni;
  if (lower == "auto") return TextEncoding::kAuto;
  return Status::Usage("unknown text encoding '" + std::string(name) +
                       "': expected utf-8 (or utf8), tcvn3 (or abc), vni or auto");
}

const char* TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: return "utf-8";
    case TextEncoding::kTcvn3: return "tcvn3";
    case TextEncoding::kVni: return "vni";
    case TextEncoding::kAuto: break;
  }
  return "auto";
}

Status DecodeReport::ToStatus(TextEncoding encoding, std::string file) const {
  if (replaced == 0) return Status::Ok();
  bool one = replaced == 1;
  std::string message = std::to_string(replaced) + (one ? " byte is" : " bytes are") +
                        " not valid " + DisplayName(encoding) + " text and " +
                        (one ? "was" : "were") + " read as U+FFFD; the first is byte " +
                        HexByte(first_byte);
  return Status::Invalid(std::move(message),
                         Location{std::move(file), first_line, first_column, ""});
}

// ---------------------------------------------------------------------------
// LegacyDecoder.

struct LegacyDecoder::State {
  explicit State(TextEncoding e) : encoding(e) {}

  TextEncoding encoding;
  DecodeReport report;
  bool ended = false;
  // Decoded characters not yet released: every one is a BMP code point.
  std::u16string pending;
  // pending[0, scanned) has been searched for free cuts (see NextCut); the
  // last one found is before pending[last_free] (0: none).
  size_t scanned = 0;
  size_t last_free = 0;
  // VNI: the slot of a base letter waiting for a possible mark byte, or -1.
  int held_base = -1;
  // The first bytes while they may still be a UTF-8 BOM.
  bool at_start = true;
  std::string head;
  // Source position of the next block's first byte. Lines are counted only
  // until the first replacement is located: nothing else needs them.
  int64_t offset = 0;
  int line = 1;
  int64_t line_start = 0;
  bool after_cr = false;

  void Feed(std::string_view bytes);
  void DecodeBlock(std::string_view bytes);
  char16_t* DecodeVni(unsigned char byte, char16_t* out, std::string_view block, size_t at);
  char16_t* ReleaseHeld(char16_t* out);
  void Replace(std::string_view block, size_t at);
  void CountLines(std::string_view bytes);
  bool IsFreeCut(size_t i) const;
  size_t ForcedCut() const;
  size_t NextCut();
  void Release(size_t cut, std::string& out);
  void ReleaseReady(std::string& out);
};

// Takes the start of the input apart from a possible BOM, then decodes.
void LegacyDecoder::State::Feed(std::string_view bytes) {
  static constexpr std::string_view kBomBytes = "\xEF\xBB\xBF";
  while (at_start && !bytes.empty()) {
    head.push_back(bytes.front());
    bytes.remove_prefix(1);
    if (head.size() < 3 && kBomBytes.substr(0, head.size()) == head) continue;
    at_start = false;
    if (head == kBomBytes) {
      pending.push_back(kBom);
      offset = 3;
      line_start = 3;  // columns do not count the BOM, as in the CSV reader
    } else {
      DecodeBlock(head);
    }
    head.clear();
  }
  if (!bytes.empty()) DecodeBlock(bytes);
}

void LegacyDecoder::State::DecodeBlock(std::string_view bytes) {
  size_t old = pending.size();
  pending.resize(old + bytes.size() + 1);  // a byte gives at most one unit, plus a held base
  char16_t* out = pending.data() + old;
  if (encoding == TextEncoding::kTcvn3) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      char16_t c = Tcvn3Char(static_cast<unsigned char>(bytes[i]));
      if (c == kBad) {
        Replace(bytes, i);
        c = kReplacement;
      }
      *out++ = c;
    }
  } else {
    for (size_t i = 0; i < bytes.size(); ++i) {
      out = DecodeVni(static_cast<unsigned char>(bytes[i]), out, bytes, i);
    }
  }
  pending.resize(static_cast<size_t>(out - pending.data()));
  CountLines(bytes);
}

// Decodes block[at] == byte, writing what it completes to `out`.
char16_t* LegacyDecoder::State::DecodeVni(unsigned char byte, char16_t* out, std::string_view block,
                                          size_t at) {
  if (byte < 0x80 && VniBaseSlot(byte) < 0) {
    out = ReleaseHeld(out);
    *out++ = byte;
    return out;
  }
  int row = byte & 0x1F;
  if (byte >= 0xC0 && kVniHigh[row].kind == VniKind::kMark) {
    char16_t letter = held_base >= 0 ? VniComposed().letter[held_base][row] : 0;
    if (letter != 0) {
      held_base = -1;
      *out++ = letter;
      return out;
    }
  }
  out = ReleaseHeld(out);
  if (VniBaseSlot(byte) >= 0) {
    held_base = VniBaseSlot(byte);
    return out;
  }
  char16_t c = byte;  // Latin-1 at 0xA0-0xBF
  if (byte >= 0xC0) {
    const VniCode& code = kVniHigh[row];
    c = code.kind != VniKind::kLetter ? kBad : byte >= 0xE0 ? code.small : code.capital;
  } else if (byte >= 0x80 && byte < 0xA0) {
    c = kWindows1252C1[byte - 0x80];
  }
  if (c == kBad) {
    Replace(block, at);  // not text, or a mark byte after something it cannot mark
    c = kReplacement;
  }
  *out++ = c;
  return out;
}

char16_t* LegacyDecoder::State::ReleaseHeld(char16_t* out) {
  if (held_base >= 0) *out++ = kVniBases[held_base];
  held_base = -1;
  return out;
}

// Counts block[at] as replaced; the first one is located by counting the
// lines of the block up to it from the block's start.
void LegacyDecoder::State::Replace(std::string_view block, size_t at) {
  if (report.replaced++ > 0) return;
  int64_t block_offset = offset;
  CountLines(block.substr(0, at));
  report.first_offset = offset;
  report.first_line = line;
  int64_t column = offset - line_start + 1;
  report.first_column = column > INT_MAX ? INT_MAX : static_cast<int>(column);
  report.first_byte = static_cast<unsigned char>(block[at]);
  offset = block_offset;  // CountLines(block) at the end of the block moves on from here
}

// Moves the position past `bytes`: CRLF, LF and a lone CR end a line.
void LegacyDecoder::State::CountLines(std::string_view bytes) {
  int64_t start = offset;
  offset += static_cast<int64_t>(bytes.size());
  if (report.replaced > 0 && report.first_line > 0) return;  // already located
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c != '\r' && c != '\n') {
      after_cr = false;
      continue;
    }
    if ((c == '\r' || !after_cr) && line < INT_MAX) ++line;  // saturates past 2^31 lines
    line_start = start + static_cast<int64_t>(i) + 1;
    after_cr = c == '\r';
  }
}

bool HasNfcBoundaryBefore(char16_t c) {
  return c < 0x0300 || Nfc().hasBoundaryBefore(c);  // below U+0300 all are NFC starters
}

// Whether pending may be cut before pending[i] without changing the output:
// TCVN3 after a line end (the capital-font rule looks along lines; CR and LF
// never compose, so this is an NFC boundary too), VNI at an NFC boundary.
bool LegacyDecoder::State::IsFreeCut(size_t i) const {
  if (i == 0) return false;
  if (encoding == TextEncoding::kTcvn3) return pending[i - 1] == u'\n' || pending[i - 1] == u'\r';
  return HasNfcBoundaryBefore(pending[i]);
}

// A cut inside pending[0, kMaxCarryUnits], a run without a free cut: the
// last white space with an NFC boundary before it, else the last NFC
// boundary, else the limit itself. It depends only on the run's content.
size_t LegacyDecoder::State::ForcedCut() const {
  if (encoding == TextEncoding::kTcvn3) {
    for (size_t i = kMaxCarryUnits - 1; i > 0; --i) {
      if (u_isUWhiteSpace(pending[i]) && HasNfcBoundaryBefore(pending[i])) return i;
    }
    for (size_t i = kMaxCarryUnits - 1; i > 0; --i) {
      if (HasNfcBoundaryBefore(pending[i])) return i;
    }
  }
  return kMaxCarryUnits;
}

// Where pending can be cut now, or 0. Cuts are chosen from the content
// alone, so the output is the same for any split of the input: a free cut
// never changes the output, and a run longer than kMaxCarryUnits without one
// is first released up to its start, then cut by ForcedCut from there.
size_t LegacyDecoder::State::NextCut() {
  for (size_t n = pending.size(); scanned < n; ++scanned) {
    if (IsFreeCut(scanned)) {
      last_free = scanned;
    } else if (scanned - last_free >= kMaxCarryUnits) {
      return last_free > 0 ? last_free : ForcedCut();
    }
  }
  return last_free;
}

void LegacyDecoder::State::Release(size_t cut, std::string& out) {
  if (cut == 0) return;
  if (encoding == TextEncoding::kTcvn3) RestoreCapitals(pending.data(), cut);
  icu::UnicodeString text(false, pending.data(), static_cast<int32_t>(cut));  // read-only alias
  Normalized(Nfc(), text).toUTF8String(out);
  pending.erase(0, cut);
  scanned = scanned > cut ? scanned - cut : 0;
  last_free = last_free > cut ? last_free - cut : 0;
}

void LegacyDecoder::State::ReleaseReady(std::string& out) {
  for (size_t cut = NextCut(); cut > 0; cut = NextCut()) Release(cut, out);
}

LegacyDecoder::LegacyDecoder(TextEncoding encoding) : state_(std::make_unique<State>(encoding)) {
  assert(encoding == TextEncoding::kTcvn3 || encoding == TextEncoding::kVni);
}
LegacyDecoder::LegacyDecoder(LegacyDecoder&&) noexcept = default;
LegacyDecoder& LegacyDecoder::operator=(LegacyDecoder&&) noexcept = default;
LegacyDecoder::~LegacyDecoder() = default;

void LegacyDecoder::Decode(std::string_view bytes, bool end, std::string& out) {
  State& s = *state_;
  if (s.ended) return;
  s.Feed(bytes);
  if (end) {
    s.ended = true;
    if (s.at_start) {  // an input shorter than a BOM
      s.at_start = false;
      s.DecodeBlock(s.head);
    }
    s.pending.resize(s.pending.size() + 1);
    char16_t* last = s.ReleaseHeld(s.pending.data() + s.pending.size() - 1);
    s.pending.resize(static_cast<size_t>(last - s.pending.data()));
    s.ReleaseReady(out);
    s.Release(s.pending.size(), out);  // at most kMaxCarryUnits without a free cut
    return;
  }
  s.ReleaseReady(out);
}

const DecodeReport& LegacyDecoder::report() const { return state_->report; }

// ---------------------------------------------------------------------------
// Detection.

namespace {

// True for the tone marks; `tone` receives which.
bool TakeTone(UChar32 c, UChar32& tone) {
  if (c == kGrave || c == kAcute || c == kTilde || c == kHook || c == kDotBelow) {
    tone = c;
    return true;
  }
  return false;
}

bool IsVowel(char16_t c) {
  return std::u16string_view(u"aăâeêioôơuưy").find(c) != std::u16string_view::npos;
}

// Vowel clusters of Vietnamese rhymes, with the final semivowels (i y o u)
// included, and those that need a final consonant.
constexpr std::u16string_view kNuclei[] = {
    u"a",   u"ă",   u"â",   u"e",   u"ê",   u"i",   u"o",   u"ô",   u"ơ",   u"u",   u"ư",
    u"y",   u"ai",  u"ao",  u"au",  u"ay",  u"âu",  u"ây",  u"eo",  u"êu",  u"ia",  u"iê",
    u"iu",  u"oa",  u"oă",  u"oe",  u"oi",  u"oo",  u"ôi",  u"ơi",  u"ua",  u"uâ",  u"uê",
    u"ui",  u"uô",  u"uơ",  u"uy",  u"ưa",  u"ưi",  u"ưu",  u"ươ",  u"yê",  u"iêu", u"yêu",
    u"oai", u"oay", u"oao", u"oeo", u"uây", u"uôi", u"uya", u"uyê", u"uyu", u"ươi", u"ươu"};
constexpr std::u16string_view kNeedFinal[] = {u"ă",  u"â",   u"iê", u"yê", u"uô",
                                              u"ươ", u"uyê", u"oă", u"uâ"};
constexpr std::u16string_view kOnsets[] = {
    u"ngh", u"ng", u"nh", u"ch", u"gh", u"gi", u"kh", u"ph", u"qu", u"th", u"tr", u"b", u"c", u"d",
    u"đ",   u"g",  u"h",  u"k",  u"l",  u"m",  u"n",  u"p",  u"r",  u"s",  u"t",  u"v", u"x"};
constexpr std::u16string_view kFinals[] = {u"", u"c", u"ch", u"m", u"n", u"ng", u"nh", u"p", u"t"};

template <size_t N>
bool OneOf(std::u16string_view s, const std::u16string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

// A syllable without its tone, in small letters: onset, vowel cluster, final.
bool IsToneless(std::u16string_view s, UChar32 tone) {
  std::u16string_view onset;
  for (std::u16string_view candidate : kOnsets) {
    if (s.substr(0, candidate.size()) == candidate) {
      onset = candidate;
      break;
    }
  }
  std::u16string_view rest = s.substr(onset.size());
  if (onset == u"gi" && (rest.empty() || !IsVowel(rest[0]))) rest = s.substr(1);  // gì, gìn
  size_t vowels = 0;
  while (vowels < rest.size() && IsVowel(rest[vowels])) ++vowels;
  std::u16string_view nucleus = rest.substr(0, vowels);
  std::u16string_view final_consonant = rest.substr(vowels);
  if (nucleus.empty() || !OneOf(nucleus, kNuclei) || !OneOf(final_consonant, kFinals)) {
    return false;
  }
  if (final_consonant.empty() && OneOf(nucleus, kNeedFinal)) return false;
  bool stop = final_consonant == u"c" || final_consonant == u"ch" || final_consonant == u"p" ||
              final_consonant == u"t";
  return !stop || tone == kAcute || tone == kDotBelow;  // bắc, bạc, never bàc
}

// True when `word` (NFC) is one well-formed Vietnamese syllable in small
// letters, capitalised or in capitals.
bool IsVietnameseSyllable(const icu::UnicodeString& word) {
  icu::UnicodeString small;
  int capitals = 0;
  bool first_capital = false;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    UChar32 c = word.char32At(i);
    if (u_isupper(c)) {
      ++capitals;
      if (i == 0) first_capital = true;
    } else if (!u_islower(c)) {
      return false;  // marks left over, symbols, U+FFFD
    }
    small.append(u_tolower(c));
  }
  int letters = word.countChar32();
  bool case_ok = capitals == 0 || capitals == letters || (capitals == 1 && first_capital);
  if (!case_ok) return false;
  icu::UnicodeString decomposed = Normalized(Nfd(), small);
  icu::UnicodeString toneless;
  UChar32 tone = 0;
  int tones = 0;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 c = decomposed.char32At(i);
    if (TakeTone(c, tone)) {
      ++tones;
    } else {
      toneless.append(c);
    }
  }
  if (tones > 1) return false;
  icu::UnicodeString base = Normalized(Nfc(), toneless);
  std::u16string_view view(reinterpret_cast<const char16_t*>(base.getBuffer()),
                           static_cast<size_t>(base.length()));
  return IsToneless(view, tone);
}

bool SeparatesWords(UChar32 c) {
  if (c < 0x80) return !IsAsciiLetter(static_cast<char16_t>(c));
  return u_isUWhiteSpace(c) || u_ispunct(c);
}

// +1 for each word with a non-ASCII character that is a Vietnamese syllable,
// -1 for each that is not.
int64_t ScoreAsVietnamese(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  int64_t score = 0;
  int32_t n = text.length();
  for (int32_t i = 0; i < n;) {
    if (SeparatesWords(text.char32At(i))) {
      i = text.moveIndex32(i, 1);
      continue;
    }
    int32_t begin = i;
    bool non_ascii = false;
    for (; i < n && !SeparatesWords(text.char32At(i)); i = text.moveIndex32(i, 1)) {
      non_ascii = non_ascii || text.charAt(i) >= 0x80;
    }
    if (non_ascii) score += IsVietnameseSyllable(text.tempSubStringBetween(begin, i)) ? 1 : -1;
  }
  return score;
}

// `sample` without a UTF-8 sequence cut off at its end.
std::string_view WithoutCutSequence(std::string_view sample) {
  size_t n = sample.size();
  for (size_t back = 1; back <= 4 && back <= n; ++back) {
    auto byte = static_cast<unsigned char>(sample[n - back]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte: look further back
    size_t needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    return needed > back ? sample.substr(0, n - back) : sample;
  }
  return sample;
}

}  // namespace

TextEncoding DetectTextEncoding(std::string_view sample) {
  sample = sample.substr(0, DecodingStreamBuf::kDetectBytes);
  if (sample.substr(0, 3) == "\xEF\xBB\xBF") return TextEncoding::kUtf8;
  // Only a full-size sample can have been cut from a longer input.
  bool cut = sample.size() == DecodingStreamBuf::kDetectBytes;
  if (IsValidUtf8(cut ? WithoutCutSequence(sample) : sample)) return TextEncoding::kUtf8;
  std::string as_tcvn3;
  LegacyDecoder(TextEncoding::kTcvn3).Decode(sample, true, as_tcvn3);
  std::string as_vni;
  LegacyDecoder(TextEncoding::kVni).Decode(sample, true, as_vni);
  return ScoreAsVietnamese(as_vni) > ScoreAsVietnamese(as_tcvn3) ? TextEncoding::kVni
                                                                 : TextEncoding::kTcvn3;
}

// ---------------------------------------------------------------------------
// Whole inputs.

std::string DecodeText(std::string_view bytes, TextEncoding encoding, DecodeReport* report,
                       TextEncoding* chosen) {
  if (encoding == TextEncoding::kAuto) {
    encoding = DetectTextEncoding(bytes.substr(0, DecodingStreamBuf::kDetectBytes));
  }
  if (chosen != nullptr) *chosen = encoding;
  if (encoding == TextEncoding::kUtf8) {
    if (report != nullptr) *report = DecodeReport{};
    return std::string(bytes);
  }
  LegacyDecoder decoder(encoding);
  std::string out;
  decoder.Decode(bytes, true, out);
  if (report != nullptr) *report = decoder.report();
  return out;
}

namespace {

using EncoderMap = std::unordered_map<char16_t, std::string>;

// The shortest byte sequences that decode to each character; C0 and C1 bytes
// are left out for letters, so TCVN3 capitals without a byte of their own go
// through the tone-splitting fallback of EncodeText.
EncoderMap BuildTcvn3Encoder() {
  EncoderMap map;
  for (int b = 0; b < 256; ++b) {
    char16_t c = Tcvn3Char(static_cast<unsigned char>(b));
    if (c == kBad || (b < 0x20 && c >= 0x80)) continue;
    map.emplace(c, std::string(1, static_cast<char>(b)));
  }
  return map;
}

EncoderMap BuildVniEncoder() {
  EncoderMap map;
  for (int b = 0; b < 256; ++b) {
    auto byte = static_cast<unsigned char>(b);
    char16_t c = kBad;
    if (byte >= 0xC0) {
      const VniCode& code = kVniHigh[byte & 0x1F];
      if (code.kind == VniKind::kLetter) c = byte >= 0xE0 ? code.small : code.capital;
    } else if (byte >= 0x80 && byte < 0xA0) {
      c = kWindows1252C1[byte - 0x80];
    } else {
      c = byte;
    }
    if (c != kBad) map.emplace(c, std::string(1, static_cast<char>(byte)));
  }
  for (int base = 0; base < 256; ++base) {
    int slot = VniBaseSlot(static_cast<unsigned char>(base));
    if (slot < 0) continue;
    int first_mark = VniBaseIsCapital(slot) ? 0xC0 : 0xE0;  // marks in the base's case
    for (int mark = first_mark; mark < first_mark + 32; ++mark) {
      char16_t c = VniComposed().letter[slot][mark & 0x1F];
      if (c != 0) map.emplace(c, std::string{static_cast<char>(base), static_cast<char>(mark)});
    }
  }
  return map;
}

const EncoderMap& Encoder(TextEncoding encoding) {
  static const EncoderMap tcvn3 = BuildTcvn3Encoder();
  static const EncoderMap vni = BuildVniEncoder();
  return encoding == TextEncoding::kTcvn3 ? tcvn3 : vni;
}

// TCVN3: a letter as its toneless letter followed by a combining tone mark.
bool AppendSplitTone(UChar32 c, const EncoderMap& map, std::string& out) {
  icu::UnicodeString decomposed = Normalized(Nfd(), icu::UnicodeString(c));
  icu::UnicodeString toneless;
  UChar32 tone = 0;
  int tones = 0;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 part = decomposed.char32At(i);
    if (TakeTone(part, tone)) {
      ++tones;
    } else {
      toneless.append(part);
    }
  }
  char16_t base = ComposeOne(toneless);
  auto base_bytes = map.find(base);
  auto tone_bytes = map.find(static_cast<char16_t>(tone));
  if (tones != 1 || base == 0 || base_bytes == map.end() || tone_bytes == map.end()) return false;
  out += base_bytes->second;
  out += tone_bytes->second;
  return true;
}

}  // namespace

Result<std::string> EncodeText(std::string_view utf8, TextEncoding encoding) {
  if (encoding != TextEncoding::kTcvn3 && encoding != TextEncoding::kVni) {
    return Status::Usage(std::string("EncodeText writes tcvn3 or vni, not ") +
                         TextEncodingName(encoding));
  }
  GEMIS_ASSIGN_OR_RETURN(std::string nfc, ToNfc(utf8));
  const EncoderMap& map = Encoder(encoding);
  std::string out;
  for (int32_t i = 0, n = static_cast<int32_t>(nfc.size()); i < n;) {
    int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(nfc.data(), i, n, c);  // valid: ToNfc checked
    auto found = c <= 0xFFFF ? map.find(static_cast<char16_t>(c)) : map.end();
    if (found != map.end()) {
      out += found->second;
      continue;
    }
    if (encoding == TextEncoding::kTcvn3 && AppendSplitTone(c, map, out)) continue;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
    return Status::Invalid(
        "'" + nfc.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)) + "' (" +
            code + ") cannot be written in " + DisplayName(encoding),
        Location{.column = start + 1});
  }
  return out;
}

// ---------------------------------------------------------------------------
// DecodingStreamBuf.

DecodingStreamBuf::DecodingStreamBuf(std::istream& source, TextEncoding encoding,
                                     size_t block_bytes)
    : source_(&source), chosen_(encoding), block_bytes_(std::max<size_t>(block_bytes, 1)) {}

DecodingStreamBuf::~DecodingStreamBuf() = default;

const DecodeReport& DecodingStreamBuf::report() const {
  static const DecodeReport kNothing;
  return decoder_ ? decoder_->report() : kNothing;
}

Status DecodingStreamBuf::status(std::string file) const {
  if (!io_status_.ok()) return Status::Io(io_status_.message(), Location{std::move(file)});
  return report().ToStatus(chosen_, std::move(file));
}

// Reads up to `bytes` from the source into in_ (one read() call reads them
// all unless the input ends or fails).
bool DecodingStreamBuf::ReadSource(size_t bytes) {
  in_.resize(bytes);
  try {
    source_->read(in_.data(), static_cast<std::streamsize>(bytes));
  } catch (const std::ios_base::failure&) {
    // A stream with exceptions enabled throws on EOF too; its state says which.
  }
  in_.resize(static_cast<size_t>(std::max<std::streamsize>(source_->gcount(), 0)));
  if (source_->bad()) {
    io_status_ = Status::Io("read error");
    source_done_ = true;
  } else if (!*source_) {
    source_done_ = true;  // read() sets failbit with eofbit on a short read
  }
  return !in_.empty();
}

void DecodingStreamBuf::Start() {
  started_ = true;
  if (!source_->good()) {
    // Already failed or at its end before the first read: nothing to decode.
    if (source_->bad() || (source_->fail() && !source_->eof())) {
      io_status_ = Status::Io("cannot read the input");
    }
    source_done_ = true;
    in_.clear();
  } else if (chosen_ == TextEncoding::kAuto) {
    ReadSource(kDetectBytes);
  } else {
    ReadSource(block_bytes_);
  }
  if (chosen_ == TextEncoding::kAuto) chosen_ = DetectTextEncoding(in_);
  if (chosen_ != TextEncoding::kUtf8) decoder_ = std::make_unique<LegacyDecoder>(chosen_);
}

// Makes out_ non-empty, or sets finished_.
void DecodingStreamBuf::Fill() {
  out_.clear();
  while (out_.empty() && !finished_) {
    if (!started_) {
      Start();
    } else if (!source_done_) {
      ReadSource(block_bytes_);
    } else {
      in_.clear();
    }
    if (decoder_) {
      decoder_->Decode(in_, source_done_, out_);
    } else {
      out_.swap(in_);
    }
    if (source_done_) finished_ = true;
  }
}

DecodingStreamBuf::int_type DecodingStreamBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  Fill();
  if (out_.empty()) {
    setg(nullptr, nullptr, nullptr);
    // std::istream catches this and sets badbit on the reading stream.
    if (!io_status_.ok()) throw std::ios_base::failure(io_status_.message());
    return traits_type::eof();
  }
  setg(out_.data(), out_.data(), out_.data() + out_.size());
  return traits_type::to_int_type(*gptr());
}

DecodingIstream::DecodingIstream(std::istream& source, TextEncoding encoding, size_t block_bytes)
    : std::istream(nullptr), buffer_(source, encoding, block_bytes) {
  rdbuf(&buffer_);
}

}  // namespace gemis::exchange
