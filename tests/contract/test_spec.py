"""The hand-curated spec itself: valid OpenAPI 3.1 and true to the kit's own conventions.

The conventions are those stated in the header of ``openapi/liangxin.yaml``: every field carries
``x-evidence``, provider defaults are ``x-provider-default`` (never ``default``), cross-field rules
live in ``x-liangxin-rules``, and the createTask body is a ``oneOf`` discriminated on ``model``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema_rs
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from tests.contract._support import (
    EVIDENCE_LEVELS,
    spec,
    standalone,
    walk_schema,
)

CREATE_TASK = ("/api/v1/jobs/createTask", "post")
RECORD_INFO = ("/api/v1/jobs/recordInfo", "get")
CREATE_TASK_ERRORS = (400, 401, 403, 413, 415, 422, 429, 500)
RECORD_INFO_ERRORS = (400, 401, 403, 404, 422, 429, 500)

# The two documented error envelopes (api-reference §4.1), as every error response must accept.
BUSINESS_ENVELOPE = {"code": 400, "msg": "input.prompt is required", "data": None}
GATEWAY_ENVELOPE = {"error": {"message": "invalid token", "type": "new_api_error", "code": ""}}

# Known rule kinds (see the spec header) and the keys each one needs.
RULE_KEYS: Mapping[str, frozenset[str]] = {
    "max-combined-items": frozenset({"fields", "max"}),
    "url-suffix": frozenset({"fields", "suffixes", "data-uri-types"}),
    "sum-equals": frozenset({"array", "item", "total", "total-default"}),
}


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _request_schemas() -> list[str]:
    return [info.request_schema for info in spec().models.values()]


def _input_schemas() -> list[str]:
    """The models' input schemas plus the object schemas nested in them (e.g. ``KlingShot``)."""
    names: list[str] = []
    for info in spec().models.values():
        for name in (info.input_schema, *_nested_object_schemas(info.input_schema)):
            if name not in names:
                names.append(name)
    return names


def _nested_object_schemas(schema_name: str) -> list[str]:
    found: list[str] = []
    for node in walk_schema(spec().schema(schema_name)):
        ref = node.get("$ref")
        if isinstance(ref, str) and "properties" in spec().resolve(node):
            found.append(_ref_name(ref))
    return found


def _properties(schema_names: list[str]) -> list[Any]:
    return [
        pytest.param(name, prop, id=f"{name}.{prop}")
        for name in schema_names
        for prop in spec().schema(name).get("properties", {})
    ]


def _operation(path: str, method: str) -> dict[str, Any]:
    operation = spec().document["paths"][path][method]
    assert isinstance(operation, dict)
    return operation


# ------------------------------------------------------------------------- document


def test_document_is_valid_openapi_3_1() -> None:
    document = spec().document
    assert str(document["openapi"]).startswith("3.1.")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_component_schema_has_evidence() -> None:
    missing = {
        name: schema.get("x-evidence")
        for name, schema in spec().schemas.items()
        if schema.get("x-evidence") not in EVIDENCE_LEVELS
    }
    assert not missing


# ------------------------------------------------------------------------- discriminator


def test_discriminator_is_on_model() -> None:
    discriminator = spec().schema("CreateTaskRequest")["discriminator"]
    assert discriminator["propertyName"] == "model"
    assert len(discriminator["mapping"]) == 12


@pytest.mark.parametrize(
    ("model_id", "ref"),
    [
        pytest.param(model_id, ref, id=model_id)
        for model_id, ref in spec().schema("CreateTaskRequest")["discriminator"]["mapping"].items()
    ],
)
def test_mapping_target_fixes_its_model(model_id: str, ref: str) -> None:
    request = spec().schema(_ref_name(ref))
    assert "model" in request["required"]
    model = request["properties"]["model"]
    assert model.get("const") == model_id
    # The request schemas' `model` is the one place a `default` is right: it is the const, and
    # it lets the generated client fill the discriminator in by itself.
    assert model.get("default") == model_id


def test_one_of_and_mapping_agree() -> None:
    create_task = spec().schema("CreateTaskRequest")
    one_of = {_ref_name(branch["$ref"]) for branch in create_task["oneOf"]}
    mapped = {_ref_name(ref) for ref in create_task["discriminator"]["mapping"].values()}
    assert all(name.endswith("Request") for name in one_of)
    assert one_of - mapped == set(), "oneOf branches that no model id maps to"
    assert mapped - one_of == set(), "mapping targets missing from the oneOf"
    assert len(create_task["oneOf"]) == len(one_of), "duplicate oneOf branch"


# ------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("schema_name", "prop"), _properties(_request_schemas() + _input_schemas())
)
def test_property_has_evidence(schema_name: str, prop: str) -> None:
    node = spec().schema(schema_name)["properties"][prop]
    assert spec().resolve(node).get("x-evidence") in EVIDENCE_LEVELS


@pytest.mark.parametrize(
    ("schema_name", "prop"), _properties(_request_schemas() + _input_schemas())
)
def test_property_has_description(schema_name: str, prop: str) -> None:
    node = spec().schema(schema_name)["properties"][prop]
    description = spec().resolve(node).get("description")
    assert isinstance(description, str)
    assert description.strip()


@pytest.mark.parametrize(
    "schema_name", [pytest.param(name, id=name) for name in _request_schemas() + _input_schemas()]
)
def test_closed_object(schema_name: str) -> None:
    # Unknown fields are typos (or fields of another model): they must be rejected, not sent.
    assert spec().schema(schema_name).get("additionalProperties") is False


