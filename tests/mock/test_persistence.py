"""Persistence: with ``Settings(db=...)`` tasks, credits and callbacks survive a restart.

In-process, one app is closed and another started on the same SQLite file, on a fake clock
that starts at the same instant or later. Then the real thing: the CLI in a subprocess,
killed with SIGKILL and started again on the same file, with callbacks to a receiver on a
loopback port.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import httpx
import pytest

from mock_server import FakeClock, Settings, create_app
from mock_server.lifecycle import ORDER, Plan, Task
from mock_server.store import MemoryStore, open_store
from mock_server.testing import InProcessMock, running, serve_in_thread
from tests.mock._cli_process import MockProcess
from tests.mock._http_support import create_task, get_record
from tests.mock._receivers import Receiver, callback_client

pytestmark = pytest.mark.anyio

T0 = 1_777_600_000_000
ADMIN = {"X-Admin-Token": "mock-admin"}
AUTH = {"Authorization": "Bearer mock-key"}
HOUR_MS = 3_600_000

RESTARTS = [
    pytest.param(0, id="same-clock-start"),
    pytest.param(HOUR_MS, id="clock-an-hour-later"),
]

MockFactory: TypeAlias = Callable[..., contextlib.AbstractAsyncContextManager[InProcessMock]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "mock.db"


@pytest.fixture
def mock_factory(db: Path) -> MockFactory:
    """``mock_factory(receiver, start_ms=...)``: a started mock on ``db`` and a fake clock."""

    def make(
        receiver: Receiver | None = None, *, start_ms: int = T0
    ) -> contextlib.AbstractAsyncContextManager[InProcessMock]:
        app = create_app(
            Settings(seed=5, db=db, rate_limit=0, callback_retry_delays_s=(1.0, 2.0)),
            clock=FakeClock(start_ms),
            callback_client=callback_client({"hook.test": receiver or Receiver()}),
        )
        return running(app)

    return make


def body(model: str = "z-image", *, hook: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"model": model, "input": {"prompt": "a red fox"}}
    if hook is not None:
        out["callBackUrl"] = hook
    return out


# The shared helpers also check each answer against the spec's envelope schemas.
create, record = create_task, get_record


async def delivery(http: httpx.AsyncClient, task_id: str) -> dict[str, Any]:
    response = await http.get("/_mock/callbacks", params={"taskId": task_id}, headers=ADMIN)
    (entry,) = response.json()["deliveries"]
    found: dict[str, Any] = entry
    return found


def stamp(task_id: str) -> int:
    return int(task_id.rsplit("_", 1)[1])


# ---------------------------------------------------------------------------- in-process restarts


@pytest.mark.parametrize("restart_ms", RESTARTS)
async def test_tasks_and_credits_survive_a_restart(
    restart_ms: int, mock_factory: MockFactory
) -> None:
    models = ["z-image", "kling-v3-pro", "flux-2-pro"]
    async with mock_factory() as mock, mock.http() as http:
        ids = [await create(http, body(model)) for model in models]
        await mock.advance(5)
        before = [await record(http, task_id) for task_id in ids]
        stopped_at = mock.clock.now_ms()
        put = await http.put(
            "/_mock/credits", json={"apiKey": "mock-key", "credits": 42.5}, headers=ADMIN
        )
        assert put.status_code == 200

    async with mock_factory(start_ms=T0 + restart_ms) as mock, mock.http() as http:
        # The clock never runs backwards over what the store has seen.
        assert mock.clock.now_ms() == max(T0 + restart_ms, stopped_at)
        health = (await http.get("/_mock/health")).json()
        assert health["tasks"] == len(ids)
        after = [await record(http, task_id) for task_id in ids]
        if restart_ms == 0:
            assert after == before, "the same instant gives the same records"
        for old, new in zip(before, after, strict=True):
            assert {k: new[k] for k in ("taskId", "model", "param", "createTime")} == {
                k: old[k] for k in ("taskId", "model", "param", "createTime")
            }
            assert ORDER.index(new["state"]) >= ORDER.index(old["state"])
        credits = await http.get("/_mock/credits", params={"apiKey": "mock-key"}, headers=ADMIN)
        assert credits.json()["credits"] == 42.5
        newer = await create(http, body())
        assert stamp(newer) > max(stamp(task_id) for task_id in ids)
        credits = await http.get("/_mock/credits", params={"apiKey": "mock-key"}, headers=ADMIN)
        assert credits.json()["credits"] == 41.5
        await mock.advance(3_600)
        assert {(await record(http, task_id))["state"] for task_id in [*ids, newer]} == {"success"}


@pytest.mark.parametrize("restart_ms", RESTARTS)
async def test_pending_callback_resumes_and_is_delivered_once(
    restart_ms: int, mock_factory: MockFactory
) -> None:
    receiver = Receiver(fail_times=1)
    async with mock_factory(receiver) as mock, mock.http() as http:
        task_id = await create(http, body(hook="http://hook.test/cb"))
        await mock.advance(60)  # ends; the first attempt fails; a retry is due in 1 s
        pending = await delivery(http, task_id)
        assert pending["state"] == "pending"
        assert len(receiver.calls) == 1

    async with mock_factory(receiver, start_ms=T0 + restart_ms) as mock, mock.http() as http:
        await mock.advance(1)
        await mock.advance(3_600)
        done = await delivery(http, task_id)
    assert done["state"] == "delivered"
    assert done["attempts"][0] == pending["attempts"][0], "the history survives"
    assert [a["status"] for a in done["attempts"]] == [500, 200]
    assert len(receiver.calls) == 2
    assert len(receiver.acknowledged()) == 1
    assert receiver.calls[0].body == receiver.calls[1].body


@pytest.mark.parametrize("restart_ms", RESTARTS)
async def test_task_ending_while_stopped_is_called_back_once(
    restart_ms: int, mock_factory: MockFactory
) -> None:
    receiver = Receiver()
    async with mock_factory(receiver) as mock, mock.http() as http:
        task_id = await create(http, body(hook="http://hook.test/cb"))
        await mock.advance(1)
    assert receiver.calls == []

    async with mock_factory(receiver, start_ms=T0 + restart_ms) as mock, mock.http() as http:
        await mock.advance(0)
        await mock.advance(3_600)
        final = await record(http, task_id)
    (call,) = receiver.calls
    assert call.json()["data"]["taskId"] == task_id
    assert call.json()["data"]["completeTime"] == final["completeTime"]


@pytest.mark.parametrize("restart_ms", RESTARTS)
async def test_delivered_callbacks_are_not_sent_again(
    restart_ms: int, mock_factory: MockFactory
) -> None:
    receiver = Receiver()
    async with mock_factory(receiver) as mock, mock.http() as http:
        ids = [await create(http, body(hook=f"http://hook.test/cb/{i}")) for i in range(3)]
        await mock.advance(3_600)
        assert len(receiver.acknowledged()) == 3

    for restart in (1, 2):
        start = T0 + restart * restart_ms
        async with mock_factory(receiver, start_ms=start) as mock, mock.http() as http:
            await mock.advance(7_200)
            assert {(await delivery(http, task_id))["state"] for task_id in ids} == {"delivered"}
    assert len(receiver.calls) == 3


async def test_task_expiring_while_stopped_is_gone_callback_included(db: Path) -> None:
    receiver = Receiver()
    settings = Settings(seed=5, db=db, rate_limit=0, retention_s=60.0)
    hook = "http://hook.test/cb"
    first = create_app(settings, clock=FakeClock(T0), callback_client=callback_client({}))
    async with running(first) as mock, mock.http() as http:
        # The callback receiver is unreachable while the first server runs, and the server
        # stops before the task ends.
        task_id = await create(http, body(hook=hook))
    later = T0 + HOUR_MS  # the task ended and its 60 s of retention ran out meanwhile
    second = create_app(
        settings, clock=FakeClock(later), callback_client=callback_client({"hook.test": receiver})
    )
    async with running(second) as mock, mock.http() as http:
        await mock.advance(60)
        response = await http.get("/api/v1/jobs/recordInfo", params={"taskId": task_id})
        assert response.status_code == 422
        log = (await http.get("/_mock/callbacks", headers=ADMIN)).json()
    assert receiver.calls == []
    assert log["deliveries"] == []


@pytest.mark.parametrize("restart_ms", RESTARTS)
async def test_task_ids_keep_increasing_after_a_restart(
    restart_ms: int, mock_factory: MockFactory
) -> None:
    async with mock_factory() as mock, mock.http() as http:
        first = [await create(http, body()) for _ in range(5)]  # all in one millisecond
    async with mock_factory(start_ms=T0 + restart_ms) as mock, mock.http() as http:
        second = [await create(http, body()) for _ in range(5)]
    stamps = [stamp(task_id) for task_id in [*first, *second]]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert stamps[:5] == list(range(T0, T0 + 5))


# ---------------------------------------------------------------------------- a hard kill


def _create(http: httpx.Client, payload: Mapping[str, Any]) -> str:
    response = http.post("/api/v1/jobs/createTask", json=payload)
    assert response.status_code == 200, response.text
    task_id: str = response.json()["data"]["taskId"]
    return task_id


def _advance(http: httpx.Client, seconds: float) -> None:
    response = http.post("/_mock/clock/advance", json={"seconds": seconds}, headers=ADMIN)
    assert response.status_code == 200, response.text


def _records(http: httpx.Client, ids: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for task_id in ids:
        response = http.get("/api/v1/jobs/recordInfo", params={"taskId": task_id})
        assert response.status_code == 200, f"{task_id}: {response.text}"
        out[task_id] = response.json()["data"]
    return out


@pytest.mark.slow  # two interpreter start-ups: 2-7 s depending on the machine's load
def test_hard_kill_loses_no_task_and_no_callback(tmp_path: Path) -> None:
    db = tmp_path / "mock.db"
    args = ["--db", str(db), "--fake-clock", "--seed", "1", "--rate-limit", "0"]
    args += ["--log-level", "warning"]
    receiver = Receiver(fail_times=1)  # the first POST fails: one delivery is mid-retry
    with serve_in_thread(app=receiver.app) as hook:
        hooks: dict[str, str] = {}

        with (
            MockProcess.start(args, log_dir=tmp_path) as first,
            httpx.Client(base_url=first.base_url, headers=AUTH, timeout=10.0) as http,
        ):
            for i in range(3):
                task_id = _create(http, body(hook=f"{hook.base_url}/done/{i}"))
                hooks[task_id] = f"/done/{i}"
            _advance(http, 60)  # images end; two callbacks delivered, one waits for a retry
            assert len(receiver.snapshot()) == 3
            assert len(receiver.acknowledged()) == 2
            for i in range(2):
                task_id = _create(http, body("kling-v3-pro", hook=f"{hook.base_url}/video/{i}"))
                hooks[task_id] = f"/video/{i}"
            running_id = _create(http, body(hook=f"{hook.base_url}/running"))
            hooks[running_id] = "/running"
            silent = [_create(http, body("flux-2-pro")) for _ in range(2)]
            ids = [*hooks, *silent]
            before = _records(http, ids)
            first.kill()
        assert first.process.returncode == -9

        with (
            MockProcess.start(args, log_dir=tmp_path) as second,
            httpx.Client(base_url=second.base_url, headers=AUTH, timeout=10.0) as http,
        ):
            after = _records(http, ids)
            for task_id in ids:
                assert after[task_id]["param"] == before[task_id]["param"]
                old, new = before[task_id]["state"], after[task_id]["state"]
                assert ORDER.index(new) >= ORDER.index(old), f"{task_id}: {old} -> {new}"
            newer = _create(http, body())
            assert stamp(newer) > max(stamp(task_id) for task_id in ids)
            _advance(http, 600)
            final = _records(http, ids)
            log = http.get("/_mock/callbacks", headers=ADMIN).json()["deliveries"]

    assert {r["state"] for r in final.values()} == {"success"}
    arrived = Counter(call.path for call in receiver.snapshot())
    acknowledged = Counter(call.path for call in receiver.acknowledged())
    assert acknowledged == Counter(hooks.values()), "every callback exactly once"
    assert sum(arrived.values()) == len(hooks) + 1, "plus the one refused before the kill"
    assert {d["taskId"]: d["state"] for d in log} == dict.fromkeys(hooks, "delivered")
    for call in receiver.acknowledged():
        data = call.json()["data"]
        assert hooks[data["taskId"]] == call.path
        assert data == {**final[data["taskId"]], "failCode": None, "failMsg": None}


# ---------------------------------------------------------------- the memory store


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
@pytest.mark.parametrize("callback_url", [None, "http://hook.test/cb"])
def test_both_stores_give_back_the_task_they_were_given(
    tmp_path: Path, store_kind: str, callback_url: str | None
) -> None:
    plan = Plan(1, 2, 3, outcome="fail", fail_code="501", fail_msg="policy", drop_callback=True)
    task = Task(
        task_id="task_z-image_1",
        model="z-image",
        api_key="k",
        param='{"model":"z-image"}',
        callback_url=callback_url,
        create_ms=T0,
        plan=plan,
        cost=2.5,
        base_url="http://mock",
    )
    store = open_store(tmp_path / "s.db" if store_kind == "sqlite" else None)
    store.add_task(task)
    assert store.get_task(task.task_id) == task
    assert list(store.tasks()) == [task]
    assert store.get_task("other") is None
    store.close()


def test_memory_store_keeps_tasks_out_of_the_garbage_collectors_walks() -> None:
    # A full collection walks every tracked object: 150,000 stored attrs instances paused the
    # server ~100 ms each time (createTask p99 ~45 ms under load). Packed, they drop out.
    store = MemoryStore()
    plan = Plan(1, 2, 3)
    for i in range(3):
        store.add_task(Task(f"t{i}", "z-image", "k", "{}", None, T0, plan, 1.0, "http://mock"))
    gc.collect()
    gc.collect()
    kept = list(store._tasks.values())
    assert len(kept) == 3
    assert not any(gc.is_tracked(packed) for packed in kept)
