#!/usr/bin/env python3
"""Starts the language server for an editor and breaks frames on purpose.

  frame_proxy.py COMMAND...   (the server's command line, e.g. strata lsp ...)

Neovim never sends a broken frame, so the headless editor test starts the
server through this (init.lua's STRATA_WRAP). It forwards the editor's
messages to COMMAND unchanged and COMMAND's output back byte for byte, but
before the first message with each "before" method of the case's

  "proxy": {"inject": [{"before": METHOD, "frame": TEXT, "stderr": LINE}, ...]}

it writes that entry's frame to the server: headers with no usable
Content-Length and no body, which the server is to skip, saying so on its
stderr, and go on with the next message.

Environment (set by run_nvim_test.sh):
  STRATA_EXPECT         the case file (see check.lua)
  STRATA_SERVER_STDERR  where the server's stderr goes
  STRATA_INJECTED       one line per injected frame: the method it preceded

Exits with COMMAND's exit code once COMMAND has exited and its output is
forwarded (128 + N after signal N); a SIGTERM from the editor is passed on.
"""
import json
import os
import signal
import subprocess
import sys
import threading


def read_message(stream):
    """The next message as sent (headers and body) and its method (None for
    a reply), or None at the end of the input."""
    raw, length = b"", None
    while True:
        line = stream.readline()
        if not line:
            return None
        raw += line
        if line.strip():
            name, _, value = line.decode("ascii", "replace").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        elif length is not None:
            break
    body = stream.read(length)
    if len(body) != length:
        return None
    try:
        method = json.loads(body).get("method")
    except ValueError:
        method = None
    return raw + body, method


def forward(server, injects, log):
    """Editor -> server, with the frames to inject; closes the server's
    input at the end of the editor's."""
    pending = list(injects)
    try:
        while True:
            got = read_message(sys.stdin.buffer)
            if got is None:
                break
            raw, method = got
            for entry in [e for e in pending if e["before"] == method]:
                pending.remove(entry)
                server.stdin.write(entry["frame"].encode())
                log.write(method + "\n")
                log.flush()
            server.stdin.write(raw)
            server.stdin.flush()
        server.stdin.close()
    except BrokenPipeError:
        pass  # the server is gone; its exit code says why
    except ValueError as e:  # nvim's lsp.log keeps this
        print(f"frame_proxy.py: stopped forwarding: {e}", file=sys.stderr)


def pump(source):
    """Server -> editor, byte for byte, until the server closes its output."""
    fd, out = source.fileno(), sys.stdout.buffer
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        out.write(chunk)
        out.flush()


def main():
    if len(sys.argv) < 2:
        print("usage: frame_proxy.py COMMAND...", file=sys.stderr)
        return 2
    with open(os.environ["STRATA_EXPECT"]) as f:
        injects = json.load(f)["proxy"]["inject"]
    with open(os.environ["STRATA_SERVER_STDERR"], "wb") as err, \
            open(os.environ["STRATA_INJECTED"], "w") as log:
        server = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=err)
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        out = threading.Thread(target=pump, args=(server.stdout,), daemon=True)
        out.start()
        # Daemon: it may stay blocked on the editor's input after the exit.
        threading.Thread(target=forward, args=(server, injects, log),
                         daemon=True).start()
        code = server.wait()
        out.join()
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    # Not sys.exit: the interpreter's shutdown can abort on the stdin lock
    # the forwarding thread holds while it waits for input.
    os._exit(main())
