#!/usr/bin/env bash
# Sets up, builds strata and runs it on a bundled example.
#   scripts/demo.sh [tangled|layered]
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/build.sh" >/dev/null
EXAMPLE=${1:-tangled}
SRC="examples/$EXAMPLE"
[ -d "$SRC" ] || { echo "demo: no example '$EXAMPLE' (try tangled or layered)" >&2; exit 2; }
OUT="build/demo/$EXAMPLE"
cmake -S "$SRC" -B "$OUT" -G Ninja >/dev/null
./build/tools/strata/strata extract -p "$OUT" --project-root "$SRC" -o "$OUT/facts.json"
echo
echo "Facts of examples/$EXAMPLE written to $OUT/facts.json"
echo "Project include edges (file -> included file):"
python3 - "$OUT/facts.json" <<'PY'
import json, sys
facts = json.load(open(sys.argv[1]))
edges = sorted({(i["file"], i["target"]) for i in facts["includes"] if not i.get("external") and i["target"]})
for a, b in edges:
    print(f"  {a} -> {b}")
uses = [u for u in facts["uses"] if not u.get("external") and u["file"] != u["target_file"]]
print(f"{len(edges)} include edges, {len(uses)} cross-file uses of project entities")
PY
