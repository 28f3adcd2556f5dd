"""Everything the mock can be told, in one frozen record with documented defaults.

The CLI and the environment (``LIANGXIN_MOCK_*``) fill it; tests build it directly with
``Settings(...)`` or ``attrs.evolve(settings, ...)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import attrs

__all__ = ["DEFAULT_API_KEY", "Phases", "Settings"]

DEFAULT_API_KEY = "mock-key"


@attrs.frozen
class Phases:
    """Mean seconds spent in each non-terminal state at ``speed`` 1 (jittered per task)."""

    waiting: float
    queuing: float
    generating: float

    def total(self) -> float:
        return self.waiting + self.queuing + self.generating


def _default_phases() -> Mapping[str, Phases]:
    # Images take seconds and video minutes, as on the real service; the kind of a model
    # comes from the spec (`x-liangxin-output`). Per-model entries override the kind.
    return {
        "image": Phases(waiting=1.0, queuing=2.0, generating=12.0),
        "video": Phases(waiting=2.0, queuing=15.0, generating=120.0),
    }


def _default_costs() -> Mapping[str, float]:
    return {"image": 1.0, "video": 10.0}


@attrs.frozen
class Settings:
    """Configuration of one mock server.

    >>> Settings(seed=7, speed=60.0).speed
    60.0
    """

    seed: int = 0
    #: Time-scale factor: 10 makes every task ten times faster.
    speed: float = attrs.field(default=1.0)
    #: SQLite file for tasks, credits and pending callbacks; ``None`` keeps them in memory.
    db: Path | None = None
    #: A YAML/JSON scenario rules file (see ``mock_server/scenarios.py``).
    rules: Path | None = None
    api_keys: tuple[str, ...] = (DEFAULT_API_KEY,)
    #: Token for the ``/_mock/`` admin API, sent as ``X-Admin-Token``.
    admin_token: str = "mock-admin"
    #: Credits each key starts with, and what each task costs (by model id or output kind).
    initial_credits: float = attrs.field(default=1000.0)
    costs: Mapping[str, float] = attrs.field(factory=_default_costs)
    #: createTask rate limit per key: ``rate_limit`` requests per ``rate_window_s`` (the kie
    #: analog's default is 20 per 10 s). 0 disables it.
    rate_limit: int = 20
    rate_window_s: float = 10.0
    #: Largest accepted request body in bytes (413 above).
    max_body_bytes: int = 10 * 1024 * 1024
    #: Durations by output kind or model id, and the +/- fraction of random jitter.
    phases: Mapping[str, Phases] = attrs.field(factory=_default_phases)
    jitter: float = 0.25
    #: Fraction of tasks that fail at random (seeded); scenarios force failures exactly.
    fail_rate: float = 0.0
    #: How long finished tasks (and their result files) are kept, in seconds.
    retention_s: float = 24 * 3600.0
    #: Callback delivery: per-attempt timeout and the delays between attempts.
    callback_timeout_s: float = 15.0
    callback_retry_delays_s: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
    #: At most this many callback POSTs in flight at once.
    callback_concurrency: int = 64
    #: When set, callbacks carry kie-style ``X-Webhook-Timestamp``/``X-Webhook-Signature``.
    signing_key: str | None = None
    #: Base of result URLs; by default the URL the client used to reach the mock.
    public_base_url: str | None = None
    #: Result videos are rendered with at most this many pixels on their long side.
    max_video_side: int = 640
    #: Frames per second of rendered videos.
    video_fps: int = 8

    @speed.validator
    def _check_speed(self, _: object, value: float) -> None:
        if not value > 0:
            raise ValueError(f"speed must be > 0, got {value!r}")

    @initial_credits.validator
    def _check_credits(self, _: object, value: float) -> None:
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"initial credits must be a finite number >= 0, got {value!r}")

    @costs.validator
    def _check_costs(self, _: object, value: Mapping[str, float]) -> None:
        # A cost is answered as creditsConsumed: JSON has no infinity or NaN to carry it.
        bad = {name: cost for name, cost in value.items() if not math.isfinite(cost) or cost < 0}
        if bad:
            raise ValueError(f"costs must be finite numbers >= 0, got {bad!r}")

    def phases_for(self, model_id: str, kind: str) -> Phases:
        return self.phases.get(model_id) or self.phases[kind]

    def cost_for(self, model_id: str, kind: str) -> float:
        return self.costs.get(model_id, self.costs.get(kind, 0.0))
