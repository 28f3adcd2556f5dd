"""The lifecycle state machine (:mod:`tests.property.machine`), and proof that it bites.

The machine runs on every CI run with the ``property`` profile and, marked ``slow``, with the
heavier ``property-slow`` profile. The last test runs it against deliberately broken variants
of the lifecycle and expects each run to fail: a machine that passes a broken mock tests nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from mock_server import engine, lifecycle
from mock_server.lifecycle import Snapshot, Task
from tests.property.machine import LifecycleMachine

PROPERTY = settings.get_profile("property")
SLOW = settings.get_profile("property-slow")


def test_lifecycle_machine() -> None:
    run_state_machine_as_test(LifecycleMachine, settings=PROPERTY)


@pytest.mark.slow
def test_lifecycle_machine_longer_runs() -> None:
    run_state_machine_as_test(LifecycleMachine, settings=SLOW)


# ------------------------------------------------------------------ injected bugs


def progress_goes_back(task: Task, now_ms: int) -> Snapshot:
    snap = lifecycle.snapshot(task, now_ms)
    if snap.state == "generating" and snap.progress >= 50:
        return attrs.evolve(snap, progress=5)
    return snap


def generating_back_to_queuing(task: Task, now_ms: int) -> Snapshot:
    snap = lifecycle.snapshot(task, now_ms)
    if snap.state == "generating" and snap.progress >= 50:
        return attrs.evolve(snap, state="queuing")
    return snap


def result_before_success(
    task: Task, snap: Snapshot, result_urls: list[str], *, for_callback: bool = False
) -> dict[str, Any]:
    record = lifecycle.render_record(task, snap, result_urls, for_callback=for_callback)
    if snap.state == "generating":
        record["resultJson"] = json.dumps({"resultUrls": []})
    return record


def callback_without_nulls(
    task: Task, snap: Snapshot, result_urls: list[str], *, for_callback: bool = False
) -> dict[str, Any]:
    return lifecycle.render_record(task, snap, result_urls, for_callback=False)


BUGS: list[Any] = [
    pytest.param("snapshot", progress_goes_back, "progress went back", id="progress-goes-back"),
    pytest.param(
        "snapshot",
        generating_back_to_queuing,
        "state went back from generating to queuing",
        id="generating-back-to-queuing",
    ),
    pytest.param(
        "render_record",
        result_before_success,
        "resultJson while generating",
        id="result-before-success",
    ),
    pytest.param(
        "render_record",
        callback_without_nulls,
        "callback body of .* is not its record",
        id="callback-without-nulls",
    ),
]


@pytest.mark.parametrize(("name", "broken", "symptom"), BUGS)
def test_machine_catches_an_injected_bug(
    name: str, broken: Callable[..., Any], symptom: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine calls the lifecycle through the names it imported; patch those.
    monkeypatch.setattr(engine, name, broken)
    # No shrinking: finding the bug is the point, a minimal example is not.
    hunting = settings(PROPERTY, phases=(Phase.generate,), report_multiple_bugs=False)
    with pytest.raises(AssertionError, match=symptom):
        run_state_machine_as_test(LifecycleMachine, settings=hunting)
