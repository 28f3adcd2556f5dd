"""Tests for ``mock_server.media``: the mock's real, seeded image and MP4 result files."""

from __future__ import annotations

import io
import re
from fractions import Fraction

import av
import pytest
from av.container import InputContainer
from PIL import Image

from mock_server import media
from mock_server.media import (
    MAX_SIDE,
    ImageInfo,
    media_type,
    normalise_image_format,
    probe_image,
    probe_video,
    render_image,
    render_video,
)

FORMATS = [
    pytest.param("png", id="png"),
    pytest.param("jpeg", id="jpeg"),
    pytest.param("webp", id="webp"),
]

IMAGE_SIZES = [
    pytest.param(512, 512, id="1to1"),
    pytest.param(1024, 576, id="16to9"),
    pytest.param(576, 1024, id="9to16"),
    pytest.param(896, 384, id="21to9"),
    pytest.param(768, 1024, id="3to4"),
    pytest.param(7, 3, id="odd-tiny"),
    pytest.param(1, 1, id="one-pixel"),
]

BAD_FORMATS = [
    pytest.param("gif", id="gif"),
    pytest.param("image/gif", id="image-gif"),
    pytest.param("", id="empty"),
    pytest.param("jpeg ", id="trailing-space"),
    pytest.param("mp4", id="video-format"),
]

EXPECTED_DECODER = "h264" if media.VIDEO_CODEC == "libx264" else "mpeg4"


def _open_video(data: bytes) -> InputContainer:
    return av.open(io.BytesIO(data), mode="r")


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


# ---------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        pytest.param("png", "png", id="png"),
        pytest.param("image/png", "png", id="image-png"),
        pytest.param("jpeg", "jpeg", id="jpeg"),
        pytest.param("jpg", "jpeg", id="jpg"),
        pytest.param("image/jpeg", "jpeg", id="image-jpeg"),
        pytest.param("webp", "webp", id="webp"),
        pytest.param("image/webp", "webp", id="image-webp"),
        pytest.param("PNG", "png", id="upper-case"),
    ],
)
def test_normalise_image_format_accepts_aliases(alias: str, expected: str) -> None:
    assert normalise_image_format(alias) == expected


@pytest.mark.parametrize("bad", BAD_FORMATS)
def test_normalise_image_format_rejects_unknown_naming_value_and_allowed(bad: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad))) as excinfo:
        normalise_image_format(bad)
    assert "png" in str(excinfo.value)
    assert "image/jpeg" in str(excinfo.value)


@pytest.mark.parametrize("bad", BAD_FORMATS)
def test_render_image_rejects_unknown_format(bad: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        render_image(8, 8, seed=0, fmt=bad)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        pytest.param("png", "image/png", id="png"),
        pytest.param("jpeg", "image/jpeg", id="jpeg"),
        pytest.param("jpg", "image/jpeg", id="jpg"),
        pytest.param("image/jpeg", "image/jpeg", id="image-jpeg"),
        pytest.param("webp", "image/webp", id="webp"),
        pytest.param("mp4", "video/mp4", id="mp4"),
        pytest.param("video/mp4", "video/mp4", id="video-mp4"),
    ],
)
def test_media_type(fmt: str, expected: str) -> None:
    assert media_type(fmt) == expected


def test_media_type_rejects_unknown() -> None:
    with pytest.raises(ValueError, match=r"'mov'.*mp4"):
        media_type("mov")


# ---------------------------------------------------------------------------- images


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("width", "height"), IMAGE_SIZES)
def test_render_image_has_exact_size_and_format(width: int, height: int, fmt: str) -> None:
    data = render_image(width, height, seed=42, fmt=fmt)
    assert probe_image(data) == ImageInfo(format=fmt, width=width, height=height, mode="RGB")
    with Image.open(io.BytesIO(data)) as image:  # independent of probe_image
        assert image.size == (width, height)
        assert image.format == fmt.upper()


