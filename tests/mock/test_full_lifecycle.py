"""Every model through the whole lifecycle, driven by the GENERATED client over ASGI.

The typed client (``liangxin_client``) creates a task for each model and polls it on a fake
clock until it ends; at every step the raw answer must validate against the spec's
``RecordInfoResponse`` and every field of the record must be right. The result file is then
downloaded through the same client and opened: its pixel size follows the request as the
spec's size tables say, and a video has the requested duration and aspect ratio.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import httpx
import jsonschema_rs
import pytest
from liangxin_client import AuthenticatedClient
from liangxin_client.api.jobs import create_task, get_task_details
from liangxin_client.models import (
    BusinessError,
    CreateTaskData,
    CreateTaskResponse,
    RecordInfoResponse,
    ResultJson,
    TaskParam,
    TaskRecord,
)

from liangxin.types import REQUEST_CLASSES, TaskRequest
from mock_server import FakeClock, Settings, create_app
from mock_server.lifecycle import ORDER, TERMINAL
from mock_server.media import media_type, probe_image, probe_video
from mock_server.outputs import DEFAULT_LONG_SIDE
from mock_server.spec import Spec, load_spec
from mock_server.testing import InProcessMock, running
from tests.mock._receivers import Receiver, callback_client

pytestmark = pytest.mark.anyio

T0 = 1_777_600_000_000
HOOK = "http://hook.test/callback"
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "openapi" / "examples" / "CreateTaskRequest"
RECORD_FIELDS = {
    "taskId",
    "model",
    "state",
    "param",
    "resultJson",
    "failCode",
    "failMsg",
    "costTime",
    "completeTime",
    "createTime",
    "updateTime",
    "progress",
    "creditsConsumed",
}

CreateTaskBody: TypeAlias = TaskRequest

# ---------------------------------------------------------------------------- request bodies

SPEC = load_spec()


def _minimal_value(spec: Spec, schema: Mapping[str, Any]) -> Any:
    """The smallest value the spec accepts for ``schema`` (first enum value, minimum, ...)."""
    resolved = spec.resolve(schema)
    allowed = spec.enum_of(schema)
    if allowed:
        return allowed[0]
    kind = resolved.get("type")
    if kind == "string":
        text = "a lighthouse on a cliff at dawn"
        low = int(resolved.get("minLength", 0))
        return (text * (1 + low // len(text)))[: max(low, len(text))]
    if kind == "array":
        count = max(1, int(resolved.get("minItems", 1)))
        item = spec.resolve(resolved.get("items", {}))
        if item.get("type") == "string":
            # A URL with an image suffix satisfies every `url-suffix` rule of the spec.
            return [f"https://example.com/reference-{i}.png" for i in range(count)]
        return [_minimal_value(spec, item) for _ in range(count)]
    if kind == "integer":
        return int(resolved.get("minimum", 1))
    if kind == "number":
        return resolved.get("minimum", 0.5)
    if kind == "boolean":
        return False
    if kind == "object":
        properties = resolved.get("properties", {})
        return {
            name: _minimal_value(spec, properties[name]) for name in resolved.get("required", [])
        }
    raise AssertionError(f"no minimal value for schema {resolved!r}")


def minimal_body(spec: Spec, model_id: str) -> dict[str, Any]:
    """A createTask body with only the fields the spec requires (``if``/``then`` included)."""
    model = spec.models[model_id]
    required = [*model.input.get("required", []), *model.input.get("then", {}).get("required", [])]
    properties = model.input["properties"]
    data = {name: _minimal_value(spec, properties[name]) for name in dict.fromkeys(required)}
    return {"model": model_id, "callBackUrl": HOOK, "input": data}


def _bodies(spec: Spec) -> list[Any]:
    """Every model's minimal body, and every documented example (callback sent to the hook)."""
    params = [
        pytest.param(minimal_body(spec, model_id), id=f"{model_id}-minimal")
        for model_id in sorted(spec.models)
    ]
    for path in sorted(EXAMPLES_DIR.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(body, dict) and body.get("model") in spec.models:
            params.append(pytest.param({**body, "callBackUrl": HOOK}, id=path.stem))
    return params


def request_for(spec: Spec, body: Mapping[str, Any]) -> CreateTaskBody:
    return REQUEST_CLASSES[spec.models[body["model"]].request_schema].from_dict(body)


def kind_of(spec: Spec, model_id: str) -> str:
    return "video" if spec.models[model_id].is_video else "image"


def test_every_model_has_a_minimal_body_and_a_generated_class(spec: Spec) -> None:
    validator = jsonschema_rs.validator_for(spec.json_schema("CreateTaskRequest"))
    assert {m.request_schema for m in spec.models.values()} == set(REQUEST_CLASSES)
    for model_id in spec.models:
        body = minimal_body(spec, model_id)
        validator.validate(body)
        assert request_for(spec, body).to_dict() == body


# ---------------------------------------------------------------------------- fixtures


@contextlib.asynccontextmanager
async def typed_client(
    mock: InProcessMock,
) -> AsyncIterator[tuple[AuthenticatedClient, list[bytes]]]:
    """The generated client over ASGI, and the raw bodies of the requests it sent."""
    sent: list[bytes] = []

    async def capture(request: httpx.Request) -> None:
        sent.append(request.content)

    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=mock.app),
        base_url=mock.base_url,
        # set_async_httpx_client replaces the client's own headers: send the key ourselves.
        headers={"Authorization": f"Bearer {mock.api_key}"},
        event_hooks={"request": [capture]},
    )
    client = AuthenticatedClient(base_url=mock.base_url, token=mock.api_key)
    client.set_async_httpx_client(http)
    async with client:
        yield client, sent


