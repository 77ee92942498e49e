#!/usr/bin/env bash
# Headless Neovim test of `strata lsp` on a copy of an example project.
#
#   run_nvim_test.sh STRATA_BINARY SOURCE_EXAMPLE_DIR EXPECT_JSON OUT_JSON
#
# Copies SOURCE_EXAMPLE_DIR to a fresh temporary directory (the code action
# edits and saves a file; the source tree stays untouched), configures it
# there with CMake to get compile_commands.json (nothing is built), opens the
# file named by EXPECT_JSON's "file" in `nvim --headless` with init.lua, and
# runs check.lua, which writes what the editor showed to OUT_JSON. The files
# of EXPECT_JSON's "create" are written into the copy once it is configured
# (prepare.lua); with a "proxy", the server runs behind frame_proxy.py, whose
# server stderr and list of injected frames go next to OUT_JSON as
# OUT_JSON.stderr and OUT_JSON.injected.
#
# Exit code: nvim's (0 pass, 1 assertion failed, 2 no publishDiagnostics in
# time, 3 watchdog, 4 Lua error, 124 outer timeout); 77 (skip) without nvim
# (or Python, for a case with a proxy); 1 when the copy cannot be configured.
# The server's stderr (nvim's lsp.log) is copied next to OUT_JSON as
# OUT_JSON.lsp.log when there is one.
#
# Environment: STRATA_TIMEOUT_MS (default 30000) is passed on to check.lua;
# CMAKE (default cmake) configures the copy; PYTHON (default python3) runs
# frame_proxy.py;
# STRATA_NVIM_KEEP=1 keeps the temporary directory and prints its path.
set -u

if [ $# -ne 4 ]; then
  echo "usage: $0 STRATA_BINARY SOURCE_EXAMPLE_DIR EXPECT_JSON OUT_JSON" >&2
  exit 4
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "run_nvim_test.sh: SKIP: nvim is not installed" >&2
  exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
strata=$(abs "$1")
example=$(cd "$2" && pwd) || { echo "run_nvim_test.sh: no example directory $2" >&2; exit 4; }
expect=$(abs "$3")
out=$(abs "$4")
[ -f "$expect" ] || { echo "run_nvim_test.sh: no expectation file $expect" >&2; exit 4; }
mkdir -p "$(dirname "$out")"
rm -f "$out" "$out.lsp.log" "$out.stderr" "$out.injected"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/strata-nvim.XXXXXX") || exit 4
cleanup() {
  if [ "${STRATA_NVIM_KEEP:-0}" = 1 ]; then
    echo "run_nvim_test.sh: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Isolated editor state: no user config, shada, swap, socket or temp files
# outside the temporary directory.
export XDG_CONFIG_HOME=$tmp/xdg/config XDG_DATA_HOME=$tmp/xdg/data \
       XDG_STATE_HOME=$tmp/xdg/state XDG_CACHE_HOME=$tmp/xdg/cache \
       XDG_RUNTIME_DIR=$tmp/xdg/run TMPDIR=$tmp/tmp
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" \
         "$XDG_RUNTIME_DIR" "$TMPDIR"
chmod 700 "$XDG_RUNTIME_DIR"

copy=$tmp/copy
mkdir -p "$copy"
cp -R "$example/." "$copy/" || exit 1
rm -rf "$copy/build" "$copy/.strata-cache"
if ! "${CMAKE:-cmake}" -S "$copy" -B "$copy/build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null; then
  echo "run_nvim_test.sh: cmake could not configure the copy of $example" >&2
  exit 1
fi
if [ ! -f "$copy/build/compile_commands.json" ]; then
  echo "run_nvim_test.sh: no compile_commands.json in $copy/build" >&2
  exit 1
fi

# The file to open and whether there is a proxy, from the expectation file;
# its "create" files are written into the copy.
{ read -r file; read -r proxy; } < <(STRATA_EXPECT=$expect STRATA_COPY=$copy \
  nvim --headless -n -i NONE -u NONE -c "luafile $here/prepare.lua" -c 'qa!' </dev/null)
if [ -z "${file:-}" ]; then
  echo "run_nvim_test.sh: $expect is not JSON, has no \"file\" or its \"create\" failed" >&2
  exit 4
fi
if [ "${proxy:-}" = proxy ]; then
  python=${PYTHON:-python3}
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "run_nvim_test.sh: SKIP: no $python to run frame_proxy.py" >&2
    exit 77
  fi
  # frame_proxy.py reads STRATA_EXPECT too; check.lua reads what it wrote.
  export STRATA_WRAP="$python $here/frame_proxy.py" \
         STRATA_SERVER_STDERR=$out.stderr STRATA_INJECTED=$out.injected
else
  unset STRATA_WRAP
fi
if [ ! -f "$copy/$file" ]; then
  echo "run_nvim_test.sh: $file is not in $example" >&2
  exit 4
fi

export STRATA=$strata STRATA_BUILD=$copy/build STRATA_ARGS="--project-root=$copy" \
       STRATA_EXPECT=$expect STRATA_OUT=$out STRATA_TIMEOUT_MS=${STRATA_TIMEOUT_MS:-30000}

cd "$copy" || exit 4
timeout -k 5 120 nvim --headless -n -i NONE -u "$here/init.lua" "$copy/$file" \
  -c "luafile $here/check.lua" </dev/null
rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
  echo "run_nvim_test.sh: nvim did not finish within 120 s (exit $rc)" >&2
fi
if grep -qv 'LSP logging initiated' "$XDG_CACHE_HOME/nvim/lsp.log" 2>/dev/null; then
  cp "$XDG_CACHE_HOME/nvim/lsp.log" "$out.lsp.log"
fi
exit $rc
