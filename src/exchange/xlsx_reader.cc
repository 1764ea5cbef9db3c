#include "exchange/xlsx_reader.h"

#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <new>
#include <pugixml.hpp>
#include <set>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "core/text.h"

namespace gemis::exchange {
namespace {

// ---------------------------------------------------------------------------
// Small text helpers.

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimXmlSpace(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ToLowerAscii(s[i]) != prefix[i]) return false;
  }
  return true;
}

// Untrusted bytes for a message (quoted unless `quote` is false): at most 40
// bytes (cut at a character boundary), control bytes and, in invalid UTF-8,
// every non-ASCII byte as \xHH.
std::string Printable(std::string_view text, bool quote = true) {
  bool utf8 = IsValidUtf8(text);
  std::string out = quote ? "'" : "";
  size_t limit = 40;
  if (text.size() > limit) {
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80) --limit;
  }
  static const char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < text.size() && i < limit; ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F || (!utf8 && byte >= 0x80)) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += static_cast<char>(byte);
    }
  }
  if (text.size() > limit) out += "...";
  return quote ? out + "'" : out;
}

// Digits only, no sign or space; nullopt when empty, not digits or too big.
std::optional<uint64_t> ParseUnsigned(std::string_view s) {
  uint64_t value = 0;
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::optional<double> ParseNumber(std::string_view s) {
  s = TrimXmlSpace(s);
  if (s.empty()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The UTF-16 code unit of an "_xHHHH_" escape at s[i], if there is one.
std::optional<uint32_t> EscapeAt(std::string_view s, size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return std::nullopt;
  uint32_t unit = 0;
  auto [end, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, unit, 16);
  if (ec != std::errc() || end != s.data() + i + 6) return std::nullopt;
  return unit;
}

// Decodes SpreadsheetML's "_xHHHH_" escapes (ECMA-376 ST_Xstring): Excel
// writes a carriage return as "_x000D_" and a literal "_x" as "_x005F_x".
// A surrogate pair is two escapes; a lone surrogate or NUL stays as written.
std::string DecodeEscapes(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    std::optional<uint32_t> unit = EscapeAt(s, i);
    if (unit && *unit >= 0xD800 && *unit <= 0xDBFF) {
      std::optional<uint32_t> low = EscapeAt(s, i + 7);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        AppendUtf8(out, 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00));
        i += 14;
        continue;
      }
    } else if (unit && *unit != 0 && (*unit < 0xDC00 || *unit > 0xDFFF)) {
      AppendUtf8(out, *unit);
      i += 7;
      continue;
    }
    out += s[i++];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Number formats and serial dates.

// The part of a format code before its first unquoted ';'.
std::string_view FirstSection(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      i = code.find('"', i + 1);
      if (i == std::string_view::npos) break;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      i = code.find(']', i + 1);
      if (i == std::string_view::npos) break;
    } else if (c == ';') {
      return code.substr(0, i);
    }
  }
  return code;
}

// "00000" -> 5: a section made only of '0', '#' and ',' with at least one '0'.
int ZeroPad(std::string_view section) {
  if (section.empty() || section.find_first_not_of("0#,") != std::string_view::npos) return 0;
  auto zeros = std::count(section.begin(), section.end(), '0');
  return static_cast<int>(std::min<std::ptrdiff_t>(zeros, 64));
}

// "[h]", "[mm]", "[ss]": an elapsed-time bracket.
bool IsElapsedBracket(std::string_view inside) {
  if (inside.empty()) return false;
  char first = ToLowerAscii(inside[0]);
  if (first != 'h' && first != 'm' && first != 's') return false;
  return std::all_of(inside.begin(), inside.end(),
                     [first](char c) { return ToLowerAscii(c) == first; });
}

// The date and time letters of a section in order, one per run ("dd/mm/yyyy
// hh:mm" gives "dmyhm"), skipping quoted text, escapes, fills, brackets and
// AM/PM. Sets *elapsed when a bracket holds an elapsed time.
std::string DateTimeTokens(std::string_view section, bool* elapsed) {
  std::string tokens;
  char previous = 0;
  for (size_t i = 0; i < section.size(); ++i) {
    char c = ToLowerAscii(section[i]);
    if (c == '"' || c == '[') {
      size_t end = section.find(c == '"' ? '"' : ']', i + 1);
      if (end == std::string_view::npos) break;
      if (c == '[' && IsElapsedBracket(section.substr(i + 1, end - i - 1))) *elapsed = true;
      i = end;
      previous = 0;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      previous = 0;
      continue;
    }
    std::string_view rest = section.substr(i);
    if (StartsWithNoCase(rest, "am/pm") || StartsWithNoCase(rest, "a/p")) {
      i += rest[1] == '/' ? 2 : 4;
      previous = 0;
      continue;
    }
    bool letter = c == 'y' || c == 'd' || c == 'm' || c == 'h' || c == 's';
    if (letter && c != previous) tokens += c;
    previous = letter ? c : 0;
  }
  return tokens;
}

}  // namespace

XlsxNumberFormat ClassifyXlsxNumberFormat(std::string_view code) {
  std::string_view section = FirstSection(code);
  XlsxNumberFormat format;
  format.zero_pad = ZeroPad(section);
  bool elapsed = false;
  std::string tokens = DateTimeTokens(section, &elapsed);
  bool date = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] == 'y' || tokens[i] == 'd') date = true;
    if (tokens[i] == 'm') {
      // Excel's rule: m right after h, or right before s, means minutes.
      bool minutes =
          (i > 0 && tokens[i - 1] == 'h') || (i + 1 < tokens.size() && tokens[i + 1] == 's');
      if (!minutes) date = true;
    }
  }
  format.date = date && !elapsed;
  return format;
}

std::string_view XlsxBuiltinNumberFormat(uint32_t id) {
  switch (id) {
    case 1: return "0";
    case 2: return "0.00";
    case 3: return "#,##0";
    case 4: return "#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 12: return "# ?/?";
    case 13: return "# ?\?/?\?";  // escaped: "??/" is a trigraph
    case 14: return "mm-dd-yy";
    case 15: return "d-mmm-yy";
    case 16: return "d-mmm";
    case 17: return "mmm-yy";
    case 18: return "h:mm AM/PM";
    case 19: return "h:mm:ss AM/PM";
    case 20: return "h:mm";
    case 21: return "h:mm:ss";
    case 22: return "m/d/yy h:mm";
    case 37: return "#,##0 ;(#,##0)";
    case 38: return "#,##0 ;[Red](#,##0)";
    case 39: return "#,##0.00;(#,##0.00)";
    case 40: return "#,##0.00;[Red](#,##0.00)";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mmss.0";
    case 48: return "##0.0E+0";
    case 49: return "@";
    default: return "General";
  }
}

namespace {

constexpr int64_t kMillisPerDay = 86400000;

// Day 0 of each system: 1899-12-30 for 1900 (serials from 61 on) and
// 1904-01-01 for 1904.
Date Epoch(bool date1904) {
  return date1904 ? Date::FromYmd(1904, 1, 1) : Date::FromYmd(1899, 12, 30);
}

}  // namespace

