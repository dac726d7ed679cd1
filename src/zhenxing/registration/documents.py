"""Entry documents: checked by content (not by name) and size, stored privately."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.db import transaction

from zhenxing.orgs import audit
from zhenxing.orgs.audit import Actor

from . import rights
from .actions import RegistrationAction as Action
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


def display_name(uploaded: str, extension: str) -> str:
    """The name the download gets: the uploaded one, cut to fit, with the extension of what the
    file is (x.html that is a PDF downloads as x.pdf)."""
    stem = PurePath(uploaded.replace("\\", "/")).stem.strip() or "材料"
    return stem[: 200 - len(extension)] + extension


def delete_files_after_commit(names: list[str]) -> None:
    """Delete stored files once the transaction that removed their rows has committed."""
    storage = EntryDocument._meta.get_field("file").storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def remove(document: EntryDocument, *, actor: Actor) -> None:
    rights.check_may_remove(
        actor.user,
        document.entry,
        "已审核通过的报名的材料不能删除，如需更正请联系大赛组委会办公室。",
    )
    audit.record(
        Action.DOCUMENT_DELETED,
        document,
        actor=actor,
        edition=document.entry.delegation.edition,
        changes={"file": [f"{document.kind}：{document.original_name}", None]},
    )
    delete_files_after_commit([document.file.name])
    document.delete()


@transaction.atomic
def store(entry, kind: str, upload, *, actor: Actor) -> EntryDocument:
    rights.check_may_change(actor.user, entry.delegation)
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
        original_name=display_name(upload.name, found[1]),
        content_type=found[0],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor.user,
    )
    document.file.save(f"{document.sha256}{found[1]}", upload, save=True)
    audit.record(
        Action.DOCUMENT_UPLOADED,
        document,
        actor=actor,
        edition=entry.delegation.edition,
        changes={"file": [None, f"{kind}：{document.original_name}（{document.size} 字节）"]},
    )
    return document
