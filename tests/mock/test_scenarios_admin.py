"""Scenario rules (file and ``POST /_mock/rules``) and the ``/_mock/`` admin API.

Time only moves through the fake clock; ``jitter=0`` makes every phase last exactly its mean,
so "done" and "still generating" are exact instants, read from ``Settings().phases``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mock_server.app import create_app
from mock_server.clock import SystemClock
from mock_server.settings import DEFAULT_API_KEY, Settings
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

IMAGE = Settings().phases["image"]
#: An image task with no jitter is done after exactly this many seconds.
IMAGE_DONE_S = IMAGE.total()


@pytest.fixture
def mock_factory() -> MockFactory:
    return start_mock


WriteRules = Callable[[Any], Path]


@pytest.fixture
def rules_file(tmp_path: Path) -> WriteRules:
    """``rules_file(document)``: write a YAML rules file and return its path."""

    def write(document: Any) -> Path:
        path = tmp_path / "rules.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        return path

    return write


async def add_rules(client: httpx.AsyncClient, rules: Any) -> list[JsonObject]:
    response = await client.post("/_mock/rules", json=rules, headers=ADMIN)
    assert response.status_code == 200, response.text
    return list(response.json()["rules"])


async def list_rules(client: httpx.AsyncClient) -> list[JsonObject]:
    response = await client.get("/_mock/rules", headers=ADMIN)
    assert response.status_code == 200, response.text
    return list(response.json()["rules"])


async def state_of(client: httpx.AsyncClient, task_id: str) -> str:
    return str((await get_record(client, task_id))["state"])


# ---------------------------------------------------------------- rules file


async def test_rules_file_rejects_with_429_and_retry_after(
    mock_factory: MockFactory, rules_file: WriteRules
) -> None:
    path = rules_file(
        {
            "rules": [
                {
                    "name": "saturated",
                    "match": {"model": "z-image"},
                    "reject": {"status": 429, "message": "group saturated", "retry_after": 3},
                }
            ]
        }
    )
    async with mock_factory(rules=path) as mock, mock.http() as client:
        response = await client.post(CREATE, json=image_body())
        assert assert_business_error(response, 429) == "group saturated"
        assert response.headers["Retry-After"] == "3"
        await create_task(client, image_body(model="seedream-v4-5"))  # other models pass


async def test_rules_file_may_be_json_and_a_bare_list(
    mock_factory: MockFactory, tmp_path: Path
) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps([{"reject": {"status": 500, "message": "upstream down"}}]))
    async with mock_factory(rules=path) as mock, mock.http() as client:
        response = await client.post(CREATE, json=image_body())
        assert assert_business_error(response, 500) == "upstream down"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        pytest.param(
            {"rules": [{"match": {"model": "z-image"}, "colour": "red"}]},
            "rules[0]: unknown keys ['colour']",
            id="unknown-key",
        ),
        pytest.param(
            {"rules": [{"reject": {"status": 418}}]},
            "rules[0].reject.status: 418 is not one of the declared statuses",
            id="undeclared-status",
        ),
        pytest.param(
            {"rules": [{}, {"times": 0}]},
            "rules[1].times: 0 must be a positive integer",
            id="second-rule",
        ),
        pytest.param(
            {"rules": [{"duration_factor": float("inf")}]},
            "rules[0].duration_factor: inf must be a number >= 0",
            id="infinite-duration-factor",
        ),
        pytest.param(
            {"rules": [{"match": {"prompt_contains": 42}}]},
            "rules[0].match.prompt_contains: 42 must be a string",
            id="prompt-contains-number",
        ),
    ],
)
def test_invalid_rules_file_fails_at_start_naming_the_field(
    rules_file: WriteRules, rules: Any, message: str
) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("[", r"\[").replace("]", r"\]")):
        create_app(Settings(rules=rules_file(rules)))


# ---------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("status", "envelope"),
    [
        pytest.param(400, "business", id="400"),
        pytest.param(401, "gateway", id="401"),
        pytest.param(403, "gateway", id="403"),
        pytest.param(413, "business", id="413"),
        pytest.param(422, "business", id="422"),
        pytest.param(429, "business", id="429"),
        pytest.param(500, "business", id="500"),
    ],
)
async def test_reject_with_each_declared_status(
    mock_factory: MockFactory, status: int, envelope: str
) -> None:
    message = f"scenario says {status}"
    async with mock_factory(initial_credits=5.0) as mock, mock.http() as client:
        await add_rules(client, {"reject": {"status": status, "message": message}})
        response = await client.post(CREATE, json=image_body())
        if envelope == "gateway":
            code = "insufficient_user_quota" if status == 403 else ""
            assert assert_gateway_error(response, status, code=code) == message
        else:
            assert assert_business_error(response, status) == message
        if status == 429:
            assert response.headers["Retry-After"] == "1"  # the default retry_after
        else:
            assert "Retry-After" not in response.headers
        # A rejected request creates nothing and costs nothing.
        tasks = (await client.get("/_mock/tasks", headers=ADMIN)).json()
        assert tasks["count"] == 0
        credits = await client.get("/_mock/credits", params={"apiKey": mock.api_key}, headers=ADMIN)
        assert credits.json()["credits"] == 5.0


async def test_reject_without_message_names_the_status(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, {"reject": {"status": 500}})
        message = assert_business_error(await client.post(CREATE, json=image_body()), 500)
    assert message == "rejected by scenario (HTTP 500)"


async def test_reject_429_retry_after_is_whole_seconds(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, {"reject": {"status": 429, "retry_after": 2.2}})
        response = await client.post(CREATE, json=image_body())
        assert_business_error(response, 429)
    assert response.headers["Retry-After"] == "3"


# ---------------------------------------------------------------- outcomes and timing


async def test_forced_failure_ends_in_fail_with_the_given_code_and_message(
    mock_factory: MockFactory,
) -> None:
    rule = {
        "match": {"prompt_contains": "cat"},
        "fail": {"code": "501", "message": "content policy"},
    }
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, rule)
        task_id = await create_task(client, image_body(prompt="a cat on a mat"))
        record = await get_record(client, task_id)
        for _ in range(100):
            if record["state"] in {"success", "fail"}:
                break
            await mock.advance(1)
            record = await get_record(client, task_id)
    assert record["state"] == "fail"
    assert (record["failCode"], record["failMsg"]) == ("501", "content policy")
    assert record["resultJson"] == ""
    assert record["costTime"] is None


async def test_failure_code_is_a_string_even_when_written_as_a_number(
    mock_factory: MockFactory,
) -> None:
    async with mock_factory(jitter=0.0) as mock, mock.http() as client:
        await add_rules(client, {"fail": {"code": 422}})
        task_id = await create_task(client)
        await mock.advance(IMAGE_DONE_S)
        record = await get_record(client, task_id)
    assert (record["state"], record["failCode"], record["failMsg"]) == (
        "fail",
        "422",
        "generation failed",
    )


async def test_duration_factor_zero_succeeds_at_once(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, {"duration_factor": 0})
        task_id = await create_task(client)
        record = await get_record(client, task_id)
    assert record["state"] == "success"
    assert record["completeTime"] == record["createTime"]
    assert json.loads(record["resultJson"])["resultUrls"]


async def test_duration_factor_ten_is_still_generating_when_a_normal_task_is_done(
    mock_factory: MockFactory,
) -> None:
    factor = 10
    async with mock_factory(jitter=0.0) as mock, mock.http() as client:
        await add_rules(client, {"match": {"prompt_contains": "slow"}, "duration_factor": factor})
        normal = await create_task(client, image_body(prompt="quick fox"))
        slow = await create_task(client, image_body(prompt="slow fox"))

        # The slow task starts generating after factor x (waiting + queuing).
        await mock.advance((IMAGE.waiting + IMAGE.queuing) * factor)
        assert (IMAGE.waiting + IMAGE.queuing) * factor >= IMAGE_DONE_S
        assert await state_of(client, normal) == "success"
        assert await state_of(client, slow) == "generating"

        await mock.advance(IMAGE.generating * factor - 0.001)
        assert await state_of(client, slow) == "generating"
        await mock.advance(0.001)
        assert await state_of(client, slow) == "success"


async def test_times_one_applies_once(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        rules = await add_rules(client, {"name": "once", "times": 1, "reject": {"status": 429}})
        assert rules[0]["times"] == 1
        assert_business_error(await client.post(CREATE, json=image_body()), 429)
        assert await list_rules(client) == []  # used up
        await create_task(client)
        await create_task(client)


async def test_times_two_counts_down(mock_factory: MockFactory) -> None:
    async with mock_factory(jitter=0.0) as mock, mock.http() as client:
        await add_rules(client, {"times": 2, "fail": {"code": "500", "message": "boom"}})
        first = await create_task(client)
        assert (await list_rules(client))[0]["times"] == 1
        second = await create_task(client)
        third = await create_task(client)
        await mock.advance(IMAGE_DONE_S)
        states = [await state_of(client, t) for t in (first, second, third)]
    assert states == ["fail", "fail", "success"]


async def test_first_matching_rule_wins(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(
            client,
            [
                {"name": "cats", "match": {"prompt_contains": "cat"}, "reject": {"status": 500}},
                {"name": "all", "reject": {"status": 400, "message": "everything else"}},
            ],
        )
        assert_business_error(await client.post(CREATE, json=image_body(prompt="cat")), 500)
        message = assert_business_error(await client.post(CREATE, json=image_body()), 400)
    assert message == "everything else"


# ---------------------------------------------------------------- matching


async def test_match_by_model_list(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        rules = await add_rules(
            client, {"match": {"model": ["seedream-v4-5", "z-image"]}, "reject": {"status": 500}}
        )
        assert rules[0]["match"] == {"model": ["seedream-v4-5", "z-image"]}
        assert_business_error(await client.post(CREATE, json=image_body()), 500)
        body = image_body(model="seedream-v4-5")
        assert_business_error(await client.post(CREATE, json=body), 500)
        await create_task(client, image_body(model="imagen4-fast"))


async def test_match_by_prompt_contains_is_case_sensitive(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, {"match": {"prompt_contains": "cat"}, "reject": {"status": 500}})
        assert_business_error(await client.post(CREATE, json=image_body("a black cat")), 500)
        await create_task(client, image_body("a black dog"))
        await create_task(client, image_body("a black Cat"))


async def test_match_by_api_key(mock_factory: MockFactory) -> None:
    async with mock_factory(api_keys=("a", "b")) as mock:
        async with mock.http(api_key="a") as a:
            await add_rules(
                a, {"match": {"api_key": "b"}, "reject": {"status": 403, "message": "denied"}}
            )
            await create_task(a)
        async with mock.http(api_key="b") as b:
            response = await b.post(CREATE, json=image_body())
            assert assert_gateway_error(response, 403, code="insufficient_user_quota") == "denied"


async def test_all_match_conditions_must_hold(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        match = {"model": "z-image", "prompt_contains": "cat", "api_key": DEFAULT_API_KEY}
        await add_rules(client, {"match": match, "reject": {"status": 500}})
        assert_business_error(await client.post(CREATE, json=image_body("cat")), 500)
        await create_task(client, image_body("dog"))
        await create_task(client, image_body("cat", model="seedream-v4-5"))


async def test_invalid_requests_are_rejected_before_scenarios(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, {"times": 1, "reject": {"status": 500}})
        bad = {"model": "z-image", "input": {}}
        assert_business_error(await client.post(CREATE, json=bad), 400)
        assert len(await list_rules(client)) == 1  # not used up by the invalid request


# ---------------------------------------------------------------- the rules API


async def test_get_post_and_delete_rules(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        assert await list_rules(client) == []
        await add_rules(client, {"name": "one", "reject": {"status": 500}})
        rules = await add_rules(
            client, {"rules": [{"name": "two", "duration_factor": 2, "callback": "drop"}]}
        )
        assert [r["name"] for r in rules] == ["one", "two"]
        assert rules[1] == {
            "name": "two",
            "match": {},
            "times": None,
            "duration_factor": 2.0,
            "callback": "drop",
        }
        assert await list_rules(client) == rules

        response = await client.delete("/_mock/rules", headers=ADMIN)
        assert response.status_code == 200
        assert response.json() == {"rules": []}
        assert await list_rules(client) == []
        await create_task(client)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        pytest.param(
            {"colour": "red"},
            "rules[0]: unknown keys ['colour']; allowed: ['callback', 'duration_factor', 'fail', "
            "'match', 'name', 'reject', 'times']",
            id="unknown-key",
        ),
        pytest.param("reject everything", "rules[0]: must be an object", id="not-an-object"),
        pytest.param(None, "rules[0]: must be an object, got None", id="empty-body"),
        pytest.param({"rules": "all"}, "rules: must be a list, got 'all'", id="rules-not-a-list"),
        pytest.param(
            {"match": {"modle": "z-image"}},
            "rules[0].match: {'modle': 'z-image'} is not valid; allowed keys: "
            "['api_key', 'model', 'prompt_contains']",
            id="match-unknown-key",
        ),
        pytest.param(
            {"match": "z-image"}, "rules[0].match: 'z-image' is not valid", id="match-str"
        ),
        pytest.param(
            {"match": {"model": 5}},
            "rules[0].match.model: 5 must be a model id or a list of them",
            id="match-model-int",
        ),
        pytest.param(
            {"match": {"model": []}},
            "rules[0].match.model: [] must be a model id or a list of them",
            id="match-model-empty",
        ),
        pytest.param(
            {"match": {"prompt_contains": 5}},
            "rules[0].match.prompt_contains: 5 must be a string",
            id="prompt-contains-int",
        ),
        pytest.param(
            {"match": {"api_key": ["a"]}},
            "rules[0].match.api_key: ['a'] must be a string",
            id="api-key-list",
        ),
        pytest.param({"times": 0}, "rules[0].times: 0 must be a positive integer", id="times-0"),
        pytest.param(
            {"times": "2"}, "rules[0].times: '2' must be a positive integer", id="times-str"
        ),
        pytest.param(
            {"times": True}, "rules[0].times: True must be a positive integer", id="times-bool"
        ),
        pytest.param(
            {"reject": {"status": 418}},
            "rules[0].reject.status: 418 is not one of the declared statuses "
            "[400, 401, 403, 413, 422, 429, 500]",
            id="reject-undeclared-status",
        ),
        pytest.param(
            {"reject": {"message": "no"}},
            "rules[0].reject.status: None is not one of the declared statuses",
            id="reject-without-status",
        ),
        pytest.param(
            {"reject": 429},
            "rules[0].reject.status: None is not one of the declared statuses",
            id="reject-not-an-object",
        ),
        pytest.param(
            {"reject": {"status": 429, "retry-after": 3}},
            "rules[0].reject: unknown keys ['retry-after']; allowed: "
            "['message', 'retry_after', 'status']",
            id="reject-unknown-key",
        ),
        pytest.param(
            {"reject": {"status": 429, "retry_after": "soon"}},
            "rules[0].reject.retry_after: 'soon' must be a number >= 0",
            id="retry-after-str",
        ),
        pytest.param(
            {"reject": {"status": 429, "retry_after": -1}},
            "rules[0].reject.retry_after: -1 must be a number >= 0",
            id="retry-after-negative",
        ),
        pytest.param(
            {"fail": {"message": "no code"}},
            "rules[0].fail: {'message': 'no code'} must be an object with `code` and `message`",
            id="fail-without-code",
        ),
        pytest.param(
            {"fail": "yes"},
            "rules[0].fail: 'yes' must be an object with `code` and `message`",
            id="fail-str",
        ),
        pytest.param(
            {"duration_factor": -1},
            "rules[0].duration_factor: -1 must be a number >= 0",
            id="duration-factor-negative",
        ),
        pytest.param(
            {"duration_factor": "slow"},
            "rules[0].duration_factor: 'slow' must be a number >= 0",
            id="duration-factor-str",
        ),
        pytest.param(
            {"duration_factor": True},
            "rules[0].duration_factor: True must be a number >= 0",
            id="duration-factor-bool",
        ),
        pytest.param(
            {"callback": "later"},
            "rules[0].callback: 'later' is not one of ['deliver', 'drop']",
            id="callback-unknown",
        ),
        pytest.param(
            [{"name": "ok"}, {"times": -1}],
            "rules[1].times: -1 must be a positive integer",
            id="second-rule-bad",
        ),
    ],
)
async def test_invalid_rules_are_400_naming_the_field(
    mock_factory: MockFactory, rule: Any, message: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post("/_mock/rules", json=rule, headers=ADMIN)
        assert assert_business_error(response, 400).startswith(message)
        assert await list_rules(client) == []  # nothing of a bad batch is kept
        await create_task(client)  # and nothing breaks createTask afterwards


async def test_rules_body_must_be_json(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.post("/_mock/rules", content=b"rules: []", headers=ADMIN)
        message = assert_business_error(response, 400)
    assert message.startswith("body: malformed JSON")


# ---------------------------------------------------------------- admin auth


ADMIN_ROUTES = [
    pytest.param("GET", "/_mock/tasks", id="tasks"),
    pytest.param("POST", "/_mock/reset", id="reset"),
    pytest.param("GET", "/_mock/rules", id="get-rules"),
    pytest.param("POST", "/_mock/rules", id="post-rules"),
    pytest.param("DELETE", "/_mock/rules", id="delete-rules"),
    pytest.param("GET", "/_mock/callbacks", id="callbacks"),
    pytest.param("POST", "/_mock/clock/advance", id="clock-advance"),
    pytest.param("GET", "/_mock/credits", id="get-credits"),
    pytest.param("PUT", "/_mock/credits", id="put-credits"),
]


BAD_ADMIN_HEADERS = [
    {},
    {"X-Admin-Token": "wrong"},
    {"X-Admin-Token": ""},
    {"X-Admin-Token": "MOCK-ADMIN"},
    {"Authorization": "Bearer mock-admin"},
]


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
async def test_admin_without_the_right_token_is_401(
    mock_factory: MockFactory, method: str, path: str
) -> None:
    async with mock_factory() as mock, mock.http(authorize=False) as client:
        before = mock.clock.now_ms()
        for headers in BAD_ADMIN_HEADERS:
            response = await client.request(method, path, headers=headers, json={"seconds": 1})
            message = assert_gateway_error(response, 401)
            assert message == "admin API: missing or wrong X-Admin-Token header", headers
        assert mock.clock.now_ms() == before  # not even clock/advance got through


async def test_admin_token_is_configurable(mock_factory: MockFactory) -> None:
    async with mock_factory(admin_token="s3cret") as mock, mock.http() as client:
        assert_gateway_error(await client.get("/_mock/rules", headers=ADMIN), 401)
        response = await client.get("/_mock/rules", headers={"X-Admin-Token": "s3cret"})
        assert response.status_code == 200


async def test_the_api_key_is_not_an_admin_token(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        headers = {"X-Admin-Token": mock.api_key}
        assert_gateway_error(await client.get("/_mock/tasks", headers=headers), 401)


# ---------------------------------------------------------------- /_mock/tasks


async def test_tasks_filtered_by_state_and_model(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http() as client:
        await add_rules(client, {"match": {"prompt_contains": "now"}, "duration_factor": 0})
        done_image = await create_task(client, image_body("done now"))
        slow_image = await create_task(client, image_body("later"))
        video_body = {"model": "kling-v3-pro", "input": {"prompt": "done now"}}
        done_video = await create_task(client, video_body)

        async def listed(**params: str) -> list[str]:
            response = await client.get("/_mock/tasks", params=params, headers=ADMIN)
            assert response.status_code == 200
            payload = response.json()
            assert payload["count"] == len(payload["tasks"])
            return sorted(t["taskId"] for t in payload["tasks"])

        assert await listed() == sorted([done_image, slow_image, done_video])
        assert await listed(state="success") == sorted([done_image, done_video])
        assert await listed(state="waiting") == [slow_image]
        assert await listed(model="kling-v3-pro") == [done_video]
        assert await listed(model="z-image", state="success") == [done_image]
        assert await listed(state="fail") == []
        assert await listed(model="dall-e-3") == []


async def test_tasks_lists_every_key_with_full_records(mock_factory: MockFactory) -> None:
    async with mock_factory(api_keys=("a", "b")) as mock:
        ids = []
        for key in ("a", "b"):
            async with mock.http(api_key=key) as client:
                ids.append(await create_task(client))
        async with mock.http(api_key="a") as client:
            payload = (await client.get("/_mock/tasks", headers=ADMIN)).json()
            mine = await get_record(client, ids[0])
    assert sorted(t["taskId"] for t in payload["tasks"]) == sorted(ids)
    assert mine in payload["tasks"]


# ---------------------------------------------------------------- /_mock/reset


async def test_reset_forgets_tasks_and_restores_credits_and_rate(
    mock_factory: MockFactory,
) -> None:
    async with mock_factory(initial_credits=2.0, rate_limit=2) as mock, mock.http() as client:
        await add_rules(client, {"name": "kept", "duration_factor": 2})
        task_id = await create_task(client)
        await create_task(client)
        assert_business_error(await client.post(CREATE, json=image_body()), 429)

        response = await client.post("/_mock/reset", headers=ADMIN)
        assert response.status_code == 200
        assert response.json() == {"reset": True}

        response = await client.get(RECORD, params={"taskId": task_id})
        assert assert_business_error(response, 422) == (
            f"recordInfo is null: no task with taskId {task_id!r}"
        )
        credits = await client.get("/_mock/credits", params={"apiKey": mock.api_key}, headers=ADMIN)
        assert credits.json()["credits"] == 2.0
        assert (await client.get("/_mock/tasks", headers=ADMIN)).json()["count"] == 0
        assert [r["name"] for r in await list_rules(client)] == ["kept"]
        new_id = await create_task(client)  # the rate window is empty again
        assert new_id != task_id


# ---------------------------------------------------------------- /_mock/credits


async def test_credits_get_and_put(mock_factory: MockFactory) -> None:
    async with mock_factory(initial_credits=7.0) as mock, mock.http() as client:
        params = {"apiKey": mock.api_key}
        response = await client.get("/_mock/credits", params=params, headers=ADMIN)
        assert response.json() == {"apiKey": mock.api_key, "credits": 7.0}

        body = {"apiKey": mock.api_key, "credits": 1}
        response = await client.put("/_mock/credits", json=body, headers=ADMIN)
        assert response.status_code == 200
        assert response.json() == {"apiKey": mock.api_key, "credits": 1.0}

        await create_task(client)
        response = await client.get("/_mock/credits", params=params, headers=ADMIN)
        assert response.json()["credits"] == 0.0
        message = assert_gateway_error(
            await client.post(CREATE, json=image_body()), 403, code="insufficient_user_quota"
        )
        assert "0 left" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            {"apiKey": "nobody", "credits": 5},
            "apiKey: 'nobody' is not one of the configured keys",
            id="unknown-key",
        ),
        pytest.param({"credits": 5}, "apiKey: None is not one of the configured keys", id="no-key"),
        pytest.param(
            {"apiKey": DEFAULT_API_KEY, "credits": -1},
            "credits: -1 must be a number >= 0",
            id="negative",
        ),
        pytest.param(
            {"apiKey": DEFAULT_API_KEY, "credits": "10"},
            "credits: '10' must be a number >= 0",
            id="string",
        ),
        pytest.param(
            {"apiKey": DEFAULT_API_KEY, "credits": True},
            "credits: True must be a number >= 0",
            id="bool",
        ),
        pytest.param(
            {"apiKey": DEFAULT_API_KEY},
            "credits: None must be a number >= 0",
            id="missing-credits",
        ),
        pytest.param(
            [DEFAULT_API_KEY, 5], 'body: must be {"apiKey": ..., "credits": ...}', id="list"
        ),
    ],
)
async def test_put_credits_is_validated(
    mock_factory: MockFactory, content: Any, message: str
) -> None:
    async with mock_factory(initial_credits=3.0) as mock, mock.http() as client:
        response = await client.put("/_mock/credits", json=content, headers=ADMIN)
        assert assert_business_error(response, 400) == message
        credits = await client.get("/_mock/credits", params={"apiKey": mock.api_key}, headers=ADMIN)
        assert credits.json()["credits"] == 3.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b'{"apiKey": "mock-key", "credits": Infinity}',
            "credits: inf must be a number >= 0",
            id="infinity",
        ),
        pytest.param(
            b'{"apiKey": "mock-key", "credits": 1e999}',
            "credits: inf must be a number >= 0",
            id="overflow",
        ),
        pytest.param(
            b'{"apiKey": "mock-key", "credits": NaN}',
            "credits: nan must be a number >= 0",
            id="nan",
        ),
        pytest.param(b'{"apiKey": "mock-\xff"}', "body: not UTF-8 JSON", id="not-utf8"),
        pytest.param(b'{"apiKey": ', "body: malformed JSON", id="malformed"),
    ],
)
async def test_put_credits_rejects_what_json_cannot_carry(
    mock_factory: MockFactory, content: bytes, message: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.put("/_mock/credits", content=content, headers=ADMIN)
        assert assert_business_error(response, 400).startswith(message)


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="no-key"),
        pytest.param({"apiKey": "nobody"}, id="unknown-key"),
    ],
)
async def test_get_credits_needs_a_configured_key(
    mock_factory: MockFactory, params: dict[str, str]
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        response = await client.get("/_mock/credits", params=params, headers=ADMIN)
        message = assert_business_error(response, 400)
    assert message == f"apiKey: {params.get('apiKey', '')!r} is not one of the configured keys"


# ---------------------------------------------------------------- /_mock/clock/advance


async def test_clock_advance_moves_the_fake_clock_and_settles(mock_factory: MockFactory) -> None:
    async with mock_factory(jitter=0.0) as mock, mock.http() as client:
        start = mock.clock.now_ms()
        task_id = await create_task(client)
        response = await client.post(
            "/_mock/clock/advance", json={"seconds": IMAGE_DONE_S}, headers=ADMIN
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"now": start + round(IMAGE_DONE_S * 1000)}
        assert await state_of(client, task_id) == "success"
        response = await client.post("/_mock/clock/advance", json={"seconds": 0}, headers=ADMIN)
        assert response.json() == {"now": start + round(IMAGE_DONE_S * 1000)}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b'{"seconds": -1}', "seconds: -1 must be a number >= 0", id="negative"),
        pytest.param(b'{"seconds": "5"}', "seconds: '5' must be a number >= 0", id="string"),
        pytest.param(b'{"seconds": true}', "seconds: True must be a number >= 0", id="bool"),
        pytest.param(b'{"seconds": null}', "seconds: None must be a number >= 0", id="null"),
        pytest.param(b"{}", "seconds: None must be a number >= 0", id="missing"),
        pytest.param(b"5", "seconds: None must be a number >= 0", id="bare-number"),
        pytest.param(b"", "seconds: None must be a number >= 0", id="empty-body"),
        pytest.param(b'{"seconds": NaN}', "seconds: nan must be a number >= 0", id="nan"),
        pytest.param(b'{"seconds": Infinity}', "seconds: inf must be a number >= 0", id="inf"),
        pytest.param(b'{"seconds": 1e999}', "seconds: inf must be a number >= 0", id="overflow"),
        pytest.param(b'{"seconds": ', "body: malformed JSON", id="malformed"),
        pytest.param(b'{"seconds": "\xff"}', "body: not UTF-8 JSON", id="not-utf8"),
    ],
)
async def test_clock_advance_is_validated(
    mock_factory: MockFactory, content: bytes, message: str
) -> None:
    async with mock_factory() as mock, mock.http() as client:
        before = mock.clock.now_ms()
        response = await client.post("/_mock/clock/advance", content=content, headers=ADMIN)
        assert assert_business_error(response, 400).startswith(message)
        assert mock.clock.now_ms() == before


async def test_clock_advance_on_the_system_clock_is_409(mock_factory: MockFactory) -> None:
    async with mock_factory(clock=SystemClock()) as mock, mock.http() as client:
        response = await client.post("/_mock/clock/advance", json={"seconds": 5}, headers=ADMIN)
        message = assert_business_error(response, 409)
    assert message == "the clock is the system clock; start the mock with --fake-clock"


# ---------------------------------------------------------------- /_mock/health


async def test_health_needs_no_token_and_counts_tasks(mock_factory: MockFactory) -> None:
    async with mock_factory() as mock, mock.http(authorize=False) as anonymous:
        response = await anonymous.get("/_mock/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "tasks": 0, "now": mock.clock.now_ms()}
        async with mock.http() as client:
            await create_task(client)
            await create_task(client)
        await mock.advance(2)
        assert (await anonymous.get("/_mock/health")).json() == {
            "status": "ok",
            "tasks": 2,
            "now": mock.clock.now_ms(),
        }
