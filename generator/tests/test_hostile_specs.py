"""Hostile descriptions against the generator, end to end (issue 6, part 4).

Complements the golden cases (cases/hostile-names, cases/fail-*) and the
loader tests with an adversary's view of the whole command line:

1. Injection. Every piece of spec text that reaches generated code
   (titles, descriptions, summaries, defaults, examples, JSON names, enum
   values, patterns, paths, operationIds) carries payloads that would become
   code if any of it escaped its comment or string literal: `#error INJECTED`
   after every kind of line break C++ or Unicode knows (LF, CR, CRLF, NEL,
   LS, PS, VT, FF, backslash-newline, a `??/` trigraph), `*/`, quotes,
   backslashes, NUL, raw-string and universal-character-name look-alikes,
   preprocessor lines. The generated headers must compile, and a program
   built on them must see the spec's exact bytes: the enum's values, the
   path template, the operationId, the pattern and its meaning, and the JSON
   keys `encode` writes (found through Boost.Describe, so no C++ name is
   guessed). The expected literals are written here with an escaper of our
   own (one \\x escape per byte), not the generator's.

2. Refusal. Descriptions that cannot be generated ($ref cycles and long
   $ref chains, huge or deeply nested documents, YAML alias bombs,
   unsupported or explosive regular expressions, malformed YAML) run through
   the real command line (generator/generate.py, a separate process) under a
   timeout: exit status 1, a diagnostic "error: spec.yaml#<pointer>: ...",
   no Python traceback, no hang. A pathological-but-valid pattern
   (catastrophic backtracking for a backtracking engine) must generate
   quickly.

    /usr/bin/python3 -m unittest discover -s generator/tests -t generator -p test_hostile_specs.py
"""

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
GENERATOR_DIR = os.path.dirname(TESTS_DIR)
REPO_DIR = os.path.dirname(GENERATOR_DIR)
GENERATE = os.path.join(GENERATOR_DIR, "generate.py")
INCLUDE_DIR = os.path.join(REPO_DIR, "include")
PYTHON = sys.executable or "/usr/bin/python3"
CXX = shutil.which("g++") or shutil.which("clang++")

TIMEOUT = 60  # seconds per generator run: generous for a loaded machine, short of a hang
DIAGNOSTIC = re.compile(r"^error: spec\.yaml#(?P<pointer>(/[^:\s]*)?): (?P<message>\S.*)$")


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (non-printable and
    non-ASCII characters as \\U escapes, so no YAML line folding applies)."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            out.append("\\U%08x" % ord(ch))
    out.append('"')
    return "".join(out)


def cpp_view(text: str) -> str:
    """A std::string_view of the exact UTF-8 bytes of `text`: one literal per
    byte ("\\x41" "\\x42"), so no escape can run into the next character,
    and the length given explicitly, so a NUL stays in."""
    data = text.encode("utf-8")
    pieces = " ".join('"\\x%02x"' % b for b in data) or '""'
    return f"std::string_view({pieces}, {len(data)})"


def run_generator(spec_text, out_dir, spec_name="spec.yaml", binary=False):
    """Runs generate.py as its own process; returns (exit code, stderr, seconds)."""
    spec_path = os.path.join(out_dir, spec_name)
    with open(spec_path, "wb") as f:
        f.write(spec_text if binary else spec_text.encode("utf-8"))
    start = time.monotonic()
    proc = subprocess.run([PYTHON, GENERATE, "--spec", spec_path, "--spec-label", "spec.yaml",
                           "--out", os.path.join(out_dir, "include", "revring", "gen")],
                          capture_output=True, text=True, timeout=TIMEOUT)
    return proc.returncode, proc.stderr, time.monotonic() - start


# ---------------------------------------------------------------------------
# 1. Injection

