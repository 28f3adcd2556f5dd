"""Unit tests of ``mock_server.validation.RequestValidator``, driven by the spec.

Every constraint the spec declares on a model's ``input`` (type, enum, ranges, lengths, item
counts, required and conditionally required fields, ``additionalProperties``) and every
``x-liangxin-rules`` entry is read from ``openapi/liangxin.yaml`` and turned into at least one
invalid body whose exact message is asserted. The cases follow the spec: tighten a limit there
and the expected messages here move with it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import pytest

from mock_server.errors import BadRequest
from mock_server.spec import ModelInfo, Spec, load_spec
from mock_server.validation import RequestValidator, format_path

SPEC = load_spec()
MODELS = sorted(SPEC.models)
SAMPLE_URL = "https://cdn.example.test/ref.png"

JsonObject = dict[str, Any]
Wrap = Callable[[Any], Any]


@pytest.fixture(scope="module")
def validator(spec: Spec) -> RequestValidator:
    return RequestValidator(spec)


# ---------------------------------------------------------------- bodies from the spec


def _resolve(schema: Mapping[str, Any]) -> JsonObject:
    return SPEC.resolve(schema)


def sample(schema: Mapping[str, Any]) -> Any:
    """The smallest valid value of ``schema`` (strings are image URLs, so suffix rules pass)."""
    schema = _resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        return SAMPLE_URL
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return schema.get("minimum", 0.5)
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(schema["items"])] * max(1, int(schema.get("minItems", 1)))
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: sample(properties[name]) for name in schema.get("required", [])}
    raise AssertionError(f"no sample for schema {schema!r}")


def required_inputs(info: ModelInfo) -> list[str]:
    """The input fields a body must carry: ``required`` plus ``if``/``then`` requirements."""
    return [*info.input.get("required", []), *info.input.get("then", {}).get("required", [])]


def minimal_input(model_id: str) -> JsonObject:
    info = SPEC.models[model_id]
    return {name: sample(info.field(name)) for name in required_inputs(info)}


def body(model_id: str, **fields: Any) -> JsonObject:
    """A valid minimal body for ``model_id`` with ``fields`` set in ``input``."""
    return {"model": model_id, "input": {**minimal_input(model_id), **fields}}


def body_with(model_id: str, field: str, value: Any) -> JsonObject:
    """A valid body with ``field`` set (and the fields it needs, like flux's ``height``)."""
    info = SPEC.models[model_id]
    companions = info.input.get("dependentRequired", {}).get(field, [])
    fields = {name: sample(info.field(name)) for name in companions}
    return body(model_id, **{**fields, field: value})


def body_without(model_id: str, *names: str) -> JsonObject:
    data = {k: v for k, v in minimal_input(model_id).items() if k not in names}
    return {"model": model_id, "input": data}


def supported() -> str:
    return f"supported models: {sorted(SPEC.models)!r}"


# ---------------------------------------------------------------- expected messages


def msg_type(where: str, value: Any, kind: str) -> str:
    return f"{where}: {value!r} is not of type {kind}"


def msg_enum(where: str, value: Any, allowed: list[Any]) -> str:
    return f"{where}: {value!r} is not one of {allowed!r}"


def msg_bound(where: str, value: Any, bound: str, limit: Any) -> str:
    return f"{where}: {value!r} must be {bound} {limit}"


def msg_length(where: str, length: int, bound: str, limit: int) -> str:
    return f"{where}: {length} characters given, must have {bound} {limit}"


def msg_items(where: str, count: int, bound: str, limit: int) -> str:
    return f"{where}: {count} items given, must have {bound} {limit}"


def msg_required(where: str) -> str:
    return f"{where} is required"


def msg_unknown(where: str) -> str:
    return f"{where} is not allowed (unknown field)"


# ---------------------------------------------------------------- cases from the spec


@attrs.frozen
class Case:
    """One invalid ``input`` field value and the message it must produce."""

    model: str
    field: str
    value: Any
    message: str
    kind: str
    #: A wrong type on an enum field also fails the enum: the message is one of several.
    exclusive: bool = True

    @property
    def id(self) -> str:
        return f"{self.model}-{self.kind}"

    def body(self) -> JsonObject:
        return body_with(self.model, self.field, self.value)


def wrong_types(schema: Mapping[str, Any]) -> tuple[Any, ...]:
    """Values of the wrong JSON type (in range otherwise): ``"7"`` where an integer belongs."""
    kind = schema.get("type")
    if kind == "integer":
        valid = sample(schema)
        return (str(valid), valid + 0.5, True)
    return {
        "string": (12345, None),
        "number": ("0.5", True),
        "boolean": ("true", 1),
        "array": (SAMPLE_URL, {}),
        "object": ("shot",),
    }.get(str(kind), ())


def _node_cases(
    schema: Mapping[str, Any], where: str, wrap: Wrap
) -> Iterator[tuple[str, Any, str]]:
    """``(kind, wrapped bad value, message)`` for every constraint of one schema node."""
    schema = _resolve(schema)
    kind = schema.get("type")
    enum = schema.get("enum")
    for bad in wrong_types(schema):
        yield f"type-{type(bad).__name__}", wrap(bad), msg_type(where, bad, str(kind))
    if enum is not None:
        yield "enum", wrap("bogus-value"), msg_enum(where, "bogus-value", enum)
    for keyword, bound, step in (("minimum", "at least", -1), ("maximum", "at most", 1)):
        if keyword in schema:
            limit = schema[keyword]
            bad = limit + step if kind == "integer" else round(limit + step / 10, 1)
            yield keyword, wrap(bad), msg_bound(where, bad, bound, limit)
    if schema.get("minLength", 0) > 0:
        n = schema["minLength"] - 1
        yield "minLength", wrap("x" * n), msg_length(where, n, "at least", schema["minLength"])
    if "maxLength" in schema:
        n = schema["maxLength"] + 1
        yield "maxLength", wrap("x" * n), msg_length(where, n, "at most", schema["maxLength"])
    if kind == "array":
        item = sample(schema["items"])
        if schema.get("minItems", 0) > 0:
            n = schema["minItems"] - 1
            yield "minItems", wrap([item] * n), msg_items(where, n, "at least", schema["minItems"])
        if "maxItems" in schema:
            n = schema["maxItems"] + 1
            yield "maxItems", wrap([item] * n), msg_items(where, n, "at most", schema["maxItems"])
        others = sample(schema)[1:]  # keep minItems satisfied around the bad first item
        yield from (
            (f"items-{k}", v, m)
            for k, v, m in _node_cases(
                schema["items"], f"{where}[0]", lambda bad: wrap([bad, *others])
            )
        )
    if kind == "object":
        yield from _object_cases(schema, where, wrap)


def _object_cases(
    schema: Mapping[str, Any], where: str, wrap: Wrap
) -> Iterator[tuple[str, Any, str]]:
    """Constraints of a nested object (a Kling shot or element): its fields, required, extras."""
    valid = sample(schema)
    properties: Mapping[str, Any] = schema.get("properties", {})
    for name in schema.get("required", []):
        missing = {k: v for k, v in valid.items() if k != name}
        yield f"{name}-required", wrap(missing), msg_required(f"{where}.{name}")
    if schema.get("additionalProperties") is False:
        yield "unknown-field", wrap({**valid, "extra": 1}), msg_unknown(f"{where}.extra")
    for name, prop in properties.items():

        def nested(bad: Any, name: str = name) -> Any:
            return wrap({**valid, name: bad})

        for kind, value, message in _node_cases(prop, f"{where}.{name}", nested):
            yield f"{name}-{kind}", value, message


def constraint_cases() -> Iterator[Case]:
    for model_id in MODELS:
        info = SPEC.models[model_id]
        for name in info.input["properties"]:
            schema = _resolve(info.field(name))
            enum_typed = "enum" in schema
            for kind, value, message in _node_cases(schema, f"input.{name}", lambda bad: bad):
                yield Case(
                    model=model_id,
                    field=name,
                    value=value,
                    message=message,
                    kind=f"{name}-{kind}",
                    exclusive=not (enum_typed and kind.startswith("type-")),
                )


CASES = list(constraint_cases())


def _params(cases: list[Case]) -> list[Any]:
    return [pytest.param(case, id=case.id) for case in cases]


# ---------------------------------------------------------------- the generated cases


@pytest.mark.parametrize("case", _params([c for c in CASES if c.exclusive]))
def test_every_input_constraint_gives_its_exact_message(
    validator: RequestValidator, case: Case
) -> None:
    assert validator.problems(case.body()) == [case.message]


@pytest.mark.parametrize("case", _params([c for c in CASES if not c.exclusive]))
def test_wrong_type_on_an_enum_field_names_the_field_and_type(
    validator: RequestValidator, case: Case
) -> None:
    problems = validator.problems(case.body())
    assert case.message in problems
    where = case.message.split(":", 1)[0]
    assert all(p.startswith(f"{where}: ") for p in problems), problems


@pytest.mark.parametrize(
    ("model_id", "field", "keyword"),
    [
        pytest.param("seedream-v4-5", "prompt", "maxLength", id="seedream-prompt-4096"),
        pytest.param("seedream-v4-5-edit", "reference_images", "minItems", id="edit-refs-min"),
        pytest.param("seedream-v4-5-edit", "reference_images", "maxItems", id="edit-refs-max"),
        pytest.param("seedream-v5-lite-edit", "reference_images", "maxItems", id="v5-edit-refs"),
        pytest.param("nano-banana-pro", "prompt", "minLength", id="nano-prompt-min"),
        pytest.param("nano-banana-pro-flash", "prompt", "maxLength", id="nano-flash-prompt-max"),
        pytest.param("nano-banana-pro", "image_input", "maxItems", id="nano-image-input"),
        pytest.param("nano-banana-pro", "output_format", "enum", id="nano-png-only"),
        pytest.param("nano-banana-pro", "resolution", "enum", id="nano-resolution"),
        pytest.param("kling-v3-pro", "prompt", "maxLength", id="kling-prompt-2500"),
        pytest.param("kling-v3-pro", "duration", "enum", id="kling-duration"),
        pytest.param("kling-v3-pro", "shot_type", "enum", id="kling-shot-type"),
        pytest.param("kling-v3-pro", "multi_prompt", "maxItems", id="kling-multi-prompt-6"),
        pytest.param("kling-v3-pro", "element_list", "items-element_input_urls-minItems", id="el2"),
        pytest.param("kling-v3-pro", "element_list", "items-element_input_urls-maxItems", id="el4"),
        pytest.param("kling-v3-pro", "cfg_scale", "minimum", id="kling-cfg-min"),
        pytest.param("kling-v3-pro", "cfg_scale", "maximum", id="kling-cfg-max"),
        pytest.param("z-image", "image_size", "enum", id="z-image-size"),
        pytest.param("z-image", "seed", "minimum", id="z-image-seed-min-0"),
        pytest.param("z-image", "num_inference_steps", "minimum", id="z-image-steps"),
        pytest.param("imagen4-ultra", "seed", "minimum", id="imagen-seed-min-1"),
        pytest.param("imagen4-fast", "compression_quality", "maximum", id="imagen-quality-max"),
        pytest.param("imagen4-ultra", "compression_quality", "minimum", id="imagen-quality-min"),
        pytest.param("imagen4-ultra", "person_generation", "enum", id="imagen-person"),
        pytest.param("imagen4-ultra", "safety_settings", "enum", id="imagen-safety"),
        pytest.param("imagen4-ultra", "language", "enum", id="imagen-language"),
        pytest.param("imagen4-ultra", "output_format", "enum", id="imagen-output-format"),
        pytest.param("flux-2-pro", "width", "minimum", id="flux-width-min"),
        pytest.param("flux-2-pro", "height", "maximum", id="flux-height-max"),
        pytest.param("flux-2-pro", "aspect_ratio", "enum", id="flux-aspect-ratio"),
        pytest.param("seedream-v5-lite", "seed", "maximum", id="seedream-seed-max"),
        pytest.param("gemini-2.5-flash-image-preview", "aspect_ratio", "enum", id="gemini-ar"),
    ],
)
def test_documented_constraints_are_among_the_cases(
    model_id: str, field: str, keyword: str
) -> None:
    """The generator did not silently skip a constraint the documentation names."""
    kinds = {c.kind for c in CASES if c.model == model_id and c.field == field}
    assert f"{field}-{keyword}" in kinds, sorted(kinds)


def test_every_model_and_every_input_field_has_cases() -> None:
    covered = {(c.model, c.field) for c in CASES}
    expected = {(m, f) for m in MODELS for f in SPEC.models[m].input["properties"]}
    assert covered == expected


# ---------------------------------------------------------------- spec limits, by hand


@pytest.mark.parametrize(
    ("model_id", "field", "keyword", "documented"),
    [
        pytest.param("seedream-v4-5", "prompt", "maxLength", 4096, id="seedream-4096"),
        pytest.param("nano-banana-pro", "prompt", "minLength", 2, id="nano-min-2"),
        pytest.param("nano-banana-pro", "prompt", "maxLength", 3000, id="nano-max-3000"),
        pytest.param("kling-v3-pro", "prompt", "maxLength", 2500, id="kling-2500"),
        pytest.param("imagen4-ultra", "seed", "minimum", 1, id="imagen-seed-1"),
        pytest.param("z-image", "seed", "minimum", 0, id="z-image-seed-0"),
        pytest.param("flux-2-pro", "width", "minimum", 256, id="flux-256"),
        pytest.param("flux-2-pro", "height", "maximum", 1440, id="flux-1440"),
        pytest.param("seedream-v4-5-edit", "reference_images", "maxItems", 5, id="edit-5"),
        pytest.param("nano-banana-pro", "image_input", "maxItems", 3, id="nano-3"),
        pytest.param("kling-v3-pro", "multi_prompt", "maxItems", 6, id="kling-6-shots"),
    ],
)
def test_spec_carries_the_documented_limits(
    model_id: str, field: str, keyword: str, documented: int
) -> None:
    # The generated cases read limits from the spec; this pins the few that the
    # documentation states, so a wrong edit of the spec cannot move both at once.
    assert SPEC.models[model_id].field(field)[keyword] == documented


# ---------------------------------------------------------------- boundaries and enums


def _boundary_values(schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    schema = _resolve(schema)
    for keyword in ("minimum", "maximum"):
        if keyword in schema:
            yield keyword, schema[keyword]
    for keyword in ("minLength", "maxLength"):
        if keyword in schema:
            yield keyword, "x" * schema[keyword]
    for keyword in ("minItems", "maxItems"):
        if keyword in schema:
            yield keyword, [sample(schema["items"])] * schema[keyword]


def boundary_params() -> Iterator[Any]:
    for model_id in MODELS:
        info = SPEC.models[model_id]
        for name in info.input["properties"]:
            for keyword, value in _boundary_values(info.field(name)):
                if name == "multi_prompt":
                    continue  # shot durations must add up; covered by the rule tests
                yield pytest.param(model_id, name, value, id=f"{model_id}-{name}-{keyword}")


@pytest.mark.parametrize(("model_id", "field", "value"), list(boundary_params()))
def test_values_on_the_boundary_are_accepted(
    validator: RequestValidator, model_id: str, field: str, value: Any
) -> None:
    assert validator.problems(body_with(model_id, field, value)) == []


def enum_fields() -> Iterator[Any]:
    for model_id in MODELS:
        info = SPEC.models[model_id]
        for name in info.input["properties"]:
            if SPEC.enum_of(info.field(name)) is not None:
                yield pytest.param(model_id, name, id=f"{model_id}-{name}")


def _allowed(model_id: str, field: str) -> list[Any]:
    values = SPEC.enum_of(SPEC.models[model_id].field(field))
    assert values is not None
    return values


@pytest.mark.parametrize(("model_id", "field"), list(enum_fields()))
def test_every_enum_value_is_accepted(
    validator: RequestValidator, model_id: str, field: str
) -> None:
    for value in _allowed(model_id, field):
        assert validator.problems(body_with(model_id, field, value)) == [], value


@pytest.mark.parametrize(("model_id", "field"), list(enum_fields()))
def test_values_of_other_model_families_are_rejected(
    validator: RequestValidator, model_id: str, field: str
) -> None:
    """A value valid for the same field of another model is refused here, by name."""
    allowed = _allowed(model_id, field)
    elsewhere = {
        value
        for other in MODELS
        if field in SPEC.models[other].input["properties"]
        for value in _allowed(other, field) or ()
    }
    for value in sorted(elsewhere - set(allowed)):
        problems = validator.problems(body(model_id, **{field: value}))
        assert problems == [msg_enum(f"input.{field}", value, allowed)]


@pytest.mark.parametrize(
    ("model_id", "field", "value"),
    [
        pytest.param("nano-banana-pro", "output_format", "jpeg", id="nano-jpeg"),
        pytest.param("nano-banana-pro-flash", "output_format", "webp", id="nano-flash-webp"),
        pytest.param("imagen4-ultra", "aspect_ratio", "3:2", id="imagen-3-2"),
        pytest.param("imagen4-fast", "aspect_ratio", "21:9", id="imagen-fast-21-9"),
        pytest.param("flux-2-pro", "aspect_ratio", "square_1_1", id="flux-alias"),
        pytest.param("z-image", "aspect_ratio", "21:9", id="z-image-21-9"),
        pytest.param("z-image", "image_size", "1024x1024", id="z-image-pixels"),
        pytest.param("seedream-v4-5", "aspect_ratio", "5:4", id="seedream-5-4"),
        pytest.param("seedream-v4-5", "aspect_ratio", "Square_1_1", id="seedream-case"),
        pytest.param("kling-v3-pro", "aspect_ratio", "4:3", id="kling-4-3"),
        pytest.param("kling-v3-pro", "duration", "2", id="kling-2s"),
        pytest.param("kling-v3-pro", "duration", "16", id="kling-16s"),
        pytest.param("kling-v3-pro", "duration", "5s", id="kling-5s-suffix"),
        pytest.param("kling-v3-pro", "shot_type", "auto", id="kling-shot-auto"),
        pytest.param("nano-banana-pro", "resolution", "8K", id="nano-8k"),
        pytest.param("nano-banana-pro", "resolution", "2k", id="nano-lower-2k"),
        pytest.param("imagen4-ultra", "language", "fr", id="imagen-fr"),
        pytest.param("imagen4-ultra", "person_generation", "allow", id="imagen-person"),
        pytest.param("imagen4-ultra", "safety_settings", "block_all", id="imagen-safety"),
        pytest.param("imagen4-ultra", "output_format", "webp", id="imagen-webp"),
    ],
)
def test_documented_near_miss_enum_values(
    validator: RequestValidator, model_id: str, field: str, value: str
) -> None:
    allowed = _allowed(model_id, field)
    assert value not in allowed
    assert validator.problems(body(model_id, **{field: value})) == [
        msg_enum(f"input.{field}", value, allowed)
    ]


@pytest.mark.parametrize(
    "model_id",
    [pytest.param(m, id=m) for m in MODELS if "maxLength" in SPEC.models[m].field("prompt")],
)
def test_prompt_length_counts_characters_not_bytes(
    validator: RequestValidator, model_id: str
) -> None:
    limit = SPEC.models[model_id].field("prompt")["maxLength"]
    assert validator.problems(body(model_id, prompt="狐" * limit)) == []  # 3 bytes each
    assert validator.problems(body(model_id, prompt="🦊" * (limit + 1))) == [
        msg_length("input.prompt", limit + 1, "at most", limit)
    ]


def test_kling_duration_as_an_integer_names_type_and_allowed_values(
    validator: RequestValidator,
) -> None:
    # Upstream takes the duration as a string; an integer fails both type and enum.
    allowed = _allowed("kling-v3-pro", "duration")
    assert validator.problems(body("kling-v3-pro", duration=5)) == [
        msg_type("input.duration", 5, "string"),
        msg_enum("input.duration", 5, allowed),
    ]


def test_seed_zero_is_allowed_except_for_imagen(validator: RequestValidator) -> None:
    for model_id in MODELS:
        if "seed" not in SPEC.models[model_id].input["properties"]:
            continue
        minimum = SPEC.models[model_id].field("seed")["minimum"]
        problems = validator.problems(body(model_id, seed=0))
        if minimum == 0:
            assert problems == [], model_id
        else:
            assert problems == [msg_bound("input.seed", 0, "at least", minimum)], model_id


# ---------------------------------------------------------------- required fields


def required_params() -> Iterator[Any]:
    for model_id in MODELS:
        for name in SPEC.models[model_id].input.get("required", []):
            yield pytest.param(model_id, name, id=f"{model_id}-{name}")


@pytest.mark.parametrize(("model_id", "field"), list(required_params()))
def test_missing_required_input_field(
    validator: RequestValidator, model_id: str, field: str
) -> None:
    assert validator.problems(body_without(model_id, field)) == [msg_required(f"input.{field}")]


def test_every_model_requires_a_prompt_somehow() -> None:
    for model_id in MODELS:
        assert "prompt" in required_inputs(SPEC.models[model_id]), model_id


def test_kling_without_prompt_or_multi_prompt(validator: RequestValidator) -> None:
    unless = SPEC.models["kling-v3-pro"].input["if"]["not"]["required"]
    assert unless == ["multi_prompt"]
    assert validator.problems(body_without("kling-v3-pro", "prompt")) == [
        "input.prompt is required unless input.multi_prompt is given"
    ]


def test_kling_multi_prompt_alone_is_enough(validator: RequestValidator) -> None:
    default = int(SPEC.models["kling-v3-pro"].provider_default("duration"))
    shots = [{"prompt": "wide shot", "duration": default}]
    request = {"model": "kling-v3-pro", "input": {"multi_prompt": shots}}
    assert validator.problems(request) == []


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        pytest.param("width", "height", id="width-without-height"),
        pytest.param("height", "width", id="height-without-width"),
    ],
)
def test_flux_width_and_height_come_together(
    validator: RequestValidator, given: str, missing: str
) -> None:
    info = SPEC.models["flux-2-pro"]
    assert info.input["dependentRequired"][given] == [missing]
    value = info.field(given)["minimum"]
    assert validator.problems(body("flux-2-pro", **{given: value})) == [
        f"input.{missing} is required when input.{given} is given"
    ]


