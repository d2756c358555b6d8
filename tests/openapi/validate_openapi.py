#!/usr/bin/python3
"""Validate the RevRing OpenAPI description independently of the generator.

Two stages:

1. The document is checked against the official OpenAPI 3.1 JSON Schema
   (iteration 2022-10-07, vendored in openapi/schema/) with Debian's
   python3-jsonschema.  The "schema-base" variant is the root, so every Schema
   Object is also checked against the OAS 3.1 dialect (JSON Schema 2020-12 plus
   the OAS base vocabulary).  All $refs are resolved from the vendored files;
   nothing is fetched from the network.

2. Project invariants that the OAS schema cannot express: every operation has a
   unique operationId, every $ref is local and resolves, only the OpenAPI subset
   the generator supports is used, and the documented RevRing constraints are
   present (E.164 pattern on both Send Call numbers, agentId format uuid,
   callerIdName 1..15, skipQueue default false, batch-get ids 1..100, ...).

Usage:
    validate_openapi.py SPEC                 validate SPEC
    validate_openapi.py --self-check SPEC    validate SPEC, then check that
                                             deliberately broken copies of it
                                             are rejected by the right stage

Exit status: 0 valid, 1 invalid (or a self-check mutation was accepted),
2 usage or environment error.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

try:
    import yaml
    import jsonschema
    from jsonschema import Draft202012Validator, FormatChecker, RefResolver
except ImportError as exc:  # pragma: no cover - environment problem
    sys.stderr.write(
        f"validate_openapi: {exc}; run with /usr/bin/python3 "
        "(Debian python3-yaml and python3-jsonschema)\n")
    sys.exit(2)

DEFAULT_SCHEMA_DIR = Path(__file__).resolve().parents[2] / "openapi" / "schema"

# Vendored OAS 3.1 schema files and their SHA-256 (see openapi/schema/README.md).
# The digests make sure the independent validator is not loosened by accident:
# replacing a file is a deliberate change that updates both places.
SCHEMA_FILES = {
    "schema.json": "e7cb616a2a10849a166c4e4a93c62c56cfea02cc00eadf287e2fb875e7124098",
    "schema-base.json": "fec4b1da8f5682a3f918e8aa9beef6644d086ea4c1b472288653e2b100a5dfe3",
    "dialect/base.schema.json": "fa7d6a95f0f1a3cb08727d2a60e46ddbfa5a1f481b01305283b2ee16987cbb7a",
    "meta/base.schema.json": "261dc88cc4c92d7c9e7fc24344730fc9419fba0f386026803c4ca2aab48482bb",
}
ROOT_SCHEMA_ID = "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07"

E164_PATTERN = r"^\+[1-9]\d{1,14}$"

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
SCHEMA_TYPES = ("object", "array", "string", "integer", "number", "boolean")
SCHEMA_FORMATS = ("uuid", "date-time", "uri")
SCHEMA_KEYWORDS = frozenset({
    "type", "format", "enum", "properties", "required", "items", "minItems",
    "maxItems", "additionalProperties", "default", "pattern", "minLength",
    "maxLength", "description", "title", "$ref", "x-cpp-name",
})
OPERATION_KEYWORDS = frozenset({
    "operationId", "summary", "description", "parameters", "requestBody",
    "responses", "x-idempotent", "security",
})
JSON_MEDIA_TYPE = "application/json"
SCHEMA_REF_PREFIX = "#/components/schemas/"
CPP_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
OPERATION_ID = re.compile(r"^[a-z][A-Za-z0-9]*$")
RESPONSE_KEY = re.compile(r"^(default|[1-5][0-9][0-9]|[1-5]XX)$")


class SpecError(Exception):
    """The document cannot be loaded as JSON-compatible YAML."""


# --------------------------------------------------------------------------
# Loading


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate and non-string mapping keys."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode,
                       deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise SpecError(
                f"line {line}: mapping key {key!r} is a {type(key).__name__}, "
                "not a string (quote it, e.g. '200')")
        if key in result:
            raise SpecError(f"line {line}: duplicate mapping key {key!r}")
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _check_json_compatible(value: Any, where: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _check_json_compatible(item, f"{where}/{_escape(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_compatible(item, f"{where}/{index}")
    elif not (value is None or isinstance(value, (str, bool, int, float))):
        raise SpecError(
            f"at {where or '/'}: YAML produced a {type(value).__name__} "
            f"({value!r}), which JSON has no type for (quote it)")


def load_text(text: str) -> dict:
    try:
        doc = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise SpecError("the document is not a mapping")
    _check_json_compatible(doc, "")
    return doc


def load_spec(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read: {exc}") from exc
    return load_text(text)


# --------------------------------------------------------------------------
# Stage 1: the official OAS 3.1 JSON Schema


def _refuse_remote(url: str) -> Any:
    raise RuntimeError(
        f"refusing to fetch {url}: it is not among the vendored schemas in "
        "openapi/schema/ (this validator works offline)")


def load_oas_schemas(schema_dir: Path) -> dict[str, dict]:
    store: dict[str, dict] = {}
    for name, digest in SCHEMA_FILES.items():
        path = schema_dir / name
        try:
            raw = path.read_bytes()
            schema = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise SpecError(f"cannot load OAS schema {path}: {exc}") from exc
        if hashlib.sha256(raw).hexdigest() != digest:
            raise SpecError(f"{path} differs from the vendored OAS schema "
                            f"(expected SHA-256 {digest})")
        store[schema["$id"]] = schema
    if ROOT_SCHEMA_ID not in store:
        raise SpecError(f"{schema_dir}: no schema with $id {ROOT_SCHEMA_ID}")
    return store


class OasValidator:
    def __init__(self, store: dict[str, dict]):
        self._store = store
        root = store[ROOT_SCHEMA_ID]
        Draft202012Validator.check_schema(root)
        self._root = root

    def errors(self, doc: dict) -> list[str]:
        resolver = RefResolver(
            base_uri=ROOT_SCHEMA_ID, referrer=self._root, store=self._store,
            handlers={"http": _refuse_remote, "https": _refuse_remote})
        validator = Draft202012Validator(
            self._root, resolver=resolver, format_checker=FormatChecker())
        try:
            found = list(validator.iter_errors(doc))
        except jsonschema.RefResolutionError as exc:
            return [f"schema reference could not be resolved: {exc}"]
        if not found:
            return []
        # The OAS schema nests if/then/unevaluatedProperties, so one mistake
        # yields a cascade: the real error deep down, plus "Unevaluated
        # properties are not allowed" on every ancestor.  Report the leaves
        # and drop the cascade.
        leaves = {(tuple(leaf.absolute_path), leaf.message)
                  for error in found for leaf in _leaf_errors(error)}
        deepest = [
            (path, message) for path, message in leaves
            if not (message.startswith("Unevaluated properties") and any(
                len(other) > len(path) and other[:len(path)] == path
                for other, _ in leaves))
        ] or list(leaves)
        deepest.sort(key=lambda leaf: ([str(t) for t in leaf[0]], leaf[1]))
        lines = [f"at {_pointer(path)}: {_short(message)}" for path, message in deepest[:20]]
        if len(deepest) > 20:
            lines.append(f"... and {len(deepest) - 20} more")
        return lines


def _leaf_errors(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    if not error.context:
        yield error
        return
    for child in error.context:
        yield from _leaf_errors(child)


def _short(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else message[:limit] + "..."


def _escape(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _pointer(path: Any) -> str:
    return "/" + "/".join(_escape(token) for token in path) if path else "/"


# --------------------------------------------------------------------------
# Stage 2: project invariants


class Invariants:
    """Collects every broken project rule as 'where: what' strings."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.problems: list[str] = []
        components = doc.get("components")
        components = components if isinstance(components, dict) else {}
        schemas = components.get("schemas")
        self.schemas: dict = schemas if isinstance(schemas, dict) else {}

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    # -- helpers ----------------------------------------------------------

    def resolve(self, schema: Any, where: str) -> dict | None:
        """Follows local $refs; returns the target schema or None."""
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF_PREFIX):
                return None
            if ref in seen:
                self.fail(where, f"$ref cycle through {ref}")
                return None
            seen.add(ref)
            schema = self.schemas.get(ref[len(SCHEMA_REF_PREFIX):])
        return schema if isinstance(schema, dict) else None

    def operations(self) -> Iterator[tuple[str, str, str, dict]]:
        """Yields (section, path-or-name, method, operation)."""
        for section in ("paths", "webhooks"):
            items = self.doc.get(section)
            if not isinstance(items, dict):
                continue
            for key, item in items.items():
                if not isinstance(item, dict):
                    continue
                for method in HTTP_METHODS:
                    if isinstance(item.get(method), dict):
                        yield section, key, method, item[method]

    # -- checks -------------------------------------------------------------

    def run(self) -> list[str]:
        self.check_version()
        self.check_extensions(self.doc, "")
        self.check_refs(self.doc, "")
        self.check_operations()
        self.check_component_schemas()
        self.check_security()
        self.check_revring_contract()
        return self.problems

    def check_version(self) -> None:
        if self.doc.get("openapi") != "3.1.0":
            self.fail("/openapi", f"must be '3.1.0', found {self.doc.get('openapi')!r}")

    def check_extensions(self, node: Any, where: str) -> None:
        """Only x-cpp-name and x-idempotent are understood by the generator."""
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{where}/{_escape(key)}"
                if key.startswith("x-") and key not in ("x-cpp-name", "x-idempotent"):
                    self.fail(here, "unknown extension (the generator understands "
                                    "only x-cpp-name and x-idempotent)")
                self.check_extensions(value, here)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.check_extensions(value, f"{where}/{index}")

    def check_refs(self, node: Any, where: str) -> None:
        """Every $ref is a local component-schema reference that resolves."""
        if isinstance(node, dict):
            if "$ref" in node:
                ref = node["$ref"]
                if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF_PREFIX):
                    self.fail(where, f"$ref {ref!r} is not of the form "
                                     f"'{SCHEMA_REF_PREFIX}<Name>'")
                elif ref[len(SCHEMA_REF_PREFIX):] not in self.schemas:
                    self.fail(where, f"$ref {ref!r} does not resolve")
                extra = sorted(set(node) - {"$ref", "description"})
                if extra:
                    self.fail(where, f"$ref has sibling keywords {extra} "
                                     "(only description is allowed)")
            for key, value in node.items():
                if key != "$ref":
                    self.check_refs(value, f"{where}/{_escape(key)}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.check_refs(value, f"{where}/{index}")

    def check_operations(self) -> None:
        ids: dict[str, str] = {}
        for section, key, method, op in self.operations():
            where = f"/{section}/{_escape(key)}/{method}"
            op_id = op.get("operationId")
            if not isinstance(op_id, str) or not op_id:
                self.fail(where, "operation has no operationId")
            elif not OPERATION_ID.match(op_id):
                self.fail(where, f"operationId {op_id!r} is not lowerCamelCase ASCII")
            elif op_id in ids:
                self.fail(where, f"operationId {op_id!r} is also used at {ids[op_id]}")
            else:
                ids[op_id] = where
            for extra in sorted(set(op) - OPERATION_KEYWORDS):
                self.fail(f"{where}/{_escape(extra)}",
                          "keyword outside the generator's subset")
            if "x-idempotent" in op and not isinstance(op["x-idempotent"], bool):
                self.fail(f"{where}/x-idempotent", "must be true or false")
            self.check_parameters(section, key, where, op)
            self.check_request_body(where, op)
            self.check_responses(section, where, op)
        for section in ("paths", "webhooks"):
            items = self.doc.get(section)
            if not isinstance(items, dict):
                continue
            for key, item in items.items():
                if not isinstance(item, dict):
                    continue
                for extra in sorted(set(item) - set(HTTP_METHODS) - {"summary", "description"}):
                    self.fail(f"/{section}/{_escape(key)}/{_escape(extra)}",
                              "path-item keyword outside the generator's subset "
                              "(declare parameters on the operation)")

    def check_parameters(self, section: str, key: str, where: str, op: dict) -> None:
        params = op.get("parameters", [])
        declared: list[str] = []
        for index, param in enumerate(params if isinstance(params, list) else []):
            here = f"{where}/parameters/{index}"
            if not isinstance(param, dict):
                continue
            if param.get("in") != "path":
                self.fail(here, f"parameter in {param.get('in')!r}: only path "
                                "parameters are supported")
                continue
            if param.get("required") is not True:
                self.fail(here, "path parameter must have required: true")
            if "schema" not in param:
                self.fail(here, "path parameter needs a schema")
            else:
                self.check_schema(param["schema"], f"{here}/schema")
            declared.append(param.get("name"))
        if section == "paths":
            template = re.findall(r"\{([^}]*)\}", key)
            if sorted(template) != sorted(declared):
                self.fail(where, f"path template parameters {template} do not match "
                                 f"the declared path parameters {declared}")

    def check_request_body(self, where: str, op: dict) -> None:
        body = op.get("requestBody")
        if body is None:
            return
        here = f"{where}/requestBody"
        content = body.get("content", {}) if isinstance(body, dict) else {}
        if set(content) != {JSON_MEDIA_TYPE}:
            self.fail(here, f"content must be exactly {JSON_MEDIA_TYPE}, found {sorted(content)}")
        media = content.get(JSON_MEDIA_TYPE)
        if not isinstance(media, dict) or "schema" not in media:
            self.fail(here, f"{JSON_MEDIA_TYPE} body has no schema")
        else:
            self.check_schema(media["schema"], f"{here}/content/application~1json/schema")

    def check_responses(self, section: str, where: str, op: dict) -> None:
        responses = op.get("responses")
        if not isinstance(responses, dict):
            self.fail(where, "operation has no responses")
            return
        success = False
        for code, response in responses.items():
            here = f"{where}/responses/{_escape(code)}"
            if not RESPONSE_KEY.match(code):
                self.fail(here, "response key must be default, a status code or NXX")
                continue
            if code.startswith("2"):
                success = True
            content = response.get("content", {}) if isinstance(response, dict) else {}
            if set(content) - {JSON_MEDIA_TYPE}:
                self.fail(here, f"only {JSON_MEDIA_TYPE} response bodies are supported")
            media = content.get(JSON_MEDIA_TYPE)
            if isinstance(media, dict) and "schema" in media:
                self.check_schema(media["schema"], f"{here}/content/application~1json/schema")
        if not success:
            self.fail(where, "operation has no 2xx response")
        if section == "paths":
            default = responses.get("default")
            schema = None
            if isinstance(default, dict):
                schema = default.get("content", {}).get(JSON_MEDIA_TYPE, {}).get("schema")
            if schema != {"$ref": SCHEMA_REF_PREFIX + "ErrorBody"}:
                self.fail(f"{where}/responses",
                          "default response must have an application/json ErrorBody body")
            for code, response in responses.items():
                if code.startswith("2") and not (
                        isinstance(response, dict)
                        and "schema" in response.get("content", {}).get(JSON_MEDIA_TYPE, {})):
                    self.fail(f"{where}/responses/{code}",
                              "success response needs an application/json schema")

    def check_component_schemas(self) -> None:
        for name, schema in self.schemas.items():
            where = f"/components/schemas/{_escape(name)}"
            if not CPP_IDENTIFIER.match(name):
                self.fail(where, "component name is not a valid C++ identifier")
            self.check_schema(schema, where)

    def check_schema(self, schema: Any, where: str) -> None:
        """The schema uses only the subset the generator supports."""
        if not isinstance(schema, dict):
            self.fail(where, "schema must be an object (boolean schemas are not supported)")
            return
        for extra in sorted(set(schema) - SCHEMA_KEYWORDS):
            self.fail(f"{where}/{_escape(extra)}", "schema keyword outside the generator's subset")
        if "x-cpp-name" in schema:
            cpp = schema["x-cpp-name"]
            if not isinstance(cpp, str) or not CPP_IDENTIFIER.match(cpp):
                self.fail(f"{where}/x-cpp-name", "must be a valid C++ identifier")
        if "$ref" in schema:
            return  # checked by check_refs; the target is checked on its own
        types = schema.get("type")
        if isinstance(types, list):
            if len(types) != 2 or "null" not in types or types[0] == types[1]:
                self.fail(f"{where}/type", "a type list must be [X, \"null\"]")
                return
            base = types[0] if types[1] == "null" else types[1]
        else:
            base = types
        if base not in SCHEMA_TYPES:
            self.fail(f"{where}/type", f"type {types!r} is not one of {list(SCHEMA_TYPES)}"
                                        " (optionally with \"null\")")
            return
        kind_rules = {
            "format": ("string",), "pattern": ("string",), "minLength": ("string",),
            "maxLength": ("string",), "enum": ("string",), "items": ("array",),
            "minItems": ("array",), "maxItems": ("array",), "properties": ("object",),
            "required": ("object",), "additionalProperties": ("object",),
        }
        for keyword, allowed in kind_rules.items():
            if keyword in schema and base not in allowed:
                self.fail(f"{where}/{keyword}", f"not supported on type {base}")
        if "format" in schema and schema["format"] not in SCHEMA_FORMATS:
            self.fail(f"{where}/format", f"format {schema['format']!r} is not one of "
                                         f"{list(SCHEMA_FORMATS)}")
        if "enum" in schema:
            values = schema["enum"]
            if (not isinstance(values, list) or not values
                    or not all(isinstance(v, str) and v for v in values)
                    or len(set(values)) != len(values)):
                self.fail(f"{where}/enum", "enum must list distinct non-empty strings")
        for low, high in (("minLength", "maxLength"), ("minItems", "maxItems")):
            if low in schema and high in schema and schema[low] > schema[high]:
                self.fail(where, f"{low} {schema[low]} is greater than {high} {schema[high]}")
        if "additionalProperties" in schema and schema["additionalProperties"] is not True:
            self.fail(f"{where}/additionalProperties",
                      "only additionalProperties: true (free-form object) is supported")
        if "default" in schema:
            self.check_default(schema["default"], base, f"{where}/default")
        if base == "array":
            if "items" not in schema:
                self.fail(where, "array schema needs items")
            else:
                self.check_schema(schema["items"], f"{where}/items")
        if base == "object":
            props = schema.get("properties", {})
            if not isinstance(props, dict):
                self.fail(f"{where}/properties", "must be a mapping")
                props = {}
            required = schema.get("required", [])
            for name in required if isinstance(required, list) else []:
                if name not in props:
                    self.fail(f"{where}/required", f"{name!r} is required but not a property")
            if isinstance(required, list) and len(set(required)) != len(required):
                self.fail(f"{where}/required", "lists a property twice")
            if props and schema.get("additionalProperties") is True:
                self.fail(where, "an object with properties cannot also be free-form")
            for name, prop in props.items():
                self.check_schema(prop, f"{where}/properties/{_escape(name)}")

    def check_default(self, value: Any, base: str, where: str) -> None:
        expected = {
            "boolean": lambda v: isinstance(v, bool),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "string": lambda v: isinstance(v, str),
        }.get(base)
        if expected is None:
            self.fail(where, f"defaults are supported on scalar types only, not {base}")
        elif not expected(value):
            self.fail(where, f"default {value!r} is not a {base}")

    def check_security(self) -> None:
        schemes = self.doc.get("components", {}).get("securitySchemes", {})
        if schemes.get("apiKey", {}) != {
                **schemes.get("apiKey", {}), "type": "apiKey", "in": "header", "name": "x-api-key"}:
            self.fail("/components/securitySchemes/apiKey",
                      "must be {type: apiKey, in: header, name: x-api-key}")
        if self.doc.get("security") != [{"apiKey": []}]:
            self.fail("/security", "the apiKey scheme must apply globally: [{apiKey: []}]")

    # -- the RevRing calls contract --------------------------------------------

    def operation(self, path: str, method: str, op_id: str) -> dict | None:
        op = self.doc.get("paths", {}).get(path, {}).get(method)
        where = f"/paths/{_escape(path)}/{method}"
        if not isinstance(op, dict):
            self.fail(where, f"missing operation {op_id}")
            return None
        if op.get("operationId") != op_id:
            self.fail(where, f"operationId must be {op_id!r}")
        return op

    def body_schema(self, op: dict | None, where: str) -> dict | None:
        if op is None:
            return None
        body = op.get("requestBody", {})
        if body.get("required") is not True:
            self.fail(f"{where}/requestBody", "request body must be required")
        schema = body.get("content", {}).get(JSON_MEDIA_TYPE, {}).get("schema")
        return self.resolve(schema, where)

    def prop(self, schema: dict | None, name: str, where: str) -> dict:
        props = schema.get("properties", {}) if schema else {}
        if name not in props:
            self.fail(where, f"property {name!r} is missing")
            return {}
        return self.resolve(props[name], f"{where}/properties/{name}") or {}

    def expect(self, schema: dict, keyword: str, value: Any, where: str) -> None:
        actual = schema.get(keyword, "<absent>")
        # bool is an int in Python: compare types too, so default 0 != false.
        if actual != value or type(actual) is not type(value):
            self.fail(where, f"{keyword} must be {value!r}, found {actual!r}")

    def check_revring_contract(self) -> None:
        send = self.operation("/calls", "post", "sendCall")
        get = self.operation("/calls/{id}", "get", "getCall")
        batch = self.operation("/calls/batch-get", "post", "batchGetCalls")
        cancel = self.operation("/calls/{id}/cancel", "post", "cancelCall")

        for op, where in ((get, "/paths/~1calls~1{id}/get"),
                          (cancel, "/paths/~1calls~1{id}~1cancel/post")):
            if op is None:
                continue
            params = [p for p in op.get("parameters", []) if isinstance(p, dict)]
            id_param = next((p for p in params if p.get("name") == "id"), None)
            schema = self.resolve(id_param.get("schema"), where) if id_param else None
            if not schema or schema.get("type") != "string" or schema.get("format") != "uuid":
                self.fail(where, "path parameter id must be a string with format uuid")
        if cancel is not None and "requestBody" in cancel:
            self.fail("/paths/~1calls~1{id}~1cancel/post", "cancelCall takes no request body")
        if send is not None and "429" not in send.get("responses", {}):
            self.fail("/paths/~1calls/post/responses",
                      "the documented 429 (concurrency limit with skipQueue) is missing")
        if send is not None and send.get("x-idempotent") is True:
            self.fail("/paths/~1calls/post", "sendCall places a billed call: it must not "
                                              "be marked x-idempotent")

        # Send Call body.
        where = "SendCallRequest"
        body = self.body_schema(send, "/paths/~1calls/post")
        if body is not None:
            required = set(body.get("required", []))
            if required != {"agentId", "toNumber", "fromNumber"}:
                self.fail(where, "required must be exactly agentId, toNumber, fromNumber, "
                                 f"found {sorted(required)}")
            agent = self.prop(body, "agentId", where)
            self.expect(agent, "type", "string", f"{where}.agentId")
            self.expect(agent, "format", "uuid", f"{where}.agentId")
            for name in ("toNumber", "fromNumber"):
                number = self.prop(body, name, where)
                self.expect(number, "type", "string", f"{where}.{name}")
                self.expect(number, "pattern", E164_PATTERN, f"{where}.{name}")
            caller = self.prop(body, "callerIdName", where)
            self.expect(caller, "type", "string", f"{where}.callerIdName")
            self.expect(caller, "minLength", 1, f"{where}.callerIdName")
            self.expect(caller, "maxLength", 15, f"{where}.callerIdName")
            skip = self.prop(body, "skipQueue", where)
            self.expect(skip, "type", "boolean", f"{where}.skipQueue")
            self.expect(skip, "default", False, f"{where}.skipQueue")
            variables = self.prop(body, "variables", where)
            self.expect(variables, "type", "object", f"{where}.variables")
            self.expect(variables, "additionalProperties", True, f"{where}.variables")
        elif send is not None:
            self.fail(where, "sendCall has no resolvable request body schema")

        # Batch Get Calls body.
        where = "BatchGetCallsRequest"
        body = self.body_schema(batch, "/paths/~1calls~1batch-get/post")
        if body is not None:
            if body.get("required") != ["ids"]:
                self.fail(where, f"required must be ['ids'], found {body.get('required')!r}")
            ids = self.prop(body, "ids", where)
            self.expect(ids, "type", "array", f"{where}.ids")
            self.expect(ids, "minItems", 1, f"{where}.ids")
            self.expect(ids, "maxItems", 100, f"{where}.ids")
            item = self.resolve(ids.get("items"), f"{where}.ids") or {}
            self.expect(item, "format", "uuid", f"{where}.ids.items")
            minimal = self.prop(body, "minimal", where)
            self.expect(minimal, "type", "boolean", f"{where}.minimal")
            self.expect(minimal, "default", False, f"{where}.minimal")
        elif batch is not None:
            self.fail(where, "batchGetCalls has no resolvable request body schema")

        # Response envelopes and the call record.
        record_ref = {"$ref": SCHEMA_REF_PREFIX + "CallRecord"}
        for op, envelope in ((send, "SendCallResponse"), (get, "GetCallResponse"),
                             (cancel, "CancelCallResponse"), (batch, "BatchGetCallsResponse")):
            if op is None:
                continue
            success = op.get("responses", {}).get("200", {})
            schema = success.get("content", {}).get(JSON_MEDIA_TYPE, {}).get("schema")
            if schema != {"$ref": SCHEMA_REF_PREFIX + envelope}:
                self.fail(f"{op.get('operationId')}", f"success body must be $ref {envelope}")
            target = self.schemas.get(envelope)
            if not isinstance(target, dict):
                self.fail(envelope, "component schema is missing")
                continue
            if target.get("required") != ["data"]:
                self.fail(envelope, "data must be required")
            data = target.get("properties", {}).get("data", {})
            if envelope == "BatchGetCallsResponse":
                ok = data.get("type") == "array" and data.get("items") == record_ref
            else:
                ok = data.get("$ref") == record_ref["$ref"]
            if not ok:
                self.fail(envelope, "data must be a CallRecord"
                          + (" array" if envelope == "BatchGetCallsResponse" else ""))
        record = self.schemas.get("CallRecord")
        if not isinstance(record, dict):
            self.fail("CallRecord", "component schema is missing")
        else:
            if record.get("required") != ["id"]:
                self.fail("CallRecord", "only id may be required")
            self.expect(self.prop(record, "id", "CallRecord"), "format", "uuid", "CallRecord.id")
        error = self.schemas.get("ErrorBody")
        if error != {**(error or {}), "type": "object", "additionalProperties": True} \
                or "properties" in (error or {}):
            self.fail("ErrorBody", "must be a free-form object (type object, "
                                   "additionalProperties true, no properties)")
        for name in ("preCall", "postCall"):
            if not isinstance(self.doc.get("webhooks", {}).get(name, {}).get("post"), dict):
                self.fail(f"/webhooks/{name}", "webhook is missing")


# --------------------------------------------------------------------------
# Driver


class Checker:
    def __init__(self, schema_dir: Path):
        self.oas = OasValidator(load_oas_schemas(schema_dir))

    def check(self, doc: dict) -> tuple[list[str], list[str]]:
        """Returns (OAS schema problems, project invariant problems)."""
        # Validate a JSON round trip: what JSON tools would see.
        doc = json.loads(json.dumps(doc))
        return self.oas.errors(doc), Invariants(doc).run()


def _describe(doc: dict) -> str:
    inv = Invariants(doc)
    ops = sum(1 for section, *_ in inv.operations() if section == "paths")
    hooks = sum(1 for section, *_ in inv.operations() if section == "webhooks")
    return f"{ops} operations, {hooks} webhooks, {len(inv.schemas)} component schemas"


# Each mutation breaks one rule; `stage` says which stage must reject it and
# `needle` is a text the rejection must contain (so the right rule fired).
Mutation = tuple[str, str, str, Callable[[dict], None]]


def _schemas(doc: dict) -> dict:
    return doc["components"]["schemas"]


def _send_props(doc: dict) -> dict:
    return _schemas(doc)["SendCallRequest"]["properties"]


def _mutations() -> list[Mutation]:
    def delete(container_of: Callable[[dict], dict], key: str) -> Callable[[dict], None]:
        return lambda doc: container_of(doc).pop(key)

    def assign(container_of: Callable[[dict], dict], key: str, value: Any) -> Callable[[dict], None]:
        return lambda doc: container_of(doc).__setitem__(key, value)

    send_op = lambda doc: doc["paths"]["/calls"]["post"]  # noqa: E731
    return [
        ("no info object", "oas", "'info' is a required property",
         delete(lambda d: d, "info")),
        ("response without description", "oas", "'description' is a required property",
         delete(lambda d: send_op(d)["responses"]["200"], "description")),
        ("misspelled operation keyword", "oas", "'operationID' was unexpected",
         lambda d: send_op(d).__setitem__("operationID", "x")),
        ("schema object with an invalid type (OAS dialect check)", "oas", "'nul' is not one of",
         assign(lambda d: _schemas(d)["CallRecord"]["properties"]["durationSeconds"],
                "type", ["integer", "nul"])),
        ("negative minLength (OAS dialect check)", "oas", "-1 is less than the minimum of 0",
         assign(lambda d: _schemas(d)["CallerIdName"], "minLength", -1)),
        ("pattern that is not a regular expression", "oas", "is not a 'regex'",
         assign(lambda d: _schemas(d)["E164Number"], "pattern", "^\\+[1-9")),
        ("security scheme without name", "oas", "'name' is a required property",
         delete(lambda d: d["components"]["securitySchemes"]["apiKey"], "name")),
        ("E164Number without pattern", "invariant", "SendCallRequest.toNumber: pattern",
         delete(lambda d: _schemas(d)["E164Number"], "pattern")),
        ("weaker E.164 pattern", "invariant", "SendCallRequest.fromNumber: pattern",
         assign(lambda d: _schemas(d)["E164Number"], "pattern", "^\\+[0-9]+$")),
        ("fromNumber as a plain string", "invariant", "SendCallRequest.fromNumber: pattern",
         assign(_send_props, "fromNumber", {"type": "string"})),
        ("agentId without format uuid", "invariant", "SendCallRequest.agentId: format",
         delete(lambda d: _send_props(d)["agentId"], "format")),
        ("callerIdName maxLength 16", "invariant", "SendCallRequest.callerIdName: maxLength",
         assign(lambda d: _schemas(d)["CallerIdName"], "maxLength", 16)),
        ("callerIdName without minLength", "invariant", "SendCallRequest.callerIdName: minLength",
         delete(lambda d: _schemas(d)["CallerIdName"], "minLength")),
        ("skipQueue default true", "invariant", "SendCallRequest.skipQueue: default",
         assign(lambda d: _send_props(d)["skipQueue"], "default", True)),
        ("skipQueue required", "invariant", "required must be exactly",
         lambda d: _schemas(d)["SendCallRequest"]["required"].append("skipQueue")),
        ("batch-get ids maxItems 1000", "invariant", "BatchGetCallsRequest.ids: maxItems",
         assign(lambda d: _schemas(d)["BatchGetCallsRequest"]["properties"]["ids"],
                "maxItems", 1000)),
        ("batch-get ids minItems 0", "invariant", "BatchGetCallsRequest.ids: minItems",
         assign(lambda d: _schemas(d)["BatchGetCallsRequest"]["properties"]["ids"],
                "minItems", 0)),
        ("operation without operationId", "invariant", "operation has no operationId",
         delete(lambda d: d["paths"]["/calls/{id}"]["get"], "operationId")),
        ("duplicate operationId", "invariant", "is also used at",
         assign(lambda d: d["paths"]["/calls/{id}/cancel"]["post"], "operationId", "getCall")),
        ("dangling $ref", "invariant", "does not resolve",
         assign(lambda d: _schemas(d)["CallRecord"]["properties"], "status",
                {"$ref": "#/components/schemas/CallStatuz"})),
        ("remote $ref", "invariant", "is not of the form",
         assign(lambda d: _schemas(d)["CallRecord"]["properties"], "status",
                {"$ref": "https://example.invalid/schema.json"})),
        ("$ref with a sibling keyword", "invariant", "sibling keywords",
         assign(lambda d: _send_props(d)["toNumber"], "maxLength", 16)),
        ("oneOf (outside the generator subset)", "invariant", "outside the generator's subset",
         assign(lambda d: _schemas(d)["CallRecord"]["properties"], "summary",
                {"oneOf": [{"type": "string"}, {"type": "null"}]})),
        ("typed additionalProperties", "invariant", "only additionalProperties: true",
         assign(lambda d: _send_props(d)["variables"], "additionalProperties",
                {"type": "string"})),
        ("query parameter", "invariant", "only path parameters",
         lambda d: d["paths"]["/calls/{id}"]["get"]["parameters"].append(
             {"name": "minimal", "in": "query", "schema": {"type": "boolean"}})),
        ("unknown extension", "invariant", "unknown extension",
         assign(send_op, "x-retry", True)),
        ("sendCall marked idempotent", "invariant", "must not be marked x-idempotent",
         assign(send_op, "x-idempotent", True)),
        ("operation without the ErrorBody default", "invariant", "default response",
         delete(lambda d: send_op(d)["responses"], "default")),
        ("CallRecord with another required field", "invariant", "only id may be required",
         lambda d: _schemas(d)["CallRecord"]["required"].append("status")),
        ("ErrorBody with invented fields", "invariant", "ErrorBody: must be a free-form object",
         assign(lambda d: _schemas(d), "ErrorBody",
                {"type": "object", "properties": {"message": {"type": "string"}}})),
        ("API key in a query parameter", "invariant", "securitySchemes/apiKey",
         assign(lambda d: d["components"]["securitySchemes"]["apiKey"], "in", "query")),
        ("missing 429 on sendCall", "invariant", "429",
         delete(lambda d: send_op(d)["responses"], "429")),
    ]


# YAML-level mistakes the loader must reject.
_BAD_YAML = (
    ("duplicate key", "a: 1\na: 2\n", "duplicate mapping key"),
    ("unquoted status code", "responses:\n  200: {}\n", "not a string"),
    ("timestamp value", "date: 2024-01-01\n", "JSON has no type"),
)


def self_check(checker: Checker, doc: dict) -> list[str]:
    failures = []
    for label, stage, needle, mutate in _mutations():
        broken = copy.deepcopy(doc)
        try:
            mutate(broken)
        except (KeyError, IndexError, TypeError) as exc:
            failures.append(f"mutation '{label}' does not apply to this document ({exc!r})")
            continue
        oas_errors, invariant_errors = checker.check(broken)
        found = oas_errors if stage == "oas" else invariant_errors
        text = "\n".join(found)
        if not found:
            failures.append(f"mutation '{label}' was accepted by the {stage} stage")
        elif needle not in text:
            failures.append(f"mutation '{label}' was rejected by the {stage} stage, but "
                            f"not for the expected reason ({needle!r}):\n{text}")
    for label, text, needle in _BAD_YAML:
        try:
            load_text(text)
            failures.append(f"YAML with a {label} was accepted")
        except SpecError as exc:
            if needle not in str(exc):
                failures.append(f"YAML with a {label} was rejected for another reason: {exc}")
    return failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="OpenAPI document (YAML)")
    parser.add_argument("--schema-dir", type=Path, default=DEFAULT_SCHEMA_DIR,
                        help="folder of the vendored OAS 3.1 JSON Schemas "
                             "(default: %(default)s)")
    parser.add_argument("--self-check", action="store_true",
                        help="also check that broken copies of SPEC are rejected")
    args = parser.parse_args(argv)

    try:
        checker = Checker(args.schema_dir)
    except (SpecError, jsonschema.SchemaError) as exc:
        print(f"validate_openapi: {exc}", file=sys.stderr)
        return 2
    try:
        doc = load_spec(args.spec)
    except SpecError as exc:
        print(f"{args.spec}: {exc}", file=sys.stderr)
        return 1

    oas_errors, invariant_errors = checker.check(doc)
    for line in oas_errors:
        print(f"{args.spec}: OAS 3.1 schema: {line}", file=sys.stderr)
    for line in invariant_errors:
        print(f"{args.spec}: invariant: {line}", file=sys.stderr)
    if oas_errors or invariant_errors:
        print(f"{args.spec}: INVALID ({len(oas_errors)} OAS schema error(s), "
              f"{len(invariant_errors)} invariant error(s))", file=sys.stderr)
        return 1
    print(f"{args.spec}: valid OpenAPI 3.1 (OAS schema 2022-10-07 with the OAS dialect), "
          f"project invariants hold; {_describe(doc)}")

    if args.self_check:
        failures = self_check(checker, doc)
        total = len(_mutations()) + len(_BAD_YAML)
        for line in failures:
            print(f"self-check: {line}", file=sys.stderr)
        print(f"self-check: {total - len(failures)} passed, {len(failures)} failed "
              f"(broken copies that must be rejected)")
        if failures:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
