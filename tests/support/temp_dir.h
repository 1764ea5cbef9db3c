// A temporary directory for tests, removed with everything in it when the
// TempDir goes out of scope. Standard library only (every test executable
// compiles tests/support/).
#pragma once

#include <string>
#include <string_view>

namespace gemis::test_support {

class TempDir {
 public:
  // Creates a fresh, empty directory "gemis-test-<random>" under the system
  // temporary directory (/tmp unless TMPDIR says otherwise). Aborts the test
  // program when no directory can be created: nothing could run without it.
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` inside the directory (nothing is created).
  std::string File(std::string_view name) const;

 private:
  std::string path_;
};

}  // namespace gemis::test_support
