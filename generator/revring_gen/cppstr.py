"""Spec text -> C++ source text, with nothing left to inject.

Spec authors control descriptions, JSON names, enum values and patterns;
all of it reaches generated source only through these functions:

- `string_literal`: a C++ string literal holding the exact UTF-8 bytes.
  Printable ASCII is kept except `"` `\\` and `?` (escaped; `?` so no `??x`
  trigraph can form); every other byte is a three-digit octal escape, which
  cannot run into a following digit.
- `string_view_expr`: the same as something `std::string_view` can be made
  from without losing bytes (a literal with an embedded NUL needs its length).
- `json_string`: a JSON string (quotes included) escaped exactly as
  revring::json_writer escapes one, so the generator can write member names
  as JSON text ahead of time (`json_key_literal`: `,"name":` as a C++
  literal, for revring::json_key).
- `comment_lines`: text for `///` comments: ASCII only, one output line per
  input line, control and non-ASCII characters as visible escapes (`\x01`,
  `\u00e9`), no line that ends in a backslash (it would splice the next
  source line into the comment; written `\x5c` there), no `??` (trigraphs)
  and no `/*` or `*/`. Other backslashes stay as written, so patterns read
  naturally.
"""

from __future__ import annotations

import math
import re

MAX_COMMENT_WIDTH = 100


def string_literal(text: str) -> str:
    out = ['"']
    for b in text.encode("utf-8"):
        c = chr(b)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "?":
            out.append("\\?")
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


def string_view_expr(text: str) -> str:
    literal = string_literal(text)
    if "\x00" in text:
        return f"std::string_view({literal}, {len(text.encode('utf-8'))})"
    return literal


_JSON_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                      "\t": "\\t"}


def json_string(text: str) -> str:
    """`text` as a JSON string, quotes included, with json_writer's escapes:
    `"` and `\\` and \\b \\f \\n \\r \\t in short form, other characters
    below U+0020 as \\u00xx (lower-case hex), everything else as it is."""
    out = ['"']
    for ch in text:
        if ch in _JSON_SHORT_ESCAPES:
            out.append(_JSON_SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_key_literal(name: str) -> str:
    """A C++ string literal holding `,"name":` (the name JSON-escaped), the
    argument of revring::json_key. It never holds a NUL (JSON escapes it),
    so the plain literal keeps every byte."""
    return string_literal("," + json_string(name) + ":")


def _escape_comment_char(ch: str) -> str:
    cp = ord(ch)
    if ch == "\t":
        return " "
    if 0x20 <= cp < 0x7F:
        return ch
    if cp < 0x20 or cp == 0x7F:
        return "\\x%02x" % cp
    if cp <= 0xFFFF:
        return "\\u%04x" % cp
    return "\\U%08x" % cp


_LINE_BREAKS = re.compile("\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c]")


def comment_lines(text: str, width: int = MAX_COMMENT_WIDTH) -> tuple[str, ...]:
    """Comment-safe lines of `text` (without the `/// ` prefix).

    Paragraphs are kept; long lines are wrapped at spaces."""
    if not text:
        return ()
    lines: list[str] = []
    for raw in _LINE_BREAKS.split(text):
        escaped = "".join(_escape_comment_char(ch) for ch in raw).rstrip()
        escaped = escaped.replace("*/", "*\\/").replace("/*", "/\\*")
        while "??" in escaped:
            escaped = escaped.replace("??", "?\\?")
        # wrap
        while len(escaped) > width:
            cut = escaped.rfind(" ", 0, width)
            if cut <= 0:
                cut = escaped.find(" ", width)
                if cut < 0:
                    break
            lines.append(escaped[:cut].rstrip())
            escaped = escaped[cut + 1:].lstrip()
        lines.append(escaped)
    # strip leading/trailing empty lines
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    # a comment line may never end in a backslash (line splicing)
    safe = []
    for line in lines:
        if line.endswith("\\"):
            line = line[:-1] + "\\x5c"
        assert not line.endswith("\\")
        safe.append(line)
    return tuple(safe)


def int_literal(value: int) -> str:
    if not -(2 ** 63) < value < 2 ** 63:
        raise ValueError(f"{value} does not fit in std::int64_t")
    return str(value)


def double_literal(value: float) -> str:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value} is not finite")
    text = repr(value)
    if "e" not in text and "." not in text and "inf" not in text:
        text += ".0"
    return text


def json_text(value) -> str:
    """A compact JSON rendering for comments (defaults)."""
    import json

    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
