#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/build.sh"
JOBS=${JOBS:-$(nproc)}
ctest --test-dir build --output-on-failure -j "$JOBS"
