#include "exchange/csv_header.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cassert>
#include <cstdint>
#include <unordered_set>

#include "core/text.h"

namespace gemis::exchange {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// NFC, then case folding, then NFC again: folding can leave a string that is
// no longer composed (e.g. a folded capital followed by a combining mark).
std::string FoldAndCompose(std::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return std::string(text);
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = nfc->normalize(unicode, error).foldCase();
  icu::UnicodeString composed = nfc->normalize(folded, error);
  if (U_FAILURE(error)) return std::string(text);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

std::string QuotedList(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += "'";
    out += name;
    out += "'";
  }
  return out;
}

}  // namespace

std::string NormalizeColumnName(std::string_view name) {
  std::string_view trimmed = TrimSpaces(name);
  bool ascii = true;
  for (char c : trimmed) ascii = ascii && static_cast<uint8_t>(c) < 0x80;
  if (ascii) {  // the common case, without a round trip through UTF-16
    std::string out(trimmed);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  if (!gemis::IsValidUtf8(trimmed)) return std::string(trimmed);
  return FoldAndCompose(trimmed);
}

CsvHeader::CsvHeader(std::vector<std::string> names, std::string source_name, int line)
    : names_(std::move(names)), source_name_(std::move(source_name)), line_(line) {
  keys_.reserve(names_.size());
  for (const std::string& name : names_) keys_.push_back(NormalizeColumnName(name));
}

std::string_view CsvHeader::Name(size_t i) const {
  assert(i < names_.size());
  return TrimSpaces(names_[i]);
}

std::optional<size_t> CsvHeader::Find(std::initializer_list<std::string_view> aliases) const {
  for (std::string_view alias : aliases) {
    std::string key = NormalizeColumnName(alias);
    if (key.empty()) continue;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) return i;
    }
  }
  return std::nullopt;
}

Result<size_t> CsvHeader::Require(std::initializer_list<std::string_view> aliases) const {
  assert(aliases.size() > 0);
  if (std::optional<size_t> found = Find(aliases)) return *found;
  std::string message = "missing required column '" + std::string(*aliases.begin()) + "'";
  if (aliases.size() > 1) {
    message += " (also accepted: " +
               QuotedList(std::vector<std::string_view>(aliases.begin() + 1, aliases.end())) + ")";
  }
  std::vector<std::string_view> present;
  for (size_t i = 0; i < names_.size(); ++i) present.push_back(Name(i));
  message +=
      present.empty() ? "; the header has no columns" : "; columns present: " + QuotedList(present);
  return Status::Invalid(std::move(message), Location{source_name_, line_, 0, ""});
}

std::optional<size_t> CsvHeader::FirstDuplicate() const {
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i].empty()) continue;
    if (!seen.insert(keys_[i]).second) return i;
  }
  return std::nullopt;
}

}  // namespace gemis::exchange
