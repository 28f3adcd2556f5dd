"""Render a run as Markdown (``docs/benchmarks.md``) and as JSON (``.bench/results.json``).

The Markdown is written whole from the run, except the section between
:data:`KEEP_START` and :data:`KEEP_END`, which is carried over from the file being replaced
(hand-kept notes such as before/after numbers of an optimisation).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from benchmarks.client import ClientReport
from benchmarks.generate import GenerateReport
from benchmarks.machine import Machine
from benchmarks.scale import Lag, ScaleReport
from benchmarks.throughput import SCENARIOS, ThroughputReport

__all__ = [
    "KEEP_END",
    "KEEP_START",
    "Results",
    "Verdict",
    "best_stack",
    "render_markdown",
    "verdicts",
    "write_json",
    "write_markdown",
]

KEEP_START = "<!-- keep: hand-written notes below survive regeneration -->"
KEEP_END = "<!-- /keep -->"

#: The mock and its ceiling as compared against DESIGN.md's targets.
MOCK, BARE, PRISM = "mock uvicorn", "bare uvicorn", "prism"
#: The same work as BARE without Starlette: the like-for-like floor for the mock's endpoints.
BARE_ASGI = "bare-asgi uvicorn"


@attrs.frozen
class Results:
    """Everything one ``python -m benchmarks`` run produced."""

    started: str
    command: str
    quick: bool
    machine: Machine
    load_before: str
    load_after: str
    throughput: ThroughputReport | None = None
    scale: ScaleReport | None = None
    client: ClientReport | None = None
    generate: GenerateReport | None = None
    notes: tuple[str, ...] = ()


@attrs.frozen
class Verdict:
    """One DESIGN.md target and what the run measured for it."""

    target: str
    measured: str
    met: bool | None  # None: not measured in this run


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f} %"


def _times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def verdicts(results: Results) -> list[Verdict]:
    """The DESIGN.md performance targets, checked against this run."""
    out: list[Verdict] = []
    tp = results.throughput
    out.append(_vs_bare(tp, "createTask valid", "mock createTask ≥ 75 % of bare Starlette", 0.75))
    prism = tp.ratio(MOCK, PRISM, "createTask valid") if tp else None
    out.append(Verdict("mock createTask ≥ 5x Prism", _times(prism), _met(prism, 5.0)))
    out.append(_vs_bare(tp, "recordInfo", "mock recordInfo ≥ 85 % of bare Starlette", 0.85))
    sc = results.scale
    label = "10,000 tasks in flight, every callback delivered"
    if sc is None:
        out.append(Verdict(label, "n/a", None))
    else:
        measured = (
            f"{sc.peak_in_flight:,} in flight at once; {sc.received_unique:,}/{sc.tasks:,} "
            f"callbacks received, {sc.delivered_admin:,} logged delivered"
        )
        ok = sc.all_delivered and sc.peak_in_flight == sc.tasks
        # A smaller run (--quick, --tasks) says nothing about the 10,000 target.
        out.append(Verdict(label, measured, ok if sc.tasks >= 10_000 else None))
    cl = results.client
    for name, label in (("generated", "generated client"), ("facade", "facade")):
        timing = next((t for t in cl.timings if t.name == name), None) if cl else None
        ratio = timing.ratio_to_httpx if timing else None
        out.append(
            Verdict(f"{label} ≤ 1.2x raw httpx", _times(ratio), _met(ratio, 1.2, above=False))
        )
    gen = results.generate
    out.append(
        Verdict(
            "client generation: seconds",
            "n/a" if gen is None else f"{gen.median_s:.1f} s",
            None if gen is None else gen.median_s < 10,
        )
    )
    return out


def _vs_bare(tp: ThroughputReport | None, scenario: str, label: str, bound: float) -> Verdict:
    """The mock's req/s in ``scenario`` as a share of bare Starlette's, against ``bound``."""
    ratio = tp.ratio(MOCK, BARE, scenario) if tp else None
    capacity = tp.cpu_ratio(MOCK, BARE, scenario) if tp else None
    return Verdict(label, f"{_pct(ratio)} req/s (capacity {_pct(capacity)})", _met(ratio, bound))


def _met(value: float | None, bound: float, *, above: bool = True) -> bool | None:
    if value is None:
        return None
    return value >= bound if above else value <= bound


def best_stack(tp: ThroughputReport) -> tuple[str, str]:
    """The mock's best server stack and why: createTask req/s first (the target), then p99."""
    scored = []
    for target in tp.targets:
        if not target.startswith("mock ") or target.startswith("mock cli"):
            continue
        create = tp.get(target, "createTask valid")
        record = tp.get(target, "recordInfo")
        if create and record:
            scored.append((create.rps, -create.p99_ms, target, create, record))
    if not scored:
        return "", "no mock stack was measured"
    scored.sort(reverse=True)
    lines = [
        f"{t}: createTask {c.rps:,.0f} req/s (p99 {c.p99_ms:.1f} ms), "
        f"recordInfo {r.rps:,.0f} req/s (p99 {r.p99_ms:.1f} ms)"
        for _, _, t, c, r in scored
    ]
    return scored[0][2], "; ".join(lines)


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _lag(lag: Lag) -> str:
    return f"{lag.p50_ms:.1f} / {lag.p99_ms:.1f} / {lag.max_ms:.1f} ms ({lag.samples} samples)"


