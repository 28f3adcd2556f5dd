"""``LiangXin``: the synchronous facade (``AsyncLiangXin`` in ``async_client`` is its twin)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Self, TypeVar

import httpx
from liangxin_client import AuthenticatedClient

from liangxin import _core
from liangxin.clock import Clock, SystemClock
from liangxin.errors import LiangXinError, TransportError
from liangxin.polling import DEFAULT_POLL, DEFAULT_WAIT_TIMEOUT, PollSchedule, Waiter
from liangxin.records import Task
from liangxin.retry import DEFAULT_RETRY, RetryPolicy
from liangxin.types import TaskRequest

__all__ = ["LiangXin"]

T = TypeVar("T")


class LiangXin:
    """Submit LiangXin tasks, wait for them and fetch their results.

    >>> from liangxin_client.models import ZImageInput, ZImageRequest
    >>> with LiangXin("sk-...", "http://127.0.0.1:8000") as lx:  # doctest: +SKIP
    ...     task = lx.run(ZImageRequest(input_=ZImageInput(prompt="a red fox")))
    ...     png = lx.download(task.result_urls[0])

    ``transport`` plugs any ``httpx.BaseTransport`` (``httpx.MockTransport``, a WSGI app);
    ``clock`` and ``rng`` make waiting and retry jitter replayable in tests.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str,
        *,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        rng: random.Random | None = None,
    ):
        self._api = _core.make_api_client(api_key, base_url, timeout=timeout, transport=transport)
        self._http = self._api.get_httpx_client()
        self.retry = retry
        self.clock: Clock = SystemClock() if clock is None else clock
        self.rng = random.Random() if rng is None else rng

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> Self:
        """Read ``LIANGXIN_API_KEY`` and ``LIANGXIN_BASE_URL`` (from ``os.environ`` by default).

        >>> lx = LiangXin.from_env()  # doctest: +SKIP
        """
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

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _call(
        self,
        send: Callable[[], httpx.Response],
        read: Callable[[httpx.Response], T],
        *,
        idempotent: bool,
    ) -> T:
        attempt = 1
        while True:
            try:
                try:
                    response = send()
                except httpx.HTTPError as exc:
                    raise TransportError.from_httpx(exc) from exc
                return read(response)
            except LiangXinError as error:
                delay = self.retry.delay(error, attempt, self.rng, idempotent=idempotent)
                if delay is None:
                    self.retry.gave_up(error, attempt)
                    raise
                self.clock.sleep(delay)
                attempt += 1

    def submit(self, request: TaskRequest) -> str:
        """Create a task and return its ``taskId``.

        >>> task_id = lx.submit(ZImageRequest(input_=ZImageInput(prompt="a fox")))  # doctest: +SKIP
        """
        kwargs = _core.submit_kwargs(request)
        return self._call(
            lambda: self._http.request(**kwargs),
            lambda response: _core.read_submit(self._api, response),
            idempotent=False,
        )

    def get(self, task_id: str) -> Task:
        """The task's current record (recordInfo).

        >>> lx.get(task_id).state  # doctest: +SKIP
        'generating'
        """
        kwargs = _core.task_kwargs(task_id)
        return self._call(
            lambda: self._http.request(**kwargs),
            lambda response: _core.read_task(self._api, response, task_id),
            idempotent=True,
        )

    def wait(
        self,
        task_id: str,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll: PollSchedule = DEFAULT_POLL,
        raise_on_fail: bool = True,
    ) -> Task:
        """Poll until the task is terminal and return it.

        Raises ``TaskFailedError`` when it ends in ``fail`` (unless ``raise_on_fail=False``) and
        ``WaitTimeoutError`` after ``timeout`` seconds (None waits for ever).

        >>> lx.wait(task_id, timeout=300, poll=PollSchedule.fixed(5)).result_urls  # doctest: +SKIP
        ('https://.../0.png',)
        """
        waiter = Waiter(
            task_id,
            self.clock.now(),
            self.rng,
            timeout=timeout,
            schedule=poll,
            raise_on_fail=raise_on_fail,
        )
        while True:
            task = self.get(task_id)
            delay = waiter.next_sleep(task, self.clock.now())
            if delay is None:
                return task
            self.clock.sleep(delay)

    def run(
        self,
        request: TaskRequest,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll: PollSchedule = DEFAULT_POLL,
        raise_on_fail: bool = True,
    ) -> Task:
        """``submit`` then ``wait``: the finished task."""
        task_id = self.submit(request)
        return self.wait(task_id, timeout=timeout, poll=poll, raise_on_fail=raise_on_fail)

    def download(self, url: str) -> bytes:
        """The bytes of a result URL (redirects followed; no API key sent to other hosts).

        >>> png = lx.download(task.result_urls[0])  # doctest: +SKIP
        """
        request = _core.download_request(self._http, url, self._api.auth_header_name)
        return self._call(
            lambda: self._http.send(request, follow_redirects=True),
            _core.read_download,
            idempotent=True,
        )
