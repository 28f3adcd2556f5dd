"""A local LiangXin: the mock server.

    from mock_server import FakeClock, Settings, create_app
    app = create_app(Settings(seed=1), clock=FakeClock())

Serve it with ``liangxin-mock serve`` (or ``python -m mock_server serve``); use it in-process
through ``httpx.ASGITransport`` with :func:`mock_server.testing.running`.
"""

from __future__ import annotations

from mock_server.app import create_app
from mock_server.clock import Clock, FakeClock, SystemClock
from mock_server.settings import Phases, Settings

__all__ = ["Clock", "FakeClock", "Phases", "Settings", "SystemClock", "create_app"]
