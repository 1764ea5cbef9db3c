// Field encryption at rest (store/field_cipher.h): sealed fields open only
// with their key and context, tampering is detected, nonces are random, and
// key files are read strictly and created without replacing anything.
#include "store/field_cipher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

namespace gemis::store {
namespace {

using test_support::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kContext = "safe_birth:BirthUid001:mother_name";

void WriteFile(const std::string& path, const std::string& text, mode_t mode = 0600) {
  std::ofstream(path, std::ios::binary) << text;
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ------------------------------------------------------------------ fields

TEST(FieldCipher, RoundTripsTextOfAnyLength) {
  const FieldKey key = FieldKey::Generate();
  for (const std::string& text :
       {std::string(), std::string("Giàng Thị Mai"), std::string("Lò Thị Ửng, bản Nậm Củng"),
        std::string("2001-09-30"), std::string(1000, 'x'), std::string("a\0b", 3)}) {
    const std::string sealed = SealField(key, text, kContext);
    EXPECT_THAT(sealed, StartsWith("v1:"));
    if (text.size() > 3) {
      EXPECT_EQ(sealed.find(text), std::string::npos);
    }
    Result<std::string> opened = OpenField(key, sealed, kContext);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, text);
  }
}

TEST(FieldCipher, SealedTextIsUnpaddedBase64UrlOfNonceAndCiphertext) {
  const std::string sealed = SealField(FieldKey::Generate(), "Mai", kContext);
  const std::string body = sealed.substr(3);
  // 24 nonce + 3 text + 16 tag bytes = 43 bytes: 58 characters, no '='.
  EXPECT_EQ(body.size(), 58u);
  EXPECT_EQ(
      body.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << body;
}

TEST(FieldCipher, TwoSealsOfTheSameTextDiffer) {
  const FieldKey key = FieldKey::Generate();
  const std::string a = SealField(key, "Giàng Thị Mai", kContext);
  const std::string b = SealField(key, "Giàng Thị Mai", kContext);
  EXPECT_NE(a, b);  // a random nonce each time
  EXPECT_EQ(*OpenField(key, a, kContext), *OpenField(key, b, kContext));
}

TEST(FieldCipher, AnotherKeyDoesNotOpen) {
  const std::string sealed = SealField(FieldKey::Generate(), "Giàng Thị Mai", kContext);
  Result<std::string> opened = OpenField(FieldKey::Generate(), sealed, kContext);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kConflict);
  EXPECT_THAT(opened.status().message(), HasSubstr("cannot be decrypted with this key"));
}

TEST(FieldCipher, AnotherContextDoesNotOpen) {
  const FieldKey key = FieldKey::Generate();
  const std::string sealed = SealField(key, "Giàng Thị Mai", kContext);
  // Another row, another column: the value cannot be moved there.
  for (const char* context :
       {"safe_birth:BirthUid002:mother_name", "safe_birth:BirthUid001:mother_birth_date", ""}) {
    Result<std::string> opened = OpenField(key, sealed, context);
    ASSERT_FALSE(opened.ok()) << context;
    EXPECT_EQ(opened.status().code(), ErrorCode::kConflict) << context;
  }
}

TEST(FieldCipher, ChangedTextDoesNotOpen) {
  const FieldKey key = FieldKey::Generate();
  const std::string sealed = SealField(key, "Giàng Thị Mai", kContext);
  // Each character of the body changed in turn (the nonce, the ciphertext,
  // the tag): never opens. (A change of the last character's padding bits
  // alone is refused by the decoder.)
  for (size_t i = 3; i < sealed.size(); ++i) {
    std::string changed = sealed;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    Result<std::string> opened = OpenField(key, changed, kContext);
    if (opened.ok()) {
      ADD_FAILURE() << "character " << i << " changed, yet it opened: " << *opened;
      continue;
    }
    EXPECT_TRUE(opened.status().code() == ErrorCode::kConflict ||
                opened.status().code() == ErrorCode::kCorruption)
        << i << ": " << opened.status().ToString();
  }
  // Cut short or lengthened (by whole base64 quads: still decodes).
  const std::string body = sealed.substr(3);
  const std::string quads = body.substr(0, body.size() / 4 * 4);
  EXPECT_EQ(OpenField(key, "v1:" + quads, kContext).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(OpenField(key, "v1:" + quads.substr(0, quads.size() - 4), kContext).status().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(OpenField(key, "v1:" + quads + "AAAA", kContext).status().code(), ErrorCode::kConflict);
}

TEST(FieldCipher, TextThatIsNotSealedIsCorrupt) {
  const FieldKey key = FieldKey::Generate();
  for (const char* text : {"", "Giàng Thị Mai", "v2:AAAA", "v1:", "v1:AAAA", "v1:not base64!",
                           "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}) {
    Result<std::string> opened = OpenField(key, text, kContext);
    ASSERT_FALSE(opened.ok()) << text;
    EXPECT_EQ(opened.status().code(), ErrorCode::kCorruption) << text;
  }
}

TEST(FieldCipher, KeysAreCopiedWhole) {
  const FieldKey key = FieldKey::Generate();
  FieldKey copy = key;
  const std::string sealed = SealField(key, "Mai", kContext);
  EXPECT_EQ(*OpenField(copy, sealed, kContext), "Mai");
  copy = FieldKey::Generate();
  EXPECT_FALSE(OpenField(copy, sealed, kContext).ok());
  copy = key;
  EXPECT_EQ(*OpenField(copy, sealed, kContext), "Mai");
}

// --------------------------------------------------------------- key files

TEST(FieldKeyFile, CreatedKeyIsReadBack) {
  TempDir dir;
  const std::string path = dir.File("g.db.key");
  Result<FieldKey> created = CreateFieldKeyFile(path);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  const std::string text = ReadFile(path);
  ASSERT_EQ(text.size(), 65u);
  EXPECT_EQ(text.find_first_not_of("0123456789abcdef"), 64u);
  EXPECT_EQ(text.back(), '\n');

  Result<FieldKey> read = ReadFieldKeyFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const std::string sealed = SealField(*created, "Giàng Thị Mai", kContext);
  EXPECT_EQ(*OpenField(*read, sealed, kContext), "Giàng Thị Mai");
  // Two files, two keys.
  Result<FieldKey> other = CreateFieldKeyFile(dir.File("other.key"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(OpenField(*other, sealed, kContext).ok());
  EXPECT_NE(ReadFile(dir.File("other.key")), text);
}

TEST(FieldKeyFile, AnExistingFileIsNeverReplaced) {
  TempDir dir;
  const std::string path = dir.File("g.db.key");
  ASSERT_TRUE(CreateFieldKeyFile(path).ok());
  const std::string before = ReadFile(path);
  Result<FieldKey> again = CreateFieldKeyFile(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.status().where().file, path);
  EXPECT_THAT(again.status().message(), HasSubstr(path));
  EXPECT_EQ(ReadFile(path), before);
  // Nor any other file, nor through a symbolic link.
  WriteFile(dir.File("notes.txt"), "ghi chú");
  EXPECT_EQ(CreateFieldKeyFile(dir.File("notes.txt")).status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(dir.File("notes.txt")), "ghi chú");
  ASSERT_EQ(::symlink(dir.File("dangling").c_str(), dir.File("link.key").c_str()), 0);
  EXPECT_EQ(CreateFieldKeyFile(dir.File("link.key")).status().code(), ErrorCode::kAlreadyExists);
  struct stat info;
  EXPECT_NE(::stat(dir.File("dangling").c_str(), &info), 0);
}

TEST(FieldKeyFile, ACreateInAMissingDirectoryFails) {
  TempDir dir;
  Result<FieldKey> created = CreateFieldKeyFile(dir.File("no/such/dir/g.db.key"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), ErrorCode::kIoError);
  EXPECT_THAT(created.status().message(), HasSubstr("no/such/dir/g.db.key"));
}

TEST(FieldKeyFile, MissingFileIsNotFound) {
  TempDir dir;
  Result<FieldKey> read = ReadFieldKeyFile(dir.File("g.db.key"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(read.status().where().file, dir.File("g.db.key"));
  EXPECT_THAT(read.status().message(), HasSubstr(dir.File("g.db.key")));
}

TEST(FieldKeyFile, OnlySixtyFourLowerCaseHexDigitsAreAKey) {
  TempDir dir;
  const std::string hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  // Accepted: with or without its newline.
  for (const std::string& text : {hex, hex + "\n"}) {
    WriteFile(dir.File("ok.key"), text);
    Result<FieldKey> read = ReadFieldKeyFile(dir.File("ok.key"));
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->data()[0], 0x00);
    EXPECT_EQ(read->data()[10], 0xaa);
    EXPECT_EQ(read->data()[31], 0xff);
  }
  struct Case {
    std::string text;
    const char* says;
  };
  const Case refused[] = {
      {"", "holds 0 characters, not 64"},
      {"\n", "holds 0 characters, not 64"},
      {hex.substr(0, 62), "holds 62 characters, not 64"},  // wrong length
      {hex + "00", "holds 66 characters, not 64"},
      {hex + "\n\n", "holds 65 characters, not 64"},
      {hex + "\r\n", "holds 65 characters, not 64"},
      {" " + hex.substr(1), "not a lower-case hexadecimal digit"},
      {"00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff",
       "not a lower-case hexadecimal digit"},                           // upper case
      {hex.substr(0, 63) + "g", "not a lower-case hexadecimal digit"},  // bad hex
      {std::string(200, 'a'), "holds 66 characters, not 64"},           // read no further than that
  };
  for (const Case& c : refused) {
    WriteFile(dir.File("bad.key"), c.text);
    Result<FieldKey> read = ReadFieldKeyFile(dir.File("bad.key"));
    ASSERT_FALSE(read.ok()) << c.text;
    EXPECT_EQ(read.status().code(), ErrorCode::kInvalidInput) << c.text;
    EXPECT_EQ(read.status().where().file, dir.File("bad.key"));
    EXPECT_THAT(read.status().message(), HasSubstr(c.says)) << c.text;
    EXPECT_THAT(read.status().message(), HasSubstr(dir.File("bad.key")));
  }
}

TEST(FieldKeyFile, AFileOthersCanReadIsRefused) {
  TempDir dir;
  const std::string path = dir.File("g.db.key");
  ASSERT_TRUE(CreateFieldKeyFile(path).ok());
  for (mode_t mode : {0640, 0604, 0620, 0602, 0644, 0660}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    Result<FieldKey> read = ReadFieldKeyFile(path);
    ASSERT_FALSE(read.ok()) << std::oct << mode;
    EXPECT_EQ(read.status().code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(read.status().where().file, path);
    EXPECT_THAT(read.status().message(), HasSubstr(path));
    EXPECT_THAT(read.status().message(), HasSubstr("chmod 600"));
  }
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  EXPECT_THAT(ReadFieldKeyFile(path).status().message(), HasSubstr("(mode 0640)"));
  // The owner's bits alone are fine.
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(ReadFieldKeyFile(path).ok());
}

TEST(FieldKeyFile, OnlyARegularFileIsAKeyFile) {
  TempDir dir;
  ASSERT_EQ(::mkdir(dir.File("dir.key").c_str(), 0700), 0);
  ASSERT_EQ(::mkfifo(dir.File("fifo.key").c_str(), 0600), 0);
  for (const char* name : {"dir.key", "fifo.key"}) {  // the FIFO does not block
    Result<FieldKey> read = ReadFieldKeyFile(dir.File(name));
    ASSERT_FALSE(read.ok()) << name;
    EXPECT_EQ(read.status().code(), ErrorCode::kInvalidInput) << name;
    EXPECT_THAT(read.status().message(), HasSubstr("not a regular file"));
  }
}

}  // namespace
}  // namespace gemis::store
