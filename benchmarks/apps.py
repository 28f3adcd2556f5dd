"""The ASGI apps the server benchmarks serve, as factories a server CLI can import.

* :func:`bare_app` — the ceiling DESIGN.md measures against: Starlette with the same two
  routes doing no work beyond reading the request (the POST body is read and
  ``json.loads``-ed, nothing is validated) and answering a fixed-shape envelope.
* :func:`bare_asgi_app` — the floor under it: the same work as plain ASGI, no framework at
  all. The mock answers its two endpoints as plain ASGI too (``mock_server.endpoints``), so
  this is the like-for-like comparison; the report shows both.
* :func:`mock_app` — the real mock (:func:`mock_server.app.create_app`) with settings taken
  from the environment variable :data:`SETTINGS_ENV` (JSON, see :func:`settings_from_json`),
  prepared as ``liangxin-mock serve`` prepares it (start-up objects frozen for the garbage
  collector), and, when asked, an event-loop lag probe served at ``/_bench/lag``. The probe
  is a separate background task, never on the request path.

Both are served with the same server and flags, e.g.
``uvicorn --factory benchmarks.apps:mock_app --no-access-log``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from mock_server.app import create_app
from mock_server.cli import freeze_startup_objects
from mock_server.settings import Phases, Settings

__all__ = [
    "BARE_RECORD",
    "SETTINGS_ENV",
    "LagProbe",
    "bare_app",
    "bare_asgi_app",
    "mock_app",
    "settings_from_json",
]

SETTINGS_ENV = "LIANGXIN_BENCH_SETTINGS"

#: What the bare recordInfo answers: a finished task's record of the usual size.
BARE_RECORD: dict[str, Any] = {
    "taskId": "",
    "model": "z-image",
    "state": "success",
    "param": json.dumps(
        {"model": "z-image", "input": {"prompt": "A cozy reading nook by a rainy window"}},
        separators=(",", ":"),
    ),
    "resultJson": json.dumps({"resultUrls": ["http://127.0.0.1/files/task/0.png"]}),
    "failCode": "",
    "failMsg": "",
    "costTime": 15000,
    "completeTime": 1777600015000,
    "createTime": 1777600000000,
    "updateTime": 1777600015000,
    "progress": 100,
    "creditsConsumed": 1.0,
}


def bare_app() -> Starlette:
    """Starlette with LiangXin's two routes and no validation, auth, store or scheduling."""
    counter = itertools.count()

    async def create_task(request: Request) -> Response:
        json.loads(await request.body())
        task_id = f"task_bare_{next(counter)}"
        return JSONResponse({"code": 200, "msg": "success", "data": {"taskId": task_id}})

    async def record_info(request: Request) -> Response:
        record = {**BARE_RECORD, "taskId": request.query_params.get("taskId", "")}
        return JSONResponse({"code": 200, "msg": "success", "data": record})

    return Starlette(
        routes=[
            Route("/api/v1/jobs/createTask", create_task, methods=["POST"]),
            Route("/api/v1/jobs/recordInfo", record_info, methods=["GET"]),
        ]
    )


class _BareAsgi:
    """:func:`bare_app`'s two routes as plain ASGI; any other request is a bare 404."""

    def __init__(self) -> None:
        self.counter = itertools.count()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        route = (scope["method"], scope["path"])
        if route == ("POST", "/api/v1/jobs/createTask"):
            chunks = []
            while True:
                message: Message = await receive()
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            json.loads(b"".join(chunks))
            data: Any = {"taskId": f"task_bare_{next(self.counter)}"}
        elif route == ("GET", "/api/v1/jobs/recordInfo"):
            query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
            data = {**BARE_RECORD, "taskId": query.get("taskId", "")}
        else:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        body = json.dumps(
            {"code": 200, "msg": "success", "data": data},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        headers = [
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def bare_asgi_app() -> _BareAsgi:
    """:func:`bare_app` without Starlette: the same two routes and work, as plain ASGI."""
    return _BareAsgi()


def settings_from_json(text: str) -> tuple[Settings, bool]:
    """``Settings`` (and whether to run the lag probe) from the benchmark's JSON.

    Keys are ``Settings`` field names; ``phases`` maps a kind or model id to
    ``[waiting, queuing, generating]`` seconds; ``lag_probe`` is the benchmark's own.

    >>> settings, probe = settings_from_json('{"speed": 10, "lag_probe": true}')
    >>> settings.speed, probe
    (10.0, True)
    """
    raw: dict[str, Any] = json.loads(text) if text else {}
    probe = bool(raw.pop("lag_probe", False))
    if "speed" in raw:
        raw["speed"] = float(raw["speed"])
    if "phases" in raw:
        phases: Mapping[str, list[float]] = raw["phases"]
        raw["phases"] = {name: Phases(*values) for name, values in phases.items()}
    if "api_keys" in raw:
        raw["api_keys"] = tuple(raw["api_keys"])
    return Settings(**raw), probe


class LagProbe:
    """Measures event-loop lag: how late a ``sleep(interval)`` wakes up, every interval."""

    def __init__(self, interval_s: float = 0.01, max_samples: int = 200_000) -> None:
        self.interval_s = interval_s
        self.max_samples = max_samples
        #: ``(wall time in s, lag in ms)`` pairs, oldest first.
        self.samples: list[tuple[float, float]] = []

    async def run(self) -> None:
        """Sample until cancelled (or until ``max_samples`` are kept)."""
        while len(self.samples) < self.max_samples:
            started = time.perf_counter()
            await asyncio.sleep(self.interval_s)
            late = time.perf_counter() - started - self.interval_s
            self.samples.append((time.time(), max(0.0, late) * 1000))

    async def endpoint(self, request: Request) -> Response:
        """``GET /_bench/lag?since=<unix s>``: the samples taken since then."""
        since = float(request.query_params.get("since", "0"))
        return JSONResponse({"samples": [s for s in self.samples if s[0] >= since]})


def mock_app() -> Starlette:
    """The mock with settings from ``$LIANGXIN_BENCH_SETTINGS`` (and the optional lag probe)."""
    settings, with_probe = settings_from_json(os.environ.get(SETTINGS_ENV, ""))
    app = create_app(settings)
    freeze_startup_objects()  # as `liangxin-mock serve` does before serving
    if not with_probe:
        return app
    probe = LagProbe()
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with inner(app):
            sampler = asyncio.create_task(probe.run())
            try:
                yield
            finally:
                sampler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sampler

    app.router.lifespan_context = lifespan
    app.router.routes.append(Route("/_bench/lag", probe.endpoint, methods=["GET"]))
    return app
