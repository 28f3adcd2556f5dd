"""``wait`` and ``run``: the poll schedule, the deadline and failed tasks, on a fake clock."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
import pytest
import respx
from liangxin_client.models import ZImageInput, ZImageRequest

from liangxin import (
    FakeClock,
    LiangXin,
    PollSchedule,
    PollStep,
    RetryPolicy,
    TaskFailedError,
    WaitTimeoutError,
)
from tests.facade.conftest import MakeClient
from tests.facade.helpers import CREATE, RECORD, RESULT_URL, TASK_ID, create_answer, record_answer

REQUEST = ZImageRequest(input_=ZImageInput(prompt="a red fox"))
EVERY_4S = PollSchedule.fixed(4.0)


def lifecycle(
    clock: FakeClock, until: dict[float, str]
) -> Callable[[httpx.Request], httpx.Response]:
    """A recordInfo whose state depends on the fake time elapsed since the first poll."""
    started: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        started.append(clock.now())
        elapsed = clock.now() - started[0]
        state = next(state for limit, state in sorted(until.items()) if elapsed < limit)
        return httpx.Response(200, json=record_answer(state))

    return answer


def test_wait_polls_until_success(api: respx.MockRouter, lx: LiangXin, clock: FakeClock) -> None:
    route = api.get(RECORD)
    route.side_effect = [
        httpx.Response(200, json=record_answer(state))
        for state in ("waiting", "queuing", "generating", "generating", "success")
    ]

    task = lx.wait(TASK_ID, poll=EVERY_4S)

    assert task.state == "success"
    assert task.result_urls == (RESULT_URL,)
    assert clock.sleeps == [4.0, 4.0, 4.0, 4.0]
    assert route.call_count == 5


def test_a_terminal_task_returns_without_sleeping(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    api.get(RECORD).respond(200, json=record_answer("success"))
    assert lx.wait(TASK_ID).succeeded
    assert clock.sleeps == []


def test_default_schedule_follows_the_guidance(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    """2-3 s for the first 30 s, 5-10 s until 2 min, then 15-30 s."""
    api.get(RECORD).mock(side_effect=lifecycle(clock, {300.0: "generating", 1e9: "success"}))

    assert lx.wait(TASK_ID).state == "success"

    elapsed = 0.0
    bands = set()
    for slept in clock.sleeps:
        low, high = (2.0, 3.0) if elapsed < 30 else (5.0, 10.0) if elapsed < 120 else (15.0, 30.0)
        assert low <= slept <= high, f"slept {slept!r} at {elapsed!r}s, expected {low}-{high}"
        bands.add(low)
        elapsed += slept
    assert bands == {2.0, 5.0, 15.0}
    assert 300.0 <= elapsed < 330.0


def test_poll_intervals_replay_with_the_same_seed(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    api.get(RECORD).mock(side_effect=lifecycle(clock, {200.0: "generating", 1e9: "success"}))
    make_client(seed=7).wait(TASK_ID)
    first, clock.sleeps = clock.sleeps, []
    api.get(RECORD).mock(side_effect=lifecycle(clock, {200.0: "generating", 1e9: "success"}))
    make_client(seed=7).wait(TASK_ID)
    assert clock.sleeps == first
    rng = random.Random(7)
    assert first[0] == rng.uniform(2.0, 3.0)


def test_custom_schedule(api: respx.MockRouter, lx: LiangXin, clock: FakeClock) -> None:
    schedule = PollSchedule((PollStep(0.0, 1.0, 1.0), PollStep(3.0, 10.0, 10.0)))
    api.get(RECORD).mock(side_effect=lifecycle(clock, {25.0: "generating", 1e9: "success"}))
    lx.wait(TASK_ID, poll=schedule)
    assert clock.sleeps == [1.0, 1.0, 1.0, 10.0, 10.0, 10.0]


def test_wait_times_out_at_the_deadline(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    route = api.get(RECORD).respond(200, json=record_answer("generating"))
    start = clock.now()

    with pytest.raises(WaitTimeoutError) as caught:
        lx.wait(TASK_ID, timeout=60.0, poll=PollSchedule.fixed(25.0))

    assert clock.sleeps == [25.0, 25.0, 10.0]  # the last sleep is cut to the deadline
    assert route.call_count == 4  # one more poll at the deadline
    assert clock.now() - start == 60.0
    exc = caught.value
    assert (exc.task_id, exc.timeout) == (TASK_ID, 60.0)
    assert exc.last_task is not None
    assert exc.last_task.state == "generating"


def test_a_task_finishing_on_the_last_poll_is_returned(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    api.get(RECORD).mock(side_effect=lifecycle(clock, {60.0: "generating", 1e9: "success"}))
    assert lx.wait(TASK_ID, timeout=60.0, poll=PollSchedule.fixed(25.0)).succeeded


def test_failed_task_raises(api: respx.MockRouter, lx: LiangXin) -> None:
    api.get(RECORD).side_effect = [
        httpx.Response(200, json=record_answer("generating")),
        httpx.Response(200, json=record_answer("fail")),
    ]
    with pytest.raises(TaskFailedError) as caught:
        lx.wait(TASK_ID, poll=EVERY_4S)
    exc = caught.value
    assert (exc.fail_code, exc.fail_msg) == ("500", "Internal server error")
    assert exc.task.task_id == TASK_ID


def test_failed_task_is_returned_when_asked(api: respx.MockRouter, lx: LiangXin) -> None:
    api.get(RECORD).respond(200, json=record_answer("fail"))
    task = lx.wait(TASK_ID, raise_on_fail=False)
    assert (task.state, task.fail_msg) == ("fail", "Internal server error")


def test_transient_errors_while_polling_are_retried(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    lx = make_client(retry=RetryPolicy(jitter=0.0, initial_delay=1.0))
    api.get(RECORD).side_effect = [
        httpx.Response(200, json=record_answer("generating")),
        httpx.Response(502, text="Bad Gateway"),
        httpx.Response(200, json=record_answer("success")),
    ]
    assert lx.wait(TASK_ID, poll=EVERY_4S).succeeded
    assert clock.sleeps == [4.0, 1.0]


def test_run_submits_then_waits(api: respx.MockRouter, lx: LiangXin, clock: FakeClock) -> None:
    submit = api.post(CREATE).respond(200, json=create_answer())
    api.get(RECORD, params={"taskId": TASK_ID}).side_effect = [
        httpx.Response(200, json=record_answer("queuing")),
        httpx.Response(200, json=record_answer("success")),
    ]

    task = lx.run(REQUEST, timeout=120.0, poll=EVERY_4S)

    assert submit.call_count == 1
    assert task.result_urls == (RESULT_URL,)
    assert clock.sleeps == [4.0]


@pytest.mark.parametrize("timeout", [pytest.param(0.0, id="zero"), pytest.param(-1.0, id="neg")])
def test_timeout_must_be_positive(lx: LiangXin, timeout: float) -> None:
    with pytest.raises(ValueError, match=f"got {timeout!r}"):
        lx.wait(TASK_ID, timeout=timeout)


def test_no_timeout_waits_for_ever(api: respx.MockRouter, lx: LiangXin, clock: FakeClock) -> None:
    api.get(RECORD).mock(side_effect=lifecycle(clock, {7200.0: "generating", 1e9: "success"}))
    assert lx.wait(TASK_ID, timeout=None, poll=PollSchedule.fixed(600.0)).succeeded
    assert sum(clock.sleeps) == 7200.0