def _bare_twin(target: str) -> str:
    """The bare target on the same server stack (the CLI runs uvicorn's defaults)."""
    if target.startswith("mock cli"):
        return "bare uvicorn"
    return target.replace("mock ", "bare ", 1) if target.startswith("mock ") else ""


def _throughput_section(tp: ThroughputReport) -> list[str]:
    lines = [
        "## Server throughput and latency",
        "",
        f"Load: `{tp.tool}`, {tp.connections} connections, {tp.duration_s:g} s per run after "
        f"{tp.warmup_s:g} s of warm-up, {tp.repeats} repeats (every target restarted for each "
        "repeat, targets interleaved, each mock right after its bare twin); medians over the "
        "repeats. A ratio is the median of the per-repeat ratios (each mock run over its bare "
        "twin's run of the same repeat), so a slow spell of the machine that hits one repeat "
        "does not tilt it. Mock settings: "
        f"`{json.dumps(tp.mock_settings)}` — validation, auth, the rate limit (counted on "
        "every createTask, but set so high that it never answers 429), the credit charge, the "
        "store and scheduling all run on every request. The bare target reads and parses the "
        "body but validates nothing, so it answers 200 to invalid bodies too.",
        "",
        "*server CPU* is the server process's CPU time over the run as a share of its core: "
        "well below 100 % means the server was not the bottleneck (the load generator, on "
        "the other core, was). *capacity vs bare* compares CPU time per request (bare's over "
        "the target's): what the req/s ratio would be if both servers were saturated.",
        "",
    ]
    for scenario in SCENARIOS:
        lines += [f"### {scenario}", ""]
        rows = []
        for target, label in tp.targets.items():
            summary = tp.get(target, scenario)
            if summary is None:
                continue
            bare = _bare_twin(target)
            ratio = tp.ratio(target, bare, scenario) if bare in tp.targets else None
            vs_prism = tp.ratio(target, PRISM, scenario) if target != PRISM else None
            cpu_ratio = tp.cpu_ratio(target, bare, scenario) if bare in tp.targets else None
            rows.append(
                (
                    f"{target}",
                    label,
                    f"{summary.rps:,.0f}",
                    f"{summary.p50_ms:.2f}",
                    f"{summary.p99_ms:.2f}",
                    "" if summary.cpu_pct is None else f"{summary.cpu_pct:.0f} %",
                    "" if summary.cpu_us is None else f"{summary.cpu_us:.0f}",
                    _pct(ratio) if ratio is not None else "",
                    _pct(cpu_ratio) if cpu_ratio is not None else "",
                    _times(vs_prism) if vs_prism is not None else "",
                    summary.answers,
                    " / ".join(f"{r.rps:,.0f}" for r in summary.runs),
                )
            )
        lines += _table(
            (
                "target",
                "server",
                "req/s",
                "p50 ms",
                "p99 ms",
                "server CPU",
                "CPU µs/req",
                "req/s vs bare",
                "capacity vs bare",
                "vs Prism",
                "answers",
                "req/s per repeat",
            ),
            rows,
        )
    if tp.peak_rss_kb:
        lines += [
            "Peak RSS of each server over its three scenarios (`VmHWM`, the process plus its "
            "direct children, so granian's worker counts): "
            + ", ".join(f"{t} {kb / 1024:.0f} MiB" for t, kb in tp.peak_rss_kb.items()),
            "",
        ]
    if BARE_ASGI in tp.targets and MOCK in tp.targets:
        ratios = ", ".join(
            f"{scenario} {_pct(tp.ratio(MOCK, BARE_ASGI, scenario))}" for scenario in SCENARIOS
        )
        lines += [
            f"**Against plain ASGI.** The mock answers createTask and recordInfo as plain ASGI "
            f"handlers (`mock_server.endpoints`), below Starlette's middleware and router, which "
            f"is how it can beat the bare Starlette endpoint. `{BARE_ASGI}` does the bare "
            f"target's work with no framework at all; against it the mock reaches: {ratios}.",
            "",
        ]
    target, why = best_stack(tp)
    if target:
        lines += [
            f"**Server stack.** Mock stacks by createTask req/s: {why}. "
            f"`liangxin-mock serve` runs uvicorn with uvloop + httptools "
            f"(`mock_server.cli.server_options`).",
            "",
        ]
    if tp.skipped:
        lines += ["Skipped: " + "; ".join(f"{t}: {r}" for t, r in tp.skipped.items()), ""]
    return lines


