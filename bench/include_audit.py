#!/usr/bin/env python3
"""Audits include advice the way a user judges it: by compiling.

For one compilation database, every `unused` and `forward-declarable` claim
of `strata analyze` (and, in the same run, every removal claim of
clang-include-cleaner on the database's main files) is applied to the file
in memory -- a copy in a scratch directory, shown to the compiler at the
original path through a Clang VFS overlay (-ivfsoverlay), so the analyzed
tree is never touched -- and every translation unit that reads the file is
parsed again with the database's own flags (clang-19 -fsyntax-only). A
claim is right when all of them still parse.

    bench/include_audit.py --strata build/tools/strata/strata \\
        -p /path/to/build --name leveldb [--verify] [--sample 60] [--json out.json]

Method:
  * Which TUs read a file comes from `clang -H` on each TU, run once; TUs
    that fail before any edit are reported and their claims not judged.
  * `unused`: the #include line is blanked. `forward-declarable`: the line
    is replaced with the claim's `replacement` (strata's own quick fix).
  * --sample N judges at most N claims per tool and kind, chosen
    deterministically (a hash of file and line); --max-tus K parses at most
    K of the TUs that read a header (the output counts claims capped so).
  * --verify runs strata with --verify-includes, which keeps only claims
    Clang confirmed; without it the plain claims are audited.
  * Recall: of clang-include-cleaner's claims on project headers that
    compile, the share strata also makes (unused or forward-declarable, same
    file and line).

Prints a table; --json writes every judged claim with the first error of
those that fail.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

CLANG = "clang-19"
DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROP = {"-c", "-MD", "-MMD", "-M", "-MM", "-MP"}


def die(message):
    print(f"include_audit.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def load_db(build):
    path = build if build.endswith(".json") else os.path.join(build, "compile_commands.json")
    try:
        with open(path) as f:
            entries = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: {e}")
    tus = {}
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        d = e["directory"]
        src = os.path.realpath(os.path.join(d, e["file"]))
        if not src.endswith((".c", ".cc", ".cpp", ".cxx")):
            continue
        out, skip = [CLANG], False
        for a in args[1:]:
            if skip:
                skip = False
                continue
            if a in DROP_WITH_VALUE:
                skip = True
                continue
            if a in DROP or any(a.startswith(p) and a != p for p in DROP_WITH_VALUE):
                continue
            out.append(a)
        tus.setdefault(src, (d, out))
    return tus


def compile_tu(tu, extra=()):
    d, args = tu
    r = subprocess.run(args + ["-fsyntax-only", "-fno-color-diagnostics", *extra], cwd=d,
                       capture_output=True, text=True)
    return r.returncode, r.stderr


def first_error(stderr):
    for line in stderr.splitlines():
        if ": error:" in line or ": fatal error:" in line:
            return line.strip()
    return stderr.strip().splitlines()[-1] if stderr.strip() else "failed"


def headers_read(tu):
    code, err = compile_tu(tu, ["-H"])
    read = set()
    for line in err.splitlines():
        stripped = line.lstrip(".")
        if stripped != line and stripped.startswith(" "):
            read.add(os.path.realpath(os.path.join(tu[0], stripped.strip())))
    return code == 0, read, err


def pick(claims, n):
    if not n or len(claims) <= n:
        return claims
    key = lambda c: hashlib.sha1(f"{c['file']}:{c['line']}".encode()).hexdigest()
    return sorted(claims, key=key)[:n]


def replacement(claim):
    """strata's quick fix; for strata before it wrote one, the declarations
    its entities name, as its language server wrote them then."""
    if claim.get("status") != "forward-declarable":
        return ""
    if "replacement" in claim:
        return claim["replacement"]
    out = []
    for entity in claim.get("entities", []):
        *spaces, cls = entity.split("::")
        decl = f"class {cls};"
        for ns in reversed(spaces):
            decl = f"namespace {ns} {{ {decl} }}"
        out.append(decl)
    return "\n".join(out)


def audit_claim(claim, readers, tus, max_tus, scratch):
    path = claim["abs"]
    with open(path, errors="surrogateescape") as f:
        lines = f.read().split("\n")
    i = claim["line"] - 1
    if i >= len(lines) or "include" not in lines[i]:
        return {"ok": False, "error": f"line {claim['line']} is not an #include"}
    lines[i] = replacement(claim).rstrip("\n")
    fd, copy = tempfile.mkstemp(dir=scratch, suffix=os.path.basename(path))
    with os.fdopen(fd, "w", errors="surrogateescape") as f:
        f.write("\n".join(lines))
    overlay = copy + ".yaml"
    with open(overlay, "w") as f:
        json.dump({"version": 0, "case-sensitive": "true",
                   "use-external-names": False, "roots": [
            {"type": "file", "name": path, "external-contents": copy}]}, f)
    mine = sorted(t for t in readers if path in readers[t] or t == path)
    capped = len(mine) > max_tus
    if capped:
        mine = sorted(mine, key=lambda t: hashlib.sha1(t.encode()).hexdigest())[:max_tus]
    result = {"ok": True, "tus": len(mine), "capped": capped}
    for t in mine:
        code, err = compile_tu(tus[t], ["-ivfsoverlay", overlay])
        if code != 0:
            result.update(ok=False, tu=t, error=first_error(err))
            break
    os.unlink(copy)
    os.unlink(overlay)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    ap.add_argument("--strata", required=True, help="the strata binary")
    ap.add_argument("-p", dest="build", required=True, help="directory with compile_commands.json")
    ap.add_argument("--name", default="", help="project name for the table")
    ap.add_argument("--sample", type=int, default=0, help="claims judged per tool and kind (0: all)")
    ap.add_argument("--max-tus", type=int, default=8, help="TUs parsed per header claim")
    ap.add_argument("--verify", action="store_true", help="run strata with --verify-includes")
    ap.add_argument("--include-cleaner", default="/usr/lib/llvm-19/bin/clang-include-cleaner",
                    help="clang-include-cleaner binary, or 'none'")
    ap.add_argument("--json", help="write every judged claim here")
    ap.add_argument("-j", type=int, default=1, help="parallel compiles")
    o = ap.parse_args()
    name = o.name or os.path.basename(os.path.abspath(o.build))
    start = time.time()

    tus = load_db(o.build)
    with concurrent.futures.ThreadPoolExecutor(o.j) as ex:
        scanned = dict(zip(tus, ex.map(headers_read, tus.values())))
    broken = sorted(t for t, (ok, _, _) in scanned.items() if not ok)
    readers = {t: read for t, (ok, read, _) in scanned.items() if ok}

    cmd = [o.strata, "analyze", "-p", o.build, "--format", "json", "--quiet", "--no-cache",
           "--modules", "directories"] + (["--verify-includes"] if o.verify else [])
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    strata_seconds = time.time() - t0
    if r.returncode != 0:
        die(f"{' '.join(cmd)} failed: {r.stderr.strip()[:300]}")
    analysis = json.loads(r.stdout)
    root = analysis["root"]
    claims = {"unused": [], "forward-declarable": [], "include-cleaner": []}
    for c in analysis["includes"]["list"]:
        c = dict(c, abs=os.path.realpath(os.path.join(root, c["file"])))
        claims[c["status"]].append(c)

    if o.include_cleaner != "none":
        for src in sorted(tus):
            if not src.startswith(root + os.sep):
                continue
            r = subprocess.run([o.include_cleaner, "-p", o.build, "--insert=false",
                                "--print=changes", src], capture_output=True, text=True)
            for line in r.stdout.splitlines():
                if line.startswith("- ") and "@Line:" in line:
                    spelled = line[2:line.index(" @Line:")].strip('"<>')
                    ln = int(line.rsplit("@Line:", 1)[1])
                    rel = os.path.relpath(src, root)
                    claims["include-cleaner"].append(
                        {"file": rel, "line": ln, "spelled": spelled, "abs": src,
                         "project": not line[2:].startswith("<")})

    scratch = tempfile.mkdtemp(prefix="include-audit-")
    judged = {}
    with concurrent.futures.ThreadPoolExecutor(o.j) as ex:
        for kind, all_claims in claims.items():
            sample = pick(all_claims, o.sample)
            judgeable = [c for c in sample
                         if not any(c["abs"] in scanned[b][1] or c["abs"] == b for b in broken)]
            results = ex.map(lambda c: audit_claim(c, readers, tus, o.max_tus, scratch), judgeable)
            judged[kind] = [dict(c, **res) for c, res in zip(judgeable, results)]
    os.rmdir(scratch)

    def row(kind, items):
        ok = sum(1 for c in items if c["ok"])
        capped = sum(1 for c in items if c.get("capped"))
        prec = f"{100.0 * ok / len(items):.1f}%" if items else "-"
        return f"| {name} | {kind} | {len(claims_all[kind])} | {len(items)} | {ok} | {prec} | {capped} |"

    claims_all = dict(claims)
    print(f"| project | claims of | made | judged | compile | precision | capped |")
    print(f"|---|---|---|---|---|---|---|")
    print(row("unused", judged["unused"]))
    print(row("forward-declarable", judged["forward-declarable"]))
    ic_project = [c for c in judged["include-cleaner"] if c["project"]]
    claims_all["include-cleaner (project)"] = [c for c in claims["include-cleaner"] if c["project"]]
    print(row("include-cleaner (project)", ic_project))
    strata_at = {(c["file"], c["line"]) for k in ("unused", "forward-declarable") for c in claims[k]}
    right_ic = [c for c in ic_project if c["ok"]]
    also = sum(1 for c in right_ic if (c["file"], c["line"]) in strata_at)
    recall = f"{100.0 * also / len(right_ic):.1f}%" if right_ic else "-"
    print(f"\n{name}: strata makes {also} of include-cleaner's {len(right_ic)} right project "
          f"claims (recall {recall}); {len(broken)} TUs fail without edits; strata analyze "
          f"{'--verify-includes ' if o.verify else ''}took {strata_seconds:.1f} s; audit {time.time() - start:.0f} s")
    for kind in ("unused", "forward-declarable"):
        for c in judged[kind]:
            if not c["ok"]:
                print(f"  wrong {kind}: {c['file']}:{c['line']} \"{c['spelled']}\": {c.get('error', '')[:200]}")
    if o.json:
        with open(o.json, "w") as f:
            json.dump({"project": name, "verify": o.verify, "strata_seconds": strata_seconds,
                       "recall": {"right": len(right_ic), "also": also},
                       "broken_tus": broken,
                       "judged": {k: [{x: v for x, v in c.items() if x != "abs"} for c in cs]
                                  for k, cs in judged.items()}}, f, indent=1)


if __name__ == "__main__":
    main()
