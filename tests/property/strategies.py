"""Hypothesis strategies read off the spec's own schemas: nothing here names a model's field.

hypothesis-jsonschema is not used. Its 0.23.1 release crashes on every object schema with the
Hypothesis this project pins (``'many' object has no attribute 'more'``: it drives a private
Hypothesis helper whose interface changed), and it reads drafts 4-7 only, so the spec's 2020-12
``dependentRequired`` would be ignored. :class:`SchemaStrategies` is a small builder over the
resolved schema instead: it covers the keywords the spec uses and refuses any other keyword at
build time, so a spec change cannot silently make the generated data weaker.

    builder = SchemaStrategies(load_spec())
    builder.valid_request("flux-2-pro")   # schema and x-liangxin-rules hold by construction
    builder.component("TaskRecord")

Valid requests satisfy ``x-liangxin-rules`` by construction where a rule allows it (URLs drawn
with an allowed suffix, combined counts trimmed, a shot total written into its field) and by
rejection only where a drawn value cannot be repaired (shots whose durations add up to no
allowed total), which keeps the filter rate low.
"""

from __future__ import annotations

import base64
import json
import math
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jsonschema_rs
from hypothesis import assume
from hypothesis import strategies as st

from mock_server.spec import ModelInfo, Spec

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "SchemaErrors",
    "SchemaStrategies",
    "UnsupportedSchema",
    "json_values",
    "spec_validator",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Json = Any
Draw = Callable[[st.SearchStrategy[Any]], Any]

#: Keywords that only annotate; everything else must be understood below.
_ANNOTATIONS = frozenset(
    {"description", "title", "default", "examples", "discriminator", "contentMediaType"}
)
_KEYWORDS = frozenset(
    {
        "$ref",
        "const",
        "enum",
        "type",
        "anyOf",
        "oneOf",
        "properties",
        "required",
        "additionalProperties",
        "dependentRequired",
        "if",
        "then",
        "else",
        "minLength",
        "maxLength",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "items",
        "contentSchema",
    }
)

_URL_SAFE = string.ascii_letters + string.digits + "-._~"
_NAME = st.text(_URL_SAFE, min_size=1, max_size=8)
_HOSTS = st.one_of(
    st.sampled_from(["example.com", "127.0.0.1:8080", "localhost", "hooks.example.org"]),
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8).map(
        "{}.example".format
    ),
)
_QUERY = st.one_of(st.just(""), _NAME.map("?v={}".format))

#: Any JSON value, small.
json_values: st.SearchStrategy[Json] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


class UnsupportedSchema(Exception):
    """The spec uses a keyword the builder does not model; extend the builder, never skip it."""


def spec_validator(spec: Spec, name: str) -> jsonschema_rs.Validator:
    """A compiled 2020-12 validator (formats checked) for component schema ``name``."""
    return jsonschema_rs.validator_for(spec.json_schema(name), validate_formats=True)


