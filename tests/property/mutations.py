"""Invalid createTask bodies derived from the spec: one valid body, one thing broken.

Each :class:`Invalid` names the field path the mock's error message must contain. What can be
broken is read off the schema: a ``required`` name, an ``enum``/``const``, a numeric bound, a
length, a ``format``, the JSON type, ``additionalProperties: false``, ``dependentRequired``,
``if``/``then`` and each ``x-liangxin-rules`` kind.

    strategy = invalid_request(builder, "flux-2-pro", "dependentRequired")
"""

from __future__ import annotations

import copy
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from mock_server.spec import ModelInfo
from mock_server.validation import format_path
from tests.property.strategies import Draw, Json, SchemaStrategies, allowed_totals, rule_urls

__all__ = [
    "CROSS_FIELD_KINDS",
    "SCHEMA_KINDS",
    "Invalid",
    "applicable_kinds",
    "invalid_request",
]

Path = tuple[str | int, ...]

#: Mutations that break the JSON Schema of the request.
SCHEMA_KINDS = ("missing-required", "enum", "range", "length", "format", "type", "extra-field")
#: Mutations that break a rule across fields (JSON Schema or ``x-liangxin-rules``).
CROSS_FIELD_KINDS = (
    "dependentRequired",
    "if-then",
    "max-combined-items",
    "url-suffix",
    "sum-equals",
)

_SAMPLES: Mapping[str, Json] = {
    "string": "text",
    "integer": 7,
    "number": 2.5,
    "boolean": True,
    "null": None,
    "array": [],
    "object": {},
}


@attrs.frozen
class Invalid:
    """A body with one thing broken, and the field paths its error message must name."""

    kind: str
    body: dict[str, Json]
    paths: tuple[str, ...]
    #: Only an ``x-liangxin-rules`` rule is broken: the body is valid against the JSON Schema.
    schema_valid: bool = False


@attrs.frozen
class Slot:
    """A place in a body where a value sits or could sit, with the schema it must follow."""

    parent: Path
    key: str | int
    schema: Mapping[str, Any]
    present: bool

    @property
    def path(self) -> str:
        return format_path([*self.parent, self.key])


@attrs.frozen
class ObjectSite:
    path: Path
    schema: Mapping[str, Any]
    value: dict[str, Json]


def _walk(
    builder: SchemaStrategies, value: Json, node: Mapping[str, Any], path: Path
) -> Iterator[Slot | ObjectSite]:
    schema = builder.resolved(node)
    if isinstance(value, dict) and "properties" in schema:
        yield ObjectSite(path, schema, value)
        for name, prop in schema["properties"].items():
            resolved = builder.resolved(prop)
            yield Slot(path, name, resolved, name in value)
            if name in value:
                yield from _walk(builder, value[name], resolved, (*path, name))
    elif isinstance(value, list) and "items" in schema:
        items = builder.resolved(schema["items"])
        for index, item in enumerate(value):
            yield Slot(path, index, items, True)
            yield from _walk(builder, item, items, (*path, index))


def _types(schema: Mapping[str, Any]) -> set[str]:
    if "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else list(schema["enum"])
        return {"string" if isinstance(v, str) else type(v).__name__ for v in values}
    declared = schema.get("type", [])
    return {declared} if isinstance(declared, str) else set(declared)


def _breakable(kind: str, schema: Mapping[str, Any]) -> bool:
    if kind == "enum":
        return "enum" in schema or "const" in schema
    if kind == "range":
        return any(k in schema for k in ("minimum", "maximum"))
    if kind == "length":
        return (
            schema.get("minLength", 0) > 0
            or "maxLength" in schema
            or (schema.get("minItems", 0) > 0 or "maxItems" in schema)
        )
    if kind == "format":
        return "format" in schema
    if kind == "type":
        return bool(_types(schema))
    raise ValueError(kind)


def applicable_kinds(builder: SchemaStrategies, model_id: str) -> list[str]:
    """The mutation kinds the schema of ``model_id`` offers at the body and input level."""
    info = builder.spec.models[model_id]
    request = builder.resolved(builder.spec.schema(info.request_schema))
    input_schema = builder.resolved(request["properties"]["input"])
    slots = [builder.resolved(p) for p in request["properties"].values()]
    slots += [builder.resolved(p) for p in input_schema["properties"].values()]
    kinds = ["missing-required", "extra-field"]
    kinds += [
        k
        for k in ("enum", "range", "length", "format", "type")
        if any(_breakable(k, s) for s in slots)
    ]
    if "dependentRequired" in input_schema:
        kinds.append("dependentRequired")
    if "if" in input_schema:
        kinds.append("if-then")
    kinds += [rule["kind"] for rule in info.rules if rule["kind"] not in kinds]
    return kinds


