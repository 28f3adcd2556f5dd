"""Shared pieces of the mock's HTTP tests: starting a mock, envelopes, schema checks.

Every answer a helper here looks at is also validated against the spec's own schema for it
(``ErrorResponse``, ``CreateTaskResponse``, ``RecordInfoResponse``), so each test that checks a
status also checks the contract.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

import httpx
import jsonschema_rs

from mock_server.app import create_app
from mock_server.clock import Clock, FakeClock
from mock_server.settings import Settings
from mock_server.spec import load_spec
from mock_server.testing import InProcessMock, running

__all__ = [
    "ADMIN",
    "CREATE",
    "RECORD",
    "MockFactory",
    "assert_business_error",
    "assert_gateway_error",
    "create_task",
    "get_record",
    "image_body",
    "start_mock",
]

CREATE = "/api/v1/jobs/createTask"
RECORD = "/api/v1/jobs/recordInfo"
ADMIN = {"X-Admin-Token": "mock-admin"}

JsonObject = dict[str, Any]


class MockFactory(Protocol):
    """``mock_factory(**settings)``: a started in-process mock with a fake clock by default."""

    def __call__(
        self, *, clock: Clock | None = ..., **settings: Any
    ) -> AbstractAsyncContextManager[InProcessMock]: ...


def _acknowledge(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200)


@contextlib.asynccontextmanager
async def start_mock(
    *, clock: Clock | None = None, **settings: Any
) -> AsyncIterator[InProcessMock]:
    """Run a mock built from ``Settings(**settings)`` (a ``FakeClock`` unless told otherwise).

    Callbacks are not under test here: they go to a stub that acknowledges them, which also
    spares each test the TLS set-up of a real ``httpx.AsyncClient`` (about 30 ms).
    """
    callbacks = httpx.AsyncClient(transport=httpx.MockTransport(_acknowledge))
    app = create_app(Settings(**settings), clock=clock or FakeClock(), callback_client=callbacks)
    async with running(app) as mock:
        yield mock


@functools.cache
def _validator(name: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(load_spec().json_schema(name))


def check_schema(name: str, body: Any) -> None:
    """Fail with the schema's own message unless ``body`` is valid under component ``name``."""
    _validator(name).validate(body)


def assert_business_error(response: httpx.Response, status: int) -> str:
    """``{"code": status, "msg": ..., "data": null}`` with HTTP ``status``; returns ``msg``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    check_schema("ErrorResponse", body)
    assert set(body) == {"code", "msg", "data"}, body
    assert body["code"] == status
    assert body["data"] is None
    assert isinstance(body["msg"], str)
    assert body["msg"]
    return str(body["msg"])


def assert_gateway_error(response: httpx.Response, status: int, code: str = "") -> str:
    """``{"error": {"message", "type": "new_api_error", "code"}}``; returns the message."""
    assert response.status_code == status, response.text
    body = response.json()
    check_schema("ErrorResponse", body)
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"message", "type", "code"}
    assert error["type"] == "new_api_error"
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    return str(error["message"])


def image_body(prompt: str = "a red fox in the snow", model: str = "z-image") -> JsonObject:
    return {"model": model, "input": {"prompt": prompt}}


async def create_task(client: httpx.AsyncClient, body: JsonObject | None = None) -> str:
    """POST createTask, insist on the documented 200, return the task id."""
    response = await client.post(CREATE, json=body or image_body())
    assert response.status_code == 200, response.text
    payload = response.json()
    check_schema("CreateTaskResponse", payload)
    assert payload["code"] == 200
    assert payload["msg"] == "success"
    return str(payload["data"]["taskId"])


async def get_record(client: httpx.AsyncClient, task_id: str) -> JsonObject:
    """GET recordInfo, insist on the documented 200, return ``data``."""
    response = await client.get(RECORD, params={"taskId": task_id})
    assert response.status_code == 200, response.text
    payload = response.json()
    check_schema("RecordInfoResponse", payload)
    assert payload["code"] == 200
    data: JsonObject = payload["data"]
    assert data["taskId"] == task_id
    return data
