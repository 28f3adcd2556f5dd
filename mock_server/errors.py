"""The mock's error tree, and the one table that turns it into HTTP answers.

    MockError                      (500, business envelope)
    ├── BadRequest                 400  invalid body, field, model or query
    ├── Unauthorized               401  missing or wrong key (gateway envelope)
    ├── Forbidden                  403  insufficient quota, or a scenario (gateway envelope)
    ├── TaskNotFound               422  "recordInfo is null" (kie's observed answer)
    ├── PayloadTooLarge            413
    ├── UnsupportedMediaType       415
    ├── RateLimited                429  with Retry-After
    └── ServerFault                500  a scenario's injected fault

Route handlers raise; :func:`error_response` is the only place that renders.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from starlette.responses import JSONResponse

__all__ = [
    "BadRequest",
    "Forbidden",
    "MockError",
    "PayloadTooLarge",
    "RateLimited",
    "ServerFault",
    "TaskNotFound",
    "Unauthorized",
    "UnsupportedMediaType",
    "error_body",
    "error_headers",
    "error_response",
    "internal_error",
]


class MockError(Exception):
    """Base of every error the mock answers with. ``message`` is shown to the caller."""

    status: ClassVar[int] = 500
    envelope: ClassVar[str] = "business"  # or "gateway"
    gateway_code: ClassVar[str] = ""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status  # type: ignore[misc]

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"


class BadRequest(MockError):
    status = 400


class Unauthorized(MockError):
    status = 401
    envelope = "gateway"


class Forbidden(MockError):
    status = 403
    envelope = "gateway"
    gateway_code = "insufficient_user_quota"


class TaskNotFound(MockError):
    status = 422

    def __init__(self, task_id: str) -> None:
        super().__init__(f"recordInfo is null: no task with taskId {task_id!r}")
        self.task_id = task_id


class PayloadTooLarge(MockError):
    status = 413


class UnsupportedMediaType(MockError):
    status = 415


class RateLimited(MockError):
    status = 429

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerFault(MockError):
    status = 500


def error_body(error: MockError) -> dict[str, Any]:
    """The documented envelope for ``error``: ``{code,msg,data}`` or ``{"error": {...}}``."""
    if error.envelope == "gateway":
        return {
            "error": {"message": error.message, "type": "new_api_error", "code": error.gateway_code}
        }
    return {"code": error.status, "msg": error.message, "data": None}


def error_headers(error: MockError) -> dict[str, str]:
    """The headers that go with ``error``: ``Retry-After`` (whole seconds) for a 429."""
    if isinstance(error, RateLimited):
        return {"Retry-After": str(max(1, math.ceil(error.retry_after)))}
    return {}


def internal_error(exc: Exception) -> MockError:
    """The 500 the mock answers for a bug of its own (the caller logs the traceback)."""
    return MockError(f"internal error: {type(exc).__name__}: {exc}")


def error_response(error: MockError) -> JSONResponse:
    """Render ``error`` with its status, envelope and headers."""
    return JSONResponse(error_body(error), status_code=error.status, headers=error_headers(error))
