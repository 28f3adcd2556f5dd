"""``Task``: the view over the generated ``TaskRecord`` with its JSON strings decoded."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from liangxin_client.models import TaskRecord

from liangxin import TERMINAL_STATES, Task
from tests.facade.helpers import PARAM_INPUT_AS_OBJECT, RESULT_URL, TASK_ID, record

DECODED_PARAM = {
    "model": "z-image",
    "callBackUrl": "https://hooks.example/liangxin",
    "input": {"prompt": "a red fox", "aspect_ratio": "16:9"},
}


@pytest.mark.parametrize(
    ("state", "terminal", "urls", "fail_code", "fail_msg"),
    [
        pytest.param("waiting", False, (), None, None, id="waiting"),
        pytest.param("queuing", False, (), None, None, id="queuing"),
        pytest.param("generating", False, (), None, None, id="generating"),
        pytest.param("success", True, (RESULT_URL,), None, None, id="success"),
        pytest.param("fail", True, (), "500", "Internal server error", id="fail"),
    ],
)
def test_task_view_of_each_state(
    state: str,
    terminal: bool,
    urls: tuple[str, ...],
    fail_code: str | None,
    fail_msg: str | None,
) -> None:
    task = Task.from_dict(record(state))

    assert task.task_id == TASK_ID
    assert task.model == "z-image"
    assert task.state == state
    assert task.is_terminal is terminal
    assert task.succeeded is (state == "success")
    assert task.result_urls == urls
    assert task.fail_code == fail_code
    assert task.fail_msg == fail_msg
    assert task.param == DECODED_PARAM
    assert isinstance(task.record, TaskRecord)
    assert task.record.to_dict()["taskId"] == TASK_ID


def test_terminal_states_are_success_and_fail() -> None:
    assert frozenset({"success", "fail"}) == TERMINAL_STATES


def test_param_with_input_as_object_is_decoded_the_same() -> None:
    task = Task.from_dict(record(param=PARAM_INPUT_AS_OBJECT))
    assert task.param == {k: v for k, v in DECODED_PARAM.items() if k != "callBackUrl"}


def test_param_keeps_fields_the_spec_does_not_name() -> None:
    param = {"model": "z-image", "input": "{}", "userPath": "/u/1"}
    task = Task.from_dict(record(param=json.dumps(param)))
    assert task.param == {"model": "z-image", "input": {}, "userPath": "/u/1"}


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"resultJson": ""}, id="empty-string"),
        pytest.param({"resultJson": None}, id="null"),
        pytest.param({"param": "", "resultJson": None, "failCode": None}, id="nulls-everywhere"),
        pytest.param({}, id="absent"),
    ],
)
def test_missing_values_read_as_none_or_empty(fields: dict[str, Any]) -> None:
    data = {"taskId": "t1", "model": "z-image", "state": "generating"} | fields
    task = Task.from_dict(data)
    assert task.result_urls == ()
    assert task.fail_code is None
    assert task.result is None
    if not data.get("param"):
        assert task.param is None


def test_progress_and_other_fields_stay_on_the_record() -> None:
    task = Task.from_dict(record("generating", creditsConsumed=1.5))
    assert task.progress == 40
    assert task.record.credits_consumed == 1.5
    assert task.record.create_time == 1777600000000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"resultJson": "{not json"}, "resultJson is not JSON", id="result-not-json"),
        pytest.param({"resultJson": "[1]"}, "resultJson is not a JSON object", id="result-list"),
        pytest.param(
            {"resultJson": '{"resultUrls": "https://x"}'},
            "resultUrls is not a list of strings: 'https://x'",
            id="result-urls-string",
        ),
        pytest.param({"param": "{bad"}, "param is not JSON", id="param-not-json"),
        pytest.param({"param": '{"input": {}}'}, "param has no 'model'", id="param-no-model"),
        pytest.param(
            {"param": json.dumps({"model": "z-image", "input": "{oops"})},
            "param.input is not JSON",
            id="param-input-not-json",
        ),
        pytest.param({"state": "done"}, "'done'", id="unknown-state"),
    ],
)
def test_malformed_records_raise_value_error_naming_the_field(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Task.from_dict(record("success") | fields)


def test_a_record_without_task_id_is_named() -> None:
    data = record()
    del data["taskId"]
    with pytest.raises(ValueError, match="task record has no 'taskId'"):
        Task.from_dict(data)
