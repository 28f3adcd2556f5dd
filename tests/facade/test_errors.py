"""Every answer the service can give maps to one exception of the tree, with its message."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from liangxin_client.models import ZImageInput, ZImageRequest

from liangxin import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    LiangXin,
    LiangXinError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResponseParseError,
    ServerError,
    Task,
    TaskFailedError,
    TaskNotFoundError,
    TransportError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
    WaitTimeoutError,
)
from tests.facade.conftest import NO_RETRY, MakeClient
from tests.facade.helpers import (
    CREATE,
    RECORD,
    TASK_ID,
    business_error,
    create_answer,
    gateway_error,
    record,
    record_answer,
)

REQUEST = ZImageRequest(input_=ZImageInput(prompt="a red fox"))

Call = Callable[[LiangXin], object]


def submit(lx: LiangXin) -> object:
    return lx.submit(REQUEST)


def get(lx: LiangXin) -> object:
    return lx.get(TASK_ID)


@pytest.fixture
def lx(make_client: MakeClient) -> LiangXin:
    return make_client(retry=NO_RETRY)


def route(api: respx.MockRouter, call: Call) -> respx.Route:
    return api.post(CREATE) if call is submit else api.get(RECORD, params={"taskId": TASK_ID})


STATUSES = [
    pytest.param(400, BadRequestError, "input.prompt is required", id="400"),
    pytest.param(401, AuthenticationError, "invalid token", id="401"),
    pytest.param(403, PermissionDeniedError, "insufficient quota", id="403"),
    pytest.param(404, NotFoundError, "not here", id="404"),
    pytest.param(413, PayloadTooLargeError, "request body too large", id="413"),
    pytest.param(415, UnsupportedMediaTypeError, "body must be application/json", id="415"),
    pytest.param(422, UnprocessableEntityError, "upstream rejected the prompt", id="422"),
    pytest.param(429, RateLimitError, "current group load is saturated", id="429"),
    pytest.param(500, ServerError, "upstream task error", id="500"),
    pytest.param(502, ServerError, "bad gateway", id="502-undeclared"),
    pytest.param(503, ServerError, "maintenance", id="503-undeclared"),
    pytest.param(402, ApiError, "insufficient credits", id="402-undeclared"),
]
ENVELOPES = [
    pytest.param(lambda status, msg: business_error(status, msg), id="business"),
    pytest.param(lambda status, msg: gateway_error(msg), id="gateway"),
]
CALLS = [pytest.param(submit, id="createTask"), pytest.param(get, id="recordInfo")]


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("envelope", ENVELOPES)
@pytest.mark.parametrize(("status", "error", "msg"), STATUSES)
def test_error_status_maps_to_its_exception(
    api: respx.MockRouter,
    lx: LiangXin,
    call: Call,
    envelope: Callable[[int, str], dict[str, Any]],
    status: int,
    error: type[ApiError],
    msg: str,
) -> None:
    body = envelope(status, msg)
    route(api, call).respond(status, json=body)

    with pytest.raises(error) as caught:
        call(lx)

    exc = caught.value
    assert exc.status_code == status
    assert exc.message == msg
    assert repr(msg) in str(exc)
    assert json.loads(exc.body) == body
    if error is NotFoundError and call is get:
        assert isinstance(exc, TaskNotFoundError)  # recordInfo's 404 is about the task
    elif error is not ApiError:
        assert type(exc) is error


def test_business_code_is_kept(api: respx.MockRouter, lx: LiangXin) -> None:
    api.post(CREATE).respond(403, json=business_error(403, "insufficient quota"))
    with pytest.raises(PermissionDeniedError) as caught:
        lx.submit(REQUEST)
    assert caught.value.code == 403


def test_gateway_code_is_kept_and_shown(api: respx.MockRouter, lx: LiangXin) -> None:
    api.post(CREATE).respond(401, json=gateway_error("invalid token", code="bad_key"))
    with pytest.raises(AuthenticationError) as caught:
        lx.submit(REQUEST)
    assert caught.value.code == "bad_key"
    assert str(caught.value) == "HTTP 401: 'invalid token' (code='bad_key')"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        pytest.param(422, business_error(422, "recordInfo is null"), id="422-record-is-null"),
        pytest.param(200, business_error(422, "recordInfo is null"), id="200-code-422"),
        pytest.param(404, business_error(404, "Task not found"), id="404-enveloped"),
    ],
)
def test_unknown_task_is_task_not_found(
    api: respx.MockRouter, lx: LiangXin, status: int, body: dict[str, Any]
) -> None:
    api.get(RECORD).respond(status, json=body)
    with pytest.raises(TaskNotFoundError) as caught:
        lx.get(TASK_ID)
    exc = caught.value
    assert isinstance(exc, NotFoundError)
    assert exc.task_id == TASK_ID
    assert (exc.status_code, exc.code) == (status, body["code"])
    assert str(exc).startswith(f"unknown task {TASK_ID!r}: HTTP {status}: ")


def test_a_404_page_that_is_not_an_envelope_is_not_an_unknown_task(
    api: respx.MockRouter, lx: LiangXin
) -> None:
    api.get(RECORD).respond(404, text="<html>Not Found</html>")
    with pytest.raises(NotFoundError) as caught:
        lx.get(TASK_ID)
    assert not isinstance(caught.value, TaskNotFoundError)
    assert caught.value.message == "<html>Not Found</html>"


def test_422_validation_on_create_is_not_task_not_found(
    api: respx.MockRouter, lx: LiangXin
) -> None:
    api.post(CREATE).respond(422, json=business_error(422, "recordInfo is null"))
    with pytest.raises(UnprocessableEntityError) as caught:
        lx.submit(REQUEST)
    assert not isinstance(caught.value, TaskNotFoundError)


@pytest.mark.parametrize(
    ("status", "text", "error"),
    [
        pytest.param(500, "<html>oops</html>", ServerError, id="html-500"),
        pytest.param(502, "Bad Gateway", ServerError, id="text-502"),
        pytest.param(429, "", RateLimitError, id="empty-429"),
    ],
)
def test_error_status_without_an_envelope_is_classified_by_status(
    api: respx.MockRouter, lx: LiangXin, status: int, text: str, error: type[ApiError]
) -> None:
    api.post(CREATE).respond(status, text=text)
    with pytest.raises(error) as caught:
        lx.submit(REQUEST)
    assert caught.value.body == text
    assert caught.value.message == (text or httpx.codes.get_reason_phrase(status))
    assert caught.value.code is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"code": 401, "message": "no key"}, "no key", id="kie-message"),
        pytest.param({"code": 401, "msg": "bad key", "message": "x"}, "bad key", id="msg-first"),
        pytest.param({"code": 401}, '{"code": 401}', id="no-text-shows-the-body"),
    ],
)
def test_business_envelope_text_in_either_spelling(
    api: respx.MockRouter, lx: LiangXin, body: dict[str, Any], message: str
) -> None:
    api.post(CREATE).respond(401, text=json.dumps(body))
    with pytest.raises(AuthenticationError) as caught:
        lx.submit(REQUEST)
    assert caught.value.message == message
    assert caught.value.code == 401


def test_status_python_does_not_know_is_an_api_error(api: respx.MockRouter, lx: LiangXin) -> None:
    # The generated ``sync_detailed`` raises ValueError here (``HTTPStatus(455)``).
    api.get(RECORD).respond(455, json=business_error(455, "service under maintenance"))
    with pytest.raises(ApiError) as caught:
        lx.get(TASK_ID)
    assert type(caught.value) is ApiError
    assert caught.value.message == "service under maintenance"


@pytest.mark.parametrize(
    ("body", "code", "error"),
    [
        pytest.param(business_error(500, "Server Error - upstream"), 500, ServerError, id="500"),
        pytest.param(business_error(429, "Rate limit exceeded"), 429, RateLimitError, id="429"),
        pytest.param(business_error(401, "Unauthorized"), 401, AuthenticationError, id="401"),
        pytest.param({"code": 402, "message": "Insufficient credits"}, 402, ApiError, id="402"),
    ],
)
def test_http_200_with_an_error_code_in_the_body(
    api: respx.MockRouter, lx: LiangXin, body: dict[str, Any], code: int, error: type[ApiError]
) -> None:
    api.get(RECORD).respond(200, json=body)
    with pytest.raises(error) as caught:
        lx.get(TASK_ID)
    assert (caught.value.status_code, caught.value.code) == (200, code)
    assert caught.value.message == body.get("msg", body.get("message"))


SUBMIT_BAD_200 = [
    pytest.param("<html>hello</html>", "not JSON", id="html"),
    pytest.param("[]", "not a JSON object but list", id="list"),
    pytest.param('{"msg": "success"}', "missing key 'code'", id="no-code"),
    pytest.param('{"code": 200, "msg": "success"}', "'data' is not a CreateTaskData", id="no-data"),
    pytest.param('{"code": 200, "data": {"id": "x"}}', "'data' is not a CreateTaskData", id="data"),
]


@pytest.mark.parametrize(("text", "reason"), SUBMIT_BAD_200)
def test_create_200_not_matching_the_spec_is_a_parse_error(
    api: respx.MockRouter, lx: LiangXin, text: str, reason: str
) -> None:
    api.post(CREATE).respond(200, text=text)
    with pytest.raises(ResponseParseError) as caught:
        lx.submit(REQUEST)
    exc = caught.value
    assert (exc.status_code, exc.text) == (200, text)
    assert reason in exc.reason
    assert repr(text) in str(exc)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(None, "'data' is not a TaskRecord: None", id="null-data"),
        pytest.param({"taskId": TASK_ID}, "'data' is not a TaskRecord", id="partial-record"),
        pytest.param(record(state="done"), "'data' is not a TaskRecord", id="unknown-state"),
        pytest.param(record("success", resultJson="{x"), "resultJson is not JSON", id="result"),
        pytest.param(record(param="[]"), "param is not a JSON object", id="param"),
    ],
)
def test_record_200_not_matching_the_spec_is_a_parse_error(
    api: respx.MockRouter, lx: LiangXin, data: dict[str, Any] | None, reason: str
) -> None:
    api.get(RECORD).respond(200, json={"code": 200, "msg": "success", "data": data})
    with pytest.raises(ResponseParseError, match=r"HTTP 200: body does not match") as caught:
        lx.get(TASK_ID)
    assert reason in caught.value.reason


def test_undeclared_success_status_is_a_parse_error(api: respx.MockRouter, lx: LiangXin) -> None:
    api.post(CREATE).respond(202, json=create_answer())
    with pytest.raises(ResponseParseError, match="undeclared status 202"):
        lx.submit(REQUEST)


@pytest.mark.parametrize(
    ("raised", "maybe_sent"),
    [
        pytest.param(httpx.ConnectError("connection refused"), False, id="connect"),
        pytest.param(httpx.ConnectTimeout("connect timeout"), False, id="connect-timeout"),
        pytest.param(httpx.ReadTimeout("read timeout"), True, id="read-timeout"),
        pytest.param(httpx.RemoteProtocolError("peer closed"), True, id="protocol"),
    ],
)
def test_httpx_errors_become_transport_errors(
    api: respx.MockRouter, lx: LiangXin, raised: httpx.HTTPError, maybe_sent: bool
) -> None:
    api.get(RECORD).mock(side_effect=raised)
    with pytest.raises(TransportError) as caught:
        lx.get(TASK_ID)
    exc = caught.value
    assert exc.__cause__ is raised
    assert exc.maybe_sent is maybe_sent
    assert exc.method == "GET"
    assert str(exc).startswith(f"{type(raised).__name__}: {raised}")
    assert f"'{exc.url}'" in str(exc)
    assert "taskId=" in exc.url


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({"Retry-After": "7"}, 7.0, id="seconds"),
        pytest.param({"Retry-After": "1.5"}, 1.5, id="fraction"),
        pytest.param({"Retry-After": "-3"}, 0.0, id="negative"),
        pytest.param(
            {
                "Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            },
            30.0,
            id="http-date",
        ),
        pytest.param({"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT"}, None, id="date-no-date"),
        pytest.param(
            {
                "Retry-After": "Wed, 21 Oct 2026 07:28:30 -0000",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            },
            None,
            id="naive-date",
        ),
        pytest.param({"Retry-After": "soon"}, None, id="garbage"),
        pytest.param({}, None, id="absent"),
    ],
)
def test_retry_after_is_read_from_the_answer(
    api: respx.MockRouter, lx: LiangXin, headers: dict[str, str], expected: float | None
) -> None:
    api.post(CREATE).respond(429, json=business_error(429, "slow down"), headers=headers)
    with pytest.raises(RateLimitError) as caught:
        lx.submit(REQUEST)
    assert caught.value.retry_after == expected
    if expected is not None:
        assert f"(retry after {expected!r}s)" in str(caught.value)


def test_task_errors_show_the_offending_values() -> None:
    failed = Task.from_dict(record("fail"))
    stuck = Task.from_dict(record("generating"))

    assert str(TaskFailedError(failed)) == (
        f"task {TASK_ID!r} failed: failCode='500', failMsg='Internal server error'"
    )
    assert str(WaitTimeoutError(TASK_ID, stuck, 60.0)) == (
        f"task {TASK_ID!r} still in state 'generating' after 60.0s"
    )
    assert str(WaitTimeoutError(TASK_ID, None, 60.0)).endswith("still in state None after 60.0s")


def test_every_error_is_a_liangxin_error(api: respx.MockRouter, lx: LiangXin) -> None:
    api.post(CREATE).respond(400, json=record_answer())  # a record where an error belongs
    with pytest.raises(LiangXinError):
        lx.submit(REQUEST)
