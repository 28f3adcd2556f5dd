"""The change rules on 10-line inline specs: one small model, one record, one operation."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import yaml

from liangxin.contract.specdiff import diff_documents
from tests.contract_tools._support import lines

MINI = """
openapi: 3.1.0
info: {{title: mini, version: "1"}}
paths:
  /create:
    post:
      operationId: create
      requestBody:
        content: {{application/json: {{schema: {{$ref: "#/components/schemas/Body"}}}}}}
      responses:
        "200":
          content: {{application/json: {{schema: {{$ref: "#/components/schemas/Record"}}}}}}
components:
  schemas:
    Body:
      oneOf: [{{$ref: "#/components/schemas/ARequest"}}]
      discriminator: {{propertyName: model, mapping: {{a: "#/components/schemas/ARequest"}}}}
    ARequest:
      type: object
      properties:
        model: {{type: string, const: a}}
        input: {{$ref: "#/components/schemas/AInput"}}
    AInput:
{input}
    Record:
{record}
"""

INPUT = """
type: object
required: [prompt]
additionalProperties: false
properties:
  prompt: {type: string, maxLength: 10, x-evidence: documented}
  size: {type: string, enum: [s, m]}
"""

RECORD = """
type: object
required: [state]
properties:
  state: {type: string, enum: [running, done]}
  cost: {type: [integer, "null"], maximum: 100}
"""


def mini(input_: str = INPUT, record: str = RECORD) -> dict[str, Any]:
    def indent(text: str) -> str:
        return textwrap.indent(textwrap.dedent(text).strip(), " " * 6)

    document: dict[str, Any] = yaml.safe_load(
        MINI.format(input=indent(input_), record=indent(record))
    )
    return document


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def test_identical_specs_have_no_changes() -> None:
    assert diff_documents(mini(), mini()) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "maxLength: 10",
            "maxLength: 5",
            "BREAKING a input.prompt: maxLength 10 → 5 (tightened)",
            id="limit-tightened",
        ),
        pytest.param(
            "maxLength: 10",
            "maxLength: 20",
            "ok a input.prompt: maxLength 10 → 20 (loosened)",
            id="limit-loosened",
        ),
        pytest.param(
            "enum: [s, m]",
            "enum: [s]",
            "BREAKING a input.size: enum value 'm' removed",
            id="enum-value-removed",
        ),
        pytest.param(
            "enum: [s, m]",
            "enum: [s, m, l]",
            "ok a input.size: enum value 'l' added",
            id="enum-value-added",
        ),
        pytest.param(
            "required: [prompt]",
            "required: [prompt, size]",
            "BREAKING a input.size: field became required",
            id="became-required",
        ),
        pytest.param(
            "required: [prompt]",
            "required: []",
            "ok a input.prompt: field no longer required",
            id="no-longer-required",
        ),
        pytest.param(
            "size: {type: string, enum: [s, m]}",
            "size: {type: string, enum: [s, m]}\n  n: {type: integer}",
            "ok a input.n: optional field added",
            id="optional-field-added",
        ),
        pytest.param(
            "size: {type: string, enum: [s, m]}",
            "",
            "BREAKING a input.size: field removed",
            id="field-removed",
        ),
        pytest.param(
            "size: {type: string,",
            "size: {type: integer,",
            "BREAKING a input.size: type 'string' → 'integer'",
            id="type-changed",
        ),
        pytest.param(
            "size: {type: string,",
            "size: {type: [string, integer],",
            "ok a input.size: type 'string' → 'integer | string' (widened)",
            id="type-widened",
        ),
        pytest.param(
            "additionalProperties: false",
            "additionalProperties: true",
            "ok a input: additionalProperties False → True",
            id="additional-properties-loosened",
        ),
        pytest.param(
            "x-evidence: documented",
            "x-evidence: inferred",
            "info a input.prompt: x-evidence 'documented' → 'inferred'",
            id="evidence",
        ),
    ],
)
def test_request_rules(old: str, new: str, expected: str) -> None:
    assert lines(diff_documents(mini(), mini(input_=edit(INPUT, old, new)))) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "enum: [running, done]",
            "enum: [running, done, paused]",
            "BREAKING shared Record.state: enum value 'paused' added",
            id="enum-value-added",
        ),
        pytest.param(
            "enum: [running, done]",
            "enum: [running]",
            "ok shared Record.state: enum value 'done' removed",
            id="enum-value-removed",
        ),
        pytest.param(
            "required: [state]",
            "required: []",
            "BREAKING shared Record.state: field no longer required",
            id="no-longer-required",
        ),
        pytest.param(
            'type: [integer, "null"]',
            'type: [number, "null"]',
            "BREAKING shared Record.cost: type 'integer | null' → 'number | null' (widened)",
            id="type-widened",
        ),
        pytest.param(
            "maximum: 100",
            "maximum: 50",
            "ok shared Record.cost: maximum 100 → 50 (tightened)",
            id="limit-tightened",
        ),
        pytest.param(
            "cost: {",
            "extra: {type: string}\n  cost: {",
            "ok shared Record.extra: optional field added",
            id="field-added",
        ),
    ],
)
def test_response_rules(old: str, new: str, expected: str) -> None:
    assert lines(diff_documents(mini(), mini(record=edit(RECORD, old, new)))) == [expected]


def test_model_added_and_removed() -> None:
    two = mini()
    schemas = two["components"]["schemas"]
    schemas["BRequest"] = {**schemas["ARequest"], "properties": {"model": {"const": "b"}}}
    schemas["Body"]["oneOf"].append({"$ref": "#/components/schemas/BRequest"})
    assert lines(diff_documents(mini(), two)) == ["ok b model 'b' added"]
    assert lines(diff_documents(two, mini())) == ["BREAKING b model 'b' removed"]


def test_operations_and_status_codes() -> None:
    new = mini()
    operation = new["paths"]["/create"]["post"]
    operation["responses"]["400"] = operation["responses"].pop("200")
    operation["operationId"] = "make"
    new["paths"]["/other"] = {"get": {"responses": {}}}
    assert lines(diff_documents(mini(), new)) == [
        "BREAKING shared POST /create: operationId 'create' → 'make'",
        "BREAKING shared POST /create responses.200: status removed",
        "ok shared POST /create responses.400: status added",
        "ok shared GET /other: operation added",
    ]


def test_renamed_input_schema_breaks_imports() -> None:
    new = mini()
    schemas = new["components"]["schemas"]
    schemas["AInput2"] = schemas.pop("AInput")
    schemas["ARequest"]["properties"]["input"] = {"$ref": "#/components/schemas/AInput2"}
    assert lines(diff_documents(mini(), new)) == [
        "BREAKING a input: schema 'AInput' → 'AInput2'; 'AInput' and its generated class are gone"
    ]


def test_cross_field_rules() -> None:
    rule = "x-liangxin-rules: [{kind: max-combined-items, fields: [size], max: 2}]\n"
    with_rule = mini(input_=INPUT + rule)
    other = mini(input_=INPUT + rule.replace("max: 2", "max: 3"))
    shown = "{'kind': 'max-combined-items', 'fields': ['size'], 'max': 2}"
    assert lines(diff_documents(mini(), with_rule)) == [
        f"BREAKING a input: cross-field rule {shown} added"
    ]
    assert lines(diff_documents(with_rule, mini())) == [
        f"ok a input: cross-field rule {shown} removed"
    ]
    assert lines(diff_documents(with_rule, other)) == [
        f"BREAKING a input: cross-field rule {shown} → {shown.replace('2', '3')}"
    ]