def _scale_section(sc: ScaleReport) -> list[str]:
    phases = sc.settings.get("phases", {})
    rows = [
        ("tasks created", f"{sc.tasks:,} ({sc.concurrency} connections)"),
        (
            "creation",
            f"{sc.create_s:.2f} s, {sc.create_rps:,.0f} tasks/s, {sc.create_failures} failed",
        ),
        ("peak tasks in flight at once", f"{sc.peak_in_flight:,}"),
        ("wall time, first create → last callback", f"{sc.wall_s:.1f} s"),
        ("callbacks received (unique / duplicates)", f"{sc.received_unique:,} / {sc.duplicates}"),
        (
            "`GET /_mock/callbacks`: delivered / logged / retried",
            f"{sc.delivered_admin:,} / {sc.deliveries_logged:,} / {sc.retried}",
        ),
        ("final states", ", ".join(f"{k} {v:,}" for k, v in sc.states.items())),
        ("callback delay after completion p50 / p99 / max", _lag(sc.callback_delay)),
        ("callbacks per second, first → last", f"{sc.callbacks_per_s:,.0f}"),
        (
            "server RSS: start → after creation → peak",
            " → ".join(
                f"{kb / 1024:.0f}"
                for kb in (sc.rss_start_kb, sc.rss_after_create_kb, sc.peak_rss_kb)
            )
            + " MiB",
        ),
        ("RSS per task (peak - start) / tasks", f"{sc.rss_per_task_kb:.1f} KiB"),
        ("event-loop lag while creating p50 / p99 / max", _lag(sc.lag_create)),
        ("event-loop lag while delivering p50 / p99 / max", _lag(sc.lag_deliver)),
        ("`GET /_mock/health` latency while delivering", _lag(sc.health_deliver)),
        ("timed out", "yes" if sc.timed_out else "no"),
    ]
    return [
        "## Scale: tasks in flight with callbacks",
        "",
        f"The mock (uvicorn, pinned) with phases `{phases.get('image')}` s (waiting, queuing, "
        f"generating) for every model, speed {sc.settings.get('speed')}, jitter "
        f"{sc.settings.get('jitter')}; each task's `callBackUrl` points at a receiver in a "
        "separate process on the load core. Lag is measured by a probe inside the server "
        "(a 10 ms sleep, how late it wakes; `benchmarks/apps.py`, off the request path).",
        "",
        *_table(("measure", "value"), rows),
    ]


