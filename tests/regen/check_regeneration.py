#!/usr/bin/env python3
"""Editing the description and rebuilding exposes the new member.

usage: check_regeneration.py SOURCE_ROOT SPEC COMPILER [args...]

1. copies SPEC to a temporary file and configures a fresh meson build of
   SOURCE_ROOT with -Dspec=<copy> (tests off);
2. builds the generated headers and checks that a program using
   SendCallRequest::test_only_note does NOT compile (the member is unknown);
3. adds an optional property `testOnlyNote` to SendCallRequest in the copy,
   runs ninja again (no reconfigure: the depfile must notice the edit) and
   checks that the same program now compiles.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import yaml

PROGRAM = r"""
#include <revring/gen/types.hpp>
#include <string>
int main() {
    revring::SendCallRequest r{.agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                               .to_number = "+14155550123",
                               .from_number = "+14155550124"};
    r.test_only_note = std::string("regenerated");
    return r.test_only_note.has_value() ? 0 : 1;
}
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main() -> int:
    source_root = pathlib.Path(sys.argv[1])
    spec = yaml.safe_load(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"))
    compiler = sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        spec_copy = tmp / "api.json"
        spec_copy.write_text(json.dumps(spec, indent=1), encoding="utf-8")
        build = tmp / "build"
        setup = run(["meson", "setup", str(build), str(source_root), f"-Dspec={spec_copy}", "-Dtests=false"])
        if setup.returncode != 0:
            print(setup.stdout + setup.stderr)
            return 1
        header = "include/revring/gen/types.hpp"
        program = tmp / "uses_new_member.cpp"
        program.write_text(PROGRAM, encoding="utf-8")
        compile_cmd = compiler + ["-std=c++20", "-fsyntax-only", f"-I{source_root / 'include'}",
                                  f"-I{build / 'include'}", str(program)]

        first = run(["ninja", "-C", str(build), header])
        if first.returncode != 0:
            print(first.stdout + first.stderr)
            return 1
        before = run(compile_cmd)
        if before.returncode == 0 or "test_only_note" not in before.stderr:
            print("before the edit, the program should fail to compile for lack of test_only_note:")
            print(before.stderr[-2000:])
            return 1

        props = spec["components"]["schemas"]["SendCallRequest"]["properties"]
        props["testOnlyNote"] = {"type": "string", "description": "added by the regeneration test"}
        spec_copy.write_text(json.dumps(spec, indent=1), encoding="utf-8")

        second = run(["ninja", "-C", str(build), header])
        if second.returncode != 0:
            print(second.stdout + second.stderr)
            return 1
        if "revring-generated" not in second.stdout and "generate" not in second.stdout.lower():
            print("ninja did not rerun the generator after the spec changed:")
            print(second.stdout)
            return 1
        after = run(compile_cmd)
        if after.returncode != 0:
            print("after the edit and a rebuild, the new member should exist:")
            print(after.stderr[-2000:])
            return 1
    print("regeneration exposes the new member test_only_note")
    return 0


if __name__ == "__main__":
    sys.exit(main())
