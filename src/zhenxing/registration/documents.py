"""Entry documents: checked by content (not by name) and size, stored privately."""

from __future__ import annotations

import hashlib

from zhenxing.orgs import audit

from .models import EntryDocument

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]


class DocumentRefused(Exception):
    pass


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def store(entry, kind: str, upload, *, request) -> EntryDocument:
    if upload.size > MAX_BYTES:
        raise DocumentRefused(f"文件 {upload.name} 超过 10 MB，请压缩或分页后再上传。")
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise DocumentRefused(
            f"文件 {upload.name} 不是 PDF、JPG 或 PNG（按文件内容判断，而非扩展名），请转换后再上传。"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = EntryDocument(
        entry=entry,
        kind=kind,
        original_name=upload.name[:200],
        content_type=found[0],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=request.user,
    )
    document.file.save(f"{document.sha256}{found[1]}", upload, save=True)
    audit.record(
        "registration.document.uploaded",
        document,
        request=request,
        edition=entry.delegation.edition,
        changes={"file": [None, f"{kind}：{document.original_name}（{document.size} 字节）"]},
    )
    return document
