"""The pattern compiler against explicit expectations and independent oracles.

Python's `re` is deliberately not used as an oracle: its `$` also matches
before a trailing newline and its `\\d` matches every Unicode digit, both
unlike ECMA-262.
"""

import json
import random
import shutil
import subprocess
import unittest

from revring_gen.regex import RegexError, compile_pattern, parse

from . import ecma_oracle

E164 = r"^\+[1-9]\d{1,14}$"

# (pattern, input, expected): each one checks a rule that an easy
# implementation gets wrong.
TABLE = [
    (E164, "+14155550123", True),
    (E164, "+14155550123\n", False),  # $ is the end of input, no newline exemption
    (E164, "\n+14155550123", False),  # ^ is the start of input (no multiline)
    (E164, "+1\u0663", False),  # \d is ASCII only (U+0663 ARABIC-INDIC DIGIT THREE)
    (E164, "+\u0661234", False),
    (E164, "+0123", False),
    (E164, "+12", True),
    (E164, "+1", False),
    (E164, "+123456789012345", True),  # 15 digits
    (E164, "+1234567890123456", False),  # 16 digits
    (E164, "x+12", False),
    (E164, "+12\x00", False),  # embedded NUL is a character like any other
    (r"\d", "abc1", True),  # unanchored: matches anywhere
    (r"\d", "abc", False),
    (r"\d", "\u0663", False),
    (r"\D", "\u0663", True),
    ("a$", "ba", True),
    ("a$", "a\n", False),
    ("^a", "ab", True),
    ("^a", "ba", False),
    ("^a|b$", "ax", True),  # alternation binds looser than anchors
    ("^a|b$", "xb", True),
    ("^a|b$", "xa", False),
    ("^a|b$", "bx", False),
    ("^(a|b)$", "ab", False),
    ("^(a|b)$", "b", True),
    ("^$", "", True),
    ("^$", "\n", False),
    ("$^", "", True),
    ("$^", "a", False),
    ("a^", "a", False),
    ("^a\\0b$", "a\x00b", True),
    ("^a\\0b$", "ab", False),
    ("^[a-z]+$", "a\x00b", False),
    ("^[^a]$", "\x00", True),
    (".", "\n", False),
    (".", "\r", False),
    (".", "\u2028", False),
    (".", "\u2029", False),
    (".", "\u0085", True),  # NEL is not a line terminator in ECMA-262
    ("^.$", "\u00e9", True),  # one code point, two bytes
    ("^.$", "\U0001F600", True),  # one code point, four bytes
    ("^..$", "\U0001F600", False),
    ("^[^a]$", "\u00e9", True),  # negated classes consume whole code points
    ("^[^a]{2}$", "\u00e9\U0001F600", True),
    ("^\\W$", "\u00e9", True),
    ("^\\w$", "\u00e9", False),
    ("^\\w+$", "snake_case9", True),
    ("^a+?$", "aaa", True),  # lazy quantifiers match the same set
    ("^a{2,3}?$", "a", False),
    ("^[\\d-]+$", "1-2", True),
    ("^[a-]$", "-", True),
    ("^[-a]$", "-", True),
    ("^\\/\\.\\*$", "/.*", True),
    ("^[\\b]$", "\b", True),  # \b in a class is backspace
    ("^\\t\\n$", "\t\n", True),
    ("^\\x41$", "A", True),
    ("^\u00e9+$", "\u00e9\u00e9", True),  # a literal non-ASCII character
    ("^(?:ab)*$", "abab", True),
    ("^(?:ab)*$", "aba", False),
    ("^(a*)*$", "aaa", True),  # empty loops terminate
    ("^(|a)b$", "b", True),
    ("[]", "", False),
    ("^[^]$", "\n", True),
    ("^a{0}$", "", True),
]


class ExplicitTable(unittest.TestCase):
    def test_table(self):
        cache = {}
        for pattern, text, expected in TABLE:
            dfa = cache.get(pattern) or cache.setdefault(pattern, compile_pattern(pattern))
            with self.subTest(pattern=pattern, text=text):
                self.assertEqual(dfa.matches(text.encode("utf-8")), expected)

    def test_oracle_agrees_with_table(self):
        # the oracle itself must pass the same table, or it proves nothing
        for pattern, text, expected in TABLE:
            if pattern == "[]":
                continue
            with self.subTest(pattern=pattern, text=text):
                self.assertEqual(ecma_oracle.search(pattern, text), expected)

    def test_invalid_utf8_never_matches(self):
        for pattern in ("a", ".", "[^a]", "^.*$", "\\W"):
            dfa = compile_pattern(pattern)
            for data in (b"\xff", b"a\xc3", b"a\xc3(", b"\xed\xa0\x80a", b"\xc0\xafa", b"\xf4\x90\x80\x80a"):
                with self.subTest(pattern=pattern, data=data):
                    self.assertFalse(dfa.matches(data))

    def test_max_length(self):
        cases = {E164: 16, "^a{2,5}$": 5, "^\u00e9{2}$": 4, "^.$": 4, "^(ab|c)$": 2, "^$": 0,
                 "^[^a]$": 4, "^\\D?$": 4, "abc": None, "^a*$": None, "^a+b{0,3}$": None, "a$": None}
        for pattern, expected in cases.items():
            with self.subTest(pattern=pattern):
                self.assertEqual(compile_pattern(pattern).max_length, expected)

    def test_minimal_state_counts(self):
        # ^ and $ anchored E.164: start, '+', first digit, 14 optional digits, dead
        self.assertEqual(compile_pattern(E164).num_states, 18)
        self.assertEqual(compile_pattern("^$").num_states, 2)
        self.assertTrue(compile_pattern("[]").matches_nothing)

    def test_too_complex(self):
        # the classic exponential blow-up: "an 'a' 12 characters before the end"
        with self.assertRaises(RegexError) as cm:
            compile_pattern("a[ab]{11}$")
        self.assertEqual(cm.exception.feature, "complexity")
        self.assertIn("too complex", cm.exception.message)