std::optional<Date> XlsxSerialToDate(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < -1 || serial > 3e6) return std::nullopt;
  int64_t millis = std::llround(serial * static_cast<double>(kMillisPerDay));
  int64_t day = millis / kMillisPerDay - (millis % kMillisPerDay < 0 ? 1 : 0);
  int64_t last = Date::FromYmd(9999, 12, 31).days() - Epoch(date1904).days();
  if (day > last) return std::nullopt;
  if (date1904) {
    if (day < 0) return std::nullopt;
    return Epoch(true).AddDays(static_cast<int32_t>(day));
  }
  // Serial 60 is Excel's 1900-02-29, a day that never was; serials before
  // it count from 1899-12-31.
  if (day < 1 || day == 60) return std::nullopt;
  return Epoch(false).AddDays(static_cast<int32_t>(day < 60 ? day + 1 : day));
}

double XlsxDateToSerial(Date date, bool date1904) {
  int64_t days = date.days() - Epoch(date1904).days();
  if (!date1904 && days <= 60) --days;
  return static_cast<double>(days);
}

namespace {

// What the user sees of a number (see XlsxValue::text).
std::string NumberText(double value, int zero_pad) {
  if (value == 0) value = 0;  // no "-0"
  if (std::fabs(value) < 1e15 && std::trunc(value) == value) {
    auto whole = static_cast<int64_t>(value);
    std::string digits = std::to_string(whole < 0 ? -whole : whole);
    if (static_cast<int>(digits.size()) < zero_pad) {
      digits.insert(0, static_cast<size_t>(zero_pad) - digits.size(), '0');
    }
    return whole < 0 ? "-" + digits : digits;
  }
  // Shortest round trip; plain notation unless it would be long (1e+40).
  char buffer[32];
  auto fixed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (fixed.ec == std::errc()) return std::string(buffer, fixed.ptr);
  auto shortest = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, shortest.ptr);
}

bool ParseTwoDigits(std::string_view& s, int* out) {
  if (s.size() < 2 || !IsDigit(s[0]) || !IsDigit(s[1])) return false;
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool Consume(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

// "hh:mm[:ss[.fff]]" then "Z" or "+hh:mm" (ignored) as the fraction of a day.
std::optional<double> ParseIsoTime(std::string_view s) {
  int hour = 0, minute = 0, second = 0;
  double fraction = 0;
  if (!ParseTwoDigits(s, &hour) || !Consume(s, ':') || !ParseTwoDigits(s, &minute)) {
    return std::nullopt;
  }
  if (Consume(s, ':')) {
    if (!ParseTwoDigits(s, &second)) return std::nullopt;
    if (Consume(s, '.')) {
      double scale = 0.1;
      if (s.empty() || !IsDigit(s[0])) return std::nullopt;
      for (; !s.empty() && IsDigit(s[0]); s.remove_prefix(1), scale /= 10) {
        fraction += (s[0] - '0') * scale;
      }
    }
  }
  int zone_hour = 0, zone_minute = 0;
  if (!Consume(s, 'Z') && (Consume(s, '+') || Consume(s, '-'))) {
    if (!ParseTwoDigits(s, &zone_hour)) return std::nullopt;
    Consume(s, ':');
    if (!ParseTwoDigits(s, &zone_minute)) return std::nullopt;
  }
  if (!s.empty() || hour > 23 || minute > 59 || second > 60 || zone_hour > 23 || zone_minute > 59) {
    return std::nullopt;
  }
  return (hour * 3600 + minute * 60 + second + fraction) / 86400.0;
}

// A t="d" value: "2024-03-15" or "2024-03-15T10:20:30" (with an optional
// fraction and zone). The date, and the serial of the date and time.
std::optional<std::pair<Date, double>> ParseIsoDateTime(std::string_view s, bool date1904) {
  s = TrimXmlSpace(s);
  if (s.size() < 10) return std::nullopt;
  Result<Date> date = Date::Parse(s.substr(0, 10));
  if (!date.ok()) return std::nullopt;
  double serial = XlsxDateToSerial(*date, date1904);
  std::string_view rest = s.substr(10);
  if (rest.empty()) return std::make_pair(*date, serial);
  if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
  std::optional<double> time = ParseIsoTime(rest.substr(1));
  if (!time) return std::nullopt;
  return std::make_pair(*date, serial + *time);
}

}  // namespace

// ---------------------------------------------------------------------------
// Cell references.

std::string XlsxColumnName(int col) {
  if (col < 1 || col > kXlsxMaxColumns) return "C" + std::to_string(col);
  std::string name;
  for (; col > 0; col = (col - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (col - 1) % 26));
  }
  return name;
}

std::string FormatXlsxCell(int row, int col) {
  if (row < 1 || row > kXlsxMaxRows || col < 1 || col > kXlsxMaxColumns) {
    return "R" + std::to_string(row) + "C" + std::to_string(col);
  }
  return XlsxColumnName(col) + std::to_string(row);
}

std::string FormatXlsxCell(XlsxCellRef ref) { return FormatXlsxCell(ref.row, ref.col); }

std::string FormatXlsxRange(const XlsxRange& range) {
  return FormatXlsxCell(range.first) + ":" + FormatXlsxCell(range.last);
}

std::string XlsxCellField(std::string_view sheet, int row, int col) {
  return std::string(sheet) + "!" + FormatXlsxCell(row, col);
}

Result<XlsxCellRef> ParseXlsxCell(std::string_view text) {
  size_t i = 0;
  int64_t col = 0;
  for (; i < text.size() && IsAsciiLetter(text[i]); ++i) {
    if (i < 8) col = col * 26 + (ToLowerAscii(text[i]) - 'a' + 1);
  }
  size_t letters = i;
  int64_t row = 0;
  for (; i < text.size() && IsDigit(text[i]); ++i) {
    if (i - letters < 9) row = row * 10 + (text[i] - '0');
  }
  size_t digits = i - letters;
  if (letters == 0 || digits == 0 || i != text.size() || (digits > 1 && text[letters] == '0')) {
    return Status::Invalid(Printable(text) + " is not a cell reference (like B12)");
  }
  if (letters > 3 || col > kXlsxMaxColumns || digits > 7 || row < 1 || row > kXlsxMaxRows) {
    return Status::Invalid("cell reference " + Printable(text) +
                           " is outside the sheet (columns A to XFD, rows 1 to 1048576)");
  }
  return XlsxCellRef{static_cast<int>(row), static_cast<int>(col)};
}

Result<XlsxRange> ParseXlsxRange(std::string_view text) {
  size_t colon = text.find(':');
  GEMIS_ASSIGN_OR_RETURN(XlsxCellRef a, ParseXlsxCell(text.substr(0, colon)));
  XlsxCellRef b = a;
  if (colon != std::string_view::npos) {
    GEMIS_ASSIGN_OR_RETURN(b, ParseXlsxCell(text.substr(colon + 1)));
  }
  return XlsxRange{{std::min(a.row, b.row), std::min(a.col, b.col)},
                   {std::max(a.row, b.row), std::max(a.col, b.col)}};
}

namespace {

// ---------------------------------------------------------------------------
// Errors.

Status FileError(const std::string& source, std::string message) {
  return Status::Invalid(std::move(message), Location{source, 0, 0, ""});
}

// An error about a whole part: "<what>: <message>", located at the part.
Status PartError(const std::string& source, std::string_view part, std::string_view what,
                 const std::string& message) {
  return Status::Invalid(std::string(what) + ": " + message,
                         Location{source, 0, 0, std::string(part)});
}

std::string Bytes(uint64_t n) { return std::to_string(n) + " bytes"; }

// ---------------------------------------------------------------------------
// The zip archive. Not thread-safe: the workbook guards it with a mutex.

struct ZipCloser {
  void operator()(zip_t* zip) const { zip_discard(zip); }
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

class ZipArchive {
 public:
  ZipArchive() = default;
  // Opens the archive in `bytes`, which must outlive it.
  static Result<ZipArchive> Open(std::string_view bytes, const std::string& source,
                                 const XlsxLimits& limits);