PAYLOADS = [
    "*/ #error INJECTED after a comment end /*",
    "LF\n#error INJECTED after LF",
    "CR\r#error INJECTED after a lone CR",
    "CRLF\r\n#error INJECTED after CRLF",
    "NEL\u0085#error INJECTED after NEL",
    "LS\u2028#error INJECTED after LS",
    "PS\u2029#error INJECTED after PS",
    "VT\u000b#error INJECTED after VT",
    "FF\u000c#error INJECTED after FF",
    "splice \\\n#error INJECTED after backslash-newline",
    "splice \\\r\n#error INJECTED after backslash-CRLF",
    "trigraph ??/\n#error INJECTED after a trigraph backslash",
    "ends in a backslash \\",
    'quote " #error INJECTED " and \' and \\" and \\',
    "NUL \u0000 #error INJECTED after NUL",
    'raw R"x( )x" u8"" \\x41 \\u0041 \\101 \\N{LATIN SMALL LETTER A}',
    "unicode caf\u00e9 \u65e5\u672c \U0001F600 BOM\ufeff",
    "#endif\n#undef REVRING_GEN_TYPES_HPP\n#error INJECTED preprocessor line",
    "/* nested /* comment */ */ #error INJECTED",
    "//\n#error INJECTED after a line comment",
]
ALL_PAYLOADS = " | ".join(PAYLOADS)

# A pattern with a comment end, a quote, a backslash and a trigraph, whose
# meaning is the same for ECMA-262 and Python's re.
PATTERN = r'^(\*/|"|\\|\?\?/|#error)+$'
PATTERN_PROBES = ['*/', '"', '\\', '??/', '#error', '*/"\\??/', 'x', '', '*', '??', '"x']
PATH = "/h*/x/{id}/'(c)'/*"
OPERATION_ID = 'get "thing" */ #error INJECTED'
ENUM_VALUES = [f"v{i} {p}" for i, p in enumerate(PAYLOADS)]
KEYS = PAYLOADS  # one property per payload, named by it


def injection_spec() -> str:
    q = yaml_quoted
    lines = [
        "openapi: 3.1.0",
        "info:",
        f"  title: {q(ALL_PAYLOADS)}",
        f"  description: {q(ALL_PAYLOADS)}",
        f"  version: {q('1 */ #error INJECTED')}",
        "paths:",
        f"  {q(PATH)}:",
        "    get:",
        f"      operationId: {q(OPERATION_ID)}",
        "      x-cpp-name: hostile_get",
        f"      summary: {q(ALL_PAYLOADS)}",
        f"      description: {q(ALL_PAYLOADS)}",
        "      parameters:",
        "        - name: id",
        "          in: path",
        "          required: true",
        f"          description: {q(ALL_PAYLOADS)}",
        "          schema: {type: string}",
        "      responses:",
        "        '200':",
        f"          description: {q(ALL_PAYLOADS)}",
        "          content:",
        "            application/json:",
        "              schema: {$ref: '#/components/schemas/HostileObject'}",
        "  /things:",
        "    post:",
        "      operationId: hostilePost",
        f"      description: {q(ALL_PAYLOADS)}",
        "      requestBody:",
        "        required: true",
        f"        description: {q(ALL_PAYLOADS)}",
        "        content:",
        "          application/json:",
        "            schema: {$ref: '#/components/schemas/HostileObject'}",
        "      responses:",
        "        '204':",
        f"          description: {q(ALL_PAYLOADS)}",
        "components:",
        "  schemas:",
        "    HostileEnum:",
        "      type: string",
        f"      title: {q(ALL_PAYLOADS)}",
        f"      description: {q(ALL_PAYLOADS)}",
        "      enum:",
    ]
    lines += [f"        - {q(v)}" for v in ENUM_VALUES]
    lines += [
        "    HostilePattern:",
        "      type: string",
        "      maxLength: 12",
        f"      pattern: {q(PATTERN)}",
        f"      description: {q(ALL_PAYLOADS)}",
        "    HostileObject:",
        "      type: object",
        f"      title: {q(ALL_PAYLOADS)}",
        f"      description: {q(ALL_PAYLOADS)}",
        "      properties:",
    ]
    for i, key in enumerate(KEYS):
        lines += [
            f"        {q(key)}:",
            "          type: string",
            f"          x-cpp-name: p{i}",
            f"          title: {q(ALL_PAYLOADS)}",
            f"          description: {q(PAYLOADS[i])}",
            f"          default: {q(PAYLOADS[i])}",
            f"          examples: [{q(PAYLOADS[-1 - i])}]",
        ]
    lines += [
        "        kind:",
        "          $ref: '#/components/schemas/HostileEnum'",
        f"          description: {q(ALL_PAYLOADS)}",
        "        code:",
        "          $ref: '#/components/schemas/HostilePattern'",
    ]
    return "\n".join(lines) + "\n"


