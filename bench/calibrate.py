#!/usr/bin/env python3
"""Runs strata on a corpus of codebases with known labels and reports how
right the verdict is, and how much its confidence means.

  calibrate.py --strata build/tools/strata/strata --manifest bench/corpus.toml
               [--corpus DIR] [--only NAME ...] [-j N] [--json OUT] [--check]

The manifest (TOML) lists one [[project]] per codebase:

  name     = "abseil-cpp"
  db       = "abseil-build"         # build dir or compile_commands.json
  root     = "abseil-cpp"           # --project-root
  expected = "modular production"   # or "tightly coupled MVP", or
                                    # "low confidence" (degenerate codebases)
  reason   = "..."                  # the public reason for the label
  filter   = "/src/"                # optional --source-filter
  args     = ["--module-depth=2"]   # optional extra strata arguments
  clear_cut = false                 # optional: a thinner public record; a
                                    # low confidence on it is no failure
  copies   = 2                      # optional: the facts of K disjoint
                                    # copies side by side (a repository of
                                    # K programs, bench/replicate_facts.py)

Relative paths are taken from --corpus, else $STRATA_CORPUS, else the
manifest's directory. The projects themselves are never part of strata's
repository: fetch and configure them (see docs/verdict.md, "Calibration").

Prints a table (project, TUs, expected, got, score, confidence, each verdict
metric and what each level says), the confusion matrix, and the calibration
of confidence: how often the label is right at confidence >= 0.8, 0.6-0.8
and below 0.6. With --check it exits 1 unless every labeled project gets its
label, every clear-cut one at confidence >= 0.6, every "low confidence"
project stays below 0.3, and every project ran.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))

LABELS = ("modular production", "tightly coupled MVP")
DEGENERATE = "low confidence"
SHORT = {"modular production": "modular", "tightly coupled MVP": "MVP"}
METRICS = ("core_size", "propagation_cost", "component_cyclicity",
           "module_cyclicity", "nccd", "modularity")
BY = {"its whole structure": "whole", "its parts": "parts",
      "the structure between its parts": "between"}
BINS = ((0.8, 1.01, ">= 0.8"), (0.6, 0.8, "0.6-0.8"), (0.0, 0.6, "< 0.6"))


def load_manifest(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    projects = data.get("project", [])
    if not projects:
        sys.exit(f"{path}: no [[project]] entries")
    for i, p in enumerate(projects):
        for key in ("name", "db", "expected", "reason"):
            if key not in p:
                sys.exit(f"{path}: project {i + 1} has no '{key}'")
        if p["expected"] not in LABELS + (DEGENERATE,):
            sys.exit(f"{path}: {p['name']}: expected must be one of "
                     f"{', '.join(LABELS + (DEGENERATE,))}")
    return projects


def run_one(strata, p, base, jobs):
    """strata analyze --format json on one project; (analysis, error)."""
    def at(rel):
        return rel if os.path.isabs(rel) else os.path.join(base, rel)

    def run(cmd):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            last = (r.stderr.strip().splitlines() or ["no output"])[-1]
            return f"exit {r.returncode}: {last}"
        return None

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "analysis.json")
        source = ["-p", at(p["db"])]
        if "root" in p:
            source += ["--project-root", at(p["root"])]
        if "filter" in p:
            source += ["--source-filter", p["filter"]]
        source += p.get("args", [])
        if p.get("copies", 1) > 1:
            facts, copies = (os.path.join(tmp, n) for n in ("facts.json",
                                                            "copies.json"))
            error = run([strata, "extract", *source, "-o", facts, "--quiet",
                         "-j", str(jobs)]) or \
                run([sys.executable, os.path.join(HERE, "replicate_facts.py"),
                     facts, "--copies", str(p["copies"]), "-o", copies])
            if error:
                return None, error
            source = ["--facts", copies]
        error = run([strata, "analyze", *source, "--format", "json", "-o", out,
                     "--quiet", "-j", str(jobs)])
        if error or not os.path.exists(out):
            return None, error or "no output"
        with open(out) as f:
            return json.load(f), None


def row_of(p, a):
    v = a["verdict"]
    reasons = {r["metric"]: r for r in v["reasons"]}
    says = {l["level"]: l["says"] for l in v.get("levels", [])}
    return {
        "name": p["name"], "tus": a["facts"]["translation_units"], "expected": p["expected"],
        "got": v["label"], "score": v["score"], "confidence": v["confidence"],
        "metrics": {m: reasons[m]["value"] for m in METRICS if m in reasons},
        "scored": [m for m in METRICS if m in reasons and reasons[m]["weight"] > 0],
        "says": says, "modules": v.get("modules", {}).get("source", ""),
        "units": len(v.get("units", [])),
        "decided_by": (v.get("units") or [{}])[0].get("decided_by", "-"),
        "notes": v["confidence_notes"],
        "clear_cut": p.get("clear_cut", True),
    }


def fmt_metric(m, x):
    if m in ("core_size", "propagation_cost"):
        return f"{100 * x:.1f}%"
    if m.endswith("cyclicity"):
        return f"{x:.1f}%"
    return f"{x:.2f}"


def right(r):
    if r["expected"] == DEGENERATE:
        return r["confidence"] < 0.3
    return r["got"] == r["expected"]


def print_table(rows, failures):
    head = ["project", "TUs", "expected", "got", "score", "conf"] + \
        ["core(f)", "PC(f)", "cyc(c)", "cyc(m)", "NCCD(c)", "Q(m)"] + \
        ["file", "component", "module", "units", "label from"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---"] * 4 + ["---:"] * 8 + ["---"] * 3 +
                         ["---:", "---"]) + "|")
    for r in rows:
        cells = [r["name"] + ("" if r["clear_cut"] else " *"), str(r["tus"]), SHORT.get(r["expected"], r["expected"]),
                 SHORT[r["got"]] + ("" if right(r) else " (wrong)"),
                 f"{r['score']:.2f}", f"{r['confidence']:.2f}"]
        for m in METRICS:
            x = r["metrics"].get(m)
            cell = "-" if x is None else fmt_metric(m, x)
            cells.append(cell if m in r["scored"] else f"({cell})")
        cells += [r["says"].get(l, "-") for l in ("file", "component", "module")]
        cells += [str(r["units"]), BY.get(r["decided_by"], r["decided_by"])]
        print("| " + " | ".join(cells) + " |")
    for name, error in failures:
        print(f"| {name} | - | - | did not run: {error} |")
    print("\nMetrics in parentheses were shown but not scored. (f) file, "
          "(c) component, (m) module level; the metrics are the codebase's "
          "own structure (between its top units, when it has parts). Label "
          "from: the whole structure of a codebase of one unit, its parts' "
          "median, or the structure between them. * not clear-cut.")


def print_confusion(rows):
    labeled = [r for r in rows if r["expected"] in LABELS]
    print("\nConfusion matrix (rows: expected, columns: got):\n")
    print("| expected \\ got | modular | MVP |\n|---|---:|---:|")
    for e in LABELS:
        counts = [sum(1 for r in labeled if r["expected"] == e and r["got"] == g)
                  for g in LABELS]
        print(f"| {SHORT[e]} | {counts[0]} | {counts[1]} |")
    print("\nCalibration of confidence (labeled projects):\n")
    print("| confidence | projects | right | share right |\n|---|---:|---:|---:|")
    for lo, hi, name in BINS:
        b = [r for r in labeled if lo <= r["confidence"] < hi]
        ok = sum(1 for r in b if right(r))
        share = f"{ok / len(b):.0%}" if b else "-"
        print(f"| {name} | {len(b)} | {ok} | {share} |")
    degenerate = [r for r in rows if r["expected"] == DEGENERATE]
    if degenerate:
        print("\nDegenerate codebases (confidence must stay below 0.3): " +
              ", ".join(f"{r['name']} {r['confidence']:.2f}" for r in degenerate))


def problems_of(rows, failures):
    out = [f"{n}: did not run ({e})" for n, e in failures]
    for r in rows:
        if r["expected"] == DEGENERATE:
            if r["confidence"] >= 0.3:
                out.append(f"{r['name']}: confidence {r['confidence']:.2f} on a "
                           "degenerate codebase (must be < 0.3)")
        elif r["got"] != r["expected"]:
            out.append(f"{r['name']}: expected '{r['expected']}', got "
                       f"'{r['got']}' at confidence {r['confidence']:.2f}")
        elif r["clear_cut"] and r["confidence"] < 0.6:
            out.append(f"{r['name']}: right, but at confidence "
                       f"{r['confidence']:.2f} on a clear-cut project "
                       "(must be >= 0.6)")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--strata", required=True)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--corpus", help="base of relative paths "
                    "(default: $STRATA_CORPUS, else the manifest's directory)")
    ap.add_argument("--only", nargs="*", help="run only these projects")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", help="also write the rows here")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless every label is right (see above)")
    args = ap.parse_args()

    projects = load_manifest(args.manifest)
    if args.only:
        unknown = set(args.only) - {p["name"] for p in projects}
        if unknown:
            sys.exit(f"{args.manifest}: no project {', '.join(sorted(unknown))}")
        projects = [p for p in projects if p["name"] in args.only]
    base = args.corpus or os.environ.get("STRATA_CORPUS") or \
        os.path.dirname(os.path.abspath(args.manifest))

    rows, failures = [], []
    for p in projects:
        print(f"calibrate: {p['name']} ...", file=sys.stderr, flush=True)
        a, error = run_one(args.strata, p, base, args.jobs)
        if a is None:
            failures.append((p["name"], error))
        else:
            rows.append(row_of(p, a))

    print_table(rows, failures)
    print_confusion(rows)
    for r in rows:
        if r["notes"]:
            print(f"\n{r['name']}: " + "; ".join(r["notes"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "failures": failures}, f, indent=1)
    problems = problems_of(rows, failures)
    if problems:
        print("\n" + "\n".join(f"calibrate: {p}" for p in problems),
              file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
