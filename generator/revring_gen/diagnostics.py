"""Diagnostics: every problem has a level, a location and a message.

A location is the spec label plus a JSON pointer into the document, printed
as `<label>#<pointer>`, e.g. `openapi/revring.yaml#/components/schemas/Foo`.
Errors stop generation (raised as `GenerationError`); warnings are printed
and generation goes on.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Iterable, Sequence


def pointer_escape(token: str) -> str:
    """Escapes one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer_join(pointer: str, *tokens: object) -> str:
    """`pointer_join("/a", "b/c", 0)` == "/a/b~1c/0"."""
    for token in tokens:
        pointer += "/" + pointer_escape(str(token))
    return pointer


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    level: str  # "error" or "warning"
    label: str  # the spec label (a file name, never an absolute path unless given so)
    pointer: str  # JSON pointer into the document; "" is the whole document
    message: str

    def format(self) -> str:
        where = f"{self.label}#{self.pointer}" if self.label else f"#{self.pointer}"
        return f"{self.level}: {where}: {self.message}"


class GenerationError(Exception):
    """One or more errors; generation stops."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class Reporter:
    """Collects diagnostics for one spec.

    `error` raises at once (the first error stops generation: later errors
    are often consequences of the first); `warning` only records.
    """

    def __init__(self, label: str):
        self.label = label
        self.warnings: list[Diagnostic] = []

    def error(self, pointer: str, message: str) -> "NoReturn":  # type: ignore[name-defined]
        raise GenerationError([Diagnostic("error", self.label, pointer, message)])

    def warning(self, pointer: str, message: str) -> None:
        self.warnings.append(Diagnostic("warning", self.label, pointer, message))

    def unsupported(self, pointer: str, construct: str, hint: str = "") -> "NoReturn":  # type: ignore[name-defined]
        message = f"unsupported construct '{construct}'"
        if hint:
            message += f": {hint}"
        self.error(pointer, message)

    def print_warnings(self, stream=None) -> None:
        stream = stream or sys.stderr
        for w in self.warnings:
            stream.write(w.format() + "\n")


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in diagnostics)
