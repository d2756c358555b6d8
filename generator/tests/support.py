"""Helpers shared by the generator tests."""

import io
import os
import tempfile
import textwrap

from revring_gen import cli

MINIMAL_HEAD = """\
openapi: 3.1.0
info: {title: Test, version: '1'}
"""


def spec(body: str) -> str:
    """A description: the minimal head plus `body` (dedented YAML)."""
    return MINIMAL_HEAD + textwrap.dedent(body)


def run_generator(text, *extra, label="spec.yaml"):
    """Runs the CLI in-process on `text` (str or bytes).
    Returns (exit code, stdout, stderr, files: name -> text)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "spec.yaml")
        with open(path, "wb") as f:
            f.write(data)
        out_dir = os.path.join(tmp, "out")
        out, err = io.StringIO(), io.StringIO()
        code = cli.run(["--spec", path, "--spec-label", label, "--out", out_dir, *extra], stdout=out, stderr=err)
        files = {}
        if os.path.isdir(out_dir):
            for name in sorted(os.listdir(out_dir)):
                with open(os.path.join(out_dir, name), encoding="utf-8") as f:
                    files[name] = f.read()
        return code, out.getvalue(), err.getvalue(), files