MockFactory: TypeAlias = Callable[..., contextlib.AbstractAsyncContextManager[InProcessMock]]


@pytest.fixture
def mock_factory() -> MockFactory:
    """``mock_factory(settings, receiver=...)``: a started in-process mock on a fake clock."""

    def make(
        settings: Settings | None = None, *, receiver: Receiver | None = None, start_ms: int = T0
    ) -> contextlib.AbstractAsyncContextManager[InProcessMock]:
        app = create_app(
            settings or Settings(seed=3),
            clock=FakeClock(start_ms),
            callback_client=callback_client({"hook.test": receiver or Receiver()}),
        )
        return running(app)

    return make


@pytest.fixture(scope="module")
def record_info_schema(spec: Spec) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(spec.json_schema("RecordInfoResponse"))


async def create(client: AuthenticatedClient, spec: Spec, body: Mapping[str, Any]) -> str:
    response = await create_task.asyncio_detailed(client=client, body=request_for(spec, body))
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, CreateTaskResponse)
    assert (response.parsed.code, response.parsed.msg) == (200, "success")
    data = response.parsed.data
    assert isinstance(data, CreateTaskData)
    return data.task_id


async def poll(
    client: AuthenticatedClient, task_id: str, schema: jsonschema_rs.Validator | None = None
) -> dict[str, Any]:
    """One recordInfo through the generated client: the raw record, after checking both forms."""
    response = await get_task_details.asyncio_detailed(client=client, task_id=task_id)
    assert response.status_code == 200, response.content
    raw = json.loads(response.content)
    if schema is not None:
        schema.validate(raw)
    assert (raw["code"], raw["msg"]) == (200, "success")
    parsed = response.parsed
    assert isinstance(parsed, RecordInfoResponse)
    assert isinstance(parsed.data, TaskRecord)
    assert (parsed.data.task_id, parsed.data.state) == (task_id, raw["data"]["state"])
    record: dict[str, Any] = raw["data"]
    return record


