"""Errors raised by the LiangXin facade, and the one place that maps answers to them.

The exception tree::

    LiangXinError
    ├── TransportError                 no HTTP answer at all (wraps an httpx error)
    ├── ApiError                       the service answered with an error
    │   ├── BadRequestError            400
    │   ├── AuthenticationError        401
    │   ├── PermissionDeniedError      403 (insufficient quota or access denied)
    │   ├── NotFoundError              404
    │   │   └── TaskNotFoundError      unknown taskId (404, or 422 "recordInfo is null")
    │   ├── PayloadTooLargeError       413
    │   ├── UnsupportedMediaTypeError  415
    │   ├── UnprocessableEntityError   422
    │   ├── RateLimitError             429 (see ``retry_after``)
    │   └── ServerError                5xx
    ├── ResponseParseError             a successful answer whose body does not match the spec
    ├── TaskFailedError                the task ended in state ``fail``
    ├── WaitTimeoutError               ``wait()`` passed its deadline
    └── CallbackError                  a callback body that does not match the spec
        └── SignatureError             a missing, bad or stale ``X-Webhook-Signature``

The class of an ``ApiError`` follows the HTTP status; when the status is 2xx but the envelope's
``code`` reports an error (kie-style services do this), it follows that ``code`` instead. An
error status whose body is not an error envelope (an HTML page from a proxy) is still classified
by its status: the status is what retries and callers act on.
"""

from __future__ import annotations

import email.utils
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

import httpx
from liangxin_client.models import (
    BusinessError,
    CreateTaskData,
    CreateTaskResponse,
    GatewayError,
    RecordInfoResponse,
    TaskRecord,
)

if TYPE_CHECKING:
    from liangxin.records import Task

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CallbackError",
    "LiangXinError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseParseError",
    "ServerError",
    "SignatureError",
    "TaskFailedError",
    "TaskNotFoundError",
    "TransportError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WaitTimeoutError",
    "error_from_response",
    "unwrap",
]

_SNIPPET = 200  # characters of a raw body shown in messages


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[:_SNIPPET] + "..."


class LiangXinError(Exception):
    """Base class of every error the facade raises."""


class TransportError(LiangXinError):
    """The request got no HTTP answer: connection refused, timeout, protocol error.

    ``maybe_sent`` is False only when the request surely never reached the server (it failed
    while connecting), which is when a ``createTask`` can be retried without risking a
    duplicate task. The httpx exception is the ``__cause__``.
    """

    def __init__(self, message: str, *, method: str = "", url: str = "", maybe_sent: bool = True):
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.maybe_sent = maybe_sent

    @classmethod
    def from_httpx(cls, exc: httpx.HTTPError) -> TransportError:
        """Translate an httpx error; raise the result ``from exc``."""
        try:
            method, url = exc.request.method, str(exc.request.url)
        except RuntimeError:  # an httpx error raised outside of a request
            method, url = "", ""
        unsent = (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.UnsupportedProtocol,
        )
        return cls(
            f"{type(exc).__name__}: {exc}",
            method=method,
            url=url,
            maybe_sent=not isinstance(exc, unsent),
        )

    def __str__(self) -> str:
        where = f" ({self.method} {self.url!r})" if self.url else ""
        return f"{self.message}{where}"


