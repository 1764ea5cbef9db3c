// The demo database (gemis demo), built once per test process by running the
// real binary: end-to-end tests of the planning commands share it read-only.
#pragma once

#include <string>

#include "support/run_command.h"

namespace gemis::test_support {

struct DemoDatabase {
  std::string path;       // the database file
  CommandResult created;  // what `gemis demo` printed and returned
};

// Builds the demo on first use (in a temporary directory removed at exit).
// `binary` is the gemis executable.
const DemoDatabase& SharedDemoDatabase(const std::string& binary);

}  // namespace gemis::test_support
