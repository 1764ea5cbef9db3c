#include "cli/app.h"

#include <CLI/CLI.hpp>

namespace gemis::cli {

int RunApp(int argc, char** argv) {
  CLI::App app{"gemis — gender-equality monitoring information system"};
  app.set_version_flag("--version", GEMIS_VERSION);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return 0;
}

}  // namespace gemis::cli