def test_flux_width_and_height_together_pass(validator: RequestValidator) -> None:
    assert validator.problems(body("flux-2-pro", width=1024, height=768)) == []


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in MODELS])
def test_missing_input(validator: RequestValidator, model_id: str) -> None:
    assert validator.problems({"model": model_id}) == ["input is required"]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("a cat", id="string"),
        pytest.param(None, id="null"),
        pytest.param([{"prompt": "a cat"}], id="list"),
    ],
)
def test_input_not_an_object(validator: RequestValidator, value: Any) -> None:
    assert validator.problems({"model": "z-image", "input": value}) == [
        msg_type("input", value, "object")
    ]


# ---------------------------------------------------------------- unknown fields


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in MODELS])
def test_unknown_input_field(validator: RequestValidator, model_id: str) -> None:
    assert validator.problems(body(model_id, colour="red")) == [msg_unknown("input.colour")]


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in MODELS])
def test_unknown_top_level_field(validator: RequestValidator, model_id: str) -> None:
    request = {**body(model_id), "callbackUrl": "https://example.test/cb"}
    assert validator.problems(request) == [msg_unknown("callbackUrl")]


def foreign_field_params() -> Iterator[Any]:
    """Fields another model takes but this one does not (e.g. ``resolution`` for z-image)."""
    everywhere = {f for m in MODELS for f in SPEC.models[m].input["properties"]}
    for model_id in MODELS:
        own = set(SPEC.models[model_id].input["properties"])
        for name in sorted(everywhere - own):
            yield pytest.param(model_id, name, id=f"{model_id}-{name}")


