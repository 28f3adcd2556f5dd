"""Callbacks: one POST of the final record when a task ends, retried, logged and signed.

Receivers are tiny in-process Starlette apps (:mod:`tests.mock._receivers`) reached through
the mock's ``callback_client`` hook, routed by host name; an unknown host refuses the
connection. Time moves only with the fake clock, so retries happen exactly at the
configured delays.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import importlib.abc
import itertools
import json
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeAlias

import anyio
import httpx
import jsonschema_rs
import pytest
from liangxin_client.models import TaskCallback

from mock_server import FakeClock, Settings, create_app
from mock_server.lifecycle import TERMINAL
from mock_server.spec import Spec
from mock_server.testing import InProcessMock, running
from tests.mock._http_support import create_task, get_record
from tests.mock._receivers import Receiver, callback_client

pytestmark = pytest.mark.anyio

T0 = 1_777_600_000_000
ADMIN = {"X-Admin-Token": "mock-admin"}
NULLABLE_IN_CALLBACK = ("resultJson", "failCode", "failMsg")

MockFactory: TypeAlias = Callable[..., contextlib.AbstractAsyncContextManager[InProcessMock]]
ReceiverFactory: TypeAlias = Callable[..., Receiver]


@pytest.fixture
def receiver_factory() -> ReceiverFactory:
    """``receiver_factory(fail_times=2, fail_status=503, gate=event)``: a recording receiver."""

    def make(
        *, fail_times: int = 0, fail_status: int = 500, gate: asyncio.Event | None = None
    ) -> Receiver:
        return Receiver(fail_times=fail_times, fail_status=fail_status, gate=gate)

    return make


@pytest.fixture
def mock_factory() -> MockFactory:
    """``mock_factory(settings, {"hook.test": receiver})``: a started mock on a fake clock."""

    def make(
        settings: Settings | None = None, receivers: Mapping[str, Receiver] | None = None
    ) -> contextlib.AbstractAsyncContextManager[InProcessMock]:
        app = create_app(
            settings or Settings(seed=5),
            clock=FakeClock(T0),
            callback_client=callback_client(receivers or {}),
        )
        return running(app)

    return make


def body(prompt: str = "a red fox", *, url: str | None = "http://hook.test/cb") -> dict[str, Any]:
    out: dict[str, Any] = {"model": "z-image", "input": {"prompt": prompt}}
    if url is not None:
        out["callBackUrl"] = url
    return out


# The shared helpers also check each answer against the spec's envelope schemas.
create, record = create_task, get_record


async def deliveries(http: httpx.AsyncClient, task_id: str | None = None) -> list[dict[str, Any]]:
    params = {"taskId": task_id} if task_id else {}
    response = await http.get("/_mock/callbacks", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    log = response.json()
    assert log["count"] == len(log["deliveries"])
    found: list[dict[str, Any]] = log["deliveries"]
    return found


async def run_to_end(
    mock: InProcessMock, http: httpx.AsyncClient, task_id: str, receiver: Receiver | None = None
) -> dict[str, Any]:
    """Step the clock until the task ends; no callback may arrive before that."""
    for _ in range(400):
        current = await record(http, task_id)
        if current["state"] in TERMINAL:
            return current
        if receiver is not None:
            assert receiver.calls == [], f"callback while {current['state']}"
        await mock.advance(0.25)
    raise AssertionError(f"{task_id} did not end")


def as_callback(polled: Mapping[str, Any]) -> dict[str, Any]:
    """The recordInfo record with the callback's nullability ("" → null)."""
    return {
        key: None if key in NULLABLE_IN_CALLBACK and value == "" else value
        for key, value in polled.items()
    }


async def wait_for(condition: Callable[[], Awaitable[bool]], *, timeout: float = 10.0) -> None:
    """Let concurrent deliveries run until ``condition`` holds (bounded; the clock stays put)."""
    with anyio.fail_after(timeout):
        while not await condition():
            await anyio.sleep(0.005)


# ---------------------------------------------------------------------------- the body

OUTCOMES = [
    pytest.param(Settings(seed=5), None, 200, "success", id="success"),
    pytest.param(Settings(seed=5, fail_rate=1.0), None, 501, "fail", id="fail-random"),
    pytest.param(
        Settings(seed=5),
        {"match": {"prompt_contains": "fox"}, "fail": {"code": "422", "message": "nsfw"}},
        501,
        "fail",
        id="fail-scenario",
    ),
]


