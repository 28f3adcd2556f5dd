"""When to retry a failed call, and how long to wait first.

Retries were declined upstream by openapi-python-client (issues #118, #772), so they live here.
The policy is pure: it maps (error, attempt, rng) to a delay or to "give up"; the clients do the
sleeping through their clock.
"""

from __future__ import annotations

import random

from attrs import field, frozen
from attrs.validators import ge, le

from liangxin.errors import LiangXinError, RateLimitError, ServerError, TransportError

__all__ = ["DEFAULT_RETRY", "RetryPolicy"]


@frozen
class RetryPolicy:
    """Bounded retries with exponential backoff and jitter, honouring ``Retry-After``.

    Retried: ``RateLimitError`` (429), ``ServerError`` (5xx) and ``TransportError``. A
    ``createTask`` that may have reached the server (a read timeout, a dropped connection) is
    not retried, so a retry never creates a second task; one that failed while connecting is.

    The n-th retry waits ``min(max_delay, initial_delay * multiplier ** (n - 1))``, less a random
    share of up to ``jitter`` of it. A ``Retry-After`` is obeyed exactly instead; when it asks for
    more than ``max_retry_after`` seconds the error is raised at once.

    >>> patient = RetryPolicy(max_attempts=8, max_delay=60.0)
    >>> never = RetryPolicy(max_attempts=1)
    """

    max_attempts: int = field(default=4, validator=ge(1))
    initial_delay: float = field(default=0.5, validator=ge(0.0))
    max_delay: float = field(default=20.0, validator=ge(0.0))
    multiplier: float = field(default=2.0, validator=ge(1.0))
    jitter: float = field(default=0.5, validator=[ge(0.0), le(1.0)])
    max_retry_after: float = field(default=60.0, validator=ge(0.0))

    def is_retryable(self, error: LiangXinError, *, idempotent: bool) -> bool:
        if isinstance(error, RateLimitError | ServerError):
            return True
        if isinstance(error, TransportError):
            return idempotent or not error.maybe_sent
        return False

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """The jittered exponential delay after failed attempt number ``attempt`` (from 1)."""
        ceiling = min(self.max_delay, self.initial_delay * self.multiplier ** (attempt - 1))
        return ceiling * (1.0 - self.jitter * rng.random())

    def delay(
        self, error: LiangXinError, attempt: int, rng: random.Random, *, idempotent: bool
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to give up and raise ``error``."""
        if attempt >= self.max_attempts or not self.is_retryable(error, idempotent=idempotent):
            return None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(attempt, rng)

    def gave_up(self, error: LiangXinError, attempt: int) -> None:
        """Note on ``error`` why it was raised after retries (shown in the traceback)."""
        if attempt > 1:
            error.add_note(f"liangxin: gave up after {attempt} attempts ({self!r})")


DEFAULT_RETRY = RetryPolicy()
