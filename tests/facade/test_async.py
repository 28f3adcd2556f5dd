"""``AsyncLiangXin``: the main paths of ``LiangXin``, awaited."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from liangxin_client.models import ZImageInput, ZImageRequest

from liangxin import (
    AsyncFakeClock,
    AsyncLiangXin,
    AuthenticationError,
    PollSchedule,
    RateLimitError,
    ResponseParseError,
    RetryPolicy,
    TaskFailedError,
    TaskNotFoundError,
    TransportError,
    WaitTimeoutError,
)
from tests.facade.conftest import NO_RETRY, MakeAsyncClient
from tests.facade.helpers import (
    API_KEY,
    BASE_URL,
    CREATE,
    RECORD,
    RESULT_URL,
    TASK_ID,
    business_error,
    create_answer,
    gateway_error,
    record_answer,
)

pytestmark = pytest.mark.anyio

REQUEST = ZImageRequest(input_=ZImageInput(prompt="a red fox", aspect_ratio="1:1"))
EVERY_4S = PollSchedule.fixed(4.0)


@pytest.fixture
def alx(make_async_client: MakeAsyncClient) -> AsyncLiangXin:
    return make_async_client()


async def test_submit_puts_the_exact_json_on_the_wire(
    api: respx.MockRouter, alx: AsyncLiangXin
) -> None:
    route = api.post(CREATE).respond(200, json=create_answer())

    assert await alx.submit(REQUEST) == TASK_ID

    sent = route.calls.last.request
    assert json.loads(sent.content) == {
        "model": "z-image",
        "input": {"prompt": "a red fox", "aspect_ratio": "1:1"},
    }
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("state", ["waiting", "queuing", "generating", "success", "fail"])
async def test_get_parses_every_state(
    api: respx.MockRouter, alx: AsyncLiangXin, state: str
) -> None:
    api.get(RECORD, params={"taskId": TASK_ID}).respond(200, json=record_answer(state))
    task = await alx.get(TASK_ID)
    assert task.state == state
    assert task.param is not None
    assert task.param["input"]["prompt"] == "a red fox"


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        pytest.param(401, gateway_error("invalid token"), AuthenticationError, id="401-gateway"),
        pytest.param(422, business_error(422, "recordInfo is null"), TaskNotFoundError, id="422"),
        pytest.param(200, {"code": 200, "data": {"x": 1}}, ResponseParseError, id="bad-200"),
    ],
)
async def test_errors_map_as_in_the_sync_client(
    api: respx.MockRouter,
    make_async_client: MakeAsyncClient,
    status: int,
    body: dict[str, object],
    error: type[Exception],
) -> None:
    api.get(RECORD).respond(status, json=body)
    with pytest.raises(error):
        await make_async_client(retry=NO_RETRY).get(TASK_ID)


async def test_retry_on_429_honours_retry_after(
    api: respx.MockRouter, alx: AsyncLiangXin, async_clock: AsyncFakeClock
) -> None:
    api.post(CREATE).side_effect = [
        httpx.Response(429, json=business_error(429, "saturated"), headers={"Retry-After": "3"}),
        httpx.Response(200, json=create_answer()),
    ]
    assert await alx.submit(REQUEST) == TASK_ID
    assert async_clock.sleeps == [3.0]


async def test_retries_give_up_after_the_bound(
    api: respx.MockRouter, make_async_client: MakeAsyncClient, async_clock: AsyncFakeClock
) -> None:
    policy = RetryPolicy(max_attempts=3, jitter=0.0)
    route = api.post(CREATE).respond(429, json=business_error(429, "saturated"))
    with pytest.raises(RateLimitError):
        await make_async_client(retry=policy).submit(REQUEST)
    assert route.call_count == 3
    assert async_clock.sleeps == [0.5, 1.0]


async def test_transport_errors_are_wrapped(api: respx.MockRouter, alx: AsyncLiangXin) -> None:
    api.post(CREATE).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(TransportError) as caught:
        await alx.submit(REQUEST)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


async def test_wait_follows_the_schedule(
    api: respx.MockRouter, alx: AsyncLiangXin, async_clock: AsyncFakeClock
) -> None:
    api.get(RECORD).side_effect = [
        httpx.Response(200, json=record_answer(state))
        for state in ("waiting", "generating", "success")
    ]
    task = await alx.wait(TASK_ID, poll=EVERY_4S)
    assert task.result_urls == (RESULT_URL,)
    assert async_clock.sleeps == [4.0, 4.0]


async def test_wait_default_schedule_starts_at_2_to_3_seconds(
    api: respx.MockRouter, alx: AsyncLiangXin, async_clock: AsyncFakeClock
) -> None:
    api.get(RECORD).side_effect = [
        httpx.Response(200, json=record_answer("generating")),
        httpx.Response(200, json=record_answer("success")),
    ]
    await alx.wait(TASK_ID)
    assert len(async_clock.sleeps) == 1
    assert 2.0 <= async_clock.sleeps[0] <= 3.0


async def test_wait_times_out(
    api: respx.MockRouter, alx: AsyncLiangXin, async_clock: AsyncFakeClock
) -> None:
    api.get(RECORD).respond(200, json=record_answer("queuing"))
    with pytest.raises(WaitTimeoutError) as caught:
        await alx.wait(TASK_ID, timeout=10.0, poll=EVERY_4S)
    assert async_clock.sleeps == [4.0, 4.0, 2.0]
    assert caught.value.last_task is not None
    assert caught.value.last_task.state == "queuing"


async def test_wait_raises_on_fail(api: respx.MockRouter, alx: AsyncLiangXin) -> None:
    api.get(RECORD).respond(200, json=record_answer("fail"))
    with pytest.raises(TaskFailedError, match="failMsg='Internal server error'"):
        await alx.wait(TASK_ID)
    task = await alx.wait(TASK_ID, raise_on_fail=False)
    assert task.state == "fail"


async def test_run_submits_then_waits(
    api: respx.MockRouter, alx: AsyncLiangXin, async_clock: AsyncFakeClock
) -> None:
    api.post(CREATE).respond(200, json=create_answer())
    api.get(RECORD).side_effect = [
        httpx.Response(200, json=record_answer("generating")),
        httpx.Response(200, json=record_answer("success")),
    ]
    task = await alx.run(REQUEST, poll=EVERY_4S)
    assert task.succeeded
    assert async_clock.sleeps == [4.0]


async def test_download(api: respx.MockRouter, alx: AsyncLiangXin) -> None:
    route = api.get(RESULT_URL).respond(200, content=b"\x89PNG")
    assert await alx.download(RESULT_URL) == b"\x89PNG"
    assert "Authorization" not in route.calls.last.request.headers


async def test_any_async_transport_can_be_plugged_in() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        return httpx.Response(200, json=record_answer("success"))

    transport = httpx.MockTransport(handler)
    async with AsyncLiangXin(API_KEY, BASE_URL, transport=transport) as alx:
        assert (await alx.get(TASK_ID)).succeeded
    assert alx.api.get_async_httpx_client().is_closed


async def test_from_env(api: respx.MockRouter) -> None:
    route = api.get(RECORD).respond(200, json=record_answer())
    env = {"LIANGXIN_API_KEY": "sk-env", "LIANGXIN_BASE_URL": BASE_URL}
    async with AsyncLiangXin.from_env(env) as alx:
        await alx.get(TASK_ID)
    assert route.calls.last.request.headers["Authorization"] == "Bearer sk-env"