def _set(body: dict[str, Json], parent: Path, key: str | int, value: Json) -> None:
    target: Any = body
    for part in parent:
        target = target[part]
    target[key] = value


def _bad_value(draw: Draw, kind: str, schema: Mapping[str, Any], builder: SchemaStrategies) -> Json:
    """A value breaking only ``kind`` of ``schema`` (same type, except for ``type``)."""
    if kind == "enum":
        allowed = [schema["const"]] if "const" in schema else list(schema["enum"])
        variants = st.sampled_from(allowed).map(
            lambda v: f"{v}".upper() if v != f"{v}".upper() else f" {v}"
        )
        known = set(builder.spec.models)  # another model id would select another schema
        return draw(
            st.one_of(variants, st.text(max_size=8)).filter(
                lambda v: v not in allowed and v not in known
            )
        )
    if kind == "range":
        step = draw(st.integers(1, 1000))
        below = "minimum" in schema and (("maximum" not in schema) or draw(st.booleans()))
        return schema["minimum"] - step if below else schema["maximum"] + step
    if kind == "length":
        is_array = "array" in _types(schema)
        low: int = schema.get("minItems" if is_array else "minLength", 0)
        high: int | None = schema.get("maxItems" if is_array else "maxLength")
        shorter = low > 0 and (high is None or draw(st.booleans()))
        if is_array:
            item = builder.for_schema(schema.get("items", {}))
            if shorter:
                return draw(st.lists(item, max_size=low - 1))
            assert high is not None
            return draw(st.lists(item, min_size=high + 1, max_size=high + 2))
        if shorter:
            return draw(st.text(max_size=low - 1))
        assert high is not None
        return draw(st.text(string.ascii_letters, min_size=high + 1, max_size=high + 3))
    if kind == "format":
        return draw(st.sampled_from(["not a url", "http//missing-colon", "://no-scheme", "h t"]))
    if kind == "type":
        allowed_types = _types(schema)
        if "number" in allowed_types:
            allowed_types.add("integer")
        wrong = [t for t in _SAMPLES if t not in allowed_types]
        return copy.deepcopy(_SAMPLES[draw(st.sampled_from(wrong))])
    raise ValueError(kind)


def _schema_mutation(
    draw: Draw, builder: SchemaStrategies, kind: str, body: dict[str, Json], info: ModelInfo
) -> Invalid:
    sites = list(_walk(builder, body, builder.spec.schema(info.request_schema), ()))
    if kind == "missing-required":
        options = [
            (site, name)
            for site in sites
            if isinstance(site, ObjectSite)
            for name in site.schema.get("required", [])
        ]
        site, name = draw(st.sampled_from(options))
        assert isinstance(site, ObjectSite)
        del site.value[name]
        return Invalid(kind, body, (format_path([*site.path, name]),))
    if kind == "extra-field":
        closed = [
            s
            for s in sites
            if isinstance(s, ObjectSite) and s.schema.get("additionalProperties") is False
        ]
        site = draw(st.sampled_from(closed))
        assert isinstance(site, ObjectSite)
        name = draw(
            st.text(string.ascii_letters + "_", min_size=1, max_size=10).filter(
                lambda n: n not in site.schema["properties"]
            )
        )
        site.value[name] = draw(st.sampled_from(list(_SAMPLES.values())))
        return Invalid(kind, body, (format_path([*site.path, name]),))
    slots = [s for s in sites if isinstance(s, Slot) and _breakable(kind, s.schema)]
    assume(slots)
    slot = draw(st.sampled_from(slots))
    _set(body, slot.parent, slot.key, _bad_value(draw, kind, slot.schema, builder))
    return Invalid(kind, body, (slot.path,))


