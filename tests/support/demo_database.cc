#include "support/demo_database.h"

#include <memory>
#include <mutex>

#include "support/temp_dir.h"

namespace gemis::test_support {

const DemoDatabase& SharedDemoDatabase(const std::string& binary) {
  static std::once_flag once;
  // Leaked on purpose: destroyed at exit with the directory it lives in.
  static std::unique_ptr<TempDir> dir;
  static DemoDatabase demo;
  std::call_once(once, [&] {
    dir = std::make_unique<TempDir>();
    demo.path = dir->File("demo.db");
    demo.created = RunCommand({binary, "demo", "--db", demo.path});
  });
  return demo;
}

}  // namespace gemis::test_support