class SchemaErrors:
    """``errors(name, value)``: what is wrong with ``value`` as component ``name`` (cached)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._validators: dict[str, jsonschema_rs.Validator] = {}

    def __call__(self, name: str, value: Json) -> list[str]:
        if name not in self._validators:
            self._validators[name] = spec_validator(self.spec, name)
        return [
            f"{list(e.instance_path)}: {e.message}"
            for e in self._validators[name].iter_errors(value)
        ]


def _uris() -> st.SearchStrategy[str]:
    path = st.lists(_NAME, max_size=3).map("/".join)
    return st.builds(
        "{}://{}/{}{}".format, st.sampled_from(["https", "http"]), _HOSTS, path, _QUERY
    )


#: Strategies for the ``format`` values the spec uses.
_FORMATS: Mapping[str, st.SearchStrategy[str]] = {"uri": _uris()}


def rule_urls(rule: Mapping[str, Any]) -> st.SearchStrategy[str]:
    """URLs a ``url-suffix`` rule accepts: an allowed suffix in any case, or an allowed data URI."""
    suffix = st.sampled_from(list(rule["suffixes"])).flatmap(
        lambda s: st.sampled_from([s, s.upper()])
    )
    url = st.builds("https://{}/{}{}{}".format, _HOSTS, _NAME, suffix, _QUERY)
    payload = st.binary(min_size=1, max_size=12).map(lambda b: base64.b64encode(b).decode())
    data_uri = st.builds(
        "data:{};base64,{}".format, st.sampled_from(list(rule["data-uri-types"])), payload
    )
    return st.one_of(url, data_uri)


class SchemaStrategies:
    """Strategies for the spec's component schemas (and valid createTask bodies)."""

    def __init__(self, spec: Spec, *, text_extra: int = 12, items_extra: int = 3) -> None:
        self.spec = spec
        self.text_extra = text_extra
        self.items_extra = items_extra

    # ---------------------------------------------------------------- plain schemas

    def component(self, name: str) -> st.SearchStrategy[Json]:
        """Values of component schema ``name``."""
        return self.for_schema({"$ref": f"#/components/schemas/{name}"})

    def resolved(self, node: Mapping[str, Any]) -> dict[str, Any]:
        schema = self.spec.resolve(node)
        unknown = {
            k for k in schema if k not in _KEYWORDS and k not in _ANNOTATIONS and k[:2] != "x-"
        }
        if unknown:
            raise UnsupportedSchema(f"keywords {sorted(unknown)!r} in {schema!r}")
        return schema

    def for_schema(
        self,
        node: Mapping[str, Any],
        *,
        strings: st.SearchStrategy[str] | None = None,
        overrides: Mapping[str, st.SearchStrategy[Json]] | None = None,
    ) -> st.SearchStrategy[Json]:
        """Values of ``node``. ``strings`` replaces free-text strings in it (format aside);
        ``overrides`` replaces the value strategy of named properties of an object schema."""
        schema = self.resolved(node)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(list(schema["enum"]))
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                rest = {k for k in schema if k != combinator and k in _KEYWORDS}
                if rest:
                    raise UnsupportedSchema(f"{combinator} next to {sorted(rest)!r}")
                # oneOf branches of this spec exclude each other (a `const` or a type apiece).
                return st.one_of([self.for_schema(b, strings=strings) for b in schema[combinator]])
        types = schema.get("type")
        if types is None:
            if "properties" not in schema:
                return json_values
            types = "object"
        names = [types] if isinstance(types, str) else list(types)
        return st.one_of([self._typed(t, schema, strings, overrides or {}) for t in names])

    def _typed(
        self,
        kind: str,
        schema: Mapping[str, Any],
        strings: st.SearchStrategy[str] | None,
        overrides: Mapping[str, st.SearchStrategy[Json]],
    ) -> st.SearchStrategy[Json]:
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind in ("integer", "number"):
            return self._number(kind, schema)
        if kind == "string":
            return self._string(schema, strings)
        if kind == "array":
            low = int(schema.get("minItems", 0))
            high = min(int(schema.get("maxItems", low + self.items_extra)), low + self.items_extra)
            return st.lists(
                self.for_schema(schema.get("items", {}), strings=strings),
                min_size=low,
                max_size=high,
            )
        if kind == "object":
            return self._object(schema, strings, overrides)
        raise UnsupportedSchema(f"type {kind!r}")

    def _number(self, kind: str, schema: Mapping[str, Any]) -> st.SearchStrategy[Json]:
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        low_open, high_open = "exclusiveMinimum" in schema, "exclusiveMaximum" in schema
        int_low = None if low is None else math.floor(low) + 1 if low_open else math.ceil(low)
        int_high = None if high is None else math.ceil(high) - 1 if high_open else math.floor(high)
        integers = st.integers(min_value=int_low, max_value=int_high)
        if kind == "integer":
            return integers
        floats = st.floats(
            min_value=low,
            max_value=high,
            exclude_min=low_open,
            exclude_max=high_open,
            allow_nan=False,
            allow_infinity=False,
        )
        return st.one_of(integers, floats)

    def _string(
        self, schema: Mapping[str, Any], strings: st.SearchStrategy[str] | None
    ) -> st.SearchStrategy[str]:
        low = int(schema.get("minLength", 0))
        high = min(int(schema.get("maxLength", low + self.text_extra)), low + self.text_extra)
        if schema.get("contentMediaType") == "application/json" and "contentSchema" in schema:
            # A string holding a JSON document (2020-12 content vocabulary): draw the document.
            return self.for_schema(schema["contentSchema"]).map(json.dumps)
        if "format" in schema:
            if schema["format"] not in _FORMATS:
                raise UnsupportedSchema(f"format {schema['format']!r}")
            source = _FORMATS[schema["format"]]
        elif strings is not None:
            source = strings
        else:
            return st.text(min_size=low, max_size=high)
        top = schema.get("maxLength")
        return source.filter(lambda s: low <= len(s) and (top is None or len(s) <= top))

    def _object(
        self,
        schema: Mapping[str, Any],
        strings: st.SearchStrategy[str] | None,
        overrides: Mapping[str, st.SearchStrategy[Json]],
    ) -> st.SearchStrategy[dict[str, Json]]:
        properties: Mapping[str, Any] = schema.get("properties", {})
        required: Sequence[str] = schema.get("required", [])
        missing = [name for name in required if name not in properties]
        if missing:
            raise UnsupportedSchema(f"required {missing!r} without a property schema")
        values = {
            name: overrides[name] if name in overrides else self.for_schema(prop, strings=strings)
            for name, prop in properties.items()
        }
        dependent: Mapping[str, Sequence[str]] = schema.get("dependentRequired", {})
        conditional = self._conditional(schema)
        additional = schema.get("additionalProperties", True)
        extra: st.SearchStrategy[dict[str, Json]] | None = None
        if additional is not False:
            extra_values = json_values if additional is True else self.for_schema(additional)
            extra = st.dictionaries(
                _NAME.filter(lambda n: n not in properties), extra_values, max_size=2
            )

        @st.composite
        def draw_object(draw: Draw) -> dict[str, Json]:
            chosen = [n for n in properties if n in required or draw(st.booleans())]
            # dependentRequired: a present trigger brings its dependents along.
            for name in chosen:
                chosen.extend(d for d in dependent.get(name, ()) if d not in chosen)
            out = {name: draw(values[name]) for name in properties if name in chosen}
            if conditional is not None:
                holds, then_required, else_required = conditional
                for name in then_required if holds(out) else else_required:
                    if name not in out:
                        out[name] = draw(values[name])
            if extra is not None:
                out.update(draw(extra))
            return out

        return draw_object()

    def _conditional(
        self, schema: Mapping[str, Any]
    ) -> tuple[Callable[[Json], bool], list[str], list[str]] | None:
        """``if``/``then``/``else`` where the branches only add ``required`` names."""
        if "if" not in schema:
            return None
        branches = {}
        for key in ("then", "else"):
            branch = schema.get(key, {})
            if set(branch) - {"required"} - _ANNOTATIONS:
                raise UnsupportedSchema(f"{key!r} other than `required`: {branch!r}")
            branches[key] = list(branch.get("required", []))
        test = jsonschema_rs.validator_for(
            {
                "$schema": JSON_SCHEMA_DIALECT,
                **schema["if"],
                "components": self.spec.document["components"],
            }
        )
        return test.is_valid, branches["then"], branches["else"]

    # ---------------------------------------------------------------- valid requests

    def valid_request(self, model_id: str) -> st.SearchStrategy[dict[str, Json]]:
        """createTask bodies for ``model_id``: valid against the schema and every rule."""
        info = self.spec.models[model_id]
        request = self.resolved(self.spec.schema(info.request_schema))
        input_schema = self.resolved(request["properties"]["input"])
        field_strings: dict[str, st.SearchStrategy[Json]] = {}
        for rule in info.rules:
            if rule["kind"] == "url-suffix":
                for name in rule["fields"]:
                    field_strings[name] = self.for_schema(
                        input_schema["properties"][name], strings=rule_urls(rule)
                    )
            elif rule["kind"] not in _REPAIRS:
                raise UnsupportedSchema(f"x-liangxin-rules kind {rule['kind']!r}")
        inputs = self.for_schema(input_schema, overrides=field_strings)

        @st.composite
        def repaired(draw: Draw) -> dict[str, Json]:
            data: dict[str, Json] = draw(inputs)
            for rule in info.rules:
                fixed = _REPAIRS[rule["kind"]](self.spec, info, rule, data)
                assume(fixed is not None)
                data = fixed or data
            return data

        return self.for_schema(request, overrides={"input": repaired()})


