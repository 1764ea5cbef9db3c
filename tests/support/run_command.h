// Runs a program as a child process, the way a user's shell would, and
// captures what it printed: for end-to-end tests of the `gemis` binary.
// Standard library and POSIX only (every test executable compiles
// tests/support/).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gemis::test_support {

struct CommandResult {
  // The exit status (0-255) of a child that exited; 128 + the signal number
  // of one that was killed (as a shell reports it); -1 when the program
  // could not be started (`err` then says why).
  int exit_code = -1;
  std::string out;  // everything written to stdout
  std::string err;  // everything written to stderr
};

// Runs argv[0] (a path; PATH is not searched) with the arguments argv[1..],
// no shell involved, stdin reading /dev/null, and the environment of this
// process plus `extra_env` (name, value; a name already set is overridden).
// Blocks until the child exits. Both output streams are drained concurrently,
// so a child writing much to either never blocks. Thread-safe: each call
// uses its own pipes. REQUIRES: argv is not empty.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::pair<std::string, std::string>>& extra_env = {});

// As RunCommand, with `input` and a newline on the child's stdin: written to
// a file in `dir` and redirected by /bin/sh (a password for
// --password-stdin).
CommandResult RunCommandWithInput(const std::vector<std::string>& argv, const std::string& input,
                                  const std::string& dir);

}  // namespace gemis::test_support
