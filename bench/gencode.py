#!/usr/bin/env python3
"""Writes a C++ codebase of N files in M modules, with its compile database.

Each module is a directory of components (a header and its source). Headers
use the standard library (vector, string, map, memory, functional), declare a
class with fields and methods, a class template and an enum; sources define
the methods and call into the components they depend on. With --coupling
layered a component depends only on components of lower modules; with
--coupling tangled it may depend on any module, which makes cycles.

With --contexts every header also includes config.h, whose declarations
depend on a macro that every other TU defines on its command line: one
header read under two macro contexts, as in projects built in several
configurations.

Layouts for the verdict's invariants (docs/verdict.md, "Units"): --part
NAME:FILES:COUPLING (repeatable) writes several codebases side by side,
each in its own directory NAME/ with its own namespaces; --uses A:B makes
every component of part A depend on one of part B's; --layout split puts
each part's headers in NAME/include/NAME/ and its sources in NAME/src/
(the include/<lib>/ + src/<module>/ layout) instead of side by side;
--wrap DIR puts the whole tree one directory deeper. Without them the
output is the single codebase above, byte for byte.

The output is deterministic for the same arguments (seeded random).
"""
import argparse
import json
import os
import random


class Naming:
    """Where a component's files go and how others spell and name it.

    Without a part (the classic single codebase) a component (m, c) is
    m00/c000.h and .cpp in namespace m00; in part P it is spelled
    P/m00/c000.h, lives in namespace P_m00, and its files are P/m00/ (side
    by side) or P/include/P/m00/ and P/src/m00/ (split)."""

    def __init__(self, part=None, split=False):
        self.part = part
        self.split = split

    def ns(self, m):
        return f"{self.part}_m{m:02d}" if self.part else f"m{m:02d}"

    def spelled(self, m, c):
        base = f"m{m:02d}/c{c:03d}"
        return f"{self.part}/{base}" if self.part else base

    def header_path(self, m, c):
        base = f"m{m:02d}/c{c:03d}.h"
        if not self.part:
            return base
        return (f"{self.part}/include/{self.part}/{base}" if self.split
                else f"{self.part}/{base}")

    def source_path(self, m, c):
        base = f"m{m:02d}/c{c:03d}.cpp"
        if not self.part:
            return base
        return (f"{self.part}/src/{base}" if self.split
                else f"{self.part}/{base}")

    def include_dir(self, out):
        if self.part and self.split:
            return os.path.join(out, self.part, "include")
        return out


DEFAULT = Naming()


def class_name(m, c):
    return f"M{m:02d}C{c:03d}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


CONFIG_HEADER = """#pragma once
namespace gen {
#ifdef GEN_WIDE_INDEX
using Index = long long;
inline Index widen(int V) { return static_cast<Index>(V) << 1; }
#else
using Index = int;
inline Index widen(int V) { return V; }
#endif
} // namespace gen
"""


def header(m, c, deps, contexts=False, name=DEFAULT):
    """deps: (naming, m, c) of the components this one depends on."""
    cls = class_name(m, c)
    includes = '#include "config.h"\n' if contexts else ""
    includes += "".join(f'#include "{n.spelled(dm, dc)}.h"\n'
                        for n, dm, dc in deps[:2])
    # Forward declarations let tangled headers compile in any include order.
    forward = "".join(
        f"namespace {n.ns(dm)} {{ class {class_name(dm, dc)}; }}\n"
        for n, dm, dc in deps[:2])
    fields = "".join(
        f"  std::unique_ptr<{n.ns(dm)}::{class_name(dm, dc)}> Dep{i};\n"
        for i, (n, dm, dc) in enumerate(deps[:2]))
    return f"""#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
{includes}{forward}
namespace {name.ns(m)} {{

enum class {cls}Kind {{ First, Second, Third }};

template <typename T> struct {cls}Box {{
  std::vector<T> Items;
  void add(const T &V) {{ Items.push_back(V); }}
  size_t size() const {{ return Items.size(); }}
  template <typename F> void each(F Fn) const {{
    for (const T &I : Items)
      Fn(I);
  }}
}};

class {cls} {{
public:
  {cls}();
  ~{cls}();
  int compute(int X) const;
  std::string describe() const;
  void record(const std::string &Key, int Value);
  {cls}Kind kind() const {{ return Kind; }}
  static int version() {{ return {m * 1000 + c}; }}
{"  gen::Index index() const { return gen::widen(version()); }" + chr(10) if contexts else ""}
private:
  {cls}Kind Kind = {cls}Kind::First;
  std::map<std::string, int> Values;
  {cls}Box<int> Numbers;
  std::function<int(int)> Hook;
{fields}}};

}} // namespace {name.ns(m)}
"""


def source(m, c, deps, name=DEFAULT):
    cls = class_name(m, c)
    includes = "".join(f'#include "{n.spelled(dm, dc)}.h"\n'
                       for n, dm, dc in deps[2:])
    calls = "".join(
        f"  Sum += {n.ns(dm)}::{class_name(dm, dc)}::version();\n"
        for n, dm, dc in deps)
    uses = "".join(
        f"  {n.ns(dm)}::{class_name(dm, dc)} Local{i};\n"
        f"  Sum += Local{i}.compute(X);\n"
        for i, (n, dm, dc) in enumerate(deps[2:4]))
    return f"""#include "{name.spelled(m, c)}.h"
#include <algorithm>
#include <sstream>
{includes}
namespace {name.ns(m)} {{

{cls}::{cls}() : Hook([](int V) {{ return V * 2; }}) {{
  for (int I = 0; I < 4; ++I)
    Numbers.add(I);
}}

{cls}::~{cls}() = default;

int {cls}::compute(int X) const {{
  int Sum = Hook(X);
  Numbers.each([&](int V) {{ Sum += V; }});
{calls}  return Sum;
}}

std::string {cls}::describe() const {{
  std::ostringstream OS;
  OS << "{cls}(" << Values.size() << ")";
  std::vector<std::string> Keys;
  for (const auto &[K, V] : Values)
    Keys.push_back(K);
  std::sort(Keys.begin(), Keys.end());
  for (const std::string &K : Keys)
    OS << " " << K;
  return OS.str();
}}

void {cls}::record(const std::string &Key, int Value) {{
  Values[Key] = Value;
  int X = Value;
  int Sum = 0;
{uses}  (void)Sum;
}}

}} // namespace {name.ns(m)}
"""


