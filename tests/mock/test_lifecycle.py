"""Unit tests of ``mock_server.lifecycle``: the pure state machine, no HTTP and no clock.

A task's state is a function of its plan and the time; these tests pin that function down
(states in order, progress in steps, the timestamps) and the plan drawing (seeded RNG,
``speed``, ``duration_factor``, failures), then check what :func:`render_record` makes of a
snapshot against the spec's ``TaskRecord`` schema.
"""

from __future__ import annotations

import json
import math
import random
from typing import Any

import attrs
import jsonschema_rs
import pytest

from mock_server.lifecycle import (
    ORDER,
    PROGRESS_STEP,
    TERMINAL,
    Plan,
    Snapshot,
    Task,
    plan_task,
    render_record,
    snapshot,
)
from mock_server.settings import Phases, Settings
from mock_server.spec import Spec

T0 = 1_777_600_000_000
PLAN = Plan(waiting_ms=1_000, queuing_ms=2_000, generating_ms=10_000)
HOOK = "http://hook.test/cb"
BODY: dict[str, Any] = {"model": "z-image", "callBackUrl": HOOK, "input": {"prompt": "a fox"}}
PHASES = Phases(waiting=1.0, queuing=2.0, generating=12.0)
URLS = ["http://mock.test/files/task_z-image_1777600000000/0.png"]


def make_task(plan: Plan = PLAN, *, create_ms: int = T0) -> Task:
    return Task(
        task_id=f"task_z-image_{create_ms}",
        model="z-image",
        api_key="mock-key",
        param=json.dumps(BODY, separators=(",", ":")),
        callback_url=HOOK,
        create_ms=create_ms,
        plan=plan,
        cost=1.0,
        base_url="http://mock.test",
    )


def failing(plan: Plan = PLAN) -> Plan:
    return attrs.evolve(plan, outcome="fail", fail_code="501", fail_msg="content policy")


def rank(state: str) -> int:
    # success and fail are both last: neither comes after the other.
    return min(ORDER.index(state), ORDER.index("success"))


# ---------------------------------------------------------------------------- states over time

# (offset from creation, state, progress, updateTime offset, completeTime offset) for PLAN:
# waiting 0-1 s, queuing 1-3 s, generating 3-13 s (a 5 % step every 500 ms), success at 13 s.
TIMELINE = [
    pytest.param(-5, "waiting", 0, 0, None, id="before-creation"),
    pytest.param(0, "waiting", 0, 0, None, id="waiting-at-creation"),
    pytest.param(999, "waiting", 0, 0, None, id="waiting-last-ms"),
    pytest.param(1_000, "queuing", 0, 1_000, None, id="waiting-to-queuing"),
    pytest.param(2_999, "queuing", 0, 1_000, None, id="queuing-last-ms"),
    pytest.param(3_000, "generating", 0, 3_000, None, id="queuing-to-generating"),
    pytest.param(3_499, "generating", 0, 3_000, None, id="generating-before-first-step"),
    pytest.param(3_500, "generating", 5, 3_500, None, id="generating-first-step"),
    pytest.param(8_000, "generating", 50, 8_000, None, id="generating-halfway"),
    pytest.param(8_321, "generating", 50, 8_000, None, id="generating-between-steps"),
    pytest.param(12_500, "generating", 95, 12_500, None, id="generating-last-step"),
    pytest.param(12_999, "generating", 95, 12_500, None, id="generating-last-ms"),
    pytest.param(13_000, "success", 100, 13_000, 13_000, id="generating-to-success"),
    pytest.param(86_400_000, "success", 100, 13_000, 13_000, id="success-a-day-later"),
]


@pytest.mark.parametrize(("offset", "state", "progress", "update", "complete"), TIMELINE)
def test_snapshot_along_the_timeline(
    offset: int, state: str, progress: int, update: int, complete: int | None
) -> None:
    snap = snapshot(make_task(), T0 + offset)
    assert snap == Snapshot(
        state,  # type: ignore[arg-type]
        progress,
        T0 + update,
        None if complete is None else T0 + complete,
    )
    assert snap.is_terminal == (state in TERMINAL)


