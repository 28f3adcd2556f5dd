"""The plain-ASGI endpoints (``mock_server.endpoints``) and the app's direct dispatch to them.

``MockApp`` answers ``POST createTask`` and ``GET recordInfo`` before Starlette's middleware
and router. These tests hold it to being only faster:

* generated requests get byte-identical answers (status, headers, body) through the direct
  dispatch and through Starlette's own stack, on twin mocks kept in lockstep;
* the hand-written parts agree with Starlette's: the ``taskId`` query parameter, the first of
  repeated headers, the base URL of result files;
* what only a raw handler has to think of: a client that disconnects mid-body, a body that
  arrives in pieces, a crash (the 500 envelope, never an exception out of the app).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Message, Scope

from mock_server.app import MockApp, create_app
from mock_server.clock import FakeClock
from mock_server.endpoints import CREATE_TASK, RECORD_INFO, query_task_id
from mock_server.settings import Settings
from tests.mock._http_support import assert_business_error, check_schema, image_body

API_KEY = "mock-key"
START_MS = 1_777_600_000_000


def _twin() -> MockApp:
    callbacks = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(200)))
    settings = Settings(seed=5, rate_limit=3, rate_window_s=1.0, initial_credits=40.0)
    return create_app(settings, clock=FakeClock(start_ms=START_MS), callback_client=callbacks)


@attrs.frozen
class Call:
    """One HTTP request as ASGI sees it."""

    method: str
    path: str
    query: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = ()
    chunks: tuple[bytes, ...] = (b"",)
    root_path: str = ""

    def scope(self) -> Scope:
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "server": ("127.0.0.1", 8000),
            "client": ("127.0.0.1", 50000),
            "root_path": self.root_path,
            "path": self.root_path + self.path,
            "raw_path": (self.root_path + self.path).encode(),
            "query_string": self.query,
            "headers": list(self.headers),
            "state": {},
        }


async def _call(app: Any, call: Call, *, routed: bool = False) -> list[Message]:
    """Every message ``app`` sends for ``call``; ``routed`` goes through Starlette's stack."""
    pending = [
        {"type": "http.request", "body": chunk, "more_body": i < len(call.chunks) - 1}
        for i, chunk in enumerate(call.chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    if routed:
        await Starlette.__call__(app, call.scope(), receive, send)
    else:
        await app(call.scope(), receive, send)
    return sent


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


# ---------------------------------------------------------------- generated requests

_AUTH = [b"Bearer mock-key", b"bearer mock-key", b"Bearer  mock-key ", b"Bearer nope", b"Basic x"]
_TYPES = [b"application/json", b"application/json; charset=utf-8", b"APPLICATION/JSON", b"text/x"]
_HOSTS = [b"mock", b"example.com:8080", b"127.0.0.1:8000"]
_BODIES = [
    json.dumps(image_body()).encode(),
    json.dumps(image_body(model="nano-banana-pro")).encode(),
    json.dumps({"model": "z-image", "input": {"prompt": "x", "seed": -1}}).encode(),
    json.dumps({"model": "nope"}).encode(),
    b'{"model": "z-image", "input": {"prompt": NaN}}',
    b"\xff\xfe{}",
    b"[1, 2]",
    b"",
]


@st.composite
def _headers(draw: st.DrawFn, *, with_body: bool) -> tuple[tuple[bytes, bytes], ...]:
    headers: list[tuple[bytes, bytes]] = []
    for _ in range(draw(st.integers(0, 2))):  # 0, 1 or 2 Authorization headers
        headers.append((b"authorization", draw(st.sampled_from(_AUTH))))
    if draw(st.booleans()):
        headers.append((b"host", draw(st.sampled_from(_HOSTS))))
    if with_body and draw(st.integers(0, 4)):
        headers.append((b"content-type", draw(st.sampled_from(_TYPES))))
    headers.append((b"user-agent", b"hypothesis"))
    return tuple(draw(st.permutations(headers)))


@st.composite
def _queries(draw: st.DrawFn) -> bytes:
    task_id = draw(
        st.sampled_from([f"task_z-image_{START_MS}", f"task_z-image_{START_MS + 1}", "nope", ""])
    )
    form = draw(st.sampled_from(["taskId={}", "taskId={}&taskId=x", "a=1&taskId={}", "{}", ""]))
    return form.format(task_id).encode()


@st.composite
def _calls(draw: st.DrawFn) -> Call:
    method = draw(st.sampled_from(["POST", "GET", "GET", "POST", "HEAD", "PUT"]))
    path = draw(
        st.sampled_from([CREATE_TASK, RECORD_INFO, CREATE_TASK + "/", "/api/v1/jobs/createtask"])
    )
    body = draw(st.sampled_from(_BODIES)) if method in {"POST", "PUT"} else b""
    cut = draw(st.integers(0, len(body)))
    return Call(
        method=method,
        path=path,
        query=draw(_queries()) if method != "POST" else b"",
        headers=draw(_headers(with_body=bool(body))),
        chunks=(body[:cut], body[cut:]) if draw(st.booleans()) else (body,),
        root_path=draw(st.sampled_from(["", "", "", "/prefix"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls=st.lists(_calls(), min_size=1, max_size=8))
def test_direct_and_routed_answers_are_byte_identical(
    loop: asyncio.AbstractEventLoop, calls: list[Call]
) -> None:
    # Twins built from the same settings, seed and clock stay in lockstep as long as they
    # get the same requests: same task ids, same plans, same credits and rate windows.
    direct, routed = _twin(), _twin()
    for call in calls:
        expected = loop.run_until_complete(_call(routed, call, routed=True))
        got = loop.run_until_complete(_call(direct, call))
        assert got == expected, call
        assert [m["type"] for m in got] == ["http.response.start", "http.response.body"]
        if call.path in {CREATE_TASK, RECORD_INFO}:  # not the trailing-slash redirect
            assert_as_json_response(got)


def assert_as_json_response(sent: list[Message]) -> None:
    """The answer is what Starlette's ``JSONResponse`` would send, to the byte."""
    start, body = sent
    extra = {
        name.decode(): value.decode()
        for name, value in start["headers"]
        if name not in {b"content-length", b"content-type"}
    }
    reference = JSONResponse(json.loads(body["body"]), start["status"], headers=extra)
    assert start["headers"] == reference.raw_headers
    assert body["body"] == reference.body


# ---------------------------------------------------------------- parts that restate Starlette

_QUERY_CHARS = st.sampled_from([*"taskId=&%+;#?a1 _-", "%20", "%zz", "%e4%b8%ad", "é"])


@given(st.lists(_QUERY_CHARS, max_size=24).map("".join))
def test_task_id_is_read_as_starlette_reads_query_params(query: str) -> None:
    raw = query.encode("utf-8")
    assert query_task_id(raw) == QueryParams(raw).get("taskId", "")


def test_first_of_repeated_headers_wins_as_in_starlette(loop: asyncio.AbstractEventLoop) -> None:
    headers = ((b"authorization", b"Bearer nope"), (b"authorization", b"Bearer mock-key"))
    call = Call("GET", RECORD_INFO, b"taskId=x", headers)
    assert Request(call.scope()).headers.get("authorization") == "Bearer nope"
    sent = loop.run_until_complete(_call(_twin(), call))
    assert sent[0]["status"] == 401


@given(
    host=st.sampled_from([None, b"mock", b"example.com:8080", b"[::1]:9"]),
    scheme=st.sampled_from(["http", "https"]),
    root_path=st.sampled_from(["", "/prefix"]),
)
def test_result_urls_start_with_starlettes_base_url(
    loop: asyncio.AbstractEventLoop, host: bytes | None, scheme: str, root_path: str
) -> None:
    app = _twin()
    headers = [(b"authorization", b"Bearer mock-key"), (b"content-type", b"application/json")]
    if host is not None:
        headers.append((b"host", host))
    call = Call("POST", CREATE_TASK, b"", tuple(headers), (json.dumps(image_body()).encode(),))
    scope = {**call.scope(), "scheme": scheme, "root_path": root_path}
    scope["path"] = root_path + CREATE_TASK

    async def receive() -> Message:
        return {"type": "http.request", "body": call.chunks[0], "more_body": False}

    async def send(message: Message) -> None:
        return None

    loop.run_until_complete(app(scope, receive, send))
    (task,) = app.state.engine.store.tasks()
    assert task.base_url == str(Request(scope).base_url).rstrip("/")


# ---------------------------------------------------------------- what a raw handler must handle


@pytest.mark.parametrize("routed", [False, True], ids=["direct", "routed"])
def test_a_client_gone_mid_body_gets_no_answer_and_creates_nothing(
    loop: asyncio.AbstractEventLoop, routed: bool
) -> None:
    app = _twin()
    headers = ((b"authorization", b"Bearer mock-key"), (b"content-type", b"application/json"))
    # The second chunk never comes: receive() answers http.disconnect.
    call = Call("POST", CREATE_TASK, b"", headers, (b'{"model": "z-im', b""))
    messages = [{"type": "http.request", "body": call.chunks[0], "more_body": True}]

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    target = Starlette.__call__ if routed else MockApp.__call__
    loop.run_until_complete(target(app, call.scope(), receive, send))
    assert sent == []
    assert app.state.engine.store.count_tasks() == 0


def test_a_body_in_pieces_is_read_whole(loop: asyncio.AbstractEventLoop) -> None:
    body = json.dumps(image_body(prompt="pieces " * 50)).encode()
    pieces = tuple(body[i : i + 7] for i in range(0, len(body), 7))
    headers = ((b"authorization", b"Bearer mock-key"), (b"content-type", b"application/json"))
    sent = loop.run_until_complete(_call(_twin(), Call("POST", CREATE_TASK, b"", headers, pieces)))
    assert sent[0]["status"] == 200
    answer = json.loads(sent[1]["body"])
    check_schema("CreateTaskResponse", answer)


def test_a_body_over_the_limit_in_pieces_is_413(loop: asyncio.AbstractEventLoop) -> None:
    app = create_app(Settings(max_body_bytes=64), clock=FakeClock())
    body = json.dumps(image_body(prompt="x" * 100)).encode()
    pieces = tuple(body[i : i + 10] for i in range(0, len(body), 10))
    headers = ((b"authorization", b"Bearer mock-key"), (b"content-type", b"application/json"))
    sent = loop.run_until_complete(_call(app, Call("POST", CREATE_TASK, b"", headers, pieces)))
    response = httpx.Response(
        sent[0]["status"], headers=sent[0]["headers"], content=sent[1]["body"]
    )
    assert assert_business_error(response, 413) == "body: more than 64 bytes is too large"


@pytest.mark.parametrize("routed", [False, True], ids=["direct", "routed"])
def test_a_crash_in_record_info_is_the_500_envelope_and_is_logged(
    loop: asyncio.AbstractEventLoop,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    routed: bool,
) -> None:
    app = _twin()

    def explode(*args: Any, **kwargs: Any) -> None:
        raise KeyError("gone")

    monkeypatch.setattr(app.state.engine, "get_task", explode)
    headers = ((b"authorization", b"Bearer mock-key"),)
    with caplog.at_level(logging.ERROR, logger="mock_server"):
        sent = loop.run_until_complete(
            _call(app, Call("GET", RECORD_INFO, b"taskId=t", headers), routed=routed)
        )
    response = httpx.Response(
        sent[0]["status"], headers=sent[0]["headers"], content=sent[1]["body"]
    )
    assert assert_business_error(response, 500) == "internal error: KeyError: 'gone'"
    assert "unhandled error in GET /api/v1/jobs/recordInfo" in caplog.text
