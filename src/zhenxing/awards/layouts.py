"""Certificate layouts the committee office edits: positions and sizes of the named fields, and
a background image (checked by its content). Nothing a user types becomes template code."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhenxing.judging.locking import ScoringError
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .actions import AwardsAction as Action
from .certificates import DEFAULT_FIELDS, layout_fields
from .models import CertificateLayout

MAX_BACKGROUND = 5 * 1024 * 1024
IMAGES = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg")]


def layout_of(edition, kind: str) -> CertificateLayout | None:
    return CertificateLayout.objects.filter(edition=edition, kind=kind).first()


def fields_from(data) -> dict:
    """Posted positions (x_name, y_name, size_name, width_name, align_name, show_name) as the
    layout stores them, each clamped to the page."""
    given = {}
    for key, default in DEFAULT_FIELDS.items():
        given[key] = {name: data.get(f"{name}_{key}") for name in default}
        if "show" in default:
            given[key]["show"] = data.get(f"show_{key}") == "1"
    return layout_fields(given)


def _image_type(head: bytes) -> str | None:
    return next((kind for magic, kind in IMAGES if head.startswith(magic)), None)


@transaction.atomic
def save_layout(edition, kind: str, fields: dict, background=None, *, remove_background=False,
                actor: Actor) -> CertificateLayout:  # fmt: skip
    access.require(actor, edition, perms.CERTIFICATE_LAYOUT)
    if kind not in CertificateLayout.Kind.values:
        raise ScoringError("未知的证书类别。")
    layout, _ = CertificateLayout.objects.select_for_update().get_or_create(
        edition=edition, kind=kind
    )
    layout.fields = layout_fields(fields)
    if background is not None:
        if background.size > MAX_BACKGROUND:
            raise ScoringError("背景图超过 5 MB，请压缩后再上传。")
        data = background.read()
        found = _image_type(data[:16])
        if found is None:
            raise ScoringError("背景图应为 PNG 或 JPG 图片（按文件内容判断），请转换后再上传。")
        layout.background.save(f"{kind}", ContentFile(data), save=False)
        layout.background_type = found
    elif remove_background:
        layout.background, layout.background_type = "", ""
    layout.updated_by, layout.updated_at = actor.user, timezone.now()
    layout.save()
    audit.record(
        Action.LAYOUT_CHANGED,
        layout,
        actor=actor,
        edition=edition,
        changes={
            "background": [
                None,
                "已上传" if background else ("已删除" if remove_background else "未变"),
            ]
        },
    )
    return layout
