"""The one place spec names become C++ identifiers.

    type_name("callRecord")      -> "CallRecord"      (PascalCase: types)
    member_name("agentId")       -> "agent_id"        (snake_case: members, functions)
    enumerator_name("IN-FLIGHT") -> "in_flight"       (lower snake: enumerators)

Rules, in order:
  1. Non-ASCII code points become words of their own, spelled `uXXXX`
     (deterministic, no Unicode tables involved).
  2. Words are split at any character that is not an ASCII letter or digit
     and at camelCase boundaries (`HTTPServer` -> HTTP, Server; `e164Number`
     -> e164, Number).
  3. Words are joined in the requested case; `_` never doubles and never
     leads or trails (so no reserved `__x` / `_X` names).
  4. A name starting with a digit gets a prefix (`n` / `N`: `1st` -> `n1st`).
  5. C++ keywords, alternative tokens and common macros (`errno`, `major`,
     `NULL`, `unix`, ...) get a trailing `_`; so do names reserved by the
     generated code in that position.
  6. The result must be a valid identifier (asserted).

`x-cpp-name` bypasses rules 1-4 but must itself pass 5-6 (it is rejected,
not altered, if it is a keyword or invalid). Collisions are detected by the
caller (`NameScope`), which names both spec names.
"""

from __future__ import annotations

import re
from typing import Optional

CPP_KEYWORDS = frozenset("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast requires return
short signed sizeof static static_assert static_cast struct switch template this thread_local
throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
xor xor_eq final override import module transaction_safe transaction_safe_dynamic synchronized
atomic_cancel atomic_commit atomic_noexcept reflexpr
""".split())

# Macros that common platforms define and that would break a declaration.
CPP_MACROS = frozenset("""
NULL EOF assert errno major minor makedev unix linux stdin stdout stderr offsetof setjmp
va_arg va_start va_end va_copy bool true false alignas alignof noreturn thread_local complex
imaginary I DOMAIN OVERFLOW UNDERFLOW TLOSS PLOSS SING EDOM ERANGE EILSEQ BUFSIZ FILENAME_MAX
CHAR_BIT INT_MAX INT_MIN UINT_MAX LONG_MAX LONG_MIN SIZE_MAX RAND_MAX CLOCKS_PER_SEC
EXIT_SUCCESS EXIT_FAILURE SIGINT SIGTERM SIGKILL SIGSEGV SIGABRT NAN INFINITY HUGE_VAL
FLT_MAX DBL_MAX isnan isinf signbit fpclassify isfinite isnormal
getc putc getchar putchar feof ferror clearerr fileno
TRUE FALSE BOOL DELETE IN OUT OPTIONAL ERROR NO_ERROR interface min max small near far
pascal cdecl stdcall i386 sun __STDC__ linux_ __linux__ unix_ BSD DEBUG NDEBUG
""".split())

# Namespaces and names the generated code refers to unqualified or as a
# prefix; a member spelled like one would hide it inside a class.
GENERATED_CODE_NAMES = frozenset(["std", "boost", "revring"])

RESERVED = CPP_KEYWORDS | CPP_MACROS | GENERATED_CODE_NAMES

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def with_suffix(identifier: str, suffix: str) -> str:
    """`identifier` + `suffix` ("_op", "_rule") without forming a reserved
    `__`: `delete_` + `_op` -> `delete_op`."""
    result = identifier.rstrip("_") + suffix
    assert_identifier(result)
    return result


class NameError_(ValueError):
    """A name that cannot be made into a C++ identifier."""


def _words(text: str) -> list[str]:
    # 1. non-ASCII -> separate words uXXXX
    pieces: list[str] = []
    buf = []
    for ch in text:
        if ord(ch) > 0x7F:
            pieces.append("".join(buf))
            buf = []
            pieces.append(("u%04x" % ord(ch)) if ord(ch) <= 0xFFFF else ("u%06x" % ord(ch)))
        else:
            buf.append(ch)
    pieces.append("".join(buf))
    # 2. split at non-alphanumerics, then at camelCase boundaries
    words: list[str] = []
    for piece in pieces:
        for chunk in re.split(r"[^A-Za-z0-9]+", piece):
            if not chunk:
                continue
            # HTTPServer -> HTTP Server; fooBar -> foo Bar; e164Number -> e164 Number
            for w in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]*[a-z0-9]+|[A-Z]+[0-9]*|[0-9]+", chunk):
                words.append(w)
    return words


def _finish(name: str, digit_prefix: str, reserved: frozenset[str] | set[str]) -> str:
    if not name:
        raise NameError_("name has no letters or digits")
    if name[0].isdigit():
        name = digit_prefix + name
    if name in RESERVED or name in reserved:
        name += "_"
    assert_identifier(name)
    return name


def assert_identifier(name: str) -> None:
    if not _IDENTIFIER.match(name) or "__" in name:
        raise AssertionError(f"sanitiser produced an invalid identifier {name!r}")


def type_name(text: str, reserved: frozenset[str] = frozenset()) -> str:
    """PascalCase: each word's first letter upper-cased, the rest kept."""
    words = _words(text)
    return _finish("".join(w[0].upper() + w[1:] for w in words), "N", reserved)


def snake_name(text: str, reserved: frozenset[str] = frozenset()) -> str:
    """lower snake_case, for members, functions and enumerators."""
    words = _words(text)
    return _finish("_".join(w.lower() for w in words), "n", reserved)


member_name = snake_name
enumerator_name = snake_name


def explicit_name(text: str, reserved: frozenset[str] = frozenset()) -> str:
    """Validates an `x-cpp-name`: used as given, never altered."""
    if not _IDENTIFIER.match(text):
        raise NameError_(f"x-cpp-name '{text}' is not a valid C++ identifier "
                         "(letters, digits and '_', starting with a letter)")
    if "__" in text:
        raise NameError_(f"x-cpp-name '{text}' contains '__' (reserved in C++)")
    if text in RESERVED or text in reserved:
        raise NameError_(f"x-cpp-name '{text}' is a C++ keyword, a common macro or a reserved name")
    return text


class NameScope:
    """Detects two spec names that sanitise to the same identifier."""

    def __init__(self, what: str, hint: str = "rename one or set x-cpp-name"):
        self.what = what
        self.hint = hint
        self.taken: dict[str, tuple[str, str]] = {}  # identifier -> (spec name, pointer)

    def add(self, identifier: str, spec_name: str, pointer: str) -> Optional[str]:
        """Returns an error message on a collision, else None."""
        if identifier in self.taken:
            other_name, other_pointer = self.taken[identifier]
            return (f"{self.what} '{spec_name}' and '{other_name}' (at #{other_pointer}) both become "
                    f"'{identifier}' in C++; {self.hint}")
        self.taken[identifier] = (spec_name, pointer)
        return None
