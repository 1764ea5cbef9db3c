// Excel's rules for sheet names (SanitizeSheetName, UniqueSheetNames of
// xlsx_writer.h). ICU measures in UTF-16 code units, which is what Excel's
// 31-character limit counts.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <set>

#include "exchange/xlsx_writer.h"

namespace gemis::exchange {

namespace {

icu::UnicodeString Nfc(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString out = nfc->normalize(text, status);
  return U_FAILURE(status) ? text : out;
}

// The character a sheet name holds for `c`; U_SENTINEL drops it.
UChar32 MapSheetChar(UChar32 c) {
  switch (c) {
    case '[': return '(';
    case ']': return ')';
    case ':':
    case '*':
    case '?':
    case '/':
    case '\\': return '-';
    case 0xFFFD: return U_SENTINEL;  // what ICU made of an invalid UTF-8 byte
    default: break;
  }
  if (u_iscntrl(c)) return '-';
  if (u_isUWhiteSpace(c)) return ' ';
  return c;
}

// Removes spaces and apostrophes at both ends (Excel refuses a name that
// starts or ends with an apostrophe) and collapses runs of spaces.
icu::UnicodeString Trim(const icu::UnicodeString& text) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < text.length(); ++i) {
    const char16_t c = text.charAt(i);
    if (c == ' ' && (out.isEmpty() || out.endsWith(icu::UnicodeString(u' ')))) continue;
    if (c == '\'' && out.isEmpty()) continue;
    out.append(c);
  }
  while (!out.isEmpty() &&
         (out.endsWith(icu::UnicodeString(u' ')) || out.endsWith(icu::UnicodeString(u'\'')))) {
    out.truncate(out.length() - 1);
  }
  return out;
}

// Cuts `text` to at most `units` UTF-16 units, never inside a surrogate pair
// nor between a letter and its combining marks.
icu::UnicodeString Cut(const icu::UnicodeString& text, int32_t units) {
  if (text.length() <= units) return text;
  int32_t end = text.getChar32Start(units);  // a pair straddling the limit goes
  while (end > 0 && u_charType(text.char32At(end)) == U_NON_SPACING_MARK) {
    end = text.getChar32Start(end - 1);
  }
  return Trim(icu::UnicodeString(text, 0, end));
}

std::string Utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

icu::UnicodeString SanitizeUnicode(std::string_view name) {
  const icu::UnicodeString raw = Nfc(icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))));
  icu::UnicodeString mapped;
  for (int32_t i = 0; i < raw.length(); i = raw.moveIndex32(i, 1)) {
    const UChar32 c = MapSheetChar(raw.char32At(i));
    if (c != U_SENTINEL) mapped.append(c);
  }
  return Cut(Trim(mapped), kMaxSheetNameLength);
}

// Excel compares sheet names ignoring case.
std::string CaseKey(const icu::UnicodeString& name) {
  icu::UnicodeString folded(name);
  return Utf8(folded.foldCase());
}

}  // namespace

std::string SanitizeSheetName(std::string_view name) { return Utf8(SanitizeUnicode(name)); }

std::vector<std::string> UniqueSheetNames(const std::vector<std::string>& names) {
  std::set<std::string> taken = {CaseKey(u"History")};
  std::vector<std::string> out;
  for (size_t i = 0; i < names.size(); ++i) {
    icu::UnicodeString base = SanitizeUnicode(names[i]);
    if (base.isEmpty()) base = icu::UnicodeString::fromUTF8("Trang tính " + std::to_string(i + 1));
    icu::UnicodeString name = base;
    for (int n = 2; !taken.insert(CaseKey(name)).second; ++n) {
      const icu::UnicodeString suffix =
          icu::UnicodeString::fromUTF8(" (" + std::to_string(n) + ")");
      name = Cut(base, kMaxSheetNameLength - suffix.length()) + suffix;
    }
    out.push_back(Utf8(name));
  }
  return out;
}

}  // namespace gemis::exchange
