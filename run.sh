#!/usr/bin/env bash
# The newcomer's first command: install what is missing, build, and start gemis
# on its embedded SQLite database (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps
make run