@pytest.mark.parametrize(
    ("alias", "pillow_format"),
    [
        pytest.param("jpg", "JPEG", id="jpg"),
        pytest.param("image/png", "PNG", id="image-png"),
        pytest.param("image/jpeg", "JPEG", id="image-jpeg"),
    ],
)
def test_render_image_accepts_aliases(alias: str, pillow_format: str) -> None:
    with Image.open(io.BytesIO(render_image(40, 30, seed=1, fmt=alias))) as image:
        assert image.format == pillow_format


def test_render_image_4096_square_png() -> None:
    data = render_image(4096, 4096, seed=3)
    info = probe_image(data)
    assert (info.format, info.width, info.height) == ("png", 4096, 4096)


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_image_is_deterministic(fmt: str) -> None:
    first = render_image(320, 200, seed=1234, fmt=fmt)
    assert render_image(320, 200, seed=1234, fmt=fmt) == first
    assert render_image(320, 200, seed=1235, fmt=fmt) != first


def test_render_image_seed_changes_pixels() -> None:
    images = {_pixels(render_image(64, 48, seed=seed)) for seed in range(10)}
    assert len(images) == 10


def test_render_image_is_not_flat() -> None:
    with Image.open(io.BytesIO(render_image(256, 256, seed=5))) as image:
        colours = image.getcolors(maxcolors=256 * 256)
    assert colours is None or len(colours) > 100


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(0, 10, id="zero-width"),
        pytest.param(10, -1, id="negative-height"),
        pytest.param(MAX_SIDE + 1, 10, id="too-wide"),
    ],
)
def test_render_image_rejects_bad_sizes(width: int, height: int) -> None:
    with pytest.raises(ValueError, match="must be between 1 and"):
        render_image(width, height, seed=0)


def test_probe_image_reads_foreign_images() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (5, 9), (1, 2, 3, 4)).save(out, format="PNG")
    assert probe_image(out.getvalue()) == ImageInfo(format="png", width=5, height=9, mode="RGBA")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"definitely not an image", id="garbage"),
        pytest.param(render_image(64, 64, seed=0)[:200], id="truncated-png"),
    ],
)
def test_probe_image_rejects_unreadable_data(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a readable image"):
        probe_image(data)


def test_probe_image_rejects_other_formats() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="GIF")
    with pytest.raises(ValueError, match="'gif'"):
        probe_image(out.getvalue())


# ---------------------------------------------------------------------------- video


@pytest.mark.parametrize(
    ("duration_s", "fps"),
    [
        pytest.param(3.0, 8, id="3s-8fps"),
        pytest.param(5.0, 8, id="5s-8fps"),
        pytest.param(2.3, 8, id="2.3s-8fps-rounded"),
        pytest.param(0.05, 8, id="shorter-than-a-frame"),
        pytest.param(4.0, 24, id="4s-24fps"),
    ],
)
def test_render_video_duration_within_one_frame(duration_s: float, fps: int) -> None:
    info = probe_video(render_video(160, 90, duration_s, seed=7, fps=fps))
    assert abs(info.duration_s - duration_s) <= 1 / fps
    assert info.frame_count == max(1, round(duration_s * fps))
    assert info.fps == fps


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        pytest.param(320, 180, (320, 180), id="16to9"),
        pytest.param(180, 320, (180, 320), id="9to16"),
        pytest.param(240, 240, (240, 240), id="1to1"),
        pytest.param(321, 181, (322, 182), id="odd-rounded-up"),
        pytest.param(1, 1, (2, 2), id="one-pixel"),
    ],
)
def test_render_video_opens_with_pyav(width: int, height: int, expected: tuple[int, int]) -> None:
    data = render_video(width, height, 3.0, seed=11)
    with _open_video(data) as container:
        assert "mp4" in container.format.name.split(",")
        assert container.duration is not None
        assert abs(container.duration / av.time_base - 3.0) <= 1 / 8
        (stream,) = container.streams.video
        assert not container.streams.audio
        assert stream.codec_context.name == EXPECTED_DECODER
        assert (stream.codec_context.width, stream.codec_context.height) == expected
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert stream.average_rate == Fraction(8)
        frames = list(container.decode(stream))
    assert len(frames) == 24
    assert {(frame.width, frame.height) for frame in frames} == {expected}