def check_program() -> str:
    """A program over the generated headers that checks the spec's bytes."""
    enum_lits = ",\n    ".join(cpp_view(v) for v in ENUM_VALUES)
    key_lits = ",\n    ".join(cpp_view(k) for k in KEYS)
    probes = "\n".join(
        f"static_assert(revring::HostilePattern_rule::match({cpp_view(p)}) == "
        f"{'true' if re.fullmatch(PATTERN[1:-1], p) else 'false'}, \"pattern probe {i}\");"
        for i, p in enumerate(PATTERN_PROBES))
    return f"""// Written by generator/tests/test_hostile_specs.py.
#include <revring/gen/encode.hpp>
#include <revring/gen/json.hpp>
#include <revring/gen/operations.hpp>
#include <revring/gen/types.hpp>
#include <revring/json/decode.hpp>

#include <boost/describe/members.hpp>
#include <boost/json/parse.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstdio>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>

constexpr std::string_view expected_enum[] = {{
    {enum_lits}
}};
constexpr std::string_view expected_keys[] = {{
    {key_lits}
}};

using enum_traits = revring::enum_traits<revring::HostileEnum>;
static_assert(std::size(enum_traits::values) == std::size(expected_enum), "enum value count");
constexpr bool enum_values_as_written() {{
    for (std::size_t i = 0; i < std::size(expected_enum); ++i)
        if (enum_traits::values[i].second != expected_enum[i]) return false;
    return true;
}}
static_assert(enum_values_as_written(), "enum values differ from the description");
static_assert(revring::hostile_get_op::path_template == {cpp_view(PATH)}, "path template");
static_assert(revring::hostile_get_op::operation_id == {cpp_view(OPERATION_ID)}, "operationId");
static_assert(revring::HostilePattern_rule::pattern == {cpp_view(PATTERN)}, "pattern text");
static_assert(revring::HostilePattern_rule::max_length == 12);
{probes}

std::string shown(std::string_view s) {{
    std::string out;
    for (unsigned char c : s) {{
        char buf[8];
        std::snprintf(buf, sizeof buf, c >= 0x20 && c < 0x7f && c != '\\\\' ? "%c" : "\\\\x%02x", c);
        out += buf;
    }}
    return out;
}}

int main() {{
    int failures = 0;
    revring::HostileObject o{{}};
    boost::mp11::mp_for_each<boost::describe::describe_members<revring::HostileObject, boost::describe::mod_public>>(
        [&](auto member) {{
            auto& m = o.*member.pointer;
            if constexpr (std::is_same_v<std::decay_t<decltype(m)>, revring::optional<std::string>>) m = std::string("v");
        }});
    o.kind = revring::open_enum<revring::HostileEnum>::from_string(expected_enum[3]);
    const std::string text = revring::to_json(o);
    boost::system::error_code ec;
    const auto jv = boost::json::parse(text, ec);
    if (ec || !jv.is_object()) {{
        std::printf("encode wrote no JSON object: %s\\n", shown(text).c_str());
        return 1;
    }}
    std::set<std::string> got, want(std::begin(expected_keys), std::end(expected_keys));
    want.insert("kind");
    for (const auto& kv : jv.get_object()) got.insert(std::string(kv.key()));
    for (const auto& k : want)
        if (!got.count(k)) {{ std::printf("key missing from the JSON: %s\\n", shown(k).c_str()); ++failures; }}
    for (const auto& k : got)
        if (!want.count(k)) {{ std::printf("key not in the description: %s\\n", shown(k).c_str()); ++failures; }}
    if (jv.get_object().at("kind") != boost::json::value(boost::json::string(expected_enum[3]))) {{
        std::printf("enum value written wrongly\\n");
        ++failures;
    }}
    const auto back = revring::from_json<revring::HostileObject>(text);
    if (!back || !(*back == o)) {{ std::printf("decode(encode(o)) != o\\n"); ++failures; }}
    for (std::string_view v : expected_enum) {{
        const auto e = revring::open_enum<revring::HostileEnum>::from_string(v);
        if (e.is_unknown() || e.to_string() != v) {{ std::printf("enum value lost: %s\\n", shown(v).c_str()); ++failures; }}
    }}
    if (!revring::HostilePattern::parse("*/\\"\\\\??/").has_value() || revring::HostilePattern::parse("x").has_value()) {{
        std::printf("HostilePattern::parse disagrees with the pattern\\n");
        ++failures;
    }}
    std::string target;
    revring::hostile_get_op::append_target(target, {{std::string("a/b\\"*")}});
    if (target != "/h*/x/a%2Fb%22%2A/'(c)'/*" && target != "/h*/x/a%2Fb%22*/'(c)'/*") {{
        std::printf("target: %s\\n", shown(target).c_str());
        ++failures;
    }}
    std::printf("%d failures\\n", failures);
    return failures == 0 ? 0 : 1;
}}
"""