  bool Has(const std::string& part) const { return Find(part) >= 0; }
  // The uncompressed size the zip directory gives, or nullopt when absent.
  std::optional<uint64_t> DeclaredSize(const std::string& part) const;
  // The part inflated, at most `limit` bytes. `what` names it in errors.
  Result<std::string> Read(const std::string& part, std::string_view what, size_t limit) const;

 private:
  ZipArchive(zip_t* zip, std::string source) : zip_(zip), source_(std::move(source)) {}
  // Part names are case-insensitive in OPC (ECMA-376 part 2).
  int64_t Find(const std::string& part) const {
    return zip_name_locate(zip_.get(), part.c_str(), ZIP_FL_NOCASE);
  }
  Status Damaged(const std::string& part, std::string_view what, const char* detail) const {
    return PartError(source_, part, what, std::string("damaged zip entry: ") + detail);
  }

  std::unique_ptr<zip_t, ZipCloser> zip_;
  std::string source_;
};

Result<ZipArchive> ZipArchive::Open(std::string_view bytes, const std::string& source,
                                    const XlsxLimits& limits) {
  if (bytes.empty()) return FileError(source, "not an .xlsx file (the file is empty)");
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
    return FileError(source,
                     "not an .xlsx file: an Excel 97-2003 workbook (.xls) or a "
                     "password-protected workbook; save it in Excel as .xlsx without a password");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* data = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  // Without ZIP_CHECKCONS: its local/central header comparison rejects
  // archives other tools read (macOS Archive Utility's, libzip issue 341),
  // and safety does not rest on it: every part is checked on its own when
  // read (its size against the directory and the limit, its CRC).
  zip_t* zip = data ? zip_open_from_source(data, ZIP_RDONLY, &error) : nullptr;
  if (zip == nullptr) {
    if (data) zip_source_free(data);
    int code = zip_error_code_zip(&error);
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (code == ZIP_ER_MEMORY) return Status::Internal("out of memory opening " + source);
    if (code == ZIP_ER_NOZIP) return FileError(source, "not an .xlsx file (not a zip archive)");
    return FileError(source, "not an .xlsx file (damaged zip archive: " + detail + ")");
  }
  zip_error_fini(&error);
  ZipArchive archive(zip, source);
  auto entries = static_cast<uint64_t>(std::max<zip_int64_t>(0, zip_get_num_entries(zip, 0)));
  if (entries > limits.max_zip_entries) {
    return FileError(source, "the zip archive has " + std::to_string(entries) +
                                 " entries, more than the limit of " +
                                 std::to_string(limits.max_zip_entries));
  }
  return archive;
}

std::optional<uint64_t> ZipArchive::DeclaredSize(const std::string& part) const {
  int64_t index = Find(part);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (index < 0 || zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      !(stat.valid & ZIP_STAT_SIZE)) {
    return std::nullopt;
  }
  return stat.size;
}

Result<std::string> ZipArchive::Read(const std::string& part, std::string_view what,
                                     size_t limit) const {
  int64_t index = Find(part);
  if (index < 0) return PartError(source_, part, what, "the part is missing from the archive");
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      !(stat.valid & ZIP_STAT_SIZE)) {
    return Damaged(part, what, zip_strerror(zip_.get()));
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
    return PartError(source_, part, what,
                     "the part is encrypted; save the workbook without a password");
  }
  if ((stat.valid & ZIP_STAT_COMP_METHOD) &&
      !zip_compression_method_supported(stat.comp_method, 0)) {
    return PartError(
        source_, part, what,
        "compression method " + std::to_string(stat.comp_method) + " is not supported");
  }
  if (stat.size > limit) {
    return PartError(source_, part, what,
                     "the part is " + Bytes(stat.size) + " uncompressed, more than the limit of " +
                         Bytes(limit));
  }
  std::unique_ptr<zip_file_t, ZipCloser> file(
      zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) return Damaged(part, what, zip_strerror(zip_.get()));
  std::string data(stat.size, '\0');
  size_t got = 0;
  while (got < data.size()) {
    zip_int64_t n = zip_fread(file.get(), data.data() + got, data.size() - got);
    if (n < 0) return Damaged(part, what, zip_file_strerror(file.get()));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  if (got < data.size()) return Damaged(part, what, "shorter than the zip directory says");
  // The directory's size is untrusted: one more byte must be the end (and
  // reading to the end makes libzip check the CRC).
  char extra = 0;
  zip_int64_t n = zip_fread(file.get(), &extra, 1);
  if (n > 0) {
    return PartError(source_, part, what,
                     "the part inflates past the " + Bytes(stat.size) +
                         " the zip directory says (a damaged archive or a zip bomb)");
  }
  if (n < 0) return Damaged(part, what, zip_file_strerror(file.get()));
  return data;
}

// ---------------------------------------------------------------------------
// XML parts: parsed whole with pugixml, after a budget check.

// The whole of what pugixml keeps: the buffer (parsed in place) and the DOM.
struct XmlPart {
  std::string bytes;
  pugi::xml_document doc;
};

constexpr unsigned kParseOptions =
    pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata;

// pugixml's node memory for `xml`, estimated high: every node but text is a
// start tag, comment, CDATA or declaration beginning with '<' (not "</");
// every text node is a run after a '>' that is not only white space; every
// attribute has an '='. 64 and 40 bytes are pugixml's node and attribute
// sizes on 64-bit builds.
uint64_t EstimateDomBytes(std::string_view xml) {
  uint64_t nodes = 1;
  uint64_t attributes = 0;
  bool after_tag = true;
  for (size_t i = 0; i < xml.size(); ++i) {
    char c = xml[i];
    if (c == '<') {
      if (i + 1 >= xml.size() || xml[i + 1] != '/') ++nodes;
      after_tag = false;
      continue;
    }
    if (c == '>') {
      after_tag = true;
      continue;
    }
    if (c == '=') ++attributes;
    if (after_tag && !IsXmlSpace(c)) {
      ++nodes;
      after_tag = false;
    }
  }
  return nodes * 64 + attributes * 40;
}

// pugixml's traversal is iterative, so a deep document cannot exhaust the stack.
class DepthWalker : public pugi::xml_tree_walker {
 public:
  explicit DepthWalker(int max_depth) : max_depth_(max_depth) {}
  bool for_each(pugi::xml_node&) override {
    if (depth() + 1 > max_depth_) exceeded_ = true;
    return !exceeded_;
  }
  bool exceeded() const { return exceeded_; }