@pytest.mark.parametrize(("model_id", "field"), list(foreign_field_params()))
def test_fields_of_other_models_are_unknown(
    validator: RequestValidator, model_id: str, field: str
) -> None:
    donor = next(m for m in MODELS if field in SPEC.models[m].input["properties"])
    value = sample(SPEC.models[donor].field(field))
    assert validator.problems(body(model_id, **{field: value})) == [msg_unknown(f"input.{field}")]


def test_google_search_tool_is_for_the_flash_model_only(validator: RequestValidator) -> None:
    flash = body("nano-banana-pro-flash", use_google_search_tool=True)
    assert validator.problems(flash) == []
    pro = body("nano-banana-pro", use_google_search_tool=True)
    assert validator.problems(pro) == [msg_unknown("input.use_google_search_tool")]


def test_several_unknown_fields_are_named_one_by_one(validator: RequestValidator) -> None:
    problems = validator.problems(body("z-image", colour="red", mood="calm"))
    assert len(problems) == 1
    assert sorted(problems[0].split("; ")) == [
        msg_unknown("input.colour"),
        msg_unknown("input.mood"),
    ]


# ---------------------------------------------------------------- x-liangxin-rules


def _rules(kind: str) -> Iterator[tuple[str, JsonObject]]:
    for model_id in MODELS:
        for rule in SPEC.models[model_id].rules:
            if rule["kind"] == kind:
                yield model_id, rule