@unittest.skipUnless(CXX, "needs a C++ compiler")
class Injection(unittest.TestCase):
    def test_spec_text_never_becomes_code(self):
        with tempfile.TemporaryDirectory(prefix="revring-hostile-") as tmp:
            code, stderr, _ = run_generator(injection_spec(), tmp)
            self.assertNotIn("Traceback", stderr)
            self.assertEqual(code, 0, stderr)
            gen_dir = os.path.join(tmp, "include", "revring", "gen")
            for name in ("types.hpp", "encode.hpp", "json.hpp", "operations.hpp"):
                with open(os.path.join(gen_dir, name), "rb") as f:
                    data = f.read()
                # Comments are ASCII; every line break in the spec became a new /// line.
                self.assertTrue(all(b < 0x80 for b in data), f"{name} is not ASCII")
                for line in data.decode("ascii").splitlines():
                    self.assertFalse(line.lstrip().startswith("#error"), f"{name}: injected line {line!r}")
            source = os.path.join(tmp, "check.cpp")
            with open(source, "w", encoding="utf-8") as f:
                f.write(check_program())
            exe = os.path.join(tmp, "check")
            compile_ = subprocess.run(
                [CXX, "-std=c++20", "-Wall", "-Wextra", "-Wno-missing-field-initializers", "-I", INCLUDE_DIR,
                 "-I", os.path.join(tmp, "include"), source, "-o", exe, "-lboost_json", "-lboost_container"],
                capture_output=True, text=True, timeout=600)
            self.assertEqual(compile_.returncode, 0, compile_.stderr[-6000:])
            self.assertNotIn("INJECTED", compile_.stderr)
            run = subprocess.run([exe], capture_output=True, text=True, timeout=60)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_pattern_probes_match_python(self):
        # The probes' expected answers come from Python's re; for this pattern
        # ECMA-262 agrees (no flags, ASCII only, no constructs that differ).
        self.assertTrue(re.fullmatch(PATTERN[1:-1], '*/"\\??/'))
        self.assertFalse(re.fullmatch(PATTERN[1:-1], "x"))


# ---------------------------------------------------------------------------
# 2. Refusal

HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


def schemas(body: str) -> str:
    return HEAD + "components:\n  schemas:\n" + body


def pattern_spec(pattern: str, max_length: int = 16) -> str:
    return schemas(f"    P:\n      type: string\n      maxLength: {max_length}\n      pattern: {yaml_quoted(pattern)}\n")


