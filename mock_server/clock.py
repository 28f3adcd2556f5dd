"""Time as a parameter: a system clock for serving and a fake clock for tests.

Everything in the mock reads time through a :class:`Clock`; nothing calls ``time.time()``
directly. The fake clock only moves when a test calls :meth:`FakeClock.advance`, and every
coroutine sleeping on it wakes as soon as its deadline has passed.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

__all__ = ["Clock", "FakeClock", "SystemClock"]


class Clock(Protocol):
    """Milliseconds since the Unix epoch, and a way to wait until one of them."""

    def now_ms(self) -> int: ...

    async def sleep_until(self, deadline_ms: int) -> None: ...


class SystemClock:
    """Wall-clock time; ``speed`` is applied by the lifecycle, not here."""

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000

    async def sleep_until(self, deadline_ms: int) -> None:
        delay = (deadline_ms - self.now_ms()) / 1000
        if delay > 0:
            await asyncio.sleep(delay)


class FakeClock:
    """A clock that moves only when told to.

    >>> clock = FakeClock(start_ms=1_777_600_000_000)
    >>> clock.advance(2.5)
    >>> clock.now_ms()
    1777600002500
    """

    def __init__(self, start_ms: int = 1_777_600_000_000) -> None:
        self._now = start_ms
        self._moved: asyncio.Event | None = None

    def now_ms(self) -> int:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` (never backward) and wake the sleepers."""
        if seconds < 0:
            raise ValueError(f"FakeClock.advance: seconds must be >= 0, got {seconds!r}")
        self._now += round(seconds * 1000)
        if self._moved is not None:
            self._moved.set()
            self._moved = None

    async def sleep_until(self, deadline_ms: int) -> None:
        while self._now < deadline_ms:
            if self._moved is None:
                self._moved = asyncio.Event()
            await self._moved.wait()
