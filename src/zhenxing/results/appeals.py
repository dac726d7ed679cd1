"""Appeals (申诉) to the supervision and arbitration group: lodged in writing within the window
after the event ends, decided with reasons; an upheld one is carried out by a correction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhenxing.editions.services import bump_public_version
from zhenxing.judging.anonymity import check_not_before_edition
from zhenxing.judging.lock import propose_correction
from zhenxing.judging.locking import ScoringError, refuse_long
from zhenxing.judging.models import Correction, Final, Mark
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import publication

from .actions import ResultsAction as Action
from .models import Appeal, AppealCorrection


def lodge_appeal(
    final: Final,
    appellant: str,
    lodged_at: dt.datetime,
    content: str,
    *,
    actor: Actor,
    ends_at: dt.datetime | None = None,
) -> Appeal:
    """Record a written appeal. One lodged past the window is recorded too, as refused for
    lateness, with the reason (the returned appeal's decision says which). `ends_at`: the
    event's end, when the host unit has not recorded it, as the arbitration group knows it."""
    edition = final.event.edition
    access.require(actor, edition, perms.APPEAL_DECIDE, event=final.event)
    if not appellant.strip() or not content.strip():
        raise ScoringError("请填写申诉人和申诉内容（书面申诉的要点）。")
    refuse_long(appellant, "申诉人", 100)
    refuse_long(content, "申诉内容", 2000)
    if lodged_at > timezone.now():
        raise ScoringError("递交时间不能晚于现在。")
    with transaction.atomic():
        final = Final.objects.select_for_update().select_related("event__edition").get(pk=final.pk)
        if final.ends_at is None:
            _record_end(final, ends_at, actor=actor)
        late = _lateness(final, lodged_at)
        appeal = Appeal.objects.create(
            final=final,
            appellant=appellant.strip(),
            lodged_at=lodged_at,
            content=content.strip(),
            recorded_by=actor.user,
        )
        if late:
            appeal.decision, appeal.decision_text = Appeal.Decision.LATE, late
            appeal.decided_by, appeal.decided_at = actor.user, timezone.now()
            appeal.save()
            audit.record(Action.APPEAL_LATE, appeal, actor=actor, edition=edition, reason=late)
        else:
            audit.record(Action.APPEAL_LODGED, appeal, actor=actor, edition=edition)
    bump_public_version()  # the public page shows the open appeal
    return appeal


def _record_end(final: Final, ends_at: dt.datetime | None, *, actor: Actor) -> None:
    if ends_at is None:
        raise ScoringError(
            "比赛结束时间尚未登记：请填写比赛结束时间（以现场记录为准），平台据此核对申诉时限。"
        )
    if ends_at > timezone.now():
        raise ScoringError("比赛结束时间不能晚于现在：比赛结束后才能递交申诉。")
    check_not_before_edition(final.event.edition, ends_at)
    final.ends_at = ends_at
    final.save(update_fields=["ends_at"])
    audit.record(
        Action.END_RECORDED,
        final,
        actor=actor,
        edition=final.event.edition,
        changes={"ends_at": [None, audit._plain(ends_at)]},
    )


def _lateness(final: Final, lodged_at: dt.datetime) -> str:
    """Why an appeal lodged at `lodged_at` is not accepted for lateness, or "" when in time;
    ScoringError for a time before the event ended (a typing mistake, not a late appeal)."""
    rulebook = final.event.edition.rulebook()
    if lodged_at < final.ends_at:
        ended = timezone.localtime(final.ends_at)
        raise ScoringError(
            f"递交时间早于比赛结束时间（{ended:%Y-%m-%d %H:%M}）：申诉在比赛结束后才能递交，"
            "请核对递交时间。"
        )
    if publication.appeal_open(final.ends_at, lodged_at, rulebook):
        return ""
    closes = timezone.localtime(publication.appeal_closes(final.ends_at, rulebook))
    return (
        f"申诉须在比赛结束后 {rulebook.judging.appeal_window_hours} 小时内书面递交"
        f"（截至 {closes:%Y-%m-%d %H:%M}），本申诉已超过时限，不予受理。"
    )


def decide_appeal(appeal: Appeal, upheld: bool, text: str, *, actor: Actor) -> None:
    final = appeal.final
    access.require(actor, final.event.edition, perms.APPEAL_DECIDE, event=final.event)
    if not text.strip():
        raise ScoringError("请写明裁决意见。")
    refuse_long(text, "裁决意见", 2000)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.decision != Appeal.Decision.OPEN:
            raise ScoringError("该申诉已裁决。")
        appeal.decision = Appeal.Decision.UPHELD if upheld else Appeal.Decision.DISMISSED
        appeal.decision_text, appeal.decided_by = text.strip(), actor.user
        appeal.decided_at = timezone.now()
        appeal.save()
        audit.record(
            Action.APPEAL_DECIDED,
            appeal,
            actor=actor,
            edition=final.event.edition,
            changes={"decision": ["open", appeal.decision]},
            reason=appeal.decision_text,
        )
    bump_public_version()


@transaction.atomic
def correct_for_appeal(
    appeal: Appeal, mark: Mark, text: str, reason: str, *, actor: Actor
) -> Correction:
    """The correction that carries out an upheld appeal of the mark's event; the results stay
    provisional until a supervisor confirms or refuses it."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    final = mark.competitor.final
    if appeal.final_id != final.pk or appeal.decision != Appeal.Decision.UPHELD:
        raise ScoringError("只能依据本项目已裁决成立的申诉提出更正。")
    correction = propose_correction(mark, text, reason, actor=actor)
    AppealCorrection.objects.create(appeal=appeal, correction=correction)
    return correction


def open_appeals(final: Final) -> int:
    """Open appeals, and upheld ones whose score correction is not yet applied."""
    waiting = final.appeals.filter(decision=Appeal.Decision.OPEN).count()
    pending = Correction.Status.PENDING
    for appeal in final.appeals.filter(decision=Appeal.Decision.UPHELD):
        if appeal.correction_links.filter(correction__status=pending).exists():
            waiting += 1
    return waiting
