"""Drive the in-process mock from synchronous code (Hypothesis tests and state machines).

Hypothesis calls rules and test bodies synchronously, so each :class:`LoopMock` owns one event
loop and runs the app's lifespan and every request on it with ``run_until_complete``. Between
calls the loop is simply not running; the fake clock only moves when told to, so nothing is
missed while it waits.

    with LoopMock(lambda: create_app(Settings(rate_limit=0), clock=FakeClock())) as mock:
        response = mock.post("/api/v1/jobs/createTask", json=body)
        mock.advance(30)
        mock.restart()          # same factory: same Settings(db=...), same clock
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

import httpx
from starlette.applications import Starlette

from mock_server.engine import Engine
from mock_server.testing import InProcessMock, running

__all__ = ["ADMIN_HEADERS", "LoopMock"]

T = TypeVar("T")

ADMIN_HEADERS = {"X-Admin-Token": "mock-admin"}


class LoopMock:
    """A started mock on a private event loop, with sync ``request``/``advance``/``restart``."""

    def __init__(self, app_factory: Callable[[], Starlette]) -> None:
        self._factory = app_factory
        self._loop = asyncio.new_event_loop()
        self._stack: contextlib.AsyncExitStack | None = None
        self._mock: InProcessMock | None = None
        self._http: httpx.AsyncClient | None = None
        self.restarts = 0

    # ------------------------------------------------------------------ lifecycle

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self._loop.run_until_complete(coro)

    def start(self) -> LoopMock:
        if self._mock is not None:
            raise RuntimeError("LoopMock.start: already started; call stop() or restart()")
        stack = contextlib.AsyncExitStack()
        self._mock = self.run(stack.enter_async_context(running(self._factory())))
        self._http = self._mock.http()
        stack.push_async_callback(self._http.aclose)
        self._stack = stack
        return self

    def stop(self) -> None:
        stack, self._stack, self._mock, self._http = self._stack, None, None, None
        if stack is not None:
            self.run(stack.aclose())

    def restart(self) -> None:
        """Close the app (its store is closed too) and start a new one from the factory."""
        self.stop()
        self.start()
        self.restarts += 1

    def close(self) -> None:
        try:
            self.stop()
        finally:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    def __enter__(self) -> LoopMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ use

    @property
    def mock(self) -> InProcessMock:
        if self._mock is None:
            raise RuntimeError("LoopMock: not started")
        return self._mock

    @property
    def engine(self) -> Engine:
        return self.mock.engine

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if self._http is None:
            raise RuntimeError("LoopMock: not started")
        return self.run(self._http.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def advance(self, seconds: float) -> None:
        """Move the fake clock and let every due callback finish."""
        self.run(self.mock.advance(seconds))

    def settle(self) -> None:
        self.run(self.engine.settle())
