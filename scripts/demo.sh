#!/usr/bin/env bash
# Sets up, builds strata and reviews a bundled example: prints the verdict
# and the analysis, and writes the HTML architecture report.
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
$STRATA report --facts "$OUT/facts.json" --format text --evidence 2
$STRATA report --facts "$OUT/facts.json" --format html -o "$OUT/report.html" --quiet
$STRATA report --facts "$OUT/facts.json" --format json -o "$OUT/analysis.json" --quiet
echo
echo "HTML report: $(pwd)/$OUT/report.html"
echo "Full analysis (JSON): $(pwd)/$OUT/analysis.json; facts: $(pwd)/$OUT/facts.json"
