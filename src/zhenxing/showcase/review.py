"""The committee office's work on nominations: approve, return with a reason, pick for
region-wide publicity (推荐/选树) and unpick, hide at once with a reason and restore. Each checks
showcase.review, locks the nomination, runs in one transaction and is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules.text import length_problem, text_problem

from .actions import ShowcaseAction as Action
from .models import Nomination
from .nominations import ShowcaseRefused

REASON_MAX = 500
STALE = "该推荐的状态已变化，请刷新页面后再操作。"


def _locked(nomination: Nomination, actor: Actor) -> Nomination:
    access.require(
        actor, nomination.edition, perms.SHOWCASE_REVIEW, organization=nomination.organization
    )
    return Nomination.objects.select_for_update().get(pk=nomination.pk)


def _reason(reason: str, label: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ShowcaseRefused(f"{label}时请写明原因。")
    if problem := text_problem(reason):
        raise ShowcaseRefused(f"{label}原因{problem}")
    if problem := length_problem(reason, f"{label}原因", REASON_MAX):
        raise ShowcaseRefused(problem)
    return reason


def _save(nomination: Nomination, action, before: dict, actor: Actor, reason: str = ""):
    nomination.version += 1
    nomination.save()
    changes = audit.diff(before, audit.snapshot(nomination, list(before)))
    audit.record(
        action, nomination, actor=actor, edition=nomination.edition, changes=changes, reason=reason
    )
    return nomination


@transaction.atomic
def approve(nomination: Nomination, *, actor: Actor) -> Nomination:
    nomination = _locked(nomination, actor)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ShowcaseRefused(STALE)
    before = audit.snapshot(nomination, ["status"])
    nomination.status, nomination.approved_at = Nomination.Status.APPROVED, timezone.now()
    return _save(nomination, Action.APPROVED, before, actor)


@transaction.atomic
def return_nomination(nomination: Nomination, reason: str, *, actor: Actor) -> Nomination:
    """Back to its organization to fix, with the reason (a submitted one only)."""
    reason = _reason(reason, "退回")
    nomination = _locked(nomination, actor)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ShowcaseRefused(STALE)
    before = audit.snapshot(nomination, ["status", "returned_reason"])
    nomination.status, nomination.returned_reason = Nomination.Status.RETURNED, reason
    return _save(nomination, Action.RETURNED, before, actor, reason)


@transaction.atomic
def feature(nomination: Nomination, *, actor: Actor) -> Nomination:
    """Pick an approved, shown 绝活 for region-wide publicity; it can then be challenged."""
    nomination = _locked(nomination, actor)
    if not nomination.public or nomination.featured:
        raise ShowcaseRefused("只能推荐已通过且正在展示、尚未推荐的作品。" + STALE)
    if nomination.answers_id is not None:
        raise ShowcaseRefused("挑战作品随所挑战的“绝活”展示，不单独推荐全区宣传。")
    before = audit.snapshot(nomination, ["featured"])
    nomination.featured, nomination.featured_at = True, timezone.now()
    return _save(nomination, Action.FEATURED, before, actor)


@transaction.atomic
def unfeature(nomination: Nomination, *, actor: Actor) -> Nomination:
    nomination = _locked(nomination, actor)
    if not nomination.featured:
        raise ShowcaseRefused(STALE)
    before = audit.snapshot(nomination, ["featured"])
    nomination.featured, nomination.featured_at = False, None
    return _save(nomination, Action.UNFEATURED, before, actor)


@transaction.atomic
def hide(nomination: Nomination, reason: str, *, actor: Actor) -> Nomination:
    """Off the gallery at once, with its files; its organization sees the reason."""
    reason = _reason(reason, "下架")
    nomination = _locked(nomination, actor)
    if nomination.hidden:
        raise ShowcaseRefused("该作品已下架。")
    before = audit.snapshot(nomination, ["hidden", "hidden_reason"])
    nomination.hidden, nomination.hidden_reason = True, reason
    nomination.hidden_at = timezone.now()
    return _save(nomination, Action.HIDDEN, before, actor, reason)


@transaction.atomic
def show(nomination: Nomination, *, actor: Actor) -> Nomination:
    nomination = _locked(nomination, actor)
    if not nomination.hidden:
        raise ShowcaseRefused("该作品没有下架。")
    before = audit.snapshot(nomination, ["hidden", "hidden_reason"])
    nomination.hidden, nomination.hidden_reason, nomination.hidden_at = False, "", None
    return _save(nomination, Action.SHOWN, before, actor)