 private:
  int max_depth_;
  bool exceeded_ = false;
};

struct PartContext {
  const std::string& source;
  const XlsxLimits& limits;
};

// Parses part->bytes in place. `what` names the part in messages.
Status ParseXml(XmlPart* part, const PartContext& context, const std::string& name,
                std::string_view what) {
  uint64_t estimate = EstimateDomBytes(part->bytes);
  if (estimate > context.limits.max_dom_bytes) {
    return PartError(context.source, name, what,
                     "the XML would take about " + Bytes(estimate) +
                         " to parse, more than the limit of " +
                         Bytes(context.limits.max_dom_bytes));
  }
  pugi::xml_parse_result parsed = part->doc.load_buffer_inplace(
      part->bytes.data(), part->bytes.size(), kParseOptions, pugi::encoding_utf8);
  if (!parsed) {
    return PartError(
        context.source, name, what,
        "malformed XML at byte " + std::to_string(parsed.offset + 1) + ": " + parsed.description());
  }
  DepthWalker walker(context.limits.max_xml_depth);
  part->doc.traverse(walker);
  if (walker.exceeded()) {
    return PartError(context.source, name, what,
                     "XML elements nested deeper than " +
                         std::to_string(context.limits.max_xml_depth) + " levels");
  }
  return Status::Ok();
}

// Element names are compared without their namespace prefix: some writers
// (the Open XML SDK) write <x:row>, most write <row>.
std::string_view LocalName(pugi::xml_node node) {
  std::string_view name = node.name();
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool Is(pugi::xml_node node, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node) == local;
}

pugi::xml_node Child(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node child : parent.children()) {
    if (Is(child, local)) return child;
  }
  return {};
}

// The r:id attribute, whatever the prefix of the relationships namespace.
pugi::xml_attribute RelationshipId(pugi::xml_node node) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    std::string_view name = attribute.name();
    if (name.size() > 3 && name.substr(name.size() - 3) == ":id") return attribute;
  }
  return {};
}

// The character data of an element: its embedded text and every text or
// CDATA child, in order.
std::string NodeText(pugi::xml_node node) {
  std::string text = node.value();
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      text += child.value();
  }
  return text;
}

// A string item (<si> of the shared strings, <is> of an inline string): its
// <t>, then the <t> of each rich text run <r>; phonetic runs <rPh> are not
// text. Spaces are kept as written (xml:space="preserve" or not).
std::string RichText(pugi::xml_node item) {
  std::string text;
  for (pugi::xml_node child : item.children()) {
    if (Is(child, "t")) {
      text += DecodeEscapes(NodeText(child));
    } else if (Is(child, "r")) {
      for (pugi::xml_node run : child.children()) {
        if (Is(run, "t")) text += DecodeEscapes(NodeText(run));
      }
    }
  }
  return text;
}

bool IsXmlTrue(std::string_view value) { return value == "1" || value == "true"; }

}  // namespace

// ---------------------------------------------------------------------------
// The workbook.

struct XlsxReader::State {
  std::string bytes;  // declared before archive: it must outlive it
  std::string source_name;
  XlsxLimits limits;
  mutable std::mutex archive_mutex;
  ZipArchive archive;  // guarded by archive_mutex after Open
  std::vector<XlsxSheetInfo> sheets;
  std::vector<std::string> sheet_names;
  bool date1904 = false;
  std::string shared_strings_part = "xl/sharedStrings.xml";
  bool has_shared_strings = false;
  // The shared strings, concatenated: string i is
  // shared_text[shared_ends[i - 1], shared_ends[i]) (8 bytes per string, not
  // a std::string each: a part of empty <si/> items stays small).
  std::string shared_text;
  std::vector<size_t> shared_ends;
  bool has_styles = false;
  std::vector<XlsxNumberFormat> cell_formats;  // by cellXfs index (<c s="...">)

  PartContext context() const { return {source_name, limits}; }
  Result<std::unique_ptr<XmlPart>> LoadPart(const std::string& part, std::string_view what) const;
};

Result<std::unique_ptr<XmlPart>> XlsxReader::State::LoadPart(const std::string& part,
                                                             std::string_view what) const {
  auto xml = std::make_unique<XmlPart>();
  {
    std::lock_guard<std::mutex> lock(archive_mutex);
    GEMIS_ASSIGN_OR_RETURN(xml->bytes, archive.Read(part, what, limits.max_part_bytes));
  }
  GEMIS_RETURN_IF_ERROR(ParseXml(xml.get(), context(), part, what));
  return xml;
}

namespace {

struct Relationship {
  std::string type;    // the last segment of the type URI: "worksheet", "styles"
  std::string target;  // the resolved part name, "" when external
};
using Relationships = std::unordered_map<std::string, Relationship>;

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelationshipsPartOf(const std::string& part) {
  size_t slash = part.rfind('/');
  size_t name = slash == std::string::npos ? 0 : slash + 1;
  return part.substr(0, name) + "_rels/" + part.substr(name) + ".rels";
}

// A relationship target as a part name: relative to the folder of `source`
// ("worksheets/sheet1.xml"), or absolute ("/xl/worksheets/sheet1.xml").
std::optional<std::string> ResolveTarget(const std::string& source, std::string_view target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    path = std::string(target.substr(1));
  } else {
    size_t slash = source.rfind('/');
    path = (slash == std::string::npos ? "" : source.substr(0, slash + 1)) + std::string(target);
  }
  std::vector<std::string_view> segments;
  std::string_view rest = path;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (segments.empty()) return std::nullopt;
      segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  if (segments.empty()) return std::nullopt;
  std::string resolved;
  for (std::string_view segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

class WorkbookLoader {
 public:
  explicit WorkbookLoader(XlsxReader::State& state) : state_(state) {}

  Status Load() {
    GEMIS_ASSIGN_OR_RETURN(std::string workbook, FindWorkbookPart());
    GEMIS_ASSIGN_OR_RETURN(Relationships relationships, ReadRelationships(workbook, true));
    GEMIS_RETURN_IF_ERROR(ReadWorkbook(workbook, relationships));
    FindPart(relationships, "sharedStrings", &state_.shared_strings_part,
             &state_.has_shared_strings);
    std::string styles = "xl/styles.xml";
    FindPart(relationships, "styles", &styles, &state_.has_styles);
    GEMIS_RETURN_IF_ERROR(CheckTotalSize(
        {workbook, RelationshipsPartOf(workbook), styles, state_.shared_strings_part}));
    if (state_.has_styles) GEMIS_RETURN_IF_ERROR(ReadStyles(styles));
    if (state_.has_shared_strings) GEMIS_RETURN_IF_ERROR(ReadSharedStrings());
    return Status::Ok();
  }

 private:
  Status FileError(std::string message) const {
    return ::gemis::exchange::FileError(state_.source_name, std::move(message));
  }
  Status Error(const std::string& part, const std::string& message) const {
    return PartError(state_.source_name, part, part, message);
  }

  // The officeDocument target of _rels/.rels when it exists and is XML (an
  // .xlsb names workbook.bin), else xl/workbook.xml. A damaged _rels/.rels is
  // passed over: the workbook part is where every writer puts it.
  Result<std::string> FindWorkbookPart() const {
    if (state_.archive.Has("_rels/.rels")) {
      Result<Relationships> root = ReadRelationships("", false);
      if (root.ok()) {
        for (const auto& [id, relationship] : *root) {
          std::string_view target = relationship.target;
          bool xml =
              target.size() > 4 && StartsWithNoCase(target.substr(target.size() - 4), ".xml");
          if (relationship.type == "officeDocument" && xml &&
              state_.archive.Has(relationship.target)) {
            return relationship.target;
          }
        }
      }
    }
    if (state_.archive.Has("xl/workbook.xml")) return std::string("xl/workbook.xml");
    if (state_.archive.Has("xl/workbook.bin")) {
      return FileError("not an .xlsx file: a binary workbook (.xlsb); save it as .xlsx");
    }
    if (state_.archive.Has("content.xml") && state_.archive.Has("mimetype")) {
      return FileError("not an .xlsx file: an OpenDocument spreadsheet (.ods); save it as .xlsx");
    }
    return FileError("not an .xlsx file (no xl/workbook.xml)");
  }

  // The relationships of `source` ("" for the package's _rels/.rels).
  Result<Relationships> ReadRelationships(const std::string& source, bool required) const {
    std::string part = source.empty() ? "_rels/.rels" : RelationshipsPartOf(source);
    if (required && !state_.archive.Has(part)) {
      return Error(part, "the part is missing: the workbook's sheets cannot be found");
    }
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> xml, state_.LoadPart(part, part));
    pugi::xml_node root = xml->doc.document_element();
    if (!Is(root, "Relationships")) return Error(part, "the root element is not <Relationships>");
    Relationships relationships;
    for (pugi::xml_node node : root.children()) {
      if (!Is(node, "Relationship")) continue;
      std::string_view type = node.attribute("Type").value();
      Relationship relationship;
      relationship.type = std::string(type.substr(type.rfind('/') + 1));
      if (std::string_view(node.attribute("TargetMode").value()) != "External") {
        relationship.target =
            ResolveTarget(source, node.attribute("Target").value()).value_or(std::string());
      }
      relationships.emplace(node.attribute("Id").value(), std::move(relationship));
    }
    return relationships;
  }

  Status ReadWorkbook(const std::string& part, const Relationships& relationships) {
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> xml, state_.LoadPart(part, part));
    pugi::xml_node root = xml->doc.document_element();
    if (!Is(root, "workbook")) return Error(part, "the root element is not <workbook>");
    state_.date1904 = IsXmlTrue(Child(root, "workbookPr").attribute("date1904").value());
    std::set<std::string> names;
    for (pugi::xml_node node : Child(root, "sheets").children()) {
      if (!Is(node, "sheet")) continue;
      if (state_.sheets.size() >= state_.limits.max_sheets) {
        return Error(part, "the workbook has more than " +
                               std::to_string(state_.limits.max_sheets) + " sheets, the limit");
      }
      GEMIS_ASSIGN_OR_RETURN(XlsxSheetInfo sheet, ReadSheetEntry(part, node, relationships));
      if (!names.insert(sheet.name).second) {
        return Error(part, "two sheets are named " + Printable(sheet.name));
      }
      state_.sheet_names.push_back(sheet.name);
      state_.sheets.push_back(std::move(sheet));
    }
    if (state_.sheets.empty()) return Error(part, "the workbook lists no sheets");
    return Status::Ok();
  }

