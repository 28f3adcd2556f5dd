"""Callback receivers for the mock's tests: tiny Starlette apps that record every POST.

A :class:`Receiver` answers its first ``fail_times`` POSTs with ``fail_status`` and the rest
with 200; with a ``gate`` (an :class:`asyncio.Event`) every POST waits for the gate first,
which makes a slow receiver. The same object serves in-process (through
:func:`callback_client`, which routes by host name) and on a real loopback port
(``serve_in_thread(app=receiver.app)``); its log is guarded by a lock for the latter.

    receiver = Receiver(fail_times=2)
    app = create_app(settings, clock=FakeClock(), callback_client=callback_client(
        {"hook.test": receiver}
    ))
    # callBackUrl "http://hook.test/cb" now reaches receiver.app; "http://down.test/" fails
    # with a connection error.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["Call", "HostRouter", "Receiver", "callback_client", "wait_until"]


@attrs.define
class Call:
    """One POST that reached a receiver."""

    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    #: The status the receiver answers (decided on arrival).
    status: int
    #: False while a gated call waits, and for ever if the sender gave up on it.
    answered: bool = False

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def acknowledged(self) -> bool:
        return self.answered and 200 <= self.status < 300


@attrs.define
class Receiver:
    """Records callback POSTs and answers as configured."""

    fail_times: int = 0
    fail_status: int = 500
    gate: asyncio.Event | None = None
    calls: list[Call] = attrs.field(factory=list)
    #: Set on every arrival, for tests that wait on concurrency rather than on the clock.
    arrived: asyncio.Event | None = None
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)
    app: Starlette = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self.app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["POST"])])

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        with self._lock:
            status = self.fail_status if len(self.calls) < self.fail_times else 200
            call = Call(
                path=request.url.path,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body,
                status=status,
            )
            self.calls.append(call)
        if self.arrived is not None:
            self.arrived.set()
        if self.gate is not None:
            await self.gate.wait()
        call.answered = True
        return PlainTextResponse("ok" if status < 300 else "nope", status_code=status)

    def snapshot(self) -> list[Call]:
        """A copy of the log (safe to read from another thread)."""
        with self._lock:
            return list(self.calls)

    def acknowledged(self) -> list[Call]:
        return [call for call in self.snapshot() if call.acknowledged]

    def bodies(self) -> list[Any]:
        return [call.json() for call in self.snapshot()]


class HostRouter(httpx.AsyncBaseTransport):
    """Sends each request to the ASGI app of its host; unknown hosts refuse the connection."""

    def __init__(self, routes: Mapping[str, Receiver]) -> None:
        self._transports = {
            host: httpx.ASGITransport(app=receiver.app) for host, receiver in routes.items()
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._transports.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError(
                f"connection refused by {request.url.host!r} (no receiver)", request=request
            )
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._transports.values():
            await transport.aclose()


def callback_client(routes: Mapping[str, Receiver]) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for ``create_app(callback_client=...)``, routed by host."""
    return httpx.AsyncClient(transport=HostRouter(routes))


def wait_until(predicate: Callable[[], bool], *, timeout: float = 10.0, what: str = "") -> None:
    """Poll ``predicate`` (for cross-thread or cross-process effects) until true or a deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what or predicate!r}")
        time.sleep(0.01)