def _rule_params(kind: str) -> list[Any]:
    return [pytest.param(m, r, id=m) for m, r in _rules(kind)]


def test_rule_kinds_in_the_spec_are_all_exercised() -> None:
    kinds = {rule["kind"] for m in MODELS for rule in SPEC.models[m].rules}
    assert kinds == {"max-combined-items", "url-suffix", "sum-equals"}
    assert {m for m, _ in _rules("max-combined-items")} == {
        "gemini-2.5-flash-image-preview",
        "nano-banana-pro",
        "nano-banana-pro-flash",
        "flux-2-pro",
    }


def _fill(model_id: str, fields: list[str], total: int) -> JsonObject:
    """Spread ``total`` image URLs over ``fields``, each within its own schema limits."""
    info = SPEC.models[model_id]
    urls = (f"https://cdn.example.test/{i}.png" for i in itertools.count())
    data: JsonObject = {}
    left = total
    for name in fields:
        if left == 0:
            break
        schema = info.field(name)
        if schema.get("type") == "array":
            n = min(left, int(schema.get("maxItems", left)))
            data[name] = [next(urls) for _ in range(n)]
        else:
            n = 1
            data[name] = next(urls)
        left -= n
    assert left == 0, f"{model_id}: cannot place {total} images in {fields}"
    return data


