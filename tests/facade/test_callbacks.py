"""Callback parsing and kie-style signature verification."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangxin import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    CallbackError,
    SignatureError,
    parse_callback,
    sign,
    verify_callback,
    verify_signature,
)
from tests.facade.helpers import RESULT_URL, TASK_ID, record

KEY = "whsec-test"
NOW = 1_777_600_020

# Computed independently:
#   printf 'task_1.1700000000' | openssl dgst -sha256 -hmac secret -binary | base64
KNOWN_VECTOR = ("task_1", 1700000000, "secret", "ZldUdpiTNjv8C3iG+Nsqf+/7MoUG8WN6i3/xqFapcCM=")


def success_callback() -> dict[str, Any]:
    data = record("success", failCode=None, failMsg=None)
    return {"code": 200, "msg": "Playground task completed successfully.", "data": data}


def fail_callback() -> dict[str, Any]:
    data = record("fail", resultJson=None)
    return {"code": 501, "msg": "Playground task failed.", "data": data}


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda body: json.dumps(body).encode(), id="bytes"),
        pytest.param(lambda body: json.dumps(body), id="str"),
        pytest.param(lambda body: body, id="mapping"),
    ],
)
def test_parse_success_callback(encode: Any) -> None:
    task = parse_callback(encode(success_callback()))
    assert (task.task_id, task.state) == (TASK_ID, "success")
    assert task.result_urls == (RESULT_URL,)
    assert task.fail_code is None
    assert task.param is not None
    assert task.param["input"]["prompt"] == "a red fox"


def test_parse_fail_callback_with_null_result() -> None:
    task = parse_callback(json.dumps(fail_callback()))
    assert (task.state, task.fail_code, task.fail_msg) == ("fail", "500", "Internal server error")
    assert task.result_urls == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"<html>", "callback body is not JSON", id="not-json"),
        pytest.param(b"[1, 2]", "must be a JSON object, got [1, 2]", id="list"),
        pytest.param({"code": 200}, "'data' must be a task record object, got None", id="no-data"),
        pytest.param({"code": 200, "data": "x"}, "got 'x'", id="data-string"),
        pytest.param({"data": record("success")}, "callback body has no 'code'", id="no-code"),
        pytest.param(
            {"code": 200, "data": {"model": "z-image", "state": "success"}},
            "has no 'taskId'",
            id="no-task-id",
        ),
        pytest.param(
            {"code": 200, "data": record(state="finished")},
            "Unexpected value 'finished'",
            id="unknown-state",
        ),
        pytest.param(
            {"code": 200, "data": record("success", resultJson="{oops")},
            "resultJson is not JSON",
            id="bad-result-json",
        ),
    ],
)
def test_malformed_callbacks_name_the_problem(
    body: bytes | Mapping[str, Any], message: str
) -> None:
    with pytest.raises(CallbackError) as caught:
        parse_callback(body)
    assert message in str(caught.value)
    assert not isinstance(caught.value, SignatureError)


def test_sign_matches_an_independent_implementation() -> None:
    task_id, timestamp, key, expected = KNOWN_VECTOR
    assert sign(task_id, timestamp, key) == expected
    assert sign(task_id, str(timestamp), key.encode()) == expected


def test_good_signature_verifies() -> None:
    signature = sign(TASK_ID, NOW - 5, KEY)
    verify_signature(task_id=TASK_ID, timestamp=str(NOW - 5), signature=signature, key=KEY, now=NOW)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"signature": "AAAA"}, "'AAAA' does not match", id="tampered-signature"),
        pytest.param({"task_id": "task_other"}, "taskId 'task_other'", id="tampered-task-id"),
        pytest.param({"timestamp": NOW - 4}, f"timestamp {NOW - 4!r}", id="tampered-timestamp"),
        pytest.param({"key": "other-key"}, "wrong key", id="wrong-key"),
        pytest.param({"signature": "ünïcode"}, "does not match", id="non-ascii-signature"),
    ],
)
def test_tampered_signatures_are_refused(changes: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "task_id": TASK_ID,
        "timestamp": NOW - 5,
        "signature": sign(TASK_ID, NOW - 5, KEY),
        "key": KEY,
        "now": NOW,
    }
    with pytest.raises(SignatureError, match=message):
        verify_signature(**(args | changes))


@pytest.mark.parametrize(
    ("sent_at", "message"),
    [
        pytest.param(NOW - 301, f"{NOW - 301} is 301s old; at most 300.0s", id="stale"),
        pytest.param(NOW + 3600, f"{NOW + 3600} is 3600s in the future", id="future"),
    ],
)
def test_stale_timestamps_are_refused(sent_at: int, message: str) -> None:
    signature = sign(TASK_ID, sent_at, KEY)
    with pytest.raises(SignatureError, match=re.escape(message)):
        verify_signature(task_id=TASK_ID, timestamp=sent_at, signature=signature, key=KEY, now=NOW)


def test_tolerance_is_configurable() -> None:
    signature = sign(TASK_ID, NOW - 600, KEY)
    verify_signature(
        task_id=TASK_ID, timestamp=NOW - 600, signature=signature, key=KEY, now=NOW, tolerance_s=900
    )


def test_timestamp_must_be_unix_seconds() -> None:
    with pytest.raises(SignatureError, match="must be Unix seconds, got 'yesterday'"):
        verify_signature(task_id=TASK_ID, timestamp="yesterday", signature="x", key=KEY, now=NOW)


def test_empty_key_is_misuse() -> None:
    with pytest.raises(ValueError, match="HMAC key is empty"):
        sign(TASK_ID, NOW, "")


def test_verify_callback_reads_the_headers_case_insensitively() -> None:
    body = json.dumps(success_callback()).encode()
    headers = {
        TIMESTAMP_HEADER.lower(): str(NOW),
        SIGNATURE_HEADER.upper(): sign(TASK_ID, NOW, KEY),
    }
    assert verify_callback(body, headers, key=KEY, now=NOW).succeeded


@pytest.mark.parametrize("missing", [TIMESTAMP_HEADER, SIGNATURE_HEADER])
def test_verify_callback_names_a_missing_header(missing: str) -> None:
    headers = {TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: sign(TASK_ID, NOW, KEY)}
    del headers[missing]
    with pytest.raises(SignatureError, match=f"task {TASK_ID!r} has no {missing} header"):
        verify_callback(success_callback(), headers, key=KEY, now=NOW)


def test_verify_callback_refuses_a_body_signed_for_another_task() -> None:
    headers = {TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: sign("task_other", NOW, KEY)}
    with pytest.raises(SignatureError):
        verify_callback(success_callback(), headers, key=KEY, now=NOW)


@given(
    task_id=st.text(min_size=1, max_size=60),
    timestamp=st.integers(min_value=0, max_value=2**40),
    key=st.binary(min_size=1, max_size=64),
    flip=st.integers(min_value=0, max_value=43),
)
def test_signatures_round_trip_and_any_changed_character_fails(
    task_id: str, timestamp: int, key: bytes, flip: int
) -> None:
    signature = sign(task_id, timestamp, key)
    verify_signature(
        task_id=task_id, timestamp=timestamp, signature=signature, key=key, now=timestamp
    )
    changed = signature[:flip] + ("A" if signature[flip] != "A" else "B") + signature[flip + 1 :]
    with pytest.raises(SignatureError):
        verify_signature(
            task_id=task_id, timestamp=timestamp, signature=changed, key=key, now=timestamp
        )
