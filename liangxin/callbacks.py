"""Reading the callback LiangXin POSTs to ``callBackUrl``, and checking its signature.

The body has the shape of a recordInfo answer, ``{code, msg, data: <record>}``, and is parsed
with the generated ``TaskCallback``. LiangXin documents no signature; when signing is used it
follows kie.ai's webhook verification:

* ``X-Webhook-Timestamp``: Unix seconds;
* ``X-Webhook-Signature``: ``base64(HMAC-SHA256(key, taskId + "." + timestamp))``.

A receiver, e.g. in Starlette::

    body = await request.body()
    task = verify_callback(body, request.headers, key=HMAC_KEY)  # or parse_callback(body)
    if task.succeeded:
        store(task.task_id, task.result_urls)
    return Response(status_code=204)  # any 2xx acknowledges
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from liangxin_client.models import TaskCallback

from liangxin.errors import CallbackError, SignatureError
from liangxin.records import Task

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "parse_callback",
    "sign",
    "verify_callback",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Webhook-Signature"
TIMESTAMP_HEADER = "X-Webhook-Timestamp"


def parse_callback(body: bytes | str | Mapping[str, Any]) -> Task:
    """The task a callback reports; ``CallbackError`` names what is wrong with the body.

    >>> parse_callback(b'{"code": 200, "msg": "ok", "data": {"taskId": "t1",'
    ...                b' "model": "z-image", "state": "fail", "failMsg": "nsfw"}}').fail_msg
    'nsfw'
    """
    if isinstance(body, bytes | str):
        try:
            payload: object = json.loads(body)
        except ValueError as exc:
            raise CallbackError(f"callback body is not JSON ({exc}): {body[:200]!r}") from exc
    else:
        payload = body
    if not isinstance(payload, Mapping):
        raise CallbackError(f"callback body must be a JSON object, got {payload!r}")
    data = payload.get("data")
    if not isinstance(data, Mapping):
        raise CallbackError(f"callback 'data' must be a task record object, got {data!r}")
    try:
        callback = TaskCallback.from_dict(payload)
        return Task(callback.data)
    except KeyError as exc:
        raise CallbackError(f"callback body has no {exc.args[0]!r}: {dict(payload)!r}") from exc
    except (TypeError, ValueError) as exc:
        raise CallbackError(f"callback body does not match TaskCallback: {exc}") from exc


def _key_bytes(key: str | bytes) -> bytes:
    if not key:
        raise ValueError("the HMAC key is empty")
    return key.encode() if isinstance(key, str) else key


def sign(task_id: str, timestamp: int | str, key: str | bytes) -> str:
    """The ``X-Webhook-Signature`` for ``task_id`` at ``timestamp`` (Unix seconds).

    >>> sign("task_1", 1700000000, "secret")
    'ZldUdpiTNjv8C3iG+Nsqf+/7MoUG8WN6i3/xqFapcCM='
    """
    message = f"{task_id}.{timestamp}".encode()
    digest = hmac.new(_key_bytes(key), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_signature(
    *,
    task_id: str,
    timestamp: int | str,
    signature: str,
    key: str | bytes,
    now: float | None = None,
    tolerance_s: float = 300.0,
) -> None:
    """Raise ``SignatureError`` unless ``signature`` is ``sign(task_id, timestamp, key)`` and
    ``timestamp`` is within ``tolerance_s`` of ``now`` (Unix seconds, ``time.time()`` by default).

    The comparison takes constant time.
    """
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        raise SignatureError(
            f"{TIMESTAMP_HEADER} must be Unix seconds, got {timestamp!r}"
        ) from None
    expected = sign(task_id, sent_at, key).encode("ascii")
    if not hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
        raise SignatureError(
            f"{SIGNATURE_HEADER} {signature!r} does not match taskId {task_id!r} "
            f"and timestamp {sent_at!r} (wrong key, or a tampered body or header)"
        )
    current = time.time() if now is None else now
    age = current - sent_at
    if abs(age) > tolerance_s:
        when = f"{age:.0f}s old" if age > 0 else f"{-age:.0f}s in the future"
        raise SignatureError(
            f"{TIMESTAMP_HEADER} {sent_at!r} is {when}; at most {tolerance_s!r}s either way "
            "is allowed (a replayed or delayed callback, or a skewed clock?)"
        )


def verify_callback(
    body: bytes | str | Mapping[str, Any],
    headers: Mapping[str, str],
    *,
    key: str | bytes,
    now: float | None = None,
    tolerance_s: float = 300.0,
) -> Task:
    """``parse_callback`` plus ``verify_signature`` from the request's headers."""
    task = parse_callback(body)
    lowered = {name.lower(): value for name, value in headers.items()}
    values = []
    for header in (TIMESTAMP_HEADER, SIGNATURE_HEADER):
        value = lowered.get(header.lower())
        if value is None:
            raise SignatureError(f"callback for task {task.task_id!r} has no {header} header")
        values.append(value)
    verify_signature(
        task_id=task.task_id,
        timestamp=values[0],
        signature=values[1],
        key=key,
        now=now,
        tolerance_s=tolerance_s,
    )
    return task
