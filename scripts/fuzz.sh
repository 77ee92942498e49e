#!/usr/bin/env bash
# Builds strata's libFuzzer targets with clang-19 (ASan + UBSan) in
# build-fuzz/ and runs each for a while, seeded from test/fuzz/corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 s, every target)
#
# Targets: compile_db config facts store cache baseline cmake_reply. New inputs that widen
# coverage stay in build-fuzz/corpus/<target> (not in the repository); a
# finding is written to build-fuzz/findings/<target>/ and fails the script.
# Keep a fixed finding as a regression: copy its input to
# test/fuzz/regressions/<target>/, where every ctest run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(compile_db config facts store cache baseline cmake_reply)

"./scripts/setup.sh"
if ! dpkg -s libclang-rt-19-dev >/dev/null 2>&1; then
  # libFuzzer's runtime; only fuzzing needs it.
  ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo )} apt-get install -y -q libclang-rt-19-dev
fi
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-19 -DSTRATA_FUZZ=ON \
    -DSTRATA_BUILD_BENCH=OFF >/dev/null
fi
cmake --build build-fuzz -j "${JOBS:-$(nproc)}" \
  $(printf -- '--target strata_fuzz_%s ' "${TARGETS[@]}")

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:use_sigaltstack=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for t in "${TARGETS[@]}"; do
  corpus=build-fuzz/corpus/$t findings=build-fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  dict=test/fuzz/dict.json
  [ "$t" = config ] && dict=test/fuzz/dict.yaml
  seeds=(test/fuzz/corpus/$t)
  [ -d test/fuzz/regressions/$t ] && seeds+=(test/fuzz/regressions/$t)
  log=build-fuzz/$t.log
  echo "== $t: ${SECONDS_EACH} s (log: $log)"
  if ! "build-fuzz/test/fuzz/strata_fuzz_$t" "$corpus" "${seeds[@]}" \
      -dict="$dict" -max_total_time="$SECONDS_EACH" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$findings/" >"$log" 2>&1; then
    failed=1
    echo "   FINDING: see $log and $findings/"
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|cov: ' "$log" |
    tail -n 3 | sed 's/^/   /'
done
exit $failed