@pytest.mark.parametrize(("model_id", "rule"), _rule_params("max-combined-items"))
def test_combined_images_over_the_limit(
    validator: RequestValidator, model_id: str, rule: JsonObject
) -> None:
    limit = rule["max"]
    # Fill from the last field backwards so that more than one field takes part.
    data = _fill(model_id, list(reversed(rule["fields"])), limit + 1)
    assert len(data) > 1
    named = " + ".join(f"input.{f}" for f in rule["fields"])
    assert validator.problems(body(model_id, **data)) == [
        f"{named}: {limit + 1} images given in all, at most {limit} allowed"
    ]


@pytest.mark.parametrize(("model_id", "rule"), _rule_params("max-combined-items"))
def test_combined_images_at_the_limit_pass(
    validator: RequestValidator, model_id: str, rule: JsonObject
) -> None:
    data = _fill(model_id, list(reversed(rule["fields"])), rule["max"])
    assert validator.problems(body(model_id, **data)) == []


def test_nano_banana_image_input_plus_reference_images(validator: RequestValidator) -> None:
    two = ["https://cdn.example.test/a.png", "https://cdn.example.test/b.jpg"]
    request = body("nano-banana-pro", image_input=two, reference_images=two)
    assert validator.problems(request) == [
        "input.image_input + input.reference_images: 4 images given in all, at most 3 allowed"
    ]


