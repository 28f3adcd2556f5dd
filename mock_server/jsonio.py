"""JSON in and out of the public endpoints: strict about what JSON over HTTP is, and fast.

Request bodies are read as RFC 8259 JSON in UTF-8 (a leading BOM is skipped). Refused, each
with a :class:`~mock_server.errors.BadRequest` that says where and why: malformed JSON,
UTF-16/32 and other non-UTF-8 bytes, ``NaN``/``Infinity``, numbers beyond the range of a
double (``1e400``; Python would read infinity, which no JSON answer can carry), and ``\\ud800``
escapes that leave a lone surrogate (a string that cannot be written back as UTF-8; accepted,
it would break every later answer about the task).

orjson does the work (about a tenth of the standard library's time, which matters on the mock's
hot path). Where orjson would read a document differently from the standard library, the
standard library reads it: orjson turns integers beyond 64 bits into floats, so a body with a
run of 19 or more digits goes the slow way; so does anything orjson refuses, so that the error
message (or the acceptance, for a BOM) is the standard library's. Answers are written by orjson
unless they hold an integer beyond 64 bits. Floats are written in the shortest form that reads
back the same; the exponent has no leading zero (``1e-7``, where Python writes ``1e-07``).
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

from mock_server.errors import BadRequest

__all__ = ["dumps", "loads"]

#: Integers orjson reads as floats have at least 19 digits (beyond 2**63 - 1 or 2**64 - 1).
#: Found by mapping every digit to "0" and looking for 19 zeros: ten times a regex's speed.
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_DIGITS = b"0" * 19
_BOM = b"\xef\xbb\xbf"


def _not_json(name: str) -> Any:
    # Python's json reads NaN and Infinity; JSON (RFC 8259) has no such values.
    raise BadRequest(f"body: malformed JSON: {name} is not a JSON value")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise BadRequest(f"body: the number {text[:40]} is out of range (larger than a double)")
    return value


_decoder = json.JSONDecoder(parse_constant=_not_json, parse_float=_finite)
_encode = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
).encode


def loads(raw: bytes) -> Any:
    """A request body as JSON (see the module's docstring for what is refused).

    >>> loads(b'{"seed": 123456789012345678901234567890}')
    {'seed': 123456789012345678901234567890}
    >>> loads(b'{"a": NaN}')
    Traceback (most recent call last):
    ...
    mock_server.errors.BadRequest: 400: body: malformed JSON: NaN is not a JSON value
    """
    if raw.translate(_DIGITS_AS_ZERO).find(_LONG_DIGITS) < 0:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # the standard library says why (or, for a BOM, reads it)
    return _slow_loads(raw)


def _slow_loads(raw: bytes) -> Any:
    try:
        # Decode first: json.loads(bytes) would also take UTF-16/32, which JSON over HTTP is not.
        text = (raw[len(_BOM) :] if raw.startswith(_BOM) else raw).decode("utf-8")
        if text.startswith("\ufeff"):  # json.loads's own check: a second BOM
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _decoder.decode(text)
    except UnicodeDecodeError as exc:
        raise BadRequest(f"body: not UTF-8 JSON ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(
            f"body: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    _check_strings(value)
    return value


def _check_strings(value: Any) -> None:
    """Refuse strings with a lone surrogate (only a ``\\udXXX`` escape can make one)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BadRequest(
                f"body: malformed JSON: the string {value[:40]!r} holds a lone surrogate "
                f"\\u{ord(value[exc.start]):04x}, which is not a character"
            ) from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)


def dumps(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON (``JSONResponse``'s layout; see the module docstring).

    >>> dumps({"prompt": "猫", "n": 2**70, "x": 0.5})
    b'{"prompt":"\\xe7\\x8c\\xab","n":1180591620717411303424,"x":0.5}'
    """
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits
        return _encode(value).encode("utf-8")
