"""The Starlette app: LiangXin's two endpoints, the result files and the ``/_mock/`` admin API.

Handlers parse, call the engine, and render; errors are raised and rendered in one place
(:mod:`mock_server.errors`).

    >>> import httpx
    >>> app = create_app(Settings(seed=1))
    >>> client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock")
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mock_server.admin import admin_routes
from mock_server.callbacks import CallbackSender
from mock_server.clock import Clock, SystemClock
from mock_server.engine import Engine
from mock_server.errors import (
    BadRequest,
    MockError,
    PayloadTooLarge,
    UnsupportedMediaType,
    error_body,
    error_response,
)
from mock_server.scenarios import RuleBook
from mock_server.settings import Settings
from mock_server.spec import Spec, load_spec
from mock_server.store import open_store

__all__ = ["create_app"]

log = logging.getLogger("mock_server")


def _engine(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


def _not_json(name: str) -> Any:
    # Python's json reads NaN and Infinity; JSON (RFC 8259) has no such values.
    raise BadRequest(f"body: malformed JSON: {name} is not a JSON value")


# Built once: json.loads with an option builds a new decoder (and scanner) on every call.
_decoder = json.JSONDecoder(parse_constant=_not_json)


# JSONResponse's own options, in one encoder built once (JSONResponse builds one per answer).
_encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))


def _json(content: Any) -> Response:
    """``JSONResponse(content)`` for the hot endpoints: the same bytes and headers, cheaper."""
    return Response(_encoder.encode(content).encode("utf-8"), media_type="application/json")


def _decode_json(text: str) -> Any:
    """``json.loads(text, parse_constant=_not_json)``, with one decoder for every request."""
    if text.startswith("\ufeff"):  # json.loads's own check, kept word for word
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _decoder.decode(text)


def _base_url(request: Request) -> str:
    """``str(request.base_url)``, remembered per origin (building it costs more than a task)."""
    scope = request.scope
    server = scope.get("server")
    key = (
        scope.get("scheme"),
        tuple(server) if server is not None else None,
        scope.get("app_root_path", scope.get("root_path", "")),
        request.headers.get("host"),
    )
    known: dict[tuple[Any, ...], str] = request.app.state.base_urls
    url = known.get(key)
    if url is None:
        url = str(request.base_url)
        if len(known) >= 64:  # a client making up Host headers cannot grow it without bound
            known.clear()
        known[key] = url
    return url


async def _read_json(request: Request, limit: int) -> Any:
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise UnsupportedMediaType(
            f"Content-Type: {content_type or '(none)'!r} is not supported; send application/json"
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"body: {int(declared)} bytes is too large; at most {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"body: more than {limit} bytes is too large")
        chunks.append(chunk)
    raw = b"".join(chunks)
    try:
        # Decode first: json.loads(bytes) would also take UTF-16/32, which JSON over HTTP is not.
        return _decode_json(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadRequest(f"body: not UTF-8 JSON ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(
            f"body: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc


async def create_task(request: Request) -> Response:
    engine = _engine(request)
    api_key = engine.accounts.authenticate(request.headers.get("authorization"))
    engine.accounts.check_rate(api_key)
    body = await _read_json(request, engine.settings.max_body_bytes)
    engine.validator.check_create(body)
    task = engine.create(body, api_key=api_key, base_url=_base_url(request))
    return _json({"code": 200, "msg": "success", "data": {"taskId": task.task_id}})


async def record_info(request: Request) -> Response:
    engine = _engine(request)
    api_key = engine.accounts.authenticate(request.headers.get("authorization"))
    task_id = request.query_params.get("taskId", "")
    if not task_id.strip():
        raise BadRequest("taskId is required (query parameter ?taskId=<id from createTask>)")
    task = engine.get_task(task_id, api_key=api_key)
    return _json({"code": 200, "msg": "success", "data": engine.record(task)})


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
    error = MockError(f"internal error: {type(exc).__name__}: {exc}")
    return JSONResponse(error_body(error), status_code=500)


def create_app(
    settings: Settings | None = None,
    *,
    spec: Spec | None = None,
    clock: Clock | None = None,
    callback_client: httpx.AsyncClient | None = None,
) -> Starlette:
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

    app = Starlette(
        routes=[
            Route("/api/v1/jobs/createTask", create_task, methods=["POST"]),
            Route("/api/v1/jobs/recordInfo", record_info, methods=["GET"]),
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
    app.state.base_urls = {}
    app.state.settings = settings
    app.state.clock = clock
    return app