def test_flux_input_images_plus_reference_images(validator: RequestValidator) -> None:
    request = body(
        "flux-2-pro",
        input_image="https://cdn.example.test/1.png",
        input_image_3="https://cdn.example.test/3.png",
        reference_images=[
            "https://cdn.example.test/r1.png",
            "https://cdn.example.test/r2.png",
            "https://cdn.example.test/r3.png",
        ],
    )
    problems = validator.problems(request)
    assert len(problems) == 1
    assert problems[0].endswith("5 images given in all, at most 4 allowed")
    assert problems[0].startswith("input.input_image + input.input_image_2")


ACCEPTED_URLS = [
    pytest.param("https://cdn.example.test/cat.png", id="png"),
    pytest.param("https://cdn.example.test/cat.jpg", id="jpg"),
    pytest.param("https://cdn.example.test/cat.jpeg", id="jpeg"),
    pytest.param("https://cdn.example.test/cat.webp", id="webp"),
    pytest.param("https://cdn.example.test/CAT.PNG", id="upper-case-suffix"),
    pytest.param("https://cdn.example.test/cat.JpEg", id="mixed-case-suffix"),
    pytest.param("https://cdn.example.test/cat.png?X-Amz-Signature=abc&x=1", id="query-string"),
    pytest.param("https://cdn.example.test/cat.webp#frame", id="fragment"),
    pytest.param("data:image/png;base64,iVBORw0KGgo=", id="data-png"),
    pytest.param("data:image/jpeg;base64,/9j/4AAQ", id="data-jpeg"),
    pytest.param("data:image/webp;base64,UklGRg==", id="data-webp"),
    pytest.param("DATA:IMAGE/PNG;BASE64,iVBORw0KGgo=", id="data-upper-case"),
    pytest.param("data:image/png,raw", id="data-not-base64"),
]

REJECTED_URLS = [
    pytest.param("https://cdn.example.test/cat.gif", id="gif"),
    pytest.param("https://cdn.example.test/cat", id="no-suffix"),
    pytest.param("https://cdn.example.test/cat.png.gif", id="png-then-gif"),
    pytest.param("https://cdn.example.test/cat.gif?name=.png", id="suffix-only-in-query"),
    pytest.param("https://cdn.example.test/cat.gif#.png", id="suffix-only-in-fragment"),
    pytest.param("https://cdn.example.test/png", id="png-without-dot"),
    pytest.param("cat.bmp", id="bmp"),
]

REJECTED_DATA_URIS = [
    pytest.param("data:image/gif;base64,R0lGODlh", "image/gif", id="data-gif"),
    pytest.param("data:text/plain,hello.png", "text/plain", id="data-text-ending-png"),
    pytest.param("data:image/svg+xml;base64,PHN2Zz4=", "image/svg+xml", id="data-svg"),
    pytest.param(
        "data:application/octet-stream;base64,AA==",
        "application/octet-stream",
        id="data-octet-stream",
    ),
]


def url_fields() -> list[Any]:
    return [
        pytest.param(model_id, rule, field, id=f"{model_id}-{field}")
        for model_id, rule in _rules("url-suffix")
        for field in rule["fields"]
    ]


def _as_value(model_id: str, field: str, urls: list[str]) -> Any:
    return urls if SPEC.models[model_id].field(field).get("type") == "array" else urls[0]


@pytest.mark.parametrize("url", ACCEPTED_URLS)
@pytest.mark.parametrize(("model_id", "rule", "field"), url_fields())
def test_url_suffix_rule_accepts(
    validator: RequestValidator, model_id: str, rule: JsonObject, field: str, url: str
) -> None:
    value = _as_value(model_id, field, [url])
    assert validator.problems(body(model_id, **{field: value})) == []


