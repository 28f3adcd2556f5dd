"""The benchmark code at tiny sizes, so that it keeps working (``make bench`` runs it big).

Nothing here measures speed: only that each part runs on loopback, stops by itself and gives
well-formed results. The Python load generator stands in for ``wrk``; Prism is left out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import __main__ as cli
from benchmarks.machine import describe
from benchmarks.report import KEEP_END, KEEP_START, Results, render_markdown
from benchmarks.scale import peak_in_flight, run_scale
from benchmarks.throughput import SCENARIOS, paired_ratio, run_throughput

__all__: list[str] = []


def _quiet(message: str) -> None:
    return None


THREE = ("bare uvicorn", "mock uvicorn", "bare-asgi uvicorn")


def test_throughput_measures_bare_and_mock() -> None:
    report = run_throughput(
        list(THREE),
        duration_s=0.2,
        repeats=1,
        warmup_s=0,
        tool="python",
        log=_quiet,
    )

    assert report.skipped == {}
    assert {(s.target, s.scenario) for s in report.summaries} == {
        (target, scenario) for target in THREE for scenario in SCENARIOS
    }
    for summary in report.summaries:
        (run,) = summary.runs
        assert run.requests > 0
        assert run.errors == 0
        assert 0 < summary.p50_ms <= summary.p99_ms
    mock = {s.scenario: s for s in report.summaries if s.target == "mock uvicorn"}
    assert mock["createTask valid"].answers.startswith("200x")
    assert mock["createTask invalid"].answers.startswith("400x")
    assert mock["createTask invalid"].runs[0].non_2xx == mock["createTask invalid"].runs[0].requests
    assert mock["recordInfo"].answers == "200x1"
    assert report.ratio("mock uvicorn", "bare uvicorn", "recordInfo") is not None
    bare_asgi = {s.scenario: s.answers for s in report.summaries if s.target == THREE[2]}
    assert bare_asgi == {
        scenario: mock[scenario].answers.replace("400", "200") for scenario in mock
    }
    assert report.ratio("mock uvicorn", "bare-asgi uvicorn", "createTask valid") is not None


def test_ratios_pair_repeats_and_fall_back_to_medians() -> None:
    # A slow spell in repeat 2 hit both targets: the paired ratio ignores it.
    assert paired_ratio([80.0, 40.0, 80.0], [100.0, 50.0, 100.0]) == 0.8
    # The machine drifted: each repeat's own ratio is kept (medians alone would say 0.8).
    assert paired_ratio([50.0, 60.0, 90.0], [60.0, 75.0, 100.0]) == 0.833
    assert paired_ratio([90.0, None], [100.0, 100.0]) == 0.9  # a missing CPU reading
    assert paired_ratio([], []) is None
    assert paired_ratio([5.0], [0.0]) is None


def test_scale_delivers_every_callback() -> None:
    report = run_scale(tasks=30, concurrency=8, speed=30.0, timeout_s=30.0, log=_quiet)

    assert not report.timed_out
    assert report.all_delivered
    assert report.duplicates == 0
    assert report.peak_in_flight == 30
    assert report.states == {"success": 30}
    assert report.peak_rss_kb >= report.rss_start_kb > 0


def test_peak_in_flight_counts_overlaps() -> None:
    assert peak_in_flight([]) == 0
    assert peak_in_flight([(0, 5), (5, 10)]) == 1  # one ends as the next starts
    assert peak_in_flight([(0, 10), (1, 9), (2, 8)]) == 3


def test_cli_writes_markdown_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_generate(target: Path) -> None:  # the real one takes a second; wiring only
        target.mkdir()
        (target / "__init__.py").write_text("", encoding="utf-8")

    monkeypatch.setattr("benchmarks.generate.generate_into", fake_generate)
    output, raw = tmp_path / "bench.md", tmp_path / "results.json"
    output.write_text(f"stale-report\n{KEEP_START}\nhand-kept note\n{KEEP_END}\n", encoding="utf-8")

    code = cli.main(
        [
            "--quick",
            "--only",
            "client",
            "--only",
            "generate",
            "--iterations",
            "3",
            "--output",
            str(output),
            "--json",
            str(raw),
        ]
    )

    assert code == 0
    text = output.read_text(encoding="utf-8")
    assert "## Client overhead" in text
    assert "## Client generation" in text
    assert "hand-kept note" in text
    assert "stale-report" not in text
    data = json.loads(raw.read_text(encoding="utf-8"))
    names = [timing["name"] for timing in data["client"]["timings"]]
    assert names[:2] == ["httpx", "generated"]
    assert all(t["per_iteration_us"] > 0 for t in data["client"]["timings"])
    assert data["generate"]["files"] == 1
    assert data["throughput"] is None


def test_report_renders_without_sections() -> None:
    results = Results(
        started="now",
        command="python -m benchmarks",
        quick=True,
        machine=describe(),
        load_before="0 0 0",
        load_after="0 0 0",
    )

    text = render_markdown(results)

    assert text.startswith("# Benchmarks")
    assert "not measured" in text
