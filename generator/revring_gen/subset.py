"""The supported OpenAPI 3.1 subset, checked before anything is generated.

Every key of every object the generator reads is either understood, or an
annotation on an explicit allow-list (description, examples, ...), or an
error naming the construct and its JSON pointer. Unknown `x-` extensions are
reported as warnings. Nothing is skipped silently.

This module checks shapes (keys, value types, which keywords go with which
type); the lowering stage checks meaning (names, references, patterns).
"""

from __future__ import annotations

import math
import re
from typing import Any

from .diagnostics import Reporter, pointer_join
from .loader import Document

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head")
UNSUPPORTED_METHODS = ("options", "trace")

# Known extensions, by where they may appear.
SCHEMA_EXTENSIONS = {"x-cpp-name"}
OPERATION_EXTENSIONS = {"x-cpp-name", "x-idempotent"}

# Keys that only document; accepted and not used.
ANNOTATIONS = {"description", "title", "summary", "example", "examples", "externalDocs", "deprecated", "$comment"}

ROOT_KEYS = {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security",
             "tags", "externalDocs"}
PATH_ITEM_KEYS = {"summary", "description", "parameters", "servers", *HTTP_METHODS}
OPERATION_KEYS = {"tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody",
                  "responses", "deprecated", "security", "servers"} | OPERATION_EXTENSIONS
PARAMETER_KEYS = {"name", "in", "description", "required", "deprecated", "schema", "example", "examples", "style",
                  "explode"}
REQUEST_BODY_KEYS = {"description", "content", "required"}
MEDIA_TYPE_KEYS = {"schema", "example", "examples"}
RESPONSE_KEYS = {"description", "content", "headers"}
COMPONENTS_KEYS = {"schemas", "securitySchemes", "parameters", "requestBodies", "responses", "examples", "headers"}

SCHEMA_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")
SCHEMA_ANNOTATIONS = {"description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly",
                      "$comment", "externalDocs"}
# Keyword -> the non-null types it applies to.
SCHEMA_KEYWORDS = {
    "type": None,
    "enum": ("string",),
    "format": ("string", "integer", "number"),
    "pattern": ("string",),
    "minLength": ("string",),
    "maxLength": ("string",),
    "minimum": ("integer", "number"),
    "maximum": ("integer", "number"),
    "exclusiveMinimum": ("integer", "number"),
    "exclusiveMaximum": ("integer", "number"),
    "items": ("array",),
    "minItems": ("array",),
    "maxItems": ("array",),
    "properties": ("object",),
    "required": ("object",),
    "additionalProperties": ("object",),
    "default": None,
}
FORMATS = {"string": ("uuid", "date-time", "uri"), "integer": ("int32", "int64"), "number": ("float", "double")}
# Sibling keys a $ref may have in a 3.1 schema: annotations, a default and the name override.
REF_SIBLINGS = SCHEMA_ANNOTATIONS | {"default", "x-cpp-name", "$ref"}

SCHEMA_HINTS = {
    "nullable": "OpenAPI 3.0 'nullable' is not part of 3.1; write type: [X, 'null']",
    "oneOf": "unions are not supported",
    "anyOf": "unions are not supported",
    "allOf": "schema composition is not supported; write the object out",
    "not": "negation is not supported",
    "discriminator": "polymorphism is not supported",
    "const": "use a one-value enum",
    "uniqueItems": "uniqueness is not checked by the generated code",
    "patternProperties": "only fixed properties or a free-form object",
    "prefixItems": "tuples are not supported",
}


def _is_int(v: Any) -> bool:
    return type(v) is int


def _is_number(v: Any) -> bool:
    return (type(v) is int) or (type(v) is float and math.isfinite(v))


