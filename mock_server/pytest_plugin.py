"""pytest fixtures for applications tested against the mock (loaded automatically).

``liangxin_mock`` serves a fresh mock on a loopback port with a fake clock for one test::

    def test_my_app(liangxin_mock):
        app = MyApp(base_url=liangxin_mock.base_url, api_key=liangxin_mock.api_key)
        task_id = app.submit("a red kite")
        liangxin_mock.advance(60)          # the task is done, its callback delivered
        assert app.result(task_id).state == "success"

``liangxin_mock_factory(**settings)`` does the same with other
:class:`~mock_server.settings.Settings` (several mocks per test are fine).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mock_server.clock import FakeClock
from mock_server.settings import Settings
from mock_server.testing import ThreadedMock, serve_in_thread

__all__ = ["liangxin_mock", "liangxin_mock_factory"]

MockFactory = Callable[..., ThreadedMock]


@pytest.fixture
def liangxin_mock_factory() -> Iterator[MockFactory]:
    """Start mocks with ``Settings(**overrides)``; all stop when the test ends."""
    with contextlib.ExitStack() as stack:

        def start(clock: FakeClock | None = None, **overrides: Any) -> ThreadedMock:
            settings = Settings(**{"rate_limit": 0, **overrides})
            return stack.enter_context(serve_in_thread(settings, clock=clock or FakeClock()))

        yield start


@pytest.fixture
def liangxin_mock(liangxin_mock_factory: MockFactory) -> ThreadedMock:
    """A mock on 127.0.0.1 with a fake clock, default settings and no rate limit."""
    return liangxin_mock_factory()
