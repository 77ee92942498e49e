#!/usr/bin/env python3
"""The verdict composes, on codebases written by bench/gencode.py.

Each layout is one of the invariants of docs/verdict.md ("Units"), and the
test asserts its label (and, where the invariant says so, its score and
confidence against the plain codebase):

  one            a tangled codebase of 60 files: MVP
  wrap           the same, two directories deeper: the same verdict
  copies         three disjoint copies of it: MVP, confidence not lower
  beside/split   the same tangled codebase with headers beside sources, and
                 as include/<lib>/ + src/<module>/: the same verdict (and
                 likewise for a layered one)
  side-*         a 14-file side directory (12%) beside 100 files: cannot flip
                 the label, either way
  app-*/lib-*    an MVP program using a modular library: both units keep
                 their labels, the codebase follows the larger share

  layouts_selftest.py --strata build/tools/strata/strata
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENCODE = os.path.join(HERE, "..", "..", "bench", "gencode.py")
MVP, MODULAR = "tightly coupled MVP", "modular production"

LAYOUTS = {
    "one": ["--files", "60", "--coupling", "tangled"],
    "wrap": ["--files", "60", "--coupling", "tangled", "--wrap", "outer/deeper"],
    "copies": ["--part", "p0:60:tangled", "--part", "p1:60:tangled",
               "--part", "p2:60:tangled"],
    "beside": ["--part", "gen:60:tangled"],
    "split": ["--part", "gen:60:tangled", "--layout", "split"],
    "beside-layered": ["--part", "gen:60:layered"],
    "split-layered": ["--part", "gen:60:layered", "--layout", "split"],
    "side-of-mvp": ["--part", "main:100:tangled", "--part", "compat:14:layered"],
    "side-of-modular": ["--part", "main:100:layered",
                        "--part", "compat:14:tangled"],
    "app-larger": ["--part", "app:80:tangled", "--part", "lib:50:layered",
                   "--uses", "app:lib"],
    "lib-larger": ["--part", "app:50:tangled", "--part", "lib:80:layered",
                   "--uses", "app:lib"],
}

EXPECTED = {
    "one": MVP, "wrap": MVP, "copies": MVP, "beside": MVP, "split": MVP,
    "beside-layered": MODULAR, "split-layered": MODULAR,
    "side-of-mvp": MVP, "side-of-modular": MODULAR,
    "app-larger": MVP, "lib-larger": MODULAR,
}


def verdict(strata, tmp, name):
    out = os.path.join(tmp, name)
    subprocess.run([sys.executable, GENCODE, *LAYOUTS[name], "--seed", "7",
                    "--out", out], check=True, capture_output=True)
    r = subprocess.run([strata, "analyze", "-p", out, "--no-cache", "--quiet",
                        "--format", "json"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{name}: strata failed:\n{r.stderr}")
    v = json.loads(r.stdout)["verdict"]
    v["units_by_name"] = {u["name"]: u for u in v["units"]}
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", required=True)
    args = ap.parse_args()
    failures = []

    def check(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        v = {name: verdict(args.strata, tmp, name) for name in LAYOUTS}
    for name, label in EXPECTED.items():
        check(v[name]["label"] == label,
              f"{name}: {v[name]['label']} (score {v[name]['score']:.2f}, "
              f"confidence {v[name]['confidence']:.2f}), expected {label}")
    same = lambda a, b, key: abs(v[a][key] - v[b][key]) < 1e-9
    for a, b in (("one", "wrap"), ("beside", "split"),
                 ("beside-layered", "split-layered")):
        check(same(a, b, "score") and same(a, b, "confidence"),
              f"{a} and {b}: the same score and confidence")
    check(v["copies"]["confidence"] >= v["one"]["confidence"] - 1e-9,
          "copies: confidence not below one copy's")
    for name in ("app-larger", "lib-larger"):
        units = v[name]["units_by_name"]
        check(units["app"]["label"] == MVP and units["lib"]["label"] == MODULAR,
              f"{name}: app is MVP and lib modular on their own")
    print(f"{len(EXPECTED) + 6 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
