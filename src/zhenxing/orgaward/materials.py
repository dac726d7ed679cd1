"""Materials each organization sends by the rulebook's deadline (§七.1): the checklist, uploads
per item (checked by content and size; videos up to ZHENXING_MATERIALS_VIDEO_MB), who has sent
what, and what is overdue. Writes check orgaward.materials, run in one transaction, are audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.registration.documents import display_name, sniff

from .access import sending_materials
from .actions import OrgAwardAction as Action
from .models import Material, SelfEvaluation
from .records import RecordRefused

MB = 1024 * 1024
FILE_MAX_MB = 10
VIDEO_ITEM = "视频"
FORM_ITEM = "自评表"  # the item met by a submitted self-evaluation too
MP4 = ("video/mp4", ".mp4")
# ISO base media files share the 'ftyp' box with photos (heic, avif) and audio (M4A): only the
# brands of video are taken
VIDEO_BRANDS = {b"qt  ": ("video/quicktime", ".mov")} | {
    brand: MP4
    for brand in (
        b"isom",
        b"iso2",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"M4V ",
        b"msnv",
        b"dash",
    )
}


def items(edition) -> list[str]:
    materials = edition.rulebook().edition.materials
    return list(materials.items) if materials else []


def video_max_mb() -> int:
    return settings.ZHENXING_MATERIALS_VIDEO_MB


def past_deadline(edition, now=None) -> bool:
    deadline = edition.materials_deadline
    return deadline is not None and timezone.localdate(now or timezone.now()) > deadline


def sniff_video(head: bytes) -> tuple[str, str] | None:
    """An MP4 or QuickTime file (ISO base media: a 'ftyp' box first), by its content."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return VIDEO_BRANDS.get(head[8:12])
    return None


def check(item: str, upload) -> tuple[str, str]:
    """(content type, extension) of an acceptable file for `item`; else RecordRefused."""
    video = item == VIDEO_ITEM
    limit = video_max_mb() if video else FILE_MAX_MB
    if upload.size == 0:
        raise RecordRefused(f"文件 {upload.name} 是空的。")
    if upload.size > limit * MB:
        raise RecordRefused(f"文件 {upload.name} 超过 {limit} MB，请压缩后再上传。")
    head = upload.read(16)
    upload.seek(0)
    found = sniff_video(head) if video else sniff(head)
    if found is None:
        kinds = "MP4 或 MOV 视频" if video else "PDF、JPG 或 PNG"
        raise RecordRefused(
            f"文件 {upload.name} 不是 {kinds}（按文件内容判断，而非扩展名），请转换后再上传。"
        )
    return found


@transaction.atomic
def store(edition, organization, item: str, upload, *, actor: Actor) -> Material:
    access.require(actor, edition, perms.ORGAWARD_MATERIALS, organization=organization)
    if item not in items(edition):
        raise RecordRefused("材料清单中没有这一项。")
    content_type, extension = check(item, upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    material = Material(
        edition=edition,
        organization=organization,
        item=item,
        original_name=display_name(upload.name, extension),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        late=past_deadline(edition),
        uploaded_by=actor.user,
    )
    material.file.save(f"{material.sha256}{extension}", upload, save=True)
    audit.record(
        Action.MATERIAL_UPLOADED,
        material,
        actor=actor,
        edition=edition,
        changes={"file": [None, f"{item}：{material.original_name}（{material.size} 字节）"]},
        reason="逾期报送" if material.late else "",
    )
    return material


@transaction.atomic
def remove(material: Material, *, actor: Actor) -> None:
    access.require(
        actor, material.edition, perms.ORGAWARD_MATERIALS, organization=material.organization
    )
    audit.record(
        Action.MATERIAL_DELETED,
        material,
        actor=actor,
        edition=material.edition,
        changes={"file": [f"{material.item}：{material.original_name}", None]},
    )
    storage = Material._meta.get_field("file").storage
    name = material.file.name
    transaction.on_commit(lambda: storage.delete(name))
    material.delete()


@dataclass
class ItemState:
    item: str
    files: list[Material] = field(default_factory=list)
    form_submitted: bool = False
    overdue: bool = False

    @property
    def sent(self) -> bool:
        return bool(self.files) or self.form_submitted

    @property
    def late(self) -> bool:
        return bool(self.files) and all(f.late for f in self.files) and not self.form_submitted


def checklist(edition, organization, now=None) -> list[ItemState]:
    files = Material.objects.filter(edition=edition, organization=organization)
    ids = [organization.pk]
    return _states(edition, ids, list(files), _submitted(edition, ids), now)[organization.pk]


def _submitted(edition, org_ids) -> set[int]:
    return set(
        SelfEvaluation.objects.filter(
            edition=edition, organization__in=org_ids, status__in=SelfEvaluation.LOCKED
        ).values_list("organization_id", flat=True)
    )


def _states(edition, org_ids, files, submitted: set[int], now=None) -> dict[int, list[ItemState]]:
    late = past_deadline(edition, now)
    names = items(edition)
    by_org = {org_id: {name: ItemState(name) for name in names} for org_id in org_ids}
    for material in files:
        state = by_org.get(material.organization_id, {}).get(material.item)
        if state is not None:
            state.files.append(material)
    for org_id, states in by_org.items():
        for state in states.values():
            state.form_submitted = FORM_ITEM in state.item and org_id in submitted
            state.overdue = late and not state.sent
    return {org_id: list(states.values()) for org_id, states in by_org.items()}


def overview(edition, now=None) -> list[tuple[object, list[ItemState]]]:
    """Every organization the award concerns, with the state of each item."""
    organizations = list(sending_materials(edition))
    ids = [o.pk for o in organizations]
    files = list(Material.objects.filter(edition=edition, organization__in=ids))
    states = _states(edition, ids, files, _submitted(edition, ids), now)
    return [(o, states[o.pk]) for o in organizations]


def missing(edition, organization, now=None) -> list[ItemState]:
    return [s for s in checklist(edition, organization, now) if not s.sent]