def check_record(
    record: Mapping[str, Any],
    *,
    task_id: str,
    sent: Mapping[str, Any],
    now_ms: int,
    credits: float,
) -> None:
    """Every field of one record, against what was sent and the time of the poll."""
    model_id = sent["model"]
    assert set(record) == RECORD_FIELDS
    assert record["taskId"] == task_id
    assert re.fullmatch(rf"task_{re.escape(model_id)}_\d{{13}}", task_id)
    assert record["model"] == model_id
    assert isinstance(record["param"], str)
    assert json.loads(record["param"]) == sent
    assert TaskParam.from_dict(json.loads(record["param"])).model == model_id
    state = record["state"]
    assert state in ORDER
    assert record["creditsConsumed"] == credits
    assert record["createTime"] == T0
    assert record["createTime"] <= record["updateTime"] <= now_ms
    assert (record["failCode"], record["failMsg"]) == ("", "")
    if state == "success":
        assert record["completeTime"] == record["updateTime"] <= now_ms
        assert record["costTime"] == record["completeTime"] - record["createTime"] > 0
        assert record["progress"] == 100
        assert record["resultJson"] != ""
    else:
        assert state not in TERMINAL, "no failures in these runs"
        assert record["completeTime"] is None
        assert record["costTime"] is None
        assert record["resultJson"] == ""
        assert record["progress"] in range(0, 100, 5)
        if state != "generating":
            assert record["progress"] == 0


def check_moves_forward(records: list[dict[str, Any]]) -> None:
    ranks = [ORDER.index(r["state"]) for r in records]
    assert ranks == sorted(ranks), [r["state"] for r in records]
    assert list(dict.fromkeys(r["state"] for r in records)) == [
        "waiting",
        "queuing",
        "generating",
        "success",
    ]
    for key in ("progress", "updateTime"):
        values = [r[key] for r in records]
        assert values == sorted(values), key


# ---------------------------------------------------------------------------- the lifecycle


@pytest.mark.parametrize("body", _bodies(SPEC))
async def test_every_model_through_the_full_lifecycle(
    body: dict[str, Any],
    spec: Spec,
    mock_factory: MockFactory,
    record_info_schema: jsonschema_rs.Validator,
) -> None:
    model_id = body["model"]
    settings = Settings(seed=3)
    receiver = Receiver()
    kind = kind_of(spec, model_id)
    step_s = settings.phases_for(model_id, kind).total() / 40
    credits = settings.cost_for(model_id, kind)

    async with (
        mock_factory(settings, receiver=receiver) as mock,
        typed_client(mock) as (client, sent),
    ):
        task_id = await create(client, spec, body)
        assert json.loads(sent[0]) == body, "the generated client sends the body as given"
        records: list[dict[str, Any]] = []
        for _ in range(200):
            record = await poll(client, task_id, record_info_schema)
            check_record(
                record, task_id=task_id, sent=body, now_ms=mock.clock.now_ms(), credits=credits
            )
            records.append(record)
            if record["state"] in TERMINAL:
                break
            assert receiver.calls == [], "no callback before the end"
            await mock.advance(step_s)
        else:
            pytest.fail(f"{task_id} did not finish: {records[-1]!r}")
        check_moves_forward(records)

        # The end is stable, and announced once.
        await mock.advance(600)
        assert await poll(client, task_id, record_info_schema) == records[-1]
        assert len(receiver.calls) == 1
        assert receiver.calls[0].json()["data"]["taskId"] == task_id

        result = ResultJson.from_dict(json.loads(records[-1]["resultJson"]))
        assert isinstance(result.result_urls, list)
        (url,) = result.result_urls
        assert url.startswith(f"{mock.base_url}/files/{task_id}/")
        download = await client.get_async_httpx_client().get(url)
        assert download.status_code == 200
        content_type = download.headers["content-type"]
        if kind == "video":
            assert content_type == "video/mp4"
            assert probe_video(download.content).format == "mp4"
        else:
            image = probe_image(download.content)
            assert content_type == media_type(image.format)
            assert url.endswith("." + {"jpeg": "jpg"}.get(image.format, image.format))
        assert mock.engine.accounts.credits(mock.api_key) == settings.initial_credits - credits


# ---------------------------------------------------------------------------- result files

Expect: TypeAlias = Callable[[Spec], tuple[int, int]]


def table(model_id: str, field: str, key: str) -> Expect:
    """The size that the spec's ``x-liangxin-sizes`` of ``field`` gives ``key``."""

    def expected(spec: Spec) -> tuple[int, int]:
        width, height = spec.sizes_of(spec.models[model_id].input["properties"][field])[key]
        return int(width), int(height)

    return expected


