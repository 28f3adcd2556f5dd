"""Scale: N tasks in flight at once, each with a callback to a receiver in another process.

The mock (pinned to the server core, everything on, a lag probe beside it) is given ``tasks``
createTask requests with bounded concurrency; every task takes long enough (``phases``, scaled
by ``speed``) that all of them are still running when the last one is created. The run ends
when the receiver (a separate process on the load core) has every callback, or at a deadline.
Measured: creation rate, wall time, the server's RSS before, after creation and at its peak
(``VmHWM``), RSS per task, callbacks counted at the receiver and in ``GET /_mock/callbacks``,
how many tasks were in flight at once (from their own create/complete times), and event-loop
lag (an in-server probe sampling every 10 ms, plus the latency of ``GET /_mock/health``
polled while callbacks go out).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import httpx

from benchmarks.machine import LOAD_CPU, ROOT, pinned
from benchmarks.pyload import LoadConfig, send_each
from benchmarks.servers import TARGETS, free_port, running_server
from benchmarks.throughput import API_KEY, valid_bodies

__all__ = ["Lag", "ScaleReport", "peak_in_flight", "run_scale"]

ADMIN_TOKEN = "mock-admin"


@attrs.frozen
class Lag:
    """Percentiles of a series of delays, in ms."""

    samples: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Lag:
        if not values:
            return cls(0, 0.0, 0.0, 0.0)
        ordered = sorted(values)

        def pick(fraction: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)

        return cls(len(ordered), pick(0.50), pick(0.99), round(ordered[-1], 2))


@attrs.frozen
class ScaleReport:
    """What the scale run measured."""

    tasks: int
    concurrency: int
    settings: dict[str, Any]
    create_s: float
    create_rps: float
    create_failures: int
    wall_s: float
    rss_start_kb: int
    rss_after_create_kb: int
    peak_rss_kb: int
    rss_per_task_kb: float
    received: int
    received_unique: int
    duplicates: int
    delivered_admin: int
    deliveries_logged: int
    retried: int
    states: dict[str, int]
    peak_in_flight: int
    lag_create: Lag
    lag_deliver: Lag
    health_deliver: Lag
    callback_delay: Lag
    callbacks_per_s: float
    timed_out: bool

    @property
    def all_delivered(self) -> bool:
        return (
            self.received_unique == self.tasks
            and self.delivered_admin == self.tasks
            and not self.create_failures
        )


def peak_in_flight(spans: Sequence[Sequence[int]]) -> int:
    """The most tasks running at one instant, from ``(create_ms, complete_ms)`` pairs.

    >>> peak_in_flight([(0, 10), (5, 20), (10, 30)])
    2
    """
    events = sorted(
        itertools.chain.from_iterable(((start, 1), (end, -1)) for start, end in spans),
        key=lambda e: (e[0], e[1]),
    )
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


@contextlib.contextmanager
def _receiver() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        pinned([sys.executable, "-m", "benchmarks.receiver", str(port)], LOAD_CPU),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the callback receiver exited: {err[-2000:]}")
            try:
                httpx.get(f"{url}/stats", timeout=1.0)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the callback receiver did not start in 30 s") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


async def _create_all(
    base_url: str, bodies: Sequence[bytes], tasks: int, concurrency: int
) -> tuple[float, int]:
    """Create ``tasks`` tasks over ``concurrency`` connections; ``(seconds, failures)``.

    Raw keep-alive connections (:func:`benchmarks.pyload.send_each`): httpx's async pool
    slows down sharply with many concurrent requests and would measure itself.
    """
    config = LoadConfig(
        url=f"{base_url}/api/v1/jobs/createTask",
        method="POST",
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
        bodies=tuple(bodies[i % len(bodies)] for i in range(tasks)),
        connections=concurrency,
        duration_s=0.0,
        max_requests=tasks,
    )
    started = time.perf_counter()
    statuses = await send_each(config)
    return time.perf_counter() - started, tasks - statuses.get(200, 0)


async def _wait_for_callbacks(
    base_url: str, receiver: str, tasks: int, deadline: float
) -> tuple[list[float], bool]:
    """Poll the receiver until every callback came; ``(health latencies ms, timed_out)``."""
    health: list[float] = []
    async with httpx.AsyncClient(timeout=10.0) as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            await client.get(f"{base_url}/_mock/health")
            health.append((time.perf_counter() - started) * 1000)
            stats = (await client.get(f"{receiver}/stats")).json()
            if stats["count"] >= tasks:
                return health, False
            await asyncio.sleep(0.1)
    return health, True


def _admin_log(base_url: str, tasks: int) -> tuple[int, int, int]:
    """``(delivered, logged, retried)`` from ``GET /_mock/callbacks`` (waits for the log)."""
    headers = {"X-Admin-Token": ADMIN_TOKEN}
    delivered = logged = retried = 0
    with httpx.Client(base_url=base_url, timeout=60.0, headers=headers) as client:
        for _ in range(50):
            deliveries = client.get("/_mock/callbacks").json()["deliveries"]
            logged = len(deliveries)
            delivered = sum(1 for d in deliveries if d["state"] == "delivered")
            retried = sum(1 for d in deliveries if len(d["attempts"]) > 1)
            if delivered >= tasks:
                break
            time.sleep(0.1)
    return delivered, logged, retried


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_scale(
    *,
    tasks: int = 10_000,
    concurrency: int = 64,
    callback_concurrency: int | None = None,
    phases_s: tuple[float, float, float] = (1.0, 2.0, 12.0),
    speed: float = 1.0,
    jitter: float = 0.25,
    timeout_s: float = 300.0,
    log: Callable[[str], None] = _log,
) -> ScaleReport:
    """Run ``tasks`` tasks to completion through the served mock; see the module docstring."""
    settings: dict[str, Any] = {
        "rate_limit": 1_000_000_000,
        "initial_credits": 1e15,
        "speed": speed,
        "jitter": jitter,
        "phases": {"image": list(phases_s), "video": list(phases_s)},
        "lag_probe": True,
    }
    if callback_concurrency is not None:
        settings["callback_concurrency"] = callback_concurrency
    with (
        _receiver() as receiver,
        running_server(TARGETS["mock uvicorn"], settings=settings) as server,
    ):
        bodies = []
        for raw in valid_bodies():
            body = json.loads(raw)
            body["callBackUrl"] = f"{receiver}/callback"
            bodies.append(json.dumps(body, separators=(",", ":")).encode())
        rss_start = server.rss_kb() or 0
        began = time.time()
        log(f"  creating {tasks} tasks ({concurrency} at a time), callbacks to {receiver}")
        create_s, failures = asyncio.run(_create_all(server.base_url, bodies, tasks, concurrency))
        created_at = time.time()
        rss_after = server.rss_kb() or 0
        log(f"  created in {create_s:.2f} s ({failures} failures); waiting for callbacks")
        health, timed_out = asyncio.run(
            _wait_for_callbacks(server.base_url, receiver, tasks, time.monotonic() + timeout_s)
        )
        stats = httpx.get(f"{receiver}/stats", params={"spans": "1"}, timeout=30).json()
        delivered, logged, retried = _admin_log(server.base_url, tasks)
        samples = httpx.get(
            f"{server.base_url}/_bench/lag", params={"since": str(began)}, timeout=30
        ).json()["samples"]
        peak = server.peak_rss_kb() or 0
    last = stats["last_s"] or time.time()
    report = ScaleReport(
        tasks=tasks,
        concurrency=concurrency,
        settings={k: v for k, v in settings.items() if k != "lag_probe"},
        create_s=round(create_s, 3),
        create_rps=round(tasks / create_s, 1) if create_s else 0.0,
        create_failures=failures,
        wall_s=round(last - began, 3),
        rss_start_kb=rss_start,
        rss_after_create_kb=rss_after,
        peak_rss_kb=peak,
        rss_per_task_kb=round((peak - rss_start) / tasks, 2) if tasks else 0.0,
        received=stats["count"],
        received_unique=stats["unique"],
        duplicates=stats["duplicates"],
        delivered_admin=delivered,
        deliveries_logged=logged,
        retried=retried,
        states=stats["states"],
        peak_in_flight=peak_in_flight(stats["spans"]),
        lag_create=Lag.of([lag for at, lag in samples if at <= created_at]),
        lag_deliver=Lag.of([lag for at, lag in samples if created_at < at <= last]),
        health_deliver=Lag.of(health),
        callback_delay=Lag.of(stats["delays_ms"]),
        callbacks_per_s=round(stats["count"] / max(1e-3, last - (stats["first_s"] or last)), 1),
        timed_out=timed_out,
    )
    log(
        f"  {report.received_unique}/{tasks} callbacks at the receiver, "
        f"{report.delivered_admin} delivered in the log, peak in flight {report.peak_in_flight}, "
        f"peak RSS {report.peak_rss_kb / 1024:.0f} MiB, wall {report.wall_s:.1f} s"
    )
    return report
