"""Hand-written facade over the generated LiangXin client (``liangxin_client``).

It adds what the generated client leaves out: ``wait`` (polling with a deadline), ``run``
(submit + wait), decoded ``resultJson``/``param``, result download, retries on 429/5xx that
honour ``Retry-After``, one exception tree, and callback parsing and signature checks. Request
bodies are the generated models; nothing here restates a field of the spec.

>>> from liangxin import LiangXin, TaskFailedError
>>> from liangxin_client.models import ZImageInput, ZImageRequest
>>> with LiangXin.from_env() as lx:  # LIANGXIN_API_KEY, LIANGXIN_BASE_URL  # doctest: +SKIP
...     try:
...         task = lx.run(ZImageRequest(input_=ZImageInput(prompt="a red fox")), timeout=600)
...     except TaskFailedError as exc:
...         print("failed:", exc.fail_code, exc.fail_msg)
...     else:
...         image = lx.download(task.result_urls[0])

``AsyncLiangXin`` is the same with ``await`` (and ``aclose``/``async with``).
"""

from __future__ import annotations

from liangxin.async_client import AsyncLiangXin
from liangxin.callbacks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    parse_callback,
    sign,
    verify_callback,
    verify_signature,
)
from liangxin.client import LiangXin
from liangxin.clock import (
    AsyncClock,
    AsyncFakeClock,
    AsyncSystemClock,
    Clock,
    FakeClock,
    SystemClock,
)
from liangxin.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CallbackError,
    LiangXinError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResponseParseError,
    ServerError,
    SignatureError,
    TaskFailedError,
    TaskNotFoundError,
    TransportError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
    WaitTimeoutError,
)
from liangxin.polling import DEFAULT_POLL, DEFAULT_WAIT_TIMEOUT, PollSchedule, PollStep
from liangxin.records import TERMINAL_STATES, Task
from liangxin.retry import DEFAULT_RETRY, RetryPolicy
from liangxin.types import TaskRequest, request_class, request_from_dict

__all__ = [
    "DEFAULT_POLL",
    "DEFAULT_RETRY",
    "DEFAULT_WAIT_TIMEOUT",
    "SIGNATURE_HEADER",
    "TERMINAL_STATES",
    "TIMESTAMP_HEADER",
    "ApiError",
    "AsyncClock",
    "AsyncFakeClock",
    "AsyncLiangXin",
    "AsyncSystemClock",
    "AuthenticationError",
    "BadRequestError",
    "CallbackError",
    "Clock",
    "FakeClock",
    "LiangXin",
    "LiangXinError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PollSchedule",
    "PollStep",
    "RateLimitError",
    "ResponseParseError",
    "RetryPolicy",
    "ServerError",
    "SignatureError",
    "SystemClock",
    "Task",
    "TaskFailedError",
    "TaskNotFoundError",
    "TaskRequest",
    "TransportError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WaitTimeoutError",
    "parse_callback",
    "request_class",
    "request_from_dict",
    "sign",
    "verify_callback",
    "verify_signature",
]
