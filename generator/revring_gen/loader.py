"""Stage 1: read the description into plain JSON-like Python data.

- YAML is parsed with the YAML 1.2 *core* schema, not PyYAML's YAML 1.1
  defaults: `on`, `yes`, `no`, `off` stay strings, `2024-01-01` stays a
  string, `012` is twelve (not octal ten), `1_000` is a string.
- Mapping keys are always strings (their source text), so unquoted status
  codes (`200:`) work; duplicate keys are an error, not "last one wins".
- Aliases (`*anchor`) are refused: they can make a small file expand into a
  huge tree ("billion laughs"); OpenAPI has `$ref` for reuse.
- Size, nesting depth and node count are capped, with clear errors.
- Only values JSON can hold survive (dict, list, str, int, float, bool, None).

`$ref`s are not inlined here: `Document.resolve` follows a local reference
(with cycle detection) when a later stage asks for it.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .diagnostics import Reporter, pointer_join

MAX_SPEC_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000


class _LoadError(Exception):
    """Raised inside the YAML machinery; turned into a diagnostic."""


class _CoreResolver(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (section 10.3.2)."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


class _Constructor(SafeConstructor):
    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _LoadError(f"line {key_node.start_mark.line + 1}: mapping keys must be scalars")
            key = key_node.value
            if key in mapping:
                raise _LoadError(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'")
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_core_int(self, node):
        text = self.construct_scalar(node)
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_core_float(self, node):
        text = self.construct_scalar(node).lower()
        if text.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        if text == ".nan":
            return math.nan
        return float(text)


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_core_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_core_float)


class _Loader(Reader, Scanner, Parser, Composer, _Constructor, _CoreResolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _CoreResolver.__init__(self)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _LoadError(
                f"line {event.start_mark.line + 1}: YAML alias '*{event.anchor}' is not supported "
                "(aliases can expand a small file into a huge document; use $ref)")
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _LoadError(f"line {mark.line + 1}: document nested deeper than {MAX_DEPTH} levels")
        if self._nodes > MAX_NODES:
            raise _LoadError(f"document has more than {MAX_NODES} nodes")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_json_values(value: Any, pointer: str, reporter: Reporter) -> None:
    """Only JSON-representable values: no sets, bytes, dates from explicit tags."""
    stack = [(value, pointer)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, dict):
            for k, item in v.items():
                stack.append((item, pointer_join(p, k)))
        elif isinstance(v, list):
            for i, item in enumerate(v):
                stack.append((item, pointer_join(p, i)))
        elif isinstance(v, float):
            if not math.isfinite(v):
                reporter.error(p, f"number {v} is not representable in JSON")
        elif v is None or isinstance(v, (str, bool, int)):
            pass
        else:
            reporter.error(p, f"YAML value of type '{type(v).__name__}' is not representable in JSON")


def parse_yaml(data: bytes, reporter: Reporter) -> Any:
    """Parses `data` (UTF-8 YAML or JSON) into JSON-like Python data."""
    if len(data) > MAX_SPEC_BYTES:
        reporter.error("", f"description is {len(data)} bytes; the limit is {MAX_SPEC_BYTES}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reporter.error("", f"description is not valid UTF-8 (byte offset {exc.start})")
    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _Loader(text)
    try:
        value = loader.get_single_data()
    except _LoadError as exc:
        reporter.error("", str(exc))
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f"line {mark.line + 1}, column {mark.column + 1}: "
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        reporter.error("", f"{where}YAML syntax error: {problem}")
    except RecursionError:
        reporter.error("", "document nested too deeply")
    finally:
        loader.dispose()
    _check_json_values(value, "", reporter)
    return value


def decode_pointer(pointer: str) -> list[str]:
    """'/a~1b/c' -> ['a/b', 'c'] (RFC 6901)."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(pointer)
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _percent_decode(text: str) -> str:
    """URI fragment percent-decoding (a $ref is a URI reference)."""
    out = bytearray()
    i = 0
    raw = text.encode("utf-8")
    while i < len(raw):
        if raw[i] == 0x25 and i + 2 < len(raw) and re.fullmatch(rb"[0-9A-Fa-f]{2}", raw[i + 1:i + 3]):
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return out.decode("utf-8", errors="strict")


class Document:
    """The parsed description plus what later stages need to cite it."""

    def __init__(self, root: Any, data: bytes, reporter: Reporter):
        self.root = root
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.reporter = reporter

    @property
    def label(self) -> str:
        return self.reporter.label

    def get(self, pointer: str) -> Any:
        """The value at a JSON pointer, or raises KeyError."""
        node = self.root
        for token in decode_pointer(pointer):
            if isinstance(node, dict):
                node = node[token]
            elif isinstance(node, list):
                if not re.fullmatch(r"0|[1-9][0-9]*", token) or int(token) >= len(node):
                    raise KeyError(token)
                node = node[int(token)]
            else:
                raise KeyError(token)
        return node

    def ref_target(self, ref: Any, at: str) -> str:
        """The JSON pointer a `$ref` value names; only local refs are supported."""
        if not isinstance(ref, str):
            self.reporter.error(at, "$ref must be a string")
        if not ref.startswith("#"):
            self.reporter.unsupported(at, "remote $ref", f"'{ref}' is not a local reference (#/...)")
        try:
            pointer = _percent_decode(ref[1:])
        except UnicodeDecodeError:
            self.reporter.error(at, f"$ref '{ref}' is not valid percent-encoded UTF-8")
        if pointer and not pointer.startswith("/"):
            self.reporter.unsupported(at, "$ref to an anchor", f"'{ref}' is not a JSON pointer")
        try:
            self.get(pointer)
        except (KeyError, ValueError):
            self.reporter.error(at, f"$ref '{ref}' does not resolve")
        return pointer

    def follow(self, value: Any, pointer: str) -> tuple[Any, str]:
        """If `value` is `{"$ref": ...}`, follows it (and any chain of refs),
        returning the target and its pointer; a ref cycle is an error."""
        seen = [pointer]
        while isinstance(value, dict) and "$ref" in value:
            target = self.ref_target(value["$ref"], pointer_join(pointer, "$ref"))
            if target in seen:
                chain = " -> ".join("#" + p for p in seen + [target])
                self.reporter.error(pointer, f"$ref cycle: {chain}")
            seen.append(target)
            pointer = target
            value = self.get(target)
        return value, pointer


def load(data: bytes, reporter: Reporter) -> Document:
    """Parses and subset-checks a description."""
    from . import subset  # the subset checker is its own module

    root = parse_yaml(data, reporter)
    document = Document(root, data, reporter)
    subset.check(document)
    return document