def test_render_video_probe() -> None:
    data = render_video(640, 360, 5.0, seed=2)
    info = probe_video(data)
    assert info.format == "mp4"
    assert (info.width, info.height) == (640, 360)
    assert info.duration_s == pytest.approx(5.0, abs=1 / 8)
    assert info.codec == EXPECTED_DECODER
    assert info.frame_count == 40
    assert info.pixel_format == "yuv420p"
    assert info.faststart
    assert data[4:8] == b"ftyp"
    assert data.find(b"moov") < data.find(b"mdat")


def test_render_video_15s_720p() -> None:
    info = probe_video(render_video(1280, 720, 15.0, seed=0))
    assert (info.width, info.height, info.frame_count) == (1280, 720, 120)
    assert info.duration_s == pytest.approx(15.0, abs=1 / 8)


def test_render_video_is_deterministic() -> None:
    first = render_video(192, 108, 2.0, seed=99)
    assert render_video(192, 108, 2.0, seed=99) == first
    other = render_video(192, 108, 2.0, seed=100)
    assert other != first
    with _open_video(first) as a, _open_video(other) as b:
        frame_a = next(a.decode(video=0))
        frame_b = next(b.decode(video=0))
        assert bytes(frame_a.planes[0]) != bytes(frame_b.planes[0])


def test_render_video_frames_move() -> None:
    with _open_video(render_video(160, 90, 1.0, seed=4)) as container:
        lumas = {bytes(frame.planes[0]) for frame in container.decode(video=0)}
    assert len(lumas) == 8


def test_render_video_mpeg4_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "VIDEO_CODEC", "mpeg4")
    info = probe_video(render_video(320, 180, 3.0, seed=1))
    assert (info.codec, info.width, info.height, info.frame_count) == ("mpeg4", 320, 180, 24)
    assert info.duration_s == pytest.approx(3.0, abs=1 / 8)
    assert info.faststart


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"duration_s": 0.0}, "duration_s", id="zero-duration"),
        pytest.param({"duration_s": -1.0}, "duration_s", id="negative-duration"),
        pytest.param({"duration_s": float("nan")}, "duration_s", id="nan-duration"),
        pytest.param({"duration_s": float("inf")}, "duration_s", id="inf-duration"),
        pytest.param({"duration_s": 121.0}, "duration_s", id="too-long"),
        pytest.param({"fps": 0}, "fps", id="zero-fps"),
        pytest.param({"fps": 61}, "fps", id="too-many-fps"),
        pytest.param({"width": 0}, "width", id="zero-width"),
        pytest.param({"height": MAX_SIDE + 1}, "height", id="too-high"),
    ],
)
def test_render_video_rejects_bad_arguments(kwargs: dict[str, float], message: str) -> None:
    args: dict[str, float] = {"width": 64, "height": 64, "duration_s": 1.0, "fps": 8}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        render_video(
            int(args["width"]),
            int(args["height"]),
            args["duration_s"],
            seed=0,
            fps=int(args["fps"]),
        )


def test_probe_video_detects_missing_faststart() -> None:
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=8)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for index in range(4):
            frame = av.VideoFrame(32, 32, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    info = probe_video(out.getvalue())
    assert (info.format, info.frame_count, info.faststart) == ("mp4", 4, False)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"definitely not a video" * 10, id="garbage"),
        pytest.param(render_image(16, 16, seed=0, fmt="png"), id="png"),
        pytest.param(render_image(16, 16, seed=0, fmt="jpeg"), id="jpeg"),
        pytest.param(render_image(16, 16, seed=0, fmt="webp"), id="webp"),
    ],
)
def test_probe_video_rejects_non_videos(data: bytes) -> None:
    with pytest.raises(ValueError, match=r"not a readable video|still image"):
        probe_video(data)


def test_probe_video_rejects_audio_only_mp4() -> None:
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("aac", rate=8000)
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate, frame.pts = 8000, 0
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    with pytest.raises(ValueError, match="no video stream"):
        probe_video(out.getvalue())
