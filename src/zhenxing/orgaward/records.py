"""Writes of an organization's records and their evidence: each checks orgaward.records over the
organization, refuses while its self-evaluation is submitted, runs in one transaction and writes
its audit entry."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit, versions
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Organization
from zhenxing.registration.documents import display_name, sniff
from zhenxing.registration.services import masked_changes

from .actions import OrgAwardAction as Action
from .kinds import kind_of_model
from .models import Evidence, Record, SelfEvaluation

MAX_BYTES = 10 * 1024 * 1024
LOCKED = (
    "本单位的自评表已提交，记录和佐证材料不能再修改；如需修改，请联系大赛组委会办公室退回自评表。"
)


VETO = "veto"  # Evidence.kind of a veto's evidence (its record_id: the SelfEvaluation)


class RecordRefused(Exception):
    pass


def _check_open(actor: Actor, edition, organization) -> None:
    access.require(actor, edition, perms.ORGAWARD_RECORDS, organization=organization)
    lock_organization(organization)
    state = (
        SelfEvaluation.objects.select_for_update()
        .filter(edition=edition, organization=organization)
        .values_list("status", flat=True)
        .first()
    )
    if state in SelfEvaluation.LOCKED:
        raise RecordRefused(LOCKED)


def lock_organization(organization) -> None:
    """Records and the first submission both take this lock: before the self-evaluation exists
    there is no row of it to lock, and a record must not change while it is being filled."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


def _fields(record: Record, many: bool = False) -> list[str]:
    """The record's form fields: the plain ones, or (many) its many-to-many ones."""
    names = kind_of_model(record).fields
    return [n for n in names if record._meta.get_field(n).many_to_many == many]


def _snapshot(record: Record) -> dict:
    data = audit.snapshot(record, _fields(record))
    for name in _fields(record, many=True):
        chosen = getattr(record, name).all() if record.pk else []
        data[name] = "、".join(str(x) for x in chosen) or None
    return data


@transaction.atomic
def save_record(
    record: Record, *, actor: Actor, many: dict | None = None, seen: int | None = None
) -> Record:
    """Store a new or changed record (its edition and organization already set); `many` sets
    its many-to-many fields (field name → objects). A change made from a page showing version
    `seen` is refused if the record has changed since."""
    _check_open(actor, record.edition, record.organization)
    if record.pk is None:
        record.created_by = actor.user
        before = {}
        action = Action.RECORD_CREATED
    else:
        stored = type(record).objects.select_for_update().get(pk=record.pk)
        if problem := versions.stale(stored, seen, "这条记录"):
            raise RecordRefused(problem)
        record.version = stored.version + 1
        before = _snapshot(stored)
        action = Action.RECORD_CHANGED
    record.updated_at = timezone.now()
    record.save()
    for name, chosen in (many or {}).items():
        getattr(record, name).set(chosen)
    changes = masked_changes(audit.diff(before, _snapshot(record)))
    audit.record(action, record, actor=actor, edition=record.edition, changes=changes)
    return record


def _evidence_of(record: Record):
    kind = kind_of_model(record)
    return Evidence.objects.filter(
        kind=kind.slug, record_id=record.pk, organization=record.organization_id
    )


def evidence_of(record: Record) -> list[Evidence]:
    return list(_evidence_of(record))


def delete_files_after_commit(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def delete_record(record: Record, *, actor: Actor) -> None:
    """Delete a record and its evidence files."""
    _check_open(actor, record.edition, record.organization)
    files = list(_evidence_of(record))
    changes = masked_changes(audit.diff(_snapshot(record), {}))
    if files:
        changes["evidence"] = ["、".join(e.original_name for e in files), None]
    audit.record(
        Action.RECORD_DELETED, record, actor=actor, edition=record.edition, changes=changes
    )
    delete_files_after_commit([e.file.name for e in files])
    Evidence.objects.filter(pk__in=[e.pk for e in files]).delete()
    record.delete()


def check_upload(upload) -> tuple[str, str]:
    """(content type, extension) of an acceptable file, by its content; else a Chinese reason."""
    if upload.size > MAX_BYTES:
        raise ValidationError(f"文件 {upload.name} 超过 10 MB，请压缩或分页后再上传。")
    if upload.size == 0:
        raise ValidationError(f"文件 {upload.name} 是空的。")
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            f"文件 {upload.name} 不是 PDF、JPG 或 PNG（按文件内容判断，而非扩展名），"
            "请转换后再上传。"
        )
    return found


@transaction.atomic
def store_evidence(record: Record, upload, *, actor: Actor) -> Evidence:
    """Keep an uploaded file as evidence of `record`, once checked by content and size."""
    _check_open(actor, record.edition, record.organization)
    try:
        found = check_upload(upload)
    except ValidationError as exc:
        raise RecordRefused(exc.messages[0]) from None
    evidence = keep_evidence(upload, found, record, kind_of_model(record).slug, actor)
    audit.record(
        Action.EVIDENCE_UPLOADED,
        record,
        actor=actor,
        edition=record.edition,
        changes={"evidence": [None, f"{evidence.original_name}（{evidence.size} 字节）"]},
    )
    return evidence


def keep_evidence(upload, found: tuple[str, str], owner, kind: str, actor: Actor) -> Evidence:
    """Store a checked upload as the evidence of `owner` (a record, or a self-evaluation for a
    veto's grounds), named by its SHA-256."""
    content_type, extension = found
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        edition=owner.edition,
        organization=owner.organization,
        kind=kind,
        record_id=owner.pk,
        original_name=display_name(upload.name, extension),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor.user,
    )
    evidence.file.save(f"{evidence.sha256}{extension}", upload, save=True)
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor: Actor) -> None:
    _check_open(actor, evidence.edition, evidence.organization)
    if evidence.kind == VETO:  # the assessor's, not the organization's
        raise RecordRefused("这是考核人上传的否决依据，单位不能删除。")
    audit.record(
        Action.EVIDENCE_DELETED,
        evidence,
        actor=actor,
        edition=evidence.edition,
        changes={"evidence": [evidence.original_name, None]},
    )
    delete_files_after_commit([evidence.file.name])
    evidence.delete()
