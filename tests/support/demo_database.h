// The demo database (gemis demo --no-records: the plans without the synthetic
// model records, whose figures would add to the tests' own actuals), built
// once per test process by running the real binary: end-to-end tests of the
// planning commands share it read-only. tests/cli/model_command_test.cc
// builds its own demo with the records.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/run_command.h"

namespace gemis::test_support {

struct DemoDatabase {
  std::string path;       // the database file
  CommandResult created;  // what `gemis demo` printed and returned
};

// Builds the demo on first use (in a temporary directory removed at exit).
const DemoDatabase& SharedDemoDatabase();

// Runs the gemis binary of this build with `args`.
CommandResult RunGemis(std::vector<std::string> args);

// A fixture whose tests read the shared demo database.
class DemoDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override;

  std::string db_;
  const CommandResult* demo_ = nullptr;
};

}  // namespace gemis::test_support