def plan(rng, files, modules, coupling, deps_per_component):
    """Components of one codebase and what each depends on (m, c pairs)."""
    components = max(1, files // 2)
    modules = modules or max(2, files // 20)
    per_module = [components // modules + (1 if i < components % modules else 0)
                  for i in range(modules)]
    names = [(m, c) for m in range(modules) for c in range(per_module[m])]
    deps = {}
    for m, c in names:
        if coupling == "layered":
            pool = [n for n in names if n[0] < m] or \
                [n for n in names if n[0] == m and n[1] < c]
        else:
            pool = [n for n in names if n != (m, c)]
        deps[(m, c)] = rng.sample(pool, min(deps_per_component, len(pool))) \
            if pool else []
    return names, modules, deps


def parse_part(spec, default_files, default_coupling):
    fields = spec.split(":")
    if not fields[0] or len(fields) > 3:
        raise SystemExit(f"gencode.py: --part {spec}: expected NAME[:FILES[:COUPLING]]")
    files = int(fields[1]) if len(fields) > 1 and fields[1] else default_files
    coupling = fields[2] if len(fields) > 2 else default_coupling
    if coupling not in ("layered", "tangled"):
        raise SystemExit(f"gencode.py: --part {spec}: coupling must be layered or tangled")
    return fields[0], files, coupling


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=0,
                   help="number of files (even); of each part without its own")
    p.add_argument("--modules", type=int, default=0, help="default: files / 20, at least 2")
    p.add_argument("--coupling", choices=["layered", "tangled"], default="layered")
    p.add_argument("--deps", type=int, default=4, help="dependencies per component")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--contexts", action="store_true",
                   help="one header read under two -D contexts")
    p.add_argument("--part", action="append", default=[],
                   metavar="NAME[:FILES[:COUPLING]]",
                   help="a codebase of its own in NAME/ (repeatable)")
    p.add_argument("--uses", action="append", default=[], metavar="A:B",
                   help="each component of part A also depends on one of B's")
    p.add_argument("--layout", choices=["beside", "split"], default="beside",
                   help="headers beside their sources, or in include/NAME/ "
                        "with sources in src/")
    p.add_argument("--wrap", default="", help="put everything in this directory")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rng = random.Random(a.seed)
    root = os.path.abspath(a.out)
    out = os.path.join(root, a.wrap) if a.wrap else root
    classic = not a.part and a.layout == "beside" and not a.wrap and not a.uses
    parts = [parse_part(s, a.files, a.coupling) for s in a.part] or \
        [("gen", a.files, a.coupling)]
    if any(f <= 0 for _, f, _ in parts):
        raise SystemExit("gencode.py: give --files, or FILES in every --part")
    split = a.layout == "split"
    namings = {name: (DEFAULT if classic else Naming(name, split))
               for name, _, _ in parts}
    plans = {name: plan(rng, files, a.modules, coupling, a.deps)
             for name, files, coupling in parts}
    uses = {}
    for spec in a.uses:
        user, _, used = spec.partition(":")
        if user not in plans or used not in plans or user == used:
            raise SystemExit(f"gencode.py: --uses {spec}: expected two different part names")
        uses.setdefault(user, []).append(used)
    db = []
    total_files = total_modules = 0
    for name, _, _ in parts:
        naming = namings[name]
        names, modules, deps = plans[name]
        total_modules += modules
        total_files += 2 * len(names)
        include_dirs = [naming.include_dir(out)] + \
            [namings[u].include_dir(out) for u in uses.get(name, [])
             if namings[u].include_dir(out) != naming.include_dir(out)]
        for m, c in names:
            d = [(naming, dm, dc) for dm, dc in deps[(m, c)]]
            for used in uses.get(name, []):
                d.append((namings[used], *rng.choice(plans[used][0])))
            write(os.path.join(out, naming.header_path(m, c)),
                  header(m, c, d, a.contexts, naming))
            src = naming.source_path(m, c)
            write(os.path.join(out, src), source(m, c, d, naming))
            defines = ["-DGEN_WIDE_INDEX"] if a.contexts and len(db) % 2 else []
            db.append({"directory": out, "file": src,
                       "arguments": ["c++", "-std=c++17", "-O2", *defines,
                                     *["-I" + i for i in include_dirs],
                                     "-c", src, "-o", src + ".o"]})
    if a.contexts:
        for d in sorted({i for e in db for i in e["arguments"] if i.startswith("-I")}):
            write(os.path.join(d[2:], "config.h"), CONFIG_HEADER)
    with open(os.path.join(root, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    what = a.coupling if classic else ", ".join(
        f"{n} {f} {c}" for n, f, c in parts)
    print(f"{total_files} files, {total_modules} modules, {what} -> {root}")


if __name__ == "__main__":
    main()
