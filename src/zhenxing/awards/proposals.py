"""Proposing an event's awards from its final results (rules.awards decides each one), and
keeping them true when the results change: an award whose basis changed is withdrawn, with the
reason, and proposed again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenxing.judging.locking import ScoringError, locked_final
from zhenxing.judging.models import Final
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.results.models import Result
from zhenxing.results.publication import publication_ends, state
from zhenxing.rules import awards as rules

from . import finals
from .actions import AwardsAction as Action
from .models import Award

STATUS_OF = {(True, False): Award.Status.PROPOSED, (False, True): Award.Status.REVIEW}


def not_ready(final: Final) -> str | None:
    """Why the event's awards cannot be proposed yet, or None once its results are final."""
    if final.published_at is None:
        return "成绩尚未发布，奖项在公示期满、申诉处理完毕、成绩最终确定后提出。"
    shown, reasons = state(final)
    if shown != "final":
        why = "；".join(r.message for r in reasons) or "成绩尚未最终确定"
        return f"成绩尚未最终确定，暂不能提出奖项：{why}"
    return None


def award_date_of(final: Final) -> dt.date:
    """The day results became final: the end of the publication period (公示期满)."""
    return timezone.localtime(publication_ends(final)).date()


def wanted(final: Final) -> dict[tuple, dict]:
    """(competitor id, entry id, kind, name) → the award as the rules core gives it now: for
    each entry the competitor stands for (a team: every member, on their own birth date and
    qualifications, at the team's rank)."""
    event = final.event
    rulebook = event.edition.rulebook()
    award_date = award_date_of(final)
    results = Result.objects.filter(competitor__final=final, rank__isnull=False)
    results = results.select_related("competitor__entry__person", "competitor__team")
    out = {}
    for result in results.prefetch_related("competitor__team__members__person").order_by("rank"):
        for entry in result.competitor.members:
            out |= _proposals(result, entry, event, award_date, rulebook)
    return out


def _proposals(result: Result, entry, event, award_date: dt.date, rulebook) -> dict:
    out = {}
    held = rules.held_in(entry.qualifications, event.occupation.name)
    for proposal in rules.proposals_for(
        result.rank,
        event.group,
        entry.person.birth_date,
        event.occupation.certificate,
        held,
        award_date,
        rulebook.awards,
    ):
        key = (result.competitor_id, entry.pk, proposal.kind, proposal.name)
        out[key] = {
            "competitor_id": result.competitor_id,
            "entry_id": entry.pk,
            "kind": proposal.kind,
            "name": proposal.name,
            "level": proposal.level,
            "promoted": proposal.promoted,
            "approver": proposal.approver,
            "clause": proposal.clause,
            "reasons": [r.as_dict() for r in proposal.reasons],
            "rank": result.rank,
            "total": result.published_total,
            "award_date": award_date,
            "status": STATUS_OF.get((proposal.due, proposal.review), Award.Status.NOT_DUE),
        }
    return out


# what an award stands on: when one of these changes, it is withdrawn and proposed again (its
# total alone follows in place: a title or certificate does not depend on it)
_BASIS = ["level", "promoted", "approver", "reasons", "rank", "award_date"]


def propose(final: Final, *, actor: Actor) -> tuple[int, int]:
    """The office asks the rules core for the event's awards (once its results are final).
    Returns (proposed, withdrawn)."""
    access.require(actor, final.event.edition, perms.AWARDS_PROPOSE, event=final.event)
    with transaction.atomic():
        final = locked_final(final)
        problem = not_ready(final)
        if problem:
            raise ScoringError(problem)
        return _reconcile(final, actor, "成绩变更")


def follow_results(final: Final, why: str = "成绩变更") -> tuple[int, int]:
    """After a change of the results (a correction, an upheld appeal) or of what the rules read
    (an occupation's certificate): the awards already proposed follow. Nothing happens for an
    event whose awards were never proposed."""
    if not Award.objects.filter(final=final).exists():
        return 0, 0
    with transaction.atomic():
        return _reconcile(locked_final(final), audit.SYSTEM, why)


def _reconcile(final: Final, actor: Actor, why: str) -> tuple[int, int]:
    want = wanted(final)
    current = {
        (a.competitor_id, a.entry_id, a.kind, a.name): a
        for a in Award.objects.filter(final=final).exclude(status=Award.Status.WITHDRAWN)
    }
    withdrawn = 0
    for key, award in current.items():
        if key not in want or _basis_changed(award, want[key]):
            _withdraw(award, f"{why}：{_what_changed(award, want.get(key))}", actor)
            withdrawn += 1
    kept = {k for k, a in current.items() if k in want and not _basis_changed(a, want[k])}
    for key in kept:
        total = want[key]["total"]
        if _same_value(current[key].total) != _same_value(total):
            Award.objects.filter(pk=current[key].pk).update(total=total)
    created = [Award(final=final, **values) for k, values in want.items() if k not in kept]
    Award.objects.bulk_create(created)
    if created or withdrawn:
        audit.record(
            Action.PROPOSED,
            final,
            actor=actor,
            edition=final.event.edition,
            changes={"proposed": [None, len(created)], "withdrawn": [None, withdrawn]},
        )
    finals.follow(final, actor)
    return len(created), withdrawn


def _basis_changed(award: Award, values: dict) -> bool:
    return any(_same_value(getattr(award, field)) != _same_value(values[field]) for field in _BASIS)


def _same_value(value):
    return value.normalize() if isinstance(value, Decimal) else value


def _what_changed(award: Award, values: dict | None) -> str:
    if values is None:
        return f"不再授予（原为第{award.rank}名）"
    changes = []
    if award.rank != values["rank"]:
        changes.append(f"名次 {award.rank} → {values['rank']}")
    if _same_value(award.total) != _same_value(values["total"]):
        changes.append(f"总分 {award.total} → {values['total']}")
    if award.level != values["level"] or award.promoted != values["promoted"]:
        changes.append("证书等级随之改变")
    return "，".join(changes) or "依据的理由改变"


def _withdraw(award: Award, reason: str, actor: Actor) -> None:
    now = timezone.now()
    award.status, award.withdrawn_at = Award.Status.WITHDRAWN, now
    award.withdrawn_reason = reason[:300]
    if award.serial:
        award.revoked_at = now  # its certificate no longer stands
    award.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "revoked_at"])
    audit.record(
        Action.WITHDRAWN,
        award,
        actor=actor,
        edition=award.final.event.edition,
        reason=award.withdrawn_reason,
    )
