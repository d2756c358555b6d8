"""Stage 2: the checked document -> the frozen model (model.py).

What happens here:
- every component schema becomes a named C++ type: a struct (object with
  properties), an enum (string enum), a rule + alias (constrained string) or
  an alias (anything else, e.g. `using ErrorBody = revring::json_object;`);
- inline objects, enums and constrained strings get names from their parent
  and property (`CallRecord` + `metrics` -> `CallRecordMetrics`, array items
  add `Item`); operation bodies without a component name become
  `<OperationId>Request` / `<OperationId>Response`;
- `$ref` cycles are an error (recursive schemas cannot be value types);
- structs reachable from request bodies (and webhook responses, which the
  user sends) are "request side": their required members of
  default-constructible type become `revring::required<T>`;
- patterns are compiled to DFAs (regex.py), capacities derived;
- all identifiers go through names.py and all collisions are errors naming
  both spec names; all spec text goes through cppstr.py.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Optional

from . import names
from .cppstr import (comment_lines, double_literal, int_literal, json_key_literal, json_text,
                     string_literal, string_view_expr)
from .diagnostics import Reporter, pointer_escape, pointer_join
from .loader import Document
from .model import (Alias, Declaration, DfaTables, Enum, Enumerator, Member, Model, Operation,
                    PathParam, Rule, Struct, Webhook)
from .regex import RegexError, compile_pattern
from .subset import HTTP_METHODS

BOOST_DESCRIBE_MAX_MEMBERS = 52
MAX_INLINE_CAPACITY = 16384
# Components that may be in the middle of being lowered at once (A refers to
# B refers to C ...): the lowering recurses through them, so a longer chain
# would exhaust Python's stack (a chain of 400 $ref aliases did).
MAX_REF_DEPTH = 64
METHOD_ENUM = {"get": "get", "put": "put", "post": "post", "delete": "del", "patch": "patch", "head": "head"}
IDEMPOTENT_METHODS = {"get", "head", "put", "delete"}
# Namespace-scope names the generated code itself uses.
NAMESPACE_RESERVED = frozenset(["basic_operations", "gen_detail", "encode", "decode", "validate"])
# Function parameter names of the generated client methods.
PARAM_RESERVED = frozenset(["body", "opts", "token"])
# Allowed in a path template outside {parameters} (RFC 3986 pchar and '/').
PATH_LITERAL = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*\Z")


@dataclasses.dataclass(frozen=True)
class _Ty:
    """A type as used somewhere (without the optional/required wrapper)."""

    cpp: str
    kind: str  # string integer number boolean uuid date_time constrained enum struct object array
    nullable: bool = False
    default_constructible: bool = True
    dc_struct: Optional[str] = None  # default constructibility follows this struct
    deps: tuple[str, ...] = ()  # named struct/alias declarations the type needs
    item: Optional["_Ty"] = None  # arrays
    min_items: Optional[int] = None
    max_items: Optional[int] = None
    bounds: tuple[tuple[str, Any], ...] = ()  # (keyword, value) for numbers
    type_text: str = ""  # name used in validation messages


@dataclasses.dataclass
class _MemberDraft:
    name: str
    json_name: str
    ty: _Ty
    required: bool
    comment: tuple[str, ...]
    pointer: str


@dataclasses.dataclass
class _StructDraft:
    name: str
    comment: tuple[str, ...]
    pointer: str
    members: list[_MemberDraft] = dataclasses.field(default_factory=list)
    deps: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class _AliasDraft:
    name: str
    ty: _Ty
    comment: tuple[str, ...]
    pointer: str


def _schema_types(schema: dict) -> list[str]:
    if "type" in schema:
        t = schema["type"]
        return [t] if isinstance(t, str) else list(t)
    if "properties" in schema:
        return ["object"]
    return ["string"]  # enum of strings (checked by subset.py)


def _description(schema: dict) -> str:
    text = schema.get("description") or schema.get("title") or ""
    return text if isinstance(text, str) else ""


def _is_constrained(schema: dict) -> bool:
    return any(k in schema for k in ("pattern", "minLength", "maxLength"))


def _rows(values: list[str], per_row: int) -> tuple[str, ...]:
    return tuple(", ".join(values[i:i + per_row]) for i in range(0, len(values), per_row))


class _Lowerer:
    def __init__(self, document: Document, namespace: str, include_prefix: str):
        self.doc = document
        self.r: Reporter = document.reporter
        self.namespace = namespace
        self.include_prefix = include_prefix
        self.scope = names.NameScope("name")
        for reserved in sorted(NAMESPACE_RESERVED):
            self.scope.add(reserved, f"(generated) {reserved}", "")
        self.components: dict[str, _Ty] = {}
        self.inline: dict[str, _Ty] = {}  # pointer -> type of an inline named schema
        self.in_progress: list[str] = []
        self.rules: list[Rule] = []
        self.enums: list[Enum] = []
        self.decls: dict[str, Any] = {}  # name -> _StructDraft | _AliasDraft, registration order
        self.request_roots: list[_Ty] = []

    # -- names ----------------------------------------------------------
    def claim(self, identifier: str, spec_name: str, pointer: str) -> str:
        problem = self.scope.add(identifier, spec_name, pointer)
        if problem:
            self.r.error(pointer, problem)
        return identifier

    def type_name_for(self, spec_name: str, schema: Any, pointer: str) -> str:
        if isinstance(schema, dict) and "x-cpp-name" in schema:
            try:
                return names.explicit_name(schema["x-cpp-name"], NAMESPACE_RESERVED)
            except names.NameError_ as exc:
                self.r.error(pointer_join(pointer, "x-cpp-name"), str(exc))
        try:
            return names.type_name(spec_name, NAMESPACE_RESERVED)
        except names.NameError_ as exc:
            self.r.error(pointer, f"cannot make a C++ type name from '{spec_name}': {exc}; set x-cpp-name")

    def hint(self, parent: str, spec_name: str, fallback: str) -> str:
        try:
            return parent + names.type_name(spec_name)
        except names.NameError_:
            return parent + fallback

    # -- schemas --------------------------------------------------------
    def component(self, name: str, ref_pointer: str) -> _Ty:
        pointer = pointer_join("/components/schemas", name)
        if pointer in self.components:
            return self.components[pointer]
        if pointer in self.in_progress:
            cycle = self.in_progress[self.in_progress.index(pointer):] + [pointer]
            chain = " -> ".join("#" + p for p in cycle)
            self.r.error(ref_pointer, f"$ref cycle: {chain} (recursive schemas are not supported)")
        if len(self.in_progress) >= MAX_REF_DEPTH:
            chain = " -> ".join("#" + p for p in self.in_progress[:2] + ["..."] + self.in_progress[-1:] + [pointer])
            self.r.error(ref_pointer, f"$ref chain deeper than {MAX_REF_DEPTH} schemas: {chain.replace('#...', '...')}")
        self.in_progress.append(pointer)
        schema = self.doc.get(pointer)
        ty = self.named(schema, pointer, self.type_name_for(name, schema, pointer), name)
        self.in_progress.pop()
        self.components[pointer] = ty
        return ty

    def use(self, schema: dict, pointer: str, hint: str) -> _Ty:
        """The type of a schema at a use site (property, items, body, parameter)."""
        if "$ref" in schema:
            target = self.doc.ref_target(schema["$ref"], pointer_join(pointer, "$ref"))
            token = target[len("/components/schemas/"):]
            return self.component(token.replace("~1", "/").replace("~0", "~"), pointer_join(pointer, "$ref"))
        types = _schema_types(schema)
        kind = next(t for t in types if t != "null")
        if (kind == "object" and schema.get("properties")) or "enum" in schema or (
                kind == "string" and _is_constrained(schema)):
            # One type per schema: an inline schema reached twice (a shared
            # components/requestBodies entry) keeps the name it got first.
            if pointer not in self.inline:
                self.inline[pointer] = self.named(schema, pointer, hint,
                                                  f"{hint} (the name made for this inline schema)")
            return self.inline[pointer]
        return self.anonymous(schema, pointer, hint)

    def named(self, schema: dict, pointer: str, cpp_name: str, spec_name: str) -> _Ty:
        """Declares the type `cpp_name` for `schema` and returns its use."""
        comment = comment_lines(_description(schema))
        if "$ref" in schema:  # a component that is only a reference: an alias
            target = self.use(schema, pointer, cpp_name)
            self.claim(cpp_name, spec_name, pointer)
            self.decls[cpp_name] = _AliasDraft(cpp_name, target, comment, pointer)
            return dataclasses.replace(target, cpp=cpp_name, deps=(cpp_name,))
        types = _schema_types(schema)
        nullable = "null" in types
        kind = next(t for t in types if t != "null")
        if kind == "object" and schema.get("properties"):
            self.claim(cpp_name, spec_name, pointer)
            draft = _StructDraft(cpp_name, comment, pointer)
            self.decls[cpp_name] = draft
            self.struct_members(draft, schema, pointer)
            return _Ty(cpp_name, "struct", nullable=nullable, dc_struct=cpp_name, deps=(cpp_name,),
                       type_text=cpp_name)
        if "enum" in schema:
            self.claim(cpp_name, spec_name, pointer)
            self.enum(schema, pointer, cpp_name, comment)
            return _Ty(f"revring::open_enum<{cpp_name}>", "enum", nullable=nullable, type_text=cpp_name)
        if kind == "string" and _is_constrained(schema):
            self.claim(cpp_name, spec_name, pointer)
            self.claim(names.with_suffix(cpp_name, "_rule"), spec_name, pointer)
            self.rule(schema, pointer, cpp_name, comment)
            return _Ty(cpp_name, "constrained", nullable=nullable, default_constructible=False, type_text=cpp_name)
        target = self.anonymous(schema, pointer, cpp_name)
        self.claim(cpp_name, spec_name, pointer)
        self.decls[cpp_name] = _AliasDraft(cpp_name, dataclasses.replace(target, nullable=False), comment, pointer)
        return dataclasses.replace(target, cpp=cpp_name, deps=(cpp_name,))

    def anonymous(self, schema: dict, pointer: str, hint: str) -> _Ty:
        """Types that need no declaration of their own."""
        types = _schema_types(schema)
        nullable = "null" in types
        kind = next(t for t in types if t != "null")
        fmt = schema.get("format")
        if kind == "string":
            if fmt == "uuid":
                return _Ty("revring::uuid", "uuid", nullable, default_constructible=False, type_text="uuid")
            if fmt == "date-time":
                return _Ty("revring::date_time", "date_time", nullable, type_text="date-time")
            return _Ty("std::string", "string", nullable, type_text="string")
        if kind in ("integer", "number"):
            bounds = []
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if key in schema:
                    value = schema[key]
                    if kind == "integer" and isinstance(value, int):
                        try:
                            int_literal(value)
                        except ValueError as exc:
                            self.r.error(pointer_join(pointer, key), str(exc))
                    bounds.append((key, value))
            cpp = "std::int64_t" if kind == "integer" else "double"
            return _Ty(cpp, kind, nullable, bounds=tuple(bounds), type_text=kind)
        if kind == "boolean":
            return _Ty("bool", "boolean", nullable, type_text="boolean")
        if kind == "object":
            return _Ty("revring::json_object", "object", nullable, type_text="object")
        if kind == "array":
            items_pointer = pointer_join(pointer, "items")
            item = self.use(schema["items"], items_pointer, hint + "Item")
            item_cpp = f"revring::optional<{item.cpp}>" if item.nullable else item.cpp
            lo, hi = schema.get("minItems"), schema.get("maxItems")
            if lo is not None and hi is not None and lo > hi:
                self.r.error(pointer, f"minItems {lo} is greater than maxItems {hi}")
            return _Ty(f"std::vector<{item_cpp}>", "array", nullable, deps=item.deps, item=item,
                       min_items=lo, max_items=hi, type_text="array")
        raise AssertionError(kind)

    def struct_members(self, draft: _StructDraft, schema: dict, pointer: str) -> None:
        required = schema.get("required", [])
        props = schema["properties"]
        if len(props) > BOOST_DESCRIBE_MAX_MEMBERS:
            self.r.error(pointer_join(pointer, "properties"),
                         f"object has {len(props)} properties; Boost.Describe describes at most "
                         f"{BOOST_DESCRIBE_MAX_MEMBERS} members: split the schema")
        member_scope = names.NameScope("property")
        for index, (prop_name, prop) in enumerate(props.items()):
            at = pointer_join(pointer, "properties", prop_name)
            if "x-cpp-name" in prop:
                try:
                    member = names.explicit_name(prop["x-cpp-name"])
                except names.NameError_ as exc:
                    self.r.error(pointer_join(at, "x-cpp-name"), str(exc))
            else:
                try:
                    member = names.member_name(prop_name)
                except names.NameError_ as exc:
                    self.r.error(at, f"cannot make a C++ member name from '{prop_name}': {exc}; set x-cpp-name")
            problem = member_scope.add(member, prop_name, at)
            if problem:
                self.r.error(at, problem)
            ty = self.use(prop, at, self.hint(draft.name, prop_name, f"Member{index}"))
            self.check_default(prop, ty, at)
            notes = ["required" if prop_name in required else "optional"]
            if ty.nullable:
                notes.append("nullable")
            if "default" in prop:
                notes.append("default " + json_text(prop["default"]))
            comment = comment_lines(_description(prop)) + comment_lines(f'JSON "{prop_name}": ' + ", ".join(notes))
            draft.members.append(_MemberDraft(member, prop_name, ty, prop_name in required, comment, at))
            for dep in ty.deps:
                if dep not in draft.deps:
                    draft.deps.append(dep)

    def check_default(self, schema: dict, ty: _Ty, pointer: str) -> None:
        if "default" not in schema:
            return
        value = schema["default"]
        at = pointer_join(pointer, "default")
        if value is None:
            if not ty.nullable:
                self.r.error(at, "default null, but the schema is not nullable")
            return
        ok = {
            "string": isinstance(value, str), "uuid": isinstance(value, str), "date_time": isinstance(value, str),
            "constrained": isinstance(value, str), "enum": isinstance(value, str),
            "integer": type(value) is int, "number": type(value) in (int, float),
            "boolean": type(value) is bool, "object": isinstance(value, dict), "array": isinstance(value, list),
            "struct": isinstance(value, dict),
        }[ty.kind]
        if not ok:
            self.r.error(at, f"default {json_text(value)} does not match the type ({ty.type_text})")

    def enum(self, schema: dict, pointer: str, cpp_name: str, comment: tuple[str, ...]) -> None:
        scope = names.NameScope("enum value", "rename one")
        scope.add("unknown", "(the enumerator for values this description does not list)", pointer)
        enumerators = []
        for i, value in enumerate(schema["enum"]):
            if value is None:
                continue
            at = pointer_join(pointer, "enum", i)
            try:
                name = names.enumerator_name(value, frozenset(["unknown"]))
            except names.NameError_:
                name = f"value_{i}"
            problem = scope.add(name, value, at)
            if problem:
                self.r.error(at, problem)
            enumerators.append(Enumerator(name, string_view_expr(value), value))
        self.enums.append(Enum(cpp_name, string_view_expr(cpp_name), comment, tuple(enumerators), pointer))

    def rule(self, schema: dict, pointer: str, cpp_name: str, comment: tuple[str, ...]) -> None:
        if schema.get("format") in ("uuid", "date-time"):
            self.r.unsupported(pointer_join(pointer, "format"), f"format {schema['format']} with pattern or length",
                               "a formatted string is already checked by its type")
        min_length = schema.get("minLength", 0)
        max_length = schema.get("maxLength")
        if max_length is not None and min_length > max_length:
            self.r.error(pointer, f"minLength {min_length} is greater than maxLength {max_length}")
        dfa = None
        pattern = schema.get("pattern")
        tables = None
        if pattern is not None:
            at = pointer_join(pointer, "pattern")
            try:
                dfa = compile_pattern(pattern)
            except RegexError as exc:
                if exc.feature == "complexity":
                    self.r.error(at, f"pattern '{pattern}': {exc.message}")
                if exc.feature:
                    self.r.unsupported(at, exc.feature, f"in pattern '{pattern}' at offset {exc.offset}"
                                       + (f": {exc.why}" if exc.why else ""))
                self.r.error(at, f"invalid pattern '{pattern}': {exc.message} at offset {exc.offset}")
            if dfa.matches_nothing:
                self.r.error(at, f"pattern '{pattern}' matches no string")
            state_type = "std::uint8_t" if dfa.num_states <= 256 else "std::uint16_t"
            tables = DfaTables(
                state_type=state_type,
                num_states=dfa.num_states,
                num_classes=dfa.num_classes,
                byte_class_rows=_rows([str(c) for c in dfa.byte_class], 16),
                next_rows=tuple("{" + ", ".join(str(t) for t in row) + "}" for row in dfa.next),
                accepting_rows=_rows(["true" if a else "false" for a in dfa.accepting], 16),
                max_match_bytes=dfa.max_length,
            )
        candidates = []
        if dfa is not None and dfa.max_length is not None:
            candidates.append(dfa.max_length)
        if max_length is not None:
            candidates.append(max_length * 4)
        if not candidates:
            if pattern is not None:
                why = f"pattern '{pattern}' allows values of any length"
            else:
                why = "no maxLength"
            self.r.error(pointer, f"unbounded constrained string: {why}; add maxLength "
                                  "(values are stored inline, so the type needs a capacity)")
        capacity = min(candidates)
        if capacity > MAX_INLINE_CAPACITY:
            self.r.error(pointer, f"constrained string needs {capacity} bytes of inline storage; "
                                  f"the limit is {MAX_INLINE_CAPACITY}: lower maxLength")
        extra = []
        if pattern is not None:
            extra.append(f"Pattern (ECMA-262): {pattern}")
        if "minLength" in schema:
            extra.append(f"minLength {min_length}")
        if max_length is not None:
            extra.append(f"maxLength {max_length}")
        rule_comment = comment + comment_lines("\n".join(extra))
        self.rules.append(Rule(
            name=names.with_suffix(cpp_name, "_rule"),
            type_name=cpp_name,
            name_literal=string_view_expr(cpp_name),
            capacity=capacity,
            min_length=min_length,
            max_length=str(max_length) if max_length is not None else "revring::no_limit",
            pattern_literal=string_view_expr(pattern or ""),
            pattern_text=pattern or "",
            dfa=tables,
            comment=rule_comment,
            source=pointer,
        ))

    # -- operations -----------------------------------------------------
    def operations(self) -> tuple[list[Operation], list[Webhook]]:
        root = self.doc.root
        ops: list[Operation] = []
        hooks: list[Webhook] = []
        op_scope = names.NameScope("operation")
        for path, item in root.get("paths", {}).items():
            if path.startswith("x-"):
                continue
            item_pointer = pointer_join("/paths", path)
            for method in item:
                if method not in HTTP_METHODS:
                    continue
                at = pointer_join(item_pointer, method)
                ops.append(self.operation(path, item, method, item[method], at, op_scope))
        for hook_name, item in root.get("webhooks", {}).items():
            if hook_name.startswith("x-"):
                continue
            item_pointer = pointer_join("/webhooks", hook_name)
            if item.get("parameters"):
                self.r.unsupported(pointer_join(item_pointer, "parameters"), "webhook parameters")
            for method in item:
                if method not in HTTP_METHODS:
                    continue
                at = pointer_join(item_pointer, method)
                hooks.append(self.webhook(hook_name, method, item[method], at, op_scope))
        return ops, hooks

    def op_names(self, op: dict, at: str, op_scope: names.NameScope) -> tuple[str, str, str]:
        operation_id = op["operationId"]
        if "x-cpp-name" in op:
            try:
                name = names.explicit_name(op["x-cpp-name"], frozenset(["derived"]))
            except names.NameError_ as exc:
                self.r.error(pointer_join(at, "x-cpp-name"), str(exc))
        else:
            try:
                name = names.snake_name(operation_id, frozenset(["derived"]))
            except names.NameError_ as exc:
                self.r.error(pointer_join(at, "operationId"), f"cannot make a C++ name from '{operation_id}': {exc}")
        problem = op_scope.add(name, operation_id, at)
        if problem:
            self.r.error(at, problem)
        struct_name = self.claim(names.with_suffix(name, "_op"), operation_id, at)
        try:
            type_prefix = names.type_name(operation_id)
        except names.NameError_:
            type_prefix = names.type_name(name)
        return name, struct_name, type_prefix

    def body(self, op: dict, at: str, hint: str) -> Optional[_Ty]:
        if "requestBody" not in op:
            return None
        body, body_at = self.doc.follow(op["requestBody"], pointer_join(at, "requestBody"))
        media_at = pointer_join(body_at, "content", "application/json")
        media = body["content"].get("application/json")
        if media is None:
            self.r.error(pointer_join(body_at, "content"), "request body without application/json content")
        return self.use(media["schema"], pointer_join(media_at, "schema"), hint)

    def responses(self, op: dict, at: str, hint: str) -> Optional[_Ty]:
        """The 2xx body type (None: no body); error bodies are lowered too."""
        success: Optional[_Ty] = None
        success_at = ""
        for code, response in op["responses"].items():
            if code.startswith("x-"):
                continue
            response, response_at = self.doc.follow(response, pointer_join(at, "responses", code))
            media = response.get("content", {}).get("application/json")
            is_success = code.startswith("2")
            if media is None:
                continue
            schema_at = pointer_join(response_at, "content", "application/json", "schema")
            ty = self.use(media["schema"], schema_at, hint + ("" if is_success else code.capitalize()))
            if not is_success:
                continue
            if ty.nullable:
                self.r.unsupported(schema_at, "nullable response body")
            if success is not None and success.cpp != ty.cpp:
                self.r.unsupported(schema_at, "several 2xx response bodies",
                                   f"{success.cpp} at #{success_at} and {ty.cpp}; use one schema")
            success, success_at = ty, schema_at
        return success

    def operation(self, path: str, item: dict, method: str, op: dict, at: str,
                  op_scope: names.NameScope) -> Operation:
        name, struct_name, prefix = self.op_names(op, at, op_scope)
        # parameters: path-level, overridden by operation-level ones of the same name
        merged: dict[str, tuple[dict, str]] = {}
        for level, level_at in ((item, pointer_join("/paths", path)), (op, at)):
            seen = set()
            for i, param in enumerate(level.get("parameters", [])):
                param, param_at = self.doc.follow(param, pointer_join(level_at, "parameters", i))
                if param["name"] in seen:
                    self.r.error(param_at, f"duplicate parameter '{param['name']}'")
                seen.add(param["name"])
                merged[param["name"]] = (param, param_at)
        template_names = re.findall(r"\{([^{}]*)\}", path)
        if len(set(template_names)) != len(template_names):
            self.r.error(pointer_join("/paths", path), "path template names a parameter twice")
        for pname in template_names:
            if pname not in merged:
                self.r.error(at, f"path template names '{{{pname}}}' but there is no path parameter '{pname}'")
        params: list[PathParam] = []
        param_types: dict[str, _Ty] = {}
        param_scope = names.NameScope("path parameter", "rename one")
        for pname, (param, param_at) in merged.items():
            if pname not in template_names:
                self.r.error(param_at, f"path parameter '{pname}' does not appear in the path template '{path}'")
            try:
                cpp = names.member_name(pname, PARAM_RESERVED)
            except names.NameError_ as exc:
                self.r.error(param_at, f"cannot make a C++ name from parameter '{pname}': {exc}")
            problem = param_scope.add(cpp, pname, param_at)
            if problem:
                self.r.error(param_at, problem)
            schema_at = pointer_join(param_at, "schema")
            ty = self.use(param["schema"], schema_at, self.hint(prefix, pname, "Param"))
            if ty.nullable or ty.kind not in ("string", "uuid", "integer", "constrained", "enum"):
                self.r.unsupported(schema_at, f"path parameter of type {ty.type_text}" +
                                   (" (nullable)" if ty.nullable else ""),
                                   "path parameters may be strings, uuids, integers or string enums")
            params.append(PathParam(cpp, pname, ty.cpp, comment_lines(_description(param))))
            param_types[pname] = ty
        # the request target
        steps: list[str] = []
        pos = 0
        for m in re.finditer(r"\{([^{}]*)\}", path):
            literal = path[pos:m.start()]
            if literal:
                steps.append(f"out.append({string_view_expr(literal)});")
            steps.append(f"gen_detail::append_path_param(out, p.{params[[p.json_name for p in params].index(m.group(1))].name});")
            pos = m.end()
        if path[pos:]:
            steps.append(f"out.append({string_view_expr(path[pos:])});")
        literal_text = re.sub(r"\{[^{}]*\}", "", path)
        if not path.startswith("/") or not PATH_LITERAL.match(literal_text):
            self.r.error(pointer_join("/paths", path),
                         "path must start with '/' and hold only URL path characters outside {parameters}")
        body = self.body(op, at, prefix + "Request")
        if body is not None:
            self.request_roots.append(body)
            if body.kind != "struct" or body.nullable:
                self.r.unsupported(pointer_join(at, "requestBody"), f"request body of type {body.type_text}",
                                   "a request body must be an object with properties")
        response = self.responses(op, at, prefix + "Response")
        idempotent = op.get("x-idempotent", method in IDEMPOTENT_METHODS)
        return Operation(
            struct_name=struct_name,
            name=name,
            operation_id_literal=string_view_expr(op["operationId"]),
            name_literal=string_view_expr(name),
            method=f"revring::http_method::{METHOD_ENUM[method]}",
            idempotent=bool(idempotent),
            path_template_literal=string_view_expr(path),
            target_steps=tuple(steps),
            body_type=body.cpp if body is not None else "revring::no_body",
            has_body=body is not None,
            response_type=response.cpp if response is not None else "revring::no_body",
            params=tuple(params),
            comment=comment_lines(self.op_comment(op, method, path)),
            source=at,
        )

    @staticmethod
    def op_comment(op: dict, method: str, path: str) -> str:
        parts = []
        if isinstance(op.get("summary"), str):
            parts.append(op["summary"])
        if isinstance(op.get("description"), str):
            parts.append(op["description"])
        parts.append(f"{method.upper()} {path}")
        return "\n".join(parts)

    def webhook(self, hook_name: str, method: str, op: dict, at: str, op_scope: names.NameScope) -> Webhook:
        name, struct_name, prefix = self.op_names(op, at, op_scope)
        if op.get("parameters"):
            self.r.unsupported(pointer_join(at, "parameters"), "webhook parameters")
        body = self.body(op, at, prefix + "Request")
        response = self.responses(op, at, prefix + "Response")
        if response is not None:
            self.request_roots.append(response)  # the user's server sends it
        return Webhook(
            struct_name=struct_name,
            name=name,
            webhook_literal=string_view_expr(hook_name),
            operation_id_literal=string_view_expr(op["operationId"]),
            name_literal=string_view_expr(name),
            method=f"revring::http_method::{METHOD_ENUM[method]}",
            body_type=body.cpp if body is not None else "revring::no_body",
            response_type=response.cpp if response is not None else "revring::no_body",
            comment=comment_lines(self.op_comment(op, method, f"(webhook {hook_name})")),
            source=at,
        )

    # -- finishing ------------------------------------------------------
    def request_side(self) -> set[str]:
        seen: set[str] = set()
        stack = [d for ty in self.request_roots for d in ty.deps]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            decl = self.decls[name]
            if isinstance(decl, _StructDraft):
                stack.extend(decl.deps)
            else:
                stack.extend(decl.ty.deps)
        return {n for n in seen if isinstance(self.decls[n], _StructDraft)}

    def finish(self, ops: list[Operation], hooks: list[Webhook]) -> Model:
        request = self.request_side()
        dc_memo: dict[str, bool] = {}

        def wrapper_of(struct: _StructDraft, m: _MemberDraft) -> str:
            if m.ty.nullable or not m.required:
                return "optional"
            if struct.name in request and default_constructible(m.ty):
                return "required"
            return "none"

        def default_constructible(ty: _Ty) -> bool:
            if ty.dc_struct is None:
                return ty.default_constructible
            name = ty.dc_struct
            if name not in dc_memo:
                struct = self.decls[name]
                dc_memo[name] = all(wrapper_of(struct, m) == "optional" or
                                    (wrapper_of(struct, m) == "none" and default_constructible(m.ty))
                                    for m in struct.members)
            return dc_memo[name]

        top_level = set(self.scope.taken)
        structs: dict[str, Struct] = {}
        aliases: dict[str, Alias] = {}
        for name, decl in self.decls.items():
            if isinstance(decl, _AliasDraft):
                aliases[name] = Alias(name, decl.ty.cpp, decl.comment, decl.pointer)
                continue
            members = []
            for m in decl.members:
                if m.name in top_level:
                    self.r.error(m.pointer, f"member name '{m.name}' is also a name at namespace scope; "
                                            "set x-cpp-name")
                wrapper = wrapper_of(decl, m)
                value_type = m.ty.cpp
                cpp_type = {"optional": f"revring::optional<{value_type}>",
                            "required": f"revring::required<{value_type}>", "none": value_type}[wrapper]
                access = {"optional": f"v.{m.name}", "required": f"v.{m.name}.get()", "none": f"v.{m.name}"}[wrapper]
                segment = string_view_expr("/" + pointer_escape(m.json_name))
                ptr = f"std::string(pointer).append({segment})"
                if wrapper == "optional":
                    inner = self.validation(m.ty, "x0", ptr, 1)
                    checks = ([f"if ({access}) {{", f"    const auto& x0 = *{access};"] +
                              ["    " + line for line in inner] + ["}"]) if inner else []
                else:
                    checks = self.validation(m.ty, access, ptr, 0)
                members.append(Member(
                    name=m.name,
                    json_name=m.json_name,
                    json_literal=string_view_expr(m.json_name),
                    json_key_literal=json_key_literal(m.json_name),
                    cpp_type=cpp_type,
                    value_type=value_type,
                    # `{}` on every member with a public default constructor: scalars start
                    # at zero, and -Wmissing-field-initializers stays quiet when a designated
                    # initialiser leaves an optional member out.
                    initializer="{}" if wrapper == "optional" or (
                        wrapper == "none" and default_constructible(m.ty)) else "",
                    required=m.required,
                    nullable=m.ty.nullable,
                    wrapper=wrapper,
                    encode="null_if_empty" if (m.required and wrapper == "optional") else "member",
                    decode="present_or_null" if (m.required and wrapper == "optional") else "member",
                    comment=m.comment,
                    validate=tuple(checks),
                ))
            structs[name] = Struct(name, string_view_expr(name), decl.comment, tuple(members),
                                   name in request, decl.pointer)

        # dependency order, stable in registration order
        ordered: list[Declaration] = []
        done: set[str] = set()

        def visit(name: str) -> None:
            if name in done:
                return
            done.add(name)
            decl = self.decls[name]
            for dep in (decl.deps if isinstance(decl, _StructDraft) else decl.ty.deps):
                visit(dep)
            if name in structs:
                ordered.append(Declaration("struct", struct=structs[name]))
            else:
                ordered.append(Declaration("alias", alias=aliases[name]))

        for name in self.decls:
            visit(name)

        info = self.doc.root.get("info", {})
        title = " ".join(str(info.get(k)) for k in ("title", "version") if isinstance(info.get(k), (str, int, float)))
        return Model(
            spec_label=self.doc.label,
            spec_sha256=self.doc.sha256,
            namespace=self.namespace,
            include_prefix=self.include_prefix,
            title_comment=comment_lines(title),
            rules=tuple(self.rules),
            enums=tuple(self.enums),
            declarations=tuple(ordered),
            operations=tuple(ops),
            webhooks=tuple(hooks),
        )

    def validation(self, ty: _Ty, expr: str, ptr: str, depth: int) -> list[str]:
        """C++ statements checking what the type cannot (validate())."""

        def fail(kind: str, type_text: str, rule: str) -> str:
            return (f"return revring::make_validation_error({ptr}, revring::validation_error{{"
                    f"revring::rule_kind::{kind}, {string_view_expr(type_text)}, {string_view_expr(rule)}}});")

        lines: list[str] = []
        if ty.kind == "array":
            if ty.min_items is not None:
                lines.append(f"if ({expr}.size() < {ty.min_items}u) {fail('min_items', 'array', f'minItems {ty.min_items}')}")
            if ty.max_items is not None:
                lines.append(f"if ({expr}.size() > {ty.max_items}u) {fail('max_items', 'array', f'maxItems {ty.max_items}')}")
            item = ty.item
            i, e = f"i{depth}", f"x{depth + 1}"
            elem_ptr = f"std::string({ptr}).append(\"/\").append(std::to_string({i}))"
            inner = self.validation(item, e, elem_ptr, depth + 2)
            if inner:
                body = inner
                if item.nullable:
                    body = [f"if ({e}_) {{", f"    const auto& {e} = *{e}_;"] + ["    " + x for x in inner] + ["}"]
                    decl = f"    const auto& {e}_ = {expr}[{i}];"
                else:
                    decl = f"    const auto& {e} = {expr}[{i}];"
                lines.append(f"for (std::size_t {i} = 0; {i} < {expr}.size(); ++{i}) {{")
                lines.append(decl)
                lines.extend("    " + x for x in body)
                lines.append("}")
        elif ty.kind in ("integer", "number"):
            ops = {"minimum": ("<", "minimum"), "maximum": (">", "maximum"),
                   "exclusiveMinimum": ("<=", "minimum"), "exclusiveMaximum": (">=", "maximum")}
            for key, value in ty.bounds:
                op, kind = ops[key]
                if ty.kind == "integer" and type(value) is int:
                    lhs, rhs = expr, int_literal(value)
                else:
                    lhs = expr if ty.kind == "number" else f"static_cast<double>({expr})"
                    rhs = double_literal(value)
                lines.append(f"if ({lhs} {op} {rhs}) {fail(kind, ty.type_text, f'{key} {json_text(value)}')}")
        elif ty.kind == "enum":
            lines.append(f"if ({expr}.is_unknown() && {expr}.to_string().empty()) "
                         f"{fail('format', ty.type_text, 'enum (no value set)')}")
        elif ty.kind == "struct":
            lines.append(f"if (auto err = validate({expr}, {ptr})) return err;")
        return lines


def lower(document: Document, namespace: str = "revring", include_prefix: str = "revring/gen") -> Model:
    lowerer = _Lowerer(document, namespace, include_prefix)
    schemas = document.root.get("components", {}).get("schemas", {})
    for name in schemas:
        lowerer.component(name, pointer_join("/components/schemas", name))
    ops, hooks = lowerer.operations()
    return lowerer.finish(ops, hooks)
