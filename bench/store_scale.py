#!/usr/bin/env python3
"""The facts at scale: JSON against the SQLite store, per record.

Replicates real facts files (disjoint copies, bench/replicate_facts.py) up to
each requested record count and, for each size, measures in one run:

  * json.load of the JSON facts (the reference for load rates);
  * `strata merge facts.json -o facts.db`: reading JSON and building the
    store;
  * `strata merge facts.db -o facts.json`: reading the store back and
    exporting it (checked byte for byte against the JSON);
  * `strata analyze --facts` on each form: wall time and peak resident
    memory (from wait4), per record.

    bench/store_scale.py --strata build/tools/strata/strata \\
        --facts abseil.json --facts redis.json --records 300000,1000000

Records are translation units, files, includes, entities, uses and reliant
uses. Prints a table; nothing is asserted (docs/performance.md has the
figures).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicate_facts import copy_facts, prefixer  # noqa: E402

TABLES = ["translation_units", "files", "includes", "entities", "uses", "reliant_uses"]


def records(facts):
    return sum(len(facts.get(t, [])) for t in TABLES)


def run(cmd):
    """Wall seconds and peak resident KB of \\p cmd; exits on failure."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"store_scale.py: {' '.join(cmd)} failed: {proc.stderr.read().decode()[:300]}")
    return seconds, usage.ru_maxrss


def build(bases, target, path):
    """Writes copies of \\p bases to \\p path until \\p target records."""
    merged = {"format": "strata-facts", "version": 2, "root": bases[0]["root"]}
    for t in TABLES:
        merged[t] = []
    i = 0
    while records(merged) < target:
        base = bases[i % len(bases)]
        copy = copy_facts(base, prefixer(f"copy{i}/"))
        for t in TABLES:
            merged[t].extend(copy.get(t, []))
        i += 1
    with open(path, "w") as f:
        json.dump(merged, f)
    return records(merged), i


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    ap.add_argument("--strata", required=True)
    ap.add_argument("--facts", action="append", required=True,
                    help="a facts file to replicate (repeat: copies alternate)")
    ap.add_argument("--records", default="300000,1000000",
                    help="comma-separated record counts")
    ap.add_argument("--keep", help="keep the generated files in this directory")
    o = ap.parse_args()
    bases = []
    for path in o.facts:
        with open(path) as f:
            facts = json.load(f)
        facts["root"] = bases[0]["root"] if bases else facts["root"]
        bases.append(facts)
    work = o.keep or tempfile.mkdtemp(prefix="store-scale-")
    print("| records | copies | JSON MB | store MB | json.load | JSON -> store | store -> JSON "
          "| analyze JSON | analyze store | bytes/record JSON | bytes/record store |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for target in (int(float(x)) for x in o.records.split(",")):
        js = os.path.join(work, f"facts-{target}.json")
        db = os.path.join(work, f"facts-{target}.db")
        back = os.path.join(work, f"back-{target}.json")
        for p in (db, back):
            if os.path.exists(p):
                os.unlink(p)
        n, copies = build(bases, target, js)
        # The strata writer's bytes, so that the export can be compared.
        run([o.strata, "merge", js, "-o", js])
        start = time.monotonic()
        with open(js) as f:
            json.load(f)
        load = time.monotonic() - start
        to_store, _ = run([o.strata, "merge", js, "-o", db])
        from_store, _ = run([o.strata, "merge", db, "-o", back])
        with open(js, "rb") as a, open(back, "rb") as b:
            if a.read() != b.read():
                sys.exit("store_scale.py: the store's export differs from the JSON")
        aj, mj = run([o.strata, "analyze", "--facts", js, "--format", "json", "-o", os.devnull,
                      "--quiet"])
        ad, md = run([o.strata, "analyze", "--facts", db, "--format", "json", "-o", os.devnull,
                      "--quiet"])
        mb = lambda p: os.path.getsize(p) / 1e6
        print(f"| {n} | {copies} | {mb(js):.0f} | {mb(db):.0f} | {load:.2f} s "
              f"({n / load / 1e3:.0f} k/s) | {to_store:.2f} s ({n / to_store / 1e3:.0f} k/s) "
              f"| {from_store:.2f} s ({n / from_store / 1e3:.0f} k/s) | {aj:.2f} s "
              f"| {ad:.2f} s | {mj * 1024 / n:.0f} | {md * 1024 / n:.0f} |")
        for p in (js, db, back):
            if not o.keep:
                os.unlink(p)
    if not o.keep:
        os.rmdir(work)


if __name__ == "__main__":
    main()
