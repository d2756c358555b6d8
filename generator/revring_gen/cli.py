"""Command line: python3 generator/generate.py --spec S --out DIR [options]."""

from __future__ import annotations

import argparse
import os
import re
import sys

from . import loader, lower, render, writer
from .diagnostics import GenerationError, Reporter

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
GENERATE_PY = os.path.join(os.path.dirname(PACKAGE_DIR), "generate.py")
NAMESPACE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(::[A-Za-z][A-Za-z0-9_]*)*\Z")
INCLUDE_PREFIX = re.compile(r"[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*\Z")


def generator_files() -> list[str]:
    """Every file whose change must regenerate: modules, templates, the CLI."""
    modules = sorted(os.path.join(PACKAGE_DIR, f) for f in os.listdir(PACKAGE_DIR) if f.endswith(".py"))
    return [GENERATE_PY] + modules + render.template_files()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="generate.py",
        description="Generate revring-cpp headers (types.hpp, encode.hpp, json.hpp, operations.hpp) from an OpenAPI 3.1 description.")
    p.add_argument("--spec", required=True, help="the OpenAPI description (YAML or JSON)")
    p.add_argument("--out", help="output directory (usually <include dir>/revring/gen)")
    p.add_argument("--spec-label", help="how the banner and diagnostics name the spec "
                                        "(default: the --spec path if relative, else its file name)")
    p.add_argument("--namespace", default="revring", help="C++ namespace of the generated code (default: revring)")
    p.add_argument("--include-prefix", default="revring/gen",
                   help="how the generated headers include each other (default: revring/gen)")
    p.add_argument("--depfile", help="write a Makefile-syntax depfile here")
    p.add_argument("--dump-model", metavar="FILE", help="write the intermediate model as JSON ('-': stdout)")
    return p


def run(argv: list[str], stdout=None, stderr=None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)
    if not args.out and not args.dump_model:
        stderr.write("error: give --out DIR (and/or --dump-model FILE)\n")
        return 2
    label = args.spec_label or (args.spec if not os.path.isabs(args.spec) else os.path.basename(args.spec))
    if not NAMESPACE.match(args.namespace) or "__" in args.namespace:
        stderr.write(f"error: --namespace '{args.namespace}' is not a C++ namespace name\n")
        return 2
    if not INCLUDE_PREFIX.match(args.include_prefix):
        stderr.write(f"error: --include-prefix '{args.include_prefix}' is not a relative include path\n")
        return 2
    reporter = Reporter(label)
    try:
        with open(args.spec, "rb") as f:
            data = f.read(loader.MAX_SPEC_BYTES + 1)
    except OSError as exc:
        stderr.write(f"error: {label}: cannot read the description: {exc.strerror}\n")
        return 1
    try:
        document = loader.load(data, reporter)
        model = lower.lower(document, args.namespace, args.include_prefix)
        files = render.render(model) if args.out else {}
    except GenerationError as exc:
        reporter.print_warnings(stderr)
        for d in exc.diagnostics:
            stderr.write(d.format() + "\n")
        return 1
    except RecursionError:
        # The loader and lowering bound nesting and $ref chains; this is the
        # safety net for combinations of both, so a description never gets a traceback.
        reporter.print_warnings(stderr)
        stderr.write(f"error: {label}#: schemas nest too deeply (inline schemas and $ref chains together) "
                     "to generate; flatten them\n")
        return 1
    reporter.print_warnings(stderr)
    if args.dump_model:
        text = model.to_json()
        if args.dump_model == "-":
            stdout.write(text)
        else:
            writer.write_if_changed(args.dump_model, text.encode("utf-8"))
    if args.out:
        for name in render.OUTPUTS:
            writer.write_if_changed(os.path.join(args.out, name), files[name].encode("utf-8"))
    if args.depfile:
        target = os.path.join(args.out or ".", render.OUTPUTS[0])
        deps = [os.path.abspath(args.spec)] + generator_files()
        writer.write_if_changed(args.depfile, writer.depfile_text(target, deps).encode("utf-8"))
    return 0


def main() -> None:
    try:
        code = run(sys.argv[1:])
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