  Result<XlsxSheetInfo> ReadSheetEntry(const std::string& part, pugi::xml_node node,
                                       const Relationships& relationships) const {
    XlsxSheetInfo sheet;
    std::string_view raw_name = node.attribute("name").value();
    Result<std::string> name = ToNfc(raw_name);
    if (!name.ok()) return Error(part, "a sheet name is not valid UTF-8: " + Printable(raw_name));
    if (name->empty()) return Error(part, "a sheet has no name");
    sheet.name = std::move(name).value();
    std::string_view state = node.attribute("state").value();
    sheet.hidden = state == "hidden" || state == "veryHidden";
    std::string id = RelationshipId(node).value();
    auto found = relationships.find(id);
    if (found == relationships.end()) {
      return Error(part, "sheet " + Printable(sheet.name) + ": its relationship " + Printable(id) +
                             " is not in " + RelationshipsPartOf(part));
    }
    if (found->second.target.empty()) {
      return Error(part, "sheet " + Printable(sheet.name) + ": its relationship " + Printable(id) +
                             " has no target inside the workbook");
    }
    sheet.part = found->second.target;
    return sheet;
  }

  // The target of the relationship of `type`, or the default in *part when
  // there is none; *found says whether that part exists.
  void FindPart(const Relationships& relationships, std::string_view type, std::string* part,
                bool* found) const {
    for (const auto& [id, relationship] : relationships) {
      if (relationship.type == type && !relationship.target.empty()) {
        *part = relationship.target;
        break;
      }
    }
    *found = state_.archive.Has(*part);
  }

  Status CheckTotalSize(const std::vector<std::string>& parts) const {
    uint64_t total = 0;
    auto add = [&](const std::string& part) {
      total += std::min<uint64_t>(state_.archive.DeclaredSize(part).value_or(0), uint64_t{1} << 48);
    };
    for (const std::string& part : parts) add(part);
    for (const XlsxSheetInfo& sheet : state_.sheets) add(sheet.part);
    if (total > state_.limits.max_total_bytes) {
      return FileError("the workbook's parts add up to " + Bytes(total) +
                       " uncompressed, more than the limit of " +
                       Bytes(state_.limits.max_total_bytes));
    }
    return Status::Ok();
  }

  Status ReadStyles(const std::string& part) {
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> xml, state_.LoadPart(part, part));
    pugi::xml_node root = xml->doc.document_element();
    if (!Is(root, "styleSheet")) return Error(part, "the root element is not <styleSheet>");
    std::map<uint32_t, XlsxNumberFormat> custom;
    for (pugi::xml_node node : Child(root, "numFmts").children()) {
      if (!Is(node, "numFmt")) continue;
      GEMIS_ASSIGN_OR_RETURN(uint32_t id, FormatId(part, node));
      custom[id] = ClassifyXlsxNumberFormat(node.attribute("formatCode").value());
    }
    for (pugi::xml_node node : Child(root, "cellXfs").children()) {
      if (!Is(node, "xf")) continue;
      GEMIS_ASSIGN_OR_RETURN(uint32_t id, FormatId(part, node));
      auto found = custom.find(id);
      state_.cell_formats.push_back(found != custom.end()
                                        ? found->second
                                        : ClassifyXlsxNumberFormat(XlsxBuiltinNumberFormat(id)));
    }
    return Status::Ok();
  }

  Result<uint32_t> FormatId(const std::string& part, pugi::xml_node node) const {
    pugi::xml_attribute attribute = node.attribute("numFmtId");
    if (!attribute) return uint32_t{0};
    std::optional<uint64_t> id = ParseUnsigned(attribute.value());
    if (!id || *id > UINT32_MAX) {
      return Error(part, "numFmtId " + Printable(attribute.value()) + " is not a format number");
    }
    return static_cast<uint32_t>(*id);
  }

  Status ReadSharedStrings() {
    const std::string& part = state_.shared_strings_part;
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> xml, state_.LoadPart(part, part));
    pugi::xml_node root = xml->doc.document_element();
    if (!Is(root, "sst")) return Error(part, "the root element is not <sst>");
    for (pugi::xml_node item : root.children()) {
      if (!Is(item, "si")) continue;
      Result<std::string> text = ToNfc(RichText(item));
      if (!text.ok()) {
        return Error(part,
                     "string " + std::to_string(state_.shared_ends.size()) + " is not valid UTF-8");
      }
      state_.shared_text += *text;
      state_.shared_ends.push_back(state_.shared_text.size());
    }
    state_.shared_ends.shrink_to_fit();
    return Status::Ok();
  }

  XlsxReader::State& state_;
};

