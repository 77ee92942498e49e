#!/usr/bin/env bash
# Installs every Debian package strata needs to build, test and run.
# Idempotent: does nothing (and needs no network) when all are installed.
set -euo pipefail

PACKAGES=(
  ca-certificates cmake ninja-build g++ git python3
  clang-19 clang-tools-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev
  libboost-graph-dev nlohmann-json3-dev libfmt-dev libgtest-dev libgmock-dev
  libbenchmark-dev chromium python3-jsonschema neovim dpkg-dev file python3-yaml
  libsqlite3-dev sqlite3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "setup: installing ${missing[*]}" >&2
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
