"""The mock's CLI in a subprocess, on a loopback port, with bounded waits only.

    with MockProcess.start(["--db", str(db), "--fake-clock"], log_dir=tmp_path) as mock:
        httpx.get(f"{mock.base_url}/_mock/health")
        mock.kill()            # SIGKILL: no shutdown code runs

Standard output is read line by line on a thread (the banner names the base URL and the key);
standard error goes to a file whose tail is shown when the process does not come up.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import attrs
import httpx

from mock_server.testing import free_port

__all__ = ["MockProcess", "cli_command"]

HOST = "127.0.0.1"


def cli_command() -> list[str]:
    """``liangxin-mock`` from this environment, or ``python -m mock_server`` without it."""
    script = Path(sys.executable).with_name("liangxin-mock")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mock_server"]


def _clean_env() -> dict[str, str]:
    # The CLI reads LIANGXIN_MOCK_* variables; the tests pass everything as flags.
    return {k: v for k, v in os.environ.items() if not k.startswith("LIANGXIN_MOCK_")}


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


@attrs.define
class MockProcess:
    """A running ``liangxin-mock serve``."""

    process: subprocess.Popen[str]
    port: int
    stderr_path: Path
    lines: queue.Queue[str | None]
    stdout: list[str] = attrs.field(factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @classmethod
    @contextlib.contextmanager
    def start(
        cls,
        args: Sequence[str],
        *,
        log_dir: Path,
        command: Sequence[str] | None = None,
        timeout: float = 30.0,
    ) -> Iterator[MockProcess]:
        """Start ``serve --host 127.0.0.1 --port <free> *args``; wait until it answers."""
        port = free_port(HOST)
        stderr_path = log_dir / f"mock-{port}.stderr.log"
        argv = [*(command or cli_command()), "serve", "--host", HOST, "--port", str(port), *args]
        with stderr_path.open("w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                argv,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env=_clean_env(),
            )
        assert process.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
        reader.start()
        mock = cls(process=process, port=port, stderr_path=stderr_path, lines=lines)
        try:
            mock.wait_healthy(timeout)
            yield mock
        finally:
            mock.stop()
            reader.join(timeout=10)
            process.stdout.close()

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the mock exited with {self.process.returncode}: {self.log()}"
                )
            try:
                if httpx.get(f"{self.base_url}/_mock/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError(
            f"the mock did not answer on {self.base_url} in {timeout} s: {self.log()}"
        )

    def read_line(self, pattern: str, *, timeout: float = 10.0) -> re.Match[str]:
        """The first (further) stdout line matching ``pattern``."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.stdout.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no stdout line matched {pattern!r}; got {self.stdout!r}")

    def log(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-2000:]

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to close anything."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
