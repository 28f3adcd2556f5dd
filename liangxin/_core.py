"""What ``LiangXin`` and ``AsyncLiangXin`` share: building requests and reading answers.

The clients send with the generated client's own httpx client, but call the generated module's
``_get_kwargs``/``_parse_response`` themselves instead of ``sync_detailed``/``asyncio_detailed``:
those raise parse errors without the response (so its status and text would be lost), and their
``HTTPStatus(...)`` raises ``ValueError`` for a status such as 455 that Python does not know.
The three steps here are exactly what ``sync_detailed`` does, split so each failure is typed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx
from liangxin_client import AuthenticatedClient
from liangxin_client.api.jobs import create_task, get_task_details
from liangxin_client.models import CreateTaskData, TaskRecord

from liangxin.errors import GeneratedAnswer, ResponseParseError, error_from_response, unwrap
from liangxin.records import Task
from liangxin.types import TaskRequest

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "USER_AGENT",
    "download_request",
    "make_api_client",
    "read_download",
    "read_submit",
    "read_task",
    "settings_from_env",
    "submit_kwargs",
    "task_kwargs",
]

API_KEY_ENV = "LIANGXIN_API_KEY"
BASE_URL_ENV = "LIANGXIN_BASE_URL"
USER_AGENT = "liangxin-facade"

# What the generated parsers raise when a body does not match its schema.
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def make_api_client(
    api_key: str,
    base_url: str,
    *,
    timeout: float | httpx.Timeout,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
) -> AuthenticatedClient:
    """The generated client, checked and configured; ``transport`` goes to httpx as is."""
    if not isinstance(api_key, str):  # never echo the value: it may be a real key
        raise TypeError(f"api_key must be a str, got {type(api_key).__name__}")
    if not api_key.strip():
        raise ValueError(
            f"api_key must be a non-empty string (or set {API_KEY_ENV}), got {api_key!r}"
        )
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
    return AuthenticatedClient(
        base_url=base_url.rstrip("/"),
        token=api_key,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
        httpx_args={} if transport is None else {"transport": transport},
    )


def settings_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """``(api_key, base_url)`` from ``LIANGXIN_API_KEY`` and ``LIANGXIN_BASE_URL``."""
    env = os.environ if environ is None else environ
    missing = [name for name in (API_KEY_ENV, BASE_URL_ENV) if not env.get(name)]
    if missing:
        raise ValueError(f"environment variable(s) not set: {', '.join(missing)}")
    return env[API_KEY_ENV], env[BASE_URL_ENV]


def submit_kwargs(request: TaskRequest) -> dict[str, Any]:
    return create_task._get_kwargs(body=request)


def task_kwargs(task_id: str) -> dict[str, Any]:
    if not isinstance(task_id, str) or not task_id:
        raise ValueError(f"task_id must be a non-empty string, got {task_id!r}")
    return get_task_details._get_kwargs(task_id=task_id)


def read_submit(api: AuthenticatedClient, response: httpx.Response) -> str:
    """The ``taskId`` of a createTask answer, or the matching error."""
    try:
        parsed: GeneratedAnswer | Exception = create_task._parse_response(
            client=api, response=response
        )
    except _PARSE_ERRORS as exc:
        parsed = exc
    return unwrap(response, parsed, CreateTaskData).task_id


def read_task(api: AuthenticatedClient, response: httpx.Response, task_id: str) -> Task:
    """The ``Task`` of a recordInfo answer, or the matching error."""
    try:
        parsed: GeneratedAnswer | Exception = get_task_details._parse_response(
            client=api, response=response
        )
    except _PARSE_ERRORS as exc:
        parsed = exc
    record = unwrap(response, parsed, TaskRecord, task_id=task_id)
    try:
        return Task(record)
    except ValueError as exc:  # param/resultJson are not the JSON they should be
        raise ResponseParseError(response.status_code, response.text, str(exc)) from exc


def download_request(
    http: httpx.Client | httpx.AsyncClient, url: str, auth_header: str
) -> httpx.Request:
    """A GET of a result URL; the API key is sent only to the API's own origin."""
    request = http.build_request("GET", url)
    base = http.base_url
    if (request.url.scheme, request.url.host, request.url.port) != (
        base.scheme,
        base.host,
        base.port,
    ):
        request.headers.pop(auth_header, None)
    return request


def read_download(response: httpx.Response) -> bytes:
    if response.is_success:
        return response.content
    url = str(response.request.url)
    raise error_from_response(response, message=f"download of {url!r} failed")
