#!/usr/bin/env python3
"""Writes K disjoint copies of a facts file side by side, as in a repository
that holds K programs built the same way.

  replicate_facts.py facts.json --copies K [--name copy] [--wrap DIR] -o out.json

Copy i of every project path P becomes NAME<i>/P (with --copies 1 and no
--name, the paths stay as they are); --wrap DIR then puts the whole tree
one directory deeper, DIR/... External paths (absolute ones: system
headers) are shared, and link identities (symbols) are kept, so the copies
define the same symbols as two real programs would. The verdict must give
the copies the label of one (docs/verdict.md, "Units").
"""
import argparse
import json
import sys


def prefixer(prefix):
    def fix(path):
        if not path or path.startswith("/"):
            return path
        return prefix + path
    return fix


def copy_facts(facts, fix):
    out = {}
    out["translation_units"] = [dict(t, file=fix(t["file"]))
                                for t in facts.get("translation_units", [])]
    out["files"] = [dict(f, path=fix(f["path"])) for f in facts.get("files", [])]
    out["includes"] = [dict(i, file=fix(i["file"]), target=fix(i.get("target", "")))
                       for i in facts.get("includes", [])]
    out["entities"] = [dict(e, file=fix(e["file"])) for e in facts.get("entities", [])]
    for key in ("uses", "reliant_uses"):
        out[key] = [dict(u, file=fix(u["file"]),
                         **({"target_file": fix(u["target_file"])}
                            if "target_file" in u else {}))
                    for u in facts.get(key, [])]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("facts")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--name", default=None,
                   help="copy directory name stem (default 'copy'; with one "
                        "copy and no name, none)")
    p.add_argument("--wrap", default="", help="one more directory around all")
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    if a.copies < 1:
        sys.exit("replicate_facts.py: --copies must be at least 1")
    with open(a.facts) as f:
        facts = json.load(f)
    if facts.get("format") != "strata-facts":
        sys.exit(f"{a.facts}: not a strata facts file")
    wrap = a.wrap.strip("/") + "/" if a.wrap else ""
    merged = {k: [] for k in ("translation_units", "files", "includes",
                              "entities", "uses", "reliant_uses")}
    external = set()
    for i in range(a.copies):
        name = "" if a.copies == 1 and a.name is None else \
            f"{a.name or 'copy'}{i}/"
        part = copy_facts(facts, prefixer(wrap + name))
        for key, values in part.items():
            if key == "files":
                # System headers are one file, however many copies read them.
                for f in values:
                    if f.get("external"):
                        if f["path"] in external:
                            continue
                        external.add(f["path"])
                    merged[key].append(f)
            else:
                merged[key].extend(values)
    out = {"format": facts["format"], "version": facts["version"],
           "root": facts["root"], **merged}
    with open(a.output, "w") as f:
        json.dump(out, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
