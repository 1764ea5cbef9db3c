#include "core/text.h"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <vector>

#include "core/unicode_forms.h"

namespace gemis {

namespace {

// ---------------------------------------------------------------------------
// UTF-8 validation (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences").

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

std::string Hex(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

// Number of continuation bytes after `lead`, and the allowed range of the
// first one (narrower than 80..BF where overlongs, surrogates or code points
// above U+10FFFF would otherwise slip through). Returns an error message for
// a byte that can never start a sequence.
struct LeadInfo {
  int continuations = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  const char* narrow_reason = nullptr;  // why a byte outside low..high is bad
};

std::string ClassifyLead(unsigned char lead, LeadInfo& info) {
  if (lead < 0x80) return "";
  if (IsContinuation(lead)) return "unexpected continuation byte " + Hex(lead);
  if (lead == 0xC0 || lead == 0xC1) {
    return "overlong encoding (lead byte " + Hex(lead) + ")";
  }
  if (lead >= 0xF5) {
    return lead <= 0xF7 ? "code point above U+10FFFF (lead byte " + Hex(lead) + ")"
                        : "byte " + Hex(lead) + " never occurs in UTF-8";
  }
  info.continuations = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
  if (lead == 0xE0) info = {2, 0xA0, 0xBF, "overlong encoding"};
  if (lead == 0xED) info = {2, 0x80, 0x9F, "encoded UTF-16 surrogate"};
  if (lead == 0xF0) info = {3, 0x90, 0xBF, "overlong encoding"};
  if (lead == 0xF4) info = {3, 0x80, 0x8F, "code point above U+10FFFF"};
  return "";
}

// Length of the well-formed sequence at text[pos], or 0 with `error` set.
size_t SequenceLength(std::string_view text, size_t pos, std::string& error) {
  auto lead = static_cast<unsigned char>(text[pos]);
  LeadInfo info;
  error = ClassifyLead(lead, info);
  if (!error.empty()) return 0;
  for (int i = 1; i <= info.continuations; ++i) {
    size_t at = pos + static_cast<size_t>(i);
    auto byte = at < text.size() ? static_cast<unsigned char>(text[at]) : 0;
    if (at >= text.size() || !IsContinuation(byte)) {
      error = "truncated sequence: lead byte " + Hex(lead) + " needs " +
              std::to_string(info.continuations) + " continuation byte(s), found " +
              std::to_string(i - 1);
      return 0;
    }
    if (i == 1 && (byte < info.low || byte > info.high)) {
      error = std::string(info.narrow_reason) + " (" + Hex(lead) + " " + Hex(byte) + ")";
      return 0;
    }
  }
  return static_cast<size_t>(info.continuations) + 1;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ---------------------------------------------------------------------------
// ICU helpers. ICU's normalizer instances are process-wide singletons owned by
// ICU; a failure to load them means the ICU data is missing (a broken
// installation), which no input can cause.

const icu::Normalizer2& Nfc() { return NfcForm(); }
const icu::Normalizer2& Nfd() { return NfdForm(); }

icu::StringPiece Piece(std::string_view text) {
  // ICU lengths are int32_t; see the precondition in text.h.
  assert(text.size() <= static_cast<size_t>(INT32_MAX));
  return {text.data(), static_cast<int32_t>(text.size())};
}

icu::UnicodeString Normalized(const icu::Normalizer2& form, const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = form.normalize(text, status);
  assert(U_SUCCESS(status));
  return out;
}

// Case-folded canonical decomposition of (possibly invalid) UTF-8.
icu::UnicodeString FoldedNfd(std::string_view text) {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(Piece(text));
  unicode.foldCase(U_FOLD_CASE_DEFAULT);
  return Normalized(Nfd(), unicode);
}

std::string ToUtf8Nfc(const icu::UnicodeString& text) {
  std::string out;
  Normalized(Nfc(), text).toUTF8String(out);
  return out;
}

bool IsToneMark(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

bool IsMark(UChar32 c) {
  auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

char LowerAsciiChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string FoldAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += LowerAsciiChar(c);
  }
  return out;
}

// Maps one code point of a folded NFD string to its search form: appended to
// `out`, or dropped (marks), with white space deferred to `pending_space`.
void AppendSearchForm(UChar32 c, icu::UnicodeString& out, bool& pending_space) {
  if (u_isUWhiteSpace(c)) {
    pending_space = !out.isEmpty();
    return;
  }
  if (u_charType(c) == U_NON_SPACING_MARK) return;
  if (pending_space) out.append(static_cast<char16_t>(u' '));
  pending_space = false;
  if (c == 0x0111) {  // đ (Đ was folded to đ) has no decomposition.
    out.append(static_cast<char16_t>(u'd'));
  } else if (u_charType(c) == U_DASH_PUNCTUATION || c == 0x2212) {
    out.append(static_cast<char16_t>(u'-'));
  } else {
    out.append(c);
  }
}

std::vector<std::string_view> Words(std::string_view folded) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start <= folded.size()) {
    size_t end = std::min(folded.find(' ', start), folded.size());
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return CheckUtf8(text).ok(); }

Status CheckUtf8(std::string_view text) {
  std::string error;
  for (size_t pos = 0; pos < text.size();) {
    size_t length = SequenceLength(text, pos, error);
    if (length == 0) {
      return Status::Invalid("invalid UTF-8: " + error,
                             Location{.column = static_cast<int>(pos + 1)});
    }
    pos += length;
  }
  return Status::Ok();
}

Result<std::string> ToNfc(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  GEMIS_RETURN_IF_ERROR(CheckUtf8(text));
  if (text.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::Invalid("text of " + std::to_string(text.size()) +
                           " bytes is too long to normalize (limit 2 GiB)");
  }
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
  UErrorCode status = U_ZERO_ERROR;
  Nfc().normalizeUTF8(0, Piece(text), sink, nullptr, status);
  if (U_FAILURE(status)) {
    return Status::Internal(std::string("ICU NFC normalization failed: ") + u_errorName(status));
  }
  return out;
}

bool IsNfc(std::string_view text) {
  if (IsAscii(text)) return true;
  if (!IsValidUtf8(text)) return false;
  UErrorCode status = U_ZERO_ERROR;
  bool nfc = Nfc().isNormalizedUTF8(Piece(text), status);
  return U_SUCCESS(status) && nfc;
}

std::string FoldForSearch(std::string_view text) {
  if (IsAscii(text)) return FoldAscii(text);
  icu::UnicodeString nfd = FoldedNfd(text);
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < nfd.length(); i = nfd.moveIndex32(i, 1)) {
    AppendSearchForm(nfd.char32At(i), out, pending_space);
  }
  return ToUtf8Nfc(out);
}

std::string ToneNormalizedKey(std::string_view text) {
  if (IsAscii(text)) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), LowerAsciiChar);
    return out;
  }
  icu::UnicodeString nfd = FoldedNfd(text);
  icu::UnicodeString out;
  icu::UnicodeString word;   // the current word without its tone marks
  icu::UnicodeString tones;  // the tone marks of the current word, in order
  for (int32_t i = 0; i < nfd.length(); i = nfd.moveIndex32(i, 1)) {
    UChar32 c = nfd.char32At(i);
    if (IsToneMark(c) && !word.isEmpty()) {
      tones.append(c);
    } else if (u_isalnum(c) || IsMark(c)) {
      word.append(c);
    } else {
      out.append(word).append(tones).append(c);
      word.remove();
      tones.remove();
    }
  }
  out.append(word).append(tones);
  return ToUtf8Nfc(out);
}

