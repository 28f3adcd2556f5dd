"""The mock on a real uvicorn, a real callback receiver, the generated SYNC client; the CLI.

Both servers listen on loopback ports in background threads; the mock runs on a fake clock
that the test moves with ``server.advance`` (which returns once every due callback has been
answered), so nothing here waits on wall-clock speed except bounded network start-up.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

import attrs
import httpx
import pytest
from liangxin_client import AuthenticatedClient
from liangxin_client.api.jobs import create_task, get_task_details
from liangxin_client.models import (
    CreateTaskData,
    CreateTaskResponse,
    RecordInfoResponse,
    ResultJson,
    TaskCallback,
    ZImageRequest,
)

from mock_server import FakeClock, Settings
from mock_server.lifecycle import TERMINAL
from mock_server.media import probe_image
from mock_server.testing import ThreadedMock, serve_in_thread
from tests.mock._cli_process import MockProcess
from tests.mock._receivers import Receiver

T0 = 1_777_600_000_000
ADMIN = {"X-Admin-Token": "mock-admin"}


@attrs.frozen
class Loopback:
    server: ThreadedMock
    hook: ThreadedMock
    receiver: Receiver
    client: AuthenticatedClient


LoopbackFactory: TypeAlias = Callable[[Settings, Receiver], Loopback]


@pytest.fixture
def loopback_factory() -> Iterator[LoopbackFactory]:
    """``loopback_factory(settings, receiver)``: mock + receiver on loopback, a sync client."""
    with contextlib.ExitStack() as stack:

        def make(settings: Settings, receiver: Receiver) -> Loopback:
            hook = stack.enter_context(serve_in_thread(app=receiver.app))
            server = stack.enter_context(serve_in_thread(settings, clock=FakeClock(T0)))
            client = AuthenticatedClient(
                base_url=server.base_url, token=server.api_key, timeout=httpx.Timeout(10.0)
            )
            stack.enter_context(client)
            return Loopback(server=server, hook=hook, receiver=receiver, client=client)

        yield make


def create(loop: Loopback, path: str = "/cb") -> str:
    body = ZImageRequest.from_dict(
        {
            "model": "z-image",
            "callBackUrl": f"{loop.hook.base_url}{path}",
            "input": {"prompt": "a lighthouse at dawn", "image_size": "landscape_4_3"},
        }
    )
    response = create_task.sync_detailed(client=loop.client, body=body)
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, CreateTaskResponse)
    assert isinstance(response.parsed.data, CreateTaskData)
    return response.parsed.data.task_id


def poll_to_end(loop: Loopback, task_id: str) -> dict[str, Any]:
    states = []
    for _ in range(200):
        response = get_task_details.sync_detailed(client=loop.client, task_id=task_id)
        assert response.status_code == 200, response.content
        assert isinstance(response.parsed, RecordInfoResponse)
        record: dict[str, Any] = json.loads(response.content)["data"]
        states.append(record["state"])
        if record["state"] in TERMINAL:
            assert list(dict.fromkeys(states)) == ["waiting", "queuing", "generating", "success"]
            return record
        assert loop.receiver.snapshot() == [], "no callback before the end"
        loop.server.advance(0.5)
    raise AssertionError(f"{task_id} did not end: {states[-5:]}")


def deliveries(loop: Loopback) -> list[dict[str, Any]]:
    response = loop.client.get_httpx_client().get("/_mock/callbacks", headers=ADMIN)
    assert response.status_code == 200
    found: list[dict[str, Any]] = response.json()["deliveries"]
    return found


def test_sync_client_creates_polls_downloads_and_gets_the_callback(
    loopback_factory: LoopbackFactory,
) -> None:
    loop = loopback_factory(Settings(seed=9), Receiver())
    task_id = create(loop)
    final = poll_to_end(loop, task_id)
    loop.server.advance(600)

    (call,) = loop.receiver.snapshot()
    assert call.path == "/cb"
    assert call.acknowledged
    assert call.json() == {
        "code": 200,
        "msg": "success",
        "data": {**final, "failCode": None, "failMsg": None},
    }
    parsed = TaskCallback.from_dict(call.json())
    assert (parsed.data.task_id, parsed.data.state) == (task_id, "success")

    result = ResultJson.from_dict(json.loads(final["resultJson"]))
    assert isinstance(result.result_urls, list)
    (url,) = result.result_urls
    assert url.startswith(f"{loop.server.base_url}/files/{task_id}/")
    download = loop.client.get_httpx_client().get(url)
    assert download.status_code == 200
    image = probe_image(download.content)
    assert (image.format, image.width, image.height) == ("png", 1024, 768)
    (entry,) = deliveries(loop)
    assert (entry["taskId"], entry["state"], len(entry["attempts"])) == (task_id, "delivered", 1)


def test_receiver_failing_twice_is_acknowledged_exactly_once(
    loopback_factory: LoopbackFactory,
) -> None:
    settings = Settings(seed=9, callback_retry_delays_s=(1.0, 2.0, 4.0))
    loop = loopback_factory(settings, Receiver(fail_times=2, fail_status=503))
    task_id = create(loop)
    poll_to_end(loop, task_id)
    assert [c.status for c in loop.receiver.snapshot()] == [503]
    loop.server.advance(1)
    assert [c.status for c in loop.receiver.snapshot()] == [503, 503]
    loop.server.advance(2)
    loop.server.advance(600)
    calls = loop.receiver.snapshot()
    assert [c.status for c in calls] == [503, 503, 200]
    assert len(loop.receiver.acknowledged()) == 1
    (entry,) = deliveries(loop)
    assert entry["state"] == "delivered"
    times = [a["at_ms"] for a in entry["attempts"]]
    assert [b - a for a, b in itertools.pairwise(times)] == [1_000, 2_000]


@pytest.mark.parametrize(
    ("flags", "key"),
    [
        pytest.param([], "mock-key", id="defaults"),
        pytest.param(["--api-key", "k-smoke", "--fake-clock"], "k-smoke", id="own-key-fake-clock"),
    ],
)
def test_cli_serve_smoke(flags: list[str], key: str, tmp_path: Path) -> None:
    with MockProcess.start(["--log-level", "info", *flags], log_dir=tmp_path) as mock:
        base_url = mock.read_line(r"base URL\s+(\S+)").group(1)
        printed_key = mock.read_line(r"API key\s+(\S+)").group(1)
        assert base_url == mock.base_url
        assert printed_key == key
        with httpx.Client(base_url=base_url, timeout=5.0) as http:
            health = http.get("/_mock/health")
            assert health.status_code == 200
            assert health.json()["status"] == "ok"
            created = http.post(
                "/api/v1/jobs/createTask",
                json={"model": "z-image", "input": {"prompt": "a fox"}},
                headers={"Authorization": f"Bearer {printed_key}"},
            )
            assert created.status_code == 200, created.text
            assert http.get("/_mock/health").json()["tasks"] == 1
        mock.stop()
        # uvicorn shuts down cleanly, then re-raises the SIGTERM it caught.
        assert mock.process.returncode in {0, -signal.SIGTERM}
        assert "Application shutdown complete" in mock.log()
        assert "Traceback" not in mock.log()
