"""The machine a run happens on, and how processes are pinned to its cores.

Servers run on core :data:`SERVER_CPU`; load generators, callback receivers and the
benchmark driver itself on :data:`LOAD_CPU`, so that the load never competes with the server
for its core. Pinning is done with ``os.sched_setaffinity`` (a child is pinned by a two-line
shim that sets its affinity and then ``exec``s the real command, so the pid stays the
server's own and ``/proc/<pid>/status`` describes it).

    >>> pinned(["wrk", "--version"], LOAD_CPU)[-2:]  # doctest: +SKIP
    ['wrk', '--version']
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path

import attrs

__all__ = [
    "LOAD_CPU",
    "ROOT",
    "SERVER_CPU",
    "Machine",
    "can_pin",
    "children",
    "describe",
    "pinned",
    "pinned_to",
    "proc_status_kb",
    "process_cpu_s",
    "tool_version",
]

ROOT = Path(__file__).resolve().parent.parent
SERVER_CPU = 0
LOAD_CPU = 1

#: The cores this process could use when it started (before :func:`pinned_to` narrowed them).
_USABLE: frozenset[int] = frozenset(
    os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else ()
)

_PIN_SHIM = (
    "import os, sys; os.sched_setaffinity(0, {int(sys.argv[1])}); "
    "os.execvp(sys.argv[2], sys.argv[2:])"
)

_PACKAGES = (
    "starlette",
    "uvicorn",
    "uvloop",
    "httptools",
    "h11",
    "httpx",
    "jsonschema-rs",
    "attrs",
    "openapi-python-client",
    "granian",
)


def can_pin() -> bool:
    """Whether cores 0 and 1 both exist and this process was allowed to use them."""
    return hasattr(os, "sched_setaffinity") and {SERVER_CPU, LOAD_CPU} <= _USABLE


def pinned(cmd: Sequence[str], cpu: int | None) -> list[str]:
    """``cmd`` wrapped so that it runs on ``cpu`` only (unchanged when pinning is impossible)."""
    if cpu is None or not can_pin():
        return list(cmd)
    return [sys.executable, "-c", _PIN_SHIM, str(cpu), *cmd]


@contextlib.contextmanager
def pinned_to(cpu: int) -> Iterator[bool]:
    """Run the block on ``cpu`` only (``True`` if pinned), then restore this process's cores."""
    if not can_pin():
        yield False
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})
    try:
        yield True
    finally:
        os.sched_setaffinity(0, before)


def proc_status_kb(pid: int, field: str) -> int | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (``VmRSS``, ``VmHWM``), or ``None``."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def _cpu_ticks(stat: str) -> tuple[int, int]:
    """``(ppid, utime + stime)`` from the text of ``/proc/<pid>/stat``."""
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def children(pid: int) -> list[int]:
    """The pids whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or entry.name == str(pid):
            continue
        try:
            ppid, _ = _cpu_ticks((entry / "stat").read_text(encoding="ascii"))
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(entry.name))
    return found


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by ``pid`` and its direct children."""
    total = 0
    for each in (pid, *children(pid)):
        try:
            _, ticks = _cpu_ticks(Path(f"/proc/{each}/stat").read_text(encoding="ascii"))
        except (OSError, IndexError, ValueError):
            if each == pid:
                return None
            continue
        total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def tool_version(cmd: Sequence[str]) -> str | None:
    """The first line a ``--version``-style command prints, or ``None`` when it cannot run."""
    if shutil.which(cmd[0]) is None and not Path(cmd[0]).exists():
        return None
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return lines[0].strip() if lines else None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


@attrs.frozen
class Machine:
    """What the numbers were measured on."""

    cpu_model: str
    cores: int
    memory_gib: float | None
    os: str
    python: str
    packages: dict[str, str]
    pinning: str


def describe() -> Machine:
    """Describe this machine: CPU, cores, memory, Python and the package versions in use."""
    packages: dict[str, str] = {}
    for name in _PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    pinning = (
        f"servers on core {SERVER_CPU}, load generator / receiver / driver on core {LOAD_CPU} "
        "(os.sched_setaffinity)"
        if can_pin()
        else "none: fewer than 2 usable cores, server and load share the machine"
    )
    return Machine(
        cpu_model=_cpu_model(),
        cores=os.cpu_count() or 1,
        memory_gib=_memory_gib(),
        os=f"{platform.system()} {platform.release()}",
        python=f"{platform.python_implementation()} {platform.python_version()}",
        packages=packages,
        pinning=pinning,
    )
