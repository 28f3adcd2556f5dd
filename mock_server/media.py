"""Real result files for the mock server: seeded placeholder images and MP4 clips.

The mock does not generate anything meaningful, but the files it hands out must be *real*:
a client that downloads a result and opens it with an image library or a video player has
to get a valid file of the advertised type, size and length. This module renders those
files in memory and can probe them back (for tests and for the mock's own sanity checks).

Choices:

* **Deterministic from a seed.** Every colour, position and path comes from
  ``random.Random(seed)``, so the same arguments give byte-identical output (within one
  build of Python, Pillow/zlib/libwebp and PyAV's FFmpeg/x264) and a different seed gives
  different pixels. The mock passes the task's seed, so repeated tasks are reproducible.
* **Cheap at any size.** Images are never touched pixel by pixel in Python: the background
  is three 256x256 gradients (``Image.linear_gradient`` / ``Image.radial_gradient``)
  merged and *resized* to the target size, then a handful of shapes is drawn with
  ``ImageDraw``. A 4096x4096 PNG takes well under a second, most of it in zlib.
* **Images** are RGB; PNG uses zlib level 6, JPEG quality 90, WebP lossy quality 80
  (``method=2``, a fast encoder setting).
* **Video** is MP4 (H.264 through libx264 with ``preset=ultrafast``, no B-frames, a
  keyframe every two seconds; MPEG-4 Part 2 if PyAV's FFmpeg lacks libx264, see
  :data:`VIDEO_CODEC`), ``yuv420p``, ``movflags=+faststart``. yuv420p stores chroma at half
  resolution, so **odd widths/heights are rounded up to the next even number**. The clip
  has ``round(duration_s * fps)`` frames (at least one), so the container duration is within
  half a frame of ``duration_s``. x264 runs with a fixed thread count so that its output does
  not depend on the machine's CPU count.
* **Faststart into memory.** FFmpeg's ``+faststart`` rewrites the file in a second pass by
  re-opening the output *for reading*, which fails for a Python file object. ``av.open``
  takes an ``io_open`` hook for exactly such extra opens; ours hands FFmpeg a snapshot of the
  bytes written so far, so the whole encode stays in an :class:`io.BytesIO`.
"""

from __future__ import annotations

import io
import math
import random
from fractions import Fraction
from typing import IO, Final

import attrs
import av
import av.error
from PIL import Image, ImageDraw, ImageOps

__all__ = [
    "MAX_SIDE",
    "MAX_VIDEO_DURATION_S",
    "VIDEO_CODEC",
    "ImageInfo",
    "VideoInfo",
    "media_type",
    "normalise_image_format",
    "probe_image",
    "probe_video",
    "render_image",
    "render_video",
]

MAX_SIDE: Final = 8192
"""Largest width or height accepted by the renderers (the API tops out at 4096)."""

MAX_VIDEO_DURATION_S: Final = 120.0
"""Longest clip :func:`render_video` renders (the API tops out at 15 s)."""

_IMAGE_FORMATS: Final = ("png", "jpeg", "webp")
_IMAGE_ALIASES: Final[dict[str, str]] = {
    "png": "png",
    "image/png": "png",
    "jpeg": "jpeg",
    "jpg": "jpeg",
    "image/jpeg": "jpeg",
    "webp": "webp",
    "image/webp": "webp",
}
_MEDIA_TYPES: Final[dict[str, str]] = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "mp4": "video/mp4",
}
_PILLOW_FORMATS: Final[dict[str, str]] = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}
_SAVE_OPTIONS: Final[dict[str, dict[str, int]]] = {
    "png": {"compress_level": 6},
    "jpeg": {"quality": 90},
    "webp": {"quality": 80, "method": 2},
}

_ENCODER_THREADS: Final = 4  # fixed, so that x264's output does not depend on the host
_MAX_FPS: Final = 60
_AVIO_FLAG_READ: Final = 1


def _pick_video_codec() -> str | None:
    """The best MP4 video encoder PyAV's FFmpeg offers: libx264, else mpeg4, else none."""
    for name in ("libx264", "mpeg4"):
        if name not in av.codecs_available:
            continue
        try:
            av.Codec(name, "w")
        except (av.error.FFmpegError, ValueError):  # pragma: no cover - build dependent
            continue
        return name
    return None  # pragma: no cover - every PyAV wheel ships at least mpeg4


