"""The example payloads of ``openapi/examples/`` against the spec and the generated client.

Layout (see ``openapi/examples/README.md``): ``<ComponentSchemaName>/<name>.json`` must validate
against that component schema; ``invalid/<ComponentSchemaName>/<name>.json`` must not, and one
of the errors must mention the substring in the sibling ``<name>.expect``.
"""

from __future__ import annotations

import json
from typing import Any

import liangxin_client.models
import pytest

from tests.contract._support import (
    EXAMPLES_DIR,
    INVALID_DIR,
    Example,
    error_report,
    examples,
    model_ids,
    params,
    request_class,
    spec,
    task_states,
    valid_examples,
    validator,
)

RECORD_SCHEMAS = ("RecordInfoResponse", "TaskCallback")
TERMINAL_STATES = frozenset({"success", "fail"})


# ------------------------------------------------------------------------- layout


def test_examples_exist() -> None:
    assert len(valid_examples()) >= 30
    assert any(not ex.valid for ex in examples())


def test_folder_layout() -> None:
    problems: list[str] = []
    for path in sorted(EXAMPLES_DIR.rglob("*")):
        rel = path.relative_to(EXAMPLES_DIR)
        if path.is_dir() or rel.as_posix() == "README.md":
            continue
        parts = rel.parts[1:] if rel.parts[0] == INVALID_DIR else rel.parts
        if len(parts) != 2:
            problems.append(f"{rel}: expected [invalid/]<ComponentSchemaName>/<name>.json")
        elif parts[0] not in spec().schemas:
            problems.append(f"{rel}: {parts[0]!r} is not a component schema")
        elif path.suffix == ".expect":
            if rel.parts[0] != INVALID_DIR or not path.with_suffix(".json").is_file():
                problems.append(f"{rel}: .expect without an invalid .json sibling")
        elif path.suffix != ".json":
            problems.append(f"{rel}: only .json (and .expect under invalid/) belong here")
        elif rel.parts[0] == INVALID_DIR and not path.with_suffix(".expect").is_file():
            problems.append(f"{rel}: invalid example without a .expect file")
    assert problems == []


# ------------------------------------------------------------------------- against the spec


@pytest.mark.parametrize("example", params(examples()))
def test_example_against_its_schema(example: Example) -> None:
    instance = example.load()
    check = validator(example.schema)
    if example.valid:
        assert check.is_valid(instance), error_report(example.schema, instance)
        return
    assert example.expect, f"{example.expect_path.name} is empty"
    assert not check.is_valid(instance), f"accepted by {example.schema}"
    report = error_report(example.schema, instance)
    assert any(example.expect in line for line in report), (example.expect, report)


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in model_ids()])
def test_every_model_has_a_valid_request_example(model_id: str) -> None:
    models = [ex.load()["model"] for ex in valid_examples("CreateTaskRequest")]
    assert model_id in models
    # The wire tests build each model's request from this file.
    assert (EXAMPLES_DIR / "CreateTaskRequest" / f"{model_id}.json").is_file()


def test_request_examples_name_known_models() -> None:
    unknown = {
        ex.id: ex.load().get("model")
        for ex in valid_examples("CreateTaskRequest")
        if ex.load().get("model") not in spec().models
    }
    assert unknown == {}


@pytest.mark.parametrize("state", [pytest.param(s, id=s) for s in task_states()])
def test_every_state_has_a_record_example(state: str) -> None:
    path = EXAMPLES_DIR / "RecordInfoResponse" / f"{state}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["data"]["state"] == state


def test_callback_examples_cover_both_terminal_states() -> None:
    states = {ex.load()["data"]["state"] for ex in valid_examples("TaskCallback")}
    assert states == TERMINAL_STATES


# ------------------------------------------------------------------------- JSON strings


def _records() -> list[Any]:
    return params(
        ex for ex in valid_examples(*RECORD_SCHEMAS) if isinstance(ex.load().get("data"), dict)
    )


@pytest.mark.parametrize("example", _records())
def test_param_string_decodes_to_the_request(example: Example) -> None:
    data = example.load()["data"]
    param = json.loads(data["param"])
    assert validator("TaskParam").is_valid(param), error_report("TaskParam", param)
    assert param["model"] == data["model"]
    # `input` may be a JSON string again (kie task logs); once decoded, the whole `param` is
    # the createTask body that was sent.
    if isinstance(param.get("input"), str):
        param = {**param, "input": json.loads(param["input"])}
    assert validator("CreateTaskRequest").is_valid(param), error_report("CreateTaskRequest", param)


@pytest.mark.parametrize("example", _records())
def test_result_json_string_decodes(example: Example) -> None:
    data = example.load()["data"]
    raw = data.get("resultJson")
    if data["state"] != "success":
        # Empty until success (recordInfo sends "", failure callbacks null).
        assert raw in (None, "")
        return
    assert isinstance(raw, str)
    assert raw
    result = json.loads(raw)
    assert validator("ResultJson").is_valid(result), error_report("ResultJson", result)
    assert result["resultUrls"], "a success must name at least one result URL"


@pytest.mark.parametrize("example", _records())
def test_failure_fields_follow_the_state(example: Example) -> None:
    body = example.load()
    data = body["data"]
    if data["state"] == "fail":
        assert data["failCode"]
        assert data["failMsg"]
    else:
        # recordInfo sends "" when there is no failure, the callback sends null.
        assert data.get("failCode") in (None, "")
        assert data.get("failMsg") in (None, "")
    if example.schema == "TaskCallback":
        assert data["state"] in TERMINAL_STATES


# ------------------------------------------------------------------------- generated client


@pytest.mark.parametrize("example", params(valid_examples()))
def test_generated_client_round_trips(example: Example) -> None:
    instance = example.load()
    if example.schema == "CreateTaskRequest":
        cls = request_class(instance["model"])
        parsed: Any = cls.from_dict(instance)
        assert type(parsed).__name__ == spec().models[instance["model"]].request_schema
    else:
        model_class = getattr(liangxin_client.models, example.schema, None)
        assert model_class is not None, f"the generated client has no {example.schema}"
        parsed = model_class.from_dict(instance)
    assert parsed.to_dict() == instance