def _client_section(cl: ClientReport) -> list[str]:
    rows = [
        (
            t.name,
            f"{t.per_iteration_us:,.0f}",
            _times(t.ratio_to_httpx),
            " / ".join(f"{r:,.0f}" for r in t.rounds_us),
        )
        for t in cl.timings
    ]
    parse_rows = [(name, f"{us:.1f}") for name, us in cl.parse_us.items()]
    return [
        "## Client overhead",
        "",
        f"{cl.iterations:,} iterations x {cl.rounds} interleaved rounds of createTask + "
        "recordInfo against the served mock, all through one `httpx.Client`; "
        f"{cl.facade}. Per-iteration medians:",
        "",
        *_table(("contender", "µs / iteration", "vs httpx", "µs per round"), rows),
        "Parse cost of one record (the spec's `RecordInfoResponse/success.json`, best of 5):",
        "",
        *_table(("parser", "µs / record"), parse_rows),
    ]


def _machine_section(results: Results) -> list[str]:
    m = results.machine
    rows = [
        ("CPU", m.cpu_model),
        ("cores", str(m.cores)),
        ("memory", f"{m.memory_gib} GiB" if m.memory_gib else "unknown"),
        ("OS", m.os),
        ("Python", m.python),
        ("packages", ", ".join(f"{k} {v}" for k, v in m.packages.items())),
        ("pinning", m.pinning),
        ("load average before / after", f"{results.load_before} / {results.load_after}"),
    ]
    return ["## Machine", "", *_table(("", ""), rows)]


def render_markdown(results: Results, keep: str = "") -> str:
    """The whole ``docs/benchmarks.md`` for ``results``; ``keep`` is the hand-kept section."""
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m benchmarks` on {results.started}"
        + (" — **quick smoke run: the numbers mean nothing**" if results.quick else "")
        + ". Reproduce with:",
        "",
        "```",
        results.command,
        "```",
        "",
        "Everything runs on loopback; every loop is bounded in requests and time. Servers run "
        "on core 0, the load generator (and the driver, the callback receiver) on core 1.",
        "",
        "## Targets (DESIGN.md)",
        "",
        *_table(
            ("target", "measured", "met"),
            (
                (v.target, v.measured, {True: "yes", False: "**no**", None: "not measured"}[v.met])
                for v in verdicts(results)
            ),
        ),
        *_machine_section(results),
    ]
    if results.throughput:
        lines += _throughput_section(results.throughput)
    if results.scale:
        lines += _scale_section(results.scale)
    if results.client:
        lines += _client_section(results.client)
    if results.generate:
        g = results.generate
        lines += [
            "## Client generation",
            "",
            f"`generator.regen.generate_into` (openapi-python-client + ruff post-hooks, "
            f"{g.files} Python files) into a temporary folder: median {g.median_s:.2f} s, "
            f"best {g.min_s:.2f} s over {len(g.runs_s)} runs "
            f"({', '.join(f'{r:.2f}' for r in g.runs_s)} s).",
            "",
        ]
    if results.notes:
        lines += ["## Notes", "", *[f"* {note}" for note in results.notes], ""]
    lines += [KEEP_START, keep.strip("\n"), KEEP_END, ""]
    return "\n".join(lines)


def _kept(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    start, end = text.find(KEEP_START), text.find(KEEP_END)
    if start < 0 or end < start:
        return ""
    return text[start + len(KEEP_START) : end]


def write_markdown(results: Results, path: Path) -> None:
    """Write ``path``, keeping its hand-written section."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(results, _kept(path)), encoding="utf-8")


def _plain(value: Any) -> Any:
    if attrs.has(type(value)):
        return {k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write_json(results: Results, path: Path) -> None:
    """Write every number of the run (all repeats) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(results), indent=2, ensure_ascii=False), encoding="utf-8")