@pytest.mark.parametrize("schema_name", [pytest.param(name, id=name) for name in _input_schemas()])
def test_input_has_no_schema_default(schema_name: str) -> None:
    # openapi-python-client turns a schema `default` into the attribute's default value, so the
    # generated client would put it in *every* request body, overriding the provider's own
    # default and pinning today's value forever. Provider defaults are documentation:
    # `x-provider-default`.
    with_default = [node for node in walk_schema(spec().schema(schema_name)) if "default" in node]
    assert with_default == []


@pytest.mark.parametrize(
    ("schema_name", "prop"),
    [
        param
        for param in _properties(_input_schemas())
        if "x-provider-default" in spec().schema(param.values[0])["properties"][param.values[1]]
    ],
)
def test_provider_default_is_an_allowed_value(schema_name: str, prop: str) -> None:
    node = spec().schema(schema_name)["properties"][prop]
    value = node["x-provider-default"]
    assert jsonschema_rs.validator_for(standalone(node)).is_valid(value)


def _rules() -> list[Any]:
    return [
        pytest.param(name, index, id=f"{name}[{index}]:{rule.get('kind')}")
        for name, schema in spec().schemas.items()
        for index, rule in enumerate(schema.get("x-liangxin-rules", ()))
    ]


def test_rules_exist() -> None:
    assert _rules(), "no x-liangxin-rules at all: the parametrised rule test would be vacuous"


@pytest.mark.parametrize(("schema_name", "index"), _rules())
def test_rule_is_well_formed(schema_name: str, index: int) -> None:
    schema = spec().schema(schema_name)
    rule = schema["x-liangxin-rules"][index]
    kind = rule.get("kind")
    assert kind in RULE_KEYS, f"unknown rule kind {kind!r}"
    assert RULE_KEYS[kind] <= set(rule), f"{kind} needs {sorted(RULE_KEYS[kind])}"
    properties = schema["properties"]
    if kind == "max-combined-items":
        assert set(rule["fields"]) <= set(properties)
        assert isinstance(rule["max"], int)
        assert rule["max"] > 0
    elif kind == "url-suffix":
        assert set(rule["fields"]) <= set(properties)
        assert all(suffix.startswith(".") for suffix in rule["suffixes"])
        assert all(media.startswith("image/") for media in rule["data-uri-types"])
    else:  # sum-equals
        array = spec().resolve(properties[rule["array"]])
        assert array.get("type") == "array"
        item = spec().resolve(array["items"])
        assert rule["item"] in item["properties"]
        assert rule["total"] in properties
        total = spec().resolve(properties[rule["total"]])
        allowed = spec().enum_of(total)
        assert allowed is None or str(rule["total-default"]) in {str(v) for v in allowed}


# ------------------------------------------------------------------------- responses


@pytest.mark.parametrize(
    ("operation", "status"),
    [
        *(pytest.param(CREATE_TASK, s, id=f"createTask-{s}") for s in CREATE_TASK_ERRORS),
        *(pytest.param(RECORD_INFO, s, id=f"recordInfo-{s}") for s in RECORD_INFO_ERRORS),
    ],
)
def test_error_status_accepts_both_envelopes(operation: tuple[str, str], status: int) -> None:
    responses = _operation(*operation)["responses"]
    assert str(status) in responses, f"{operation} does not declare {status}"
    response = spec().resolve(responses[str(status)])
    schema = response["content"]["application/json"]["schema"]
    check = jsonschema_rs.validator_for(standalone(schema))
    business = {**BUSINESS_ENVELOPE, "code": status}
    assert check.is_valid(business), list(check.iter_errors(business))
    assert check.is_valid(GATEWAY_ENVELOPE), list(check.iter_errors(GATEWAY_ENVELOPE))


def test_record_info_takes_a_required_task_id() -> None:
    (parameter,) = _operation(*RECORD_INFO)["parameters"]
    assert parameter["name"] == "taskId"
    assert parameter["in"] == "query"
    assert parameter["required"] is True


def test_success_responses_reference_their_envelopes() -> None:
    for operation, name in (
        (CREATE_TASK, "CreateTaskResponse"),
        (RECORD_INFO, "RecordInfoResponse"),
    ):
        ok = _operation(*operation)["responses"]["200"]["content"]["application/json"]
        assert ok["schema"] == {"$ref": f"#/components/schemas/{name}"}


# ------------------------------------------------------------------------- callback


def _callback_body_ref(post: Mapping[str, Any]) -> str:
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert "200" in post["responses"]
    return str(body["$ref"])


def test_callback_is_a_webhook() -> None:
    post = spec().document["webhooks"]["taskFinished"]["post"]
    assert _callback_body_ref(post) == "#/components/schemas/TaskCallback"


def test_callback_is_an_operation_callback() -> None:
    callbacks = _operation(*CREATE_TASK)["callbacks"]["taskFinished"]
    assert list(callbacks) == ["{$request.body#/callBackUrl}"]
    post = callbacks["{$request.body#/callBackUrl}"]["post"]
    assert _callback_body_ref(post) == "#/components/schemas/TaskCallback"


def test_callback_url_is_a_top_level_request_field() -> None:
    # `{$request.body#/callBackUrl}` must point at a field every request schema has.
    for name in _request_schemas():
        assert "callBackUrl" in spec().schema(name)["properties"], name
        assert "callBackUrl" not in spec().schema(name).get("required", [])
