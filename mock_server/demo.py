"""``make demo``: start the mock on loopback and drive the typed client through every model.

For each of the twelve models it builds the typed request (from
``openapi/examples/CreateTaskRequest/<model>.json`` when present), submits it with a
``callBackUrl`` pointing at a local receiver, waits for the task to end, downloads the result
and measures it, and shows the callbacks that arrived. It uses the facade
(``liangxin.LiangXin``) over the generated client. Nothing leaves the machine: the mock, the
receiver and the client all use 127.0.0.1.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from liangxin import LiangXin, LiangXinError, PollSchedule
from liangxin.types import request_from_dict
from mock_server import media
from mock_server.settings import Phases, Settings
from mock_server.spec import Spec, load_spec
from mock_server.testing import serve_in_thread

__all__ = ["build_request", "main"]

_EXAMPLES = Path(__file__).resolve().parent.parent / "openapi" / "examples" / "CreateTaskRequest"


def build_request(spec: Spec, model_id: str) -> dict[str, Any]:
    """A valid createTask body for ``model_id``: the spec's example file, else a minimal one."""
    example = _EXAMPLES / f"{model_id}.json"
    if example.is_file():
        body: dict[str, Any] = json.loads(example.read_text(encoding="utf-8"))
        body.pop("callBackUrl", None)
        return body
    data: dict[str, Any] = {"prompt": "A lighthouse at dawn, watercolour"}
    if "reference_images" in spec.models[model_id].input.get("required", []):
        data["reference_images"] = ["https://example.com/reference.png"]
    return {"model": model_id, "input": data}


def _receiver() -> tuple[Starlette, list[dict[str, Any]], threading.Lock]:
    received: list[dict[str, Any]] = []
    lock = threading.Lock()

    async def callback(request: Request) -> Response:
        body = await request.json()
        with lock:
            received.append(body)
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/callback", callback, methods=["POST"])]), received, lock


def _describe_file(data: bytes, *, is_video: bool) -> str:
    if is_video:
        info = media.probe_video(data)
        return f"MP4 {info.width}x{info.height} {info.duration_s:.1f}s ({len(data) // 1024} KiB)"
    image = media.probe_image(data)
    return f"{image.format.upper()} {image.width}x{image.height} ({len(data) // 1024} KiB)"


def run_demo(models: Sequence[str] | None = None, *, timeout_s: float = 60.0) -> int:
    spec = load_spec()
    settings = Settings(
        seed=7,
        rate_limit=0,
        phases={"image": Phases(0.2, 0.3, 1.0), "video": Phases(0.3, 0.5, 2.0)},
    )
    receiver_app, received, lock = _receiver()
    chosen = list(models or sorted(spec.models))
    failures = 0
    with serve_in_thread(settings) as mock, serve_in_thread(app=receiver_app) as receiver:
        print(f"mock on {mock.base_url} (key {mock.api_key!r}); callbacks to {receiver.base_url}")
        with LiangXin(mock.api_key, mock.base_url) as lx:
            submitted: dict[str, str] = {}
            for model_id in chosen:
                body = build_request(spec, model_id)
                body["callBackUrl"] = f"{receiver.base_url}/callback"
                request = request_from_dict(body)
                try:
                    submitted[model_id] = lx.submit(request)
                except LiangXinError as exc:
                    print(f"  {model_id:32} createTask failed: {exc}")
                    failures += 1
            print(f"created {len(submitted)} tasks; waiting for each to end")
            for model_id, task_id in submitted.items():
                try:
                    task = lx.wait(task_id, timeout=timeout_s, poll=PollSchedule.fixed(0.2))
                    data = lx.download(task.result_urls[0])
                except LiangXinError as exc:
                    print(f"  {model_id:32} {task_id:50} {exc}")
                    failures += 1
                    continue
                shown = _describe_file(data, is_video=spec.models[model_id].is_video)
                print(f"  {model_id:32} {task_id:50} success  {shown}")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with lock:
                    if len(received) >= len(chosen) - failures:
                        break
                time.sleep(0.05)
    with lock:
        states = sorted({cb["data"]["state"] for cb in received})
        print(f"callbacks received: {len(received)} of {len(chosen)} (states {states})")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_server.demo", description=__doc__)
    parser.add_argument("--models", help="comma-separated model ids (default: all twelve)")
    args = parser.parse_args(argv)
    models = [m.strip() for m in args.models.split(",")] if args.models else None
    return run_demo(models)


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    sys.exit(main())
