"""``make demo`` keeps working: the demo drives real loopback servers end to end."""

from __future__ import annotations

import pytest

from mock_server.demo import build_request, run_demo
from mock_server.spec import Spec
from mock_server.validation import RequestValidator


def test_demo_requests_are_valid_for_every_model(spec: Spec) -> None:
    validator = RequestValidator(spec)
    for model_id in spec.models:
        assert validator.problems(build_request(spec, model_id)) == [], model_id


def test_demo_runs_an_image_and_a_video_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(["z-image", "kling-v3-pro"], timeout_s=30) == 0
    out = capsys.readouterr().out
    assert "callbacks received: 2 of 2 (states ['success'])" in out
    assert "PNG 1024x1024" in out
    assert "MP4 640x360 10.0s" in out
