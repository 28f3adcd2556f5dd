"""The mock's error answers over HTTP (in-process, fake clock): status, envelope, message.

Every error body is validated against the spec's ``ErrorResponse`` and every 200 against
``CreateTaskResponse``/``RecordInfoResponse`` (see ``tests/mock/_http_support.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from mock_server.app import create_app
from mock_server.clock import FakeClock
from mock_server.settings import DEFAULT_API_KEY, Settings
from mock_server.spec import Spec
from mock_server.testing import running
from mock_server.validation import RequestValidator
from tests.mock._http_support import (
    ADMIN,
    CREATE,
    RECORD,
    MockFactory,
    assert_business_error,
    assert_gateway_error,
    create_task,
    get_record,
    image_body,
    start_mock,
)

pytestmark = pytest.mark.anyio

JsonObject = dict[str, Any]


@pytest.fixture
def mock_factory() -> MockFactory:
    return start_mock


async def _credits(client: httpx.AsyncClient, key: str = DEFAULT_API_KEY) -> float:
    response = await client.get("/_mock/credits", params={"apiKey": key}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return float(response.json()["credits"])


async def _task_count(client: httpx.AsyncClient) -> int:
    response = await client.get("/_mock/tasks", headers=ADMIN)
    assert response.status_code == 200, response.text
    return int(response.json()["count"])


# ---------------------------------------------------------------- 400: the body


INVALID_BODIES = [
    pytest.param(
        {"model": "z-image", "input": {"prompt": "fox", "aspect_ratio": "2:1"}},
        "input.aspect_ratio: '2:1' is not one of",
        id="bad-enum",
    ),
    pytest.param({"model": "z-image", "input": {}}, "input.prompt is required", id="no-prompt"),
    pytest.param(
        {"model": "z-image", "input": {"prompt": "fox", "seed": "42"}},
        "input.seed: '42' is not of type integer",
        id="string-for-integer",
    ),
    pytest.param(
        {"model": "flux-2-pro", "input": {"prompt": "fox", "width": 512}},
        "input.height is required when input.width is given",
        id="flux-width-alone",
    ),
    pytest.param(
        {"model": "nano-banana-pro", "input": {"prompt": "fox", "output_format": "jpeg"}},
        "input.output_format: 'jpeg' is not one of ['png']",
        id="nano-png-only",
    ),
    pytest.param(
        {"model": "kling-v3-pro", "input": {"multi_prompt": [{"prompt": "a", "duration": 2}]}},
        "input.multi_prompt: shot durations add up to 2, but input.duration is 5 (default)",
        id="kling-shot-sum",
    ),
    pytest.param(
        {"model": "z-image", "input": {"prompt": "fox"}, "callBackUrl": "nope"},
        "callBackUrl: 'nope' is not a valid uri",
        id="callback-not-uri",
    ),
    pytest.param(
        {"model": "z-image", "input": {"prompt": "fox"}, "extra": True},
        "extra is not allowed (unknown field)",
        id="unknown-top-level",
    ),
    pytest.param(
        {"model": "imagen4-ultra", "input": {"prompt": "fox", "seed": 0, "language": "fr"}},
        "input.seed: 0 must be at least 1; input.language: 'fr' is not one of",
        id="two-problems",
    ),
]


@pytest.mark.parametrize(("body", "start"), INVALID_BODIES)
async def test_invalid_field_is_400_with_the_validator_message(
    mock_factory: MockFactory, spec: Spec, body: JsonObject, start: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        message = assert_business_error(await client.post(CREATE, json=body), 400)
        assert await _task_count(client) == 0
    assert message.startswith(start)
    assert message == "; ".join(RequestValidator(spec).problems(body))


async def test_bad_enum_message_names_field_value_and_allowed(
    mock_factory: MockFactory, spec: Spec
) -> None:
    allowed = spec.enum_of(spec.models["z-image"].field("aspect_ratio"))
    async with mock_factory() as mock, mock.http() as client:
        body = {"model": "z-image", "input": {"prompt": "fox", "aspect_ratio": "2:1"}}
        message = assert_business_error(await client.post(CREATE, json=body), 400)
    assert message == f"input.aspect_ratio: '2:1' is not one of {allowed!r}"


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        pytest.param({"model": "dall-e-3", "input": {"prompt": "fox"}}, "'dall-e-3'", id="unknown"),
        pytest.param({"model": 7, "input": {"prompt": "fox"}}, "7", id="not-a-string"),
    ],
)
async def test_unsupported_model_is_400_listing_the_models(
    mock_factory: MockFactory, spec: Spec, body: JsonObject, shown: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        message = assert_business_error(await client.post(CREATE, json=body), 400)
    assert message == f"model: {shown} is not supported; supported models: {sorted(spec.models)!r}"


async def test_missing_model_is_400(mock_factory: MockFactory, spec: Spec) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(CREATE, json={"input": {"prompt": "fox"}})
        message = assert_business_error(response, 400)
    assert message == f"model is required; supported models: {sorted(spec.models)!r}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b'{"model": "z-image",\n "input": {"prompt": }}',
            "body: malformed JSON at line 2 column 22: Expecting value",
            id="missing-value",
        ),
        pytest.param(
            b'{"model": "z-image", "input": {"prompt": "fox"},}',
            # The reason changed in Python 3.13 ("Illegal trailing comma ..."): position only.
            "body: malformed JSON at line 1 column 49: ",
            id="trailing-comma",
        ),
        pytest.param(
            b"{'model': 'z-image'}",
            "body: malformed JSON at line 1 column 2: Expecting property name enclosed in "
            "double quotes",
            id="single-quotes",
        ),
        pytest.param(b"", "body: malformed JSON at line 1 column 1: Expecting value", id="empty"),
        pytest.param(
            b'{"model": "z-image"',
            "body: malformed JSON at line 1 column 20: Expecting ',' delimiter",
            id="truncated",
        ),
        pytest.param(
            b'{"model": "z-image"} {}',
            "body: malformed JSON at line 1 column 22: Extra data",
            id="two-documents",
        ),
        pytest.param(
            b'{"model": "kling-v3-pro", "input": {"prompt": "a", "cfg_scale": NaN}}',
            "body: malformed JSON: NaN is not a JSON value",
            id="nan",
        ),
        pytest.param(
            b'{"model": "z-image", "input": {"prompt": "a", "seed": -Infinity}}',
            "body: malformed JSON: -Infinity is not a JSON value",
            id="minus-infinity",
        ),
        pytest.param(
            # Python reads 1e400 as infinity; jsonschema-rs then reported "None is not of
            # type integer", which named the wrong value.
            b'{"model": "z-image", "input": {"prompt": "a", "seed": 1e400}}',
            "body: the number 1e400 is out of range (larger than a double)",
            id="number-out-of-range",
        ),
        pytest.param(
            # Was accepted, and then every recordInfo of the task answered 500: the record
            # could not be written as UTF-8.
            b'{"model": "z-image", "input": {"prompt": "a \\ud800 b"}}',
            "body: malformed JSON: the string 'a \\ud800 b' holds a lone surrogate \\ud800, "
            "which is not a character",
            id="lone-surrogate",
        ),
    ],
)
async def test_malformed_json_is_400_naming_where(
    mock_factory: MockFactory, content: bytes, message: str
) -> None:
    headers = {"Content-Type": "application/json"}
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(CREATE, content=content, headers=headers)
        actual = assert_business_error(response, 400)
    if message.endswith(": "):
        assert actual.startswith(message)
        assert len(actual) > len(message)
    else:
        assert actual == message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            '{"model": "z-image", "input": {"prompt": "café"}}'.encode("latin-1"),
            "body: not UTF-8 JSON (invalid continuation byte at byte 45)",
            id="latin-1",
        ),
        pytest.param(
            json.dumps(image_body()).encode("utf-16"),
            "body: not UTF-8 JSON (invalid start byte at byte 0)",
            id="utf-16-with-bom",
        ),
        pytest.param(
            b'{"model": "z-image", "input": {"prompt": "\xff\xfe"}}',
            "body: not UTF-8 JSON (invalid start byte at byte 42)",
            id="stray-bytes",
        ),
    ],
)
async def test_non_utf8_body_is_400(
    mock_factory: MockFactory, content: bytes, message: str
) -> None:
    headers = {"Content-Type": "application/json"}
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(CREATE, content=content, headers=headers)
        assert assert_business_error(response, 400) == message
        assert await _task_count(client) == 0


async def test_utf16_without_bom_is_not_json(mock_factory: MockFactory) -> None:
    # Python's json.loads(bytes) would sniff UTF-16 and accept it; JSON over HTTP is UTF-8.
    content = json.dumps(image_body()).encode("utf-16-le")
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(
            CREATE, content=content, headers={"Content-Type": "application/json"}
        )
        assert assert_business_error(response, 400).startswith("body: malformed JSON at line 1")


async def test_integers_beyond_64_bits_are_kept_exactly(mock_factory: MockFactory) -> None:
    seed = 123456789012345678901234567890  # the schema sets no maximum for z-image's seed
    body = {"model": "z-image", "input": {"prompt": "a fox", "seed": seed}}
    async with mock_factory() as mock, mock.http() as client:
        task_id = await create_task(client, body)
        record = await get_record(client, task_id)
    assert f'"seed":{seed}' in record["param"]
    assert json.loads(record["param"]) == body


async def test_a_surrogate_pair_is_one_character(mock_factory: MockFactory) -> None:
    content = b'{"model": "z-image", "input": {"prompt": "fox \\ud83e\\udd8a"}}'
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(
            CREATE, content=content, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.text
        record = await get_record(client, response.json()["data"]["taskId"])
    assert json.loads(record["param"])["input"]["prompt"] == "fox 🦊"


async def test_non_ascii_utf8_prompt_is_accepted(mock_factory: MockFactory) -> None:
    body = image_body(prompt="一只在雪地里的红狐狸 🦊")
    async with mock_factory() as mock, mock.http() as client:
        task_id = await create_task(client, body)
        record = await get_record(client, task_id)
    assert json.loads(record["param"]) == body


@pytest.mark.parametrize(
    "body",
    [
        pytest.param([image_body()], id="list"),
        pytest.param("z-image", id="string"),
        pytest.param(None, id="null"),
        pytest.param(12, id="number"),
    ],
)
async def test_body_not_an_object_is_400(mock_factory: MockFactory, body: Any) -> None:
    headers = {"Content-Type": "application/json"}
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(CREATE, content=json.dumps(body).encode(), headers=headers)
        message = assert_business_error(response, 400)
    assert message.startswith(f"body: must be a JSON object, got {type(body).__name__} ")


# ---------------------------------------------------------------- 415 and 413


@pytest.mark.parametrize(
    ("content_type", "shown"),
    [
        pytest.param("text/plain", "'text/plain'", id="text-plain"),
        pytest.param(
            "application/x-www-form-urlencoded", "'application/x-www-form-urlencoded'", id="form"
        ),
        pytest.param(
            "multipart/form-data; boundary=x", "'multipart/form-data; boundary=x'", id="multipart"
        ),
        pytest.param("application/jsonx", "'application/jsonx'", id="json-lookalike"),
        pytest.param(None, "'(none)'", id="no-content-type"),
    ],
)
async def test_non_json_content_type_is_415(
    mock_factory: MockFactory, content_type: str | None, shown: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    async with mock_factory() as mock, mock.http() as client:
        content = json.dumps(image_body()).encode()
        response = await client.post(CREATE, content=content, headers=headers)
        message = assert_business_error(response, 415)
        assert await _task_count(client) == 0
    assert message == f"Content-Type: {shown} is not supported; send application/json"


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("application/json; charset=utf-8", id="with-charset"),
        pytest.param("Application/JSON", id="upper-case"),
    ],
)
async def test_json_content_type_variants_are_accepted(
    mock_factory: MockFactory, content_type: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post(
            CREATE,
            content=json.dumps(image_body()).encode(),
            headers={"Content-Type": content_type},
        )
        assert response.status_code == 200, response.text


def _padded_body(size: int) -> bytes:
    """A valid createTask body of exactly ``size`` bytes (padded with trailing spaces)."""
    raw = json.dumps(image_body()).encode()
    assert len(raw) <= size
    return raw + b" " * (size - len(raw))


async def test_body_over_the_limit_with_content_length_is_413(mock_factory: MockFactory) -> None:
    limit = 256
    async with mock_factory(max_body_bytes=limit) as mock, mock.http() as client:
        response = await client.post(
            CREATE, content=_padded_body(limit + 1), headers={"Content-Type": "application/json"}
        )
        message = assert_business_error(response, 413)
        assert await _task_count(client) == 0
    assert message == f"body: {limit + 1} bytes is too large; at most {limit} bytes"


async def test_body_over_the_limit_without_content_length_is_413(
    mock_factory: MockFactory,
) -> None:
    limit = 256

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b" " * 40  # whitespace: valid JSON padding, so only the size can fail

    async with mock_factory(max_body_bytes=limit) as mock, mock.http() as client:
        request = client.build_request(
            "POST", CREATE, content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert "content-length" not in request.headers
        assert request.headers["transfer-encoding"] == "chunked"
        message = assert_business_error(await client.send(request), 413)
    assert message == f"body: more than {limit} bytes is too large"


async def test_streamed_body_within_the_limit_is_accepted(mock_factory: MockFactory) -> None:
    raw = json.dumps(image_body()).encode()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(raw), 7):
            yield raw[start : start + 7]

    async with mock_factory(max_body_bytes=len(raw)) as mock, mock.http() as client:
        response = await client.post(
            CREATE, content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.text


async def test_body_exactly_at_the_limit_is_accepted(mock_factory: MockFactory) -> None:
    limit = 256
    async with mock_factory(max_body_bytes=limit) as mock, mock.http() as client:
        response = await client.post(
            CREATE, content=_padded_body(limit), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.text


# ---------------------------------------------------------------- 401


BAD_AUTHORIZATION = [
    pytest.param(None, "missing Authorization header", id="missing"),
    pytest.param("Bearer wrong-key", "unknown API key", id="wrong-key"),
    pytest.param("Bearer", "must be 'Bearer <key>'", id="bearer-without-key"),
    pytest.param("Bearer    ", "must be 'Bearer <key>'", id="bearer-blank-key"),
    pytest.param("Basic bW9jay1rZXk6", "must be 'Bearer <key>'", id="basic-auth"),
    pytest.param(DEFAULT_API_KEY, "must be 'Bearer <key>'", id="key-without-scheme"),
    pytest.param(f"Token {DEFAULT_API_KEY}", "must be 'Bearer <key>'", id="other-scheme"),
    pytest.param(f"Bearer {DEFAULT_API_KEY}x", "unknown API key", id="key-plus-one-char"),
]


def _auth_headers(authorization: str | None) -> dict[str, str]:
    return {"Authorization": authorization} if authorization is not None else {}


@pytest.mark.parametrize(("authorization", "reason"), BAD_AUTHORIZATION)
async def test_create_task_without_a_valid_key_is_401(
    mock_factory: MockFactory, authorization: str | None, reason: str
) -> None:
    async with mock_factory() as mock, mock.http(authorize=False) as client:
        response = await client.post(
            CREATE, json=image_body(), headers=_auth_headers(authorization)
        )
        message = assert_gateway_error(response, 401)
    assert message.startswith("invalid token: ")
    assert reason in message


@pytest.mark.parametrize(("authorization", "reason"), BAD_AUTHORIZATION)
async def test_record_info_without_a_valid_key_is_401(
    mock_factory: MockFactory, authorization: str | None, reason: str
) -> None:
    async with mock_factory() as mock:
        async with mock.http() as owner:
            task_id = await create_task(owner)
        async with mock.http(authorize=False) as client:
            response = await client.get(
                RECORD, params={"taskId": task_id}, headers=_auth_headers(authorization)
            )
            message = assert_gateway_error(response, 401)
    assert message.startswith("invalid token: ")
    assert reason in message


async def test_401_comes_before_any_look_at_the_body(mock_factory: MockFactory) -> None:
    async with mock_factory(max_body_bytes=10) as mock, mock.http(authorize=False) as client:
        response = await client.post(CREATE, content=b"\xff" * 100)
        assert_gateway_error(response, 401)
        assert_gateway_error(await client.get(RECORD), 401)


async def test_401_does_not_show_the_whole_key(mock_factory: MockFactory) -> None:
    secret = "sk-live-0123456789abcdef"
    async with mock_factory() as mock, mock.http(api_key=secret) as client:
        message = assert_gateway_error(await client.post(CREATE, json=image_body()), 401)
    assert secret not in message
    assert "unknown API key" in message


async def test_scheme_is_case_insensitive(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http(authorize=False) as client:
        headers = {"Authorization": f"bearer {DEFAULT_API_KEY}"}
        response = await client.post(CREATE, json=image_body(), headers=headers)
        assert response.status_code == 200, response.text


# ---------------------------------------------------------------- 403: quota


async def test_insufficient_quota_is_403_naming_the_model(mock_factory: MockFactory) -> None:
    async with (
        mock_factory(initial_credits=2.0, costs={"z-image": 1.5}) as mock,
        mock.http() as client,
    ):
        task_id = await create_task(client)
        assert (await get_record(client, task_id))["creditsConsumed"] == 1.5
        assert await _credits(client) == 0.5

        response = await client.post(CREATE, json=image_body())
        message = assert_gateway_error(response, 403, code="insufficient_user_quota")
        assert message == "insufficient quota: 'z-image' costs 1.5 credits, 0.5 left for this key"
        assert await _credits(client) == 0.5
        assert await _task_count(client) == 1


async def test_quota_by_output_kind(mock_factory: MockFactory) -> None:
    video = {"model": "kling-v3-pro", "input": {"prompt": "a slow pan over hills"}}
    async with (
        mock_factory(initial_credits=5.0, costs={"image": 1.0, "video": 10.0}) as mock,
        mock.http() as client,
    ):
        message = assert_gateway_error(
            await client.post(CREATE, json=video), 403, code="insufficient_user_quota"
        )
        assert "'kling-v3-pro' costs 10 credits, 5 left" in message
        assert await _credits(client) == 5.0
        await create_task(client, image_body())  # an image still fits
        assert await _credits(client) == 4.0


async def test_quota_is_per_key(mock_factory: MockFactory) -> None:
    async with mock_factory(api_keys=("a", "b"), initial_credits=1.0) as mock:
        async with mock.http(api_key="a") as a:
            await create_task(a)
            assert_gateway_error(
                await a.post(CREATE, json=image_body()), 403, code="insufficient_user_quota"
            )
        async with mock.http(api_key="b") as b:
            await create_task(b)
            assert await _credits(b, "a") == 0.0
            assert await _credits(b, "b") == 0.0


async def test_a_free_model_needs_no_credits(mock_factory: MockFactory) -> None:
    async with (
        mock_factory(initial_credits=0.0, costs={"z-image": 0.0, "image": 1.0}) as mock,
        mock.http() as client,
    ):
        await create_task(client)
        message = assert_gateway_error(
            await client.post(CREATE, json=image_body(model="seedream-v4-5")),
            403,
            code="insufficient_user_quota",
        )
        assert "'seedream-v4-5'" in message


async def test_invalid_body_is_not_charged(mock_factory: MockFactory) -> None:
    async with mock_factory(initial_credits=3.0) as mock, mock.http() as client:
        bad = {"model": "z-image", "input": {"prompt": ""}}
        assert_business_error(await client.post(CREATE, json=bad), 400)
        assert await _credits(client) == 3.0


# ---------------------------------------------------------------- 429: rate limit


def _retry_after(response: httpx.Response) -> int:
    value = response.headers["Retry-After"]
    assert value.isdigit(), value
    seconds = int(value)
    assert seconds >= 1
    return seconds


async def test_21st_create_in_10_seconds_is_429_until_the_window_moves(
    mock_factory: MockFactory,
) -> None:
    settings = Settings()
    assert (settings.rate_limit, settings.rate_window_s) == (20, 10.0)  # the kie analog
    async with mock_factory() as mock, mock.http() as client:
        for _ in range(settings.rate_limit):
            await create_task(client)
        response = await client.post(CREATE, json=image_body())
        message = assert_business_error(response, 429)
        assert "more than 20 createTask requests in 10 s" in message
        assert _retry_after(response) == 10

        await mock.advance(3)
        response = await client.post(CREATE, json=image_body())
        assert_business_error(response, 429)
        assert _retry_after(response) == 7

        await mock.advance(7)
        await create_task(client)
        assert await _task_count(client) == settings.rate_limit + 1


async def test_recordinfo_is_not_rate_limited(mock_factory: MockFactory) -> None:
    async with mock_factory(rate_limit=1) as mock, mock.http() as client:
        task_id = await create_task(client)
        assert_business_error(await client.post(CREATE, json=image_body()), 429)
        for _ in range(5):
            await get_record(client, task_id)


async def test_retry_after_rounds_up_to_whole_seconds(mock_factory: MockFactory) -> None:
    async with mock_factory(rate_limit=2, rate_window_s=1.5) as mock, mock.http() as client:
        await create_task(client)
        await create_task(client)
        response = await client.post(CREATE, json=image_body())
        assert_business_error(response, 429)
        assert _retry_after(response) == math.ceil(1.5)
        await mock.advance(1.4)
        response = await client.post(CREATE, json=image_body())
        assert _retry_after(response) == 1  # 0.1 s left is still at least one second
        await mock.advance(0.1)
        await create_task(client)


async def test_rate_limit_is_per_key(mock_factory: MockFactory) -> None:
    async with mock_factory(api_keys=("a", "b"), rate_limit=2) as mock:
        async with mock.http(api_key="a") as a:
            await create_task(a)
            await create_task(a)
            assert_business_error(await a.post(CREATE, json=image_body()), 429)
        async with mock.http(api_key="b") as b:
            await create_task(b)


async def test_rate_limit_zero_disables_it(mock_factory: MockFactory) -> None:
    async with mock_factory(rate_limit=0) as mock, mock.http() as client:
        for _ in range(50):
            await create_task(client)
        assert await _task_count(client) == 50


# ---------------------------------------------------------------- recordInfo


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="no-parameter"),
        pytest.param({"taskId": ""}, id="empty"),
        pytest.param({"taskId": "   "}, id="blank"),
        pytest.param({"task_id": "task_z-image_1"}, id="wrong-parameter-name"),
    ],
)
async def test_record_info_without_task_id_is_400(
    mock_factory: MockFactory, params: dict[str, str]
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        message = assert_business_error(await client.get(RECORD, params=params), 400)
    assert message.startswith("taskId is required")


async def test_unknown_task_is_422_record_info_is_null(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.get(RECORD, params={"taskId": "task_z-image_1"})
        message = assert_business_error(response, 422)
    assert message == "recordInfo is null: no task with taskId 'task_z-image_1'"


async def test_task_of_another_key_is_not_visible(mock_factory: MockFactory) -> None:
    async with mock_factory(api_keys=("owner", "other")) as mock:
        async with mock.http(api_key="owner") as owner:
            task_id = await create_task(owner)
            await get_record(owner, task_id)
        async with mock.http(api_key="other") as other:
            response = await other.get(RECORD, params={"taskId": task_id})
            message = assert_business_error(response, 422)
    assert message == f"recordInfo is null: no task with taskId {task_id!r}"


async def test_successful_answers_follow_the_spec(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        task_id = await create_task(client)  # validates CreateTaskResponse
        states = []
        for _ in range(10):
            record = await get_record(client, task_id)  # validates RecordInfoResponse
            states.append(record["state"])
            if record["state"] == "success":
                break
            await mock.advance(3)
    assert states[0] == "waiting"
    assert states[-1] == "success"


# ---------------------------------------------------------------- routing


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("GET", "/api/v1/jobs/nope", id="unknown-job-route"),
        pytest.param("POST", "/api/v1/jobs/createtask", id="wrong-case"),
        pytest.param("GET", "/", id="root"),
        pytest.param("GET", "/_mock/nothing", id="unknown-admin-route"),
    ],
)
async def test_unknown_route_is_404_business_envelope(
    mock_factory: MockFactory, method: str, path: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        message = assert_business_error(await client.request(method, path), 404)
    assert message == f"{method} {path}: Not Found"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        pytest.param("GET", CREATE, "POST", id="get-create-task"),
        pytest.param("PUT", CREATE, "POST", id="put-create-task"),
        pytest.param("POST", RECORD, "GET", id="post-record-info"),
        pytest.param("DELETE", RECORD, "GET", id="delete-record-info"),
    ],
)
async def test_wrong_method_is_405_business_envelope(
    mock_factory: MockFactory, method: str, path: str, allowed: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.request(method, path)
        message = assert_business_error(response, 405)
    assert message == f"{method} {path}: Method Not Allowed"
    assert allowed in response.headers["Allow"]


async def test_unexpected_crash_is_500_business_envelope(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(Settings(), clock=FakeClock())

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    async with running(app) as mock:
        monkeypatch.setattr(mock.engine, "create", explode)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        headers = {"Authorization": f"Bearer {mock.api_key}"}
        async with httpx.AsyncClient(
            transport=transport, base_url=mock.base_url, headers=headers
        ) as client:
            response = await client.post(CREATE, json=image_body())
            message = assert_business_error(response, 500)
    assert message == "internal error: RuntimeError: disk on fire"


async def test_errors_come_in_order_auth_then_rate_then_body(mock_factory: MockFactory) -> None:
    async with mock_factory(rate_limit=1) as mock, mock.http() as client:
        assert_business_error(await client.post(CREATE, json={"model": "nope"}), 400)
        # The invalid request used the one slot of the window.
        assert_business_error(await client.post(CREATE, json=image_body()), 429)
        async with mock.http(authorize=False) as anonymous:
            assert_gateway_error(await anonymous.post(CREATE, json=image_body()), 401)
