"""Time as a parameter: the facade reads time and sleeps only through a clock.

``SystemClock``/``AsyncSystemClock`` use the monotonic clock; ``FakeClock``/``AsyncFakeClock``
advance instantly and record every sleep, so tests (yours too) never really wait.
"""

from __future__ import annotations

import time
from typing import Protocol

import anyio
import anyio.lowlevel
from attrs import define, field

__all__ = ["AsyncClock", "AsyncFakeClock", "AsyncSystemClock", "Clock", "FakeClock", "SystemClock"]


class Clock(Protocol):
    """What ``LiangXin`` needs of time: a monotonic ``now()`` in seconds and ``sleep()``."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class AsyncClock(Protocol):
    """What ``AsyncLiangXin`` needs of time: ``now()`` and an awaitable ``sleep()``."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """``time.monotonic`` and ``time.sleep``."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class AsyncSystemClock:
    """``time.monotonic`` and ``anyio.sleep`` (works under asyncio and trio)."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


@define
class _FakeTime:
    time: float = 0.0
    sleeps: list[float] = field(factory=list)

    def now(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        """Move time forward without recording a sleep."""
        self.time += seconds

    def _slept(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"sleep({seconds!r}): a delay cannot be negative")
        self.sleeps.append(seconds)
        self.time += seconds


class FakeClock(_FakeTime):
    """A clock whose ``sleep`` returns at once, advancing ``time`` and recording ``sleeps``.

    >>> clock = FakeClock()
    >>> clock.sleep(2.5); clock.now(), clock.sleeps
    (2.5, [2.5])
    """

    def sleep(self, seconds: float) -> None:
        self._slept(seconds)


class AsyncFakeClock(_FakeTime):
    """The async twin of ``FakeClock``; ``sleep`` still yields to the event loop once."""

    async def sleep(self, seconds: float) -> None:
        self._slept(seconds)
        await anyio.lowlevel.checkpoint()
