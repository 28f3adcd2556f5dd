"""A Hypothesis state machine of the mock's task lifecycle, callbacks and restarts.

The machine creates tasks of any model (bodies from the spec's schemas), with or without a
``callBackUrl`` that reaches an in-process :class:`Receiver` whose answers it controls, moves the
fake clock, polls, forces failures through ``POST /_mock/rules`` and restarts the server on the
same SQLite file. After every step it checks what a client may rely on:

* states only move forward, ``waiting → queuing → generating → success | fail``, and a terminal
  record never changes again;
* ``resultJson`` is non-empty exactly on success and ``failCode`` exactly on fail;
* ``createTime ≤ updateTime ≤ completeTime`` (``completeTime`` only once terminal), progress
  never decreases;
* every callback attempt reached the receiver and is in ``GET /_mock/callbacks``; a task is
  acknowledged at most once, ``delivered`` exactly when the receiver accepted, nothing is
  overdue, and the body's ``data`` is the recordInfo record with ``""`` → ``null``;
* no task is lost across restarts.

It runs in-process on one event loop per run (:class:`~tests.property.harness.LoopMock`).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs
import httpx
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from liangxin_client.models import RecordInfoResponse, TaskCallback, TaskRecord
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from mock_server.app import create_app
from mock_server.clock import FakeClock
from mock_server.lifecycle import TERMINAL
from mock_server.settings import Settings
from mock_server.spec import load_spec
from tests.property.harness import ADMIN_HEADERS, LoopMock
from tests.property.strategies import Json, SchemaErrors, SchemaStrategies

__all__ = ["LifecycleMachine", "Receiver"]

SPEC = load_spec()
BUILDER = SchemaStrategies(SPEC)
MODELS = sorted(SPEC.models)
schema_errors = SchemaErrors(SPEC)

RANK = {"waiting": 0, "queuing": 1, "generating": 2, "success": 3, "fail": 3}
CREATE, RECORD = "/api/v1/jobs/createTask", "/api/v1/jobs/recordInfo"
RECEIVER_URL = "http://receiver.test/hooks"
RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 16.0)


@attrs.frozen
class Post:
    """One callback POST as the receiver saw it, and its answer."""

    task_id: str
    status: int
    body: dict[str, Json]


class Receiver:
    """A raw ASGI callback receiver: refuses (500) while told to, then accepts (200)."""

    def __init__(self) -> None:
        self.posts: list[Post] = []
        #: Per task: how many more POSTs to refuse before accepting.
        self.refusals: dict[str, int] = {}
        #: While true every POST is refused.
        self.outage = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http", scope["type"]
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body"):
                break
        body = json.loads(raw)
        task_id = body["data"]["taskId"]
        status = 200
        if self.outage:
            status = 500
        elif self.refusals.get(task_id, 0) > 0:
            self.refusals[task_id] -= 1
            status = 500
        self.posts.append(Post(task_id, status, body))
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def posts_for(self, task_id: str) -> list[Post]:
        return [p for p in self.posts if p.task_id == task_id]


@attrs.define
class Tracked:
    """What the machine knows about one task."""

    body: dict[str, Json]
    callback: bool
    #: The (failCode, failMsg) a forced-failure rule gave it, if one matched.
    forced: tuple[str, str] | None
    last: dict[str, Json] | None = None


def callback_data(record: Mapping[str, Json]) -> dict[str, Json]:
    """The callback's ``data`` for a terminal recordInfo ``record``: ``""`` becomes ``null``."""
    data = dict(record)
    empty = ("failCode", "failMsg") if data["state"] == "success" else ("resultJson",)
    for name in empty:
        data[name] = None
    return data


