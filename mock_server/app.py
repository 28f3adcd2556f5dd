"""The Starlette app: LiangXin's two endpoints, the result files and the ``/_mock/`` admin API.

Handlers parse, call the engine, and render; errors are raised and rendered in one place
(:mod:`mock_server.errors`). The two public endpoints are plain ASGI handlers
(:mod:`mock_server.endpoints`) that :class:`MockApp` calls directly for their exact method
and path, before Starlette's middleware and router.

    >>> import httpx
    >>> app = create_app(Settings(seed=1))
    >>> client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock")
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from mock_server.admin import admin_routes
from mock_server.callbacks import CallbackSender
from mock_server.clock import Clock, SystemClock
from mock_server.endpoints import CREATE_TASK, RECORD_INFO, AsgiEndpoint, Endpoints
from mock_server.engine import Engine
from mock_server.errors import MockError, error_body, error_response, internal_error
from mock_server.scenarios import RuleBook
from mock_server.settings import Settings
from mock_server.spec import Spec, load_spec
from mock_server.store import open_store

__all__ = ["MockApp", "create_app"]

log = logging.getLogger("mock_server")


def _engine(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


async def result_file(request: Request) -> Response:
    engine = _engine(request)
    data, media_type = await engine.render_file(
        request.path_params["task_id"], request.path_params["name"]
    )
    return Response(data, media_type=media_type, headers={"Cache-Control": "max-age=86400"})


async def health(request: Request) -> Response:
    engine = _engine(request)
    return JSONResponse(
        {"status": "ok", "tasks": engine.store.count_tasks(), "now": engine.clock.now_ms()}
    )


async def _on_mock_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MockError)
    return error_response(exc)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = MockError(f"{request.method} {request.url.path}: {exc.detail}", status=exc.status_code)
    return JSONResponse(error_body(error), status_code=exc.status_code, headers=exc.headers)


async def _on_crash(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error in %s %s", request.method, request.url.path)
    return error_response(internal_error(exc))


class MockApp(Starlette):
    """Starlette, with ``POST createTask`` and ``GET recordInfo`` answered before the router.

    The two are also ordinary routes (so a wrong method still gets 405 with ``Allow``, and
    ``HEAD``, a ``root_path`` or a mount behave as Starlette makes them); this only skips the
    middleware and route matching when the method and path are exactly theirs.
    """

    def __init__(self, endpoints: Endpoints, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._direct = {
            ("POST", CREATE_TASK): endpoints.create_task,
            ("GET", RECORD_INFO): endpoints.record_info,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            handler = self._direct.get((scope["method"], scope["path"]))
            if handler is not None:
                await handler(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def create_app(
    settings: Settings | None = None,
    *,
    spec: Spec | None = None,
    clock: Clock | None = None,
    callback_client: httpx.AsyncClient | None = None,
) -> MockApp:
    """Build the mock. ``clock`` defaults to the system clock; tests pass a ``FakeClock``.

    ``callback_client`` replaces the ``httpx.AsyncClient`` that POSTs callbacks (for example
    one with an ``httpx.ASGITransport`` to an in-process receiver).
    """
    settings = settings or Settings()
    spec = spec or load_spec()
    clock = clock or SystemClock()
    rules = RuleBook.from_file(settings.rules) if settings.rules else RuleBook()
    engine = Engine(
        spec=spec,
        settings=settings,
        clock=clock,
        store=open_store(settings.db),
        sender=CallbackSender(
            timeout_s=settings.callback_timeout_s,
            signing_key=settings.signing_key,
            client=callback_client,
        ),
        rules=rules,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runner = asyncio.create_task(engine.run())
        try:
            yield
        finally:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
            await engine.aclose()

    endpoints = Endpoints(engine)
    app = MockApp(
        endpoints,
        routes=[
            Route(CREATE_TASK, AsgiEndpoint(endpoints.create_task), methods=["POST"]),
            Route(RECORD_INFO, AsgiEndpoint(endpoints.record_info), methods=["GET"]),
            Route("/files/{task_id}/{name}", result_file, methods=["GET"]),
            Route("/_mock/health", health, methods=["GET"]),
            *admin_routes(),
        ],
        exception_handlers={
            MockError: _on_mock_error,
            HTTPException: _on_http_error,
            Exception: _on_crash,
        },
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.clock = clock
    return app
