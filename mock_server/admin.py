"""The ``/_mock/`` admin API: inspect and steer the mock without touching the contract.

Every route needs the header ``X-Admin-Token: <settings.admin_token>``.

=======  =====================  ====================================================
GET      /_mock/tasks           task records (``?state=``, ``?model=`` filter)
POST     /_mock/reset           forget tasks, callbacks, credits and rate windows
GET      /_mock/rules           the scenario rules in force
POST     /_mock/rules           add rules (body: one rule, a list, or ``{"rules": [...]}``)
DELETE   /_mock/rules           remove every rule
GET      /_mock/callbacks       the callback delivery log (``?taskId=`` filter)
POST     /_mock/clock/advance   ``{"seconds": 5}``: move a fake clock, then settle
GET      /_mock/credits         ``?apiKey=``: credits left
PUT      /_mock/credits         ``{"apiKey": "k", "credits": 10}``: set credits
=======  =====================  ====================================================
"""

from __future__ import annotations

import hmac
import json
import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mock_server.clock import FakeClock
from mock_server.engine import Engine
from mock_server.errors import BadRequest, MockError, Unauthorized
from mock_server.lifecycle import snapshot
from mock_server.scenarios import parse_rules

__all__ = ["admin_routes"]

Handler = Callable[[Request], Awaitable[Response]]


def _guarded(handler: Callable[[Request, Engine], Awaitable[Response]]) -> Handler:
    async def wrapper(request: Request) -> Response:
        engine: Engine = request.app.state.engine
        token = request.headers.get("x-admin-token", "")
        if not hmac.compare_digest(token.encode(), engine.settings.admin_token.encode()):
            raise Unauthorized("admin API: missing or wrong X-Admin-Token header")
        return await handler(request, engine)

    return wrapper


async def _json_body(request: Request) -> Any:
    try:
        return json.loads((await request.body() or b"null").decode())
    except UnicodeDecodeError as exc:
        raise BadRequest(f"body: not UTF-8 JSON ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(f"body: malformed JSON: {exc.msg}") from exc


def _is_number(value: Any, *, at_least: float) -> TypeGuard[float]:
    """A finite JSON number (not a bool) >= ``at_least``; json also reads NaN and 1e999 (inf)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= at_least
    )


async def list_tasks(request: Request, engine: Engine) -> Response:
    state = request.query_params.get("state")
    model = request.query_params.get("model")
    now = engine.clock.now_ms()
    records = []
    for task in engine.store.tasks():
        if model and task.model != model:
            continue
        if state and snapshot(task, now).state != state:
            continue
        records.append(engine.record(task))
    return JSONResponse({"tasks": records, "count": len(records)})


async def reset(request: Request, engine: Engine) -> Response:
    engine.reset()
    return JSONResponse({"reset": True})


async def get_rules(request: Request, engine: Engine) -> Response:
    return JSONResponse({"rules": [rule.to_json() for rule in engine.rules.rules]})


async def add_rules(request: Request, engine: Engine) -> Response:
    try:
        rules = parse_rules(await _json_body(request))
    except (ValueError, TypeError) as exc:
        raise BadRequest(str(exc)) from exc
    engine.rules.add(rules)
    return JSONResponse({"rules": [rule.to_json() for rule in engine.rules.rules]})


async def clear_rules(request: Request, engine: Engine) -> Response:
    engine.rules.clear()
    return JSONResponse({"rules": []})


async def callback_log(request: Request, engine: Engine) -> Response:
    task_id = request.query_params.get("taskId")
    deliveries = [
        d.to_json() for d in engine.store.deliveries() if task_id is None or d.task_id == task_id
    ]
    return JSONResponse({"deliveries": deliveries, "count": len(deliveries)})


async def advance_clock(request: Request, engine: Engine) -> Response:
    if not isinstance(engine.clock, FakeClock):
        raise MockError(
            "the clock is the system clock; start the mock with --fake-clock", status=409
        )
    body = await _json_body(request)
    seconds = body.get("seconds") if isinstance(body, dict) else None
    if not _is_number(seconds, at_least=0):
        raise BadRequest(f"seconds: {seconds!r} must be a number >= 0")
    engine.clock.advance(float(seconds))
    await engine.settle()
    return JSONResponse({"now": engine.clock.now_ms()})


async def get_credits(request: Request, engine: Engine) -> Response:
    key = request.query_params.get("apiKey", "")
    if key not in engine.settings.api_keys:
        raise BadRequest(f"apiKey: {key!r} is not one of the configured keys")
    return JSONResponse({"apiKey": key, "credits": engine.accounts.credits(key)})


async def set_credits(request: Request, engine: Engine) -> Response:
    body = await _json_body(request)
    if not isinstance(body, dict):
        raise BadRequest('body: must be {"apiKey": ..., "credits": ...}')
    key, credits = body.get("apiKey"), body.get("credits")
    if key not in engine.settings.api_keys:
        raise BadRequest(f"apiKey: {key!r} is not one of the configured keys")
    if not _is_number(credits, at_least=0):
        raise BadRequest(f"credits: {credits!r} must be a number >= 0")
    engine.accounts.set_credits(str(key), float(credits))
    return JSONResponse({"apiKey": key, "credits": float(credits)})


def admin_routes() -> list[Route]:
    return [
        Route("/_mock/tasks", _guarded(list_tasks), methods=["GET"]),
        Route("/_mock/reset", _guarded(reset), methods=["POST"]),
        Route("/_mock/rules", _guarded(get_rules), methods=["GET"]),
        Route("/_mock/rules", _guarded(add_rules), methods=["POST"]),
        Route("/_mock/rules", _guarded(clear_rules), methods=["DELETE"]),
        Route("/_mock/callbacks", _guarded(callback_log), methods=["GET"]),
        Route("/_mock/clock/advance", _guarded(advance_clock), methods=["POST"]),
        Route("/_mock/credits", _guarded(get_credits), methods=["GET"]),
        Route("/_mock/credits", _guarded(set_credits), methods=["PUT"]),
    ]