VIDEO_CODEC: str | None = _pick_video_codec()
"""Encoder :func:`render_video` uses: ``"libx264"`` when available, else ``"mpeg4"``."""


@attrs.frozen
class ImageInfo:
    """What :func:`probe_image` found: format (``png``/``jpeg``/``webp``), size and mode."""

    format: str
    width: int
    height: int
    mode: str


@attrs.frozen
class VideoInfo:
    """What :func:`probe_video` found in a video file.

    ``codec`` is the decoder's name (``h264`` for libx264 output), ``duration_s`` the
    container duration, ``faststart`` whether the ``moov`` box precedes ``mdat``.
    """

    format: str
    width: int
    height: int
    duration_s: float
    codec: str
    frame_count: int
    fps: float
    pixel_format: str
    faststart: bool


# ---------------------------------------------------------------------------- formats


def normalise_image_format(fmt: str) -> str:
    """Map an image format name or alias (case-insensitive) to ``png``, ``jpeg`` or ``webp``.

    >>> normalise_image_format("image/jpeg"), normalise_image_format("jpg")
    ('jpeg', 'jpeg')

    Raises:
        ValueError: ``fmt`` is not a known format; the message names it and the allowed ones.
    """
    try:
        return _IMAGE_ALIASES[fmt.lower()]
    except KeyError:
        allowed = ", ".join(_IMAGE_ALIASES)
        raise ValueError(f"unsupported image format {fmt!r}; expected one of {allowed}") from None


def media_type(fmt: str) -> str:
    """HTTP content type for ``png``, ``jpeg``, ``webp``, ``mp4`` or an alias of them.

    >>> media_type("jpg"), media_type("mp4")
    ('image/jpeg', 'video/mp4')

    Raises:
        ValueError: ``fmt`` is none of those.
    """
    if fmt.lower() in {"mp4", "video/mp4"}:
        return _MEDIA_TYPES["mp4"]
    try:
        return _MEDIA_TYPES[normalise_image_format(fmt)]
    except ValueError:
        allowed = ", ".join([*_IMAGE_ALIASES, "mp4", "video/mp4"])
        raise ValueError(f"unsupported media format {fmt!r}; expected one of {allowed}") from None


# ---------------------------------------------------------------------------- images


def _check_side(name: str, value: int) -> None:
    if not 1 <= value <= MAX_SIDE:
        raise ValueError(f"{name} must be between 1 and {MAX_SIDE}, got {value!r}")


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def _background(width: int, height: int, rng: random.Random) -> Image.Image:
    """A seeded RGB gradient: three 256x256 gradients shuffled into R, G, B and resized."""
    vertical = Image.linear_gradient("L")
    layers = [vertical, vertical.rotate(90), Image.radial_gradient("L")]
    rng.shuffle(layers)
    layers = [ImageOps.invert(layer) if rng.random() < 0.5 else layer for layer in layers]
    small = Image.merge("RGB", layers)
    return small.resize((width, height), Image.Resampling.BILINEAR)


