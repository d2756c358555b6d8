"""Stage 4: write only what changed, and the depfile.

Unchanged outputs keep their bytes and their mtime, so a build system that
re-checks timestamps after the command (ninja's restat) does not recompile
anything that includes them.
"""

from __future__ import annotations

import os
import tempfile


def write_if_changed(path: str, data: bytes) -> bool:
    """Writes `data` to `path` unless it already holds exactly these bytes.
    Returns True when the file was written. The write is atomic (rename)."""
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except FileNotFoundError:
        pass
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def _make_escape(path: str) -> str:
    """Escapes a path for a Makefile-syntax depfile (as ninja reads it)."""
    out = []
    for ch in path:
        if ch == "$":
            out.append("$$")
        elif ch in " #":
            out.append("\\" + ch)
        elif ch == "\n":
            raise ValueError(f"path with a newline cannot go into a depfile: {path!r}")
        else:
            out.append(ch)
    return "".join(out)


def depfile_text(target: str, dependencies: list[str]) -> str:
    lines = [_make_escape(target) + ":"]
    for dep in dependencies:
        lines.append("  " + _make_escape(dep))
    return " \\\n".join(lines) + "\n"
