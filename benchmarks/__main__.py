"""``python -m benchmarks`` (``make bench``): run the benchmarks, write ``docs/benchmarks.md``.

    python -m benchmarks                      # everything, 3 x 10 s per load run (~30 min)
    python -m benchmarks --quick              # a tiny smoke run of everything (~1 min)
    python -m benchmarks --only server --duration 5 --repeats 2
    uv run --with granian python -m benchmarks   # granian too (it is not in uv.lock)

What it needs, checked at start and reported: ``wrk`` (``apt-get install -y wrk``; without
it a Python load generator is used), Node and npm for Prism (installed on first use into
``benchmarks/.prism/``, which git ignores; without them Prism is reported unavailable), and
``granian`` only when importable. Everything runs on loopback, each loop is bounded in
requests and time, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.client import run_client
from benchmarks.generate import run_generate
from benchmarks.load import LoadError, choose_tool
from benchmarks.machine import LOAD_CPU, ROOT, describe, pinned_to
from benchmarks.report import Results, render_markdown, verdicts, write_json, write_markdown
from benchmarks.scale import run_scale
from benchmarks.servers import PRISM_BIN, TARGETS
from benchmarks.throughput import run_throughput

__all__ = ["SECTIONS", "build_parser", "ensure_prism", "main"]

SECTIONS = ("server", "scale", "client", "generate")
DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"
DEFAULT_JSON = ROOT / ".bench" / "results.json"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run the benchmarks (loopback only) and write docs/benchmarks.md.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument("--duration", type=float, help="seconds per load run (default 10)")
    parser.add_argument("--repeats", type=int, help="repeats of every load run (default 3)")
    parser.add_argument("--warmup", type=float, help="warm-up seconds before each load run")
    parser.add_argument("--connections", type=int, default=32, help="load connections (32)")
    parser.add_argument(
        "--loadgen", choices=("auto", "wrk", "python"), default="auto", help="default: auto"
    )
    parser.add_argument(
        "--targets",
        help=f"comma-separated server targets (default all): {', '.join(TARGETS)}",
    )
    parser.add_argument("--no-prism", action="store_true", help="leave Prism out")
    parser.add_argument("--tasks", type=int, help="scale: tasks in flight (default 10000)")
    parser.add_argument("--iterations", type=int, help="client: iterations per round (1000)")
    parser.add_argument("--rounds", type=int, help="client: rounds (default 5)")
    parser.add_argument(
        "--output",
        type=Path,
        help="Markdown report; default docs/benchmarks.md for a full run, none otherwise",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="raw results as JSON")
    return parser


def ensure_prism(log: Callable[[str], None] = _log) -> str | None:
    """Install Prism into ``benchmarks/.prism/`` when missing; why it is unavailable, or None."""
    if PRISM_BIN.exists():
        return None
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return "prism unavailable: node/npm not installed (apt-get install -y nodejs npm)"
    folder = PRISM_BIN.parents[2]
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "package.json").exists():
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    log(f"installing @stoplight/prism-cli into {folder} ...")
    try:
        proc = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "@stoplight/prism-cli@5"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"prism unavailable: npm install failed: {exc}"
    if proc.returncode != 0 or not PRISM_BIN.exists():
        return f"prism unavailable: npm install failed: {(proc.stdout + proc.stderr)[-500:]}"
    log("prism installed")
    return None


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "unknown"


def _command(argv: Sequence[str]) -> str:
    runner = "uv run --with granian" if importlib.util.find_spec("granian") else "uv run"
    return " ".join([runner, "python -m benchmarks", *map(shlex.quote, argv)]).strip()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sections asked for; the driver runs on the load core while it does."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(args_list)
    with pinned_to(LOAD_CPU) as pinned:
        return _run(args, args_list, pinned)


def _run(args: argparse.Namespace, args_list: list[str], pinned: bool) -> int:
    quick: bool = args.quick
    sections = tuple(args.only or SECTIONS)
    duration = args.duration if args.duration is not None else (1.0 if quick else 10.0)
    repeats = args.repeats if args.repeats is not None else (1 if quick else 3)
    warmup = args.warmup if args.warmup is not None else (0.0 if quick else 2.0)
    notes: list[str] = []
    if pinned:
        _log(f"driver pinned to core {LOAD_CPU}; servers will run on core 0")
    else:
        notes.append("fewer than 2 usable cores: nothing was pinned; server and load compete")
        _log(f"warning: {notes[-1]}")
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = describe()
    load_before = _loadavg()
    throughput = scale = client = generate = None

    if "server" in sections:
        try:
            tool = choose_tool(args.loadgen)
        except LoadError as exc:
            _log(f"error: {exc}")
            return 2
        if tool == "python":
            notes.append(
                "load generator: Python fallback (benchmarks/pyload.py): wrk was not found "
                "(`apt-get install -y wrk`); it may saturate before a fast server does"
            )
            _log(f"note: {notes[-1]}")
        names = [n.strip() for n in args.targets.split(",")] if args.targets else list(TARGETS)
        unknown = [n for n in names if n not in TARGETS]
        if unknown:
            _log(f"error: unknown targets {unknown!r}; known: {list(TARGETS)!r}")
            return 2
        if args.no_prism or quick:
            names = [n for n in names if n != "prism"]
        elif "prism" in names:
            reason = ensure_prism()
            if reason:
                notes.append(reason)
                _log(reason)
        _log(f"server throughput: {len(names)} targets x {repeats} repeats x {duration:g} s")
        throughput = run_throughput(
            names,
            duration_s=duration,
            repeats=repeats,
            warmup_s=warmup,
            connections=args.connections,
            tool=tool,
        )
    if "scale" in sections:
        tasks = args.tasks if args.tasks is not None else (200 if quick else 10_000)
        _log(f"scale: {tasks} tasks with callbacks")
        scale = run_scale(tasks=tasks, speed=10.0 if quick else 1.0)
    if "client" in sections:
        iterations = args.iterations if args.iterations is not None else (30 if quick else 1000)
        rounds = args.rounds if args.rounds is not None else (1 if quick else 5)
        _log(f"client overhead: {rounds} rounds x {iterations} iterations")
        client = run_client(
            iterations=iterations, rounds=rounds, parse_number=200 if quick else 2000
        )
    if "generate" in sections:
        _log("client generation")
        generate = run_generate(repeats=1 if quick else 3)

    results = Results(
        started=started,
        command=_command(args_list),
        quick=quick,
        machine=machine,
        load_before=load_before,
        load_after=_loadavg(),
        throughput=throughput,
        scale=scale,
        client=client,
        generate=generate,
        notes=tuple(notes),
    )
    write_json(results, args.json)
    output: Path | None = args.output
    if output is None and not quick and sections == SECTIONS:
        output = DEFAULT_OUTPUT
    if output is not None:
        write_markdown(results, output)
        _log(f"wrote {output}")
    else:
        print(render_markdown(results))
    _log(f"raw results: {args.json}")
    missed = [v.target for v in verdicts(results) if v.met is False]
    for target in missed:
        _log(f"target missed: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
