#!/usr/bin/env python3
"""strata lsp keeps up with a client that does not wait.

A scripted client over pipes, on examples/tangled (configured into a
temporary directory; the server writes nothing in the tree):

1. initialize (with window.workDoneProgress), initialized, didOpen of
   src/core/app.cpp; the first round is announced with $/progress begin and
   end, and publishes app.cpp's diagnostics.
2. 20 didSave of app.cpp in a row, then at once a codeAction request: the
   request is answered from the last finished round, before the round the
   saves start publishes anything, and the 20 saves make at most 2 rounds
   (the server's log says one line per round; each round publishes once).
3. shutdown, exit: exit code 0.

Usage: lsp_keeps_up.py STRATA CMAKE EXAMPLE_DIR. Exit 0 on success, 1 with
the reason on stderr otherwise. A watchdog only stops a hung server; no
assertion is about time.
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading

WATCHDOG = 300


def fail(message):
    print(f"lsp_keeps_up.py: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(stream, out):
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
        out.put(json.loads(stream.read(length)))


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
    kinds = [m["params"]["value"]["kind"] for m in seen if m.get("method") == "$/progress"]
    if kinds != ["begin", "end"]:
        fail(f"expected $/progress begin then end before the first publish, got {kinds}")
    if not any(m.get("method") == "window/workDoneProgress/create" for m in seen):
        fail("no window/workDoneProgress/create before $/progress")

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
    publishes = sum(1 for m in seen[before:] if published(m))
    rounds = text.count("for 1 saved file")
    if code != 0:
        fail(f"exit code {code}; log: {text}")
    if not 1 <= rounds <= 2 or publishes != rounds:
        fail(f"20 saves made {rounds} rounds and {publishes} publishes (expected 1 or 2 "
             f"of each); log: {text}")
    print(f"lsp_keeps_up.py: 20 saves -> {rounds} rounds; the request was answered "
          f"during the round")


if __name__ == "__main__":
    main()
