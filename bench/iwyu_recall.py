#!/usr/bin/env python3
"""strata's recall of the headers include-what-you-use's own tests say a file needs.

include-what-you-use's test suite (tests/cxx/*.cc in its repository, LLVM
licence) marks each use in a test file with the header that provides it, in a
comment block right above the line of the use:

    // IWYU: IndirectClass is...*indirect.h
    IndirectClass ic;

(IWYU's runner, iwyu_test_util.py, turns `...*` into the regex `.*` and
matches the comment against IWYU's diagnostic "IndirectClass is defined in
"tests/cxx/indirect.h", which isn't directly #included." reported at the next
line that is not itself an `// IWYU:` comment.)

Expected pairs.  For each test file the expected headers are the distinct
headers named in its `// IWYU: X is...*HEADER` comments (the `X needs a
declaration` comments ask for a forward declaration, not a header, and are
not counted).  The `should add these lines` part of the IWYU_SUMMARY block is
not used: it lists the same headers, plus forward declarations, minus the
ones IWYU's mapping files replace, and it is not per use, so the comments
give the symbol and line of every pair.  A HEADER written as a suffix
(`-i1.h`, `indirect.h`) is resolved to the one file of the translation unit
(strata's `files` table) whose path ends with it, preferring a whole path
component, then a name starting with the test's own name.  Headers written
`<vector>` are standard-library public headers: IWYU maps the private header
declaring the symbol (bits/stl_vector.h) to them, strata does not; they are
counted separately ("system") and in the total.  Names no file of the TU has
(a mapping file's invented public header) stay unresolved and count as misses.

Running strata.  Each test with expectations gets its own compile database
(in a temp dir): `clang++ -std=c++17 <IWYU_ARGS> -c tests/cxx/T.cc` run from
the repository root, as IWYU's runner does.  All compiler flags of the
`// IWYU_ARGS:` line are kept (-I, -D, -include, -std=..., -f...), not only
the -I flags, because tests need them to parse; `-Xiwyu X` pairs are dropped;
a -std= of the test overrides the default -std=c++17.  Then
`strata extract -p TMP --no-cache -j 1 --project-root IWYU_SRC`.  Tests
whose translation unit strata reports as failed (clang errors) are skipped
and listed, as are tests an IWYU_REQUIRES line or an Objective-C / MSVC-only
flag rules out.

Found.  A pair (test file, header) is found
  * by target: some use in the test file (facts `uses`, `file` == the test)
    has `target_file` == the header (for `<name>`: an external file whose
    path ends with /name);
  * by via: some use in the test file has a `via` line that is the line of
    an `#include` of the header in the test file (facts `includes`).
Recall is reported for each criterion and for either (the headline figure).

The `via` criterion adds nothing by construction: `via` is the line of
the test file's own #include through which the target is reached, and IWYU
flags exactly the headers that are not included directly.

Also printed: recall without the pairs only IWYU's mapping files, pragmas
or include heuristics name (or IWYU's std-symbol map), and a use-level
figure: the share of `X is...*H` comments with a strata use on the very
line IWYU reports whose target_file is H (stricter; a pair counts as found
when any one of its uses is).

Misses.  For every missed pair the JSON lists the IWYU comments (line,
symbol, the line of the use, the comment) and what strata recorded on the
use's line, and a cause: read from the tests for the pairs in CAUSES
(IWYU commit 89753cd1), otherwise guessed from the source line and strata's
uses there (a starting point for reading the code, not a verdict).  The
JSON also holds the found pairs, with the same per-comment detail.

    bench/iwyu_recall.py --strata build/tools/strata/strata \\
        --iwyu-src /path/to/include-what-you-use [--json misses.json]
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

IWYU_LINE = re.compile(r"^\s*// IWYU:\s*(.*)$")
IS_PATTERN = re.compile(r"^(.*?) is\.\.\.\*(.*)$")
ARGS_LINE = re.compile(r"^// IWYU_ARGS:\s(.*)$")
REQUIRES = re.compile(r"^// IWYU_(REQUIRES|UNSUPPORTED): ([a-z][a-z0-9_-]*)\(([^)]+)\)$")
SYSTEM_NAMES = {"cmath", "cstdio"}  # written without <> in a few tests


def launch_args(text):
    """IWYU_ARGS as iwyu_test_util._GetLaunchArguments reads them."""
    args, lines = "", iter(text.splitlines(True))
    for line in lines:
        m = ARGS_LINE.match(line)
        if m:
            args = m.group(1).rstrip("\n")
            break
    for line in lines:
        if not line.startswith("// ") or not args.endswith("\\"):
            break
        args = args[:-1] + " " + line[3:].strip()
    return shlex.split(args)


def compiler_args(args):
    out, it = [], iter(args)
    for a in it:
        if a == "-Xiwyu":
            next(it, None)
            continue
        out.append(a)
    return out


def skip_reason(text, args):
    for line in text.splitlines():
        m = REQUIRES.match(line)
        if m:
            feature, value = m.group(2), m.group(3)
            if feature == "has-target" and value not in ("x86-64", "x86"):
                return f"IWYU_{m.group(1)}: {feature}({value})"
            if feature in ("uses-cstdlib", "uses-cxxstdlib"):
                ok = value in ("glibc", "libstdcxx")
                if ok != (m.group(1) == "REQUIRES"):
                    return f"IWYU_{m.group(1)}: {feature}({value})"
    for a in args:
        if a in ("-ObjC", "-ObjC++") or a.startswith("-fobjc") or "objective-c" in a:
            return "Objective-C"
        if "msvc" in a or a in ("-fms-compatibility", "--driver-mode=cl"):
            return "MSVC-only flag " + a
    return None


def expectations(text):
    """[(comment line, use line, symbol, header text)] of `X is...*H` comments."""
    lines = text.splitlines()
    out = []
    for n, line in enumerate(lines, 1):
        m = IWYU_LINE.match(line)
        if not m:
            continue
        p = IS_PATTERN.match(m.group(1))
        if not p:
            continue
        use = n + 1
        while use <= len(lines) and IWYU_LINE.match(lines[use - 1]):
            use += 1
        out.append((n, use, p.group(1).strip(), p.group(2).strip()))
    return out


def header_of(tail):
    """('system', '<name>') / ('quoted', 'path') / ('suffix', 'x-i1.h') / ('regex', pattern)."""
    if tail.startswith("{{"):
        return "regex", tail.strip("{}")
    if tail.startswith("<"):
        return "system", tail[:tail.index(">") + 1]
    if tail.startswith('"'):
        return "quoted", tail[1:tail.index('"', 1)]
    tail = tail.split("...*")[0].strip()
    if tail in SYSTEM_NAMES:
        return "system", f"<{tail}>"
    return "suffix", tail


def resolve(kind, name, files, testbase):
    """The file of the TU the header text names: (header key, resolved?, ambiguous?)."""
    if kind == "system":
        return name, True, False
    if kind == "regex":  # e.g. <c(stddef|stdio|...)>: a family of public headers
        return name, True, False
    cands = [f for f in files if f.endswith(name)]
    for pick in (lambda f: f == name or f.endswith("/" + name),
                 lambda f: os.path.basename(f).startswith(testbase + name)
                 or os.path.basename(f).startswith(testbase + "-")):
        best = [f for f in cands if pick(f)]
        if best:
            cands = best
            break
    if not cands:
        return name, False, False
    cands.sort(key=lambda f: (os.path.isabs(f), len(f), f))
    return cands[0], True, len(cands) > 1


def system_match(key, path):
    if key.startswith("<"):
        return path.endswith("/" + key[1:-1])
    return re.search("/" + key.strip("<>") + "$", path) is not None


MACRO_DEF = re.compile(r"^\s*#\s*define\b")

MAPPING = "IWYU-specific (mapping file / IWYU pragma / IWYU include heuristic)"
STD_MAPPING = "IWYU-specific (std symbol -> public header mapping)"
EXPL_INST = "explicit instantiation (IWYU also wants the header of the explicit instantiation/specialization)"
TYPEDEF = "typedef/using chain (non-providing typedef: IWYU wants the underlying type's header)"
# Causes found by reading the tests (include-what-you-use commit 89753cd1);
# keyed by (test file, resolved header).  Misses not listed get the
# heuristic guess of guess_cause().
CAUSES = {
    ("tests/cxx/comment_pragmas.cc", "tests/cxx/comment_pragmas-i1.h"): MAPPING,
    ("tests/cxx/comment_pragmas.cc", "tests/cxx/comment_pragmas-i6.h"): MAPPING,
    ("tests/cxx/comment_pragmas.cc", "tests/cxx/comment_pragmas-i7.h"): MAPPING,
    ("tests/cxx/relative_include_of_export_added.cc", "tests/cxx/export_private_near.h"): MAPPING,
    ("tests/cxx/macro_defined_by_includer.cc", "tests/cxx/macro_defined_by_includer-i1.h"): MAPPING,
    ("tests/cxx/macro_defined_by_includer.cc", "tests/cxx/macro_defined_by_includer-i3.h"): MAPPING,
    ("tests/cxx/expl_inst_args.cc", "tests/cxx/expl_inst_args-i2.h"): EXPL_INST,
    ("tests/cxx/expl_inst_select.cc", "tests/cxx/expl_inst_select-i2.h"): EXPL_INST,
    ("tests/cxx/expl_inst_select.cc", "tests/cxx/expl_inst_select-i3.h"): EXPL_INST,
    ("tests/cxx/explicit_instantiation.cc", "tests/cxx/explicit_instantiation-spec-i1.h"): EXPL_INST,
    ("tests/cxx/explicit_instantiation.cc", "tests/cxx/explicit_instantiation-spec-i2.h"): EXPL_INST,
    ("tests/cxx/explicit_instantiation.cc", "tests/cxx/explicit_instantiation-nested.h"): EXPL_INST,
    ("tests/cxx/explicit_instantiation2.cc", "tests/cxx/explicit_instantiation2-template_bool.h"): EXPL_INST,
    ("tests/cxx/explicit_instantiation2.cc", "tests/cxx/explicit_instantiation2-template_short.h"): EXPL_INST,
    ("tests/cxx/iwyu_stricter_than_cpp.cc", "tests/cxx/indirect.h"): TYPEDEF,
    ("tests/cxx/typedefs_and_resugaring.cc", "tests/cxx/indirect.h"): TYPEDEF,
    ("tests/cxx/using_aliased_symbol.cc", "tests/cxx/indirect.h"): TYPEDEF,
    ("tests/cxx/template_specialization.cc", "tests/cxx/template_specialization-i2.h"):
        "explicit specialization chosen by an implicit instantiation (strata names the primary template)",
    ("tests/cxx/fn_def_args.cc", "tests/cxx/fn_def_args-i2.h"):
        "default argument from another redeclaration",
    ("tests/cxx/out_of_line.cc", "tests/cxx/out_of_line-dtor.h"):
        "implicit call (destructor of a returned temporary)",
    ("tests/cxx/overload_expr.cc", "tests/cxx/overload_expr-i2.h"):
        "template argument in instantiation (ADL/late)",
    ("tests/cxx/lateparsed_template.cc", "tests/cxx/indirect.h"):
        "-fdelayed-template-parsing: uninstantiated template body never parsed",
    ("tests/cxx/prefix_header_attribution.cc", "<new>"):
        "implicit call (operator new of a dependent placement new-expression)",
    ("tests/cxx/prefix_header_operator_new.cc", "<new>"):
        "implicit call (operator new of a dependent placement new-expression)",
}


def guess_cause(miss, src_lines, line_uses, kind, resolved):
    """A first guess at why strata missed a pair (see the module docstring)."""
    if kind in ("system", "regex"):
        if line_uses:
            return STD_MAPPING
        return "system header: no strata use at the line"
    if not resolved:
        return MAPPING
    text = src_lines[miss["use_line"] - 1] if miss["use_line"] <= len(src_lines) else ""
    prev = src_lines[miss["use_line"] - 2] if miss["use_line"] >= 2 else ""
    if MACRO_DEF.match(text) or prev.rstrip().endswith("\\"):
        return "use inside macro body"
    if re.match(r"^\s*(extern\s+)?template\s+(?!<)", text):
        return EXPL_INST
    if re.search(r"\bnamespace\s+\w+\s*=", text):
        return "namespace alias"
    if re.search(r"\busing\s+namespace\b", text):
        return "using-directive"
    if line_uses:
        return "other (strata use at the line targets another file)"
    return "other (no strata use at the line)"


def run_test(strata, root, rel, args):
    with tempfile.TemporaryDirectory(prefix="iwyu_recall.") as tmp:
        entry = {"directory": root, "file": rel,
                 "arguments": ["clang++", "-std=c++17", *args, "-c", rel]}
        with open(os.path.join(tmp, "compile_commands.json"), "w") as f:
            json.dump([entry], f)
        out = os.path.join(tmp, "facts.json")
        r = subprocess.run([strata, "extract", "-p", tmp, "--no-cache", "-j", "1", "--quiet",
                            "--project-root", root, "-o", out],
                           capture_output=True, text=True)
        if not os.path.exists(out):
            return None, (r.stderr.strip().splitlines() or ["no facts written"])[0][:300]
        with open(out) as f:
            return json.load(f), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--strata", required=True, help="the strata binary")
    ap.add_argument("--iwyu-src", required=True, help="a checkout of include-what-you-use")
    ap.add_argument("--json", help="write the counts, skips and every missed pair here")
    ap.add_argument("--tests", nargs="*", help="only these tests/cxx file names (e.g. badinc.cc)")
    ap.add_argument("--keep-failed", action="store_true",
                    help="count tests whose TU has clang errors (partial facts) instead of skipping them")
    o = ap.parse_args()
    root = os.path.realpath(o.iwyu_src)
    strata = os.path.realpath(o.strata)
    tests = sorted(f for f in os.listdir(os.path.join(root, "tests/cxx")) if f.endswith(".cc"))
    if o.tests:
        tests = [t for t in tests if t in set(o.tests)]

    skipped, no_expect, ran = [], [], []
    pairs = []  # per (file, header key)
    for i, t in enumerate(tests):
        rel = f"tests/cxx/{t}"
        with open(os.path.join(root, rel), errors="replace") as f:
            text = f.read()
        exp = expectations(text)
        if not exp:
            no_expect.append(rel)
            continue
        args = compiler_args(launch_args(text))
        why = skip_reason(text, args)
        if why:
            skipped.append({"file": rel, "reason": why})
            continue
        print(f"[{i + 1}/{len(tests)}] {rel}", file=sys.stderr, end="\r")
        facts, err = run_test(strata, root, rel, args)
        if facts is None:
            skipped.append({"file": rel, "reason": "strata failed: " + err})
            continue
        tu = facts["translation_units"][0]
        if tu.get("status", "ok") != "ok" and not o.keep_failed:
            skipped.append({"file": rel, "reason": "clang errors: " + tu.get("first_error", "?")})
            continue
        ran.append(rel)
        files = [f["path"] for f in facts["files"]]
        uses = [u for u in facts["uses"] if u["file"] == rel]
        incs = collections.defaultdict(list)
        for inc in facts["includes"]:
            if inc["file"] == rel:
                incs[inc["line"]].append(inc)
        by_line = collections.defaultdict(list)
        for u in uses:
            by_line[u["line"]].append(u)
        testbase = t[:-3]
        src_lines = text.splitlines()
        grouped = collections.OrderedDict()
        for cline, uline, sym, tail in exp:
            kind, name = header_of(tail)
            key, resolved, ambiguous = resolve(kind, name, files, testbase)
            grouped.setdefault((kind, key), {"resolved": resolved, "ambiguous": ambiguous,
                                             "comments": []})
            grouped[(kind, key)]["comments"].append(
                {"comment_line": cline, "use_line": uline, "symbol": sym,
                 "comment": src_lines[cline - 1].strip()})
        for (kind, key), g in grouped.items():
            is_sys = kind in ("system", "regex")
            if is_sys:
                tgt = any(system_match(key, u.get("target_file", "")) for u in uses)
                via = any(system_match(key, inc.get("target", "")) or
                          (kind == "system" and inc.get("spelled") == key[1:-1])
                          for u in uses for inc in incs.get(u.get("via"), []))
            else:
                tgt = g["resolved"] and any(u.get("target_file") == key for u in uses)
                via = g["resolved"] and any(inc.get("target") == key
                                            for u in uses for inc in incs.get(u.get("via"), []))
            rec = {"file": rel, "header": key, "kind": "system" if is_sys else "project",
                   "resolved": g["resolved"], "ambiguous": g["ambiguous"],
                   "by_target": tgt, "by_via": via, "comments": g["comments"]}
            for c in g["comments"]:
                at = by_line.get(c["use_line"], [])
                c["strata_hit"] = any(system_match(key, u.get("target_file", "")) if is_sys
                                      else u.get("target_file") == key for u in at)
                if not c["strata_hit"]:
                    c["strata_uses_at_line"] = [
                        {k: u.get(k) for k in ("target", "target_file", "kind", "via") if k in u}
                        for u in at]
            if not (tgt or via):
                c0 = g["comments"][0]
                all_uses = [u for c in g["comments"] for u in by_line.get(c["use_line"], [])]
                rec["cause"] = CAUSES.get((rel, key)) or guess_cause(
                    c0, src_lines, all_uses, kind, g["resolved"])
            pairs.append(rec)
    print(" " * 60, file=sys.stderr, end="\r")

    def pct(a, b):
        return f"{a} of {b} = {100.0 * a / b:.1f}%" if b else f"{a} of 0"

    def count(sel, crit):
        return sum(1 for p in pairs if sel(p) and crit(p))

    sels = {"all": lambda p: True, "project": lambda p: p["kind"] == "project",
            "system": lambda p: p["kind"] == "system"}
    crits = {"target or via": lambda p: p["by_target"] or p["by_via"],
             "target": lambda p: p["by_target"], "via": lambda p: p["by_via"]}
    print(f"iwyu tests/cxx: {len(tests)} .cc files; {len(no_expect)} have no "
          f"'X is...*header' comments; {len(ran)} run; {len(skipped)} skipped")
    for s in skipped:
        print(f"  skipped {s['file']}: {s['reason']}")
    summary = {}
    for sname, sel in sels.items():
        total = count(sel, lambda p: True)
        parts = []
        for cname, crit in crits.items():
            n = count(sel, crit)
            summary[f"{sname}/{cname}"] = [n, total]
            parts.append(f"{cname}: {pct(n, total)}")
        print(f"recall ({sname} pairs): " + "; ".join(parts))
    comments = [c for p in pairs for c in p["comments"]]
    hits = sum(c["strata_hit"] for c in comments)
    print(f"use level: {pct(hits, len(comments))} of the 'X is...*header' comments have a "
          f"strata use on the commented line whose target_file is that header")
    quiet = collections.Counter(
        "no strata use on the line" if not c["strata_uses_at_line"] else
        "strata uses on the line name other files" for p in pairs if p["kind"] == "project"
        for c in p["comments"] if not c["strata_hit"])
    print("  project-header comments without a hit: " +
          "; ".join(f"{n} {k}" for k, n in quiet.most_common()))
    misses = [p for p in pairs if not (p["by_target"] or p["by_via"])]
    iwyu_only = sum(1 for p in misses if p["cause"].startswith("IWYU-specific"))
    found = len(pairs) - len(misses)
    print(f"recall without the {iwyu_only} pairs only IWYU's mappings/pragmas/heuristics name: "
          f"{pct(found, len(pairs) - iwyu_only)}")
    summary["excluding IWYU-specific"] = [found, len(pairs) - iwyu_only]
    summary["use level"] = [hits, len(comments)]
    ambiguous = [f"{p['file']}:{p['header']}" for p in pairs if p["ambiguous"]]
    if ambiguous:
        print(f"  ({len(ambiguous)} header suffixes matched several files; the shortest path "
              f"was taken: {', '.join(ambiguous)})")
    unresolved = [p for p in pairs if not p["resolved"]]
    if unresolved:
        print(f"  ({len(unresolved)} header names resolve to no file of the TU: "
              + ", ".join(sorted({p['header'] for p in unresolved})) + ")")
    per_file = collections.OrderedDict()
    for p in pairs:
        f = per_file.setdefault(p["file"], [0, 0])
        f[1] += 1
        f[0] += bool(p["by_target"] or p["by_via"])
    worst = sorted(((a / b, a, b, f) for f, (a, b) in per_file.items() if a < b))
    print(f"files with every pair found: {len(per_file) - len(worst)} of {len(per_file)}; "
          f"the others:")
    for r, a, b, f in worst:
        print(f"  {f}: {a}/{b}")
    causes = collections.Counter(p["cause"] for p in misses)
    print("missed pairs by cause (read from the tests where listed in CAUSES, else guessed):")
    for c, n in causes.most_common():
        print(f"  {n:4d}  {c}")
        for p in [p for p in misses if p["cause"] == c][:3]:
            c0 = p["comments"][0]
            print(f"          e.g. {p['file']}:{c0['use_line']} {c0['symbol']} -> {p['header']}")
    if o.json:
        with open(o.json, "w") as f:
            json.dump({"summary": summary, "ran": ran, "skipped": skipped,
                       "no_expectations": no_expect,
                       "per_file": {k: {"found": a, "expected": b} for k, (a, b) in per_file.items()},
                       "causes": dict(causes.most_common()), "misses": misses,
                       "found_pairs": [p for p in pairs if p["by_target"] or p["by_via"]]},
                      f, indent=1)


if __name__ == "__main__":
    main()
