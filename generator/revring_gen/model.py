"""The intermediate model: what the templates render, already in C++ spelling.

Every field is final text or a plain value: identifiers are sanitised, types
are spelled out, literals and comments are escaped (cppstr.py). Templates
only loop and choose between fixed shapes. `to_json` dumps the model
(`generate.py --dump-model`) so the analysis can be golden-tested apart
from the templates.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Optional


@dataclasses.dataclass(frozen=True)
class DfaTables:
    """A pattern's minimal DFA (state 0 = reject, state 1 = start)."""

    state_type: str  # "std::uint8_t" or "std::uint16_t"
    num_states: int
    num_classes: int
    byte_class_rows: tuple[str, ...]  # "0, 0, 1, ..." 16 bytes per row
    next_rows: tuple[str, ...]  # "{0, 0, 0}" one per state
    accepting_rows: tuple[str, ...]  # "false, true, ..."
    max_match_bytes: Optional[int]  # None: unbounded


@dataclasses.dataclass(frozen=True)
class Rule:
    """A constrained string: the rule struct and the alias naming the type."""

    name: str  # rule struct, "E164Number_rule"
    type_name: str  # alias, "E164Number"
    name_literal: str  # C++ expression for Rule::name
    capacity: int
    min_length: int
    max_length: str  # "15" or "revring::no_limit"
    pattern_literal: str  # C++ expression; "\"\"" when there is no pattern
    pattern_text: str  # for the model dump only
    dfa: Optional[DfaTables]
    comment: tuple[str, ...]
    source: str  # JSON pointer


@dataclasses.dataclass(frozen=True)
class Enumerator:
    name: str  # "queued"
    json_literal: str  # C++ expression, "\"QUEUED\""
    json_text: str  # for the model dump only


@dataclasses.dataclass(frozen=True)
class Enum:
    name: str
    name_literal: str
    comment: tuple[str, ...]
    enumerators: tuple[Enumerator, ...]  # without `unknown`
    source: str


@dataclasses.dataclass(frozen=True)
class Alias:
    name: str
    target: str  # C++ type
    comment: tuple[str, ...]
    source: str


@dataclasses.dataclass(frozen=True)
class Member:
    name: str  # C++ member name
    json_name: str  # for the model dump only
    json_literal: str  # C++ expression for the JSON name
    json_key_literal: str  # C++ literal of `,"name":`, the name JSON-escaped (for revring::json_key)
    cpp_type: str  # the declared type, wrappers included
    value_type: str  # the type inside optional<>/required<>
    initializer: str  # "{}" when the declared type has a public default constructor, else ""
    required: bool  # must be present in JSON
    nullable: bool  # JSON null allowed (then cpp_type is optional<...>)
    wrapper: str  # "none", "optional" or "required"
    encode: str  # "member" (write_member) or "null_if_empty" (key + write_value)
    decode: str  # "member" (decode_member) or "present_or_null" (required but nullable)
    comment: tuple[str, ...]
    validate: tuple[str, ...]  # C++ statements (empty: nothing to check)


@dataclasses.dataclass(frozen=True)
class Struct:
    name: str
    name_literal: str
    comment: tuple[str, ...]
    members: tuple[Member, ...]
    request_side: bool  # built by the user (request bodies, webhook responses)
    source: str

    @property
    def describe_list(self) -> str:
        return ", ".join(m.name for m in self.members)


@dataclasses.dataclass(frozen=True)
class Declaration:
    """One entry of the ordered struct/alias section of types.hpp."""

    kind: str  # "struct" or "alias"
    struct: Optional[Struct] = None
    alias: Optional[Alias] = None


@dataclasses.dataclass(frozen=True)
class PathParam:
    name: str  # C++ name, also the params member
    json_name: str  # the spec's name (for the model dump)
    cpp_type: str
    comment: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Operation:
    struct_name: str  # "get_call_op"
    name: str  # "get_call"
    operation_id_literal: str
    name_literal: str
    method: str  # "revring::http_method::get"
    idempotent: bool
    path_template_literal: str
    target_steps: tuple[str, ...]  # C++ statements appending to `out` from `p`
    body_type: str  # C++ type or "revring::no_body"
    has_body: bool
    response_type: str  # C++ type or "revring::no_body"
    params: tuple[PathParam, ...]
    comment: tuple[str, ...]
    source: str

    @property
    def param_decls(self) -> str:
        """Function parameters before `opts`, e.g. "const revring::uuid& id, "."""
        parts = [f"const {p.cpp_type}& {p.name}" for p in self.params]
        if self.has_body:
            parts.append(f"const {self.body_type}& body")
        return "".join(part + ", " for part in parts)

    @property
    def params_init(self) -> str:
        return "{" + ", ".join(p.name for p in self.params) + "}"

    @property
    def body_arg(self) -> str:
        return "body" if self.has_body else "revring::no_body{}"

    @property
    def call_args(self) -> str:
        """Arguments that forward the path parameters and body (before opts)."""
        parts = [p.name for p in self.params]
        if self.has_body:
            parts.append("body")
        return "".join(part + ", " for part in parts)


@dataclasses.dataclass(frozen=True)
class Webhook:
    struct_name: str  # "pre_call_webhook_op"
    name: str
    webhook_literal: str  # the key under `webhooks`
    operation_id_literal: str
    name_literal: str
    method: str
    body_type: str
    response_type: str
    comment: tuple[str, ...]
    source: str


@dataclasses.dataclass(frozen=True)
class Model:
    spec_label: str
    spec_sha256: str
    namespace: str  # "revring" or "acme::api"
    include_prefix: str  # "revring/gen"
    title_comment: tuple[str, ...]
    rules: tuple[Rule, ...]
    enums: tuple[Enum, ...]
    declarations: tuple[Declaration, ...]  # aliases and structs in dependency order
    operations: tuple[Operation, ...]
    webhooks: tuple[Webhook, ...]

    @property
    def structs(self) -> tuple[Struct, ...]:
        return tuple(d.struct for d in self.declarations if d.struct is not None)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=1, sort_keys=False, ensure_ascii=True) + "\n"
