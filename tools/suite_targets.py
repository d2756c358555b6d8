#!/usr/bin/env python3
"""Prints the ninja targets that the tests of the given meson suites need.

usage: suite_targets.py BUILDDIR SUITE...

Reads `meson introspect --tests`; for every test in one of the suites, names
its executable (when the build makes it) and every target it depends on, as
paths relative to BUILDDIR, so `ninja -C BUILDDIR $(suite_targets.py ...)`
builds exactly what those tests run.
"""
import json
import os
import subprocess
import sys


def main() -> int:
    builddir = os.path.abspath(sys.argv[1])
    suites = set(sys.argv[2:])
    tests = json.loads(subprocess.run(["meson", "introspect", builddir, "--tests"],
                                      check=True, capture_output=True, text=True).stdout)
    targets = json.loads(subprocess.run(["meson", "introspect", builddir, "--targets"],
                                        check=True, capture_output=True, text=True).stdout)
    by_id = {t["id"]: t for t in targets}
    wanted = set()
    for t in tests:
        if not suites & {s.split(":")[-1] for s in t.get("suite", [])}:
            continue
        for dep in t.get("depends", []):
            for f in by_id.get(dep, {}).get("filename", []):
                wanted.add(os.path.relpath(f, builddir))
        exe = t["cmd"][0] if t.get("cmd") else ""
        if exe.startswith(builddir + os.sep):
            wanted.add(os.path.relpath(exe, builddir))
    if not wanted:
        print(f"suite_targets: no tests in suites {sorted(suites)}", file=sys.stderr)
        return 1
    print(" ".join(sorted(wanted)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