Status CheckLimits(const XlsxLimits& limits) {
  if (limits.max_archive_bytes == 0 || limits.max_part_bytes == 0 || limits.max_total_bytes == 0 ||
      limits.max_dom_bytes == 0 || limits.max_xml_depth <= 0 || limits.max_cells == 0 ||
      limits.max_text_bytes == 0 || limits.max_merged_ranges == 0 ||
      limits.max_merged_columns == 0 || limits.max_zip_entries == 0 || limits.max_sheets == 0) {
    return Status::Usage("every XlsxLimits limit must be greater than 0");
  }
  return Status::Ok();
}

}  // namespace

Result<XlsxReader> XlsxReader::Open(const std::string& path, const XlsxLimits& limits) {
  std::error_code error;
  uintmax_t size = std::filesystem::file_size(path, error);
  if (error == std::errc::no_such_file_or_directory) {
    return Status::NotFound("no such file", Location{path, 0, 0, ""});
  }
  if (error)
    return Status::Io("cannot read the file: " + error.message(), Location{path, 0, 0, ""});
  if (size > limits.max_archive_bytes) {
    return FileError(path, "the file is " + Bytes(size) + ", more than the limit of " +
                               Bytes(limits.max_archive_bytes));
  }
  try {
    std::string bytes(static_cast<size_t>(size), '\0');
    std::ifstream in(path, std::ios::binary);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in || in.gcount() != static_cast<std::streamsize>(bytes.size())) {
      return Status::Io("cannot read the file", Location{path, 0, 0, ""});
    }
    return OpenBuffer(std::move(bytes), path, limits);
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory reading " + path);
  }
}

Result<XlsxReader> XlsxReader::OpenBuffer(std::string bytes, std::string source_name,
                                          const XlsxLimits& limits) {
  GEMIS_RETURN_IF_ERROR(CheckLimits(limits));
  if (bytes.size() > limits.max_archive_bytes) {
    return FileError(source_name, "the file is " + Bytes(bytes.size()) +
                                      ", more than the limit of " +
                                      Bytes(limits.max_archive_bytes));
  }
  try {
    auto state = std::make_shared<State>();
    state->bytes = std::move(bytes);
    state->source_name = std::move(source_name);
    state->limits = limits;
    GEMIS_ASSIGN_OR_RETURN(state->archive,
                           ZipArchive::Open(state->bytes, state->source_name, limits));
    GEMIS_RETURN_IF_ERROR(WorkbookLoader(*state).Load());
    return XlsxReader(std::move(state));
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory opening a workbook");
  }
}

const std::string& XlsxReader::source_name() const { return state_->source_name; }
const std::vector<XlsxSheetInfo>& XlsxReader::sheets() const { return state_->sheets; }
const std::vector<std::string>& XlsxReader::sheet_names() const { return state_->sheet_names; }
bool XlsxReader::date1904() const { return state_->date1904; }

// ---------------------------------------------------------------------------
// Reading one sheet.

// The memory bound of docs/formats/xlsx.md counts 64 bytes per stored cell.
static_assert(sizeof(void*) != 8 || sizeof(XlsxGridCell) <= 64);

class XlsxGridParser {
 public:
  XlsxGridParser(const XlsxReader::State& workbook, const XlsxSheetInfo& info, XlsxGrid& sheet)
      : workbook_(workbook), info_(info), sheet_(sheet) {
    sheet_.source_name_ = workbook.source_name;
    sheet_.name_ = info.name;
  }

  Status Parse(pugi::xml_node root) {
    std::string_view kind = LocalName(root);
    if (kind != "worksheet" && kind != "chartsheet" && kind != "dialogsheet" &&
        kind != "macrosheet") {
      return PartError(workbook_.source_name, info_.part, What(),
                       "the root element is not <worksheet>");
    }
    if (pugi::xml_node dimension = Child(root, "dimension")) {
      Result<XlsxRange> range = ParseXlsxRange(dimension.attribute("ref").value());
      if (range.ok()) sheet_.dimension_ = *range;
    }
    GEMIS_RETURN_IF_ERROR(ParseRows(Child(root, "sheetData")));
    GEMIS_RETURN_IF_ERROR(SortCells());
    GEMIS_RETURN_IF_ERROR(ParseMerges(Child(root, "mergeCells")));
    return BuildMergeIndex();
  }

 private:
  std::string What() const { return info_.part + " (sheet " + Printable(info_.name) + ")"; }

  // "<part>: <message> at <sheet>!<cell>", located at the cell.
  Status CellError(int row, int col, std::string_view part, const std::string& message) const {
    std::string field = XlsxCellField(info_.name, row, col);
    return Status::Invalid(std::string(part) + ": " + message + " at " + field,
                           Location{workbook_.source_name, row, col, field});
  }
  Status CellError(int row, int col, const std::string& message) const {
    return CellError(row, col, info_.part, message);
  }
  // An error about a row, or a cell whose position is unknown: the field is
  // "<sheet>!<what the file says>".
  Status SheetError(int row, std::string_view where, const std::string& message) const {
    std::string field = info_.name + "!" + Printable(where, false);
    return Status::Invalid(info_.part + ": " + message + " at " + field,
                           Location{workbook_.source_name, row, 0, field});
  }

  Status ParseRows(pugi::xml_node sheet_data) {
    ReserveCells(sheet_data);
    int row = 0;
    for (pugi::xml_node row_node : sheet_data.children()) {
      if (!Is(row_node, "row")) continue;
      GEMIS_ASSIGN_OR_RETURN(row, RowNumber(row_node, row));
      int col = 0;
      for (pugi::xml_node cell_node : row_node.children()) {
        if (!Is(cell_node, "c")) continue;
        GEMIS_ASSIGN_OR_RETURN(col, CellColumn(cell_node, row, col));
        GEMIS_RETURN_IF_ERROR(ParseCell(cell_node, row, col));
      }
    }
    return Status::Ok();
  }

  // Reserves room for the cells (at most max_cells), so that the vector is
  // not reallocated while the sheet is read: 64 bytes per cell, not up to 3x
  // that while a doubling vector copies itself.
  void ReserveCells(pugi::xml_node sheet_data) {
    size_t count = 0;
    for (pugi::xml_node row : sheet_data.children()) {
      if (!Is(row, "row")) continue;
      for (pugi::xml_node cell : row.children()) count += Is(cell, "c") ? 1 : 0;
      if (count >= workbook_.limits.max_cells) break;
    }
    cells_.reserve(std::min(count, workbook_.limits.max_cells));
  }

  // A row without r follows the previous one, unless its first cell says
  // where it is.
  Result<int> RowNumber(pugi::xml_node node, int previous) const {
    if (pugi::xml_attribute r = node.attribute("r")) {
      std::optional<uint64_t> number = ParseUnsigned(r.value());
      if (!number || *number < 1 || *number > static_cast<uint64_t>(kXlsxMaxRows)) {
        return SheetError(previous + 1, r.value(),
                          "row number " + Printable(r.value()) + " is not in 1 to 1048576");
      }
      return static_cast<int>(*number);
    }
    if (pugi::xml_attribute r = Child(node, "c").attribute("r")) {
      Result<XlsxCellRef> ref = ParseXlsxCell(r.value());
      if (ref.ok()) return ref->row;
    }
    if (previous >= kXlsxMaxRows) {
      return SheetError(previous, "row " + std::to_string(previous + 1),
                        "a row after the last row (1048576)");
    }
    return previous + 1;
  }

