#!/usr/bin/env python3
"""strata's recall of the headers include-what-you-use's own tests say a file needs.

include-what-you-use's test suite (tests/cxx/*.cc in its repository, LLVM
licence) marks each use in a test file with the header that provides it:

    // IWYU: IndirectClass is...*indirect.h
    IndirectClass ic;

This script builds one compilation database of every test file (with the
flags of its `// IWYU_ARGS:` line, run from the repository root as IWYU's
runner does), runs `strata extract` on it, and counts a (test file, header)
pair as found when one of strata's uses in that file targets a file whose
path ends with the header, or is attributed (`via`) to an include of one.
Only project headers count: IWYU maps standard-library symbols to public
headers (`<cstdio>` for `FILE`), which strata does not model.

    bench/iwyu_recall.py --strata build/tools/strata/strata \\
        --iwyu-src /path/to/include-what-you-use [--json misses.json]

Test files clang-19 cannot parse are listed and left out.
"""
import argparse
import collections
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

PRAGMA = re.compile(r"//\s*IWYU:\s*(\S.*?) is\.\.\.\*(\S+)")


def iwyu_args(text):
    lines = text.splitlines()
    args, taking = [], False
    for line in lines:
        if line.startswith("// IWYU_ARGS:"):
            taking = True
            line = line[len("// IWYU_ARGS:"):]
        elif not (taking and line.startswith("//")):
            if taking:
                break
            continue
        else:
            line = line[2:]
        cont = line.rstrip().endswith("\\")
        args += shlex.split(line.rstrip().rstrip("\\"))
        if not cont:
            break
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-Xiwyu":
            skip = True
            continue
        out.append(a)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--strata", required=True)
    ap.add_argument("--iwyu-src", required=True)
    ap.add_argument("--json", help="write the missed pairs here")
    o = ap.parse_args()
    root = os.path.realpath(o.iwyu_src)
    tests = sorted(f for f in os.listdir(os.path.join(root, "tests/cxx")) if f.endswith(".cc"))
    expected = collections.defaultdict(dict)  # file -> header -> (line, symbol)
    entries = []
    for t in tests:
        rel = f"tests/cxx/{t}"
        text = open(os.path.join(root, rel), errors="replace").read()
        for n, line in enumerate(text.splitlines(), 1):
            m = PRAGMA.search(line)
            # Project headers only: IWYU maps standard symbols to public
            # headers (<cstdio> for FILE) that no file of the TU is, and a
            # few comments hold patterns ({{...}}).
            if m and not m.group(2).startswith("<") and "{{" not in m.group(2):
                header = m.group(2).strip('"')
                expected[rel].setdefault(header, (n, m.group(1)))
        if rel not in expected:
            continue
        args = iwyu_args(text)
        if not any(a.startswith("-std=") for a in args):
            args.append("-std=c++17")
        entries.append({"directory": root, "file": rel,
                        "arguments": ["clang++", *args, "-c", rel]})
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "compile_commands.json"), "w") as f:
            json.dump(entries, f)
        facts_path = os.path.join(tmp, "facts.json")
        r = subprocess.run([o.strata, "extract", "-p", tmp, "--project-root", root, "--no-cache",
                            "--quiet", "-o", facts_path], capture_output=True, text=True)
        if not os.path.exists(facts_path):
            sys.exit(f"iwyu_recall.py: strata extract failed: {r.stderr.strip()[:300]}")
        facts = json.load(open(facts_path))
    failed = {t["file"] for t in facts["translation_units"] if t.get("status", "ok") != "ok"}
    includes = collections.defaultdict(dict)
    for i in facts["includes"]:
        includes[i["file"]].setdefault(i["line"], []).append(i.get("target", ""))
    seen = collections.defaultdict(set)
    for u in facts["uses"]:
        if u.get("target_file"):
            seen[u["file"]].add(u["target_file"])
        for t in includes[u["file"]].get(u.get("via", 0), []):
            seen[u["file"]].add(t)
    found = total = 0
    misses = []
    for rel, headers in sorted(expected.items()):
        if rel in failed or rel not in {e["file"] for e in entries}:
            continue
        for header, (line, symbol) in sorted(headers.items()):
            total += 1
            if any(p.endswith(header) for p in seen[rel]):
                found += 1
            else:
                misses.append({"file": rel, "line": line, "symbol": symbol, "header": header})
    print(f"iwyu tests: {len(entries)} with IWYU comments, {len(failed)} failed to parse "
          f"(left out): {', '.join(sorted(failed)) or '-'}")
    print(f"recall: {found} of {total} (file, header) pairs = {100.0 * found / max(total, 1):.1f}%")
    if o.json:
        with open(o.json, "w") as f:
            json.dump({"found": found, "total": total, "failed": sorted(failed),
                       "misses": misses}, f, indent=1)


if __name__ == "__main__":
    main()
