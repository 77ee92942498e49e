#!/usr/bin/env python3
"""Measures strata against Clang's own front end on generated codebases.

For each size it generates a codebase (bench/gencode.py) and runs, on the
same compile database and in the same run:
  - clang -fsyntax-only on every TU, one process per TU (the floor);
  - clang-scan-deps over the database;
  - strata extract in full mode (as by default; without the shared
    precompiled header, --no-pch; and skipping nothing, --no-skip-bodies
    --no-pch) and in include mode;
  - strata's cache: a cold run, a warm run with nothing changed, and a warm
    run with one source touched;
at -j1 and -j2 where it applies, and prints CPU time (user + system), wall
time, peak memory, and the ratios against the floor. Nothing here asserts a
time: the numbers are for people (docs/performance.md).

  bench/run.py --files 200 1000 3000
  bench/run.py --files 50 --quick        # what the test suite runs
  bench/run.py --db ~/leveldb/build/compile_commands.json   # a real project

With --db the same runs are made on an existing project's database (the
touched source gets its content back afterwards).
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LLVM_BIN = "/usr/lib/llvm-19/bin"


def measure(cmds, jobs, cwd=None):
    """Runs the commands, at most `jobs` at a time. Returns (cpu seconds of
    all of them, wall seconds, peak RSS in MiB of the largest one)."""
    start = time.monotonic()
    cpu, peak, running, pending = 0.0, 0, {}, list(cmds)
    failures = []
    while pending or running:
        while pending and len(running) < jobs:
            cmd, where = pending.pop(0)
            p = subprocess.Popen(cmd, cwd=where or cwd, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            running[p.pid] = (p, cmd)
        pid, status, ru = os.wait4(-1, 0)
        if pid not in running:
            continue
        p, cmd = running.pop(pid)
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            failures.append((cmd, err[:400]))
        cpu += ru.ru_utime + ru.ru_stime
        peak = max(peak, ru.ru_maxrss)
    if failures:
        for cmd, err in failures[:3]:
            print("failed:", shlex.join(cmd), "\n", err, file=sys.stderr)
        raise SystemExit(f"{len(failures)} command(s) failed")
    return cpu, time.monotonic() - start, peak / 1024.0


def syntax_only_commands(db_path):
    cmds = []
    for e in json.load(open(db_path)):
        args = e.get("arguments") or shlex.split(e["command"])
        out, skip = [], False
        for a in args[1:]:
            if skip:
                skip = False
                continue
            if a in ("-o",):
                skip = True
                continue
            if a == "-c":
                continue
            out.append(a)
        # The database's own driver mode: a C compiler parses C (clang++
        # would treat .c files as C++).
        compiler = os.path.basename(args[0])
        cxx = "++" in compiler or compiler.endswith(("c++", "cxx"))
        driver = "clang++" if cxx else "clang"
        cmds.append(([os.path.join(LLVM_BIN, driver)] + out + ["-fsyntax-only"],
                     e["directory"]))
    return cmds


def facts_edges(path):
    f = json.load(open(path))
    return len(f["includes"]) + len(f["uses"]), len(f["translation_units"])


def bench_size(strata, files, coupling, jobs_list, quick, keep, lean=False):
    work = tempfile.mkdtemp(prefix=f"strata-bench-{files}-")
    src = os.path.join(work, "src")
    subprocess.run([sys.executable, os.path.join(HERE, "gencode.py"), "--files",
                    str(files), "--coupling", coupling, "--out", src],
                   check=True, stdout=subprocess.DEVNULL)
    bench_db(strata, os.path.join(src, "compile_commands.json"), src,
             f"{files} files", coupling, work, jobs_list, quick, lean)
    if keep:
        print(f"- kept in {work}")
    else:
        shutil.rmtree(work)


def bench_db(strata, db, root, label, coupling, work, jobs_list, quick, lean):
    src = os.path.dirname(db)
    rows = []

    def row(tool, jobs, result, extra=""):
        cpu, wall, rss = result
        rows.append((tool, jobs, cpu, wall, rss, extra))
        return result

    def strata_cmd(out, *flags):
        where = ["--project-root", root] if root else []
        return [([strata, "extract", "-p", db, "-o", out, "--quiet"] + where +
                 list(flags), None)]

    floor = {}
    # The floor's CPU does not depend on -j; --lean measures it once.
    for j in (jobs_list[:1] if lean else jobs_list):
        floor[j] = row("clang -fsyntax-only (floor)", j,
                       measure(syntax_only_commands(db), j))
    scan = {}
    for j in jobs_list:
        scan[j] = row("clang-scan-deps", j, measure(
            [([os.path.join(LLVM_BIN, "clang-scan-deps"), "-compilation-database",
               db, "-j", str(j)], None)], 1))
    facts = os.path.join(work, "facts.json")
    full = {}
    for j in jobs_list:
        full[j] = row("strata extract", j,
                      measure(strata_cmd(facts, f"-j{j}", "--no-cache"), 1))
    edges, tus = facts_edges(facts)
    timing = subprocess.run([strata, "analyze", "--facts", facts, "--timings",
                             "--format", "json", "-o", os.devnull],
                            capture_output=True, text=True).stderr.strip()
    if not quick and not lean:
        j = jobs_list[-1]
        row("strata extract --no-pch", j,
            measure(strata_cmd(os.path.join(work, "nopch.json"), f"-j{j}",
                               "--no-pch", "--no-cache"), 1))
    if not quick and not lean:
        row("strata extract --no-skip-bodies --no-pch", 1,
            measure(strata_cmd(os.path.join(work, "noskip.json"), "-j1",
                               "--no-skip-bodies", "--no-pch", "--no-cache"), 1))
    inc = {}
    for j in jobs_list:
        inc[j] = row("strata extract --mode includes", j,
                     measure(strata_cmd(os.path.join(work, "inc.json"), f"-j{j}",
                                        "--mode", "includes", "--no-cache"), 1))
    cache = os.path.join(work, "cache")
    j = jobs_list[-1]
    cold = row("strata extract, cache cold", j,
               measure(strata_cmd(facts, f"-j{j}", "--cache-dir", cache), 1))
    warm = row("strata extract, cache warm", j,
               measure(strata_cmd(facts, f"-j{j}", "--cache-dir", cache), 1))
    first = json.load(open(db))[0]
    touched = os.path.join(first["directory"], first["file"])
    original = open(touched, "rb").read()
    try:
        with open(touched, "a") as f:
            f.write("\nint strata_bench_touch = 1;\n")
        one = row("strata extract, cache warm, 1 .cpp changed", j,
                  measure(strata_cmd(facts, f"-j{j}", "--cache-dir", cache), 1))
    finally:
        open(touched, "wb").write(original)

    print(f"\n### {label} ({tus} TUs, {coupling}), {edges} include and use "
          f"edges\n")
    print("| run | -j | CPU s | wall s | peak MiB | CPU / floor |")
    print("|---|---:|---:|---:|---:|---:|")
    for tool, jobs, cpu, wall, rss, _ in rows:
        print(f"| {tool} | {jobs} | {cpu:.2f} | {wall:.2f} | {rss:.0f} | "
              f"{cpu / floor[jobs_list[0]][0]:.2f} |")
    print()
    f1 = jobs_list[0]
    print(f"- full extraction CPU / clang -fsyntax-only CPU: "
          f"{full[f1][0] / floor[f1][0]:.2f}")
    print(f"- include mode CPU / clang-scan-deps CPU: "
          f"{inc[f1][0] / scan[f1][0]:.2f} (wall at -j{jobs_list[-1]}: "
          f"{inc[jobs_list[-1]][1] / scan[jobs_list[-1]][1]:.2f})")
    if len(jobs_list) > 1:
        print(f"- strata wall -j{jobs_list[-1]} / -j{f1}: "
              f"{full[jobs_list[-1]][1] / full[f1][1]:.2f}")
    print(f"- peak memory per edge: {full[f1][2] * 1024 * 1024 / max(edges, 1):.0f} "
          f"bytes ({full[f1][2]:.0f} MiB for {edges} edges)")
    print(f"- analysis: {timing}")
    print(f"- cache: warm unchanged {warm[1] / cold[1]:.3f} of cold wall, "
          f"one .cpp changed {one[1] / cold[1]:.3f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, nargs="+", default=[200])
    p.add_argument("--coupling", choices=["layered", "tangled"], default="layered")
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--strata", default=os.path.join(HERE, "..", "build", "tools",
                                                    "strata", "strata"))
    p.add_argument("--quick", action="store_true",
                   help="one -j, no --no-skip-bodies run (for the test suite)")
    p.add_argument("--keep", action="store_true", help="keep the generated code")
    p.add_argument("--lean", action="store_true",
                   help="floor at the first -j only, no --no-pch and no "
                        "--no-skip-bodies run "
                        "(for the largest sizes)")
    p.add_argument("--db", help="measure this project's compile_commands.json "
                   "instead of generated code")
    p.add_argument("--root", help="with --db: the project root (default: the "
                   "database's common root)")
    a = p.parse_args()
    jobs = a.jobs[:1] if a.quick else a.jobs
    if a.db:
        db = os.path.abspath(a.db)
        root = os.path.abspath(a.root) if a.root else None
        work = tempfile.mkdtemp(prefix="strata-bench-db-")
        try:
            bench_db(os.path.abspath(a.strata), db, root, db, "real project",
                     work, jobs, a.quick, a.lean)
        finally:
            shutil.rmtree(work)
        return
    for n in a.files:
        bench_size(os.path.abspath(a.strata), n, a.coupling, jobs, a.quick, a.keep,
                   a.lean)


if __name__ == "__main__":
    main()
