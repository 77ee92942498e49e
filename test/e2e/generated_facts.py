#!/usr/bin/env python3
"""Facts on generated codebases are the same however they are parsed.

For a layered and a tangled codebase from bench/gencode.py, the default
extraction (function bodies skipped, leading system headers shared through
a precompiled header) must equal, byte for byte, a run without the shared
precompiled header and a run that skips nothing and shares nothing. The
default run must also have used the precompiled header, or the comparison
proves nothing.

  generated_facts.py --strata build/tools/strata/strata
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENCODE = os.path.join(HERE, "..", "..", "bench", "gencode.py")


def extract(strata, build, out, *flags):
    r = subprocess.run([strata, "extract", "-p", build, "--no-cache", "-o", out,
                        *flags], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"strata extract {' '.join(flags)} failed:\n{r.stderr}")
    return r.stderr


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--strata", required=True)
    p.add_argument("--files", type=int, default=60)
    args = p.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for coupling in ("layered", "tangled"):
            src = os.path.join(work, coupling)
            subprocess.run([sys.executable, GENCODE, "--files", str(args.files),
                            "--coupling", coupling, "--out", src],
                           check=True, stdout=subprocess.DEVNULL)
            outs = {}
            runs = {"default": ["-j2"], "no-pch": ["-j2", "--no-pch"],
                    "reference": ["-j1", "--no-pch", "--no-skip-bodies"]}
            for name, flags in runs.items():
                outs[name] = os.path.join(work, f"{coupling}-{name}.json")
                err = extract(args.strata, src, outs[name], *flags)
                if name == "default" and ("shared 1 precompiled header" not in err
                                          or "did not begin" in err):
                    failures.append(f"{coupling}: the default run did not "
                                    f"share one precompiled header:\n{err}")
            facts = {n: open(f, "rb").read() for n, f in outs.items()}
            for name in ("no-pch", "reference"):
                if facts[name] != facts["default"]:
                    failures.append(f"{coupling}: facts of the default run "
                                    f"differ from the {name} run")
            print(f"{coupling}: {len(facts['default'])} bytes of facts, "
                  f"identical in {len(runs)} runs" if not failures else "")
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main()
