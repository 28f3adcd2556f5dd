"""LiangXin's two endpoints, ``createTask`` and ``recordInfo``, as plain ASGI handlers.

They are the mock's hot path: a test suite or a load test calls them thousands of times a
second. Written against the ASGI messages directly (no ``Request``/``Response`` objects, one
pass over the headers, the answer sent as two prepared messages), they cost about half what
the same handlers cost as Starlette endpoints; ``docs/benchmarks.md`` has the numbers.

The app (:mod:`mock_server.app`) registers them as ordinary Starlette routes, so routing, 405
with ``Allow``, ``HEAD`` and the other endpoints behave as before, and also calls them
directly for the two exact ``(method, path)`` pairs, skipping the middleware and the router.
Both ways end in the same handler, which renders its own errors (the documented envelopes)
and never lets an exception out: the answers are identical, byte for byte
(``tests/mock/test_endpoints.py`` checks that with generated requests).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from mock_server import jsonio
from mock_server.engine import Engine
from mock_server.errors import (
    BadRequest,
    MockError,
    PayloadTooLarge,
    UnsupportedMediaType,
    error_body,
    error_headers,
    internal_error,
)

__all__ = [
    "CREATE_TASK",
    "RECORD_INFO",
    "AsgiEndpoint",
    "Endpoints",
    "json_message",
    "query_task_id",
]

log = logging.getLogger("mock_server")

CREATE_TASK = "/api/v1/jobs/createTask"
RECORD_INFO = "/api/v1/jobs/recordInfo"

Handler = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The request headers the endpoints read; every other header is skipped unread.
_WANTED = frozenset({b"authorization", b"content-type", b"content-length", b"host"})
_JSON = b"application/json"


def json_message(
    status: int, content: Any, headers: Mapping[str, str] | None = None
) -> tuple[Message, Message]:
    """The two ASGI messages of ``JSONResponse(content, status, headers)``: the same headers,
    and the same body bytes (floats aside: see :mod:`mock_server.jsonio`)."""
    body = jsonio.dumps(content)
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    raw.append((b"content-length", str(len(body)).encode("latin-1")))
    raw.append((b"content-type", _JSON))
    return (
        {"type": "http.response.start", "status": status, "headers": raw},
        {"type": "http.response.body", "body": body},
    )


def _error_messages(error: MockError) -> tuple[Message, Message]:
    """What :func:`mock_server.errors.error_response` answers, as ASGI messages."""
    return json_message(error.status, error_body(error), error_headers(error))


class _Disconnected(Exception):
    """The client went away before its request body was complete: nobody to answer."""


class Endpoints:
    """``createTask`` and ``recordInfo`` for one engine, as ASGI handlers."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._base_urls: dict[tuple[Any, ...], str] = {}

    async def create_task(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._answer(self._create_task, scope, receive, send)

    async def record_info(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._answer(self._record_info, scope, receive, send)

    async def _answer(
        self,
        handler: Callable[[Scope, Receive, dict[bytes, bytes]], Awaitable[tuple[Message, Message]]],
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _WANTED and name not in headers:  # the first one, as Starlette reads it
                headers[name] = value
        try:
            start, body = await handler(scope, receive, headers)
        except MockError as exc:
            start, body = _error_messages(exc)
        except _Disconnected:
            return
        except Exception as exc:  # the documented 500 envelope, never a crash
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            start, body = _error_messages(internal_error(exc))
        await send(start)
        await send(body)

    async def _create_task(
        self, scope: Scope, receive: Receive, headers: dict[bytes, bytes]
    ) -> tuple[Message, Message]:
        engine = self.engine
        api_key = engine.accounts.authenticate(_text(headers.get(b"authorization")))
        engine.accounts.check_rate(api_key)
        body = jsonio.loads(await _read_body(receive, headers, engine.settings.max_body_bytes))
        engine.validator.check_create(body)
        task = engine.create(body, api_key=api_key, base_url=self._base_url(scope, headers))
        return json_message(200, {"code": 200, "msg": "success", "data": {"taskId": task.task_id}})

    async def _record_info(
        self, scope: Scope, receive: Receive, headers: dict[bytes, bytes]
    ) -> tuple[Message, Message]:
        engine = self.engine
        api_key = engine.accounts.authenticate(_text(headers.get(b"authorization")))
        task_id = query_task_id(scope["query_string"])
        if not task_id.strip():
            raise BadRequest("taskId is required (query parameter ?taskId=<id from createTask>)")
        task = engine.get_task(task_id, api_key=api_key)
        return json_message(200, {"code": 200, "msg": "success", "data": engine.record(task)})

    def _base_url(self, scope: Scope, headers: dict[bytes, bytes]) -> str:
        """Starlette's ``str(request.base_url)``, remembered per origin (it costs more than a
        task to build)."""
        server = scope.get("server")
        key = (
            scope.get("scheme"),
            tuple(server) if server is not None else None,
            scope.get("app_root_path", scope.get("root_path", "")),
            headers.get(b"host"),
        )
        url = self._base_urls.get(key)
        if url is None:
            url = str(Request(scope).base_url)
            if len(self._base_urls) >= 64:  # made-up Host headers cannot grow it without bound
                self._base_urls.clear()
            self._base_urls[key] = url
        return url


class AsgiEndpoint:
    """One handler as a Starlette route endpoint (a plain ASGI app, not a request function)."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.handler(scope, receive, send)


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("latin-1")


def query_task_id(query: bytes) -> str:
    """``taskId`` from the query string, read as Starlette's ``query_params`` reads it."""
    if query.startswith(b"taskId=") and not any(c in query for c in b"&%+;"):
        return query[7:].decode("latin-1")  # the usual ``taskId=<id>``, without the parser
    found = ""
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if name == "taskId":
            found = value  # the last one wins, as in Starlette's QueryParams
    return found


async def _read_body(receive: Receive, headers: dict[bytes, bytes], limit: int) -> bytes:
    content_type = _text(headers.get(b"content-type")) or ""
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise UnsupportedMediaType(
            f"Content-Type: {content_type or '(none)'!r} is not supported; send application/json"
        )
    declared = _text(headers.get(b"content-length"))
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"body: {int(declared)} bytes is too large; at most {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"body: more than {limit} bytes is too large")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
