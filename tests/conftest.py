"""Fixtures shared by every test tier."""

from __future__ import annotations

import pytest

from mock_server.spec import Spec, load_spec


@pytest.fixture
def anyio_backend() -> str:
    # One async style project-wide: anyio's pytest plugin on asyncio.
    return "asyncio"


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()
