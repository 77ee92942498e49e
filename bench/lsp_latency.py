#!/usr/bin/env python3
"""How soon `strata lsp` publishes after a cold start and after saves, on a
real project, against one `clang -fsyntax-only` of the source in the same
run.

    bench/lsp_latency.py --strata build/tools/strata/strata \
        -p /path/to/build --header absl/strings/string_view.h \
        --source absl/strings/str_cat.cc [--cache-dir DIR]

A scripted client opens the header and the source (paths relative to the
project root), waits for the first round, saves the header, then the source.
For each step it prints the seconds to the first publish of the saved (or,
at the start, opened) file and to the end of the round ($/progress end),
and the TUs the round parsed (from the server's log). Without --cache-dir
the server runs with --no-cache: a cold start parses everything.
"""
import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "test", "e2e"))
from run import syntax_only_commands  # noqa: E402
from lsp_keeps_up import frame, reader  # noqa: E402  (the tests' client)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--strata", required=True)
    ap.add_argument("-p", dest="build", required=True)
    ap.add_argument("--header", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--cache-dir")
    o = ap.parse_args()
    db = os.path.join(o.build, "compile_commands.json")
    entries = json.load(open(db))
    cache = ["--cache-dir", o.cache_dir] if o.cache_dir else ["--no-cache"]
    warm = bool(o.cache_dir) and os.path.isdir(o.cache_dir) and bool(os.listdir(o.cache_dir))
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen([o.strata, "lsp", "-p", o.build, *cache], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=log)
    got = queue.Queue()
    threading.Thread(target=reader, args=(server.stdout, got, True), daemon=True).start()

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    seen = []  # (time, message), all of them: a round's end and its
    # publishes come in either order

    def until(predicate, what, since):
        i = since
        while True:
            while i < len(seen):
                if predicate(seen[i][1]):
                    return seen[i]
                i += 1
            item = got.get(timeout=900)
            if item is None:
                log.seek(0)
                sys.exit(f"the server stopped before {what}: {log.read()[-2000:]}")
            seen.append(item)

    def published(path):
        return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri(path))

    def round_end(m):
        return m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end"

    root = None
    for e in entries:
        f = os.path.realpath(os.path.join(e["directory"], e["file"]))
        if f.endswith("/" + o.source):
            root = f[: -len(o.source) - 1]
    if root is None:
        sys.exit(f"{o.source}: not in {db}")

    def uri(path):
        return "file://" + os.path.join(root, path)

    def parsed():
        log.flush()
        log.seek(0)
        lines = [l for l in log.read().splitlines() if ": round " in l]
        return lines[-1].split("parsed ")[1].split(" translation")[0] if lines else "?"

    rows = []
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"capabilities": {"window": {"workDoneProgress": True}}}})
    until(lambda m: m.get("id") == 1, "the initialize reply", 0)
    start, mark = time.monotonic(), len(seen)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    for path in (o.header, o.source):
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": uri(path), "languageId": "cpp",
                                          "version": 1, "text": ""}}})
    def settle():
        # The round's end publishes every open file: wait for them, so
        # that none is taken for the next step's.
        i = next(k for k in range(mark, len(seen)) if round_end(seen[k][1]))
        for path in (o.header, o.source):
            until(published(path), "the publishes of a round's end", i)

    first, _ = until(published(o.source), "the first publish of the source", mark)
    end, _ = until(round_end, "the end of the first round", mark)
    settle()
    rows.append(("start, warm cache" if warm else "cold start",
                 o.source, first - start, end - start, parsed()))
    for path in (o.header, o.source):
        start, mark = time.monotonic(), len(seen)
        # As an editor does when the server asks for it (save.includeText).
        with open(os.path.join(root, path), encoding="utf-8",
                  errors="replace") as f:
            text = f.read()
        send({"jsonrpc": "2.0", "method": "textDocument/didSave",
              "params": {"textDocument": {"uri": uri(path)}, "text": text}})
        first, _ = until(published(path), f"a publish after saving {path}", mark)
        end, _ = until(round_end, f"the end of the round after saving {path}", mark)
        settle()
        rows.append(("save", path, first - start, end - start, parsed()))
    send({"jsonrpc": "2.0", "id": 9, "method": "shutdown"})
    until(lambda m: m.get("id") == 9, "the shutdown reply", 0)
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait()

    # The reference: one clang -fsyntax-only of the source, same flags.
    cmd = [c for e, c in zip(entries, syntax_only_commands(db))
           if os.path.realpath(os.path.join(e["directory"], e["file"])).endswith("/" + o.source)][0]
    start = time.monotonic()
    subprocess.run(cmd[0], cwd=cmd[1], check=True, capture_output=True)
    reference = time.monotonic() - start
    print(f"project: {root}")
    print("| step | file | first publish, s | round end, s | TUs parsed | first publish / clang -fsyntax-only |")
    print("|---|---|---:|---:|---:|---:|")
    for step, path, first, end, n in rows:
        print(f"| {step} | {path} | {first:.2f} | {end:.2f} | {n} | {first / reference:.1f}x |")
    print(f"clang -fsyntax-only {o.source}: {reference:.2f} s")


if __name__ == "__main__":
    main()
