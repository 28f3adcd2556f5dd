"""``LiangXin``: what goes on the wire, retries, downloads and construction."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest
import respx
from liangxin_client.models import (
    Flux2ProInput,
    Flux2ProRequest,
    KlingShot,
    KlingV3ProInput,
    KlingV3ProRequest,
    ZImageInput,
    ZImageRequest,
)

from liangxin import (
    BadRequestError,
    FakeClock,
    LiangXin,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
)
from liangxin.types import TaskRequest
from tests.facade.conftest import NO_RETRY, MakeClient
from tests.facade.helpers import (
    API_KEY,
    BASE_URL,
    CREATE,
    RECORD,
    RESULT_URL,
    TASK_ID,
    business_error,
    create_answer,
    record_answer,
)

REQUEST = ZImageRequest(input_=ZImageInput(prompt="a red fox"))
NO_JITTER = RetryPolicy(max_attempts=4, initial_delay=0.5, multiplier=2.0, jitter=0.0)


@pytest.mark.parametrize(
    ("request_", "wire"),
    [
        pytest.param(
            ZImageRequest(
                input_=ZImageInput(prompt="a red fox", aspect_ratio="16:9"),
                call_back_url="https://hooks.example/liangxin",
            ),
            {
                "model": "z-image",
                "input": {"prompt": "a red fox", "aspect_ratio": "16:9"},
                "callBackUrl": "https://hooks.example/liangxin",
            },
            id="z-image-with-callback",
        ),
        pytest.param(
            Flux2ProRequest(input_=Flux2ProInput(prompt="a fox", width=1024, height=768)),
            {"model": "flux-2-pro", "input": {"prompt": "a fox", "width": 1024, "height": 768}},
            id="flux-2-pro",
        ),
        pytest.param(
            KlingV3ProRequest(
                input_=KlingV3ProInput(
                    duration="5",
                    multi_prompt=[
                        KlingShot(prompt="a", duration=2),
                        KlingShot(prompt="b", duration=3),
                    ],
                )
            ),
            {
                "model": "kling-v3-pro",
                "input": {
                    "duration": "5",
                    "multi_prompt": [
                        {"prompt": "a", "duration": 2},
                        {"prompt": "b", "duration": 3},
                    ],
                },
            },
            id="kling-nested-shots",
        ),
    ],
)
def test_submit_puts_the_exact_json_on_the_wire(
    api: respx.MockRouter, lx: LiangXin, request_: TaskRequest, wire: dict[str, Any]
) -> None:
    route = api.post(CREATE).respond(200, json=create_answer())

    assert lx.submit(request_) == TASK_ID

    sent = route.calls.last.request
    assert json.loads(sent.content) == wire
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"
    assert sent.headers["Content-Type"] == "application/json"
    assert str(sent.url) == f"{BASE_URL}{CREATE}"


def test_get_asks_record_info_for_the_task(api: respx.MockRouter, lx: LiangXin) -> None:
    route = api.get(RECORD, params={"taskId": TASK_ID}).respond(200, json=record_answer("queuing"))

    task = lx.get(TASK_ID)

    assert (task.task_id, task.state) == (TASK_ID, "queuing")
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("state", ["waiting", "queuing", "generating", "success", "fail"])
def test_get_parses_every_state(api: respx.MockRouter, lx: LiangXin, state: str) -> None:
    api.get(RECORD).respond(200, json=record_answer(state))
    task = lx.get(TASK_ID)
    assert task.state == state
    assert task.param is not None
    assert task.param["input"] == {"prompt": "a red fox", "aspect_ratio": "16:9"}
    assert task.result_urls == ((RESULT_URL,) if state == "success" else ())


def test_retry_on_429_honours_retry_after_then_succeeds(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    route = api.post(CREATE)
    route.side_effect = [
        httpx.Response(429, json=business_error(429, "saturated"), headers={"Retry-After": "7"}),
        httpx.Response(429, json=business_error(429, "saturated"), headers={"Retry-After": "2"}),
        httpx.Response(200, json=create_answer()),
    ]

    assert lx.submit(REQUEST) == TASK_ID
    assert clock.sleeps == [7.0, 2.0]
    assert route.call_count == 3


def test_backoff_is_exponential_without_retry_after(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    lx = make_client(retry=NO_JITTER)
    api.get(RECORD).side_effect = [httpx.Response(500, json=business_error(500, "boom"))] * 3 + [
        httpx.Response(200, json=record_answer())
    ]
    lx.get(TASK_ID)
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_jitter_comes_from_the_injected_rng(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    policy = RetryPolicy(max_attempts=4, initial_delay=1.0, jitter=0.5)
    api.get(RECORD).side_effect = [httpx.Response(503, text="busy")] * 3 + [
        httpx.Response(200, json=record_answer())
    ]
    make_client(retry=policy, seed=42).get(TASK_ID)

    rng = random.Random(42)
    assert clock.sleeps == [policy.backoff(attempt, rng) for attempt in (1, 2, 3)]
    for attempt, slept in enumerate(clock.sleeps, start=1):
        ceiling = 1.0 * 2.0 ** (attempt - 1)
        assert ceiling * 0.5 <= slept <= ceiling


def test_retries_give_up_after_the_bound(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    lx = make_client(retry=NO_JITTER)
    route = api.get(RECORD).respond(503, json=business_error(503, "maintenance"))

    with pytest.raises(ServerError) as caught:
        lx.get(TASK_ID)

    assert route.call_count == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert any("gave up after 4 attempts" in note for note in caught.value.__notes__)


def test_retry_after_beyond_the_cap_is_raised_at_once(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    route = api.post(CREATE).respond(
        429, json=business_error(429, "come back tomorrow"), headers={"Retry-After": "86400"}
    )
    with pytest.raises(RateLimitError) as caught:
        lx.submit(REQUEST)
    assert caught.value.retry_after == 86400.0
    assert route.call_count == 1
    assert clock.sleeps == []


def test_client_errors_are_not_retried(
    api: respx.MockRouter, lx: LiangXin, clock: FakeClock
) -> None:
    route = api.post(CREATE).respond(400, json=business_error(400, "input.prompt is required"))
    with pytest.raises(BadRequestError):
        lx.submit(REQUEST)
    assert route.call_count == 1
    assert clock.sleeps == []


def test_submit_is_not_retried_once_the_request_may_have_been_sent(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = api.post(CREATE).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(TransportError) as caught:
        make_client(retry=NO_JITTER).submit(REQUEST)
    assert caught.value.maybe_sent
    assert route.call_count == 1  # a retry could create a second, billed task


def test_submit_is_retried_when_the_connection_failed(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    route = api.post(CREATE)
    route.side_effect = [httpx.ConnectError("refused"), httpx.Response(200, json=create_answer())]
    assert make_client(retry=NO_JITTER).submit(REQUEST) == TASK_ID
    assert clock.sleeps == [0.5]


def test_get_is_retried_after_a_read_timeout(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    route = api.get(RECORD)
    route.side_effect = [httpx.ReadTimeout("slow"), httpx.Response(200, json=record_answer())]
    assert make_client(retry=NO_JITTER).get(TASK_ID).state == "waiting"
    assert route.call_count == 2


def test_download_from_another_host_does_not_send_the_api_key(
    api: respx.MockRouter, lx: LiangXin
) -> None:
    route = api.get(RESULT_URL).respond(200, content=b"\x89PNG...")
    assert lx.download(RESULT_URL) == b"\x89PNG..."
    assert "Authorization" not in route.calls.last.request.headers


def test_download_from_the_api_origin_keeps_the_api_key(
    api: respx.MockRouter, lx: LiangXin
) -> None:
    route = api.get("/files/0.png").respond(200, content=b"png")
    assert lx.download("/files/0.png") == b"png"
    assert lx.download(f"{BASE_URL}/files/0.png") == b"png"
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {API_KEY}"


def test_download_follows_redirects(api: respx.MockRouter, lx: LiangXin) -> None:
    signed = "https://bucket.example/0.png?sig=abc"
    api.get(RESULT_URL).respond(302, headers={"Location": signed})
    api.get(signed).respond(200, content=b"png")
    assert lx.download(RESULT_URL) == b"png"


def test_download_errors_are_mapped_and_retried(
    api: respx.MockRouter, make_client: MakeClient, clock: FakeClock
) -> None:
    api.get(RESULT_URL).side_effect = [
        httpx.Response(503, text="busy"),
        httpx.Response(404, text="<Error>NoSuchKey</Error>"),
    ]
    with pytest.raises(NotFoundError) as caught:
        make_client(retry=NO_JITTER).download(RESULT_URL)
    assert caught.value.message == f"download of {RESULT_URL!r} failed"
    assert caught.value.body == "<Error>NoSuchKey</Error>"
    assert clock.sleeps == [0.5]


def test_any_httpx_transport_can_be_plugged_in(make_client: MakeClient) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=record_answer("generating"))

    lx = make_client(transport=httpx.MockTransport(handler))
    assert lx.get(TASK_ID).state == "generating"
    assert seen[0].url.params["taskId"] == TASK_ID


def test_context_manager_closes_the_http_client() -> None:
    with LiangXin(
        API_KEY, BASE_URL, transport=httpx.MockTransport(lambda r: httpx.Response(200))
    ) as lx:
        assert not lx.api.get_httpx_client().is_closed
    assert lx.api.get_httpx_client().is_closed


def test_from_env_reads_key_and_base_url(api: respx.MockRouter) -> None:
    route = api.get(RECORD).respond(200, json=record_answer())
    env = {"LIANGXIN_API_KEY": "sk-env", "LIANGXIN_BASE_URL": BASE_URL}
    with LiangXin.from_env(env, retry=NO_RETRY) as lx:
        lx.get(TASK_ID)
    assert route.calls.last.request.headers["Authorization"] == "Bearer sk-env"


def test_from_env_names_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIANGXIN_API_KEY", raising=False)
    monkeypatch.setenv("LIANGXIN_BASE_URL", BASE_URL)
    with pytest.raises(ValueError, match=r"not set: LIANGXIN_API_KEY$"):
        LiangXin.from_env()


@pytest.mark.parametrize(
    ("api_key", "base_url", "message"),
    [
        pytest.param("", BASE_URL, "api_key must be a non-empty string", id="empty-key"),
        pytest.param("  ", BASE_URL, "got '  '", id="blank-key"),
        pytest.param(API_KEY, "api.liangxin.test", "got 'api.liangxin.test'", id="no-scheme"),
        pytest.param(API_KEY, "ftp://x.test", "absolute http(s) URL", id="ftp"),
    ],
)
def test_misuse_fails_early_naming_the_value(api_key: str, base_url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        LiangXin(api_key, base_url)


def test_a_key_of_the_wrong_type_is_not_echoed() -> None:
    with pytest.raises(TypeError, match=r"^api_key must be a str, got bytes$"):
        LiangXin(b"sk-live-secret", BASE_URL)  # type: ignore[arg-type]


def test_empty_task_id_is_refused_before_any_request(lx: LiangXin) -> None:
    with pytest.raises(ValueError, match="task_id must be a non-empty string, got ''"):
        lx.get("")


def test_base_url_with_a_path_prefix() -> None:
    with respx.mock(base_url="https://gw.example/liangxin") as router:
        route = router.get(RECORD).respond(200, json=record_answer())
        lx = LiangXin(API_KEY, "https://gw.example/liangxin/", retry=NO_RETRY)
        lx.get(TASK_ID)
        lx.close()
    assert route.calls.last.request.url.path == f"/liangxin{RECORD}"