class _Checker:
    def __init__(self, document: Document):
        self.doc = document
        self.r: Reporter = document.reporter
        self.checked_schemas: set[str] = set()
        self.checked_components: set[str] = set()

    # -- helpers ---------------------------------------------------------
    def expect_object(self, value: Any, pointer: str, what: str) -> dict:
        if not isinstance(value, dict):
            self.r.error(pointer, f"{what} must be an object")
        return value

    def check_keys(self, obj: dict, pointer: str, allowed: set[str], what: str,
                   hints: dict[str, str] | None = None) -> None:
        for key in obj:
            if key in allowed:
                continue
            if key.startswith("x-"):
                self.r.warning(pointer_join(pointer, key), f"unknown extension '{key}' ignored")
                continue
            hint = (hints or {}).get(key, "")
            self.r.unsupported(pointer_join(pointer, key), key, hint or f"not supported in {what}")

    def follow_component(self, value: Any, pointer: str, kind: str) -> tuple[Any, str]:
        """Follows a `$ref` to `#/components/<kind>/...`."""
        if isinstance(value, dict) and "$ref" in value:
            extra = sorted(k for k in value if k not in ("$ref", "description", "summary"))
            if extra:
                self.r.unsupported(pointer_join(pointer, extra[0]), f"$ref with sibling {extra[0]}")
            target, target_pointer = self.doc.follow(value, pointer)
            if not target_pointer.startswith(f"/components/{kind}/"):
                self.r.unsupported(pointer_join(pointer, "$ref"), f"$ref to #{target_pointer}",
                                   f"expected a reference into #/components/{kind}")
            return target, target_pointer
        return value, pointer

    # -- document structure ----------------------------------------------
    def check_root(self) -> None:
        root = self.expect_object(self.doc.root, "", "the document")
        self.check_keys(root, "", ROOT_KEYS, "the document root")
        version = root.get("openapi")
        if not isinstance(version, str) or not re.fullmatch(r"3\.1\.\d+", version):
            self.r.error("/openapi", f"unsupported OpenAPI version {version!r}: expected 3.1.x")
        dialect = root.get("jsonSchemaDialect")
        if dialect is not None and dialect != "https://spec.openapis.org/oas/3.1/dialect/base":
            self.r.unsupported("/jsonSchemaDialect", "jsonSchemaDialect", f"only the OAS base dialect")
        if "info" not in root:
            self.r.error("", "missing required member 'info'")
        paths = self.expect_object(root.get("paths", {}), "/paths", "paths")
        for path, item in paths.items():
            if path.startswith("x-"):
                self.r.warning(pointer_join("/paths", path), f"unknown extension '{path}' ignored")
                continue
            self.check_path_item(item, pointer_join("/paths", path))
        webhooks = self.expect_object(root.get("webhooks", {}), "/webhooks", "webhooks")
        for name, item in webhooks.items():
            if name.startswith("x-"):
                self.r.warning(pointer_join("/webhooks", name), f"unknown extension '{name}' ignored")
                continue
            self.check_path_item(item, pointer_join("/webhooks", name))
        components = self.expect_object(root.get("components", {}), "/components", "components")
        self.check_keys(components, "/components", COMPONENTS_KEYS, "components",
                        {"callbacks": "callbacks are not supported", "links": "links are not supported",
                         "pathItems": "path item components are not supported"})
        schemas = self.expect_object(components.get("schemas", {}), "/components/schemas", "components.schemas")
        for name, schema in schemas.items():
            self.check_schema(schema, pointer_join("/components/schemas", name))
        # reusable objects are checked even when nothing references them
        for kind, check in (("parameters", None), ("requestBodies", self.check_request_body),
                            ("responses", self.check_response)):
            group = self.expect_object(components.get(kind, {}), f"/components/{kind}", f"components.{kind}")
            for name, value in group.items():
                at = pointer_join("/components", kind, name)
                if kind == "parameters":
                    self.check_parameters([value], at, pointer_is_item=True)
                else:
                    check(value, at)

    def check_path_item(self, item: Any, pointer: str) -> None:
        item = self.expect_object(item, pointer, "a path item")
        hints = {m: f"HTTP method {m.upper()} is not supported" for m in UNSUPPORTED_METHODS}
        hints["$ref"] = "path item references are not supported"
        self.check_keys(item, pointer, PATH_ITEM_KEYS, "a path item", hints)
        self.check_parameters(item.get("parameters", []), pointer_join(pointer, "parameters"))
        for method in HTTP_METHODS:
            if method in item:
                self.check_operation(item[method], pointer_join(pointer, method))

    def check_operation(self, op: Any, pointer: str) -> None:
        op = self.expect_object(op, pointer, "an operation")
        self.check_keys(op, pointer, OPERATION_KEYS, "an operation",
                        {"callbacks": "callbacks are not supported"})
        if not isinstance(op.get("operationId"), str) or not op["operationId"]:
            self.r.error(pointer, "operation without operationId: every operation needs one (it names the C++ functions)")
        if "x-idempotent" in op and not isinstance(op["x-idempotent"], bool):
            self.r.error(pointer_join(pointer, "x-idempotent"), "x-idempotent must be true or false")
        if "x-cpp-name" in op and not isinstance(op["x-cpp-name"], str):
            self.r.error(pointer_join(pointer, "x-cpp-name"), "x-cpp-name must be a string")
        self.check_parameters(op.get("parameters", []), pointer_join(pointer, "parameters"))
        if "requestBody" in op:
            self.check_request_body(op["requestBody"], pointer_join(pointer, "requestBody"))
        if "responses" not in op:
            self.r.error(pointer, "operation without responses")
        responses = self.expect_object(op["responses"], pointer_join(pointer, "responses"), "responses")
        for code, response in responses.items():
            at = pointer_join(pointer, "responses", code)
            if code.startswith("x-"):
                self.r.warning(at, f"unknown extension '{code}' ignored")
                continue
            if not re.fullmatch(r"[1-5][0-9][0-9]|[1-5]XX|default", code):
                self.r.error(at, f"'{code}' is not a status code, a range like 2XX, or 'default'")
            self.check_response(response, at)

    def check_parameters(self, params: Any, pointer: str, pointer_is_item: bool = False) -> None:
        if not isinstance(params, list):
            self.r.error(pointer, "parameters must be an array")
        for i, param in enumerate(params):
            at = pointer if pointer_is_item else pointer_join(pointer, i)
            param, at = self.follow_component(param, at, "parameters")
            param = self.expect_object(param, at, "a parameter")
            self.check_keys(param, at, PARAMETER_KEYS, "a parameter",
                            {"content": "parameters with content are not supported; use schema",
                             "allowEmptyValue": "allowEmptyValue is not supported",
                             "allowReserved": "allowReserved is not supported"})
            if not isinstance(param.get("name"), str) or not param["name"]:
                self.r.error(at, "parameter without a name")
            where = param.get("in")
            if where != "path":
                self.r.unsupported(pointer_join(at, "in"), f"parameter in: {where}",
                                   "only path parameters are supported")
            if param.get("required") is not True:
                self.r.error(at, "path parameters must have required: true")
            if param.get("style", "simple") != "simple":
                self.r.unsupported(pointer_join(at, "style"), f"style: {param.get('style')}")
            if param.get("explode", False) is not False:
                self.r.unsupported(pointer_join(at, "explode"), "explode: true")
            if "schema" not in param:
                self.r.error(at, "parameter without a schema")
            self.check_schema(param["schema"], pointer_join(at, "schema"))

    def check_content(self, content: Any, pointer: str) -> None:
        content = self.expect_object(content, pointer, "content")
        for media_type, media in content.items():
            at = pointer_join(pointer, media_type)
            if media_type != "application/json":
                self.r.unsupported(at, f"media type {media_type}", "only application/json is supported")
            media = self.expect_object(media, at, "a media type")
            self.check_keys(media, at, MEDIA_TYPE_KEYS, "a media type",
                            {"encoding": "encoding is not supported"})
            if "schema" not in media:
                self.r.error(at, "media type without a schema")
            self.check_schema(media["schema"], pointer_join(at, "schema"))

    def check_request_body(self, body: Any, pointer: str) -> None:
        body, pointer = self.follow_component(body, pointer, "requestBodies")
        body = self.expect_object(body, pointer, "a request body")
        self.check_keys(body, pointer, REQUEST_BODY_KEYS, "a request body")
        if body.get("required") is not True:
            self.r.unsupported(pointer, "optional request body", "request bodies need required: true")
        if "content" not in body:
            self.r.error(pointer, "request body without content")
        self.check_content(body["content"], pointer_join(pointer, "content"))

    def check_response(self, response: Any, pointer: str) -> None:
        response, pointer = self.follow_component(response, pointer, "responses")
        response = self.expect_object(response, pointer, "a response")
        self.check_keys(response, pointer, RESPONSE_KEYS, "a response",
                        {"links": "links are not supported"})
        if "content" in response:
            self.check_content(response["content"], pointer_join(pointer, "content"))

    # -- schemas ----------------------------------------------------------
    def check_schema(self, schema: Any, pointer: str) -> None:
        if pointer in self.checked_schemas:
            return
        self.checked_schemas.add(pointer)
        if schema is True or schema is False:
            self.r.unsupported(pointer, f"boolean schema {str(schema).lower()}",
                               "write a schema object with a type")
        schema = self.expect_object(schema, pointer, "a schema")

        if "$ref" in schema:
            for key in schema:
                if key not in REF_SIBLINGS and not key.startswith("x-"):
                    self.r.unsupported(pointer_join(pointer, key), f"$ref with sibling {key}",
                                       "only annotations, default and x-cpp-name may accompany $ref")
            self.check_extensions(schema, pointer)
            target_pointer = self.doc.ref_target(schema["$ref"], pointer_join(pointer, "$ref"))
            if not re.fullmatch(r"/components/schemas/[^/]+", target_pointer):
                self.r.unsupported(pointer_join(pointer, "$ref"), f"$ref to #{target_pointer}",
                                   "schemas may only reference #/components/schemas/<name>")
            return

        for key in schema:
            if key in SCHEMA_KEYWORDS or key in SCHEMA_ANNOTATIONS or key in SCHEMA_EXTENSIONS:
                continue
            if key.startswith("x-"):
                self.r.warning(pointer_join(pointer, key), f"unknown extension '{key}' ignored")
                continue
            self.r.unsupported(pointer_join(pointer, key), key, SCHEMA_HINTS.get(key, ""))
        self.check_extensions(schema, pointer)

        types = self.schema_types(schema, pointer)
        non_null = [t for t in types if t != "null"]
        kind = non_null[0] if non_null else None
        if kind is None:
            self.r.unsupported(pointer_join(pointer, "type"), "type: null", "a schema that is only null")
        for key in schema:
            applies = SCHEMA_KEYWORDS.get(key)
            if applies is not None and kind not in applies:
                self.r.error(pointer_join(pointer, key), f"keyword '{key}' does not apply to type {kind}")

        for key in ("minLength", "maxLength", "minItems", "maxItems"):
            if key in schema and (not _is_int(schema[key]) or schema[key] < 0):
                self.r.error(pointer_join(pointer, key), f"{key} must be a non-negative integer")
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in schema and not _is_number(schema[key]):
                self.r.error(pointer_join(pointer, key), f"{key} must be a number")
        if "pattern" in schema and not isinstance(schema["pattern"], str):
            self.r.error(pointer_join(pointer, "pattern"), "pattern must be a string")
        if "format" in schema:
            fmt = schema["format"]
            if not isinstance(fmt, str) or fmt not in FORMATS.get(kind, ()):
                allowed = ", ".join(FORMATS.get(kind, ())) or "none"
                self.r.unsupported(pointer_join(pointer, "format"), f"format: {fmt}",
                                   f"supported formats for {kind}: {allowed}")
        if "enum" in schema:
            values = schema["enum"]
            if not isinstance(values, list) or not values:
                self.r.error(pointer_join(pointer, "enum"), "enum must be a non-empty array")
            seen: set = set()
            for i, v in enumerate(values):
                at = pointer_join(pointer, "enum", i)
                if v is None:
                    if "null" not in types:
                        self.r.error(at, "null enum value, but the type does not include 'null'")
                    continue
                if not isinstance(v, str):
                    self.r.unsupported(at, "non-string enum value", f"{v!r}")
                if v in seen:
                    self.r.error(at, f"duplicate enum value '{v}'")
                seen.add(v)
            if not seen:
                self.r.error(pointer_join(pointer, "enum"), "enum has no string values")
            if "pattern" in schema or "minLength" in schema or "maxLength" in schema or "format" in schema:
                self.r.unsupported(pointer, "enum with pattern/length/format")

        if kind == "object":
            self.check_object(schema, pointer)
        if kind == "array":
            if "items" not in schema:
                self.r.error(pointer, "array without items")
            if isinstance(schema["items"], list):
                self.r.unsupported(pointer_join(pointer, "items"), "tuple items")
            self.check_schema(schema["items"], pointer_join(pointer, "items"))

    def check_extensions(self, schema: dict, pointer: str) -> None:
        if "x-cpp-name" in schema and not isinstance(schema["x-cpp-name"], str):
            self.r.error(pointer_join(pointer, "x-cpp-name"), "x-cpp-name must be a string")

    def schema_types(self, schema: dict, pointer: str) -> list[str]:
        if "type" not in schema:
            if "properties" in schema:
                return ["object"]
            if "enum" in schema and isinstance(schema["enum"], list) and all(
                    isinstance(v, str) for v in schema["enum"]):
                return ["string"]
            self.r.unsupported(pointer, "schema without type", "say which type the value has")
        t = schema["type"]
        types = [t] if isinstance(t, str) else t
        if not isinstance(types, list) or not types or not all(isinstance(x, str) for x in types):
            self.r.error(pointer_join(pointer, "type"), "type must be a string or an array of strings")
        for x in types:
            if x not in SCHEMA_TYPES:
                self.r.error(pointer_join(pointer, "type"), f"unknown type '{x}'")
        if len(set(types)) != len(types):
            self.r.error(pointer_join(pointer, "type"), "duplicate type in the type array")
        non_null = [x for x in types if x != "null"]
        if len(non_null) > 1:
            self.r.unsupported(pointer_join(pointer, "type"), f"type: [{', '.join(types)}]",
                               "only one type, optionally with 'null'")
        return types

    def check_object(self, schema: dict, pointer: str) -> None:
        props = schema.get("properties", {})
        if not isinstance(props, dict):
            self.r.error(pointer_join(pointer, "properties"), "properties must be an object")
        for name, prop in props.items():
            self.check_schema(prop, pointer_join(pointer, "properties", name))
        required = schema.get("required", [])
        if not isinstance(required, list) or not all(isinstance(x, str) for x in required):
            self.r.error(pointer_join(pointer, "required"), "required must be an array of strings")
        for i, name in enumerate(required):
            if name not in props:
                self.r.error(pointer_join(pointer, "required", i), f"required property '{name}' is not in properties")
        if len(set(required)) != len(required):
            self.r.error(pointer_join(pointer, "required"), "duplicate name in required")
        extra = schema.get("additionalProperties", True)
        if extra is not True and extra is not False and extra != {}:
            self.r.unsupported(pointer_join(pointer, "additionalProperties"), "additionalProperties with a schema",
                               "maps are not supported; use true (a free-form object) or false")


def check(document: Document) -> None:
    _Checker(document).check_root()
