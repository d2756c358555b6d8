"""Lowering: the model's decisions, and the semantic errors."""

import json
import unittest

from .support import run_generator, spec


def model_of(text, *extra):
    code, out, err, _ = run_generator(text, "--dump-model", "-", *extra)
    assert code == 0, err
    return json.loads(out)


def structs(model):
    return {d["struct"]["name"]: d["struct"] for d in model["declarations"] if d["kind"] == "struct"}


def members(struct):
    return {m["json_name"]: m for m in struct["members"]}


BODY_OP = """\
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/{body}'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{response}'}}
"""


class RequestSide(unittest.TestCase):
    def test_wrappers_follow_the_side(self):
        text = spec(BODY_OP.format(body="Outer", response="Outer2") + """\
components:
  schemas:
    Inner:
      type: object
      required: [n, tags]
      properties:
        n: {type: integer}
        tags: {type: array, items: {type: string}}
    Outer:
      type: object
      required: [inner, id, label]
      properties:
        inner: {$ref: '#/components/schemas/Inner'}
        id: {type: string, format: uuid}
        label: {type: [string, 'null']}
    Outer2:
      type: object
      required: [inner, count]
      properties:
        inner: {$ref: '#/components/schemas/Inner'}
        count: {type: integer}
""")
        s = structs(model_of(text))
        self.assertTrue(s["Outer"]["request_side"])
        self.assertTrue(s["Inner"]["request_side"])  # reachable from a request body
        self.assertFalse(s["Outer2"]["request_side"])
        inner = members(s["Inner"])
        self.assertEqual(inner["n"]["cpp_type"], "revring::required<std::int64_t>")
        self.assertEqual(inner["tags"]["cpp_type"], "revring::required<std::vector<std::string>>")
        outer = members(s["Outer"])
        # Inner has required<> members, so it has no default constructor: no wrapper needed
        self.assertEqual(outer["inner"]["cpp_type"], "Inner")
        self.assertEqual(outer["inner"]["initializer"], "")
        self.assertEqual(outer["id"]["cpp_type"], "revring::uuid")
        self.assertEqual(outer["label"]["cpp_type"], "revring::optional<std::string>")
        self.assertEqual(outer["label"]["encode"], "null_if_empty")
        self.assertEqual(outer["label"]["decode"], "present_or_null")
        outer2 = members(s["Outer2"])
        self.assertEqual(outer2["count"]["cpp_type"], "std::int64_t")
        self.assertEqual(outer2["count"]["initializer"], "{}")

    def test_dependency_order(self):
        text = spec("""\
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
        list: {$ref: '#/components/schemas/CList'}
    CList: {type: array, items: {$ref: '#/components/schemas/C'}}
    B:
      type: object
      properties:
        c: {$ref: '#/components/schemas/C'}
    C:
      type: object
      properties:
        x: {type: string}
""")
        order = [d["struct"]["name"] if d["kind"] == "struct" else d["alias"]["name"]
                 for d in model_of(text)["declarations"]]
        self.assertEqual(order, ["C", "B", "CList", "A"])


class SharedInlineSchemas(unittest.TestCase):
    def test_shared_request_body_is_one_type(self):
        text = spec("""\
paths:
  /a:
    post:
      operationId: postA
      requestBody: {$ref: '#/components/requestBodies/Query'}
      responses:
        '204': {description: none}
  /b:
    post:
      operationId: postB
      requestBody: {$ref: '#/components/requestBodies/Query'}
      responses:
        '204': {description: none}
components:
  requestBodies:
    Query:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              q: {type: string}
""")
        model = model_of(text)
        self.assertEqual(list(structs(model)), ["PostARequest"])
        self.assertEqual([op["body_type"] for op in model["operations"]], ["PostARequest", "PostARequest"])


class SemanticErrors(unittest.TestCase):
    def assert_error(self, text, expected):
        code, _, err, _ = run_generator(text)
        self.assertEqual(code, 1, err)
        self.assertIn(expected, err)
        self.assertNotIn("Traceback", err)

    def schemas(self, body):
        return spec("components:\n  schemas:\n" + "".join("    " + line + "\n" for line in body.splitlines()))

    def test_bad_x_cpp_name(self):
        self.assert_error(self.schemas("A:\n  type: object\n  properties:\n    a: {type: string, x-cpp-name: 'class'}"),
                          "error: spec.yaml#/components/schemas/A/properties/a/x-cpp-name: x-cpp-name 'class' is a C++ keyword")
        self.assert_error(self.schemas("A:\n  type: string\n  x-cpp-name: 'a-b'"),
                          "x-cpp-name 'a-b' is not a valid C++ identifier")

    def test_member_named_like_a_type(self):
        self.assert_error(self.schemas("A:\n  type: object\n  properties:\n    a: {type: string, x-cpp-name: B}\n"
                                       "B:\n  type: string"),
                          "error: spec.yaml#/components/schemas/A/properties/a: member name 'B' is also a name at namespace scope")

    def test_default_type(self):
        self.assert_error(self.schemas("A:\n  type: object\n  properties:\n    a: {type: boolean, default: 'no'}"),
                          "error: spec.yaml#/components/schemas/A/properties/a/default: default \"no\" does not match the type (boolean)")

    def test_lengths(self):
        self.assert_error(self.schemas("A:\n  type: string\n  minLength: 5\n  maxLength: 2"),
                          "minLength 5 is greater than maxLength 2")
        self.assert_error(self.schemas("A:\n  type: string\n  maxLength: 100000"),
                          "needs 400000 bytes of inline storage; the limit is 16384")
        self.assert_error(self.schemas("A:\n  type: string\n  minLength: 1"),
                          "unbounded constrained string: no maxLength; add maxLength")
        self.assert_error(self.schemas("A:\n  type: string\n  pattern: '$a'\n  maxLength: 3"),
                          "pattern '$a' matches no string")

    def test_no_name_possible(self):
        self.assert_error(self.schemas("A:\n  type: object\n  properties:\n    '--': {type: string}"),
                          "cannot make a C++ member name from '--'")

    def test_operation_errors(self):
        self.assert_error(spec("""\
            paths:
              /a/{id}:
                get:
                  operationId: getA
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: boolean}}
                  responses:
                    '204': {description: none}
            """), "unsupported construct 'path parameter of type boolean'")
        self.assert_error(spec("""\
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '200': {description: a, content: {application/json: {schema: {type: string}}}}
                    '201': {description: b, content: {application/json: {schema: {type: integer}}}}
            """), "unsupported construct 'several 2xx response bodies'")
        self.assert_error(spec("""\
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '204': {description: none}
              /b:
                get:
                  operationId: get_a
                  responses:
                    '204': {description: none}
            """), "operation 'get_a' and 'getA' (at #/paths/~1a/get) both become 'get_a' in C++")
        self.assert_error(spec("""\
            paths:
              /a b:
                get:
                  operationId: getA
                  responses:
                    '204': {description: none}
            """), "path must start with '/' and hold only URL path characters")


if __name__ == "__main__":
    unittest.main()
