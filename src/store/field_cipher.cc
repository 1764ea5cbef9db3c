#include "store/field_cipher.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

namespace gemis::store {

namespace {

static_assert(FieldKey::kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

constexpr std::string_view kVersion = "v1:";
constexpr size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;  // 24
constexpr size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;       // 16
constexpr int kBase64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr size_t kHexSize = 2 * FieldKey::kSize;

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing is safe
  });
}

std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

Location File(const std::string& path) { return Location{.file = path}; }

// The key file's text: 64 lower-case hex digits and a newline.
std::string KeyText(const FieldKey& key) {
  char hex[kHexSize + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), FieldKey::kSize);
  std::string out;
  out.reserve(kHexSize + 1);  // no copy of the key left behind by a reallocation
  out.assign(hex, kHexSize);
  out.push_back('\n');
  sodium_memzero(hex, sizeof hex);
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The key a key file's text holds (ReadFieldKeyFile's format).
Result<FieldKey> ParseKeyText(std::string_view text, const std::string& path) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  const std::string shape =
      "; it must hold 64 lower-case hexadecimal digits (gemis init makes one)";
  if (text.size() != kHexSize) {
    return Status::Invalid("field key file '" + path + "' holds " + std::to_string(text.size()) +
                               " characters, not 64" + shape,
                           File(path));
  }
  std::array<unsigned char, FieldKey::kSize> bytes;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const int high = HexDigit(text[2 * i]), low = HexDigit(text[2 * i + 1]);
    if (high < 0 || low < 0) {
      sodium_memzero(bytes.data(), bytes.size());
      return Status::Invalid("field key file '" + path + "' holds a character that is not a" +
                                 " lower-case hexadecimal digit" + shape,
                             File(path));
    }
    bytes[i] = static_cast<unsigned char>(high * 16 + low);
  }
  FieldKey key(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

// Writes all of `text` to `fd`, retrying short writes and interruptions;
// 0 or the errno of the failure.
int WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Syncs the directory holding `path`, so that a new file's entry survives a
// crash as its contents do; 0 or the errno of the failure.
int SyncDirectoryOf(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

}  // namespace

FieldKey::~FieldKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

FieldKey FieldKey::Generate() {
  InitSodium();
  std::array<unsigned char, kSize> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  FieldKey key(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Result<FieldKey> ReadFieldKeyFile(const std::string& path) {
  InitSodium();
  // O_NONBLOCK: a FIFO at `path` must not block the open (it is refused
  // below as not a regular file); regular files ignore it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) {
      return Status::NotFound("field key file '" + path + "' does not exist", File(path));
    }
    return Status::Io("cannot open field key file '" + path + "': " + ErrnoText(error), File(path));
  }
  // The mode of the file opened, not of whatever the path names later.
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return Status::Io("cannot read field key file '" + path + "': " + ErrnoText(error), File(path));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status::Invalid("field key file '" + path + "' is not a regular file", File(path));
  }
  if ((info.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return Status::Invalid("field key file '" + path + "' may be read or written by others than" +
                               " its owner (mode " + mode +
                               "); a key others can read protects nothing: chmod 600 '" + path +
                               "'",
                           File(path));
  }
  // One byte more than a valid file holds, to tell a longer one.
  char buffer[kHexSize + 2];
  size_t size = 0;
  while (size < sizeof buffer) {
    const ssize_t n = ::read(fd, buffer + size, sizeof buffer - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      sodium_memzero(buffer, sizeof buffer);
      return Status::Io("cannot read field key file '" + path + "': " + ErrnoText(error),
                        File(path));
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  ::close(fd);
  Result<FieldKey> key = ParseKeyText(std::string_view(buffer, size), path);
  sodium_memzero(buffer, sizeof buffer);
  return key;
}

Result<FieldKey> CreateFieldKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0) {
    const int error = errno;
    if (error == EEXIST) {
      return Status::AlreadyExists("field key file '" + path +
                                       "' already exists; a key file is never replaced (what it"
                                       " sealed would be lost)",
                                   File(path));
    }
    return Status::Io("cannot create field key file '" + path + "': " + ErrnoText(error),
                      File(path));
  }
  FieldKey key = FieldKey::Generate();
  std::string text = KeyText(key);
  // fchmod: the umask may have taken the owner's own bits.
  int error = ::fchmod(fd, 0600) == 0 ? 0 : errno;
  if (error == 0) error = WriteAll(fd, text);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  sodium_memzero(text.data(), text.size());
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0) error = SyncDirectoryOf(path);
  if (error != 0) {
    ::unlink(path.c_str());  // a key nobody received must not stay
    return Status::Io("cannot write field key file '" + path + "': " + ErrnoText(error),
                      File(path));
  }
  return key;
}

std::string SealField(const FieldKey& key, std::string_view plaintext, std::string_view context) {
  InitSodium();
  std::string raw(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data());
  randombytes_buf(nonce, kNonceSize);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + kNonceSize, &sealed_size, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
      nullptr, nonce, key.data());
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), kBase64), '\0');
  sodium_bin2base64(out.data(), out.size(), nonce, raw.size(), kBase64);
  out.resize(std::char_traits<char>::length(out.c_str()));  // the terminating NUL
  return std::string(kVersion) + out;
}

Result<std::string> OpenField(const FieldKey& key, std::string_view sealed,
                              std::string_view context) {
  InitSodium();
  if (sealed.substr(0, kVersion.size()) != kVersion) {
    return Status::Corruption("the field is not sealed (it does not start with 'v1:')");
  }
  const std::string_view text = sealed.substr(kVersion.size());
  std::string raw(text.size(), '\0');  // base64 is longer than its bytes
  size_t raw_size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(),
                        text.size(), nullptr, &raw_size, &end, kBase64) != 0 ||
      end != text.data() + text.size() || raw_size < kNonceSize + kTagSize) {
    return Status::Corruption("the sealed field is not base64url of a nonce and a ciphertext");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  std::string out(raw_size - kNonceSize - kTagSize, '\0');
  unsigned long long out_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &out_size, nullptr, nonce + kNonceSize,
          raw_size - kNonceSize, reinterpret_cast<const unsigned char*>(context.data()),
          context.size(), nonce, key.data()) != 0) {
    return Status::Conflict(
        "the field cannot be decrypted with this key (it was sealed with another key or for"
        " another place, or it was changed)");
  }
  return out;
}

}  // namespace gemis::store