class LifecycleMachine(RuleBasedStateMachine):
    """The mock against the lifecycle a client relies on (see the module docstring)."""

    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory(prefix="liangxin-machine-")
        self.clock = FakeClock()
        self.receiver = Receiver()
        self.tracked: dict[str, Tracked] = {}
        self.pending_rules: dict[str, list[tuple[str, str]]] = {}
        self.rule_count = 0
        #: Whether anything happened since the last restart (restarting twice shows nothing).
        self.changed = False
        self.fail_rate = 0.0
        self.mock: LoopMock | None = None

    # ------------------------------------------------------------------ set-up

    @initialize(seed=st.integers(0, 2**16), fail_rate=st.sampled_from([0.0, 0.3]))
    def start(self, seed: int, fail_rate: float) -> None:
        self.fail_rate = fail_rate
        settings = Settings(
            seed=seed,
            db=Path(self.tmp.name) / "mock.db",
            rate_limit=0,
            initial_credits=1e12,
            fail_rate=fail_rate,
            retention_s=30 * 24 * 3600.0,
            callback_retry_delays_s=RETRY_DELAYS_S,
        )

        def build() -> Starlette:
            # A new callback client per app: closing an app closes its client.
            client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.receiver))
            return create_app(settings, spec=SPEC, clock=self.clock, callback_client=client)

        self.mock = LoopMock(build).start()

    def teardown(self) -> None:
        try:
            if self.mock is not None:
                self.mock.close()
        finally:
            self.tmp.cleanup()

    @property
    def server(self) -> LoopMock:
        assert self.mock is not None, "initialize() has not run"
        return self.mock

    # ------------------------------------------------------------------ rules

    @rule(
        target=tasks,
        data=st.data(),
        callback=st.booleans(),
        refusals=st.integers(0, 3),
        after_ms=st.integers(0, 1_500),
    )
    def create(self, data: st.DataObject, callback: bool, refusals: int, after_ms: int) -> str:
        # Tasks are staggered in time, so runs of creates alone still see lifecycles overlap.
        self.advance(after_ms)
        # Half the time, a model a forced-failure rule waits for.
        targeted = sorted(m for m, queue in self.pending_rules.items() if queue)
        aim = bool(targeted) and data.draw(st.booleans(), label="aim at a rule")
        models = targeted if aim else MODELS
        model = data.draw(st.sampled_from(models), label="model")
        body: dict[str, Json] = data.draw(BUILDER.valid_request(model), label="body")
        body.pop("callBackUrl", None)
        if callback:
            body["callBackUrl"] = f"{RECEIVER_URL}/{len(self.tracked)}"
        response = self.server.post(CREATE, json=body)
        assert response.status_code == 200, response.text
        task_id = str(response.json()["data"]["taskId"])
        assert task_id not in self.tracked, f"taskId {task_id!r} handed out twice"
        queue = self.pending_rules.get(model, [])
        self.tracked[task_id] = Tracked(body, callback, queue.pop(0) if queue else None)
        self.receiver.refusals[task_id] = refusals
        self.observe(task_id)
        return task_id

    # Two rules move the clock: walks in even steps, observing every task after each (an image
    # generates in ~12 s and its progress moves every ~0.6 s, so a walk sees it at several
    # points of every phase), and leaps across phases (a video takes ~140 s).
    @precondition(lambda self: self.tracked)
    @rule(step_ms=st.integers(50, 2_000), steps=st.integers(1, 20))
    def walk(self, step_ms: int, steps: int) -> None:
        for _ in range(steps):
            self.advance(step_ms)

    @precondition(lambda self: self.tracked)
    @rule(ms=st.one_of(st.integers(3_000, 30_000), st.integers(30_000, 200_000)))
    def leap(self, ms: int) -> None:
        self.advance(ms)

    def advance(self, ms: int) -> None:
        self.changed = True
        self.server.advance(ms / 1000)
        self.observe_all()

    @rule(task_id=tasks)
    def poll(self, task_id: str) -> None:
        self.observe(task_id)

    @precondition(lambda self: sum(map(len, self.pending_rules.values())) < 3)
    @rule(model=st.sampled_from(MODELS))
    def force_failure(self, model: str) -> None:
        self.rule_count += 1
        code, message = f"9{self.rule_count:02d}", f"forced failure #{self.rule_count}"
        rule_ = {"match": {"model": model}, "times": 1, "fail": {"code": code, "message": message}}
        response = self.server.post("/_mock/rules", json=rule_, headers=ADMIN_HEADERS)
        assert response.status_code == 200, response.text
        self.pending_rules.setdefault(model, []).append((code, message))

    @precondition(lambda self: self.tracked and self.changed)
    @rule()
    def restart(self) -> None:
        self.changed = False
        self.server.restart()
        # Admin-API rules live in memory only (tasks and deliveries are in SQLite).
        self.pending_rules.clear()
        self.server.settle()
        self.observe_all()

    @precondition(lambda self: any(t.callback for t in self.tracked.values()))
    @rule(on=st.booleans())
    def receiver_outage(self, on: bool) -> None:
        self.receiver.outage = on

    @precondition(lambda self: any(t.callback for t in self.tracked.values()))
    @rule(receiver_up=st.booleans())
    def drain(self, receiver_up: bool) -> None:
        """Run until every task has ended and every callback is settled one way or the other.

        With the receiver up, each callback arrives (refusals are fewer than the retries) unless
        an earlier outage used up its attempts; with it down, each one still pending gives up.
        """
        self.receiver.outage = not receiver_up
        # The longest task (a video, at most ~170 s) and then one step per retry.
        for _ in range(12):
            self.server.advance(30)
        self.observe_all()
        deliveries = self.deliveries()
        for task_id, tracked in self.tracked.items():
            assert tracked.last is not None, task_id
            assert tracked.last["state"] in TERMINAL, (task_id, tracked.last)
            if tracked.callback:
                state = deliveries[task_id]["state"]
                assert state in ("delivered", "gave_up"), (task_id, state)
                if receiver_up and state == "gave_up":
                    assert any(p.status == 500 for p in self.receiver.posts_for(task_id))

    # ------------------------------------------------------------------ checks

    def observe_all(self) -> None:
        for task_id in self.tracked:
            self.observe(task_id)

    def observe(self, task_id: str) -> None:
        """Poll ``task_id`` and check the record against everything seen before."""
        tracked = self.tracked[task_id]
        response = self.server.get(RECORD, params={"taskId": task_id})
        assert response.status_code == 200, f"task {task_id} lost: {response.text}"
        envelope = response.json()
        assert schema_errors("RecordInfoResponse", envelope) == []
        parsed = RecordInfoResponse.from_dict(envelope)
        assert isinstance(parsed.data, TaskRecord)
        record: dict[str, Json] = envelope["data"]
        check_record(record, tracked, now=self.clock.now_ms(), fail_rate=self.fail_rate)
        previous = tracked.last
        if previous is not None:
            check_progression(previous, record)
        tracked.last = record

    def deliveries(self) -> dict[str, dict[str, Json]]:
        response = self.server.get("/_mock/callbacks", headers=ADMIN_HEADERS)
        assert response.status_code == 200, response.text
        return {d["taskId"]: d for d in response.json()["deliveries"]}

    @invariant()
    def callbacks_are_consistent(self) -> None:
        if self.mock is None:
            return
        deliveries = self.deliveries()
        now = self.clock.now_ms()
        with_callback = {k for k, t in self.tracked.items() if t.callback}
        assert set(deliveries) <= with_callback, sorted(set(deliveries) - with_callback)
        assert {p.task_id for p in self.receiver.posts} <= set(deliveries)
        for task_id in with_callback:
            check_delivery(
                task_id,
                self.tracked[task_id],
                deliveries.get(task_id),
                self.receiver.posts_for(task_id),
                now=now,
            )


