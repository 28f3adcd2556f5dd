"""Client generation time: ``generator.regen.generate_into`` into a temporary folder.

That is what ``python -m generator generate`` does (openapi-python-client plus its ruff
post-hooks), minus the final copy over ``generated_client/``, so the committed client is
never touched.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import attrs

from generator.regen import generate_into

__all__ = ["GenerateReport", "run_generate"]


@attrs.frozen
class GenerateReport:
    """Wall-clock seconds of each generation, and their median and minimum."""

    runs_s: tuple[float, ...]
    median_s: float
    min_s: float
    files: int


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_generate(*, repeats: int = 3, log: Callable[[str], None] = _log) -> GenerateReport:
    """Generate the client ``repeats`` times into fresh temporary folders."""
    runs: list[float] = []
    files = 0
    for index in range(repeats):
        with tempfile.TemporaryDirectory(prefix="liangxin-bench-gen-") as tmp:
            target = Path(tmp) / "liangxin_client"
            started = time.perf_counter()
            generate_into(target)
            runs.append(time.perf_counter() - started)
            files = sum(1 for p in target.rglob("*.py"))
        log(f"  generation {index + 1}/{repeats}: {runs[-1]:.2f} s")
    return GenerateReport(
        runs_s=tuple(round(r, 3) for r in runs),
        median_s=round(statistics.median(runs), 3),
        min_s=round(min(runs), 3),
        files=files,
    )
