#include "support/temp_dir.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <system_error>

namespace gemis::test_support {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device entropy;
  std::error_code error;
  fs::path base = fs::temp_directory_path(error);
  if (error) base = "/tmp";
  // create_directory reports whether it created the directory, so a name
  // another process took concurrently is simply skipped.
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = base / ("gemis-test-" + std::to_string(entropy()));
    if (fs::create_directory(candidate, error) && !error) {
      path_ = candidate.string();
      return;
    }
  }
  std::fprintf(stderr, "TempDir: cannot create a directory under %s\n", base.c_str());
  std::abort();
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string TempDir::File(std::string_view name) const {
  return (fs::path(path_) / fs::path(name)).string();
}

}  // namespace gemis::test_support