PLANS = [
    pytest.param(PLAN, id="reference"),
    pytest.param(Plan(0, 0, 0), id="instant"),
    pytest.param(Plan(0, 0, 1), id="generating-1ms"),
    pytest.param(Plan(3, 5, 7), id="generating-shorter-than-steps"),
    pytest.param(Plan(1, 1, 19), id="generating-19ms"),
    pytest.param(Plan(1, 1, 21), id="generating-21ms"),
    pytest.param(Plan(250, 0, 333), id="no-queuing"),
    pytest.param(failing(PLAN), id="reference-fail"),
    pytest.param(failing(Plan(2, 3, 0)), id="fail-without-generating"),
    pytest.param(failing(Plan(2, 3, 7)), id="fail-short"),
]


@pytest.mark.parametrize("plan", PLANS)
def test_every_millisecond_moves_forward_only(plan: Plan) -> None:
    """Sweep each ms: states in order, progress in steps and rising, updateTime = last change."""
    task = make_task(plan)
    previous = snapshot(task, T0 - 1)
    changed_at = T0
    seen: list[str] = []
    for now in range(T0, T0 + plan.total_ms + 3):
        snap = snapshot(task, now)
        assert rank(snap.state) >= rank(previous.state)
        assert snap.progress >= previous.progress
        assert snap.progress % PROGRESS_STEP == 0
        assert 0 <= snap.progress <= 100
        if (snap.state, snap.progress) != (previous.state, previous.progress):
            changed_at = now
        if not seen or snap.state != seen[-1]:
            seen.append(snap.state)
        assert snap.update_ms == changed_at, f"at +{now - T0} ms"
        assert snap.update_ms <= now
        if snap.is_terminal:
            assert snap.complete_ms == task.complete_ms == snap.update_ms
        else:
            assert snap.complete_ms is None
            assert snap.progress < 100
        previous = snap
    assert previous.state == plan.outcome
    # Every phase that lasts at least a ms is visible, in order.
    phases = [("waiting", plan.waiting_ms), ("queuing", plan.queuing_ms)]
    phases.append(("generating", plan.generating_ms))
    expected = [name for name, ms in phases if ms > 0] + [plan.outcome]
    assert seen == expected


@pytest.mark.parametrize("generating_ms", [20, 40, 1_000, 10_000, 120_000])
def test_progress_climbs_through_every_step(generating_ms: int) -> None:
    task = make_task(Plan(0, 0, generating_ms))
    values = {snapshot(task, T0 + ms).progress for ms in range(generating_ms)}
    assert values == set(range(0, 100, PROGRESS_STEP))
    assert snapshot(task, T0 + generating_ms).progress == 100


FAILED_PROGRESS = [
    pytest.param(10_000, 95, id="long-generating"),
    pytest.param(20, 95, id="generating-20ms"),
    pytest.param(10, 90, id="generating-10ms"),
    pytest.param(7, 85, id="generating-7ms"),
    pytest.param(1, 0, id="generating-1ms"),
    pytest.param(0, 0, id="no-generating"),
]


@pytest.mark.parametrize(("generating_ms", "progress"), FAILED_PROGRESS)
def test_failure_keeps_the_progress_it_reached(generating_ms: int, progress: int) -> None:
    task = make_task(failing(Plan(100, 100, generating_ms)))
    end = task.complete_ms
    before = snapshot(task, end - 1)
    after = snapshot(task, end)
    assert after == Snapshot("fail", progress, end, end)
    assert after.progress == before.progress
    assert snapshot(task, end + 3_600_000) == after


def test_success_reaches_100_and_stays() -> None:
    task = make_task()
    assert snapshot(task, task.complete_ms - 1).progress == 95
    for later in (0, 1, 60_000, 10**9):
        assert snapshot(task, task.complete_ms + later) == Snapshot(
            "success", 100, task.complete_ms, task.complete_ms
        )


