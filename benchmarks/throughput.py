"""Server throughput and latency: bare Starlette vs the mock vs Prism, same load for all.

Three scenarios, all with ``Authorization: Bearer mock-key``:

* ``recordInfo`` — ``GET /api/v1/jobs/recordInfo?taskId=`` of a finished task (the mock
  renders the record, result URLs included);
* ``createTask invalid`` — the spec's invalid examples (``openapi/examples/invalid/``) in turn;
* ``createTask valid`` — the spec's valid examples in turn, ``callBackUrl`` removed so that no
  callback ever leaves for a host named in an example (callbacks are measured by the scale run).

Each repeat starts every target afresh (interleaved, so slow drift of the machine hits all
targets alike), checks every body once (the status each target answers is reported), warms
up, then loads each scenario in turn; the tables show medians over repeats.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx

from benchmarks.load import LoadResult, LoadTool, Scenario, apply_load
from benchmarks.machine import ROOT, process_cpu_s
from benchmarks.servers import TARGETS, RunningServer, Target, running_server, unavailable_reason

__all__ = [
    "API_KEY",
    "EXAMPLES",
    "MOCK_SETTINGS",
    "SCENARIOS",
    "ScenarioSummary",
    "ThroughputReport",
    "invalid_bodies",
    "paired_ratio",
    "run_throughput",
    "valid_bodies",
]

SCENARIOS = ("recordInfo", "createTask invalid", "createTask valid")
API_KEY = "mock-key"
EXAMPLES = ROOT / "openapi" / "examples"

#: The mock with everything on. The rate limit is still counted on every createTask, but
#: set so high that it never answers 429; credits never run out; tasks finish in ~15 ms
#: (speed 1000), so recordInfo reads a finished task with its result URLs.
MOCK_SETTINGS: dict[str, Any] = {
    "rate_limit": 1_000_000_000,
    "rate_window_s": 10.0,
    "initial_credits": 1e15,
    "speed": 1000.0,
}


def _compact(path: Path, *, drop_callback: bool) -> bytes:
    body = json.loads(path.read_text(encoding="utf-8"))
    if drop_callback and isinstance(body, dict):
        body.pop("callBackUrl", None)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def valid_bodies() -> tuple[bytes, ...]:
    """Every valid createTask example, compact, without ``callBackUrl``."""
    files = sorted((EXAMPLES / "CreateTaskRequest").glob("*.json"))
    return tuple(_compact(f, drop_callback=True) for f in files)


def invalid_bodies() -> tuple[bytes, ...]:
    """Every invalid createTask example, compact, without ``callBackUrl``."""
    files = sorted((EXAMPLES / "invalid" / "CreateTaskRequest").glob("*.json"))
    return tuple(_compact(f, drop_callback=True) for f in files)


def _scenarios(task_id: str) -> dict[str, Scenario]:
    auth = {"Authorization": f"Bearer {API_KEY}"}
    post = {**auth, "Content-Type": "application/json"}
    return {
        "recordInfo": Scenario(
            "recordInfo", "GET", f"/api/v1/jobs/recordInfo?taskId={task_id}", auth
        ),
        "createTask invalid": Scenario(
            "createTask invalid", "POST", "/api/v1/jobs/createTask", post, invalid_bodies()
        ),
        "createTask valid": Scenario(
            "createTask valid", "POST", "/api/v1/jobs/createTask", post, valid_bodies()
        ),
    }


def _prepare(server: RunningServer) -> str:
    """Create one task to read (any id does for Prism and bare) and let it finish."""
    if server.target.app == "prism":
        return "task_z-image_1777600000000"
    body = json.loads(valid_bodies()[-1])
    with httpx.Client(base_url=server.base_url, timeout=10.0) as client:
        answer = client.post(
            "/api/v1/jobs/createTask", json=body, headers={"Authorization": f"Bearer {API_KEY}"}
        )
        answer.raise_for_status()
        task_id = str(answer.json()["data"]["taskId"])
        for _ in range(100):  # a finished task: its record carries result URLs
            record = client.get(
                "/api/v1/jobs/recordInfo",
                params={"taskId": task_id},
                headers={"Authorization": f"Bearer {API_KEY}"},
            ).json()
            if server.target.app != "mock" or record["data"]["state"] == "success":
                break
    return task_id


def _probe(server: RunningServer, scenario: Scenario) -> str:
    """Send each request of ``scenario`` once; the statuses answered, e.g. ``200x17``."""
    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=server.base_url, timeout=10.0) as client:
        for body in scenario.bodies or (b"",):
            answer = client.request(
                scenario.method,
                scenario.path,
                headers=dict(scenario.headers),
                content=body or None,
            )
            statuses[answer.status_code] += 1
    return ", ".join(f"{status}x{count}" for status, count in sorted(statuses.items()))


def _measured(
    server: RunningServer, scenario: Scenario, duration_s: float, connections: int, tool: LoadTool
) -> LoadResult:
    """One load run, with the server's CPU use over it (to tell a saturated server apart)."""
    before = process_cpu_s(server.pid)
    result = apply_load(
        server.base_url, scenario, duration_s=duration_s, connections=connections, tool=tool
    )
    after = process_cpu_s(server.pid)
    if before is None or after is None or not result.requests:
        return result
    used = after - before
    return attrs.evolve(
        result,
        server_cpu_pct=round(used / result.duration_s * 100, 1),
        server_cpu_us=round(used / result.requests * 1e6, 1),
    )


@attrs.frozen
class ScenarioSummary:
    """Medians over the repeats of one target and scenario."""

    target: str
    scenario: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_pct: float | None
    cpu_us: float | None
    runs: tuple[LoadResult, ...]
    answers: str


