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

The output is deterministic for the same arguments (seeded random).
"""
import argparse
import json
import os
import random


def component_name(m, c):
    return f"m{m:02d}/c{c:03d}"


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


def header(m, c, deps, contexts=False):
    cls = class_name(m, c)
    includes = '#include "config.h"\n' if contexts else ""
    includes += "".join(f'#include "{component_name(*d)}.h"\n' for d in deps[:2])
    # Forward declarations let tangled headers compile in any include order.
    forward = "".join(
        f"namespace m{d[0]:02d} {{ class {class_name(*d)}; }}\n" for d in deps[:2])
    fields = "".join(
        f"  std::unique_ptr<m{d[0]:02d}::{class_name(*d)}> Dep{i};\n"
        for i, d in enumerate(deps[:2]))
    return f"""#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
{includes}{forward}
namespace m{m:02d} {{

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

}} // namespace m{m:02d}
"""


def source(m, c, deps):
    cls = class_name(m, c)
    includes = "".join(f'#include "{component_name(*d)}.h"\n' for d in deps[2:])
    calls = "".join(
        f"  Sum += m{d[0]:02d}::{class_name(*d)}::version();\n" for d in deps)
    uses = "".join(
        f"  m{d[0]:02d}::{class_name(*d)} Local{i};\n  Sum += Local{i}.compute(X);\n"
        for i, d in enumerate(deps[2:4]))
    return f"""#include "{component_name(m, c)}.h"
#include <algorithm>
#include <sstream>
{includes}
namespace m{m:02d} {{

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

}} // namespace m{m:02d}
"""


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, required=True, help="number of files (even)")
    p.add_argument("--modules", type=int, default=0, help="default: files / 20, at least 2")
    p.add_argument("--coupling", choices=["layered", "tangled"], default="layered")
    p.add_argument("--deps", type=int, default=4, help="dependencies per component")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--contexts", action="store_true",
                   help="one header read under two -D contexts")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rng = random.Random(a.seed)
    components = max(1, a.files // 2)
    modules = a.modules or max(2, a.files // 20)
    per_module = [components // modules + (1 if i < components % modules else 0)
                  for i in range(modules)]
    names = [(m, c) for m in range(modules) for c in range(per_module[m])]
    out = os.path.abspath(a.out)
    db = []
    for m, c in names:
        if a.coupling == "layered":
            pool = [n for n in names if n[0] < m] or [n for n in names if n[0] == m and n[1] < c]
        else:
            pool = [n for n in names if n != (m, c)]
        deps = rng.sample(pool, min(a.deps, len(pool))) if pool else []
        write(os.path.join(out, component_name(m, c) + ".h"),
              header(m, c, deps, a.contexts))
        src = component_name(m, c) + ".cpp"
        write(os.path.join(out, src), source(m, c, deps))
        defines = ["-DGEN_WIDE_INDEX"] if a.contexts and len(db) % 2 else []
        db.append({"directory": out, "file": src,
                   "arguments": ["c++", "-std=c++17", "-O2", *defines, "-I" + out,
                                 "-c", src, "-o", src + ".o"]})
    if a.contexts:
        write(os.path.join(out, "config.h"), CONFIG_HEADER)
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    print(f"{len(names) * 2} files, {modules} modules, {a.coupling} -> {out}")


if __name__ == "__main__":
    main()