def check_record(
    record: Mapping[str, Json], tracked: Tracked, *, now: int, fail_rate: float
) -> None:
    state = record["state"]
    assert record["model"] == tracked.body["model"]
    assert json.loads(record["param"]) == tracked.body
    assert (record["resultJson"] != "") == (state == "success"), f"resultJson while {state}"
    assert (record["failCode"] != "") == (state == "fail"), f"failCode while {state}"
    assert (record["failMsg"] != "") == (state == "fail"), f"failMsg while {state}"
    assert 0 <= record["progress"] <= 100
    assert record["createTime"] <= record["updateTime"] <= now, record
    terminal = state in TERMINAL
    assert (record["completeTime"] is not None) == terminal, record
    if terminal:
        assert record["updateTime"] <= record["completeTime"] <= now, record
    if state == "success":
        result = json.loads(record["resultJson"])
        assert schema_errors("ResultJson", result) == []
        assert result["resultUrls"], record
        assert record["progress"] == 100
        assert record["costTime"] == record["completeTime"] - record["createTime"]
    if terminal and tracked.forced is not None:
        assert (state, record["failCode"], record["failMsg"]) == ("fail", *tracked.forced), record
    elif terminal and fail_rate == 0:
        assert state == "success", record


def check_progression(previous: Mapping[str, Json], record: Mapping[str, Json]) -> None:
    if previous["state"] in TERMINAL:
        assert record == previous, ("a terminal record changed", previous, record)
        return
    before, after = previous["state"], record["state"]
    assert RANK[after] >= RANK[before], f"state went back from {before} to {after}"
    before, after = previous["progress"], record["progress"]
    assert after >= before, f"progress went back from {before} to {after}"
    assert record["updateTime"] >= previous["updateTime"]
    assert record["createTime"] == previous["createTime"]


def check_delivery(
    task_id: str,
    tracked: Tracked,
    delivery: Mapping[str, Json] | None,
    posts: list[Post],
    *,
    now: int,
) -> None:
    accepted = [p for p in posts if 200 <= p.status < 300]
    assert len(accepted) <= 1, f"{task_id} acknowledged {len(accepted)} times"
    terminal = tracked.last is not None and tracked.last["state"] in TERMINAL
    if delivery is None:
        assert not posts, (task_id, posts)
        assert not terminal, (task_id, tracked.last)
        return
    assert terminal, f"{task_id}: a callback before the task ended"
    attempts = delivery["attempts"]
    assert [a["status"] for a in attempts] == [p.status for p in posts], (attempts, posts)
    assert (delivery["state"] == "delivered") == bool(accepted), (delivery["state"], posts)
    if delivery["state"] == "pending":
        assert delivery["nextAttemptTime"] > now, f"{task_id}: a retry is overdue"
        assert len(attempts) <= len(RETRY_DELAYS_S)
    if delivery["state"] == "gave_up":
        assert len(attempts) == len(RETRY_DELAYS_S) + 1, attempts
        assert not accepted, posts
    assert tracked.last is not None
    expected = {
        "code": 200 if tracked.last["state"] == "success" else 501,
        "msg": "success" if tracked.last["state"] == "success" else "fail",
        "data": callback_data(tracked.last),
    }
    assert delivery["body"] == expected, f"callback body of {task_id} is not its record"
    for post in posts:
        assert post.body == expected, f"callback body of {task_id} is not its record"
    assert schema_errors("TaskCallback", expected) == []
    assert isinstance(TaskCallback.from_dict(expected).data, TaskRecord)
