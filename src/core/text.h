// Vietnamese text: UTF-8 validation, NFC normalisation, diacritic-insensitive
// search keys and Vietnamese collation.
//
// Invariants kept by the callers of this unit:
//  (1) every string stored or exchanged by gemis is valid UTF-8 in NFC
//      (CheckUtf8 + ToNfc at the input edge);
//  (2) search compares FoldForSearch keys, never raw names;
//  (3) names are sorted with VietnameseCollator, never with operator<.
//
// Every function here is pure and may be called from any thread. Functions
// that take arbitrary bytes and return a key (FoldForSearch, ToneNormalizedKey)
// read an invalid UTF-8 sequence as U+FFFD instead of failing; validate first
// when the input comes from outside. ICU measures strings in int32_t: ToNfc
// rejects text of 2 GiB or more; for every other function here that calls
// ICU, shorter text is a precondition (REQUIRES: text.size() < 2^31).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis {

// True when `text` is well-formed UTF-8 (Unicode Table 3-7): no overlong
// forms, no encoded surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// OK for well-formed UTF-8; otherwise kInvalidInput naming what is wrong,
// with Location.column = the 1-based byte offset of the first byte of the
// first invalid sequence (the lead byte of a truncated sequence).
Status CheckUtf8(std::string_view text);

// The NFC form of `text`. Invalid UTF-8 gives the CheckUtf8 error. Pure ASCII
// is returned as a copy without calling ICU.
Result<std::string> ToNfc(std::string_view text);

// True when `text` is valid UTF-8 and already in NFC.
bool IsNfc(std::string_view text);

// Key for diacritic-insensitive search, in NFC:
//  - case-folded (Unicode default case folding);
//  - every nonspacing mark (general category Mn) removed after canonical
//    decomposition: tone marks and vowel marks alike (ă â -> a, ê -> e, ô ơ -> o, ư -> u), so "Hoà"
//    and "Hòa" both give "hoa";
//  - đ and Đ -> d (they have no decomposition);
//  - every dash (general category Pd, e.g. the en dash) and U+2212 MINUS SIGN
//    -> '-', so "Bà Rịa – Vũng Tàu" and "Bà Rịa - Vũng Tàu" fold equal;
//  - runs of white space (Unicode White_Space, incl. no-break space) -> one
//    ' ', leading and trailing white space removed.
// All other punctuation is kept as it is.
// Example: FoldForSearch("Thành phố  Cao Bằng") == "thanh pho cao bang".
std::string FoldForSearch(std::string_view text);

// `text` with the ASCII capitals A-Z made small, every other byte kept: for
// keywords, file extensions and format names ("XLSX", ".CSV"), never for
// Vietnamese text (FoldForSearch).
std::string AsciiLower(std::string_view text);

// True when `text` holds nothing but spaces, tabs and line breaks.
bool IsBlank(std::string_view text);

// Unicode code points in UTF-8 text (invalid bytes count as one each).
size_t CodePoints(std::string_view text);

// At most `max` bytes of `text`, not cut inside a UTF-8 sequence (for
// naming a long value in a message).
std::string Utf8Prefix(std::string_view text, size_t max);

// Key under which two spellings that differ only in case or in the placement
// of the tone mark inside a word are equal ("Hoà"/"Hòa", "Thuỷ"/"Thủy"),
// while a different, missing or extra tone or vowel mark is not ("Hòa"/"Hoa",
// "Phó"/"Phố", "Bắc"/"Bạc"). Each word (a run of letters, digits and
// combining marks) has its tone marks (U+0300 grave, U+0301 acute, U+0303
// tilde, U+0309 hook above, U+0323 dot below) moved to its end; the result
// is case-folded and in NFC. White space and punctuation are kept as they
// are. The key is for comparison only, never for display.
std::string ToneNormalizedKey(std::string_view text);

// ToneNormalizedKey(a) == ToneNormalizedKey(b).
bool SameNameIgnoringTonePlacement(std::string_view a, std::string_view b);

// True when every word of `folded_query` is a prefix of some word of
// `folded_candidate` (words are separated by ' '; two query words may match
// the same candidate word; word order does not matter). A query without
// words matches everything. Both arguments must be FoldForSearch keys:
// "cao bang" matches "tinh cao bang", "bang" matches "cao bang", "ang" does
// not.
bool SearchMatches(std::string_view folded_query, std::string_view folded_candidate);

// Orders strings as Vietnamese readers expect (ICU/CLDR "vi" collation at
// tertiary strength): base letters first (a < ă < â < b … d < đ < e …), then
// tone and other accents, then case: "Ba" < "Bà" < "Bb", "Dương" < "Đà Nẵng"
// < "Gia Lai". Invalid UTF-8 compares as if each bad sequence were U+FFFD.
//
// Thread safety: Compare and SortKey are const and may be called
// concurrently on one instance (ICU guarantees its const APIs are
// thread-safe, see the ICU user guide "Thread-safe const APIs"). Moving or
// destroying an instance needs exclusive access.
class VietnameseCollator {
 public:
  // kInternal when ICU cannot open the collator or has no Vietnamese data.
  static Result<VietnameseCollator> Create();

  VietnameseCollator(VietnameseCollator&&) noexcept;
  VietnameseCollator& operator=(VietnameseCollator&&) noexcept;
  ~VietnameseCollator();

  // <0, 0 or >0 as a sorts before, equal to or after b.
  int Compare(std::string_view a, std::string_view b) const;
  // Bytes whose order (memcmp, std::string operator<) is the Compare order.
  // Keys are only comparable with keys from the same ICU version.
  std::string SortKey(std::string_view text) const;

 private:
  struct Impl;
  explicit VietnameseCollator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gemis
