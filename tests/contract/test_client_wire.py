"""The generated client on the wire, against ``respx`` routes (no server, no sockets).

What is sent: each model's example request goes out byte-for-byte as JSON, with the bearer
token. What is parsed: every documented answer (createTask, recordInfo in each state, every
declared error status with both envelopes) comes back as the typed value. The last section pins
down what the client does with answers the spec does not describe, so that a regeneration that
changes it is noticed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any, TypeAlias

import httpx
import pytest
import respx
from liangxin_client import AuthenticatedClient
from liangxin_client.api.jobs import create_task, get_task_details
from liangxin_client.errors import UnexpectedStatus
from liangxin_client.models import (
    BusinessError,
    CreateTaskData,
    CreateTaskResponse,
    GatewayError,
    RecordInfoResponse,
    ResultJson,
    TaskRecord,
    ZImageRequest,
)
from liangxin_client.types import UNSET, Response

from tests.contract._support import (
    EXAMPLES_DIR,
    load_json,
    model_ids,
    record_example,
    request_class,
    request_example,
    spec,
    task_states,
)

BASE_URL = "https://liangxin.test"
TOKEN = "k"
CREATE_TASK_PATH = "/api/v1/jobs/createTask"
RECORD_INFO_PATH = "/api/v1/jobs/recordInfo"
OPERATIONS = {"createTask": (CREATE_TASK_PATH, "post"), "recordInfo": (RECORD_INFO_PATH, "get")}
TASK_ID = "task_z-image_1777600000000"

AnyResponse: TypeAlias = (
    Response[BusinessError | GatewayError | CreateTaskResponse]
    | Response[BusinessError | GatewayError | RecordInfoResponse]
)


@pytest.fixture
def router() -> Iterator[Any]:
    # assert_all_mocked: a request no route matches fails instead of reaching the network.
    with respx.mock(base_url=BASE_URL, assert_all_called=True, assert_all_mocked=True) as mock:
        yield mock


@pytest.fixture
def client() -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=BASE_URL, token=TOKEN) as authenticated:
        yield authenticated


def _minimal_body() -> ZImageRequest:
    return ZImageRequest.from_dict({"model": "z-image", "input": {"prompt": "A fox"}})


def _call(operation: str, client: AuthenticatedClient) -> AnyResponse:
    if operation == "createTask":
        return create_task.sync_detailed(client=client, body=_minimal_body())
    return get_task_details.sync_detailed(client=client, task_id=TASK_ID)


def _route(router: Any, operation: str, answer: httpx.Response) -> Any:
    path, method = OPERATIONS[operation]
    return router.route(method=method.upper(), path=path).mock(return_value=answer)


# ------------------------------------------------------------------------- createTask


@pytest.mark.parametrize("model_id", [pytest.param(m, id=m) for m in model_ids()])
def test_create_task_sends_the_example_verbatim(
    model_id: str, router: Any, client: AuthenticatedClient
) -> None:
    example = request_example(model_id)
    body = request_class(model_id).from_dict(example)
    task_id = f"task_{model_id}_1777600000000"
    answer = {"code": 200, "msg": "success", "data": {"taskId": task_id}}
    route = router.post(CREATE_TASK_PATH).mock(return_value=httpx.Response(200, json=answer))

    response = create_task.sync_detailed(client=client, body=body)

    assert route.call_count == 1
    sent: httpx.Request = route.calls.last.request
    assert json.loads(sent.content) == example
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Content-Type"] == "application/json"
    assert response.status_code == HTTPStatus.OK
    parsed = response.parsed
    assert isinstance(parsed, CreateTaskResponse)
    assert parsed.code == 200
    assert isinstance(parsed.data, CreateTaskData)
    assert parsed.data.task_id == task_id


@pytest.mark.parametrize(
    "name", [pytest.param(name, id=name) for name in ("seed", "seedream-v4-5", "kie-message")]
)
def test_create_task_parses_the_documented_answers(
    name: str, router: Any, client: AuthenticatedClient
) -> None:
    answer = load_json(EXAMPLES_DIR / "CreateTaskResponse" / f"{name}.json")
    router.post(CREATE_TASK_PATH).mock(return_value=httpx.Response(200, json=answer))

    parsed = create_task.sync_detailed(client=client, body=_minimal_body()).parsed

    assert isinstance(parsed, CreateTaskResponse)
    assert isinstance(parsed.data, CreateTaskData)
    assert parsed.data.task_id == answer["data"]["taskId"]
    assert parsed.to_dict() == answer


# ------------------------------------------------------------------------- recordInfo


@pytest.mark.parametrize("state", [pytest.param(s, id=s) for s in task_states()])
def test_record_info_parses_each_state(
    state: str, router: Any, client: AuthenticatedClient
) -> None:
    answer = record_example(state)
    task_id = answer["data"]["taskId"]
    route = router.get(RECORD_INFO_PATH, params={"taskId": task_id}).mock(
        return_value=httpx.Response(200, json=answer)
    )

    response = get_task_details.sync_detailed(client=client, task_id=task_id)

    sent: httpx.Request = route.calls.last.request
    assert sent.url.params["taskId"] == task_id
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert response.status_code == HTTPStatus.OK
    parsed = response.parsed
    assert isinstance(parsed, RecordInfoResponse)
    record = parsed.data
    assert isinstance(record, TaskRecord)
    assert record.state == state
    assert record.task_id == task_id
    if state == "success":
        assert isinstance(record.result_json, str)
        result = ResultJson.from_dict(json.loads(record.result_json))
        assert result.result_urls
    if state == "fail":
        assert record.fail_code
        assert record.fail_msg


# ------------------------------------------------------------------------- errors

BUSINESS = "business"
GATEWAY = "gateway"


def _declared_errors() -> list[Any]:
    cases: list[Any] = []
    for operation, (path, method) in OPERATIONS.items():
        responses = spec().document["paths"][path][method]["responses"]
        for status in sorted(int(code) for code in responses if int(code) >= 400):
            for envelope in (BUSINESS, GATEWAY):
                cases.append(
                    pytest.param(operation, status, envelope, id=f"{operation}-{status}-{envelope}")
                )
    return cases


def test_every_operation_declares_errors() -> None:
    declared = {param.values[0] for param in _declared_errors()}
    assert declared == set(OPERATIONS)


@pytest.mark.parametrize(("operation", "status", "envelope"), _declared_errors())
def test_declared_error_is_a_typed_value(
    operation: str, status: int, envelope: str, router: Any, client: AuthenticatedClient
) -> None:
    gateway_body = load_json(EXAMPLES_DIR / "GatewayError" / "invalid-token.json")
    business_body = {"code": status, "msg": f"documented error {status}", "data": None}
    body = business_body if envelope == BUSINESS else gateway_body
    _route(router, operation, httpx.Response(status, json=body))

    response = _call(operation, client)

    assert response.status_code == status
    parsed = response.parsed
    if envelope == BUSINESS:
        assert isinstance(parsed, BusinessError)
        assert parsed.code == status
        assert parsed.msg == f"documented error {status}"
        assert parsed.data is None
    else:
        assert isinstance(parsed, GatewayError)
        assert parsed.error.message == "invalid token"
        assert parsed.error.type_ == "new_api_error"
        assert parsed.error.code == ""
    assert parsed.to_dict() == body


# ------------------------------------------------------------------------- undeclared answers
#
# What the generated client (openapi-python-client 0.29.1, default `raise_on_unexpected_status`
# False) does with answers the spec does not describe. These pin today's behaviour: the facade
# has to cope with each of them, and a change must be deliberate.

ALL_OPERATIONS = [pytest.param(op, id=op) for op in OPERATIONS]


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_html_error_page_raises_json_decode_error(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    # A proxy's HTML 500 on a *declared* status: the client calls `response.json()` unguarded.
    page = httpx.Response(500, text="<html><body>502 Bad Gateway</body></html>")
    _route(router, operation, page)
    with pytest.raises(json.JSONDecodeError):
        _call(operation, client)


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_html_on_200_raises_json_decode_error(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    _route(router, operation, httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(json.JSONDecodeError):
        _call(operation, client)


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_error_code_inside_http_200_is_a_success_typed_value(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    # kie-style: HTTP 200 whose body carries the error code. The client returns the *success*
    # type with `code` 402 and `data` None; only `code` tells the caller it failed.
    _route(router, operation, httpx.Response(200, json={"code": 402, "data": None}))
    parsed = _call(operation, client).parsed
    assert isinstance(parsed, CreateTaskResponse | RecordInfoResponse)
    assert parsed.code == 402
    assert parsed.data is None


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_undeclared_status_parses_to_none(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    _route(router, operation, httpx.Response(502, json={"code": 502, "msg": "bad gateway"}))
    response = _call(operation, client)
    assert response.status_code == HTTPStatus.BAD_GATEWAY
    assert response.parsed is None
    assert json.loads(response.content) == {"code": 502, "msg": "bad gateway"}


def test_404_is_undeclared_on_create_task(router: Any, client: AuthenticatedClient) -> None:
    # 404 is declared for recordInfo only; on createTask the body is dropped.
    _route(router, "createTask", httpx.Response(404, json={"code": 404, "msg": "Not found"}))
    assert _call("createTask", client).parsed is None


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_undeclared_status_raises_when_asked(operation: str, router: Any) -> None:
    _route(router, operation, httpx.Response(502, json={"code": 502, "msg": "bad gateway"}))
    strict = AuthenticatedClient(base_url=BASE_URL, token=TOKEN, raise_on_unexpected_status=True)
    with strict, pytest.raises(UnexpectedStatus) as caught:
        _call(operation, strict)
    assert caught.value.status_code == 502


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_nonstandard_status_raises_value_error(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    # kie's 455 (maintenance) and 433 (sub-key limit) are no `http.HTTPStatus` members: the
    # client's `HTTPStatus(response.status_code)` raises before anything is parsed.
    _route(router, operation, httpx.Response(455, json={"code": 455, "msg": "maintenance"}))
    with pytest.raises(ValueError, match="455 is not a valid HTTPStatus"):
        _call(operation, client)


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_unknown_json_on_declared_error_raises_key_error(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    # BusinessError.from_dict fails (no `code`), then GatewayError.from_dict raises
    # KeyError('error').
    _route(router, operation, httpx.Response(500, json={"detail": "boom"}))
    with pytest.raises(KeyError, match="error"):
        _call(operation, client)


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_message_instead_of_msg_parses_as_business_error(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    # kie sometimes says `message` instead of `msg`; BusinessError accepts either spelling.
    _route(router, operation, httpx.Response(500, json={"code": 500, "message": "Server Error"}))
    parsed = _call(operation, client).parsed
    assert isinstance(parsed, BusinessError)
    assert (parsed.code, parsed.message, parsed.msg) == (500, "Server Error", UNSET)


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_json_array_raises_type_error(
    operation: str, router: Any, client: AuthenticatedClient
) -> None:
    _route(router, operation, httpx.Response(200, json=[1, 2]))
    with pytest.raises(TypeError):
        _call(operation, client)


def test_unknown_state_leaves_a_raw_dict_in_data(router: Any, client: AuthenticatedClient) -> None:
    # `data` is `anyOf [TaskRecord, null]`: when TaskRecord.from_dict fails (here on the state
    # enum) the client silently keeps the raw dict, although `data` is typed
    # `TaskRecord | None | Unset`. Callers must check `isinstance(data, TaskRecord)`.
    answer = record_example("queuing")
    answer["data"]["state"] = "cancelled"
    _route(router, "recordInfo", httpx.Response(200, json=answer))
    parsed = _call("recordInfo", client).parsed
    assert isinstance(parsed, RecordInfoResponse)
    assert not isinstance(parsed.data, TaskRecord)
    assert parsed.data == answer["data"]
