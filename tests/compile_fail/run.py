#!/usr/bin/env python3
"""Compile-fail harness: one case, compiled twice.

A case is a .cpp file whose first lines declare what the failing
compilation must print:

    // expect: literal_violates_pattern
    // expect: E164Number_rule          (optional further lines: all must match)

Each `expect` value is a Python regular expression searched for in the
compiler's combined output.

1. Without -DEXPECT_FAIL the case must compile: the passing twin proves the
   failure below comes from the one line under `#ifdef EXPECT_FAIL`, not
   from a broken include or a typo elsewhere.
2. With -DEXPECT_FAIL it must fail, and the output must match every expect
   pattern; a failure for any other reason is reported as "failed for the
   wrong reason".

The verdict is one of: ok, twin-does-not-compile, compiled, wrong-reason.
The test passes when the verdict equals --expect-verdict (default ok); the
harness self-check cases use the other verdicts to prove the harness can
tell them apart.

Usage: run.py --case FILE [--expect-verdict V] -- COMPILER [ARGS...]
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

VERDICTS = ("ok", "twin-does-not-compile", "compiled", "wrong-reason")


def read_expectations(case: Path) -> list[str]:
    patterns = []
    for line in case.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*//\s*expect:\s*(.+?)\s*$", line)
        if m:
            patterns.append(m.group(1))
        elif line.strip() and not line.lstrip().startswith("//"):
            break  # expectations live in the leading comment block
    return patterns


def compile_case(command: list[str], case: Path, defines: list[str]) -> subprocess.CompletedProcess:
    argv = command + defines + ["-fsyntax-only", str(case)]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", required=True, type=Path)
    parser.add_argument("--expect-verdict", default="ok", choices=VERDICTS)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="compiler and its arguments, after --")
    args = parser.parse_args()
    command = [c for c in args.command if c != "--"] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no compiler command given")

    patterns = read_expectations(args.case)
    if not patterns:
        print(f"{args.case}: no '// expect: <regex>' line", file=sys.stderr)
        return 2
    try:
        compiled = [re.compile(p) for p in patterns]
    except re.error as e:
        print(f"{args.case}: bad expect regex: {e}", file=sys.stderr)
        return 2

    twin = compile_case(command, args.case, [])
    if twin.returncode != 0:
        verdict = "twin-does-not-compile"
        detail = twin.stdout
    else:
        failing = compile_case(command, args.case, ["-DEXPECT_FAIL"])
        detail = failing.stdout
        if failing.returncode == 0:
            verdict = "compiled"
        else:
            missing = [p.pattern for p in compiled if not p.search(failing.stdout)]
            verdict = "wrong-reason" if missing else "ok"
            if missing:
                detail = "missing pattern(s): " + ", ".join(missing) + "\n" + failing.stdout

    messages = {
        "ok": "failed to compile as expected",
        "twin-does-not-compile": "the passing twin (without EXPECT_FAIL) does not compile",
        "compiled": "compiled with EXPECT_FAIL, but must not",
        "wrong-reason": "failed for the wrong reason",
    }
    print(f"{args.case.name}: {messages[verdict]} (verdict: {verdict}, expected: {args.expect_verdict})")
    if verdict != args.expect_verdict or verdict != "ok":
        print(detail[-6000:])
    return 0 if verdict == args.expect_verdict else 1


if __name__ == "__main__":
    sys.exit(main())
