"""How often ``wait()`` polls recordInfo, and when it stops.

The default follows the provider's guidance (kie analog, echoed in the spec): every 2-3 s for
the first 30 s, then every 5-10 s, then every 15-30 s after two minutes, and give up after
10-15 minutes. Intervals are drawn from each band with the client's seeded ``random.Random``
so that many waiting clients do not poll in lockstep.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from attrs import define, field, frozen
from attrs.validators import ge

from liangxin.errors import TaskFailedError, WaitTimeoutError
from liangxin.records import Task

__all__ = ["DEFAULT_POLL", "DEFAULT_WAIT_TIMEOUT", "PollSchedule", "PollStep"]

DEFAULT_WAIT_TIMEOUT = 900.0  # the guidance says stop after 10-15 minutes


@frozen
class PollStep:
    """From ``after`` seconds into the wait, poll every ``min_interval``-``max_interval`` s."""

    after: float = field(validator=ge(0.0))
    min_interval: float = field(validator=ge(0.0))
    max_interval: float = field()

    @max_interval.validator
    def _check_max(self, _attribute: object, value: float) -> None:
        if value < self.min_interval:
            raise ValueError(f"max_interval={value!r} is below min_interval={self.min_interval!r}")


def _to_steps(steps: Iterable[PollStep]) -> tuple[PollStep, ...]:
    return tuple(steps)


def _check_steps(_instance: object, _attribute: object, steps: Sequence[PollStep]) -> None:
    if not steps or steps[0].after != 0:
        raise ValueError(f"the first PollStep must start at after=0, got {steps!r}")
    starts = [step.after for step in steps]
    if starts != sorted(set(starts)):
        raise ValueError(f"PollStep.after must strictly increase, got {starts!r}")


@frozen
class PollSchedule:
    """Poll intervals by elapsed time: a tuple of ``PollStep`` starting at ``after=0``.

    >>> PollSchedule.fixed(5.0).interval(100.0, random.Random(0))
    5.0
    """

    steps: tuple[PollStep, ...] = field(
        default=(PollStep(0.0, 2.0, 3.0), PollStep(30.0, 5.0, 10.0), PollStep(120.0, 15.0, 30.0)),
        converter=_to_steps,
        validator=_check_steps,
    )

    @classmethod
    def fixed(cls, interval: float) -> PollSchedule:
        """Poll every ``interval`` seconds, always."""
        return cls((PollStep(0.0, interval, interval),))

    def step_at(self, elapsed: float) -> PollStep:
        return [step for step in self.steps if step.after <= elapsed][-1]

    def interval(self, elapsed: float, rng: random.Random) -> float:
        """The pause before the next poll, ``elapsed`` seconds into the wait."""
        step = self.step_at(max(0.0, elapsed))
        if step.max_interval == step.min_interval:
            return step.min_interval
        return rng.uniform(step.min_interval, step.max_interval)


DEFAULT_POLL = PollSchedule()


@define
class Waiter:
    """The decisions of one ``wait()``, without I/O: after each poll, sleep how long, or stop.

    Shared by the two clients (not part of the public API).

    The clients loop ``task = get(); delay = waiter.next_sleep(task, clock.now())`` and return
    the task when ``delay`` is None. The last sleep is cut to the deadline, and one more poll
    is made at the deadline before giving up.
    """

    task_id: str
    started: float
    rng: random.Random
    timeout: float | None = DEFAULT_WAIT_TIMEOUT
    schedule: PollSchedule = DEFAULT_POLL
    raise_on_fail: bool = True

    def __attrs_post_init__(self) -> None:
        if self.timeout is not None and not self.timeout > 0:
            raise ValueError(f"timeout must be positive seconds or None, got {self.timeout!r}")

    def next_sleep(self, task: Task, now: float) -> float | None:
        """None when ``task`` is terminal; raises on ``fail`` and past the deadline."""
        if task.is_terminal:
            if task.state == "fail" and self.raise_on_fail:
                raise TaskFailedError(task)
            return None
        elapsed = now - self.started
        if self.timeout is not None and elapsed >= self.timeout:
            raise WaitTimeoutError(self.task_id, task, self.timeout)
        delay = self.schedule.interval(elapsed, self.rng)
        if self.timeout is not None:
            delay = min(delay, self.timeout - elapsed)
        return delay