class Unsupported(unittest.TestCase):
    FEATURES = {
        "(?=a)": "lookahead (?=",
        "a(?!b)": "lookahead (?!",
        "(?<=a)b": "lookbehind (?<=",
        "(?<!a)b": "lookbehind (?<!",
        "(a)\\1": "backreference \\1",
        "(?<n>a)": "named group (?<name>",
        "\\k<n>": "named backreference \\k",
        "\\s": "\\s",
        "a\\S": "\\S",
        "\\bword": "word boundary assertion \\b",
        "\\u0041": "unicode escape \\u",
        "\\p{L}": "unicode property escape \\p",
        "[\u00e9]": "non-ASCII character in a character class",
        "[\\x80]": "non-ASCII character in a character class",
        "\\cA": "control escape \\c",
        "\\a": "escape \\a",
        "(?i)a": "group modifier (?i",
        "\\01": "octal escape",
    }

    def test_features_named(self):
        for pattern, feature in self.FEATURES.items():
            with self.subTest(pattern=pattern):
                with self.assertRaises(RegexError) as cm:
                    parse(pattern)
                self.assertEqual(cm.exception.feature, feature)

    def test_syntax_errors(self):
        for pattern in ("(", ")", "(a", "[a", "a**", "*a", "a{2,1}", "{", "}", "]", "a\\", "^*", "$+",
                        "[z-a]", "[\\d-z]", "a{1001}", "\\x4"):
            with self.subTest(pattern=pattern):
                with self.assertRaises(RegexError) as cm:
                    parse(pattern)
                self.assertIsNone(cm.exception.feature)


ATOMS = ["a", "b", "0", ".", "\\d", "\\D", "\\w", "\\W", "[ab]", "[^a]", "[0-9a]", "\\n", "\u00e9", "[^\\d]",
         "[a-c_]", "\\.", "\u0663"]
INPUT_ALPHABET = ["a", "b", "c", "0", "5", "\n", "\r", "\u00e9", "\u0663", "\U0001F600", " ", "\u2028", "_", "."]


def random_pattern(rng, depth=0):
    parts = []
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.08:
            parts.append("^")
            continue
        if r < 0.16:
            parts.append("$")
            continue
        if r < 0.3 and depth < 2:
            inner = random_pattern(rng, depth + 1)
            if rng.random() < 0.5:
                inner += "|" + random_pattern(rng, depth + 1)
            atom = ("(?:" if rng.random() < 0.5 else "(") + inner + ")"
        else:
            atom = rng.choice(ATOMS)
        q = rng.random()
        if q < 0.15:
            atom += "*"
        elif q < 0.3:
            atom += "+"
        elif q < 0.4:
            atom += "?"
        elif q < 0.5:
            atom += rng.choice(["{2}", "{1,2}", "{0,}", "{2,3}?"])
        parts.append(atom)
    text = "".join(parts)
    if depth == 0 and rng.random() < 0.2:
        text += "|" + random_pattern(rng, 1)
    return text


def random_inputs(rng, n):
    return [""] + ["".join(rng.choice(INPUT_ALPHABET) for _ in range(rng.randint(1, 6))) for _ in range(n)]


class Differential(unittest.TestCase):
    def cases(self):
        rng = random.Random(20240611)
        out = []
        for _ in range(250):
            pattern = random_pattern(rng)
            out.append((pattern, random_inputs(rng, 30)))
        return out

    def test_against_independent_oracle(self):
        for pattern, inputs in self.cases():
            dfa = compile_pattern(pattern)
            for text in inputs:
                expected = ecma_oracle.search(pattern, text)
                if dfa.matches(text.encode("utf-8")) != expected:
                    self.fail(f"pattern {pattern!r} on {text!r}: DFA says {not expected}, oracle {expected}")

    @unittest.skipUnless(shutil.which("node"), "node (an ECMA-262 engine) is not installed")
    def test_against_javascript(self):
        """node's RegExp with the u flag is the reference engine itself."""
        cases = [(p, t) for p, inputs in self.cases() for t in inputs]
        cases += [(p, t) for p, t, _ in TABLE]
        script = ("const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
                  "process.stdout.write(JSON.stringify(cases.map(([p, t]) => new RegExp(p, 'u').test(t))));")
        proc = subprocess.run(["node", "-e", script], input=json.dumps(cases), capture_output=True, text=True,
                              timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        results = json.loads(proc.stdout)
        compiled = {}
        for (pattern, text), expected in zip(cases, results):
            dfa = compiled.get(pattern) or compiled.setdefault(pattern, compile_pattern(pattern))
            if dfa.matches(text.encode("utf-8")) != expected:
                self.fail(f"pattern {pattern!r} on {text!r}: DFA disagrees with JavaScript ({expected})")


if __name__ == "__main__":
    unittest.main()
