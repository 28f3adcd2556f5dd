"""The task lifecycle: a pure state machine, no I/O and no clock reads.

A task is planned once, when it is created: the seeded RNG draws how long it waits, queues
and generates, and whether it ends in ``success`` or ``fail``. From then on its state is a
pure function of the plan and the time, :func:`snapshot` (task, now) → state. Reading a task
never changes it, so polling cannot disturb it, a restart cannot lose progress, and a replay
with the same seed and the same clock gives the same answers.

States, in the only order they can come:

* ``waiting``    submitted; LiangXin has not handed it upstream yet.
* ``queuing``    queued locally or upstream.
* ``generating`` upstream is working; ``progress`` rises in steps of 5 %.
* ``success``    terminal; ``resultJson`` lists the result URLs.
* ``fail``       terminal; ``failCode``/``failMsg`` say why. A failure happens at the end of
                 the generating phase, so a failed task has been through every state.
"""

from __future__ import annotations

import json
import random
from typing import Any, Literal

import attrs

from mock_server.settings import Phases

__all__ = [
    "ORDER",
    "TERMINAL",
    "Plan",
    "Snapshot",
    "Task",
    "plan_task",
    "render_record",
    "snapshot",
]

State = Literal["waiting", "queuing", "generating", "success", "fail"]
ORDER: tuple[State, ...] = ("waiting", "queuing", "generating", "success", "fail")
TERMINAL: frozenset[str] = frozenset({"success", "fail"})

#: Progress moves in steps of this many percent while generating.
PROGRESS_STEP = 5


@attrs.frozen(slots=True)
class Plan:
    """How a task will unfold, drawn once at creation (durations in ms)."""

    waiting_ms: int
    queuing_ms: int
    generating_ms: int
    outcome: Literal["success", "fail"] = "success"
    fail_code: str = ""
    fail_msg: str = ""
    #: A scenario can keep a task from ever sending its callback.
    drop_callback: bool = False

    @property
    def total_ms(self) -> int:
        return self.waiting_ms + self.queuing_ms + self.generating_ms


@attrs.frozen(slots=True)
class Task:
    """A created task: the request as received plus its plan. Kept compact on purpose."""

    task_id: str
    model: str
    api_key: str
    param: str  # the createTask body, JSON-encoded, exactly as recordInfo reports it
    callback_url: str | None
    create_ms: int
    plan: Plan
    cost: float
    base_url: str

    @property
    def complete_ms(self) -> int:
        return self.create_ms + self.plan.total_ms


@attrs.frozen(slots=True)
class Snapshot:
    """What a task looks like at one instant."""

    state: State
    progress: int
    update_ms: int
    complete_ms: int | None

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL


def plan_task(
    rng: random.Random,
    phases: Phases,
    *,
    speed: float,
    jitter: float,
    fail_rate: float = 0.0,
    duration_factor: float = 1.0,
    forced_failure: tuple[str, str] | None = None,
    drop_callback: bool = False,
) -> Plan:
    """Draw a plan. ``duration_factor`` 0 makes a task finish the instant it is created."""

    def draw(mean_s: float) -> int:
        factor = 1.0 + rng.uniform(-jitter, jitter) if jitter else 1.0
        return max(0, round(mean_s * factor * duration_factor / speed * 1000))

    # Draw in a fixed order (waiting, queuing, generating, then failure) so that a seed
    # replays the same plans; the Plan is built once (this runs on every createTask).
    waiting, queuing, generating = (
        draw(phases.waiting),
        draw(phases.queuing),
        draw(phases.generating),
    )
    random_failure = fail_rate > 0 and rng.random() < fail_rate
    outcome: Literal["success", "fail"] = "success"
    code = message = ""
    if forced_failure is not None:
        outcome = "fail"
        code, message = forced_failure
    elif random_failure:
        outcome, code, message = "fail", "500", "Internal server error (random)"
    return Plan(waiting, queuing, generating, outcome, code, message, drop_callback)


def snapshot(task: Task, now_ms: int) -> Snapshot:
    """The state of ``task`` at ``now_ms`` (before creation it is still ``waiting``)."""
    plan = task.plan
    queuing_at = task.create_ms + plan.waiting_ms
    generating_at = queuing_at + plan.queuing_ms
    end = generating_at + plan.generating_ms
    if now_ms >= end:
        if plan.outcome == "success":
            return Snapshot("success", 100, end, end)
        # A failed task keeps the progress it had reached just before failing.
        last = _progress(plan.generating_ms, max(0, plan.generating_ms - 1))[0]
        return Snapshot("fail", last, end, end)
    if now_ms >= generating_at:
        progress, step_at = _progress(plan.generating_ms, now_ms - generating_at)
        return Snapshot("generating", progress, generating_at + step_at, None)
    if now_ms >= queuing_at:
        return Snapshot("queuing", 0, queuing_at, None)
    return Snapshot("waiting", 0, task.create_ms, None)


def _progress(total_ms: int, elapsed_ms: int) -> tuple[int, int]:
    """Progress in whole steps below 100, and the offset at which that step was reached."""
    if total_ms <= 0:
        return 0, 0
    steps = 100 // PROGRESS_STEP
    step = min(steps - 1, elapsed_ms * steps // total_ms)
    reached_at = -(-step * total_ms // steps)  # ceil: the first ms of that step
    return step * PROGRESS_STEP, reached_at


def render_record(
    task: Task, snap: Snapshot, result_urls: list[str], *, for_callback: bool = False
) -> dict[str, Any]:
    """The ``data`` of recordInfo (or of the callback), field for field as the spec says.

    recordInfo sends ``""`` where nothing applies; the callback sends ``null`` there
    (``failCode``/``failMsg`` on success, ``resultJson`` on failure), as the analog does.
    """
    empty: str | None = None if for_callback else ""
    success = snap.state == "success"
    failed = snap.state == "fail"
    return {
        "taskId": task.task_id,
        "model": task.model,
        "state": snap.state,
        "param": task.param,
        "resultJson": json.dumps({"resultUrls": result_urls}) if success else empty,
        "failCode": task.plan.fail_code if failed else empty,
        "failMsg": task.plan.fail_msg if failed else empty,
        "costTime": (snap.complete_ms - task.create_ms) if success and snap.complete_ms else None,
        "completeTime": snap.complete_ms,
        "createTime": task.create_ms,
        "updateTime": snap.update_ms,
        "progress": snap.progress,
        "creditsConsumed": task.cost,
    }