@attrs.frozen
class ThroughputReport:
    """Everything the throughput run measured."""

    tool: str
    connections: int
    duration_s: float
    warmup_s: float
    repeats: int
    mock_settings: dict[str, Any]
    targets: dict[str, str]
    summaries: tuple[ScenarioSummary, ...]
    peak_rss_kb: dict[str, int]
    skipped: dict[str, str]

    def get(self, target: str, scenario: str) -> ScenarioSummary | None:
        for summary in self.summaries:
            if summary.target == target and summary.scenario == scenario:
                return summary
        return None

    def ratio(self, target: str, other: str, scenario: str) -> float | None:
        """Requests/s of ``target`` over ``other`` in ``scenario``: see :func:`paired_ratio`."""
        a, b = self.get(target, scenario), self.get(other, scenario)
        if a is None or b is None:
            return None
        return paired_ratio([r.rps for r in a.runs], [r.rps for r in b.runs])

    def cpu_ratio(self, target: str, other: str, scenario: str) -> float | None:
        """Server CPU per request of ``other`` over ``target``: the capacity ratio if both
        were saturated (independent of how fast the load generator is)."""
        a, b = self.get(target, scenario), self.get(other, scenario)
        if a is None or b is None:
            return None
        return paired_ratio([r.server_cpu_us for r in b.runs], [r.server_cpu_us for r in a.runs])


def paired_ratio(
    numerators: Sequence[float | None], denominators: Sequence[float | None]
) -> float | None:
    """The median of per-repeat ratios, or the ratio of medians when repeats do not pair.

    Repeat ``i`` of two targets ran close together, so a slow spell of the machine (another
    tenant on the host) hits both; pairing keeps it out of the ratio, where a ratio of
    medians can mix a slow repeat of one with a fast repeat of the other.

    >>> paired_ratio([9.0, 4.0, 9.0], [10.0, 5.0, 12.0])
    0.8
    >>> paired_ratio([9.0, 8.0], [10.0]), paired_ratio([1.0], [0.0])
    (0.85, None)
    """
    pairs = [(a, b) for a, b in zip(numerators, denominators, strict=False) if a is not None and b]
    if len(numerators) == len(denominators) and len(pairs) == len(numerators) and pairs:
        return round(statistics.median(a / b for a, b in pairs), 3)
    top = _median_or_none(list(numerators))
    bottom = _median_or_none(list(denominators))
    return None if top is None or not bottom else round(top / bottom, 3)


def _median_or_none(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 1) if known else None


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_throughput(
    target_names: Sequence[str],
    *,
    duration_s: float,
    repeats: int,
    warmup_s: float,
    connections: int = 32,
    tool: LoadTool = "wrk",
    mock_settings: Mapping[str, Any] | None = None,
    log: Callable[[str], None] = _log,
) -> ThroughputReport:
    """Measure every available target in ``target_names``; the others are listed as skipped."""
    settings = dict(MOCK_SETTINGS if mock_settings is None else mock_settings)
    targets: list[Target] = []
    skipped: dict[str, str] = {}
    for name in target_names:
        reason = unavailable_reason(TARGETS[name])
        if reason:
            skipped[name] = reason
            log(f"  skip {name}: {reason}")
        else:
            targets.append(TARGETS[name])
    runs: dict[tuple[str, str], list[LoadResult]] = {}
    answers: dict[tuple[str, str], str] = {}
    peak: dict[str, int] = {}
    for repeat in range(repeats):
        for target in targets:
            if target.name in skipped:
                continue
            try:
                with running_server(target, settings=settings) as server:
                    scenarios = _scenarios(_prepare(server))
                    for name in SCENARIOS:
                        scenario = scenarios[name]
                        answers.setdefault((target.name, name), _probe(server, scenario))
                        if warmup_s > 0:
                            apply_load(
                                server.base_url,
                                scenario,
                                duration_s=warmup_s,
                                connections=connections,
                                tool=tool,
                            )
                        result = _measured(server, scenario, duration_s, connections, tool)
                        runs.setdefault((target.name, name), []).append(result)
                        log(
                            f"  [{repeat + 1}/{repeats}] {target.name:<18} {name:<19}"
                            f" {result.rps:>9.0f} req/s  p50 {result.p50_ms:.2f} ms"
                            f"  p99 {result.p99_ms:.2f} ms  server CPU {result.server_cpu_pct}%"
                        )
                    hwm = server.peak_rss_kb()
                    if hwm is not None:
                        peak[target.name] = max(peak.get(target.name, 0), hwm)
            except Exception as exc:
                skipped[target.name] = f"failed: {type(exc).__name__}: {exc}"[:500]
                log(f"  {target.name} failed, skipped from now on: {exc}")
    summaries = tuple(
        ScenarioSummary(
            target=target_name,
            scenario=scenario,
            rps=round(statistics.median(r.rps for r in results), 1),
            p50_ms=round(statistics.median(r.p50_ms for r in results), 3),
            p99_ms=round(statistics.median(r.p99_ms for r in results), 3),
            cpu_pct=_median_or_none([r.server_cpu_pct for r in results]),
            cpu_us=_median_or_none([r.server_cpu_us for r in results]),
            runs=tuple(results),
            answers=answers.get((target_name, scenario), ""),
        )
        for (target_name, scenario), results in runs.items()
    )
    return ThroughputReport(
        tool=tool,
        connections=connections,
        duration_s=duration_s,
        warmup_s=warmup_s,
        repeats=repeats,
        mock_settings=settings,
        targets={t.name: t.label for t in targets},
        summaries=summaries,
        peak_rss_kb=peak,
        skipped=skipped,
    )
