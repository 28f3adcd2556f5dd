"""``mock_server.jsonio``: orjson's speed, the standard library's answers.

The reference is the standard library reading UTF-8 (BOM skipped) with the mock's three
refusals added: NaN/Infinity, numbers beyond a double, lone surrogates. ``loads`` must accept
exactly what the reference accepts, with the same values *and types* (orjson alone turns big
integers into floats), and refuse the rest with a ``BadRequest``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mock_server.errors import BadRequest
from mock_server.jsonio import dumps, loads

JsonValue = Any


class _Refused(Exception):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused(text)
    return value


def reference(raw: bytes) -> JsonValue:
    """What ``loads`` must answer, or ``_Refused``; written the plain, slow way."""
    try:
        value = json.loads(
            raw.decode("utf-8-sig"), parse_constant=_refuse_constant, parse_float=_finite
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Refused(str(exc)) from exc
    try:  # a lone surrogate cannot be written as UTF-8
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _Refused(str(exc)) from exc
    return value


def typed(value: JsonValue) -> Any:
    """``value`` with every scalar's type spelled out (``1 == 1.0 == True`` in Python)."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)

_TOKENS = [
    "{", "}", "[", "]", ",", ":", " ", '"a"', '"é猫"', '"\\ud800"', '"\\udc00x"',
    '"\\ud83d\\ude00"', "1", "-0", "0.1", "1e400", "-1e400", "1e-400", "NaN", "Infinity",
    "-Infinity", "12345678901234567890", "-9223372036854775809", "18446744073709551616",
    "1.000000000000000000001", "true", "null", "\ufeff", "\t", '"\\u0000"',
]  # fmt: skip
json_like_texts = st.lists(st.sampled_from(_TOKENS), max_size=12).map("".join)


def _assert_like_reference(raw: bytes) -> None:
    try:
        expected = reference(raw)
    except _Refused:
        with pytest.raises(BadRequest):
            loads(raw)
        return
    assert typed(loads(raw)) == typed(expected)


@given(json_values, st.sampled_from([None, 1]), st.booleans())
def test_loads_reads_what_the_standard_library_reads(
    value: JsonValue, indent: int | None, bom: bool
) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass")
    _assert_like_reference(raw)


@given(json_like_texts)
@example('{"seed": 12345678901234567890}')
@example('{"prompt": "a \\ud800 b"}')
@example('{"strength": 1e400}')
@example("\ufeff\ufeff{}")
def test_loads_accepts_and_refuses_as_the_reference(text: str) -> None:
    _assert_like_reference(text.encode("utf-8"))


@given(st.binary(max_size=40))
def test_loads_on_any_bytes_is_a_value_or_a_bad_request(raw: bytes) -> None:
    _assert_like_reference(raw)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_are_refused(encoding: str) -> None:
    with pytest.raises(BadRequest, match=r"^400: body: (not UTF-8 JSON|malformed JSON)"):
        loads('{"model": "z-image"}'.encode(encoding))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"a": NaN}', "body: malformed JSON: NaN is not a JSON value"),
        (b'{"a": -Infinity}', "body: malformed JSON: -Infinity is not a JSON value"),
        (b'{"a": 1e400}', "body: the number 1e400 is out of range (larger than a double)"),
        (
            b'{"a": "x\\ud800"}',
            "body: malformed JSON: the string 'x\\ud800' holds a lone surrogate \\ud800, "
            "which is not a character",
        ),
        (b'{"a": 1,}', "body: malformed JSON at line 1 column 9: Expecting property name"),
    ],
)
def test_refusals_say_why(raw: bytes, message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        loads(raw)
    assert caught.value.message.startswith(message)


def _has_float(value: JsonValue) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


@given(json_values)
def test_dumps_reads_back_the_same_and_matches_the_standard_layout(value: JsonValue) -> None:
    standard = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    written = dumps(value)
    assert typed(json.loads(written)) == typed(value)
    if not _has_float(value):  # floats: orjson writes 1e-7 where Python writes 1e-07
        assert written == standard
