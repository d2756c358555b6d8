#!/usr/bin/env python3
"""Compiles one header alone (-fsyntax-only), included twice.

Proves the header includes what it uses (it is the first and only include),
that its include guard works, and that it is warning-free under the flags
given (pass -Werror among them).

With --must-not-include (repeatable), also proves the header does not pull
in that header, directly or not: the light headers (generated types and
writers) must not cost what Boost.JSON's value types cost to compile. With
--must-not-include-dir (repeatable), no header below that directory
(boost/asio) may be among its dependencies.

With --expect-violation, the verdict is inverted for the harness's own
check: the header must compile and include one of the forbidden headers (a
header that does not compile fails either way).

Usage: check_header.py --header revring/uuid.hpp [--must-not-include boost/json/value.hpp]
                       [--must-not-include-dir boost/asio] -- COMPILER [ARGS...]
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--header", required=True, help="include path, e.g. revring/uuid.hpp")
    parser.add_argument("--must-not-include", action="append", default=[],
                        help="a header that must not be among the header's dependencies")
    parser.add_argument("--must-not-include-dir", action="append", default=[],
                        help="a directory no header of which may be among the header's dependencies")
    parser.add_argument("--expect-violation", action="store_true",
                        help="pass only if the header compiles and includes a forbidden header")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no compiler command given")

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "only_header.cpp"
        source.write_text(f"#include <{args.header}>\n#include <{args.header}>\n", encoding="utf-8")
        result = subprocess.run(command + ["-fsyntax-only", str(source)], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace")
        deps = ""
        forbidden_any = args.must_not_include or args.must_not_include_dir
        if forbidden_any and result.returncode == 0:
            listing = subprocess.run(command + ["-M", str(source)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, errors="replace")
            if listing.returncode != 0:
                print(f"{args.header}: listing its dependencies failed:\n{listing.stdout}")
                return 1
            deps = listing.stdout
    if result.returncode != 0:
        print(f"{args.header}: does not compile on its own:\n{result.stdout}")
        return 1
    dep_paths = deps.replace("\\\n", " ").split()
    violations = []
    for forbidden in args.must_not_include:
        hits = [d for d in dep_paths if d.endswith("/" + forbidden)]
        if hits:
            violations.append(f"{args.header}: includes {forbidden} ({hits[0]}), which it must not")
    for forbidden in args.must_not_include_dir:
        directory = "/" + forbidden.strip("/") + "/"
        hits = [d for d in dep_paths if directory in d]
        if hits:
            violations.append(f"{args.header}: includes {len(hits)} header(s) below {forbidden}/ ({hits[0]}), "
                              "which it must not")
    if args.expect_violation:
        print("\n".join(violations) if violations else f"{args.header}: no forbidden header found")
        print("expected a violation: " + ("found (pass)" if violations else "none (fail)"))
        return 0 if violations else 1
    if violations:
        print("\n".join(violations))
        return 1
    if forbidden_any:
        print(f"{args.header}: does not include " + ", ".join(
            args.must_not_include + [d.strip("/") + "/*" for d in args.must_not_include_dir]))
    print(f"{args.header}: compiles on its own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
