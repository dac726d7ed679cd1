"""What a work's file is, judged by its content and never by its name: MP4 or WebM video (the
container by its first bytes, then ffprobe must find a video stream in it; a poster frame taken
with ffmpeg), JPEG/PNG/WebP images, GIF animations. ffprobe and ffmpeg run with a timeout, read
only the file itself (no other protocol) with the demuxer the first bytes named."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from PIL import Image

FFPROBE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"
PROBE_SECONDS = 20
POSTER_SECONDS = 30
MB = 1024 * 1024
IMAGE_MB = 10
JPEG = b"\xff\xd8\xff"
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash"}
MP4_BRANDS |= {b"M4V ", b"msnv"}
IMAGES = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]
GIF = (b"GIF87a", b"GIF89a")
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; beyond it a picture is a bomb, not a work


class MediaRefused(Exception):
    pass


@dataclass
class Checked:
    """A file that passed: where it lies (a temporary copy), what it is, and its poster."""

    path: Path
    content_type: str
    extension: str
    size: int
    sha256: str
    duration: Decimal | None = None
    poster: Path | None = None


def video_max_mb() -> int:
    return settings.ZHENXING_SHOWCASE_VIDEO_MB


def _copy(upload, folder: Path) -> tuple[Path, str]:
    """The upload written to `folder`, and its SHA-256."""
    path = folder / "upload"
    digest = hashlib.sha256()
    upload.seek(0)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    upload.seek(0)
    return path, digest.hexdigest()


def _sized(upload, limit_mb: int) -> None:
    if upload.size == 0:
        raise MediaRefused(f"文件 {upload.name} 是空的。")
    if upload.size > limit_mb * MB:
        raise MediaRefused(
            f"文件 {upload.name} 超过 {limit_mb} MB（现约 {upload.size / MB:.1f} MB），"
            "请压缩后再上传。"
        )


def _head(upload, count: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head


def video_container(head: bytes) -> tuple[str, str, str] | None:
    """(ffmpeg demuxer, content type, extension) of an MP4 or WebM file by its first bytes."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mov", "video/mp4", ".mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:  # EBML with DocType webm
        return "matroska", "video/webm", ".webm"
    return None


def _run(arguments: list[str], seconds: int) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(arguments, capture_output=True, timeout=seconds, check=False)  # noqa: S603 — fixed program, list arguments
    except (subprocess.TimeoutExpired, OSError):
        return None


def probe(path: Path, demuxer: str) -> dict | None:
    """ffprobe's account of the file (format and streams), or None when it cannot read it."""
    done = _run(
        [
            FFPROBE,
            *("-v", "error", "-protocol_whitelist", "file", "-f", demuxer),
            *("-show_entries", "format=format_name,duration:stream=codec_type"),
            *("-show_entries", "stream_disposition=attached_pic", "-of", "json"),
            f"file:{path}",
        ],
        PROBE_SECONDS,
    )
    if done is None or done.returncode != 0:
        return None
    try:
        return json.loads(done.stdout)
    except ValueError:
        return None


def has_video_stream(found: dict) -> bool:
    """A moving picture: a video stream that is not a cover picture (as audio files carry)."""
    return any(
        s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        for s in found.get("streams", [])
    )


def _duration(found: dict) -> Decimal | None:
    try:
        return Decimal(found.get("format", {}).get("duration", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def extract_poster(path: Path, demuxer: str) -> Path | None:
    """The first frame as a JPEG, at most 640 pixels wide; None when no frame can be decoded."""
    poster = path.with_name("poster.jpg")
    done = _run(
        [
            FFMPEG,
            *("-v", "error", "-nostdin", "-protocol_whitelist", "file", "-f", demuxer),
            *("-i", f"file:{path}", "-frames:v", "1", "-vf", "scale='min(640,iw)':-2"),
            *("-f", "image2", "-c:v", "mjpeg", "-y", str(poster)),
        ],
        POSTER_SECONDS,
    )
    if done is None or done.returncode != 0 or not poster.exists():
        return None
    return poster if poster.read_bytes()[:3] == JPEG else None


NOT_A_VIDEO = (
    "文件 {name} 不是 MP4 或 WebM 视频（按文件内容判断，而非扩展名）：请用手机或剪辑软件导出为 "
    "MP4（H.264）或 WebM 后再上传。"
)


def check_video(upload, folder: Path) -> Checked:
    """The upload as a checked video with its poster, copied into `folder`; else MediaRefused."""
    _sized(upload, video_max_mb())
    container = video_container(_head(upload))
    if container is None:
        raise MediaRefused(NOT_A_VIDEO.format(name=upload.name))
    demuxer, content_type, extension = container
    path, sha256 = _copy(upload, folder)
    found = probe(path, demuxer)
    if found is None:
        raise MediaRefused(NOT_A_VIDEO.format(name=upload.name) + "（文件无法读取，可能已损坏）")
    if not has_video_stream(found):
        raise MediaRefused(
            f"文件 {upload.name} 里没有视频画面（只有声音或是空的容器），请上传带画面的视频。"
        )
    poster = extract_poster(path, demuxer)
    if poster is None:
        raise MediaRefused(f"文件 {upload.name} 的视频画面无法解码，请重新导出后再上传。")
    return Checked(
        path, content_type, extension, upload.size, sha256, _duration(found), poster=poster
    )


def image_type(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in IMAGES:
        if head.startswith(magic):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def check_picture(upload, folder: Path, animation: bool) -> Checked:
    """An image (JPEG, PNG, WebP) or, for an animation, a GIF; by content, at most 10 MB."""
    _sized(upload, IMAGE_MB)
    head = _head(upload)
    if animation:
        found = ("image/gif", ".gif") if head.startswith(GIF) else None
        wanted = "GIF 动图"
    else:
        found = image_type(head)
        wanted = "JPG、PNG 或 WebP 图片"
    if found is None:
        raise MediaRefused(
            f"文件 {upload.name} 不是 {wanted}（按文件内容判断，而非扩展名），请转换后再上传。"
        )
    path, sha256 = _copy(upload, folder)
    _decodes(path, upload.name, wanted)
    return Checked(path, *found, upload.size, sha256)


def _decodes(path: Path, name: str, wanted: str) -> None:
    """The picture is whole: Pillow reads its header and checks its structure without
    decoding the pixels (a huge one is refused as a decompression bomb)."""
    try:
        with Image.open(path) as picture:
            width, height = picture.size
            picture.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise MediaRefused(
            f"文件 {name} 开头像 {wanted}，但内容不完整或已损坏，请重新导出后再上传。"
        ) from None
    if width * height > MAX_PIXELS:
        raise MediaRefused(f"图片 {name} 太大（{width}×{height} 像素），请缩小后再上传。")


def workspace() -> tempfile.TemporaryDirectory:
    """A private folder for the copies ffprobe and ffmpeg read; gone when closed."""
    return tempfile.TemporaryDirectory(prefix="zhenxing-showcase-")
