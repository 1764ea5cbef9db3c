#!/usr/bin/env bash
# The newcomer's second command: install what is missing, build everything with
# -Werror, and run every test, then the sanitizer (ASan + UBSan) suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps --test
make test
