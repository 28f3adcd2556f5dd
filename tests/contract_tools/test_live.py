"""The live check: skipped without credentials, clean against the mock, loud on drift."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest

from liangxin.contract.live import ENV_API_KEY, ENV_BASE_URL, SKIP_MESSAGE, main, report
from liangxin.contract.livecheck import LiveCheck, LiveOptions, minimal_request
from mock_server.settings import Phases, Settings
from mock_server.spec import Spec
from mock_server.testing import serve_in_thread

FAST = Settings(phases={"image": Phases(0.01, 0.01, 0.05), "video": Phases(0.01, 0.01, 0.05)})


def test_skipped_without_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_API_KEY, raising=False)
    monkeypatch.setenv(ENV_BASE_URL, "http://127.0.0.1:9")
    out = io.StringIO()
    assert main([], out=out) == 0
    assert out.getvalue() == SKIP_MESSAGE + "\n"


def test_a_full_run_against_the_mock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, spec: Spec
) -> None:
    out = io.StringIO()
    with serve_in_thread(FAST) as server:
        monkeypatch.setenv(ENV_BASE_URL, server.base_url)
        monkeypatch.setenv(ENV_API_KEY, server.api_key)
        argv = ["--models", "z-image,kling-v3-pro", "--timeout", "10", "--poll-interval", "0.02"]
        code = main([*argv, "--save-examples", str(tmp_path)], out=out)
    text = out.getvalue()
    assert code == 0, text
    assert "0 with drift, 0 problem(s)" in text
    assert "DRIFT" not in text
    assert "PROBLEM" not in text
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json"))
    assert {
        "CreateTaskResponse/live-z-image-submitted.json",
        "RecordInfoResponse/live-z-image-success.json",
        "RecordInfoResponse/live-kling-v3-pro-success.json",
        "BusinessError/live-z-image-bad-aspect-ratio.json",
        "BusinessError/live-z-image-missing-prompt.json",
        "BusinessError/live-recordinfo-unknown-task.json",
        "GatewayError/live-recordinfo-unauthorized.json",
    } <= set(written)
    for name in written:
        schema = name.split("/", 1)[0]
        body = json.loads((tmp_path / name).read_text("utf-8"))
        assert jsonschema_rs.validator_for(spec.json_schema(schema)).is_valid(body), name


def _drifting(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/createTask"):
        return httpx.Response(200, json={"code": 200, "msg": "success", "data": {"taskId": "t1"}})
    record = {"taskId": "t1", "model": "z-image", "state": "generating", "eta": 5, "costTime": 1.5}
    return httpx.Response(200, json={"code": 200, "msg": "success", "data": record})


def test_drift_and_a_task_that_never_ends(spec: Spec) -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    options = LiveOptions(base_url="http://real.test", api_key="k", timeout=60, probes=False)
    with httpx.Client(transport=httpx.MockTransport(_drifting), base_url="http://real.test") as c:
        check = LiveCheck(spec, options, client=c, sleep=sleep, monotonic=lambda: now[0])
        check.run()
    assert slept[:3] == [2.0, 2.0, 2.0]
    assert 5.0 in slept  # after 30 s the interval grows
    assert now[0] <= 60
    assert check.problems == [
        "z-image: task 't1' did not finish within 60 s (last state 'generating')"
    ]
    polled = check.exchanges[1]
    assert [(f.kind, f.path) for f in polled.findings] == [
        ("unknown-field", "$.data.eta"),
        ("type", "$.data.costTime"),
    ]
    out = io.StringIO()
    assert report(check, out) == 1
    assert (
        "DRIFT     GET recordInfo z-image → 200 RecordInfoResponse [generating]" in out.getvalue()
    )


def test_undeclared_status_and_non_json_body(spec: Spec) -> None:
    def teapot(request: httpx.Request) -> httpx.Response:
        return httpx.Response(418, text="<html>teapot</html>")

    options = LiveOptions(base_url="http://real.test", api_key="k", probes=False)
    with httpx.Client(transport=httpx.MockTransport(teapot), base_url="http://real.test") as c:
        check = LiveCheck(spec, options, client=c, sleep=lambda _: None)
        check.run()
    (exchange,) = check.exchanges
    assert exchange.problems == (
        "expected HTTP 200, got 418",
        "HTTP 418 is not declared for POST /api/v1/jobs/createTask "
        "(declared: 200, 400, 401, 403, 413, 415, 422, 429, 500)",
        "the body is not JSON: '<html>teapot</html>'",
    )
    assert check.problems == ["z-image: no taskId from createTask (HTTP 418)"]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param("kling-v3-pro", {"prompt": "p"}, id="prompt-unless-multi-prompt"),
        pytest.param("seedream-v4-5-edit", {"prompt": "p", "reference_images": ["u"]}, id="edit"),
    ],
)
def test_minimal_request(spec: Spec, model: str, expected: dict[str, Any]) -> None:
    assert minimal_request(spec, model, prompt="p", image_url="u")["input"] == expected


def test_usage_errors(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(ENV_API_KEY, "k")
    monkeypatch.setenv(ENV_BASE_URL, "http://127.0.0.1:9")
    assert main(["--models", "nope"]) == 2
    assert "unknown model 'nope'" in capsys.readouterr().err
    assert main(["--models", "seedream-v4-5-edit"]) == 2
    assert "pass --image-url URL" in capsys.readouterr().err
