"""A small HTTP/1.1 load generator for when ``wrk`` is not installed.

Fixed concurrency: ``connections`` keep-alive connections, each sending its next request as
soon as the previous answer is read (no pipelining), for ``duration_s`` seconds or
``max_requests`` requests, whichever comes first. Raw sockets through asyncio streams (on
uvloop when it is installed), a pre-encoded request per body, and a minimal response reader
(``Content-Length`` or chunked). It prints one line, ``BENCH_JSON {...}``, in the same shape
as the ``wrk`` script of :mod:`benchmarks.load`.

Run it as ``python -m benchmarks.pyload CONFIG.json`` (what :mod:`benchmarks.load` does,
pinned to the load core); the config holds ``url``, ``method``, ``headers``, ``bodies``
(a file with one body per line, or ``""``), ``connections``, ``duration_s``,
``max_requests`` and ``timeout_s``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

__all__ = ["LoadConfig", "encode_requests", "main", "run", "send_each"]


@attrs.frozen
class LoadConfig:
    """What to send, how hard and for how long."""

    url: str
    method: str
    headers: dict[str, str]
    bodies: tuple[bytes, ...]
    connections: int
    duration_s: float
    max_requests: int
    timeout_s: float = 5.0


def encode_requests(config: LoadConfig) -> tuple[str, int, list[bytes]]:
    """``(host, port, raw requests)``: one pre-encoded HTTP/1.1 request per body."""
    parts = urlsplit(config.url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    head = f"{config.method} {target} HTTP/1.1\r\nHost: {host}:{port}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in config.headers.items())
    bodies = config.bodies or (b"",)
    raw = []
    for body in bodies:
        length = f"Content-Length: {len(body)}\r\n" if body or config.method != "GET" else ""
        raw.append(f"{head}{length}\r\n".encode("latin-1") + body)
    return host, port, raw


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; ``(status, keep_alive)``."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lower = head.lower()
    keep_alive = b"connection: close" not in lower
    start = lower.find(b"content-length:")
    if start >= 0:
        end = lower.index(b"\r\n", start)
        length = int(lower[start + 15 : end])
        if length:
            await reader.readexactly(length)
    elif b"transfer-encoding: chunked" in lower:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        keep_alive = False
    return status, keep_alive


@attrs.define
class _Tally:
    latencies_s: list[float] = attrs.Factory(list)
    non_2xx: int = 0
    connect_errors: int = 0
    io_errors: int = 0
    timeouts: int = 0
    sent: int = 0


async def _worker(
    host: str,
    port: int,
    requests: Sequence[bytes],
    offset: int,
    deadline: float,
    config: LoadConfig,
    tally: _Tally,
) -> None:
    index = offset
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    while time.perf_counter() < deadline and tally.sent < config.max_requests:
        if writer is None or reader is None:
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                tally.connect_errors += 1
                await asyncio.sleep(0.01)
                continue
        request = requests[index % len(requests)]
        index += 1
        tally.sent += 1
        started = time.perf_counter()
        try:
            writer.write(request)
            status, keep_alive = await asyncio.wait_for(_read_response(reader), config.timeout_s)
        except TimeoutError:
            tally.timeouts += 1
            keep_alive = False
        except (OSError, asyncio.IncompleteReadError, ValueError):
            tally.io_errors += 1
            keep_alive = False
        else:
            tally.latencies_s.append(time.perf_counter() - started)
            if not 200 <= status < 300:
                tally.non_2xx += 1
        if not keep_alive:
            writer.close()
            writer = reader = None
    if writer is not None:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def send_each(config: LoadConfig, *, timeout_s: float = 30.0) -> Counter[int]:
    """Send every body of ``config`` once over ``connections`` connections; status counts.

    A request that fails on the wire counts as status ``0``; ``duration_s`` is ignored.
    """
    host, port, requests = encode_requests(config)
    pending = iter(requests)
    statuses: Counter[int] = Counter()

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for request in pending:
                try:
                    writer.write(request)
                    status, keep_alive = await asyncio.wait_for(_read_response(reader), timeout_s)
                except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
                    statuses[0] += 1
                    keep_alive = False
                else:
                    statuses[status] += 1
                if not keep_alive:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(max(1, config.connections))))
    return statuses


def _percentile(ordered: Sequence[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run(config: LoadConfig) -> dict[str, Any]:
    """Apply the load and return the summary (the ``BENCH_JSON`` object)."""
    host, port, requests = encode_requests(config)
    tally = _Tally()
    started = time.perf_counter()
    deadline = started + config.duration_s
    workers = [
        _worker(host, port, requests, i, deadline, config, tally) for i in range(config.connections)
    ]
    await asyncio.wait_for(asyncio.gather(*workers), config.duration_s + config.timeout_s + 5)
    elapsed = time.perf_counter() - started
    ordered = sorted(tally.latencies_s)
    return {
        "requests": len(ordered),
        "duration_us": round(elapsed * 1e6),
        "connect": tally.connect_errors,
        "read": tally.io_errors,
        "write": 0,
        "status": tally.non_2xx,
        "timeout": tally.timeouts,
        "p50_us": round(_percentile(ordered, 0.50) * 1e6),
        "p99_us": round(_percentile(ordered, 0.99) * 1e6),
        "max_us": round((ordered[-1] if ordered else 0.0) * 1e6),
    }


def _load_config(path: Path) -> LoadConfig:
    raw = json.loads(path.read_text(encoding="utf-8"))
    bodies_path = raw.pop("bodies")
    bodies: tuple[bytes, ...] = ()
    if bodies_path:
        bodies = tuple(line for line in Path(bodies_path).read_bytes().split(b"\n") if line.strip())
    return LoadConfig(bodies=bodies, **raw)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.pyload CONFIG.json``: run and print ``BENCH_JSON {...}``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m benchmarks.pyload CONFIG.json", file=sys.stderr)
        return 2
    config = _load_config(Path(args[0]))
    try:
        import uvloop
    except ImportError:
        summary = asyncio.run(run(config))
    else:
        summary = uvloop.run(run(config))
    print("BENCH_JSON " + json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
