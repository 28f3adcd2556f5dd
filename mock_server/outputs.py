"""What a successful task produces: its result files' names, formats and pixel sizes.

Sizes come from the spec: explicit ``width``/``height``, a size name whose schema carries
``x-liangxin-sizes`` (``image_size``), an aspect ratio with a size table (Seedream, Kling),
a resolution tier's long side (Nano Banana), or else the ratio itself at
:data:`DEFAULT_LONG_SIDE`. Content is deterministic from the prompt, the input seed and the
server seed, so the same request renders the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

from mock_server.media import normalise_image_format
from mock_server.spec import ModelInfo, Spec

__all__ = ["DEFAULT_LONG_SIDE", "ResultFile", "output_size", "parse_ratio", "result_files"]

#: Long side in pixels when the spec gives a ratio but no size (a mock choice, not an API fact).
DEFAULT_LONG_SIDE = 1024

_COLON = re.compile(r"^(\d+):(\d+)$")
_ALIAS = re.compile(r"_(\d+)_(\d+)$")


@attrs.frozen(slots=True)
class ResultFile:
    """One downloadable result of a task."""

    name: str
    fmt: str  # png | jpeg | webp | mp4
    width: int
    height: int
    seed: int
    duration_s: float | None = None


def parse_ratio(value: str) -> tuple[int, int] | None:
    """``'16:9'`` or a Magnific alias like ``'widescreen_16_9'`` → ``(16, 9)``."""
    match = _COLON.match(value) or _ALIAS.search(value)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def _from_ratio(ratio: tuple[int, int], long_side: int) -> tuple[int, int]:
    w, h = ratio
    if w >= h:
        return long_side, max(1, round(long_side * h / w))
    return max(1, round(long_side * w / h)), long_side


def output_size(spec: Spec, model: ModelInfo, data: Mapping[str, Any]) -> tuple[int, int]:
    """Pixel size of the result for ``data`` (the request's ``input``)."""
    if isinstance(data.get("width"), int) and isinstance(data.get("height"), int):
        return int(data["width"]), int(data["height"])
    fields = model.input.get("properties", {})
    long_side: int | None = None
    # Size names (e.g. z-image `image_size`) win over the aspect ratio, as documented.
    for name, schema in fields.items():
        table = spec.sizes_of(schema)
        value = data.get(name, model.provider_default(name))
        if not table or value not in table:
            continue
        size = table[value]
        explicit = name in data or "aspect_ratio" not in data
        if isinstance(size, list) and name != "aspect_ratio" and explicit:
            return int(size[0]), int(size[1])
        if isinstance(size, int):
            long_side = size
    ratio_value = data.get("aspect_ratio", model.provider_default("aspect_ratio"))
    if isinstance(ratio_value, str):
        table = spec.sizes_of(fields.get("aspect_ratio", {}))
        if ratio_value in table and long_side is None:
            w, h = table[ratio_value]
            return int(w), int(h)
        ratio = parse_ratio(ratio_value)
        if ratio:
            return _from_ratio(ratio, long_side or DEFAULT_LONG_SIDE)
    width, height = model.provider_default("width"), model.provider_default("height")
    if isinstance(width, int) and isinstance(height, int):
        return width, height
    return _from_ratio((1, 1), long_side or DEFAULT_LONG_SIDE)


def _fit(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, max_side / max(w, h))
    # Video encoders want even sizes.
    return max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)


def result_files(
    spec: Spec,
    model: ModelInfo,
    param: str,
    *,
    server_seed: int,
    max_video_side: int,
) -> list[ResultFile]:
    """The files a successful task with createTask body ``param`` (JSON) produces."""
    body = json.loads(param)
    data: dict[str, Any] = body.get("input", {}) if isinstance(body, dict) else {}
    digest = hashlib.sha256(
        json.dumps(
            [server_seed, model.id, data.get("prompt"), data.get("seed")], sort_keys=True
        ).encode()
    ).digest()
    seed = int.from_bytes(digest[:8], "big")
    size = output_size(spec, model, data)
    if model.is_video:
        raw = data.get("duration", model.provider_default("duration"))
        duration = float(raw) if raw is not None else 5.0
        w, h = _fit(size, max_video_side)
        return [ResultFile("0.mp4", "mp4", w, h, seed, duration)]
    fmt = normalise_image_format(str(data.get("output_format") or "png"))
    return [ResultFile(f"0.{'jpg' if fmt == 'jpeg' else fmt}", fmt, size[0], size[1], seed)]
