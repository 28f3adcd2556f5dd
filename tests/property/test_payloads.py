"""Payload properties: bodies and records generated from the spec's own schemas.

For every model, a generated valid body parses into the generated request class and back to the
same dict, validates against the spec, and is accepted by the mock. Each invalid variant (one
thing broken, see :mod:`tests.property.mutations`) is rejected with 400, the business envelope
and a message naming the field. Records generated from the record schemas parse into the typed
client and round-trip, including their JSON-string fields.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import liangxin_client.models as client_models
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liangxin_client.models import TaskRecord

from mock_server.spec import Spec, load_spec
from tests.property.harness import LoopMock
from tests.property.mutations import CROSS_FIELD_KINDS, Invalid, applicable_kinds, invalid_request
from tests.property.strategies import Json, SchemaErrors, SchemaStrategies

SPEC = load_spec()
BUILDER = SchemaStrategies(SPEC)
schema_errors = SchemaErrors(SPEC)
MODELS = sorted(SPEC.models)
PROPERTY = settings.get_profile("property")

CREATE = "/api/v1/jobs/createTask"
RECORD = "/api/v1/jobs/recordInfo"

INVALID_CASES = [
    pytest.param(model_id, kind, id=f"{model_id}-{kind}")
    for model_id in MODELS
    for kind in applicable_kinds(BUILDER, model_id)
]


def request_class(spec: Spec, model_id: str) -> Any:
    """The generated class of ``model_id``'s request (named after its component schema)."""
    return getattr(client_models, spec.models[model_id].request_schema)


def names_field(message: str, path: str) -> bool:
    """``path`` appears in ``message`` as a whole field path, not inside a longer one."""
    return re.search(rf"(?:^|[\s;]){re.escape(path)}(?=[\s:;]|$)", message) is not None


def test_mutations_know_every_rule_kind_of_the_spec() -> None:
    # The rule kinds the spec uses are exactly those the mutations know how to break.
    used = {rule["kind"] for info in SPEC.models.values() for rule in info.rules}
    assert used <= set(CROSS_FIELD_KINDS), sorted(used - set(CROSS_FIELD_KINDS))
    assert {"dependentRequired", "if-then"} <= {
        kind for model_id in MODELS for kind in applicable_kinds(BUILDER, model_id)
    }


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in MODELS])
@PROPERTY
@given(data=st.data())
def test_valid_body_round_trips_and_is_accepted(
    model_id: str, data: st.DataObject, payload_mock: LoopMock
) -> None:
    body = data.draw(BUILDER.valid_request(model_id), label="body")
    info = SPEC.models[model_id]

    assert schema_errors(info.request_schema, body) == []
    assert schema_errors("CreateTaskRequest", body) == []  # the oneOf picks one branch
    typed = request_class(SPEC, model_id).from_dict(copy.deepcopy(body))
    assert typed.to_dict() == body

    response = payload_mock.post(CREATE, json=body)
    assert response.status_code == 200, response.text
    envelope = response.json()
    assert schema_errors("CreateTaskResponse", envelope) == []
    assert envelope["code"] == 200
    task_id = envelope["data"]["taskId"]

    record = payload_mock.get(RECORD, params={"taskId": task_id})
    assert record.status_code == 200, record.text
    assert schema_errors("RecordInfoResponse", record.json()) == []
    assert json.loads(record.json()["data"]["param"]) == body


@pytest.mark.parametrize(("model_id", "kind"), INVALID_CASES)
@PROPERTY
@given(data=st.data())
def test_invalid_body_is_rejected_naming_the_field(
    model_id: str, kind: str, data: st.DataObject, payload_mock: LoopMock
) -> None:
    invalid: Invalid = data.draw(invalid_request(BUILDER, model_id, kind), label="invalid")
    request_schema = SPEC.models[model_id].request_schema
    # The variant breaks what it says: the schema, or only an x-liangxin-rules rule.
    assert (schema_errors(request_schema, invalid.body) == []) == invalid.schema_valid

    response = payload_mock.post(CREATE, json=invalid.body)
    assert response.status_code == 400, response.text
    envelope = response.json()
    assert schema_errors("ErrorResponse", envelope) == []
    assert schema_errors("BusinessError", envelope) == []  # not the gateway's envelope
    assert envelope["code"] == 400
    assert envelope["data"] is None
    for path in invalid.paths:
        assert names_field(envelope["msg"], path), (path, envelope["msg"])


# ------------------------------------------------------------------------ records

#: Record fields that hold a JSON document, and the component schema of that document
#: (``contentMediaType: application/json`` + ``contentSchema``).
JSON_FIELDS = {
    name: prop["contentSchema"]["$ref"].rsplit("/", 1)[-1]
    for name, prop in SPEC.schema("TaskRecord")["properties"].items()
    if "contentSchema" in prop
}


@st.composite
def task_records(draw: Any, name: str = "TaskRecord") -> dict[str, Json]:
    """A record of schema ``name``; its JSON-string fields hold documents of their
    ``contentSchema``, with ``param`` a real createTask body and ``resultJson`` at times ``""``."""
    record: dict[str, Json] = draw(BUILDER.component(name))
    model_id = draw(st.sampled_from(MODELS))
    body = draw(BUILDER.valid_request(model_id))
    if draw(st.booleans()):  # kie task logs show `input` JSON-encoded once more
        body = {**body, "input": json.dumps(body["input"], ensure_ascii=draw(st.booleans()))}
    record["model"] = model_id
    record["param"] = json.dumps(body, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        record["resultJson"] = ""  # "empty until success"
    return record


def check_json_fields(record: TaskRecord, raw: dict[str, Json]) -> None:
    """Each JSON-string field decodes into its typed class and round-trips; ``param`` also
    holds the model's request (``input`` decoded once more where it is a string)."""
    for name, component in JSON_FIELDS.items():
        text = raw.get(name)
        if not text:
            continue
        document = json.loads(text)
        assert schema_errors(component, document) == []
        assert getattr(client_models, component).from_dict(document).to_dict() == document
    assert isinstance(record.param, str)
    body = json.loads(record.param)
    if isinstance(body["input"], str):
        body["input"] = json.loads(body["input"])
    typed = request_class(SPEC, record.model).from_dict(copy.deepcopy(body))
    assert typed.to_dict() == body


def test_record_json_fields_are_declared() -> None:
    assert JSON_FIELDS == {"param": "TaskParam", "resultJson": "ResultJson"}


@PROPERTY
@given(record=task_records())
def test_task_record_round_trips(record: dict[str, Json]) -> None:
    assert schema_errors("TaskRecord", record) == []
    typed = TaskRecord.from_dict(copy.deepcopy(record))
    assert typed.to_dict() == record
    check_json_fields(typed, record)


@pytest.mark.parametrize(
    "name", [pytest.param(n, id=n) for n in ("RecordInfoResponse", "TaskCallback")]
)
@PROPERTY
@given(data=st.data())
def test_envelope_round_trips(name: str, data: st.DataObject) -> None:
    envelope: dict[str, Json] = data.draw(BUILDER.component(name), label="envelope")
    if isinstance(envelope.get("data"), dict):
        envelope["data"] = data.draw(task_records(), label="data")
    assert schema_errors(name, envelope) == []
    typed = getattr(client_models, name).from_dict(copy.deepcopy(envelope))
    assert typed.to_dict() == envelope
    if isinstance(typed.data, TaskRecord):
        check_json_fields(typed.data, envelope["data"])
