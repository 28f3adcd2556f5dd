"""``AsyncLiangXin``: the asynchronous twin of ``LiangXin``, method for method.

Naming follows httpx: ``close``/``aclose``, ``with``/``async with``; every other method has the
same name and arguments and is awaited.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Self, TypeVar

import httpx
from liangxin_client import AuthenticatedClient

from liangxin import _core
from liangxin.clock import AsyncClock, AsyncSystemClock
from liangxin.errors import LiangXinError, TransportError
from liangxin.polling import DEFAULT_POLL, DEFAULT_WAIT_TIMEOUT, PollSchedule, Waiter
from liangxin.records import Task
from liangxin.retry import DEFAULT_RETRY, RetryPolicy
from liangxin.types import TaskRequest

__all__ = ["AsyncLiangXin"]

T = TypeVar("T")


class AsyncLiangXin:
    """Submit LiangXin tasks, wait for them and fetch their results, asynchronously.

    >>> async with AsyncLiangXin("sk-...", "http://127.0.0.1:8000") as lx:  # doctest: +SKIP
    ...     task = await lx.run(ZImageRequest(input_=ZImageInput(prompt="a red fox")))
    ...     png = await lx.download(task.result_urls[0])

    ``transport`` plugs any ``httpx.AsyncBaseTransport`` (``httpx.ASGITransport`` for the mock
    server in-process, ``httpx.MockTransport``); ``clock`` and ``rng`` as for ``LiangXin``.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str,
        *,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        clock: AsyncClock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
    ):
        self._api = _core.make_api_client(api_key, base_url, timeout=timeout, transport=transport)
        self._http = self._api.get_async_httpx_client()
        self.retry = retry
        self.clock: AsyncClock = AsyncSystemClock() if clock is None else clock
        self.rng = random.Random() if rng is None else rng

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        clock: AsyncClock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> Self:
        """Read ``LIANGXIN_API_KEY`` and ``LIANGXIN_BASE_URL`` (from ``os.environ`` by default)."""
        api_key, base_url = _core.settings_from_env(environ)
        return cls(
            api_key,
            base_url,
            timeout=timeout,
            retry=retry,
            clock=clock,
            transport=transport,
            rng=rng,
        )

    @property
    def api(self) -> AuthenticatedClient:
        """The generated client underneath, for calls the facade does not wrap."""
        return self._api

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _call(
        self,
        send: Callable[[], Awaitable[httpx.Response]],
        read: Callable[[httpx.Response], T],
        *,
        idempotent: bool,
    ) -> T:
        attempt = 1
        while True:
            try:
                try:
                    response = await send()
                except httpx.HTTPError as exc:
                    raise TransportError.from_httpx(exc) from exc
                return read(response)
            except LiangXinError as error:
                delay = self.retry.delay(error, attempt, self.rng, idempotent=idempotent)
                if delay is None:
                    self.retry.gave_up(error, attempt)
                    raise
                await self.clock.sleep(delay)
                attempt += 1

    async def submit(self, request: TaskRequest) -> str:
        """Create a task and return its ``taskId``."""
        kwargs = _core.submit_kwargs(request)
        return await self._call(
            lambda: self._http.request(**kwargs),
            lambda response: _core.read_submit(self._api, response),
            idempotent=False,
        )

    async def get(self, task_id: str) -> Task:
        """The task's current record (recordInfo)."""
        kwargs = _core.task_kwargs(task_id)
        return await self._call(
            lambda: self._http.request(**kwargs),
            lambda response: _core.read_task(self._api, response, task_id),
            idempotent=True,
        )

    async def wait(
        self,
        task_id: str,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll: PollSchedule = DEFAULT_POLL,
        raise_on_fail: bool = True,
    ) -> Task:
        """Poll until the task is terminal and return it (see ``LiangXin.wait``)."""
        waiter = Waiter(
            task_id,
            self.clock.now(),
            self.rng,
            timeout=timeout,
            schedule=poll,
            raise_on_fail=raise_on_fail,
        )
        while True:
            task = await self.get(task_id)
            delay = waiter.next_sleep(task, self.clock.now())
            if delay is None:
                return task
            await self.clock.sleep(delay)

    async def run(
        self,
        request: TaskRequest,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll: PollSchedule = DEFAULT_POLL,
        raise_on_fail: bool = True,
    ) -> Task:
        """``submit`` then ``wait``: the finished task."""
        task_id = await self.submit(request)
        return await self.wait(task_id, timeout=timeout, poll=poll, raise_on_fail=raise_on_fail)

    async def download(self, url: str) -> bytes:
        """The bytes of a result URL (redirects followed; no API key sent to other hosts)."""
        request = _core.download_request(self._http, url, self._api.auth_header_name)
        return await self._call(
            lambda: self._http.send(request, follow_redirects=True),
            _core.read_download,
            idempotent=True,
        )