def ratio(w: int, h: int, long_side: Callable[[Spec], int] = lambda _: DEFAULT_LONG_SIDE) -> Expect:
    """``w:h`` with the long side given by the spec (or the mock's default long side)."""

    def expected(spec: Spec) -> tuple[int, int]:
        side = long_side(spec)
        return (side, round(side * h / w)) if w >= h else (round(side * w / h), side)

    return expected


def tier(model_id: str, key: str) -> Callable[[Spec], int]:
    """The long side of a Nano Banana resolution tier, from the spec."""

    def side(spec: Spec) -> int:
        return int(spec.sizes_of(spec.models[model_id].input["properties"]["resolution"])[key])

    return side


def provider_size(model_id: str) -> Expect:
    def expected(spec: Spec) -> tuple[int, int]:
        model = spec.models[model_id]
        return int(model.provider_default("width")), int(model.provider_default("height"))

    return expected


def default_of(model_id: str, field: str) -> str:
    return str(SPEC.models[model_id].provider_default(field))


IMAGE_CASES = [
    pytest.param(
        "seedream-v4-5",
        {"aspect_ratio": "widescreen_16_9"},
        table("seedream-v4-5", "aspect_ratio", "widescreen_16_9"),
        "png",
        id="seedream-alias-widescreen_16_9",
    ),
    pytest.param(
        "seedream-v5-lite",
        {"aspect_ratio": "9:16"},
        table("seedream-v5-lite", "aspect_ratio", "9:16"),
        "png",
        id="seedream-colon-9:16",
    ),
    pytest.param(
        "seedream-v4-5-edit",
        {"reference_images": ["https://example.com/a.png"]},
        table(
            "seedream-v4-5-edit", "aspect_ratio", default_of("seedream-v4-5-edit", "aspect_ratio")
        ),
        "png",
        id="seedream-edit-provider-default",
    ),
    pytest.param(
        "flux-2-pro", {"width": 1440, "height": 816}, lambda _: (1440, 816), "png", id="flux-exact"
    ),
    pytest.param(
        "flux-2-pro", {"width": 256, "height": 1440}, lambda _: (256, 1440), "png", id="flux-tall"
    ),
    pytest.param("flux-2-pro", {}, provider_size("flux-2-pro"), "png", id="flux-provider-default"),
    pytest.param("flux-2-pro", {"aspect_ratio": "21:9"}, ratio(21, 9), "png", id="flux-ratio-21:9"),
    pytest.param(
        "z-image",
        {"image_size": "landscape_16_9", "aspect_ratio": "9:16"},
        table("z-image", "image_size", "landscape_16_9"),
        "png",
        id="z-image-size-wins-over-ratio",
    ),
    pytest.param(
        "z-image",
        {},
        table("z-image", "image_size", default_of("z-image", "image_size")),
        "png",
        id="z-image-provider-default",
    ),
    pytest.param("z-image", {"aspect_ratio": "3:4"}, ratio(3, 4), "png", id="z-image-ratio-only"),
    pytest.param(
        "z-image",
        {"output_format": "jpeg"},
        table("z-image", "image_size", "square_hd"),
        "jpeg",
        id="z-image-jpeg",
    ),
    pytest.param(
        "z-image",
        {"output_format": "webp"},
        table("z-image", "image_size", "square_hd"),
        "webp",
        id="z-image-webp",
    ),
    pytest.param(
        "nano-banana-pro",
        {"resolution": "4K", "aspect_ratio": "16:9"},
        ratio(16, 9, tier("nano-banana-pro", "4K")),
        "png",
        id="nano-4K-16:9",
    ),
    pytest.param(
        "nano-banana-pro",
        {},
        ratio(1, 1, tier("nano-banana-pro", default_of("nano-banana-pro", "resolution"))),
        "png",
        id="nano-provider-default",
    ),
    pytest.param(
        "nano-banana-pro-flash",
        {"aspect_ratio": "9:16"},
        ratio(
            9, 16, tier("nano-banana-pro-flash", default_of("nano-banana-pro-flash", "resolution"))
        ),
        "png",
        id="nano-flash-9:16-default-tier",
    ),
    pytest.param(
        "gemini-2.5-flash-image-preview",
        {"aspect_ratio": "4:3", "output_format": "jpeg"},
        ratio(4, 3),
        "jpeg",
        id="gemini-4:3-jpeg",
    ),
    pytest.param(
        "imagen4-ultra",
        {"aspect_ratio": "traditional_3_4", "output_format": "image/jpeg"},
        ratio(3, 4),
        "jpeg",
        id="imagen-alias-3:4-image/jpeg",
    ),
    pytest.param(
        "imagen4-fast", {"output_format": "jpg"}, ratio(1, 1), "jpeg", id="imagen-default-jpg"
    ),
]