def _draw_shapes(image: Image.Image, rng: random.Random) -> None:
    """Draw 4-7 seeded ellipses, rectangles and triangles onto ``image`` in place."""
    width, height = image.size
    draw = ImageDraw.Draw(image)
    short = min(width, height)
    for _ in range(rng.randint(4, 7)):
        kind = rng.choice(("ellipse", "rectangle", "triangle"))
        size = max(1, int(short * rng.uniform(0.1, 0.4)))
        x0 = rng.randrange(width)
        y0 = rng.randrange(height)
        x1, y1 = x0 + size, y0 + int(size * rng.uniform(0.5, 1.5))
        fill = _colour(rng)
        if kind == "ellipse":
            draw.ellipse((x0, y0, x1, y1), fill=fill)
        elif kind == "rectangle":
            draw.rectangle((x0, y0, x1, y1), fill=fill)
        else:
            draw.polygon([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=fill)


def render_image(width: int, height: int, *, seed: int, fmt: str = "png") -> bytes:
    """Render a seeded placeholder image of exactly ``width``x``height`` pixels.

    A colour gradient with a few shapes; everything derives from ``seed``, so equal
    arguments give byte-identical output. ``fmt`` is anything :func:`normalise_image_format`
    accepts.

    >>> data = render_image(64, 32, seed=7, fmt="image/jpeg")
    >>> probe_image(data)
    ImageInfo(format='jpeg', width=64, height=32, mode='RGB')

    Raises:
        ValueError: bad ``fmt``, or a side outside 1 to :data:`MAX_SIDE`.
    """
    fmt = normalise_image_format(fmt)
    _check_side("width", width)
    _check_side("height", height)
    rng = random.Random(seed)
    image = _background(width, height, rng)
    _draw_shapes(image, rng)
    out = io.BytesIO()
    image.save(out, format=fmt.upper(), **_SAVE_OPTIONS[fmt])
    return out.getvalue()


def probe_image(data: bytes) -> ImageInfo:
    """Identify and fully decode a PNG, JPEG or WebP image.

    >>> probe_image(render_image(3, 2, seed=0)).format
    'png'

    Raises:
        ValueError: ``data`` is not a complete image in one of those formats.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decodes everything: truncated or corrupt data fails here
            found = image.format or ""
            info = ImageInfo(
                format=_PILLOW_FORMATS.get(found, found.lower()),
                width=image.width,
                height=image.height,
                mode=image.mode,
            )
    # UnidentifiedImageError is an OSError; some plugins report broken files as SyntaxError
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"not a readable image: {exc}") from exc
    if info.format not in _IMAGE_FORMATS:
        raise ValueError(f"unsupported image format {info.format!r}")
    return info


# ---------------------------------------------------------------------------- video


def _even(value: int) -> int:
    return value + value % 2


def _bounce(start: float, speed: float, t: float, span: int) -> int:
    """Position at time ``t`` of a point bouncing between 0 and ``span`` (triangle wave)."""
    if span <= 0:
        return 0
    phase = (start + speed * t) % (2 * span)
    return int(phase if phase <= span else 2 * span - phase)


def render_video(width: int, height: int, duration_s: float, *, seed: int, fps: int = 8) -> bytes:
    """Render a seeded MP4 clip: a ball bouncing over a gradient, with a progress bar.

    The clip has ``round(duration_s * fps)`` frames (at least one), so its duration is
    within half a frame of ``duration_s``. yuv420p needs even sides: odd ``width`` or
    ``height`` are rounded **up** to the next even number. Codec: :data:`VIDEO_CODEC`.

    >>> info = probe_video(render_video(64, 35, 1.0, seed=1))
    >>> (info.width, info.height, info.duration_s, info.frame_count)
    (64, 36, 1.0, 8)

    Raises:
        ValueError: a side outside 1 to :data:`MAX_SIDE`, ``duration_s`` not in
            (0, :data:`MAX_VIDEO_DURATION_S`], or ``fps`` not in 1 to 60.
        RuntimeError: PyAV's FFmpeg has no usable MP4 video encoder.
    """
    _check_side("width", width)
    _check_side("height", height)
    if not (math.isfinite(duration_s) and 0 < duration_s <= MAX_VIDEO_DURATION_S):
        raise ValueError(f"duration_s must be in (0, {MAX_VIDEO_DURATION_S}], got {duration_s!r}")
    if not 1 <= fps <= _MAX_FPS:
        raise ValueError(f"fps must be between 1 and {_MAX_FPS}, got {fps!r}")
    codec = VIDEO_CODEC
    if codec is None:  # pragma: no cover - every PyAV wheel ships at least mpeg4
        raise RuntimeError("PyAV's FFmpeg has neither libx264 nor mpeg4")

    width, height = _even(width), _even(height)
    n_frames = max(1, round(duration_s * fps))
    rng = random.Random(seed)
    # RGBA because that is the only packed RGB layout VideoFrame.from_bytes takes
    background = _background(width, height, rng).convert("RGBA")
    ball = max(2, min(width, height) // 5)
    ball_colour = (*_colour(rng), 255)
    bar_colour = (*_colour(rng), 255)
    bar_height = max(1, height // 40)
    x_start, y_start = rng.uniform(0, 2 * width), rng.uniform(0, 2 * height)
    # speeds in px/s: cross the frame in 1-3 s
    x_speed, y_speed = width / rng.uniform(1, 3), height / rng.uniform(1, 3)

    out = io.BytesIO()

    def reopen_for_reading(url: str, flags: int, options: dict[str, str]) -> IO[bytes]:
        # +faststart's second pass re-opens the output to read it back; give it a snapshot.
        if flags != _AVIO_FLAG_READ:
            raise OSError(f"unexpected io_open of {url!r} with flags {flags}")
        return io.BytesIO(out.getvalue())

    options = {"preset": "ultrafast", "crf": "23"} if codec == "libx264" else {}
    with av.open(
        out,
        mode="w",
        format="mp4",
        container_options={"movflags": "+faststart"},
        io_open=reopen_for_reading,
    ) as container:
        stream = container.add_stream(codec, rate=fps, options=options)
        if not isinstance(stream, av.VideoStream):  # pragma: no cover - codecs are video
            raise RuntimeError(f"{codec} did not give a video stream")
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.gop_size = 2 * fps
        stream.thread_count = _ENCODER_THREADS
        if codec != "libx264":
            stream.bit_rate = max(100_000, width * height * fps // 8)
        time_base = Fraction(1, fps)
        for index in range(n_frames):
            t = index / fps
            image = background.copy()
            draw = ImageDraw.Draw(image)
            x = _bounce(x_start, x_speed, t, width - ball)
            y = _bounce(y_start, y_speed, t, height - ball)
            draw.ellipse((x, y, x + ball - 1, y + ball - 1), fill=ball_colour)
            bar_width = width * (index + 1) // n_frames
            if bar_width:
                draw.rectangle((0, height - bar_height, bar_width - 1, height - 1), fill=bar_colour)
            frame = av.VideoFrame.from_bytes(image.tobytes(), width, height, format="rgba")
            frame.pts = index
            frame.time_base = time_base
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


def _top_level_boxes(data: bytes) -> list[bytes]:
    """The types of an ISO-BMFF file's top-level boxes, in order (stops at damage)."""
    boxes: list[bytes] = []
    pos = 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        boxes.append(data[pos + 4 : pos + 8])
        if size == 1 and pos + 16 <= len(data):
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif size == 0:  # box runs to the end of the file
            break
        if size < 8:
            break
        pos += size
    return boxes


def probe_video(data: bytes) -> VideoInfo:
    """Open a video with PyAV and describe its first video stream.

    ``format`` is ``mp4`` for ISO-BMFF files (``mov`` for QuickTime ones, otherwise
    FFmpeg's demuxer name); ``frame_count`` comes from the container's sample table, or
    from counting packets when the container does not record it.

    >>> probe_video(render_video(32, 32, 0.5, seed=0)).codec in {"h264", "mpeg4"}
    True

    Raises:
        ValueError: ``data`` is not a video PyAV can open, is a still image (FFmpeg reads
            PNG/JPEG/WebP as one-frame videos), or has no video stream.
    """
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            demuxer = container.format.name
            if demuxer in {"image2", "image2pipe"} or demuxer.endswith("_pipe"):
                raise ValueError(f"a still image ({demuxer}), not a video")
            if not container.streams.video:
                raise ValueError("no video stream")
            stream = container.streams.video[0]
            if container.duration is not None:
                duration_s = container.duration / av.time_base
            elif stream.duration is not None and stream.time_base is not None:
                duration_s = float(stream.duration * stream.time_base)
            else:
                duration_s = math.nan
            frame_count = stream.frames or sum(
                1 for packet in container.demux(stream) if packet.size
            )
            info = VideoInfo(
                format=demuxer,
                width=stream.codec_context.width,
                height=stream.codec_context.height,
                duration_s=duration_s,
                codec=stream.codec_context.name,
                frame_count=frame_count,
                fps=float(stream.average_rate or 0),
                pixel_format=stream.codec_context.pix_fmt or "",
                faststart=False,
            )
            brand = container.metadata.get("major_brand", "")
    except av.error.FFmpegError as exc:
        raise ValueError(f"not a readable video: {exc}") from exc
    if "mp4" in demuxer.split(","):
        boxes = _top_level_boxes(data)
        fmt = "mov" if brand.strip() == "qt" else "mp4"
        faststart = b"moov" in boxes and (
            b"mdat" not in boxes or boxes.index(b"moov") < boxes.index(b"mdat")
        )
        info = attrs.evolve(info, format=fmt, faststart=faststart)
    return info
