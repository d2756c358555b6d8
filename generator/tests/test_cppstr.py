import unittest

import json

from revring_gen.cppstr import (comment_lines, double_literal, json_key_literal, json_string, string_literal,
                                 string_view_expr)


def cpp_unescape(literal: str) -> bytes:
    """Reads back a literal made by string_literal (an independent decoder)."""
    assert literal[0] == '"' and literal[-1] == '"'
    body = literal[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n in "01234567":
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out.append(ord(n))
            i += 2
            continue
        assert c != '"'
        out.append(ord(c))
        i += 1
    return bytes(out)


class Literals(unittest.TestCase):
    def test_round_trip(self):
        for text in ['plain', 'quo"te', 'back\\slash', 'tri??/graph', 'nul\x00byte', 'new\nline', '\u00e9\u65e5',
                     '\U0001F600', '\x7f\x1b', '12\x001', '?']:
            with self.subTest(text=text):
                literal = string_literal(text)
                self.assertTrue(all(0x20 <= ord(ch) < 0x7F for ch in literal))
                self.assertNotIn("??", literal)
                self.assertEqual(cpp_unescape(literal), text.encode("utf-8"))

    def test_octal_escapes_are_three_digits(self):
        # "\0" followed by "1" must not read as "\01"
        self.assertEqual(string_literal("\x001"), '"\\0001"')

    def test_string_view_keeps_nul(self):
        self.assertEqual(string_view_expr("a\x00b"), 'std::string_view("a\\000b", 3)')
        self.assertEqual(string_view_expr("ab"), '"ab"')

    def test_double(self):
        self.assertEqual(double_literal(1), "1.0")
        self.assertEqual(double_literal(0.5), "0.5")
        self.assertEqual(double_literal(1e300), "1e+300")


class JsonNames(unittest.TestCase):
    TEXTS = ['plain', 'quo"te', 'back\\slash', 'nul\x00name', 'tab\tnew\nline\r\b\f', '\x1f\x7f', 'sl/ash',
             '\u00e9\u65e5\U0001F600', '\u2028', '', '??=', '*/']

    def test_json_string_reads_back(self):
        for text in self.TEXTS:
            with self.subTest(text=text):
                self.assertEqual(json.loads(json_string(text)), text)

    def test_json_string_escapes_like_the_writer(self):
        # json_writer: '"' '\\' \b \f \n \r \t short, other controls \u00xx, everything else as it is
        short = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
        for cp in range(0x80):
            ch = chr(cp)
            expected = short.get(ch, "\\u%04x" % cp if cp < 0x20 else ch)
            self.assertEqual(json_string(ch), '"' + expected + '"', hex(cp))
        self.assertEqual(json_string("\u00e9"), '"\u00e9"')

    def test_key_literal(self):
        for text in self.TEXTS:
            with self.subTest(text=text):
                literal = json_key_literal(text)
                self.assertNotIn("??", literal)
                raw = cpp_unescape(literal)
                self.assertNotIn(b"\x00", raw)
                self.assertEqual(raw, ("," + json_string(text) + ":").encode("utf-8"))
        self.assertEqual(json_key_literal('a"b'), '",\\"a\\\\\\"b\\":"')


class Comments(unittest.TestCase):
    def test_no_injection(self):
        text = "ends */ int x; /* and\\\nnext line\\\r\nthird??/\u2028fourth\x00\u00e9 \\  "
        lines = comment_lines(text)
        for line in lines:
            self.assertNotIn("*/", line)
            self.assertNotIn("/*", line)
            self.assertNotIn("??", line)
            self.assertFalse(line.rstrip().endswith("\\"), line)
            self.assertTrue(all(0x20 <= ord(ch) < 0x7F for ch in line), line)
        self.assertEqual(lines[0], "ends *\\/ int x; /\\* and\\x5c")
        self.assertEqual(lines[1], "next line\\x5c")
        self.assertEqual(lines[2], "third?\\?/")
        self.assertEqual(len(lines), 4)
        self.assertEqual(lines[3], "fourth\\x00\\u00e9 \\x5c")

    def test_wrap(self):
        lines = comment_lines("word " * 60)
        self.assertTrue(all(len(line) <= 100 for line in lines))
        self.assertEqual(" ".join(lines).split(), ["word"] * 60)

    def test_backslashes_kept_for_patterns(self):
        self.assertEqual(comment_lines(r"Pattern: ^\+[1-9]\d{1,14}$"), (r"Pattern: ^\+[1-9]\d{1,14}$",))


if __name__ == "__main__":
    unittest.main()