def test_reading_never_changes_the_task() -> None:
    task = make_task()
    frozen = attrs.asdict(task)
    answers = [snapshot(task, T0 + ms) for ms in (5_000, 0, 13_000, 5_000)]
    assert answers[0] == answers[3]
    assert attrs.asdict(task) == frozen


# ---------------------------------------------------------------------------- planning


def draw(seed: int, count: int = 5, **kwargs: Any) -> list[Plan]:
    rng = random.Random(seed)
    options: dict[str, Any] = {"speed": 1.0, "jitter": 0.25, **kwargs}
    return [plan_task(rng, PHASES, **options) for _ in range(count)]


def test_plan_is_determined_by_the_seed() -> None:
    assert draw(7) == draw(7)
    assert draw(7, fail_rate=0.5) == draw(7, fail_rate=0.5)
    assert draw(7) != draw(8)
    assert len(set(draw(7, count=20))) > 1, "successive plans should differ"


@pytest.mark.parametrize("jitter", [0.0, 0.1, 0.25, 0.5])
def test_jitter_bounds_each_phase(jitter: float) -> None:
    for plan in draw(3, count=200, jitter=jitter):
        for mean_s, ms in zip(
            (PHASES.waiting, PHASES.queuing, PHASES.generating),
            (plan.waiting_ms, plan.queuing_ms, plan.generating_ms),
            strict=True,
        ):
            assert mean_s * (1 - jitter) * 1000 - 1 <= ms <= mean_s * (1 + jitter) * 1000 + 1


@pytest.mark.parametrize(
    "speed",
    [
        pytest.param(1.0, id="real-time"),
        pytest.param(0.5, id="half-speed"),
        pytest.param(10.0, id="ten-times"),
        pytest.param(60.0, id="a-minute-a-second"),
        pytest.param(1000.0, id="thousand-times"),
    ],
)
def test_speed_divides_every_phase(speed: float) -> None:
    (plan,) = draw(1, count=1, jitter=0.0, speed=speed)
    assert plan == Plan(
        round(PHASES.waiting / speed * 1000),
        round(PHASES.queuing / speed * 1000),
        round(PHASES.generating / speed * 1000),
    )
    # With jitter the same draws are scaled (up to each phase's rounding to whole ms).
    slow, fast = draw(5, speed=1.0), draw(5, speed=speed)
    for a, b in zip(slow, fast, strict=True):
        assert abs(b.total_ms - a.total_ms / speed) <= 1.5 + 1.5 / speed


@pytest.mark.parametrize(
    "factor",
    [
        pytest.param(0.0, id="instant"),
        pytest.param(0.5, id="twice-as-fast"),
        pytest.param(1.0, id="unchanged"),
        pytest.param(10.0, id="ten-times-slower"),
    ],
)
def test_duration_factor_scales_every_phase(factor: float) -> None:
    base, scaled = draw(9), draw(9, duration_factor=factor)
    for a, b in zip(base, scaled, strict=True):
        for ms_a, ms_b in zip(
            (a.waiting_ms, a.queuing_ms, a.generating_ms),
            (b.waiting_ms, b.queuing_ms, b.generating_ms),
            strict=True,
        ):
            assert abs(ms_b - ms_a * factor) <= max(1.0, factor)


def test_duration_factor_zero_finishes_at_creation() -> None:
    (plan,) = draw(2, count=1, duration_factor=0.0)
    assert plan.total_ms == 0
    task = make_task(plan)
    assert snapshot(task, T0) == Snapshot("success", 100, T0, T0)
    record = render_record(task, snapshot(task, T0), URLS)
    assert record["costTime"] == 0
    assert record["completeTime"] == record["createTime"] == record["updateTime"] == T0


def test_fail_rate_one_fails_every_task() -> None:
    for plan in draw(4, count=20, fail_rate=1.0):
        assert (plan.outcome, plan.fail_code) == ("fail", "500")
        assert plan.fail_msg