@pytest.mark.parametrize(("settings", "rule", "code", "state"), OUTCOMES)
async def test_callback_is_posted_once_with_the_final_record(
    settings: Settings,
    rule: dict[str, Any] | None,
    code: int,
    state: str,
    spec: Spec,
    mock_factory: MockFactory,
    receiver_factory: ReceiverFactory,
) -> None:
    receiver = receiver_factory()
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        if rule is not None:
            added = await http.post("/_mock/rules", json=rule, headers=ADMIN)
            assert added.status_code == 200, added.text
        task_id = await create(http, body())
        final = await run_to_end(mock, http, task_id, receiver)
        assert final["state"] == state
        await mock.advance(3_600)
        assert await record(http, task_id) == final

    (call,) = receiver.calls
    assert call.path == "/cb"
    assert call.headers["content-type"] == "application/json"
    assert "x-webhook-signature" not in call.headers
    assert call.json() == {
        "code": code,
        "msg": "success" if code == 200 else "fail",
        "data": as_callback(final),
    }
    data = call.json()["data"]
    if state == "success":
        assert (data["failCode"], data["failMsg"]) == (None, None)
        assert json.loads(data["resultJson"])["resultUrls"]
        assert data["costTime"] == data["completeTime"] - data["createTime"]
    else:
        assert data["resultJson"] is None
        assert data["failCode"] == ("422" if rule else "500")
        assert data["failMsg"]
        assert data["costTime"] is None

    jsonschema_rs.validator_for(spec.json_schema("TaskCallback")).validate(call.json())
    parsed = TaskCallback.from_dict(call.json())
    assert (parsed.code, parsed.data.task_id, parsed.data.state) == (code, task_id, state)
    assert parsed.data.result_json == data["resultJson"]
    assert parsed.data.fail_code == data["failCode"]


