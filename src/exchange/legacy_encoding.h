// Legacy Vietnamese 8-bit text encodings, TCVN3 (TCVN 5712:1993, the ABC
// ".Vn" fonts) and VNI-Windows (the "VNI-" fonts), read as UTF-8 in NFC so
// that the UTF-8 readers of this layer (CsvReader, ...) work unchanged on old
// files. The tables and where they were checked, the detection rule, what
// happens to invalid bytes and the memory bound are specified in
// docs/formats/legacy-encodings.md.
//
// Invariants:
//  (1) decoding never fails and always terminates: every byte is either read
//      as text or replaced by U+FFFD, and every replacement is counted in a
//      DecodeReport with the location of the first one (nothing is lost
//      silently);
//  (2) the output of TCVN3 and VNI decoding is valid UTF-8, the same however
//      the input is split into parts (DecodeText, LegacyDecoder,
//      DecodingStreamBuf with any block size), and in NFC unless the text
//      has a run of more than LegacyDecoder::kMaxCarryUnits combining marks;
//  (3) UTF-8 is passed through byte for byte, unchecked (the UTF-8 readers
//      validate it themselves and report errors with their own positions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis::exchange {

enum class TextEncoding {
  kUtf8,
  kTcvn3,  // TCVN 5712:1993 as the ABC fonts use it; see the spec for the table
  kVni,    // VNI-Windows: a base letter followed by a byte for its marks
  kAuto,   // detect with DetectTextEncoding
};

// Accepts "utf-8" / "utf8", "tcvn3" / "abc", "vni" and "auto", in any case.
// Anything else is kUsage naming the accepted spellings.
Result<TextEncoding> ParseTextEncoding(std::string_view name);

// "utf-8", "tcvn3", "vni" or "auto": the first spelling ParseTextEncoding
// accepts.
const char* TextEncodingName(TextEncoding encoding);

// What a decoder replaced by U+FFFD: bytes that are not text in the chosen
// encoding. Positions are in the source bytes: offset 0-based, line and
// column 1-based (a line ends at CRLF, LF or a lone CR; the column counts
// bytes and, as in the CSV reader, not a leading UTF-8 BOM).
struct DecodeReport {
  int64_t replaced = 0;  // bytes replaced
  int64_t first_offset = -1;
  int first_line = 0;
  int first_column = 0;
  unsigned char first_byte = 0;

  // OK when nothing was replaced; otherwise kInvalidInput located at the
  // first replaced byte in `file`: "3 bytes are not valid VNI text and were
  // read as U+FFFD; the first is byte 0xF9".
  Status ToStatus(TextEncoding encoding, std::string file) const;
};

// Chooses the encoding of `sample`, the start of a file, of which it looks at
// the first DecodingStreamBuf::kDetectBytes. Never returns kAuto:
//  1. a sample starting with a UTF-8 BOM, pure ASCII (or empty), or valid
//     UTF-8 -> kUtf8 (when the sample is kDetectBytes long, a sequence cut
//     off by its end counts as valid);
//  2. otherwise the sample is decoded as TCVN3 and as VNI and each result is
//     scored by its words that contain a non-ASCII character: +1 for each
//     one that is a well-formed Vietnamese syllable (onset, vowel cluster,
//     final consonant, at most one tone mark, consistent case), -1 for each
//     one that is not. The higher score wins; a tie goes to TCVN3, the
//     national standard.
TextEncoding DetectTextEncoding(std::string_view sample);

// Incremental TCVN3 / VNI decoder: bytes in, UTF-8 NFC out, in parts of any
// size. Holds back the characters that a later part could still change (a
// VNI base letter waiting for its mark byte, an NFC composition run, and for
// TCVN3 the current line, see the spec's "Capital fonts" rule), at most
// kMaxCarryUnits UTF-16 code units: a longer line (TCVN3) or run of
// combining marks is cut at a point chosen from its content alone (the last
// white space, else NFC boundary, within the limit), so the output never
// depends on how the input was split. Not thread-safe.
class LegacyDecoder {
 public:
  static constexpr size_t kMaxCarryUnits = size_t{1} << 16;

  // REQUIRES: encoding is kTcvn3 or kVni.
  explicit LegacyDecoder(TextEncoding encoding);
  LegacyDecoder(LegacyDecoder&&) noexcept;
  LegacyDecoder& operator=(LegacyDecoder&&) noexcept;
  ~LegacyDecoder();

