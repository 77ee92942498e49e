#!/usr/bin/env python3
"""Whether the ways of extracting one project give the same facts.

A header's facts are recorded by one TU of a run (docs/architecture.md,
"Header views"), so anything they depend on beyond the header's view makes
the run depend on which TU won the header. On a real build directory this
extracts the facts four ways and counts the records each differs in from
the default run:

  * the default run (-j as the machine allows);
  * --no-skip-bodies: every TU records every header, and the merge keeps
    the union;
  * -j1: TUs claim headers in database order;
  * --shard K/N for K = 1..N, merged with `strata merge`.

    bench/facts_agree.py --strata build/tools/strata/strata \\
        -p ../leveldb/build [--shards 3] [--show 5]

Prints, per way and table, the records only the default run has and the
records only the other way has, then the first --show differing uses of
each way. Exits 0 whatever it finds: it measures, it does not judge.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

TABLES = ["translation_units", "files", "includes", "entities", "uses",
          "reliant_uses"]


def extract(strata, build, out, *flags):
    r = subprocess.run([strata, "extract", "-p", build, "--no-cache",
                        "--quiet", "-o", out, *flags],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"strata extract {' '.join(flags)} failed:\n{r.stderr}")


def records(path):
    with open(path) as f:
        facts = json.load(f)
    return {t: {json.dumps(r, sort_keys=True) for r in facts.get(t) or []}
            for t in TABLES}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--strata", required=True)
    ap.add_argument("-p", dest="build", required=True,
                    help="build directory with compile_commands.json")
    ap.add_argument("--shards", type=int, default=3)
    ap.add_argument("--show", type=int, default=5,
                    help="differing uses to print per way")
    args = ap.parse_args()
    strata = os.path.abspath(args.strata)

    with tempfile.TemporaryDirectory() as tmp:
        def out(name):
            return os.path.join(tmp, name + ".json")

        extract(strata, args.build, out("default"))
        extract(strata, args.build, out("no-skip-bodies"), "--no-skip-bodies")
        extract(strata, args.build, out("j1"), "-j1")
        parts = []
        for k in range(1, args.shards + 1):
            parts.append(out(f"shard{k}"))
            extract(strata, args.build, parts[-1],
                    f"--shard={k}/{args.shards}")
        r = subprocess.run([strata, "merge", *parts, "-o", out("shards")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"strata merge failed:\n{r.stderr}")

        base = records(out("default"))
        print(f"{len(base['uses'])} uses, {len(base['includes'])} includes, "
              f"{len(base['entities'])} entities in the default run")
        print("| way | table | only default | only this way |")
        print("|---|---|---:|---:|")
        shown = []
        for way, name in [("--no-skip-bodies", "no-skip-bodies"),
                          ("-j1", "j1"),
                          (f"{args.shards} shards merged", "shards")]:
            other = records(out(name))
            same = True
            for t in TABLES:
                a, b = base[t] - other[t], other[t] - base[t]
                if a or b:
                    same = False
                    print(f"| {way} | {t} | {len(a)} | {len(b)} |")
                if t == "uses":
                    shown += [(way, "-", x) for x in sorted(a)[:args.show]]
                    shown += [(way, "+", x) for x in sorted(b)[:args.show]]
            if same:
                print(f"| {way} | all | 0 | 0 |")
        for way, sign, row in shown:
            print(f"{way} {sign} {row}")


if __name__ == "__main__":
    main()
