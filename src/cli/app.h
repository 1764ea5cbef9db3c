// The `gemis` command line: parses arguments (CLI11), runs one command, and
// maps its Status to an exit code: 0 ok, 1 input rejected, 2 usage, 3 internal.
#pragma once

namespace gemis::cli {

int RunApp(int argc, char** argv);

}  // namespace gemis::cli