# -------------------------------------------------------------------- rule repairs


def _count(value: Json) -> int:
    if value is None:
        return 0
    return len(value) if isinstance(value, list) else 1


def _trim_combined(
    spec: Spec, info: ModelInfo, rule: Mapping[str, Any], data: dict[str, Json]
) -> dict[str, Json] | None:
    """``max-combined-items``: drop items (last fields first) until the total fits."""
    required = set(info.input.get("required", []))
    total = sum(_count(data.get(f)) for f in rule["fields"])
    for name in reversed(rule["fields"]):
        if total <= rule["max"] or name not in data:
            continue
        value = data[name]
        if isinstance(value, list):
            keep = max(len(value) - (total - rule["max"]), int(info.field(name).get("minItems", 0)))
            total -= len(value) - keep
            data[name] = value[:keep]
        if total > rule["max"] and name not in required:
            total -= _count(data.pop(name))
    return data if total <= rule["max"] else None


def allowed_totals(spec: Spec, info: ModelInfo, rule: Mapping[str, Any]) -> dict[int, Json]:
    """The values the ``total`` field of a ``sum-equals`` rule may take, by their integer."""
    field = info.field(rule["total"])
    enum = spec.enum_of(field)
    if enum is not None:
        return {int(v): v for v in enum}
    wrap = str if field.get("type") == "string" else int
    return {n: wrap(n) for n in range(int(field.get("minimum", 0)), int(field.get("maximum", 60)))}


def _match_total(
    spec: Spec, info: ModelInfo, rule: Mapping[str, Any], data: dict[str, Json]
) -> dict[str, Json] | None:
    """``sum-equals``: write the items' sum into the total field (dropping trailing items
    when the sum is too large); ``None`` when no allowed total fits."""
    items = data.get(rule["array"])
    if not isinstance(items, list) or not items:
        return data
    allowed = allowed_totals(spec, info, rule)
    low = max(1, int(info.field(rule["array"]).get("minItems", 0)))
    while True:
        total = sum(int(item.get(rule["item"], 0)) for item in items)
        if total in allowed:
            default = rule.get("total-default")
            if rule["total"] in data or default is None or int(default) != total:
                data[rule["total"]] = allowed[total]
            return data
        if len(items) <= low or total < max(allowed):
            return None
        items.pop()


_REPAIRS: Mapping[
    str, Callable[[Spec, ModelInfo, Mapping[str, Any], dict[str, Json]], dict[str, Json] | None]
] = {
    "max-combined-items": _trim_combined,
    "url-suffix": lambda spec, info, rule, data: data,  # drawn valid (see valid_request)
    "sum-equals": _match_total,
}
