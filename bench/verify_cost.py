#!/usr/bin/env python3
"""The cost of `--verify-includes` against `clang -fsyntax-only` on the
translation units it checks, in one run.

    bench/verify_cost.py --strata build/tools/strata/strata \
        -p /path/to/build [-j 2]

Runs, one after the other, with a cache directory of its own:
  1. `strata analyze -p BUILD` once to fill the cache (not counted);
  2. the same again, warm (A), and with --verify-includes (B): B - A is the
     CPU of verification alone, since both read every TU's facts from the
     cache;
  3. `clang -fsyntax-only` with the database's flags on the TUs that read a
     claimed file (C), the TUs verification must parse: found from the
     facts' include graph, as strata finds them.
Prints CPU and wall seconds and the ratio (B - A) / C, which the parse
budget of extraction (0.6x `clang -fsyntax-only` CPU) applies to.
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import measure, syntax_only_commands  # noqa: E402


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_strata(cmd):
    """(cpu, wall, stderr) of one strata run; exits on failure."""
    cpu, start = children_cpu(), time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall, cpu = time.monotonic() - start, children_cpu() - cpu
    if p.returncode not in (0, 1):  # 1: the verdict's gate, not an error
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return cpu, wall, p.stderr


def readers(facts, claimed):
    """Main files of the TUs whose project includes reach a claimed file."""
    edges = {}
    for i in facts["includes"]:
        if not i.get("external") and i.get("target"):
            edges.setdefault(i["file"], []).append(i["target"])
    out = set()
    for tu in facts["translation_units"]:
        seen, work = {tu["file"]}, [tu["file"]]
        while work:
            for t in edges.get(work.pop(), []):
                if t not in seen:
                    seen.add(t)
                    work.append(t)
        if seen & claimed and tu.get("status", "ok") == "ok":
            out.add(tu["file"])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--strata", required=True)
    ap.add_argument("-p", dest="build", required=True, help="build directory")
    ap.add_argument("-j", dest="jobs", type=int, default=2)
    o = ap.parse_args()
    db = os.path.join(o.build, "compile_commands.json")
    if not os.path.isfile(db):
        sys.exit(f"{db}: no compile database")
    with tempfile.TemporaryDirectory(prefix="strata-verify-cost-") as tmp:
        facts_path = os.path.join(tmp, "f.json")
        base = [o.strata, "analyze", "-p", o.build, "--cache-dir", os.path.join(tmp, "cache"),
                "-j", str(o.jobs), "--modules", "directories", "--format", "json", "-o"]
        plain_report = os.path.join(tmp, "plain.json")
        run_strata(base + [plain_report])
        a_cpu, a_wall, _ = run_strata(base + [plain_report])
        b_cpu, b_wall, err = run_strata(base + [os.path.join(tmp, "verified.json"),
                                                "--verify-includes"])
        line = re.search(r"verified .*", err)
        subprocess.run([o.strata, "extract", "-p", o.build, "--cache-dir",
                        os.path.join(tmp, "cache"), "-o", facts_path],
                       check=True, capture_output=True)
        facts = json.load(open(facts_path))
        plain = json.load(open(plain_report))
    # The claims verification checks: those of the plain run.
    claimed = {v["file"] for v in plain["includes"]["list"]}
    tus = readers(facts, claimed)
    root = facts["root"]
    entries = json.load(open(db))
    cmds = [c for e, c in zip(entries, syntax_only_commands(db))
            if os.path.relpath(os.path.realpath(os.path.join(e["directory"], e["file"])),
                               root) in tus]
    c_cpu, c_wall, _ = measure(cmds, o.jobs)
    v_cpu = b_cpu - a_cpu
    print(f"project: {o.build}")
    print(f"strata: {line.group(0) if line else 'no verification line'}")
    print(f"TUs reading a claimed file: {len(tus)}; clang -fsyntax-only commands matched: {len(cmds)}")
    print("| run | CPU s | wall s |")
    print("|---|---:|---:|")
    print(f"| analyze, warm cache | {a_cpu:.1f} | {a_wall:.1f} |")
    print(f"| analyze --verify-includes, warm cache | {b_cpu:.1f} | {b_wall:.1f} |")
    print(f"| verification alone (difference) | {v_cpu:.1f} | {b_wall - a_wall:.1f} |")
    print(f"| clang -fsyntax-only on those TUs | {c_cpu:.1f} | {c_wall:.1f} |")
    print(f"verification CPU / clang -fsyntax-only CPU: {v_cpu / c_cpu:.2f} (budget 0.60)")


if __name__ == "__main__":
    main()
