#!/usr/bin/env python3
"""Runs the GitHub Action's own steps (action.yml) after the install step,
as a runner would: the check step, the job summary and the exit, with the
inputs in the environment and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY as files.
On examples/tangled the action must exit 1, write the SARIF and the Markdown
from one strata run, and put the Markdown into the job summary.

Usage: action_test.py --strata BIN --cmake CMAKE --source DIR
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import yaml


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", required=True)
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    source = pathlib.Path(args.source)
    action = yaml.safe_load((source / "action.yml").read_text())
    steps = {s["name"]: s for s in action["runs"]["steps"]}
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    expect(action["runs"]["using"] == "composite", "not a composite action")
    for name in ("build-dir", "baseline", "sarif", "markdown"):
        expect(name in action["inputs"], f"no input '{name}'")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        work = tmp / "tangled"
        shutil.copytree(source / "examples" / "tangled", work)
        subprocess.run([args.cmake, "-S", work, "-B", work / "build", "-G", "Ninja"],
                       check=True, stdout=subprocess.DEVNULL)
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "strata").symlink_to(os.path.abspath(args.strata))
        output, summary = tmp / "github_output", tmp / "step_summary"
        output.touch()
        summary.touch()
        env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}",
                   GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary))

        def run(step, inputs, outputs):
            s = steps[step]
            e = dict(env)
            for key, value in s.get("env", {}).items():
                # ${{ inputs.x }} and ${{ steps.check.outputs.x }}, nothing else
                value = value.strip()
                assert value.startswith("${{") and value.endswith("}}"), value
                ref = value[3:-2].strip()
                if ref.startswith("inputs."):
                    name = ref[len("inputs."):]
                    e[key] = inputs.get(name, action["inputs"][name].get("default", ""))
                elif ref.startswith("steps.check.outputs."):
                    e[key] = outputs.get(ref[len("steps.check.outputs."):], "")
                else:
                    raise SystemExit(f"action_test: unexpected expression {ref}")
            return subprocess.run(["bash", "-c", s["run"]], cwd=work, env=e,
                                  capture_output=True, text=True)

        inputs = {"build-dir": "build", "args": "--no-cache"}
        check = run("Check the architecture", inputs, {})
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
        expect(outputs.get("exit-code") == "1", f"exit-code {outputs.get('exit-code')}: {check.stderr}")
        expect(check.stdout.count("[strata-") > 0, "no diagnostics in the log")
        expect(check.stderr.count("TUs parsed") == 1, f"parsed more than once: {check.stderr}")
        sarif = work / outputs.get("sarif", "missing")
        expect(sarif.is_file() and json.loads(sarif.read_text())["version"] == "2.1.0",
               "no SARIF written")
        run("Job summary", inputs, outputs)
        expect(summary.read_text().startswith("## strata check: "),
               f"job summary: {summary.read_text()[:200]!r}")
        final = run("Exit with strata's code", inputs, outputs)
        expect(final.returncode == 1, f"the action exits {final.returncode}, not strata's 1")

    if failures:
        print("action_test: " + "; ".join(failures), file=sys.stderr)
        return 1
    print("action_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
