"""The chief judge's lock, and corrections after it: proposed by the chief judge with a reason,
applied once a supervisor confirms (the original mark is kept)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import draws, marking

from .actions import JudgingAction as Action
from .layers import Layer
from .locking import ScoringError, bump, locked_final, refuse_long
from .marks import parse_value, same_marks
from .models import Correction, Final, Mark
from .schemes import aspect_of, current_scheme, rules_scheme
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


def mark_named(final: Final, number: str, aspect: str, judge: str = "") -> Mark:
    """The mark a correction names by hand: the competitor by the label of the layer the event
    judges by as typed (7, 07 and 007 are 007), the aspect by its code in any case or its name,
    and for a judgement aspect the judge (a user id); ScoringError says which was not found."""
    layer = Layer(final.judged_by)
    if not number.strip():
        raise ScoringError(f"请填写{layer.label}。")
    key = draws.label_key(number[:20], layer.prefix)
    competitor = next(
        (
            c
            for c in final.competitors.all()
            if getattr(c, layer.field)
            and draws.label_key(getattr(c, layer.field), layer.prefix) == key
        ),
        None,
    )
    if competitor is None:
        raise ScoringError(
            f"没有{layer.label}为“{number.strip()[:20]}”的选手：请核对{layer.label}。"
        )
    scheme = current_scheme(final)
    found = marking.aspect_typed(rules_scheme(scheme), aspect[:100]) if scheme else None
    if found is None:
        raise ScoringError(
            f"评分标准中没有评分项“{aspect.strip()[:20]}”，或不止一项叫这个名称："
            "请填写评分项代码（如 A1）。"
        )
    marks = competitor.marks.filter(aspect_key=found.key, slot__in=[judge, ""])
    mark = marks.order_by("-slot").first()
    if mark is None:
        raise ScoringError(
            f"{layer.label} {competitor.code} 的评分项 {found.name} 没有这个分数："
            "评价分请选择打分的裁判，测量分请选“测量分”。"
        )
    return mark


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
