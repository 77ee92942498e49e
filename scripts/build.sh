#!/usr/bin/env bash
# Configures and builds strata into build/ (Release, Ninja).
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/setup.sh"
JOBS=${JOBS:-$(nproc)}
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
fi
cmake --build build -j "$JOBS"