  // A cell without r follows the previous cell of its row.
  Result<int> CellColumn(pugi::xml_node node, int row, int previous) const {
    if (pugi::xml_attribute r = node.attribute("r")) {
      Result<XlsxCellRef> ref = ParseXlsxCell(r.value());
      if (!ref.ok()) return SheetError(row, r.value(), ref.status().message());
      if (ref->row != row) {
        return CellError(ref->row, ref->col, "the cell is inside row " + std::to_string(row));
      }
      return ref->col;
    }
    if (previous >= kXlsxMaxColumns) {
      return SheetError(row, FormatXlsxCell(row, previous) + "+1",
                        "a cell after the last column (XFD)");
    }
    return previous + 1;
  }

  Status ParseCell(pugi::xml_node node, int row, int col) {
    XlsxValue cell;
    cell.formula = static_cast<bool>(Child(node, "f"));
    GEMIS_RETURN_IF_ERROR(ReadValue(node, row, col, cell));
    if (cell.empty() && !cell.formula) return Status::Ok();
    if (cells_.size() >= workbook_.limits.max_cells) {
      return CellError(row, col,
                       "the sheet has more than " + std::to_string(workbook_.limits.max_cells) +
                           " cells, the limit");
    }
    text_bytes_ += cell.text.size();
    if (text_bytes_ > workbook_.limits.max_text_bytes) {
      return CellError(row, col,
                       "the sheet's cells hold more than " +
                           Bytes(workbook_.limits.max_text_bytes) + " of text, the limit");
    }
    cells_.push_back({row, col, std::move(cell)});
    return Status::Ok();
  }

  Status ReadValue(pugi::xml_node node, int row, int col, XlsxValue& cell) const {
    std::string_view type = node.attribute("t").value();
    pugi::xml_node value = Child(node, "v");
    if (type == "inlineStr") {
      pugi::xml_node inline_string = Child(node, "is");
      if (!inline_string && !value) return Status::Ok();
      return SetString(
          row, col, inline_string ? RichText(inline_string) : DecodeEscapes(NodeText(value)), cell);
    }
    if (!value) return Status::Ok();
    std::string raw = NodeText(value);
    if (type.empty() || type == "n") return SetNumber(node, row, col, raw, cell);
    if (type == "s") return SetSharedString(row, col, raw, cell);
    if (type == "str") return SetString(row, col, DecodeEscapes(raw), cell);
    if (type == "b") return SetBoolean(row, col, raw, cell);
    if (type == "e") return SetError(row, col, raw, cell);
    if (type == "d") return SetIsoDate(row, col, raw, cell);
    return CellError(row, col, "unknown cell type " + Printable(type));
  }

  Status SetString(int row, int col, const std::string& text, XlsxValue& cell) const {
    Result<std::string> nfc = ToNfc(text);
    if (!nfc.ok()) return CellError(row, col, "the text is not valid UTF-8");
    cell.kind = XlsxValue::Kind::kString;
    cell.text = std::move(nfc).value();
    return Status::Ok();
  }

  Status SetSharedString(int row, int col, std::string_view raw, XlsxValue& cell) const {
    std::optional<uint64_t> index = ParseUnsigned(TrimXmlSpace(raw));
    const std::vector<size_t>& ends = workbook_.shared_ends;
    if (!index || *index >= ends.size()) {
      std::string count = workbook_.has_shared_strings
                              ? "it has " + std::to_string(ends.size()) +
                                    (ends.size() == 1 ? " string" : " strings")
                              : "the workbook has no shared strings part";
      return CellError(row, col, workbook_.shared_strings_part,
                       "string index " + (index ? std::to_string(*index) : Printable(raw)) +
                           " out of range (" + count + ")");
    }
    size_t begin = *index == 0 ? 0 : ends[*index - 1];
    cell.kind = XlsxValue::Kind::kString;
    cell.text = workbook_.shared_text.substr(begin, ends[*index] - begin);
    return Status::Ok();
  }

  Status SetNumber(pugi::xml_node node, int row, int col, std::string_view raw,
                   XlsxValue& cell) const {
    if (TrimXmlSpace(raw).empty()) return Status::Ok();
    std::optional<double> number = ParseNumber(raw);
    if (!number) return CellError(row, col, Printable(raw) + " is not a number");
    GEMIS_ASSIGN_OR_RETURN(XlsxNumberFormat format, CellFormat(node, row, col));
    cell.number = *number;
    if (format.date) cell.date = XlsxSerialToDate(*number, workbook_.date1904);
    if (cell.date) {
      cell.kind = XlsxValue::Kind::kDate;
      cell.text = cell.date->ToString();
    } else {
      cell.kind = XlsxValue::Kind::kNumber;
      cell.text = NumberText(*number, format.zero_pad);
    }
    return Status::Ok();
  }

  // The number format of the cell's style (s, an index into cellXfs).
  Result<XlsxNumberFormat> CellFormat(pugi::xml_node node, int row, int col) const {
    pugi::xml_attribute s = node.attribute("s");
    const std::vector<XlsxNumberFormat>& formats = workbook_.cell_formats;
    if (!s) return formats.empty() ? XlsxNumberFormat{} : formats[0];
    std::optional<uint64_t> index = ParseUnsigned(s.value());
    if (index && *index < formats.size()) return formats[*index];
    // Without a styles part every style is General; style 0 always exists.
    if (index && (*index == 0 || !workbook_.has_styles)) return XlsxNumberFormat{};
    return CellError(row, col,
                     "style " + Printable(s.value()) + " is not in xl/styles.xml (" +
                         std::to_string(formats.size()) + " cell formats)");
  }

  Status SetBoolean(int row, int col, std::string_view raw, XlsxValue& cell) const {
    raw = TrimXmlSpace(raw);
    bool yes = raw == "1" || raw == "true";
    if (!yes && raw != "0" && raw != "false") {
      return CellError(row, col, Printable(raw) + " is not a boolean (0 or 1)");
    }
    cell.kind = XlsxValue::Kind::kBoolean;
    cell.number = yes ? 1 : 0;
    cell.text = yes ? "TRUE" : "FALSE";
    return Status::Ok();
  }

  Status SetError(int row, int col, const std::string& raw, XlsxValue& cell) const {
    GEMIS_RETURN_IF_ERROR(SetString(row, col, raw, cell));
    cell.kind = XlsxValue::Kind::kError;
    return Status::Ok();
  }

  Status SetIsoDate(int row, int col, std::string_view raw, XlsxValue& cell) const {
    auto parsed = ParseIsoDateTime(raw, workbook_.date1904);
    if (!parsed) return CellError(row, col, Printable(raw) + " is not an ISO 8601 date");
    cell.kind = XlsxValue::Kind::kDate;
    cell.date = parsed->first;
    cell.number = parsed->second;
    cell.text = parsed->first.ToString();
    return Status::Ok();
  }