  // Decodes `bytes`, the next part of the input, appending to `out`. Call
  // with `end` = true for the last part (which may be empty); after that the
  // decoder starts a new input.
  void Decode(std::string_view bytes, bool end, std::string& out);

  const DecodeReport& report() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Decodes a whole input. kAuto detects from the first kDetectBytes. kUtf8
// (given or detected) returns `bytes` unchanged. `report` (optional)
// receives the replacements, `chosen` (optional) the encoding used.
std::string DecodeText(std::string_view bytes, TextEncoding encoding,
                       DecodeReport* report = nullptr, TextEncoding* chosen = nullptr);

// The inverse, for writing files that old software reads, and for tests:
// valid UTF-8 (normalised to NFC first) as TCVN3 or VNI bytes that
// DecodeText reads back as the same NFC text. TCVN3 letters without a byte
// of their own are written as the letter without its tone mark followed by
// TCVN3's combining tone mark; C0 and C1 bytes are never written for
// letters. Errors: invalid UTF-8 (the CheckUtf8 error); a character the
// encoding cannot express (kInvalidInput, column = 1-based byte offset of
// the character); an encoding other than kTcvn3 / kVni (kUsage).
Result<std::string> EncodeText(std::string_view utf8, TextEncoding encoding);

// A read-only stream buffer that decodes `source` into UTF-8 NFC, for the
// stream readers of this layer:
//
//   DecodingIstream in(file, TextEncoding::kAuto);
//   auto reader = CsvReader::Open(in, "report.csv");
//   ...
//   Status decoding = in.buffer().status("report.csv");  // replaced bytes?
//
// Memory is bounded whatever the input size: the source block
// (block_bytes); the decoder's UTF-16 buffer, the carry
// (LegacyDecoder::kMaxCarryUnits) plus one block, and ICU's NFC copy of it;
// the UTF-8 output of one block with the carry (at most 3 bytes per unit);
// and for kAuto, once, the kDetectBytes sample and its two trial decodings.
// With the defaults that is under 1 MiB (1.5 MiB while detecting). A UTF-8
// BOM at the start is passed through in every encoding (the CSV reader skips
// it).
//
// When the source fails (badbit, or it throws), reading stops, status() is
// kIoError and the next read from this buffer throws std::ios_base::failure,
// which std::istream turns into badbit on the reading stream (and rethrows
// only if that stream has exceptions enabled), so readers report a read
// error rather than a short file. Not thread-safe.
class DecodingStreamBuf : public std::streambuf {
 public:
  static constexpr size_t kBlockBytes = size_t{1} << 16;
  static constexpr size_t kDetectBytes = size_t{1} << 16;

  // `source` must outlive this buffer; it is read in blocks of block_bytes
  // (0 is taken as 1), so it may be positioned past what was consumed.
  DecodingStreamBuf(std::istream& source, TextEncoding encoding, size_t block_bytes = kBlockBytes);
  DecodingStreamBuf(const DecodingStreamBuf&) = delete;
  DecodingStreamBuf& operator=(const DecodingStreamBuf&) = delete;
  ~DecodingStreamBuf() override;

  // The encoding given, or for kAuto the one detected once the first
  // character has been read (kAuto before).
  TextEncoding encoding() const { return chosen_; }
  // Replacements so far (all of them once the end has been read).
  const DecodeReport& report() const;
  // kIoError if the source failed; else report().ToStatus(encoding(), file).
  Status status(std::string file = "") const;

 protected:
  int_type underflow() override;

 private:
  void Start();
  bool ReadSource(size_t bytes);
  void Fill();

  std::istream* source_;
  TextEncoding chosen_;
  size_t block_bytes_;
  std::unique_ptr<LegacyDecoder> decoder_;  // null for UTF-8
  std::string in_;                          // the last block read from the source
  std::string out_;                         // decoded bytes being handed out
  bool started_ = false;
  bool source_done_ = false;
  bool finished_ = false;
  Status io_status_;
};

// An std::istream over a DecodingStreamBuf it owns.
class DecodingIstream : public std::istream {
 public:
  DecodingIstream(std::istream& source, TextEncoding encoding,
                  size_t block_bytes = DecodingStreamBuf::kBlockBytes);

  DecodingStreamBuf& buffer() { return buffer_; }
  const DecodingStreamBuf& buffer() const { return buffer_; }

 private:
  DecodingStreamBuf buffer_;
};

}  // namespace gemis::exchange
