"""Use the mock from tests: in-process over ASGI, or served on a loopback port in a thread.

In-process (async tests)::

    async with running(create_app(Settings(), clock=FakeClock())) as mock:
        client = mock.http()                     # httpx.AsyncClient over ASGITransport
        ...
        await mock.advance(30)                   # move the fake clock, settle callbacks

On a real port (any client, sync or async; also the pytest fixture ``liangxin_mock``)::

    with serve_in_thread(Settings(), clock=FakeClock()) as server:
        httpx.get(f"{server.base_url}/api/v1/jobs/recordInfo", ...)
        server.advance(30)
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import attrs
import httpx
import uvicorn
from starlette.applications import Starlette

from mock_server.app import create_app
from mock_server.clock import Clock, FakeClock
from mock_server.engine import Engine
from mock_server.settings import Settings

__all__ = ["InProcessMock", "ThreadedMock", "free_port", "running", "serve_in_thread"]


@attrs.define
class InProcessMock:
    """A started app, its engine and its clock."""

    app: Starlette
    base_url: str = "http://mock.test"

    @property
    def engine(self) -> Engine:
        return self.app.state.engine  # type: ignore[no-any-return]

    @property
    def settings(self) -> Settings:
        return self.engine.settings

    @property
    def clock(self) -> Clock:
        return self.engine.clock

    @property
    def api_key(self) -> str:
        return self.settings.api_keys[0]

    def http(self, *, api_key: str | None = None, authorize: bool = True) -> httpx.AsyncClient:
        """An ``httpx.AsyncClient`` wired to the app; sends the bearer key unless told not to."""
        headers = {"Authorization": f"Bearer {api_key or self.api_key}"} if authorize else {}
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url=self.base_url, headers=headers
        )

    async def advance(self, seconds: float) -> None:
        """Move the fake clock by ``seconds`` and wait until every due callback is settled."""
        if not isinstance(self.clock, FakeClock):
            raise TypeError(f"advance() needs a FakeClock, the app runs on {self.clock!r}")
        self.clock.advance(seconds)
        await self.engine.settle()


@contextlib.asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[InProcessMock]:
    """Run ``app``'s lifespan (the background engine) around the block."""
    async with app.router.lifespan_context(app):
        yield InProcessMock(app)


def free_port(host: str = "127.0.0.1") -> int:
    """A free TCP port on ``host`` (loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@attrs.define
class ThreadedMock:
    """A mock served by uvicorn on a loopback port from a background thread."""

    app: Starlette
    server: uvicorn.Server
    loop: asyncio.AbstractEventLoop
    base_url: str

    @property
    def engine(self) -> Engine:
        return self.app.state.engine  # type: ignore[no-any-return]

    @property
    def api_key(self) -> str:
        return self.engine.settings.api_keys[0]

    def advance(self, seconds: float, *, timeout: float = 30.0) -> None:
        """Move the fake clock (on the server's loop) and wait for due callbacks to settle."""
        clock = self.engine.clock
        if not isinstance(clock, FakeClock):
            raise TypeError(f"advance() needs a FakeClock, the server runs on {clock!r}")

        async def step() -> None:
            clock.advance(seconds)
            await self.engine.settle()

        asyncio.run_coroutine_threadsafe(step(), self.loop).result(timeout)


@contextlib.contextmanager
def serve_in_thread(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    app: Starlette | None = None,
    startup_timeout: float = 10.0,
) -> Iterator[ThreadedMock]:
    """Serve the mock (or ``app``) on ``host:port`` until the block ends."""
    app = app or create_app(settings, clock=clock)
    port = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(server.serve(),), name="liangxin-mock", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not server.started:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        raise RuntimeError(f"the mock did not start on {host}:{port} within {startup_timeout} s")
    try:
        yield ThreadedMock(app=app, server=server, loop=loop, base_url=f"http://{host}:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        loop.close()
