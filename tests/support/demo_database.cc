#include "support/demo_database.h"

#include <memory>
#include <mutex>

#include "support/temp_dir.h"

namespace gemis::test_support {

const DemoDatabase& SharedDemoDatabase() {
  static std::once_flag once;
  // Destroyed at exit, with the directory it lives in.
  static std::unique_ptr<TempDir> dir;
  static DemoDatabase demo;
  std::call_once(once, [&] {
    dir = std::make_unique<TempDir>();
    demo.path = dir->File("demo.db");
    demo.created = RunGemis({"demo", "--db", demo.path, "--no-records"});
  });
  return demo;
}

CommandResult RunGemis(std::vector<std::string> args) {
  args.insert(args.begin(), GEMIS_BINARY);
  return RunCommand(args);
}

void DemoDatabaseTest::SetUp() {
  const DemoDatabase& demo = SharedDemoDatabase();
  ASSERT_EQ(demo.created.exit_code, 0) << demo.created.err << demo.created.out;
  db_ = demo.path;
  demo_ = &demo.created;
}

}  // namespace gemis::test_support