class ApiError(LiangXinError):
    """The service answered with an error.

    ``status_code`` is the HTTP status, ``code`` the envelope's ``code`` (an int for
    ``{code,msg,data}``, often ``""`` for the gateway's ``{"error":{...}}``, None when the body
    was not an envelope), ``message`` the envelope's text and ``body`` the raw body.
    ``retry_after`` is the ``Retry-After`` header in seconds, when the answer carried one.
    """

    def __init__(
        self,
        status_code: int,
        code: int | str | None,
        message: str,
        body: str = "",
        *,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.body = body
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = f"HTTP {self.status_code}: {self.message!r}"
        if self.code not in (None, "", self.status_code):
            text += f" (code={self.code!r})"
        if self.retry_after is not None:
            text += f" (retry after {self.retry_after!r}s)"
        return text


class BadRequestError(ApiError):
    """400: invalid request, unsupported model, invalid parameter, price not configured."""


class AuthenticationError(ApiError):
    """401: missing or invalid API key."""


class PermissionDeniedError(ApiError):
    """403: insufficient quota or access denied."""


class NotFoundError(ApiError):
    """404: the resource does not exist."""


class TaskNotFoundError(NotFoundError):
    """recordInfo does not know ``task_id``.

    The service answers 422 ``recordInfo is null`` (kie analog) or 404 for an unknown task; both
    mean "not found", so this is a ``NotFoundError`` whichever status came back.
    """

    def __init__(
        self,
        status_code: int,
        code: int | str | None,
        message: str,
        body: str = "",
        *,
        task_id: str,
        retry_after: float | None = None,
    ):
        super().__init__(status_code, code, message, body, retry_after=retry_after)
        self.task_id = task_id

    def __str__(self) -> str:
        return f"unknown task {self.task_id!r}: {super().__str__()}"


class PayloadTooLargeError(ApiError):
    """413: request body too large."""


class UnsupportedMediaTypeError(ApiError):
    """415: the body is not ``application/json``."""


class UnprocessableEntityError(ApiError):
    """422: upstream validation rejected the request."""


class RateLimitError(ApiError):
    """429: the group or upstream is saturated; wait ``retry_after`` seconds when given."""


class ServerError(ApiError):
    """5xx: upstream or internal error."""


class ResponseParseError(LiangXinError):
    """A successful answer whose body does not match the spec (or an undeclared 2xx/3xx).

    Keeps the HTTP status, the raw text and the reason the generated parser gave.
    """

    def __init__(self, status_code: int, text: str, reason: str):
        super().__init__(reason)
        self.status_code = status_code
        self.text = text
        self.reason = reason

    def __str__(self) -> str:
        return f"HTTP {self.status_code}: body does not match the spec ({self.reason}): " + repr(
            _snippet(self.text)
        )


class TaskFailedError(LiangXinError):
    """The task ended in state ``fail``; ``task`` is the final record."""

    def __init__(self, task: Task):
        super().__init__(task.task_id)
        self.task = task
        self.fail_code = task.fail_code
        self.fail_msg = task.fail_msg

    def __str__(self) -> str:
        return (
            f"task {self.task.task_id!r} failed: "
            f"failCode={self.fail_code!r}, failMsg={self.fail_msg!r}"
        )


class WaitTimeoutError(LiangXinError):
    """``wait()`` passed its deadline; ``last_task`` is the last record seen."""

    def __init__(self, task_id: str, last_task: Task | None, timeout: float):
        super().__init__(task_id)
        self.task_id = task_id
        self.last_task = last_task
        self.timeout = timeout

    def __str__(self) -> str:
        state = self.last_task.state if self.last_task is not None else None
        return f"task {self.task_id!r} still in state {state!r} after {self.timeout!r}s"


class CallbackError(LiangXinError):
    """A callback body that is not JSON or does not match the ``TaskCallback`` schema."""


class SignatureError(CallbackError):
    """A callback's ``X-Webhook-Signature`` is missing, does not match, or is stale."""


_BY_STATUS: Mapping[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

_RECORD_IS_NULL = "recordinfo is null"


def _retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` as seconds: delta-seconds, or an HTTP date relative to ``Date``."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        sent = email.utils.parsedate_to_datetime(headers["date"])
        delta = (when - sent).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None  # an HTTP date needs the answer's Date to be read without a wall clock
    return max(0.0, delta)


def error_from_response(
    response: httpx.Response,
    *,
    code: int | str | None = None,
    message: str | None = None,
    task_id: str | None = None,
) -> ApiError:
    """Build the ``ApiError`` for an error answer.

    ``message`` is the envelope's text, None when the body was not an envelope (the raw body
    then stands in for it). ``task_id`` says the answer came from recordInfo, so that "unknown
    task" answers become ``TaskNotFoundError``.
    """
    status = response.status_code
    kind = code if status < 400 and isinstance(code, int) else status
    text = response.text
    # A 404 page that is not an API envelope means a wrong URL, not an unknown task.
    enveloped = message is not None
    if not message:
        message = _snippet(text) or response.reason_phrase
    retry_after = _retry_after(response.headers)
    if task_id is not None and (
        (kind == 404 and enveloped) or (kind == 422 and _RECORD_IS_NULL in message.lower())
    ):
        return TaskNotFoundError(
            status, code, message, text, task_id=task_id, retry_after=retry_after
        )
    cls = _BY_STATUS.get(kind) or (ServerError if 500 <= kind <= 599 else ApiError)
    return cls(status, code, message, text, retry_after=retry_after)


def _reason(exc: BaseException, response: httpx.Response) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON: {exc}"
    body = response.json()
    if not isinstance(body, dict):  # the generated parsers call dict() on it
        return f"not a JSON object but {type(body).__name__}"
    if isinstance(exc, KeyError):
        return f"missing key {exc.args[0]!r}"
    return f"{type(exc).__name__}: {exc}"


def _any_envelope(response: httpx.Response) -> BusinessError | GatewayError | None:
    """Read an error envelope with the generated models when the spec did not declare it."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    for model in (BusinessError, GatewayError):
        try:
            return model.from_dict(body)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    return None


D = TypeVar("D", CreateTaskData, TaskRecord)

GeneratedAnswer = CreateTaskResponse | RecordInfoResponse | BusinessError | GatewayError | None


def unwrap(
    response: httpx.Response,
    parsed: GeneratedAnswer | Exception,
    want: type[D],
    *,
    task_id: str | None = None,
) -> D:
    """Map one answer of the generated client to its ``data`` or raise the matching error.

    ``parsed`` is what the generated ``_parse_response`` returned for ``response``, or the
    exception it raised (KeyError/TypeError/ValueError/JSONDecodeError when the body does not
    match its schema). ``want`` is the generated class expected in the envelope's ``data``.
    """
    status = response.status_code
    if isinstance(parsed, Exception):
        if status >= 400:
            raise error_from_response(response, task_id=task_id) from parsed
        raise ResponseParseError(status, response.text, _reason(parsed, response)) from parsed
    if isinstance(parsed, BusinessError):
        message = parsed.msg or parsed.message or ""  # kie-style answers say ``message``
        raise error_from_response(response, code=parsed.code, message=message, task_id=task_id)
    if isinstance(parsed, GatewayError):
        detail = parsed.error
        code = detail.code if isinstance(detail.code, int | str) else None
        raise error_from_response(response, code=code, message=detail.message, task_id=task_id)
    if parsed is None:  # a status the spec does not declare
        if status >= 400:
            parsed = _any_envelope(response)
            if parsed is None:
                raise error_from_response(response, task_id=task_id)
            return unwrap(response, parsed, want, task_id=task_id)
        raise ResponseParseError(status, response.text, f"undeclared status {status}")
    if parsed.code != 200:
        message = parsed.msg or parsed.message or ""
        raise error_from_response(response, code=parsed.code, message=message, task_id=task_id)
    if not isinstance(parsed.data, want):
        reason = f"'data' is not a {want.__name__}: {parsed.data!r}"
        raise ResponseParseError(status, response.text, reason)
    return parsed.data
