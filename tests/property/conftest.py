"""Hypothesis profiles and fixtures of the property tier.

Two profiles, both deterministic (``derandomize=True``, no example database, no deadline since
timing is never the property under test):

* ``property``       every CI run: small example counts, short state-machine runs;
* ``property-slow``  the ``@pytest.mark.slow`` tests (CI runs them too): more examples, longer runs.

Tests apply them explicitly (``@settings(settings.get_profile("property"))``) rather than loading
one globally, so the other tiers keep their own Hypothesis defaults.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from mock_server.app import create_app
from mock_server.clock import FakeClock
from mock_server.settings import Settings
from tests.property.harness import LoopMock

_COMMON = settings(deadline=None, derandomize=True, database=None, print_blob=False)
settings.register_profile("property", _COMMON, max_examples=25, stateful_step_count=20)
settings.register_profile("property-slow", _COMMON, max_examples=120, stateful_step_count=40)


@pytest.fixture(scope="module")
def payload_mock() -> Iterator[LoopMock]:
    """One in-process mock for a module: no rate limit, credits for every generated task."""
    settings_ = Settings(rate_limit=0, initial_credits=1e12)
    with LoopMock(lambda: create_app(settings_, clock=FakeClock())) as mock:
        yield mock
