#!/usr/bin/env python3
"""The facts at scale: JSON against the SQLite store, per record.

Replicates real facts files (disjoint copies, bench/replicate_facts.py) up to
each requested record count and, for each size, measures in one run:

  * json.load of the same records (the reference for load rates), a copy
    at a time;
  * `strata merge copy-*.json -o shard-K.db`, the copies split into 4
    shards: reading JSON and building stores;
  * `strata merge shard-*.db -o facts.db`: merging stores (SQLite's ATTACH
    and INSERT, as shards of a CI matrix are merged);
  * `strata merge facts.db -o facts.json`: reading the store back and
    exporting it (checked byte for byte against the JSON);
  * `strata analyze --facts` on each form: wall time, the time it took to
    load the facts (--timings) and peak resident memory (from
    /usr/bin/time), per record; the store is loaded a second time, since
    the first run after the bench's writes pays for fresh memory on a virtual
    machine that returns idle memory to its host;
  * the store's load time over json.load's of the same records.

Above --json-max records only the store is built and analyzed: strata
reads a JSON facts file whole, so that is the store's job.

    bench/store_scale.py --strata build/tools/strata/strata \\
        --facts abseil.json --facts redis.json --records 300000,1000000

Records are translation units, files, includes, entities, uses and reliant
uses. Prints a table; nothing is asserted (docs/performance.md has the
figures).
"""
import argparse
import json
import os
import re
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
    """Wall seconds, peak resident KB and stderr of \\p cmd; exits on failure.

    The peak comes from /usr/bin/time: a child forked from this process
    starts with its resident pages counted (the base facts, hundreds of MB),
    which wait4 would report as the child's peak."""
    with tempfile.NamedTemporaryFile(mode="r") as peak:
        start = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name, *cmd],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.monotonic() - start
        err = proc.stderr.decode()
        if proc.returncode != 0:
            sys.exit(f"store_scale.py: {' '.join(cmd)} failed: {err[:300]}")
        return seconds, int(peak.read().split()[-1]), err


def write_copies(bases, target, work):
    """Writes disjoint copies of \\p bases, one JSON file each, until they
    hold \\p target records; returns the files and the record count."""
    files, n, i = [], 0, 0
    while n < target:
        base = bases[i % len(bases)]
        copy = copy_facts(base, prefixer(f"copy{i}/"))
        copy.update(format="strata-facts", version=2, root=base["root"])
        path = os.path.join(work, f"copy-{i}.json")
        with open(path, "w") as f:
            json.dump(copy, f)
        files.append(path)
        n += records(copy)
        i += 1
    return files, n


def json_load_seconds(files):
    """json.load of every copy, one at a time: the same records, without
    holding them all."""
    total = 0.0
    for path in files:
        start = time.monotonic()
        with open(path) as f:
            json.load(f)
        total += time.monotonic() - start
    return total


def analyze(strata, facts):
    """Wall seconds, peak KB and load seconds (--timings) of analyze."""
    seconds, kb, err = run([strata, "analyze", "--facts", facts, "--format", "json",
                            "-o", os.devnull, "--quiet", "--timings"])
    loaded = re.search(r"facts loaded in ([0-9.]+) s", err)
    return seconds, kb, float(loaded.group(1)) if loaded else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    ap.add_argument("--strata", required=True)
    ap.add_argument("--facts", action="append", required=True,
                    help="a facts file to replicate (repeat: copies alternate)")
    ap.add_argument("--records", default="300000,1000000",
                    help="comma-separated record counts")
    ap.add_argument("--json-max", type=float, default=1.5e6,
                    help="above this many records only the store is measured: "
                         "strata reads a JSON facts file whole (default 1.5e6)")
    ap.add_argument("--keep", help="keep the generated files in this directory")
    o = ap.parse_args()
    bases = []
    for path in o.facts:
        with open(path) as f:
            facts = json.load(f)
        facts["root"] = bases[0]["root"] if bases else facts["root"]
        bases.append(facts)
    work = o.keep or tempfile.mkdtemp(prefix="store-scale-")
    print("| records | JSON MB | store MB | json.load | JSON -> store "
          "| 4 stores -> store | store -> JSON "
          "| analyze JSON (load) | analyze store (load) | bytes/record JSON "
          "| bytes/record store | store load / json.load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rate = lambda n, t: f"{n / t / 1e3:.0f} k/s"
    mb = lambda p: os.path.getsize(p) / 1e6
    for target in (int(float(x)) for x in o.records.split(",")):
        copies, n = write_copies(bases, target, work)
        db = os.path.join(work, f"facts-{target}.db")
        if os.path.exists(db):
            os.unlink(db)
        load = json_load_seconds(copies)
        shards, to_store = [], 0.0
        for k in range(4):
            shard = os.path.join(work, f"shard-{target}-{k}.db")
            if os.path.exists(shard):
                os.unlink(shard)
            to_store += run([o.strata, "merge", *copies[k::4], "-o", shard])[0]
            shards.append(shard)
        merged, _, _ = run([o.strata, "merge", *shards, "-o", db])
        # What was just written is on disk before anything reads it: loads
        # measured while the kernel wrote the store back were a third slower.
        os.sync()
        ad, md, ld = analyze(o.strata, db)
        # Once more: after the bench's gigabytes of writes, the first run
        # pays for memory the virtual machine hands back to its host (a
        # 10-million-record store loaded in 3.3 s, then 1.1-1.6 s; in 1.6 s
        # at once when another process had touched 3 GB first).
        _, _, again = analyze(o.strata, db)
        row = [f"{n}", "", f"{mb(db):.0f}", f"{load:.2f} s ({rate(n, load)})",
               f"{to_store:.2f} s ({rate(n, to_store)})",
               f"{merged:.2f} s ({rate(n, merged)})", "", "",
               f"{ad:.2f} s ({ld:.2f} s, {rate(n, ld)}; again {again:.2f} s, "
               f"{rate(n, again)})", "", f"{md * 1024 / n:.0f}",
               f"{ld / load:.3f}; again {again / load:.3f}"]
        if n <= o.json_max:
            js = os.path.join(work, f"facts-{target}.json")
            back = os.path.join(work, f"back-{target}.json")
            run([o.strata, "merge", *copies, "-o", js])
            from_store, _, _ = run([o.strata, "merge", db, "-o", back])
            with open(js, "rb") as a, open(back, "rb") as b:
                if a.read() != b.read():
                    sys.exit("store_scale.py: the store's export differs from the JSON")
            aj, mj, lj = analyze(o.strata, js)
            row[1] = f"{mb(js):.0f}"
            row[6] = f"{from_store:.2f} s ({rate(n, from_store)})"
            row[7] = f"{aj:.2f} s ({lj:.2f} s, {rate(n, lj)})"
            row[9] = f"{mj * 1024 / n:.0f}"
            if not o.keep:
                os.unlink(js)
                os.unlink(back)
        print("| " + " | ".join(c or "-" for c in row) + " |", flush=True)
        if not o.keep:
            for p in copies + shards + [db]:
                os.unlink(p)
    if not o.keep:
        os.rmdir(work)


if __name__ == "__main__":
    main()
