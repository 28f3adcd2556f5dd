"""The pure parts: ``RetryPolicy``, ``PollSchedule`` and the fake clocks."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangxin import (
    AsyncFakeClock,
    BadRequestError,
    FakeClock,
    LiangXinError,
    PollSchedule,
    PollStep,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
)

POLICY = RetryPolicy(max_attempts=10, initial_delay=0.5, max_delay=20.0, jitter=0.0)


def test_backoff_doubles_up_to_the_cap() -> None:
    rng = random.Random(0)
    delays = [POLICY.backoff(attempt, rng) for attempt in range(1, 9)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0]


@given(
    attempt=st.integers(min_value=1, max_value=50),
    seed=st.integers(),
    jitter=st.floats(min_value=0.0, max_value=1.0),
)
def test_jittered_backoff_stays_in_its_band(attempt: int, seed: int, jitter: float) -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=20.0, jitter=jitter)
    ceiling = min(20.0, 0.5 * 2.0 ** (attempt - 1))
    assert ceiling * (1 - jitter) <= policy.backoff(attempt, random.Random(seed)) <= ceiling


@pytest.mark.parametrize(
    ("error", "idempotent", "delay"),
    [
        pytest.param(RateLimitError(429, 429, "slow"), False, 0.5, id="429"),
        pytest.param(RateLimitError(429, 429, "slow", retry_after=9.0), False, 9.0, id="429-after"),
        pytest.param(
            RateLimitError(429, 429, "slow", retry_after=61.0), True, None, id="429-too-long"
        ),
        pytest.param(ServerError(503, None, "busy"), False, 0.5, id="503"),
        pytest.param(ServerError(503, None, "busy", retry_after=0.0), True, 0.0, id="503-after-0"),
        pytest.param(BadRequestError(400, 400, "bad"), True, None, id="400"),
        pytest.param(TransportError("x", maybe_sent=True), True, 0.5, id="sent-idempotent"),
        pytest.param(TransportError("x", maybe_sent=True), False, None, id="sent-not-idempotent"),
        pytest.param(TransportError("x", maybe_sent=False), False, 0.5, id="unsent"),
        pytest.param(LiangXinError("other"), True, None, id="other"),
    ],
)
def test_delay_decides_what_is_retried(
    error: LiangXinError, idempotent: bool, delay: float | None
) -> None:
    assert POLICY.delay(error, 1, random.Random(0), idempotent=idempotent) == delay


def test_the_last_attempt_is_not_retried() -> None:
    error = ServerError(500, None, "boom")
    policy = RetryPolicy(max_attempts=3)
    assert policy.delay(error, 2, random.Random(0), idempotent=True) is not None
    assert policy.delay(error, 3, random.Random(0), idempotent=True) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"max_attempts": 0}, "'max_attempts' must be >= 1: 0", id="attempts"),
        pytest.param({"initial_delay": -1.0}, "'initial_delay' must be >= 0.0", id="delay"),
        pytest.param({"jitter": 1.5}, "'jitter' must be <= 1.0: 1.5", id="jitter"),
        pytest.param({"multiplier": 0.5}, "'multiplier' must be >= 1.0", id="multiplier"),
    ],
)
def test_retry_policy_refuses_bad_values(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("elapsed", "band"),
    [
        pytest.param(0.0, (2.0, 3.0), id="start"),
        pytest.param(29.9, (2.0, 3.0), id="first-30s"),
        pytest.param(30.0, (5.0, 10.0), id="after-30s"),
        pytest.param(119.0, (5.0, 10.0), id="before-2min"),
        pytest.param(120.0, (15.0, 30.0), id="after-2min"),
        pytest.param(3600.0, (15.0, 30.0), id="an-hour"),
    ],
)
def test_default_schedule_bands(elapsed: float, band: tuple[float, float]) -> None:
    step = PollSchedule().step_at(elapsed)
    assert (step.min_interval, step.max_interval) == band


@given(elapsed=st.floats(min_value=0.0, max_value=1e6), seed=st.integers())
def test_intervals_stay_in_the_band_of_their_step(elapsed: float, seed: int) -> None:
    schedule = PollSchedule()
    step = schedule.step_at(elapsed)
    assert step.min_interval <= schedule.interval(elapsed, random.Random(seed)) <= step.max_interval


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        pytest.param((), "must start at after=0", id="empty"),
        pytest.param((PollStep(5.0, 1.0, 1.0),), "must start at after=0", id="late-start"),
        pytest.param(
            (PollStep(0.0, 1.0, 1.0), PollStep(0.0, 2.0, 2.0)), "strictly increase", id="repeat"
        ),
    ],
)
def test_schedule_refuses_bad_steps(steps: tuple[PollStep, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PollSchedule(steps)


def test_step_refuses_max_below_min() -> None:
    with pytest.raises(ValueError, match=r"max_interval=1\.0 is below min_interval=2\.0"):
        PollStep(0.0, 2.0, 1.0)


def test_fake_clock_records_sleeps() -> None:
    clock = FakeClock(time=10.0)
    clock.sleep(1.5)
    clock.advance(3.0)
    clock.sleep(0.0)
    assert (clock.now(), clock.sleeps) == (14.5, [1.5, 0.0])
    with pytest.raises(ValueError, match=r"sleep\(-1\.0\): a delay cannot be negative"):
        clock.sleep(-1.0)


@pytest.mark.anyio
async def test_async_fake_clock_records_sleeps() -> None:
    clock = AsyncFakeClock()
    await clock.sleep(2.0)
    assert (clock.now(), clock.sleeps) == (2.0, [2.0])
