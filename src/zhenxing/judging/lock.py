"""The chief judge's lock, and corrections after it: proposed by the chief judge with a reason,
applied once a supervisor confirms (the original mark is kept)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .actions import JudgingAction as Action
from .locking import ScoringError, bump, locked_final, refuse_long
from .marks import parse_value, same_marks
from .models import Correction, Final, Mark
from .schemes import aspect_of
from .signals import final_locked
from .tally import tally


def _require(actor: Actor, final: Final, code: str) -> None:
    access.require(actor, final.event.edition, code, event=final.event)


def lock(final: Final, *, actor: Actor) -> None:
    """The chief judge locks the event once nothing is flagged or unresolved."""
    _require(actor, final, perms.SCORE_LOCK)
    with transaction.atomic():
        final = locked_final(final)
        if final.locked:
            raise ScoringError("成绩已经锁定。")
        problems = tally(final).problems
        if problems:
            raise ScoringError(f"还有 {len(problems)} 个问题未处理，不能锁定：请先处理。")
        final.locked_at, final.locked_by = timezone.now(), actor.user
        final.save(update_fields=["locked_at", "locked_by"])
        audit.record(Action.LOCKED, final, actor=actor, edition=final.event.edition)
        final_locked.send(sender=Final, final=final)


def propose_correction(mark: Mark, text: str, reason: str, *, actor: Actor) -> Correction:
    """A change to a locked mark, awaiting a supervisor."""
    final = mark.competitor.final
    _require(actor, final, perms.SCORE_LOCK)
    if not reason.strip():
        raise ScoringError("锁定后更正分数必须填写理由。")
    refuse_long(reason, "更正理由", 500)
    aspect = aspect_of(mark.scheme, mark.aspect_key)
    value = parse_value(aspect.kind, text, aspect)
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("成绩尚未锁定，可直接修改。")
        mark = Mark.objects.select_for_update().get(pk=mark.pk)
        if mark.corrections.filter(status=Correction.Status.PENDING).exists():
            raise ScoringError(
                "该分数已有一项更正待监督确认：请先确认或驳回那一项，再提出新的更正。"
            )
        if same_marks(value, mark.value):
            raise ScoringError("更正后的分数与原分数相同。")
        correction = Correction.objects.create(
            mark=mark,
            old_value=mark.value,
            new_value=value,
            reason=reason.strip(),
            proposed_by=actor.user,
        )
        audit.record(
            Action.CORRECTION_PROPOSED,
            correction,
            actor=actor,
            edition=final.event.edition,
            changes={"value": [mark.value, value]},
            reason=correction.reason,
        )
    return correction


def witness(correction: Correction, approve: bool, *, actor: Actor) -> None:
    """A supervisor confirms (the change is applied) or refuses a proposed correction."""
    final = correction.mark.competitor.final
    _require(actor, final, perms.SCORE_WITNESS)
    if correction.proposed_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied("提出更正的人不能自己确认")
    with transaction.atomic():
        final = locked_final(final)
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        if correction.status != Correction.Status.PENDING:
            raise ScoringError("该更正已处理。")
        correction.status = Correction.Status.APPLIED if approve else Correction.Status.REJECTED
        correction.witnessed_by, correction.witnessed_at = actor.user, timezone.now()
        correction.save()
        if approve:
            mark = Mark.objects.select_for_update().get(pk=correction.mark_id)
            if mark.original_value is None:
                mark.original_value = mark.value
            mark.value = correction.new_value
            mark.revision += 1
            mark.save()
            bump(final)
        audit.record(
            Action.CORRECTION_APPLIED if approve else Action.CORRECTION_REJECTED,
            correction,
            actor=actor,
            edition=final.event.edition,
            changes={"value": [correction.old_value, correction.new_value]},
            reason=correction.reason,
        )
