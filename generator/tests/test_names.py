import unittest

from revring_gen import names


class Sanitiser(unittest.TestCase):
    def test_snake(self):
        cases = {
            "agentId": "agent_id", "toNumber": "to_number", "skip_queue": "skip_queue", "HTTPServer": "http_server",
            "e164Number": "e164_number", "a-b": "a_b", "a.b c": "a_b_c", "__x__": "x", "QUEUED": "queued",
            "IN_PROGRESS": "in_progress", "in-progress": "in_progress", "1st": "n1st", "2fa-code": "n2fa_code",
            "class": "class_", "default": "default_", "errno": "errno_", "major": "major_", "minor": "minor_",
            "and": "and_", "not": "not_", "delete": "delete_", "new": "new_", "register": "register_",
            "unix": "unix_", "linux": "linux_", "stdin": "stdin_", "stdout": "stdout_", "stderr": "stderr_",
            "assert": "assert_", "std": "std_", "boost": "boost_", "revring": "revring_",
            "na\u00efve": "na_u00ef_ve", "\u65e5\u672c": "u65e5_u672c",
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(names.snake_name(text), expected)

    def test_pascal(self):
        cases = {"callRecord": "CallRecord", "CallRecord": "CallRecord", "call_record": "CallRecord",
                 "E164Number": "E164Number", "1st": "N1st", "null": "Null", "i": "I_", "NULL": "NULL_",
                 "EOF": "EOF_", "a-b": "AB"}
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(names.type_name(text), expected)

    def test_macros_and_keywords_upper_case(self):
        self.assertEqual(names.type_name("assert"), "Assert")
        self.assertEqual(names.snake_name("EOF"), "eof")

    def test_reserved_extra(self):
        self.assertEqual(names.snake_name("unknown", frozenset(["unknown"])), "unknown_")
        self.assertEqual(names.snake_name("UNKNOWN", frozenset(["unknown"])), "unknown_")

    def test_no_letters(self):
        for text in ("", "-", "__", "+"):
            with self.subTest(text=text):
                with self.assertRaises(names.NameError_):
                    names.snake_name(text)

    def test_results_are_identifiers(self):
        hostile = ["a--b", "_", "a__b", "-x-", "9", "\U0001F600", "x\u00a0y", "a\x00b", "A_B", "ABc", "aBC"]
        for text in hostile:
            for fn in (names.snake_name, names.type_name):
                try:
                    out = fn(text)
                except names.NameError_:
                    continue
                with self.subTest(text=text, fn=fn.__name__):
                    names.assert_identifier(out)
                    self.assertNotIn("__", out)
                    self.assertFalse(out.startswith("_"))

    def test_explicit_name_validated_not_altered(self):
        self.assertEqual(names.explicit_name("CallId"), "CallId")
        for bad in ("class", "errno", "a-b", "1x", "_x", "a__b", "", "std"):
            with self.subTest(bad=bad):
                with self.assertRaises(names.NameError_):
                    names.explicit_name(bad)

    def test_scope_reports_both(self):
        scope = names.NameScope("property")
        self.assertIsNone(scope.add("a_b", "a-b", "/p/a-b"))
        message = scope.add("a_b", "a_b", "/p/a_b")
        self.assertIn("'a_b' and 'a-b'", message)
        self.assertIn("#/p/a-b", message)


if __name__ == "__main__":
    unittest.main()