async def run_to_success(
    mock: InProcessMock,
    client: AuthenticatedClient,
    spec: Spec,
    body: Mapping[str, Any],
    *,
    wait_s: float = 3_600,
) -> tuple[dict[str, Any], httpx.Response]:
    """Create, let ``wait_s`` pass on the fake clock, read the record, download the result."""
    task_id = await create(client, spec, body)
    await mock.advance(wait_s)
    record = await poll(client, task_id)
    assert record["state"] == "success", record
    result = ResultJson.from_dict(json.loads(record["resultJson"]))
    assert isinstance(result.result_urls, list)
    download = await client.get_async_httpx_client().get(result.result_urls[0])
    assert download.status_code == 200
    return record, download


def test_seedream_widescreen_table_is_the_documented_one(spec: Spec) -> None:
    assert table("seedream-v4-5", "aspect_ratio", "widescreen_16_9")(spec) == (2730, 1536)


@pytest.mark.parametrize(("model_id", "data", "expected", "fmt"), IMAGE_CASES)
async def test_image_follows_the_requested_size_and_format(
    model_id: str,
    data: dict[str, Any],
    expected: Expect,
    fmt: str,
    spec: Spec,
    mock_factory: MockFactory,
) -> None:
    body = {"model": model_id, "input": {"prompt": "a red fox in the snow", **data}}
    async with mock_factory() as mock, typed_client(mock) as (client, _):
        _, download = await run_to_success(mock, client, spec, body)
    image = probe_image(download.content)
    assert (image.width, image.height) == expected(spec)
    assert image.format == fmt
    assert download.headers["content-type"] == media_type(fmt)


VIDEO_CASES = [
    pytest.param({"duration": "3"}, 3.0, "16:9", id="3s-default-ratio"),
    pytest.param({}, 5.0, "16:9", id="provider-defaults"),
    pytest.param({"duration": "4", "aspect_ratio": "9:16"}, 4.0, "9:16", id="4s-portrait"),
    pytest.param({"aspect_ratio": "1:1"}, 5.0, "1:1", id="5s-square"),
]


@pytest.mark.parametrize(("data", "duration_s", "aspect"), VIDEO_CASES)
async def test_kling_video_has_the_requested_duration_and_ratio(
    data: dict[str, Any], duration_s: float, aspect: str, spec: Spec, mock_factory: MockFactory
) -> None:
    model_id = "kling-v3-pro"
    assert default_of(model_id, "duration") == "5"
    assert default_of(model_id, "aspect_ratio") == "16:9"
    settings = Settings(seed=3)
    body = {"model": model_id, "input": {"prompt": "a coffee pour in slow motion", **data}}
    async with mock_factory(settings) as mock, typed_client(mock) as (client, _):
        _, download = await run_to_success(mock, client, spec, body)
    assert download.headers["content-type"] == "video/mp4"
    video = probe_video(download.content)
    assert video.format == "mp4"
    assert abs(video.duration_s - duration_s) <= 1 / settings.video_fps
    width, height = table(model_id, "aspect_ratio", aspect)(spec)
    # Rendered at most `max_video_side` on the long side (even sizes), at the spec's ratio.
    assert max(video.width, video.height) == min(settings.max_video_side, max(width, height))
    assert abs(video.width / video.height - width / height) < 0.01


# ---------------------------------------------------------------------------- reproducibility

