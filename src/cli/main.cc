// The gemis command-line entry point: everything happens in cli/commands.
#include "cli/app.h"

int main(int argc, char** argv) { return gemis::cli::RunApp(argc, argv); }
