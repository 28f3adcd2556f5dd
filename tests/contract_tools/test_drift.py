"""The drift checker: the mock's real answers match the spec, and edits of the spec show up.

The bodies come from the in-process mock (fake clock) once per module: every example request
of ``openapi/examples/CreateTaskRequest``, its records in every state, the callbacks and the
error answers. Against the real spec nothing drifts; against a copy with one deliberate edit
exactly that edit is reported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from liangxin.contract.drift import Finding, check_body
from mock_server.app import create_app
from mock_server.clock import FakeClock
from mock_server.settings import Phases, Settings
from mock_server.spec import Spec, load_spec
from mock_server.testing import running
from tests.contract_tools._support import ROOT, real_document, write_spec

Bodies = dict[str, list[Any]]
CREATE, RECORD = "/api/v1/jobs/createTask", "/api/v1/jobs/recordInfo"
REQUESTS = sorted((ROOT / "openapi" / "examples" / "CreateTaskRequest").glob("*.json"))


async def _collect() -> Bodies:
    delivered: list[Any] = []

    def receive(request: httpx.Request) -> httpx.Response:
        delivered.append(json.loads(request.content))
        return httpx.Response(200)

    settings = Settings(
        seed=3,
        fail_rate=0.3,
        rate_limit=0,
        phases={"image": Phases(1.0, 1.0, 3.0), "video": Phases(1.0, 1.0, 5.0)},
    )
    receiver = httpx.AsyncClient(transport=httpx.MockTransport(receive))
    app = create_app(settings, clock=FakeClock(), callback_client=receiver)
    bodies: Bodies = {"CreateTaskResponse": [], "RecordInfoResponse": [], "ErrorResponse": []}
    async with running(app) as mock, mock.http() as http:
        task_ids = []
        for path in REQUESTS:
            answer = await http.post(CREATE, json=json.loads(path.read_text("utf-8")))
            bodies["CreateTaskResponse"].append(answer.json())
            task_ids.append(answer.json()["data"]["taskId"])
        for _ in range(20):
            for task_id in task_ids:
                answer = await http.get(RECORD, params={"taskId": task_id})
                bodies["RecordInfoResponse"].append(answer.json())
            await mock.advance(0.5)
        bad = {"model": "z-image", "input": {"prompt": "x", "aspect_ratio": "2:1"}}
        errors = [
            await http.post(CREATE, json=bad),
            await http.get(RECORD, params={"taskId": "task_unknown_1"}),
            await http.get(RECORD),
        ]
        async with mock.http(authorize=False) as anonymous:
            errors.append(await anonymous.get(RECORD, params={"taskId": task_ids[0]}))
        assert [e.status_code for e in errors] == [400, 422, 400, 401]
        bodies["ErrorResponse"] = [e.json() for e in errors]
    bodies["TaskCallback"] = delivered
    return bodies


@pytest.fixture(scope="module")
def bodies() -> Bodies:
    collected = anyio.run(_collect)
    states = Counter(b["data"]["state"] for b in collected["RecordInfoResponse"])
    assert set(states) == {"waiting", "queuing", "generating", "success", "fail"}, states
    with_callback = [p for p in REQUESTS if "callBackUrl" in json.loads(p.read_text("utf-8"))]
    assert len(collected["TaskCallback"]) == len(with_callback) > 0
    return collected


def drift(spec: Spec, bodies: Bodies) -> list[Finding]:
    return [
        f
        for name, group in bodies.items()
        for b in group
        for f in check_body(spec, name, b).findings
    ]


def altered(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Spec:
    document = real_document()
    change(document)
    return load_spec(write_spec(tmp_path / "liangxin.yaml", document))


def record(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"]["TaskRecord"]
    return found


def test_the_mock_does_not_drift(bodies: Bodies, spec: Spec) -> None:
    assert drift(spec, bodies) == []


def test_errors_are_matched_to_their_envelope(bodies: Bodies, spec: Spec) -> None:
    matched = [check_body(spec, "ErrorResponse", b).schema for b in bodies["ErrorResponse"]]
    assert matched == ["BusinessError", "BusinessError", "BusinessError", "GatewayError"]


def test_removed_property_is_an_unknown_field(bodies: Bodies, tmp_path: Path) -> None:
    spec = altered(tmp_path, lambda d: record(d)["properties"].pop("progress"))
    findings = drift(spec, bodies)
    assert {(f.kind, f.path) for f in findings} == {("unknown-field", "$.data.progress")}
    record_bodies = len(bodies["RecordInfoResponse"]) + len(bodies["TaskCallback"])
    assert len(findings) == record_bodies


def test_renamed_property(bodies: Bodies, tmp_path: Path) -> None:
    def rename(document: dict[str, Any]) -> None:
        record(document)["properties"]["failureCode"] = record(document)["properties"].pop(
            "failCode"
        )
        record(document)["required"].append("failureCode")

    findings = drift(altered(tmp_path, rename), bodies)
    assert {(f.kind, f.path) for f in findings} == {
        ("unknown-field", "$.data.failCode"),
        ("missing-field", "$.data.failureCode"),
    }


def test_removed_state_is_an_enum_drift(bodies: Bodies, tmp_path: Path) -> None:
    spec = altered(
        tmp_path, lambda d: d["components"]["schemas"]["TaskState"]["enum"].remove("queuing")
    )
    findings = drift(spec, bodies)
    queuing = sum(b["data"]["state"] == "queuing" for b in bodies["RecordInfoResponse"])
    assert queuing > 0
    assert [(f.kind, f.path) for f in findings] == [("enum", "$.data.state")] * queuing
    assert findings[0].message.startswith("'queuing' is not one of ['waiting', 'generating'")


def test_integer_credits_is_a_type_drift(bodies: Bodies, tmp_path: Path) -> None:
    spec = altered(
        tmp_path,
        lambda d: record(d)["properties"]["creditsConsumed"].update(type=["integer", "null"]),
    )
    findings = drift(spec, bodies)
    assert {(f.kind, f.path) for f in findings} == {("type", "$.data.creditsConsumed")}
    assert findings[0].message == "1.0 is number, the spec says integer | null"


def test_json_string_fields_are_decoded_and_checked(bodies: Bodies, tmp_path: Path) -> None:
    spec = altered(
        tmp_path, lambda d: d["components"]["schemas"]["ResultJson"]["properties"].pop("resultUrls")
    )
    findings = drift(spec, bodies)
    assert {(f.kind, f.path) for f in findings} == {
        ("unknown-field", "$.data.resultJson<json>.resultUrls")
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param({"param": "{not json"}, ("json-string", "$.data.param"), id="param-not-json"),
        pytest.param(
            {"param": '{"input": {}}'},
            ("missing-field", "$.data.param<json>.model"),
            id="param-no-model",
        ),
        pytest.param(
            {"resultJson": '{"resultUrls": "x"}'},
            ("type", "$.data.resultJson<json>.resultUrls"),
            id="result-urls-not-array",
        ),
        pytest.param({"progress": 101}, ("constraint", "$.data.progress"), id="progress-above-100"),
        pytest.param({"state": "cancelled"}, ("enum", "$.data.state"), id="unknown-state"),
    ],
)
def test_single_findings(spec: Spec, data: dict[str, Any], expected: tuple[str, str]) -> None:
    body = {
        "code": 200,
        "msg": "success",
        "data": {"taskId": "t", "model": "z-image", "state": "waiting", **data},
    }
    assert [(f.kind, f.path) for f in check_body(spec, "RecordInfoResponse", body).findings] == [
        expected
    ]