@pytest.mark.parametrize("url", REJECTED_URLS)
@pytest.mark.parametrize(("model_id", "rule", "field"), url_fields())
def test_url_suffix_rule_rejects(
    validator: RequestValidator, model_id: str, rule: JsonObject, field: str, url: str
) -> None:
    # The bad URL is second: the message names its index.
    value = _as_value(model_id, field, [SAMPLE_URL, url])
    suffixes = [s.lower() for s in rule["suffixes"]]
    types = sorted(t.lower() for t in rule["data-uri-types"])
    assert validator.problems(body(model_id, **{field: value})) == [
        f"input.{field}[1]: {url!r} must end in one of {suffixes!r} or be a data URI of {types!r}"
    ]


@pytest.mark.parametrize(("uri", "media_type"), REJECTED_DATA_URIS)
@pytest.mark.parametrize(("model_id", "rule", "field"), url_fields())
def test_url_suffix_rule_rejects_data_uris_of_other_types(
    validator: RequestValidator,
    model_id: str,
    rule: JsonObject,
    field: str,
    uri: str,
    media_type: str,
) -> None:
    types = sorted(t.lower() for t in rule["data-uri-types"])
    value = _as_value(model_id, field, [uri])
    assert validator.problems(body(model_id, **{field: value})) == [
        f"input.{field}[0]: data URI of type {media_type!r} is not allowed, "
        f"must be one of {types!r}"
    ]


def test_url_suffix_rule_reports_every_bad_url(validator: RequestValidator) -> None:
    request = body(
        "nano-banana-pro",
        image_input=["https://x.test/a.gif"],
        reference_images=["https://x.test/b.png", "data:image/gif;base64,AA"],
    )
    problems = validator.problems(request)
    assert [p.split(":", 1)[0] for p in problems] == [
        "input.image_input[0]",
        "input.reference_images[1]",
    ]


def test_models_without_the_url_rule_take_any_url(validator: RequestValidator) -> None:
    # Seedream edit and flux document URLs or base64 without a suffix rule.
    ruled = {m for m, _ in _rules("url-suffix")}
    for model_id in ("seedream-v4-5-edit", "seedream-v5-lite-edit"):
        assert model_id not in ruled
        request = body(model_id, reference_images=["https://cdn.example.test/image?id=7"])
        assert validator.problems(request) == []
    assert "flux-2-pro" not in ruled
    assert validator.problems(body("flux-2-pro", input_image="https://x.test/a.gif")) == []


def _sum_rule() -> JsonObject:
    ((model_id, rule),) = list(_rules("sum-equals"))
    assert model_id == "kling-v3-pro"
    return rule


def _shots(*durations: int) -> list[JsonObject]:
    return [{"prompt": f"shot {i}", "duration": d} for i, d in enumerate(durations)]


def test_shot_durations_must_add_up_to_duration(validator: RequestValidator) -> None:
    rule = _sum_rule()
    request = body("kling-v3-pro", duration="10", multi_prompt=_shots(3, 3, 3))
    assert validator.problems(request) == [
        f"input.{rule['array']}: shot {rule['item']}s add up to 9, "
        f"but input.{rule['total']} is 10 (given); they must be equal"
    ]


def test_shot_durations_must_add_up_to_the_default_duration(validator: RequestValidator) -> None:
    rule = _sum_rule()
    default = int(rule["total-default"])
    assert default == int(SPEC.models["kling-v3-pro"].provider_default("duration"))
    request = body("kling-v3-pro", multi_prompt=_shots(default, 1))
    assert validator.problems(request) == [
        f"input.multi_prompt: shot durations add up to {default + 1}, "
        f"but input.duration is {default} (default); they must be equal"
    ]


@pytest.mark.parametrize(
    ("duration", "shots"),
    [
        pytest.param(None, (2, 3), id="default-5"),
        pytest.param("10", (4, 6), id="two-shots"),
        pytest.param("15", (3, 3, 3, 2, 2, 2), id="six-shots"),
        pytest.param("3", (3,), id="one-shot"),
    ],
)
def test_shot_durations_that_add_up_pass(
    validator: RequestValidator, duration: str | None, shots: tuple[int, ...]
) -> None:
    fields: JsonObject = {"multi_prompt": _shots(*shots)}
    if duration is not None:
        fields["duration"] = duration
    request = {"model": "kling-v3-pro", "input": fields}
    assert validator.problems(request) == []


# ---------------------------------------------------------------- top level


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("not a uri", id="words"),
        pytest.param("/callbacks/liangxin", id="relative-path"),
        pytest.param("example.test/cb", id="no-scheme"),
        pytest.param("https://exa mple.test/cb", id="space-in-host"),
    ],
)
def test_callback_url_must_be_a_uri(validator: RequestValidator, url: str) -> None:
    request = {**body("z-image"), "callBackUrl": url}
    assert validator.problems(request) == [f"callBackUrl: {url!r} is not a valid uri"]


def test_callback_url_empty(validator: RequestValidator) -> None:
    problems = validator.problems({**body("z-image"), "callBackUrl": ""})
    assert msg_length("callBackUrl", 0, "at least", 1) in problems
    assert all(p.startswith("callBackUrl: ") for p in problems)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://hooks.example.test/liangxin?token=abc", id="https"),
        pytest.param("http://127.0.0.1:8765/callback", id="http-loopback"),
    ],
)
def test_callback_url_accepted(validator: RequestValidator, url: str) -> None:
    assert validator.problems({**body("z-image"), "callBackUrl": url}) == []


