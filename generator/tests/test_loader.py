"""Loading and subset checking: every problem is a located diagnostic."""

import unittest

from .support import run_generator, spec


def schemas(body: str) -> str:
    return spec("components:\n  schemas:\n" + "".join("    " + line + "\n" for line in body.splitlines()))


class LoaderTestCase(unittest.TestCase):
    def assert_error(self, text, expected, *extra):
        code, _, err, files = run_generator(text, *extra)
        self.assertEqual(code, 1, err)
        self.assertIn(expected, err)
        self.assertTrue(err.startswith("error: spec.yaml#") or "\nerror: spec.yaml#" in err or
                        err.startswith("warning:"), err)
        self.assertNotIn("Traceback", err)
        self.assertEqual(files, {}, "nothing may be written on error")
        return err

    def assert_ok(self, text, *extra):
        code, out, err, files = run_generator(text, *extra)
        self.assertEqual(code, 0, err)
        return err, files


class Yaml12(LoaderTestCase):
    def test_yaml11_booleans_and_dates_stay_strings(self):
        _, files = self.assert_ok(schemas("""\
Switch:
  type: string
  enum: [on, off, yes, no, y, n, 2024-01-01, 1_000, 0x1g]"""))
        types = files["types.hpp"]
        for value in ('"on"', '"off"', '"yes"', '"no"', '"y"', '"n"', '"2024-01-01"', '"1_000"', '"0x1g"'):
            self.assertIn(value, types)

    def test_core_integers(self):
        _, files = self.assert_ok(schemas("""\
Name:
  type: string
  maxLength: 012"""))
        self.assertIn("max_length = 12;", files["types.hpp"])  # decimal, not octal 10

    def test_unquoted_status_codes(self):
        self.assert_ok(spec("""\
            paths:
              /x:
                get:
                  operationId: getX
                  responses:
                    200:
                      description: ok
                      content:
                        application/json:
                          schema: {type: object, properties: {a: {type: string}}}
            """))

    def test_duplicate_key(self):
        self.assert_error(schemas("A:\n  type: string\n  type: integer"), "line 7: duplicate key 'type'")

    def test_alias_refused(self):
        self.assert_error(schemas("A: &x\n  type: string\nB: *x"), "YAML alias '*x' is not supported")

    def test_deep_nesting(self):
        deep = "[" * 100 + "]" * 100
        self.assert_error(spec(f"x-deep: {deep}\n"), "document nested deeper than 64 levels")

    def test_huge_document(self):
        self.assert_error(spec("x-big: '" + "a" * (9 * 1024 * 1024) + "'\n"), "the limit is 8388608")

    def test_invalid_utf8(self):
        self.assert_error(spec("x-t: 'a'\n").encode() + b"x-u: '\xff'\n", "not valid UTF-8 (byte offset")

    def test_syntax_error_has_line(self):
        self.assert_error(spec("paths: {\n"), "YAML syntax error")
        err = self.assert_error(spec("a: b\n c: d\n"), "line 4, column")

    def test_non_json_tag(self):
        self.assert_error(spec("x-b: !!binary aGVsbG8=\n"), "error: spec.yaml#/x-b: YAML value of type 'bytes'")

    def test_non_finite_number(self):
        self.assert_error(schemas("N:\n  type: number\n  maximum: .inf"),
                          "error: spec.yaml#/components/schemas/N/maximum: number inf is not representable")

    def test_not_an_object(self):
        self.assert_error("- a\n- b\n", "error: spec.yaml#: the document must be an object")


class Subset(LoaderTestCase):
    def test_version(self):
        self.assert_error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n",
                          "error: spec.yaml#/openapi: unsupported OpenAPI version '3.0.3'")

    def test_unknown_schema_key(self):
        self.assert_error(schemas("A:\n  type: string\n  frobnicate: 1"),
                          "error: spec.yaml#/components/schemas/A/frobnicate: unsupported construct 'frobnicate'")

    def test_nullable_30(self):
        self.assert_error(schemas("A:\n  type: string\n  nullable: true"),
                          "error: spec.yaml#/components/schemas/A/nullable: unsupported construct 'nullable': "
                          "OpenAPI 3.0 'nullable' is not part of 3.1")

    def test_unknown_extension_warns(self):
        err, files = self.assert_ok(schemas("A:\n  type: string\n  x-vendor: 1"))
        self.assertIn("warning: spec.yaml#/components/schemas/A/x-vendor: unknown extension 'x-vendor' ignored", err)
        self.assertIn("types.hpp", files)

    def test_annotations_allowed(self):
        self.assert_ok(schemas("A:\n  type: string\n  description: d\n  title: t\n  examples: [x]\n"
                               "  deprecated: true\n  readOnly: false\n  example: x\n  $comment: c"))

    def test_type_union(self):
        self.assert_error(schemas("A:\n  type: [string, integer]"),
                          "unsupported construct 'type: [string, integer]'")

    def test_keyword_for_other_type(self):
        self.assert_error(schemas("A:\n  type: integer\n  pattern: '^a$'"),
                          "error: spec.yaml#/components/schemas/A/pattern: keyword 'pattern' does not apply to type integer")

    def test_required_not_in_properties(self):
        self.assert_error(schemas("A:\n  type: object\n  properties: {a: {type: string}}\n  required: [b]"),
                          "error: spec.yaml#/components/schemas/A/required/0: required property 'b' is not in properties")

    def test_ref_problems(self):
        self.assert_error(schemas("A:\n  $ref: '#/components/schemas/Missing'"),
                          "error: spec.yaml#/components/schemas/A/$ref: $ref '#/components/schemas/Missing' does not resolve")
        self.assert_error(schemas("A:\n  $ref: 'other.yaml#/components/schemas/B'"),
                          "error: spec.yaml#/components/schemas/A/$ref: unsupported construct 'remote $ref'")
        self.assert_error(schemas("A:\n  $ref: '#/info'"),
                          "error: spec.yaml#/components/schemas/A/$ref: unsupported construct '$ref to #/info'")
        self.assert_error(schemas("A:\n  $ref: '#/components/schemas/B'\n  maxLength: 3\nB:\n  type: string"),
                          "unsupported construct '$ref with sibling maxLength'")

    def test_ref_cycle(self):
        self.assert_error(schemas("A:\n  $ref: '#/components/schemas/B'\nB:\n  $ref: '#/components/schemas/A'"),
                          "$ref cycle: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A")

    def test_operation_shapes(self):
        op = """\
            paths:
              /x/{{id}}:
                get:
                  {extra}
                  parameters:
                    - {{name: id, in: {where}, required: true, schema: {{type: string}}}}
                  responses:
                    '204': {{description: none}}
            """
        self.assert_error(spec(op.format(extra="operationId: getX", where="query")),
                          "unsupported construct 'parameter in: query'")
        self.assert_error(spec(op.format(extra="summary: s", where="path")),
                          "operation without operationId")
        self.assert_error(spec(op.format(extra="operationId: getX\n" + " " * 18 + "callbacks: {}", where="path")),
                          "/paths/~1x~1{id}/get/callbacks: unsupported construct 'callbacks'")

    def test_media_type(self):
        self.assert_error(spec("""\
            paths:
              /x:
                post:
                  operationId: postX
                  requestBody:
                    required: true
                    content:
                      text/plain: {schema: {type: string}}
                  responses:
                    '204': {description: none}
            """), "/paths/~1x/post/requestBody/content/text~1plain: unsupported construct 'media type text/plain'")


if __name__ == "__main__":
    unittest.main()