  // Rows and cells are in order in every file Excel writes; others are
  // sorted. A position given twice is an error.
  Status SortCells() {
    auto before = [](const XlsxGridCell& a, const XlsxGridCell& b) {
      return std::tie(a.row, a.col) < std::tie(b.row, b.col);
    };
    if (!std::is_sorted(cells_.begin(), cells_.end(), before)) {
      std::stable_sort(cells_.begin(), cells_.end(), before);
    }
    for (size_t i = 1; i < cells_.size(); ++i) {
      if (cells_[i].row == cells_[i - 1].row && cells_[i].col == cells_[i - 1].col) {
        return CellError(cells_[i].row, cells_[i].col, "the cell is given twice");
      }
    }
    if (!cells_.empty()) sheet_.rows_ = cells_.back().row;
    for (const XlsxGridCell& entry : cells_) sheet_.cols_ = std::max(sheet_.cols_, entry.col);
    sheet_.cells_ = std::move(cells_);
    return Status::Ok();
  }

  Status ParseMerges(pugi::xml_node merge_cells) {
    uint64_t columns = 0;
    for (pugi::xml_node node : merge_cells.children()) {
      if (!Is(node, "mergeCell")) continue;
      std::string_view ref = node.attribute("ref").value();
      Result<XlsxRange> range = ParseXlsxRange(ref);
      if (!range.ok()) {
        return SheetError(0, ref,
                          "merged range " + Printable(ref) + ": " + range.status().message());
      }
      if (sheet_.merged_.size() >= workbook_.limits.max_merged_ranges) {
        return SheetError(range->first.row, ref,
                          "the sheet has more than " +
                              std::to_string(workbook_.limits.max_merged_ranges) +
                              " merged ranges, the limit");
      }
      columns += static_cast<uint64_t>(range->last.col - range->first.col + 1);
      if (columns > workbook_.limits.max_merged_columns) {
        return SheetError(range->first.row, ref,
                          "the merged ranges span more than " +
                              std::to_string(workbook_.limits.max_merged_columns) +
                              " columns in all, the limit");
      }
      sheet_.merged_.push_back(*range);
      sheet_.rows_ = std::max(sheet_.rows_, range->last.row);
      sheet_.cols_ = std::max(sheet_.cols_, range->last.col);
    }
    return Status::Ok();
  }

  Status BuildMergeIndex() {
    std::vector<XlsxGrid::MergeColumn>& index = sheet_.merge_index_;
    for (uint32_t i = 0; i < sheet_.merged_.size(); ++i) {
      const XlsxRange& range = sheet_.merged_[i];
      for (int col = range.first.col; col <= range.last.col; ++col) {
        index.push_back({col, range.first.row, range.last.row, i});
      }
    }
    std::sort(index.begin(), index.end(), [](const auto& a, const auto& b) {
      return std::tie(a.col, a.first_row) < std::tie(b.col, b.first_row);
    });
    for (size_t i = 1; i < index.size(); ++i) {
      if (index[i].col == index[i - 1].col && index[i].first_row <= index[i - 1].last_row) {
        const XlsxRange& a = sheet_.merged_[index[i - 1].range];
        const XlsxRange& b = sheet_.merged_[index[i].range];
        return CellError(
            index[i].first_row, index[i].col,
            "merged ranges " + FormatXlsxRange(a) + " and " + FormatXlsxRange(b) + " overlap");
      }
    }
    return Status::Ok();
  }

  const XlsxReader::State& workbook_;
  const XlsxSheetInfo& info_;
  XlsxGrid& sheet_;
  std::vector<XlsxGridCell> cells_;
  uint64_t text_bytes_ = 0;
};

Result<XlsxGrid> XlsxReader::ReadSheet(std::string_view name) const {
  Result<std::string> nfc = ToNfc(name);
  for (size_t i = 0; nfc.ok() && i < state_->sheets.size(); ++i) {
    if (state_->sheets[i].name == *nfc) return ReadSheet(i);
  }
  std::string names;
  for (const std::string& sheet : state_->sheet_names) names += (names.empty() ? "" : ", ") + sheet;
  return Status::NotFound("no sheet named " + Printable(name) + " (the sheets: " + names + ")",
                          Location{state_->source_name, 0, 0, ""});
}

Result<XlsxGrid> XlsxReader::ReadSheet(size_t index) const {
  const State& state = *state_;
  if (index >= state.sheets.size()) {
    return Status::NotFound("no sheet number " + std::to_string(index + 1) + " (the workbook has " +
                                std::to_string(state.sheets.size()) + ")",
                            Location{state.source_name, 0, 0, ""});
  }
  const XlsxSheetInfo& info = state.sheets[index];
  try {
    std::string what = info.part + " (sheet " + Printable(info.name) + ")";
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> xml, state.LoadPart(info.part, what));
    XlsxGrid sheet;
    GEMIS_RETURN_IF_ERROR(XlsxGridParser(state, info, sheet).Parse(xml->doc.document_element()));
    return sheet;
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory reading sheet " + Printable(info.name));
  }
}

// ---------------------------------------------------------------------------
// Sheet lookups.

const XlsxValue& XlsxGrid::At(int row, int col) const {
  static const XlsxValue kEmpty;
  auto it = std::lower_bound(cells_.begin(), cells_.end(), std::make_pair(row, col),
                             [](const XlsxGridCell& entry, std::pair<int, int> key) {
                               return std::make_pair(entry.row, entry.col) < key;
                             });
  if (it == cells_.end() || it->row != row || it->col != col) return kEmpty;
  return it->value;
}

std::span<const XlsxGridCell> XlsxGrid::RowCells(int row) const {
  auto first = std::lower_bound(cells_.begin(), cells_.end(), row,
                                [](const XlsxGridCell& entry, int r) { return entry.row < r; });
  auto last = std::upper_bound(first, cells_.end(), row,
                               [](int r, const XlsxGridCell& entry) { return r < entry.row; });
  return {first, last};
}

const XlsxRange* XlsxGrid::MergedRangeAt(int row, int col) const {
  auto after = std::upper_bound(merge_index_.begin(), merge_index_.end(), std::make_pair(col, row),
                                [](std::pair<int, int> key, const MergeColumn& entry) {
                                  return key < std::make_pair(entry.col, entry.first_row);
                                });
  if (after == merge_index_.begin()) return nullptr;
  const MergeColumn& entry = *(after - 1);
  if (entry.col != col || entry.last_row < row) return nullptr;
  return &merged_[entry.range];
}

XlsxCellRef XlsxGrid::MergedOrigin(int row, int col) const {
  const XlsxRange* range = MergedRangeAt(row, col);
  return range ? range->first : XlsxCellRef{row, col};
}

const XlsxValue& XlsxGrid::MergedAt(int row, int col) const {
  XlsxCellRef origin = MergedOrigin(row, col);
  return At(origin.row, origin.col);
}

Location XlsxGrid::Locate(int row, int col) const {
  return Location{source_name_, row, col, XlsxCellField(name_, row, col)};
}

Status XlsxReadAll(std::string bytes, std::string source_name, const XlsxLimits& limits) {
  GEMIS_ASSIGN_OR_RETURN(XlsxReader workbook,
                         XlsxReader::OpenBuffer(std::move(bytes), std::move(source_name), limits));
  for (size_t i = 0; i < workbook.sheets().size(); ++i) {
    GEMIS_ASSIGN_OR_RETURN(XlsxGrid sheet, workbook.ReadSheet(i));
    for (const XlsxRange& range : sheet.merged_ranges()) {
      if (&sheet.MergedAt(range.last.row, range.last.col) !=
          &sheet.At(range.first.row, range.first.col)) {
        return Status::Internal("merged range lookup disagrees with " + FormatXlsxRange(range));
      }
    }
  }
  return Status::Ok();
}

}  // namespace gemis::exchange
