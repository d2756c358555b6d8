#!/usr/bin/env python3
"""Compiles the README's quick start, so the documented code cannot rot.

usage: check_readme.py README.md COMPILER [compiler args...]

Takes the first ```cpp block after the "## Quick start" heading, writes it to a
temporary file and compiles it (-fsyntax-only with the given flags). Also checks
that the README starts with the two set-up commands that .ci/run relies on.
"""
import pathlib
import re
import subprocess
import sys
import tempfile


def main() -> int:
    readme = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    compiler = sys.argv[2:]
    head = readme.split("\n## ", 1)[0]
    for command in ("bash tools/demo.sh", "bash tools/test.sh"):
        if command not in head:
            print(f"README.md: the opening section lacks the set-up command '{command}'")
            return 1
    m = re.search(r"^## Quick start\n.*?^```cpp\n(.*?)^```", readme, re.S | re.M)
    if not m:
        print("README.md: no ```cpp block under '## Quick start'")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "quickstart_from_readme.cpp"
        src.write_text(m.group(1), encoding="utf-8")
        proc = subprocess.run(compiler + ["-fsyntax-only", str(src)], capture_output=True, text=True)
        sys.stdout.write(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            print("README.md: the quick start does not compile")
            return 1
    print("README quick start compiles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