def nested_properties(levels: int) -> str:
    body, indent = "    A:\n", "      "
    for _ in range(levels):
        body += f"{indent}type: object\n{indent}properties:\n{indent}  p:\n"
        indent += "    "
    return schemas(body + f"{indent}type: string\n")


def ref_chain(length: int) -> str:
    body = "".join(f"    A{i}: {{$ref: '#/components/schemas/A{i + 1}'}}\n" for i in range(length))
    return schemas(body + f"    A{length}: {{type: string}}\n")


def inline_then_ref(components: int, inline: int) -> str:
    body = ""
    for i in range(components):
        body += f"    A{i}:\n"
        indent = "      "
        for k in range(inline):
            body += f"{indent}type: object\n{indent}properties:\n{indent}  p{k}:\n"
            indent += "    "
        body += f"{indent}$ref: '#/components/schemas/A{i + 1}'\n"
    return schemas(body + f"    A{components}: {{type: string}}\n")


def alias_bomb() -> str:
    text = HEAD + "x-bomb:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        text += f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    return text


# name: (spec, expected pointer or None (any; then the message must give a
# line), a regular expression the message must match)
REFUSED = {
    # $ref cycles and chains (the golden case fail-ref-cycle has one through properties)
    "ref-self-alias": (schemas("    A: {$ref: '#/components/schemas/A'}\n"),
                       "/components/schemas/A/$ref", r"\$ref cycle"),
    "ref-alias-cycle": (schemas("    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"),
                        None, r"\$ref cycle"),
    "ref-cycle-through-items": (schemas("    A: {type: array, items: {$ref: '#/components/schemas/A'}}\n"),
                                "/components/schemas/A/items/$ref", r"\$ref cycle"),
    "ref-cycle-through-body": (HEAD.replace("paths: {}\n", "") +
                               "paths:\n  /x:\n    post:\n      operationId: x\n      requestBody:\n        required: true\n"
                               "        content:\n          application/json:\n"
                               "            schema: {$ref: '#/components/schemas/A'}\n"
                               "      responses:\n        '204': {description: ok}\n" +
                               "components:\n  schemas:\n    A: {type: object, properties: {b: "
                               "{$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: "
                               "{$ref: '#/components/schemas/A'}}}\n", None, r"\$ref cycle"),
    "ref-to-root": (schemas("    A: {$ref: '#'}\n"), "/components/schemas/A/$ref", r"\$ref"),
    "ref-to-info": (schemas("    A: {$ref: '#/info'}\n"), "/components/schemas/A/$ref", r"\$ref"),
    "ref-bad-escape": (schemas("    A: {$ref: '#/components/schemas/a~2b'}\n"), "/components/schemas/A/$ref",
                       r"does not resolve"),
    "ref-chain-of-400-aliases": (ref_chain(400), None, r"\$ref chain deeper than"),
    "inline-and-ref-nesting": (inline_then_ref(60, 20), "", r"nest too deeply"),
    # huge or deeply nested documents
    "nested-properties-200": (nested_properties(100), None, r"nested deeper than"),
    "nested-flow-100000": (HEAD + "x-deep: " + "[" * 100000 + "]" * 100000 + "\n", None, r"nested deeper than"),
    "nested-json-100000": ('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x": ' +
                           "[" * 100000 + "]" * 100000 + "}", None, r"nested deeper than"),
    "huge-9MiB": (HEAD + "x-big: '" + "a" * (9 * 1024 * 1024) + "'\n", "", r"limit"),
    "alias-bomb": (alias_bomb(), None, r"alias"),
    # regular expressions
    "regex-backreference": (pattern_spec(r"^(a)\1$"), "/components/schemas/P/pattern", r"backreference"),
    "regex-lookbehind": (pattern_spec(r"^(?<=a)b$"), "/components/schemas/P/pattern", r"lookbehind"),
    "regex-property-escape": (pattern_spec(r"^\p{L}+$"), "/components/schemas/P/pattern", r"property"),
    "regex-named-group": (pattern_spec(r"^(?<n>a)$"), "/components/schemas/P/pattern", r"named group"),
    "regex-inline-flags": (pattern_spec(r"^(?i)abc$"), "/components/schemas/P/pattern", r"\(\?i"),
    "regex-possessive": (pattern_spec(r"^a++$"), "/components/schemas/P/pattern", r"quantifier"),
    "regex-word-boundary": (pattern_spec(r"^\bA$"), "/components/schemas/P/pattern", r"boundary"),
    "regex-exponential-dfa": (pattern_spec(r"^(a|b)*a(a|b){25}$", 100), "/components/schemas/P/pattern",
                              r"too complex"),
    "regex-huge-count": (pattern_spec(r"^a{1,100000}$"), "/components/schemas/P/pattern", r"100000"),
    "regex-nested-counts": (pattern_spec(r"^(?:(?:a{1,1000}){1,1000}){1,1000}$"), "/components/schemas/P/pattern",
                            r"too complex"),
    # malformed YAML
    "yaml-empty": ("", "", r"object"),
    "yaml-scalar": ("just a string\n", "", r"object"),
    "yaml-tab": (HEAD + "components:\n\tschemas: {}\n", "", r"line \d+"),
    "yaml-unclosed-quote": (HEAD + "x-d: 'abc\n", "", r"line \d+"),
    "yaml-python-tag": (HEAD + "x-evil: !!python/object/apply:os.system ['echo PWNED']\n", "", r"line \d+"),
    "yaml-duplicate-key": (HEAD + "info: {title: u, version: '2'}\n", "", r"duplicate key"),
    "yaml-invalid-utf8": ((HEAD + "x-d: '\xff\xfe'\n").encode("latin-1"), "", r"UTF-8"),
    "yaml-binary": (bytes(range(256)) * 16, "", r"UTF-8"),
}


