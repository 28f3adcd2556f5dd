"""Start one server under test on the server core, wait until it answers, stop it.

A :class:`Target` names what is served (``bare``, ``mock``, ``mock-cli``, ``prism``) and how
(uvicorn with a given loop and HTTP parser, granian, or Prism on Node). Every Python target is
launched with the same flags (one worker, no access log, log level ``warning``) except
``mock-cli``, which is ``liangxin-mock serve`` exactly as a developer runs it.

    >>> with running_server(TARGETS["mock uvicorn"], settings={"speed": 1000}) as server:
    ...     server.base_url  # doctest: +SKIP
    'http://127.0.0.1:40123'
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import httpx

from benchmarks.apps import SETTINGS_ENV
from benchmarks.machine import ROOT, SERVER_CPU, children, pinned, proc_status_kb

__all__ = [
    "PRISM_BIN",
    "TARGETS",
    "RunningServer",
    "ServerError",
    "Target",
    "free_port",
    "running_server",
    "unavailable_reason",
]

AppKind = Literal["bare", "bare-asgi", "mock", "mock-cli", "prism"]
PRISM_BIN = ROOT / "benchmarks" / ".prism" / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "openapi" / "liangxin.yaml"


class ServerError(RuntimeError):
    """A server did not start or died; the message carries the end of its log."""


@attrs.frozen
class Target:
    """One server configuration to measure."""

    name: str
    app: AppKind
    server: Literal["uvicorn", "granian", "prism"]
    #: uvicorn's ``--loop`` and ``--http`` (``auto`` picks uvloop/httptools when installed).
    loop: str = "auto"
    http: str = "auto"
    label: str = ""
    #: More arguments for ``liangxin-mock serve`` (``mock-cli`` only).
    cli_args: tuple[str, ...] = ()

    def command(self, port: int, settings: Mapping[str, Any]) -> list[str]:
        """The command line serving this target on ``127.0.0.1:port``."""
        if self.server == "prism":
            return [
                str(PRISM_BIN),
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-v",
                "warn",
                str(SPEC),
            ]
        if self.app == "mock-cli":
            return [
                sys.executable,
                "-m",
                "mock_server",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--rate-limit",
                str(settings.get("rate_limit", 20)),
                "--credits",
                str(settings.get("initial_credits", 1000.0)),
                "--speed",
                str(settings.get("speed", 1.0)),
                *self.cli_args,
            ]
        factory = "benchmarks.apps:" + _FACTORIES[self.app]
        if self.server == "granian":
            return [
                *_granian_command(),
                "--interface",
                "asgi",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-ws",
                "--log-level",
                "warning",
                factory,
            ]
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--loop",
            self.loop,
            "--http",
            self.http,
            "--no-access-log",
            "--log-level",
            "warning",
            "--lifespan",
            "on",
        ]


def _granian_command() -> list[str]:
    script = Path(sys.executable).with_name("granian")
    return [str(script)] if script.exists() else [sys.executable, "-m", "granian"]


_FACTORIES = {"bare": "bare_app", "bare-asgi": "bare_asgi_app", "mock": "mock_app"}

_UVLOOP = "uvicorn --loop uvloop --http httptools"
_AUTO = "uvicorn defaults (--loop auto --http auto)"
_PURE = "uvicorn --loop asyncio --http h11"

#: Every target, by name; ``mock uvicorn`` is the mock as the benchmark serves it by default.
TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        # Each mock right after its bare twin: a repeat runs them minutes apart at most, and
        # the report pairs them repeat by repeat.
        Target("bare uvicorn", "bare", "uvicorn", "uvloop", "httptools", _UVLOOP),
        Target("mock uvicorn", "mock", "uvicorn", "uvloop", "httptools", _UVLOOP),
        Target(
            "bare-asgi uvicorn",
            "bare-asgi",
            "uvicorn",
            "uvloop",
            "httptools",
            _UVLOOP + "; plain ASGI, no Starlette",
        ),
        Target("bare uvicorn-auto", "bare", "uvicorn", "auto", "auto", _AUTO),
        Target("mock uvicorn-auto", "mock", "uvicorn", "auto", "auto", _AUTO),
        Target("bare uvicorn-pure", "bare", "uvicorn", "asyncio", "h11", _PURE),
        Target("mock uvicorn-pure", "mock", "uvicorn", "asyncio", "h11", _PURE),
        Target("bare granian", "bare", "granian", label="granian --interface asgi, 1 worker"),
        Target("mock granian", "mock", "granian", label="granian --interface asgi, 1 worker"),
        Target("mock cli", "mock-cli", "uvicorn", label="`liangxin-mock serve` (access log on)"),
        Target(
            "mock cli-quiet",
            "mock-cli",
            "uvicorn",
            label="`liangxin-mock serve --no-access-log`",
            cli_args=("--no-access-log",),
        ),
        Target("prism", "prism", "prism", label="Stoplight Prism 5 `prism mock`, -v warn"),
    )
}


def unavailable_reason(target: Target) -> str | None:
    """Why ``target`` cannot run here (``None`` when it can)."""
    if target.server == "granian" and importlib.util.find_spec("granian") is None:
        return (
            "granian is not installed in this environment (not in uv.lock); "
            "run with `uv run --with granian python -m benchmarks` to include it"
        )
    if target.server == "prism":
        if shutil.which("node") is None:
            return "prism unavailable: node is not installed (apt-get install -y nodejs npm)"
        if not PRISM_BIN.exists():
            return (
                "prism unavailable: not installed; run `npm install --prefix benchmarks/.prism "
                "@stoplight/prism-cli` (or let `python -m benchmarks` install it)"
            )
    return None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@attrs.define
class RunningServer:
    """A started server process."""

    target: Target
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_kb(self) -> int | None:
        """The server process's resident set size now (``VmRSS``)."""
        return proc_status_kb(self.pid, "VmRSS")

    def peak_rss_kb(self) -> int | None:
        """Peak resident set size (``VmHWM``) of the process and its direct children."""
        own = proc_status_kb(self.pid, "VmHWM")
        if own is None:
            return None
        return own + sum(proc_status_kb(child, "VmHWM") or 0 for child in children(self.pid))

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def _wait_ready(server: RunningServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise ServerError(
                    f"{server.target.name} exited with {server.process.returncode} while "
                    f"starting:\n{server.log_tail()}"
                )
            try:
                client.get(f"{server.base_url}/_mock/health")
            except httpx.HTTPError:
                time.sleep(0.05)
                continue
            return
    raise ServerError(f"{server.target.name} did not answer within {timeout_s:g} s")


def _stop(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout_s)


@contextlib.contextmanager
def running_server(
    target: Target,
    *,
    settings: Mapping[str, Any] | None = None,
    startup_timeout_s: float = 60.0,
    cpu: int | None = SERVER_CPU,
) -> Iterator[RunningServer]:
    """Serve ``target`` on a free loopback port, pinned to ``cpu``, for the block."""
    reason = unavailable_reason(target)
    if reason:
        raise ServerError(reason)
    settings = dict(settings or {})
    port = free_port()
    env = {**os.environ, SETTINGS_ENV: json.dumps(settings), "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.NamedTemporaryFile(
        prefix=f"bench-{target.name.replace(' ', '-')}-", suffix=".log", delete=False
    ) as log_file:
        log = Path(log_file.name)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            pinned(target.command(port, settings), cpu),
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
    server = RunningServer(target, process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_ready(server, startup_timeout_s)
        yield server
    finally:
        _stop(process)
        log.unlink(missing_ok=True)