bool SameNameIgnoringTonePlacement(std::string_view a, std::string_view b) {
  return ToneNormalizedKey(a) == ToneNormalizedKey(b);
}

bool SearchMatches(std::string_view folded_query, std::string_view folded_candidate) {
  std::vector<std::string_view> candidate_words = Words(folded_candidate);
  for (std::string_view query_word : Words(folded_query)) {
    bool found = std::any_of(candidate_words.begin(), candidate_words.end(),
                             [&](std::string_view word) { return word.starts_with(query_word); });
    if (!found) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// VietnameseCollator

struct VietnameseCollator::Impl {
  std::unique_ptr<icu::Collator> collator;
};

VietnameseCollator::VietnameseCollator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VietnameseCollator::VietnameseCollator(VietnameseCollator&&) noexcept = default;
VietnameseCollator& VietnameseCollator::operator=(VietnameseCollator&&) noexcept = default;
VietnameseCollator::~VietnameseCollator() = default;

Result<VietnameseCollator> VietnameseCollator::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(icu::Locale("vi"), status));
  if (U_FAILURE(status) || collator == nullptr) {
    return Status::Internal(std::string("cannot open the ICU collator for 'vi': ") +
                            u_errorName(status));
  }
  // ICU silently falls back to the root collation when a locale has no data.
  if (status == U_USING_DEFAULT_WARNING) {
    return Status::Internal("ICU has no Vietnamese collation data (fell back to root)");
  }
  return VietnameseCollator(std::make_unique<Impl>(Impl{std::move(collator)}));
}

int VietnameseCollator::Compare(std::string_view a, std::string_view b) const {
  UErrorCode status = U_ZERO_ERROR;
  UCollationResult result = impl_->collator->compareUTF8(Piece(a), Piece(b), status);
  assert(U_SUCCESS(status));
  return static_cast<int>(result);
}

std::string VietnameseCollator::SortKey(std::string_view text) const {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(Piece(text));
  std::string key(static_cast<size_t>(unicode.length()) * 2 + 16, '\0');
  auto fill = [&] {
    return impl_->collator->getSortKey(unicode, reinterpret_cast<uint8_t*>(key.data()),
                                       static_cast<int32_t>(key.size()));
  };
  int32_t length = fill();  // includes ICU's terminating zero byte
  if (static_cast<size_t>(length) > key.size()) {
    key.resize(static_cast<size_t>(length));
    length = fill();
  }
  key.resize(length > 0 ? static_cast<size_t>(length) - 1 : 0);
  return key;
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::string Utf8Prefix(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  while (max > 0 && (static_cast<unsigned char>(text[max]) & 0xC0) == 0x80) --max;
  return std::string(text.substr(0, max));
}

const icu::Normalizer2& NfcForm() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  assert(U_SUCCESS(status) && nfc != nullptr && "ICU normalization data missing");
  return *nfc;
}

const icu::Normalizer2& NfdForm() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  assert(U_SUCCESS(status) && nfd != nullptr && "ICU normalization data missing");
  return *nfd;
}

}  // namespace gemis
