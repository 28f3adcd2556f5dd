"""Payload builders for the facade tests: answers as the service sends them on the wire."""

from __future__ import annotations

import json
from typing import Any

BASE_URL = "https://api.liangxin.test"
API_KEY = "sk-test-123"
CREATE = "/api/v1/jobs/createTask"
RECORD = "/api/v1/jobs/recordInfo"
TASK_ID = "task_z-image_1777600000000"
RESULT_URL = "https://cdn.liangxin.test/results/task_z-image_1777600000000/0.png"

#: ``param`` as kie task logs show it: ``input`` is a JSON string inside the JSON string.
PARAM_INPUT_AS_STRING = json.dumps(
    {
        "model": "z-image",
        "callBackUrl": "https://hooks.example/liangxin",
        "input": json.dumps({"prompt": "a red fox", "aspect_ratio": "16:9"}),
    }
)
PARAM_INPUT_AS_OBJECT = json.dumps(
    {"model": "z-image", "input": {"prompt": "a red fox", "aspect_ratio": "16:9"}}
)


def record(state: str = "waiting", task_id: str = TASK_ID, **fields: Any) -> dict[str, Any]:
    """A recordInfo ``data`` object in ``state``, with the values the service sends for it."""
    data: dict[str, Any] = {
        "taskId": task_id,
        "model": "z-image",
        "state": state,
        "param": PARAM_INPUT_AS_STRING,
        "resultJson": "",
        "failCode": "",
        "failMsg": "",
        "costTime": None,
        "completeTime": None,
        "createTime": 1777600000000,
        "updateTime": 1777600000500,
        "progress": {"waiting": 0, "queuing": 0, "generating": 40}.get(state, 100),
    }
    if state == "success":
        data |= {
            "resultJson": json.dumps({"resultUrls": [RESULT_URL]}),
            "costTime": 15000,
            "completeTime": 1777600015000,
        }
    if state == "fail":
        data |= {
            "failCode": "500",
            "failMsg": "Internal server error",
            "completeTime": 1777600015000,
        }
    return data | fields


def record_answer(state: str = "waiting", **fields: Any) -> dict[str, Any]:
    return {"code": 200, "msg": "success", "data": record(state, **fields)}


def create_answer(task_id: str = TASK_ID) -> dict[str, Any]:
    return {"code": 200, "msg": "success", "data": {"taskId": task_id}}


def business_error(status: int, msg: str) -> dict[str, Any]:
    return {"code": status, "msg": msg, "data": None}


def gateway_error(msg: str, code: str = "") -> dict[str, Any]:
    return {"error": {"message": msg, "type": "new_api_error", "code": code}}