async def test_no_callback_without_callback_url(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory()
    async with mock_factory(receivers={"hook.test": receiver}) as mock, mock.http() as http:
        task_id = await create(http, body(url=None))
        await mock.advance(3_600)
        assert (await record(http, task_id))["state"] == "success"
        assert await deliveries(http) == []
    assert receiver.calls == []


async def test_many_tasks_each_called_back_once(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory()
    settings = Settings(seed=5, rate_limit=0)
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        ids = []
        for i in range(30):
            ids.append(await create(http, body(url=f"http://hook.test/cb/{i}")))
            await mock.advance(0.5)
        await mock.advance(3_600)
        log = await deliveries(http)
    assert sorted(c.json()["data"]["taskId"] for c in receiver.calls) == sorted(ids)
    assert {c.path for c in receiver.calls} == {f"/cb/{i}" for i in range(30)}
    assert {d["state"] for d in log} == {"delivered"}
    assert all(len(d["attempts"]) == 1 for d in log)


# ---------------------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [500, 503, 404, 302], ids=lambda s: f"http-{s}")
async def test_failing_twice_then_acknowledged_once_at_the_configured_delays(
    status: int, mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    delays = (1.0, 2.0, 4.0)
    receiver = receiver_factory(fail_times=2, fail_status=status)
    settings = Settings(seed=5, callback_retry_delays_s=delays)
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        task_id = await create(http, body())
        await run_to_end(mock, http, task_id)  # the first attempt is made as it ends
        first_at = mock.clock.now_ms()
        assert len(receiver.calls) == 1
        (pending,) = await deliveries(http, task_id)
        assert pending["state"] == "pending"
        assert pending["nextAttemptTime"] == first_at + 1_000

        # Nothing happens a millisecond early; each retry comes exactly on time.
        for delay, attempts in ((delays[0], 2), (delays[1], 3)):
            await mock.advance(delay - 0.001)
            assert len(receiver.calls) == attempts - 1
            await mock.advance(0.001)
            assert len(receiver.calls) == attempts
        await mock.advance(600)
        (done,) = await deliveries(http, task_id)

    assert [c.status for c in receiver.calls] == [status, status, 200]
    assert len(receiver.acknowledged()) == 1
    assert len({c.body for c in receiver.calls}) == 1, "every attempt carries the same body"
    assert done["state"] == "delivered"
    assert done["nextAttemptTime"] is None
    assert [(a["at_ms"], a["status"], a["error"]) for a in done["attempts"]] == [
        (first_at, status, None),
        (first_at + 1_000, status, None),
        (first_at + 3_000, 200, None),
    ]


@pytest.mark.parametrize(
    "delays",
    [pytest.param((0.5, 1.0), id="two-retries"), pytest.param(None, id="default-delays")],
)
async def test_always_failing_receiver_is_given_up(
    delays: tuple[float, ...] | None, mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    settings = Settings(seed=5)
    if delays is not None:
        settings = Settings(seed=5, callback_retry_delays_s=delays)
    delays = settings.callback_retry_delays_s
    receiver = receiver_factory(fail_times=1_000)
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        task_id = await create(http, body())
        await run_to_end(mock, http, task_id)
        for delay in delays:
            await mock.advance(delay)
        await mock.advance(3_600)
        (entry,) = await deliveries(http, task_id)
    assert len(receiver.calls) == 1 + len(delays)
    assert receiver.acknowledged() == []
    assert entry["state"] == "gave_up"
    assert entry["nextAttemptTime"] is None
    times = [a["at_ms"] for a in entry["attempts"]]
    assert [b - a for a, b in itertools.pairwise(times)] == [round(d * 1000) for d in delays]


async def test_connection_error_is_logged_and_retried(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    settings = Settings(seed=5, callback_retry_delays_s=(1.0,))
    receivers = {"hook.test": receiver_factory()}
    async with mock_factory(settings, receivers) as mock, mock.http() as http:
        task_id = await create(http, body(url="http://down.test/cb"))
        await mock.advance(3_600)
        await mock.advance(1)
        (entry,) = await deliveries(http, task_id)
    assert entry["state"] == "gave_up"
    assert entry["url"] == "http://down.test/cb"
    assert len(entry["attempts"]) == 2
    for attempt in entry["attempts"]:
        assert attempt["status"] is None
        assert attempt["error"].startswith("ConnectError")
        assert "down.test" in attempt["error"]


async def test_receiver_that_never_answers_times_out(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory(gate=asyncio.Event())  # never opened
    settings = Settings(seed=5, callback_timeout_s=0.05, callback_retry_delays_s=(1.0,))
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        task_id = await create(http, body())
        with anyio.fail_after(10):
            await mock.advance(3_600)
            await mock.advance(1)
        (entry,) = await deliveries(http, task_id)
    assert entry["state"] == "gave_up"
    assert [(a["status"], a["error"]) for a in entry["attempts"]] == [
        (None, "timed out after 0.05 s")
    ] * 2
    assert len(receiver.calls) == 2
    assert not any(c.answered for c in receiver.calls)


# ---------------------------------------------------------------------------- concurrency


async def test_slow_receiver_does_not_block_other_callbacks(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    gate = asyncio.Event()
    slow, fast = receiver_factory(gate=gate), receiver_factory()
    settings = Settings(seed=5, callback_timeout_s=30.0, callback_concurrency=4)
    receivers = {"slow.test": slow, "fast.test": fast}
    async with mock_factory(settings, receivers) as mock, mock.http() as http:
        slow_id = await create(http, body(url="http://slow.test/cb"))
        fast_ids = [await create(http, body(url=f"http://fast.test/cb/{i}")) for i in range(3)]
        assert isinstance(mock.clock, FakeClock)
        mock.clock.advance(3_600)  # every task ends; the engine starts the deliveries

        async def fast_delivered() -> bool:
            delivered = [d for d in await deliveries(http) if d["state"] == "delivered"]
            return len(delivered) == len(fast_ids)

        await wait_for(fast_delivered)
        assert len(slow.calls) == 1
        assert not slow.calls[0].answered, "the slow receiver is still holding its call"
        assert sorted(c.json()["data"]["taskId"] for c in fast.calls) == sorted(fast_ids)

        gate.set()
        with anyio.fail_after(10):
            await mock.engine.settle()
        (entry,) = await deliveries(http, slow_id)
    assert entry["state"] == "delivered"
    assert len(slow.acknowledged()) == 1


async def test_slow_receiver_holds_the_only_slot_no_longer_than_the_timeout(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    gate = asyncio.Event()
    slow, fast = receiver_factory(gate=gate), receiver_factory()
    settings = Settings(
        seed=5, callback_timeout_s=0.2, callback_concurrency=1, callback_retry_delays_s=(1.0,)
    )
    receivers = {"slow.test": slow, "fast.test": fast}
    async with mock_factory(settings, receivers) as mock, mock.http() as http:
        rule = {"match": {"prompt_contains": "instant"}, "duration_factor": 0}
        assert (await http.post("/_mock/rules", json=rule, headers=ADMIN)).status_code == 200
        # The slow task ends at once and takes the single delivery slot first.
        slow_id = await create(http, body("instant", url="http://slow.test/cb"))
        fast_id = await create(http, body(url="http://fast.test/cb"))
        with anyio.fail_after(10):
            await mock.advance(3_600)
        (slow_entry,) = await deliveries(http, slow_id)
        (fast_entry,) = await deliveries(http, fast_id)
        assert fast_entry["state"] == "delivered"
        assert slow_entry["state"] == "pending"
        assert slow_entry["attempts"][0]["error"] == "timed out after 0.2 s"

        gate.set()
        await mock.advance(1)
        (slow_entry,) = await deliveries(http, slow_id)
    assert slow_entry["state"] == "delivered"
    assert [c.answered for c in slow.calls] == [False, True]
    assert len(fast.calls) == 1


# ---------------------------------------------------------------------------- log, signing, drop


async def test_delivery_log_needs_the_admin_token_and_filters_by_task(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory()
    async with mock_factory(receivers={"hook.test": receiver}) as mock, mock.http() as http:
        ids = [await create(http, body(f"fox {i}")) for i in range(3)]
        await mock.advance(3_600)
        for headers in ({}, {"X-Admin-Token": "wrong"}):
            refused = await http.get("/_mock/callbacks", headers=headers)
            assert refused.status_code == 401
        everything = await deliveries(http)
        (one,) = await deliveries(http, ids[1])
        assert await deliveries(http, "task_z-image_0000000000000") == []
    assert sorted(d["taskId"] for d in everything) == sorted(ids)
    assert one["taskId"] == ids[1]
    assert one["url"] == "http://hook.test/cb"
    assert one["state"] == "delivered"
    (attempt,) = one["attempts"]
    assert set(attempt) == {"at_ms", "status", "error", "duration_ms"}
    assert (attempt["status"], attempt["error"]) == (200, None)
    (sent,) = [c.json() for c in receiver.calls if c.json()["data"]["taskId"] == ids[1]]
    assert one["body"] == sent


@pytest.mark.parametrize(
    "key", [pytest.param("s3cret-key", id="signed"), pytest.param(None, id="unsigned")]
)
async def test_signature_headers(
    key: str | None, mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory()
    settings = Settings(seed=5, signing_key=key)
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        task_id = await create(http, body())
        await mock.advance(3_600)
        (entry,) = await deliveries(http, task_id)
    (call,) = receiver.calls
    if key is None:
        assert not {"x-webhook-timestamp", "x-webhook-signature"} & set(call.headers)
        return
    timestamp = call.headers["x-webhook-timestamp"]
    assert timestamp == str(entry["attempts"][0]["at_ms"] // 1000)
    mac = hmac.new(key.encode(), f"{task_id}.{timestamp}".encode(), hashlib.sha256)
    expected = base64.b64encode(mac.digest()).decode()
    assert hmac.compare_digest(call.headers["x-webhook-signature"], expected)
    wrong = hmac.new(b"other-key", f"{task_id}.{timestamp}".encode(), hashlib.sha256)
    assert call.headers["x-webhook-signature"] != base64.b64encode(wrong.digest()).decode()


async def test_signature_timestamp_follows_each_retry(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory(fail_times=1)
    settings = Settings(seed=5, signing_key="k", callback_retry_delays_s=(90.0,))
    async with mock_factory(settings, {"hook.test": receiver}) as mock, mock.http() as http:
        task_id = await create(http, body())
        await mock.advance(3_600)
        await mock.advance(90)
    first, second = receiver.calls
    assert (
        int(second.headers["x-webhook-timestamp"]) - int(first.headers["x-webhook-timestamp"]) == 90
    )
    for call in (first, second):
        mac = hmac.new(
            b"k", f"{task_id}.{call.headers['x-webhook-timestamp']}".encode(), hashlib.sha256
        )
        assert call.headers["x-webhook-signature"] == base64.b64encode(mac.digest()).decode()


async def test_drop_scenario_never_sends(
    mock_factory: MockFactory, receiver_factory: ReceiverFactory
) -> None:
    receiver = receiver_factory()
    async with mock_factory(receivers={"hook.test": receiver}) as mock, mock.http() as http:
        rule = {"name": "lost", "match": {"prompt_contains": "no-callback"}, "callback": "drop"}
        added = await http.post("/_mock/rules", json=rule, headers=ADMIN)
        assert added.status_code == 200, added.text
        dropped = await create(http, body("please no-callback"))
        kept = await create(http, body("a fox"))
        await mock.advance(3_600)
        assert (await record(http, dropped))["state"] == "success"
        log = await deliveries(http)
    assert [c.json()["data"]["taskId"] for c in receiver.calls] == [kept]
    by_task = {d["taskId"]: d for d in log}
    # The dropped callback is logged as such, with no attempt ever made.
    assert by_task[dropped]["state"] == "dropped"
    assert by_task[dropped]["attempts"] == []
    assert by_task[kept]["state"] == "delivered"


async def test_async_requests_do_not_search_for_a_module_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # httpcore runs `import sniffio` on every async request; without sniffio installed the
    # failed import searched sys.path each time (encode/httpcore#1103) and took ~25 % of the
    # mock's callback delivery. The dependency makes it a sys.modules lookup.
    from httpcore._synchronization import current_async_library

    searched: list[str] = []

    class Watch(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, *args: Any) -> None:
            searched.append(name)

    assert current_async_library() == "asyncio"
    monkeypatch.setattr(sys, "meta_path", [Watch(), *sys.meta_path])
    for _ in range(3):
        assert current_async_library() == "asyncio"
    assert searched == []
