#!/usr/bin/env bash
# The installed strata, as a user gets it: `cmake --install` into a prefix,
# or the `cpack -G DEB` package installed with dpkg -i. Either way it runs
# from outside the source tree, on an example configured in a temporary
# directory, and nothing in it points back into the build tree.
#
# Usage: package_test.sh install|deb BUILD_DIR SOURCE_DIR
# Exit 77 (skipped) when the deb case cannot run here: no root, or a strata
# package is already installed (the test removes what it installs, and
# must not remove what it did not).
set -euo pipefail
MODE=$1
BUILD=$(realpath "$2")
SOURCE=$(realpath "$3")
WORK=$(mktemp -d)
INSTALLED=""
cleanup() {
  if [ -n "$INSTALLED" ]; then dpkg -r strata >/dev/null || echo "package_test: dpkg -r strata failed" >&2; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

# An example outside the source tree, with its own compile database.
cp -r "$SOURCE/examples/layered" "$WORK/layered"
cmake -S "$WORK/layered" -B "$WORK/layered/build" -G Ninja >/dev/null

# Runs the installed binary $1 from / and checks what a user would.
check_binary() {
  local bin=$1
  [ -x "$bin" ] || fail "$bin is not installed"
  local version
  version=$(cd / && "$bin" --version)
  echo "$version"
  [[ $version == *"strata "*"(Clang 19."*", facts schema "[0-9]*")"* ]] ||
    fail "--version says '$version', not the strata, Clang and facts schema versions"
  if readelf -d "$bin" | grep -E 'R(UN)?PATH' | grep -qF "$BUILD"; then
    fail "$bin has a RUNPATH into the build tree"
  fi
  if ldd "$bin" | grep -q 'not found'; then
    fail "$bin misses libraries: $(ldd "$bin" | grep 'not found')"
  fi
  local out
  out=$(cd / && "$bin" analyze -p "$WORK/layered/build" --no-cache 2>&1) ||
    fail "strata analyze failed: $out"
  [[ $out == *"modular production"* ]] || fail "no verdict in: $out"
  # <stddef.h> and friends come from the resource directory it was built with.
  printf '#include <stddef.h>\n#include <stdarg.h>\nsize_t f(void);\n' >"$WORK/res.c"
  printf '[{"directory":"%s","file":"res.c","arguments":["cc","-c","res.c"]}]\n' \
    "$WORK" >"$WORK/compile_commands.json"
  out=$(cd / && "$bin" extract -p "$WORK" --no-cache -o "$WORK/facts.json" 2>&1) ||
    fail "strata extract of a file with builtin headers failed: $out"
}

case "$MODE" in
install)
  PREFIX="$WORK/prefix"
  cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
  [ -f "$PREFIX/share/doc/strata/README.md" ] || fail "README.md not installed"
  [ -f "$PREFIX/share/doc/strata/ci.md" ] || fail "docs not installed"
  check_binary "$PREFIX/bin/strata"
  ;;
deb)
  [ "$(id -u)" -eq 0 ] || { echo "package_test: skipped: dpkg -i needs root" >&2; exit 77; }
  if dpkg-query -W -f='${Status}' strata 2>/dev/null | grep -q "install ok installed"; then
    echo "package_test: skipped: a strata package is installed already" >&2
    exit 77
  fi
  (cd "$WORK" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/pkg" >/dev/null) ||
    fail "cpack -G DEB failed"
  DEB=$(ls "$WORK"/pkg/strata_*.deb)
  DEPENDS=$(dpkg-deb -f "$DEB" Depends)
  echo "$(basename "$DEB"): $(du -h "$DEB" | cut -f1), Depends: $DEPENDS"
  for lib in libclang-cpp19 libllvm19 libclang-common-19-dev; do
    [[ $DEPENDS == *"$lib"* ]] || fail "Depends lacks $lib: $DEPENDS"
  done
  # Runtime packages only: the one -dev package holds Clang's builtin headers.
  if echo "$DEPENDS" | tr ',' '\n' | grep -- '-dev' | grep -vq 'libclang-common-'; then
    fail "Depends names a -dev package: $DEPENDS"
  fi
  dpkg -i "$DEB" >/dev/null
  INSTALLED=1
  check_binary /usr/bin/strata
  ;;
*)
  fail "unknown mode '$MODE' (install or deb)"
  ;;
esac
echo "package_test: $MODE ok"
