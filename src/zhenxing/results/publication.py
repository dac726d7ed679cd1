"""Publication (公示) of an event's results: what must happen first (decryption, re-check,
corrections), the publishing, and the state of results as the public reads them
(unpublished → provisional during the publication period → final), from rules.publication."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhenxing.editions.services import bump_public_version
from zhenxing.judging.locking import ScoringError, locked_final
from zhenxing.judging.models import Correction, Final
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import publication

from .actions import ResultsAction as Action
from .appeals import open_appeals
from .models import Recheck, RecheckItem
from .recompute import recompute


def publication_blockers(final: Final) -> list[str]:
    """What must happen before the committee may publish: decryption, re-check, corrections."""
    blockers = []
    if not final.locked:
        blockers.append("裁判长尚未锁定成绩")
    if final.decrypted_at is None:
        blockers.append("尚未完成解密（加密裁判申请、监督确认，逐层进行）")
    record = Recheck.objects.filter(final=final).first()
    if record is None:
        blockers.append("监督尚未生成复核名单")
    else:
        pending = record.items.filter(outcome="pending").count()
        if pending:
            blockers.append(f"复核名单中尚有 {pending} 项未复核")
        elif record.items.filter(outcome="error").exists() and not _errors_corrected(final):
            blockers.append("复核发现的错误尚待更正（裁判长提出、监督确认）")
    if Correction.objects.filter(mark__competitor__final=final, status="pending").exists():
        blockers.append("尚有更正待监督确认")
    return blockers


def _errors_corrected(final: Final) -> bool:
    """Each competitor found in error has at least one applied correction after the check."""
    errors = RecheckItem.objects.filter(recheck__final=final, outcome="error")
    for item in errors:
        applied = Correction.objects.filter(
            mark__competitor=item.competitor, status="applied", witnessed_at__gte=item.checked_at
        )
        if not applied.exists():
            return False
    return True


def publish(final: Final, *, actor: Actor, at: dt.datetime | None = None) -> None:
    """Publish the event's results; `at` records a past publication (a replay of an edition
    held before the platform, the demo), never one ahead."""
    at = min(at or timezone.now(), timezone.now())
    access.require(actor, final.event.edition, perms.RESULTS_PUBLISH, event=final.event)
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("裁判长锁定成绩后才能发布。")
        if final.published_at:
            raise ScoringError("成绩已发布。")
        blockers = publication_blockers(final)
        if blockers:
            raise ScoringError([f"还不能发布：{blocker}" for blocker in blockers])
        if not final.results_current:
            recompute(final)
        final.published_at, final.published_by = at, actor.user
        final.save(update_fields=["published_at", "published_by"])
        audit.record(Action.PUBLISHED, final, actor=actor, edition=final.event.edition)
    bump_public_version()


def state(final: Final | None, now: dt.datetime | None = None):
    """("unpublished" | "provisional" | "final", reasons), worked out when read."""
    now = now or timezone.now()
    if final is None:
        return publication.result_state(None, now, 0, None)
    rulebook = final.event.edition.rulebook()
    published = timezone.localtime(final.published_at) if final.published_at else None
    # the period counts calendar days in Beijing time, so the local time goes in
    return publication.result_state(published, now, open_appeals(final), rulebook)


def publication_ends(final: Final) -> dt.datetime | None:
    if final.published_at is None:
        return None
    return publication.publication_ends(
        timezone.localtime(final.published_at), final.event.edition.rulebook()
    )