def test_callback_url_not_a_string(validator: RequestValidator) -> None:
    assert validator.problems({**body("z-image"), "callBackUrl": 42}) == [
        msg_type("callBackUrl", 42, "string")
    ]


def test_missing_model_lists_the_supported_ids(validator: RequestValidator) -> None:
    assert validator.problems({"input": {"prompt": "a cat"}}) == [
        f"model is required; {supported()}"
    ]


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(1, id="int"),
        pytest.param(None, id="null"),
        pytest.param(["z-image"], id="list"),
        pytest.param({"id": "z-image"}, id="object"),
        pytest.param(True, id="bool"),
    ],
)
def test_non_string_model(validator: RequestValidator, model: Any) -> None:
    assert validator.problems({"model": model, "input": {"prompt": "a cat"}}) == [
        f"model: {model!r} is not supported; {supported()}"
    ]


@pytest.mark.parametrize(
    "model",
    [
        pytest.param("dall-e-3", id="other-vendor"),
        pytest.param("Z-Image", id="wrong-case"),
        pytest.param("seedream-v4.5", id="dot-for-dash"),
        pytest.param("kling-3.0/video", id="kie-id"),
        pytest.param("", id="empty"),
        pytest.param(" z-image", id="leading-space"),
    ],
)
def test_unknown_model(validator: RequestValidator, model: str) -> None:
    assert validator.problems({"model": model, "input": {"prompt": "a cat"}}) == [
        f"model: {model!r} is not supported; {supported()}"
    ]


def test_supported_models_are_the_spec_models(validator: RequestValidator, spec: Spec) -> None:
    assert validator.supported == sorted(spec.models)
    assert len(validator.supported) == 12
    message = validator.problems({"model": "nope", "input": {}})[0]
    listed = message.split("supported models: ", 1)[1]
    assert listed == repr(sorted(spec.models))


@pytest.mark.parametrize(
    ("request_body", "shown"),
    [
        pytest.param([1, 2], "list [1, 2]", id="list"),
        pytest.param("z-image", "str 'z-image'", id="string"),
        pytest.param(None, "NoneType None", id="null"),
        pytest.param(42, "int 42", id="number"),
        pytest.param(True, "bool True", id="bool"),
    ],
)
def test_body_not_an_object(validator: RequestValidator, request_body: Any, shown: str) -> None:
    assert validator.problems(request_body) == [f"body: must be a JSON object, got {shown}"]


def test_long_values_are_shortened_in_messages(validator: RequestValidator) -> None:
    model = "m" * 200
    (message,) = validator.problems({"model": model, "input": {}})
    assert message.startswith("model: 'mmmm")
    assert "..." in message
    assert model not in message


def test_several_problems_are_all_reported(validator: RequestValidator) -> None:
    request = body("imagen4-ultra", seed=0, compression_quality=101, language="fr")
    problems = validator.problems(request)
    assert sorted(p.split(":", 1)[0] for p in problems) == [
        "input.compression_quality",
        "input.language",
        "input.seed",
    ]


def test_rules_run_only_on_schema_valid_input(validator: RequestValidator) -> None:
    # A schema error hides the cross-field rules, so a message never rests on a bad type.
    request = body(
        "nano-banana-pro", image_input=["https://x.test/a.gif"] * 2, output_format="jpeg"
    )
    assert validator.problems(request) == [
        msg_enum("input.output_format", "jpeg", _allowed("nano-banana-pro", "output_format"))
    ]


# ---------------------------------------------------------------- valid bodies


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in MODELS])
def test_minimal_valid_body(validator: RequestValidator, model_id: str) -> None:
    request = body(model_id)
    assert set(request["input"]) == set(required_inputs(SPEC.models[model_id]))
    assert validator.problems(request) == []
    assert validator.check_create(request) is request


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in MODELS])
def test_minimal_valid_body_with_callback(validator: RequestValidator, model_id: str) -> None:
    request = {**body(model_id), "callBackUrl": "https://hooks.example.test/cb"}
    assert validator.problems(request) == []


def test_check_create_raises_one_bad_request_joining_the_problems(
    validator: RequestValidator,
) -> None:
    request = body("z-image", seed=-1, num_inference_steps=0)
    with pytest.raises(BadRequest) as caught:
        validator.check_create(request)
    assert caught.value.status == 400
    assert caught.value.message == "; ".join(validator.problems(request))
    assert caught.value.message == (
        "input.seed: -1 must be at least 0; input.num_inference_steps: 0 must be at least 1"
    )


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param(
            ["input", "multi_prompt", 0, "duration"], "input.multi_prompt[0].duration", id="nested"
        ),
        pytest.param([], "body", id="root"),
        pytest.param(["model"], "model", id="top-level"),
        pytest.param([0], "[0]", id="index-first"),
    ],
)
def test_format_path(parts: list[str | int], expected: str) -> None:
    assert format_path(parts) == expected


def test_unknown_rule_kind_is_refused_at_start(spec: Spec) -> None:
    info = spec.models["z-image"]
    broken = attrs.evolve(info, rules=({"kind": "max-total-pixels"},))
    bad_spec = attrs.evolve(spec, models={**spec.models, "z-image": broken})
    with pytest.raises(
        ValueError, match=r"ZImageInput: unknown x-liangxin-rules kind 'max-total-pixels'"
    ):
        RequestValidator(bad_spec)
