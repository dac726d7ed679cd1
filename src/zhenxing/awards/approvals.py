"""Approval by the body the rulebook names: HRSS for 全区技术能手 and the certificates, the
Youth League (the committee office) for 全区青年岗位能手; and the review of certificates the
rules could not issue (already holds the level)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from zhenxing.judging.locking import ScoringError
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules.text import length_problem, text_problem

from .actions import AwardsAction as Action
from .models import Award

APPROVING_CODE = {"HRSS": perms.TITLE_APPROVE_HRSS, "YL": perms.TITLE_APPROVE_YL}
SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off paper unmistaken
NOTE_MAX = 300


def may_decide(user, award: Award) -> bool:
    code = APPROVING_CODE.get(award.approver)
    edition, event = award.final.event.edition, award.final.event
    return code is not None and access.has_perm(user, edition, code, event=event)


def _require(actor: Actor, award: Award) -> None:
    code = APPROVING_CODE.get(award.approver, "")
    access.require(actor, award.final.event.edition, code, event=award.final.event)


def _checked_note(note: str, needed: bool) -> str:
    note = note.strip()
    if needed and not note:
        raise ScoringError("不予核准或复核时请写明理由。")
    if text_problem(note):
        raise ScoringError(f"意见{text_problem(note)}")
    if length_problem(note, "意见", NOTE_MAX):
        raise ScoringError(length_problem(note, "意见", NOTE_MAX))
    return note


def new_serial() -> str:
    """A certificate number nobody can guess: ZX-XXXX-XXXX."""
    while True:
        text = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))
        serial = f"ZX-{text[:4]}-{text[4:]}"
        if not Award.objects.filter(serial=serial).exists():
            return serial


@transaction.atomic
def decide(awards: list[Award], approve: bool, note: str, *, actor: Actor) -> int:
    """Approve or reject each of `awards` (all or none); an approved one gets its certificate
    number. Returns how many were decided."""
    note = _checked_note(note, needed=not approve)
    locked = Award.objects.select_for_update().select_related("final__event__edition")
    done = 0
    for award in locked.filter(pk__in=[a.pk for a in awards]).order_by("pk"):
        _require(actor, award)
        if award.status != Award.Status.PROPOSED:
            raise ScoringError(
                f"{award.name}（{award.competitor}）已不在待核准状态，请刷新后重试。"
            )
        award.status = Award.Status.APPROVED if approve else Award.Status.REJECTED
        award.decided_by, award.decided_at, award.note = actor.user, timezone.now(), note
        if approve:
            award.serial = new_serial()
        award.save(update_fields=["status", "decided_by", "decided_at", "note", "serial"])
        audit.record(
            Action.APPROVED if approve else Action.REJECTED,
            award,
            actor=actor,
            edition=award.final.event.edition,
            changes={"status": [Award.Status.PROPOSED, award.status]},
            reason=note,
        )
        done += 1
    return done


@transaction.atomic
def close_review(award: Award, note: str, *, actor: Actor) -> None:
    """A certificate the rules could not issue (already holds the level): reviewed by its
    approver, with the finding; to issue after all, the entry's held qualification is corrected
    and the awards follow."""
    award = Award.objects.select_for_update().get(pk=award.pk)
    _require(actor, award)
    note = _checked_note(note, needed=True)
    if award.status != Award.Status.REVIEW:
        raise ScoringError("该项不在待人工复核状态。")
    award.status, award.note = Award.Status.REVIEWED, note
    award.decided_by, award.decided_at = actor.user, timezone.now()
    award.save(update_fields=["status", "note", "decided_by", "decided_at"])
    audit.record(
        Action.REVIEWED, award, actor=actor, edition=award.final.event.edition, reason=note
    )
