#!/usr/bin/env python3
"""bench/calibrate.py works, on codebases whose labels are not in doubt.

Configures the two bundled examples with CMake, generates one layered and
one tangled codebase with bench/gencode.py, writes a manifest for the four
and runs calibrate.py --check on it: it fails unless each gets its label.

  calibrate_selftest.py --strata build/tools/strata/strata --cmake cmake
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, "..", ".."))
BENCH = os.path.join(SOURCE, "bench")

PROJECTS = [
    ("tangled-example", "tightly coupled MVP",
     "examples/tangled: one cycle group of 11 of its 15 components, by design"),
    ("layered-example", "modular production",
     "examples/layered: configured layers, no cycle, by design"),
    ("generated-layered", "modular production",
     "gencode.py --coupling layered: each component depends only on lower "
     "modules"),
    ("generated-tangled", "tightly coupled MVP",
     "gencode.py --coupling tangled: components depend on random others, "
     "cycles across modules"),
]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", required=True)
    ap.add_argument("--cmake", default="cmake")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for name in ("tangled", "layered"):
            build = os.path.join(tmp, f"{name}-example")
            run([args.cmake, "-S", os.path.join(SOURCE, "examples", name),
                 "-B", build, "-G", "Ninja"])
            roots[f"{name}-example"] = (build, os.path.join(SOURCE, "examples",
                                                            name))
        for coupling in ("layered", "tangled"):
            out = os.path.join(tmp, f"generated-{coupling}")
            run([sys.executable, os.path.join(BENCH, "gencode.py"),
                 "--files", "120", "--coupling", coupling, "--seed", "7",
                 "--out", out])
            roots[f"generated-{coupling}"] = (out, out)
        manifest = os.path.join(tmp, "corpus.toml")
        with open(manifest, "w") as f:
            for name, label, reason in PROJECTS:
                db, root = roots[name]
                f.write(f'[[project]]\nname = "{name}"\ndb = "{db}"\n'
                        f'root = "{root}"\nexpected = "{label}"\n'
                        f'reason = "{reason}"\nargs = ["--no-cache"]\n\n')
        r = subprocess.run([sys.executable, os.path.join(BENCH, "calibrate.py"),
                            "--strata", args.strata, "--manifest", manifest,
                            "-j", "2", "--check"], capture_output=True,
                           text=True)
        sys.stdout.write(r.stdout)
        sys.stderr.write(r.stderr)
        if r.returncode != 0:
            return r.returncode
        # The table must hold every project, right, and the matrix both rows.
        for name, _, _ in PROJECTS:
            if f"| {name} |" not in r.stdout:
                sys.exit(f"calibrate.py printed no row for {name}")
        if "(wrong)" in r.stdout or "| modular | 2 | 0 |" not in r.stdout or \
                "| MVP | 0 | 2 |" not in r.stdout:
            sys.exit("calibrate.py's confusion matrix is not 2/0, 0/2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