REPLAY_BODIES = [
    {"model": "z-image", "input": {"prompt": "a fox", "seed": 1}},
    {"model": "flux-2-pro", "input": {"prompt": "a mountain", "width": 512, "height": 384}},
    {"model": "nano-banana-pro-flash", "input": {"prompt": "a lighthouse", "aspect_ratio": "4:3"}},
]


async def replay(seed: int) -> tuple[list[list[dict[str, Any]]], list[bytes]]:
    """Create the same tasks at the same fake times; every record seen, and the result bytes."""
    app = create_app(Settings(seed=seed), clock=FakeClock(T0))
    async with running(app) as mock, typed_client(mock) as (client, _):
        ids = []
        for body in REPLAY_BODIES:
            ids.append(await create(client, SPEC, body))
            await mock.advance(0.25)
        seen = []
        for _ in range(12):
            seen.append([await poll(client, task_id) for task_id in ids])
            await mock.advance(1.75)
        files = []
        for records in seen[-1]:
            url = json.loads(records["resultJson"])["resultUrls"][0]
            files.append((await client.get_async_httpx_client().get(url)).content)
    return seen, files


async def test_same_seed_and_clock_give_identical_records_and_files() -> None:
    first, second = await replay(seed=21), await replay(seed=21)
    assert first == second
    other_records, other_files = await replay(seed=22)
    assert other_records != first[0]
    flat = [r for step in first[0] for r in step]
    other = [r for step in other_records for r in step]
    assert [r["updateTime"] for r in flat] != [r["updateTime"] for r in other]
    assert all(a != b for a, b in zip(first[1], other_files, strict=True))


async def test_task_ids_never_repeat_within_one_millisecond(
    spec: Spec, mock_factory: MockFactory
) -> None:
    bodies = [minimal_body(spec, model_id) for model_id in sorted(spec.models)] * 5
    settings = Settings(seed=3, rate_limit=0, initial_credits=10_000)
    async with mock_factory(settings) as mock, typed_client(mock) as (client, _):
        in_order = [await create(client, spec, body) for body in bodies]
        at_once = await asyncio.gather(*(create(client, spec, body) for body in bodies))
        assert isinstance(mock.clock, FakeClock)
        mock.clock.advance(0.001)
        later = await create(client, spec, bodies[0])
        records = [await poll(client, task_id) for task_id in in_order]
    ids = [*in_order, *at_once, later]
    assert len(set(ids)) == len(ids)
    stamps = [int(task_id.rsplit("_", 1)[1]) for task_id in ids]
    assert all(len(str(stamp)) == 13 for stamp in stamps)
    assert stamps[: len(in_order)] == sorted(stamps[: len(in_order)])
    assert stamps[-1] > max(stamps[:-1])
    assert {r["createTime"] for r in records} == {T0}


# ---------------------------------------------------------------------------- retention


async def test_finished_tasks_expire_after_retention(spec: Spec, mock_factory: MockFactory) -> None:
    retention_s = 60.0
    settings = Settings(seed=3, retention_s=retention_s)
    body = {"model": "z-image", "input": {"prompt": "a fox"}}
    async with mock_factory(settings) as mock, typed_client(mock) as (client, _):
        record, _ = await run_to_success(mock, client, spec, body, wait_s=30)
        task_id = record["taskId"]
        url = json.loads(record["resultJson"])["resultUrls"][0]
        # Retention counts from completion: still there 1 ms before it runs out.
        deadline = record["completeTime"] + round(retention_s * 1000)
        await mock.advance((deadline - 1 - mock.clock.now_ms()) / 1000)
        assert (await poll(client, task_id))["state"] == "success"
        await mock.advance(0.001)
        gone = await get_task_details.asyncio_detailed(client=client, task_id=task_id)
        assert gone.status_code == 422
        assert isinstance(gone.parsed, BusinessError)
        assert gone.parsed.code == 422
        assert isinstance(gone.parsed.msg, str)
        assert task_id in gone.parsed.msg
        assert (await client.get_async_httpx_client().get(url)).status_code != 200
        assert mock.engine.store.get_task(task_id) is None