class Refusal(unittest.TestCase):
    """Each description ends with a clear error from the real command line."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="revring-refused-")

        def one(item):
            name, (spec, _, _) = item
            out = os.path.join(cls.tmp, name)
            os.makedirs(out)
            try:
                return name, run_generator(spec, out, binary=isinstance(spec, bytes))
            except subprocess.TimeoutExpired:
                return name, None

        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            cls.results = dict(pool.map(one, REFUSED.items()))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_each_is_refused_clearly(self):
        for name, (_, pointer, message) in REFUSED.items():
            with self.subTest(name):
                result = self.results[name]
                self.assertIsNotNone(result, f"{name}: the generator ran longer than {TIMEOUT} s")
                code, stderr, seconds = result
                self.assertNotIn("Traceback", stderr)
                self.assertEqual(code, 1, stderr)
                errors = [line for line in stderr.splitlines() if line.startswith("error:")]
                self.assertEqual(len(errors), 1, stderr)
                m = DIAGNOSTIC.match(errors[0])
                self.assertIsNotNone(m, errors[0][:500])
                if pointer is not None:
                    self.assertEqual(m.group("pointer"), pointer, errors[0][:500])
                elif not m.group("pointer"):
                    self.assertRegex(m.group("message"), r"line \d+|#/", "a loader error must name its line")
                self.assertRegex(m.group("message"), message)
                self.assertFalse(os.path.exists(os.path.join(self.tmp, name, "include", "revring", "gen", "types.hpp")),
                                 "a refused description wrote output")

    def test_catastrophic_backtracking_pattern_generates_quickly(self):
        # (a+)+b hangs a backtracking matcher; the generator builds a DFA.
        with tempfile.TemporaryDirectory() as tmp:
            code, stderr, seconds = run_generator(pattern_spec(r"^(a+)+b$", 40), tmp)
            self.assertEqual(code, 0, stderr)
            self.assertLess(seconds, TIMEOUT / 2)
            with open(os.path.join(tmp, "include", "revring", "gen", "types.hpp"), encoding="ascii") as f:
                self.assertIn("struct P_rule", f.read())


if __name__ == "__main__":
    unittest.main()
