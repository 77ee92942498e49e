#!/usr/bin/env python3
"""Facts on generated codebases are the same however they are parsed.

For a layered and a tangled codebase from bench/gencode.py, the default
extraction (function bodies skipped, leading system headers shared through
a precompiled header) must equal, byte for byte, a run without the shared
precompiled header and a run that skips nothing and shares nothing. The
default run must also have used the precompiled header, or the comparison
proves nothing. A third codebase reads one header under two -D contexts
(gencode.py --contexts): each context shares its own precompiled header.

Every compile-time use must also lie in its file's include closure: a use
in file A names a project file that A itself, or a file reached from A
through the include facts, is.

  generated_facts.py --strata build/tools/strata/strata
"""
import argparse
import json
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


def closure_violations(path):
    """Uses whose target file is not in the using file's include closure."""
    with open(path) as f:
        facts = json.load(f)
    edges = {}
    for inc in facts["includes"]:
        if not inc.get("external") and inc["target"]:
            edges.setdefault(inc["file"], set()).add(inc["target"])
    reach = {}

    def closure(start):
        if start not in reach:
            seen, todo = {start}, [start]
            while todo:
                for nxt in edges.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            reach[start] = seen
        return reach[start]

    return [f"{u['file']}:{u['line']}: {u['target']} -> {u['target_file']}"
            for u in facts["uses"]
            if not u.get("external") and u["target_file"] not in closure(u["file"])]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--strata", required=True)
    p.add_argument("--files", type=int, default=60)
    args = p.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as work:
        cases = {"layered": ["--coupling", "layered"],
                 "tangled": ["--coupling", "tangled"],
                 "contexts": ["--coupling", "layered", "--contexts"]}
        for coupling, gen_flags in cases.items():
            src = os.path.join(work, coupling)
            subprocess.run([sys.executable, GENCODE, "--files", str(args.files),
                            *gen_flags, "--out", src],
                           check=True, stdout=subprocess.DEVNULL)
            shared = ("shared 2 precompiled headers" if coupling == "contexts"
                      else "shared 1 precompiled header")
            outs = {}
            runs = {"default": ["-j2"], "no-pch": ["-j2", "--no-pch"],
                    "reference": ["-j1", "--no-pch", "--no-skip-bodies"]}
            for name, flags in runs.items():
                outs[name] = os.path.join(work, f"{coupling}-{name}.json")
                err = extract(args.strata, src, outs[name], *flags)
                if name == "default" and (shared not in err
                                          or "did not begin" in err):
                    failures.append(f"{coupling}: the default run did not "
                                    f"say '{shared}':\n{err}")
            facts = {n: open(f, "rb").read() for n, f in outs.items()}
            outside = closure_violations(outs["default"])
            if outside:
                failures.append(f"{coupling}: {len(outside)} uses outside their "
                                f"file's include closure, first: {outside[0]}")
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
