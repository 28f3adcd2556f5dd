"""Schemathesis 4 against the mock: positive and negative requests, every answer per the spec.

The schema is loaded from ``openapi/liangxin.yaml`` (the mock does not serve it) and each case
is sent to a mock served on loopback (``serve_in_thread``; the spec's ``{baseUrl}`` server is
overridden per call). Every built-in check runs: no 5xx, status code, content type, headers and
response schema conformance, negative data rejected, positive data accepted, auth not ignored.

Two outcomes of schema-valid requests are refusals the spec itself documents, where
``positive_data_acceptance`` (ST202) cannot know better; for those cases the check's failure is
replaced by a stricter expectation, never dropped:

* a createTask body that breaks an ``x-liangxin-rules`` rule (JSON Schema cannot say "URLs end
  in .png" or "shot durations add up to ``duration``") must get 400 naming the rule's fields;
* a recordInfo ``taskId`` that names no task must get 422 ``recordInfo is null`` (kie analog).

Query ``taskId`` values are sometimes swapped for ids of real tasks in every state, so the
response schema is checked against real records too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.openapi.checks import RejectedPositiveData

from mock_server.clock import FakeClock
from mock_server.settings import Settings
from mock_server.spec import load_spec
from mock_server.testing import ThreadedMock, serve_in_thread
from mock_server.validation import RequestValidator
from tests.property.harness import ADMIN_HEADERS

SPEC = load_spec()
Case = schemathesis.Case[Any]
API_KEY = "mock-key"
CREATE, RECORD = "/api/v1/jobs/createTask", "/api/v1/jobs/recordInfo"

CONFIG = schemathesis.Config.from_dict(
    {
        "auth": {"openapi": {"bearerAuth": {"bearer": API_KEY}}},
        "generation": {
            "mode": "all",
            "max-examples": 50,
            "deterministic": True,
            "database": "none",
        },
    }
)
schema = schemathesis.openapi.from_path(Path(SPEC.path), config=CONFIG)

#: Ids of real tasks (filled by the ``server`` fixture, read while cases are drawn).
KNOWN_TASK_IDS: list[str] = []
VALIDATOR = RequestValidator(SPEC)


@schema.hook("flatmap_query")
def sometimes_a_real_task(context: schemathesis.HookContext, query: Any) -> Any:
    """Half the drawn non-empty ``taskId`` values become ids of existing tasks."""
    task_id = query.get("taskId") if isinstance(query, dict) else None
    if not (KNOWN_TASK_IDS and isinstance(task_id, str) and task_id.strip()):
        return st.just(query)
    return st.one_of(
        st.just(query), st.sampled_from(KNOWN_TASK_IDS).map(lambda t: {**query, "taskId": t})
    )


def _create(client: httpx.Client, prompt: str) -> str:
    body = {"model": "z-image", "input": {"prompt": prompt}}
    response = client.post(CREATE, json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["taskId"])


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedMock]:
    """A mock on loopback holding tasks in every state (success, fail, generating, waiting)."""
    settings = Settings(rate_limit=0, initial_credits=1e12, jitter=0.0)
    with (
        serve_in_thread(settings, clock=FakeClock()) as mock,
        httpx.Client(base_url=mock.base_url, headers={"Authorization": f"Bearer {API_KEY}"}) as c,
    ):
        fail = {"match": {"prompt_contains": "doomed"}, "fail": {"code": "501", "message": "no"}}
        assert c.post("/_mock/rules", json=fail, headers=ADMIN_HEADERS).status_code == 200
        ids = [_create(c, "a lighthouse"), _create(c, "doomed kite")]
        mock.advance(60)  # both ended: success and fail
        ids.append(_create(c, "a red fox"))
        mock.advance(8)  # generating (an image waits 1 s, queues 2 s, generates 12 s)
        ids.append(_create(c, "a quiet pond"))  # waiting
        states = [c.get(RECORD, params={"taskId": i}).json()["data"]["state"] for i in ids]
        assert states == ["success", "fail", "generating", "waiting"], states
        KNOWN_TASK_IDS[:] = ids
        yield mock
        KNOWN_TASK_IDS.clear()


def documented_refusal(case: Case) -> tuple[int, list[str]] | None:
    """The status and message fragments the spec promises for a schema-valid ``case`` that
    the API nevertheless refuses; ``None`` when it must be accepted."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if case.operation.path == CREATE:
        problems = VALIDATOR.problems(case.body)
        return (400, problems) if problems else None
    if case.operation.path == RECORD:
        task_id = (case.query or {}).get("taskId")
        if task_id not in KNOWN_TASK_IDS:
            return 422, ["recordInfo is null"]
    return None


@schema.parametrize()
def test_mock_conforms_to_the_spec(case: Case, server: ThreadedMock) -> None:
    response = case.call(base_url=server.base_url)
    refusal = documented_refusal(case)
    try:
        case.validate_response(response)
    except BaseExceptionGroup as group:
        if refusal is None:
            raise
        # Only ST202 may go, and only because the stricter expectation below replaces it.
        _, rest = group.split(RejectedPositiveData)
        if rest is not None:
            raise rest from None
    if refusal is not None:
        status, fragments = refusal
        assert response.status_code == status, response.text
        envelope = response.json()
        assert envelope["code"] == status, envelope
        assert envelope["data"] is None, envelope
        for fragment in fragments:
            assert fragment in envelope["msg"], (fragment, envelope["msg"])


def test_a_blank_task_id_is_invalid_per_the_spec() -> None:
    parameters = SPEC.document["paths"][RECORD]["get"]["parameters"]
    task_id = next(p for p in parameters if p["name"] == "taskId")
    validator = jsonschema_rs.validator_for(task_id["schema"])
    assert not validator.is_valid("   ")
