"""Fixtures: a respx router standing in for the service, fake clocks, client factories."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from typing import Protocol

import httpx
import pytest
import respx

from liangxin import DEFAULT_RETRY, AsyncFakeClock, AsyncLiangXin, FakeClock, LiangXin, RetryPolicy
from tests.facade.helpers import API_KEY, BASE_URL

NO_RETRY = RetryPolicy(max_attempts=1)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """The LiangXin service, mocked: any request to an unrouted URL fails the test."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(time=1000.0)


@pytest.fixture
def async_clock() -> AsyncFakeClock:
    return AsyncFakeClock(time=1000.0)


class MakeClient(Protocol):
    def __call__(
        self,
        *,
        retry: RetryPolicy = ...,
        transport: httpx.BaseTransport | None = ...,
        seed: int = ...,
    ) -> LiangXin: ...


class MakeAsyncClient(Protocol):
    def __call__(
        self,
        *,
        retry: RetryPolicy = ...,
        transport: httpx.AsyncBaseTransport | None = ...,
        seed: int = ...,
    ) -> AsyncLiangXin: ...


@pytest.fixture
def make_client(api: respx.MockRouter, clock: FakeClock) -> Iterator[MakeClient]:
    """Build ``LiangXin`` clients on the fake clock with a seeded rng; closes them after.

    Depends on ``api`` so that no client of a test can reach a real socket.
    """
    made: list[LiangXin] = []

    def make(
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
        transport: httpx.BaseTransport | None = None,
        seed: int = 0,
    ) -> LiangXin:
        client = LiangXin(
            API_KEY,
            BASE_URL,
            retry=retry,
            clock=clock,
            transport=transport,
            rng=random.Random(seed),
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def lx(make_client: MakeClient) -> LiangXin:
    """A client with the default retry policy."""
    return make_client()


@pytest.fixture
async def make_async_client(
    api: respx.MockRouter, async_clock: AsyncFakeClock
) -> AsyncIterator[MakeAsyncClient]:
    """The async twin of ``make_client``."""
    made: list[AsyncLiangXin] = []

    def make(
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
        transport: httpx.AsyncBaseTransport | None = None,
        seed: int = 0,
    ) -> AsyncLiangXin:
        client = AsyncLiangXin(
            API_KEY,
            BASE_URL,
            retry=retry,
            clock=async_clock,
            transport=transport,
            rng=random.Random(seed),
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()
