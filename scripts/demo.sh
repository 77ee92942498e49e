#!/usr/bin/env bash
# Sets up, builds strata and analyzes a bundled example.
#   scripts/demo.sh [tangled|layered]
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/build.sh" >/dev/null
EXAMPLE=${1:-tangled}
SRC="examples/$EXAMPLE"
[ -d "$SRC" ] || { echo "demo: no example '$EXAMPLE' (try tangled or layered)" >&2; exit 2; }
OUT="build/demo/$EXAMPLE"
cmake -S "$SRC" -B "$OUT" -G Ninja >/dev/null
STRATA=./build/tools/strata/strata
$STRATA extract -p "$OUT" --project-root "$SRC" -o "$OUT/facts.json"
$STRATA analyze --facts "$OUT/facts.json" --format json -o "$OUT/analysis.json"
$STRATA analyze --facts "$OUT/facts.json" --evidence 2
echo
echo "Facts: $OUT/facts.json; full analysis: $OUT/analysis.json"
