"""A question's picture (of its stem or of an option): JPEG, PNG or WebP judged by content, at
most 5 MB and 40 megapixels, whole (Pillow checks its structure without decoding the pixels) —
the checks the showcase makes of its images. Stored under a random name; served only through
the exam's views."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

MAX_MB = 5
MAX_PIXELS = 40_000_000
TYPES = [(b"\xff\xd8\xff", ".jpg", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", ".png", "image/png")]
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


class ImageRefused(Exception):
    """The file is not a picture a question can carry; the message says what to do."""


def _extension(head: bytes) -> str | None:
    for magic, extension, _ in TYPES:
        if head.startswith(magic):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    return None


def check(upload) -> tuple[bytes, str]:
    """(the picture's bytes, its extension), or ImageRefused."""
    if upload.size == 0:
        raise ImageRefused(f"文件 {upload.name} 是空的。")
    if upload.size > MAX_MB * 1024 * 1024:
        raise ImageRefused(f"图片 {upload.name} 超过 {MAX_MB} MB，请压缩后再上传。")
    data = upload.read()
    extension = _extension(data[:16])
    if extension is None:
        raise ImageRefused(
            f"文件 {upload.name} 不是 JPG、PNG 或 WebP 图片（按文件内容判断，而非扩展名），请转换后再上传。"
        )
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            picture.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRefused(f"图片 {upload.name} 内容不完整或已损坏，请重新导出后再上传。") from None
    if width * height > MAX_PIXELS:
        raise ImageRefused(f"图片 {upload.name} 太大（{width}×{height} 像素），请缩小后再上传。")
    return data, extension


def store(data: bytes, extension: str) -> str:
    return default_storage.save(f"exams/{uuid.uuid4().hex}{extension}", ContentFile(data))


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