def test_fail_rate_is_a_seeded_fraction() -> None:
    plans = draw(11, count=2_000, fail_rate=0.3)
    share = sum(p.outcome == "fail" for p in plans) / len(plans)
    assert 0.25 < share < 0.35
    assert all(p.outcome == "success" for p in draw(11, count=200, fail_rate=0.0))


def test_forced_failure_wins_and_carries_its_code() -> None:
    for fail_rate in (0.0, 1.0):
        (plan,) = draw(1, count=1, fail_rate=fail_rate, forced_failure=("422", "nsfw"))
        assert (plan.outcome, plan.fail_code, plan.fail_msg) == ("fail", "422", "nsfw")


@pytest.mark.parametrize("drop", [True, False])
def test_drop_callback_is_part_of_the_plan(drop: bool) -> None:
    (plan,) = draw(1, count=1, drop_callback=drop)
    assert plan.drop_callback is drop


# ---------------------------------------------------------------------------- the record

STATES_AT = [
    pytest.param(PLAN, 0, id="waiting"),
    pytest.param(PLAN, 2_000, id="queuing"),
    pytest.param(PLAN, 5_000, id="generating"),
    pytest.param(PLAN, 13_000, id="success"),
    pytest.param(failing(PLAN), 13_000, id="fail"),
]


@pytest.fixture(scope="module")
def task_record_schema(spec: Spec) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(spec.json_schema("TaskRecord"))


@pytest.mark.parametrize("for_callback", [False, True], ids=["recordInfo", "callback"])
@pytest.mark.parametrize(("plan", "offset"), STATES_AT)
def test_render_record_fields_and_nullability(
    plan: Plan,
    offset: int,
    for_callback: bool,
    task_record_schema: jsonschema_rs.Validator,
) -> None:
    task = make_task(plan)
    snap = snapshot(task, T0 + offset)
    record = render_record(
        task, snap, URLS if snap.state == "success" else [], for_callback=for_callback
    )
    task_record_schema.validate(record)
    empty = None if for_callback else ""
    success, failed = snap.state == "success", snap.state == "fail"
    assert record == {
        "taskId": task.task_id,
        "model": "z-image",
        "state": snap.state,
        "param": task.param,
        "resultJson": json.dumps({"resultUrls": URLS}) if success else empty,
        "failCode": "501" if failed else empty,
        "failMsg": "content policy" if failed else empty,
        "costTime": task.plan.total_ms if success else None,
        "completeTime": task.complete_ms if snap.is_terminal else None,
        "createTime": T0,
        "updateTime": snap.update_ms,
        "progress": snap.progress,
        "creditsConsumed": 1.0,
    }
    assert json.loads(record["param"]) == BODY


@pytest.mark.parametrize(("plan", "offset"), STATES_AT)
def test_callback_differs_from_record_info_only_by_empty_fields(plan: Plan, offset: int) -> None:
    task = make_task(plan)
    snap = snapshot(task, T0 + offset)
    polled = render_record(task, snap, URLS)
    pushed = render_record(task, snap, URLS, for_callback=True)
    differing = {key for key in polled if polled[key] != pushed[key]}
    assert all(polled[key] == "" and pushed[key] is None for key in differing)
    assert differing <= {"resultJson", "failCode", "failMsg"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        pytest.param({"initial_credits": math.inf}, "initial credits must be", id="credits-inf"),
        pytest.param({"initial_credits": -1.0}, "initial credits must be", id="credits-negative"),
        pytest.param({"costs": {"image": math.nan}}, "costs must be", id="cost-nan"),
        pytest.param({"costs": {"z-image": math.inf}}, "costs must be", id="cost-inf"),
        pytest.param({"costs": {"video": -2.0}}, "costs must be", id="cost-negative"),
    ],
)
def test_settings_refuse_credits_and_costs_json_cannot_carry(
    settings: dict[str, Any], message: str
) -> None:
    # creditsConsumed is answered as JSON, which has no infinity or NaN (the fast encoder
    # would write null): refused when the mock is configured, naming the value.
    with pytest.raises(ValueError, match=message):
        Settings(**settings)
