"""The supervisor's re-check (复核) of results before publication: the top results and a seeded
random sample (rules.recheck); an error rate above the limit puts every result on the list."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenxing.judging.locking import ScoringError, locked_final, refuse_long
from zhenxing.judging.models import Final
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import draws, recheck

from .actions import ResultsAction as Action
from .models import Recheck, RecheckItem, Result


def _require(actor: Actor, final: Final) -> None:
    access.require(actor, final.event.edition, perms.SCORE_WITNESS, event=final.event)


def start_recheck(final: Final, *, actor: Actor) -> Recheck:
    _require(actor, final)
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("成绩锁定后才能复核。")
        if Recheck.objects.filter(final=final).exists():
            raise ScoringError("复核名单已生成。")
        ranked = list(
            Result.objects.filter(competitor__final=final, rank__isnull=False).order_by(
                "rank", "competitor__number"
            )
        )
        ids = [str(r.competitor_id) for r in ranked]
        ranks = {str(r.competitor_id): r.rank for r in ranked}
        seed = draws.new_seed()
        sample = recheck.recheck_sample(ids, seed, final.event.edition.rulebook(), ranks)
        record = Recheck.objects.create(final=final, seed=seed, ranked=ids, created_by=actor.user)
        RecheckItem.objects.bulk_create(
            [RecheckItem(recheck=record, competitor_id=int(i), kind="top") for i in sample.top]
            + [
                RecheckItem(recheck=record, competitor_id=int(i), kind="sample")
                for i in sample.random
            ]
        )
        audit.record(
            Action.RECHECK_STARTED,
            record,
            actor=actor,
            edition=final.event.edition,
            changes={"top": [None, len(sample.top)], "sample": [None, len(sample.random)]},
        )
    return record


def record_recheck(item: RecheckItem, correct: bool, note: str, *, actor: Actor) -> None:
    final = item.recheck.final
    _require(actor, final)
    if not correct and not note.strip():
        raise ScoringError("发现错误时请写明错在哪里（之后由裁判长提出更正）。")
    refuse_long(note, "复核说明", 500)
    with transaction.atomic():
        final = locked_final(final)
        item = RecheckItem.objects.select_for_update().get(pk=item.pk)
        if item.outcome != RecheckItem.Outcome.PENDING:
            raise ScoringError("该项已复核。")
        item.outcome = RecheckItem.Outcome.CORRECT if correct else RecheckItem.Outcome.ERROR
        item.note, item.checked_by, item.checked_at = note.strip(), actor.user, timezone.now()
        item.save()
        audit.record(
            Action.RECHECK_RECORDED,
            item,
            actor=actor,
            edition=final.event.edition,
            changes={"outcome": ["pending", item.outcome]},
            reason=item.note,
        )
        _widen_if_needed(item.recheck, final)


def sample_outcome(record: Recheck, final: Final):
    items = list(record.items.filter(kind="sample"))
    errors = [str(i.competitor_id) for i in items if i.outcome == RecheckItem.Outcome.ERROR]
    return recheck.recheck_outcome(
        [str(i.competitor_id) for i in items], errors, final.event.edition.rulebook()
    )


def _widen_if_needed(record: Recheck, final: Final) -> None:
    """Once the sample is done, an error rate above the limit puts every result on the list."""
    if record.all_required or record.items.filter(kind="sample", outcome="pending").exists():
        return
    if not sample_outcome(record, final).recheck_all:
        return
    record.all_required = True
    record.save(update_fields=["all_required"])
    listed = set(record.items.values_list("competitor_id", flat=True))
    RecheckItem.objects.bulk_create(
        RecheckItem(recheck=record, competitor_id=int(i), kind="all")
        for i in record.ranked
        if int(i) not in listed
    )