def _cross_field_mutation(
    draw: Draw, builder: SchemaStrategies, kind: str, body: dict[str, Json], info: ModelInfo
) -> Invalid:
    spec = builder.spec
    data: dict[str, Json] = body["input"]
    schema = info.input

    def value_for(name: str) -> Json:
        return draw(builder.for_schema(schema["properties"][name]))

    if kind == "dependentRequired":
        trigger, needs = draw(st.sampled_from(sorted(schema["dependentRequired"].items())))
        data.setdefault(trigger, value_for(trigger))
        for name in needs:
            data.pop(name, None)
        return Invalid(kind, body, tuple(f"input.{n}" for n in needs))
    if kind == "if-then":
        condition = schema["if"]
        for name in schema["then"].get("required", []):
            data.pop(name, None)
        for name in condition.get("not", {}).get("required", []):
            data.pop(name, None)
        return Invalid(kind, body, tuple(f"input.{n}" for n in schema["then"]["required"]))
    rule = draw(st.sampled_from([r for r in info.rules if r["kind"] == kind]))
    urls = next((rule_urls(r) for r in info.rules if r["kind"] == "url-suffix"), None)
    if kind == "max-combined-items":
        return _overfill(draw, builder, info, rule, body, urls)
    if kind == "url-suffix":
        name = draw(st.sampled_from(list(rule["fields"])))
        bad = draw(_bad_urls(rule))
        is_list = "array" in _types(info.field(name))
        data[name] = [bad] if is_list else bad
        return Invalid(
            kind, body, (f"input.{name}[0]" if is_list else f"input.{name}",), schema_valid=True
        )
    if kind == "sum-equals":
        array = info.field(rule["array"])
        items = data.get(rule["array"]) or draw(builder.for_schema({**array, "minItems": 1}))
        data[rule["array"]] = items
        total = sum(int(item.get(rule["item"], 0)) for item in items)
        wrong = [v for n, v in allowed_totals(spec, info, rule).items() if n != total]
        data[rule["total"]] = draw(st.sampled_from(wrong))
        return Invalid(
            kind, body, (f"input.{rule['array']}", f"input.{rule['total']}"), schema_valid=True
        )
    raise ValueError(kind)


def _overfill(
    draw: Draw,
    builder: SchemaStrategies,
    info: ModelInfo,
    rule: Mapping[str, Any],
    body: dict[str, Json],
    urls: st.SearchStrategy[str] | None,
) -> Invalid:
    """Fill ``rule['fields']`` (each within its own limits) until one more than ``max``."""
    data: dict[str, Json] = body["input"]
    for name in rule["fields"]:
        data.pop(name, None)
    order: Sequence[str] = draw(st.permutations(list(rule["fields"])))
    wanted = rule["max"] + 1
    for name in order:
        field = info.field(name)
        values = urls if urls is not None else builder.for_schema(field.get("items", field))
        if "array" in _types(field):
            room = min(int(field.get("maxItems", wanted)), wanted)
            data[name] = [draw(values) for _ in range(max(room, int(field.get("minItems", 0))))]
        else:
            data[name] = draw(values)
        wanted -= 1 if isinstance(data[name], str) else len(data[name])
        if wanted <= 0:
            break
    assume(wanted == 0)
    return Invalid(
        "max-combined-items", body, tuple(f"input.{n}" for n in rule["fields"]), schema_valid=True
    )


def _bad_urls(rule: Mapping[str, Any]) -> st.SearchStrategy[str]:
    suffixes = tuple(s.lower() for s in rule["suffixes"])
    types = {t.lower() for t in rule["data-uri-types"]}
    url = st.builds(
        "https://img.example/{}{}".format,
        st.text(string.ascii_letters, min_size=1, max_size=6),
        st.sampled_from([".gif", ".bmp", ".svg", "", ".png.txt", "/png"]),
    ).filter(lambda u: not u.lower().endswith(suffixes))
    data_uri = (
        st.sampled_from(["image/gif", "text/plain", "application/pdf"])
        .filter(lambda t: t not in types)
        .map("data:{};base64,AAAA".format)
    )
    return st.one_of(url, data_uri)


def invalid_request(
    builder: SchemaStrategies, model_id: str, kind: str
) -> st.SearchStrategy[Invalid]:
    """Bodies for ``model_id`` with one ``kind`` of thing broken."""
    info = builder.spec.models[model_id]
    mutate: Callable[[Draw, SchemaStrategies, str, dict[str, Json], ModelInfo], Invalid] = (
        _schema_mutation if kind in SCHEMA_KINDS else _cross_field_mutation
    )

    @st.composite
    def broken(draw: Draw) -> Invalid:
        body = copy.deepcopy(draw(builder.valid_request(model_id)))
        return mutate(draw, builder, kind, body, info)

    return broken()
