"""API keys, credits and the createTask rate limit."""

from __future__ import annotations

import collections

from mock_server.clock import Clock
from mock_server.errors import Forbidden, RateLimited, Unauthorized
from mock_server.settings import Settings
from mock_server.store import Store

__all__ = ["Accounts"]


class Accounts:
    """Who may call, how much they have left, and how fast they may create tasks."""

    def __init__(self, settings: Settings, store: Store, clock: Clock) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self._keys = frozenset(settings.api_keys)
        self._recent: dict[str, collections.deque[int]] = {}

    def authenticate(self, authorization: str | None) -> str:
        """The key from ``Authorization: Bearer <key>``, or :class:`Unauthorized`."""
        if not authorization:
            raise Unauthorized("invalid token: missing Authorization header (Bearer <key>)")
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Unauthorized(
                f"invalid token: Authorization must be 'Bearer <key>', got {authorization!r}"
            )
        key = key.strip()
        if key not in self._keys:
            shown = key if len(key) <= 8 else key[:4] + "…" + key[-2:]
            raise Unauthorized(f"invalid token: unknown API key {shown!r}")
        return key

    def check_rate(self, key: str) -> None:
        """Count one createTask for ``key``; :class:`RateLimited` past the limit."""
        limit = self.settings.rate_limit
        if limit <= 0:
            return
        window_ms = round(self.settings.rate_window_s * 1000)
        now = self.clock.now_ms()
        recent = self._recent.setdefault(key, collections.deque())
        while recent and recent[0] <= now - window_ms:
            recent.popleft()
        if len(recent) >= limit:
            retry_after = (recent[0] + window_ms - now) / 1000
            raise RateLimited(
                f"current group upstream load is saturated: more than {limit} createTask "
                f"requests in {self.settings.rate_window_s:g} s for this key; "
                f"retry after {retry_after:.1f} s",
                retry_after=retry_after,
            )
        recent.append(now)

    def credits(self, key: str) -> float:
        stored = self.store.get_meta(f"credits:{key}")
        return float(stored) if stored is not None else self.settings.initial_credits

    def set_credits(self, key: str, value: float) -> None:
        self.store.set_meta(f"credits:{key}", repr(float(value)))

    def charge(self, key: str, cost: float, *, model: str) -> None:
        """Take ``cost`` credits from ``key``; :class:`Forbidden` when there are too few."""
        left = self.credits(key)
        if cost > left:
            raise Forbidden(
                f"insufficient quota: {model!r} costs {cost:g} credits, {left:g} left for this key"
            )
        self.set_credits(key, left - cost)

    def reset(self) -> None:
        self._recent.clear()
