#!/usr/bin/env python3
"""strata lsp keeps up with a client that does not wait.

A scripted client over pipes, on examples/tangled (configured into a
temporary directory; the server writes nothing in the tree):

1. initialize (with window.workDoneProgress), initialized, didOpen of
   src/core/app.cpp; the first round is announced with $/progress begin,
   publishes app.cpp's diagnostics from its own TU before the rest of the
   project is parsed, then ends ($/progress end) and publishes again.
2. didOpen and didSave of src/ui/report_view.h, which most TUs read
   (through other headers too): the round parses report_view.cpp first and
   publishes the header's diagnostics before it parses the others, then
   again at its end.
3. 20 didSave of app.cpp in a row, then at once a codeAction request: the
   request is answered from the last finished round, before the round the
   saves start publishes anything, and the 20 saves make at most 2 rounds
   (the server's log says one line per round; each round publishes at
   most twice: app.cpp's own findings early, everything at its end).
4. shutdown, exit: exit code 0.

Usage: lsp_keeps_up.py STRATA CMAKE EXAMPLE_DIR. Exit 0 on success, 1 with
the reason on stderr otherwise. A watchdog only stops a hung server; no
assertion is about time.
"""
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time

WATCHDOG = 300


SERVER = []


def fail(message):
    print(f"lsp_keeps_up.py: FAIL: {message}", file=sys.stderr)
    for server in SERVER:
        server.kill()
    os._exit(1)


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(stream, out, stamp=False):
    """Puts each message the server sends on `out` (with its arrival time
    when `stamp`), then None at the end of the stream."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                out.put(None)
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(stream.read(length))
        out.put((time.monotonic(), message) if stamp else message)


def main():
    strata, cmake, example = sys.argv[1:4]
    build = tempfile.mkdtemp(prefix="strata-lsp-")
    r = subprocess.run([cmake, "-S", example, "-B", build, "-G", "Ninja"],
                       capture_output=True, text=True)
    if r.returncode:
        fail(f"cmake: {r.stderr}")
    app = "file://" + os.path.join(os.path.realpath(example), "src/core/app.cpp")
    log = open(os.path.join(build, "lsp.log"), "w+")
    server = subprocess.Popen([strata, "lsp", "-p", build, "--project-root", example,
                               "--no-cache"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=log)
    SERVER.append(server)
    timer = threading.Timer(WATCHDOG, server.kill)
    timer.start()
    got = queue.Queue()
    threading.Thread(target=reader, args=(server.stdout, got), daemon=True).start()
    seen = []

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def until(predicate, what):
        while True:
            m = got.get()
            if m is None:
                fail(f"the server stopped before {what}; log: {read_log()}")
            seen.append(m)
            if predicate(m):
                return m

    def read_log():
        log.flush()
        log.seek(0)
        return log.read()

    def published(m):
        return m.get("method") == "textDocument/publishDiagnostics"

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"capabilities": {"window": {"workDoneProgress": True}}}})
    until(lambda m: m.get("id") == 1, "the initialize reply")
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": app, "languageId": "cpp", "version": 1,
                                      "text": ""}}})
    first = until(published, "the first publish")
    if not first["params"]["diagnostics"]:
        fail("the first round published no diagnostics for app.cpp")

    def kinds():
        return [m["params"]["value"]["kind"] for m in seen if m.get("method") == "$/progress"]

    if kinds() != ["begin"]:
        fail(f"expected app.cpp's diagnostics while the first round runs, after $/progress "
             f"begin, got {kinds()} first")
    if not any(m.get("method") == "window/workDoneProgress/create" for m in seen):
        fail("no window/workDoneProgress/create before $/progress")
    until(lambda m: m.get("method") == "$/progress", "the end of the first round")
    final = until(published, "the first round's own publish")
    # The refinement may add or restate what the whole project shows; what
    # app.cpp's own TU showed overlaps it.
    def keys(message):
        return {(d["code"], json.dumps(d["range"], sort_keys=True))
                for d in message["params"]["diagnostics"]}
    if kinds() != ["begin", "end"] or not keys(first) & keys(final):
        fail(f"the first round's end should publish app.cpp's diagnostics again: {kinds()}, "
             f"{sorted(keys(first))[:3]}, {sorted(keys(final))[:3]}")

    header = "file://" + os.path.join(os.path.realpath(example), "src/ui/report_view.h")
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": header, "languageId": "cpp", "version": 1,
                                      "text": ""}}})
    until(lambda m: published(m) and m["params"]["uri"] == header, "the header's publish")
    mark = len(seen)
    send({"jsonrpc": "2.0", "method": "textDocument/didSave",
          "params": {"textDocument": {"uri": header}}})
    until(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end",
          "the end of the header's round")
    until(lambda m: published(m) and m["params"]["uri"] == header, "the header's final publish")
    order = [("publish" if published(m) and m["params"]["uri"] == header else
              m["params"]["value"]["kind"]) for m in seen[mark:]
             if m.get("method") == "$/progress" or (published(m) and m["params"]["uri"] == header)]
    if order != ["begin", "publish", "end", "publish"]:
        fail(f"a header save should publish the header during its round and at its end: {order}")

    before = len(seen)
    for _ in range(20):
        send({"jsonrpc": "2.0", "method": "textDocument/didSave",
              "params": {"textDocument": {"uri": app}}})
    send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
          "params": {"textDocument": {"uri": app},
                     "range": {"start": {"line": 7, "character": 0},
                               "end": {"line": 7, "character": 0}},
                     "context": {"diagnostics": []}}})
    until(lambda m: m.get("id") == 2, "the codeAction reply")
    if any(published(m) for m in seen[before:]):
        fail("the codeAction reply came after a publish: it waited for the round")
    send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    until(lambda m: m.get("id") == 3, "the shutdown reply")
    send({"jsonrpc": "2.0", "method": "exit"})
    code = server.wait()
    timer.cancel()
    text = read_log()
    publishes = sum(1 for m in seen[before:] if published(m)
                    and m["params"]["uri"] == app)
    rounds = text.count("for 1 saved file") - 1  # the header's
    if code != 0:
        fail(f"exit code {code}; log: {text}")
    header_round = re.search(r"round 2: parsed (\d+) translation units for 1 saved", text)
    if not header_round or int(header_round.group(1)) < 2:
        fail(f"saving report_view.h should parse every TU that reads it; log: {text}")
    if not 1 <= rounds <= 2 or not rounds <= publishes <= 2 * rounds:
        fail(f"20 saves made {rounds} rounds and {publishes} publishes (expected 1 or 2 "
             f"rounds, each publishing once or twice); log: {text}")
    print(f"lsp_keeps_up.py: 20 saves -> {rounds} rounds; the request was answered "
          f"during the round")


if __name__ == "__main__":
    main()
