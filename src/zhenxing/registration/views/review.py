"""The review queue of the committee office and host units: approve, return, approve all clean."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import privacy, rights, services, teams
from ..access import entry_for_user
from ..models import Entry
from ..signals import approval_verdicts
from .common import edition_of


def _review_action(request, code, pk, act):
    edition = edition_of(request, code)
    entry, _ = entry_for_user(request.user, edition, pk, perms.ENTRY_REVIEW)
    try:
        act(entry)
    except rights.RegistrationError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("registration:entry_detail", code=code, pk=pk)


@require_POST
@login_required
def entry_approve(request, code: str, pk: int):
    def act(entry):
        notes = services.approve(entry, actor=Actor.of(request))
        messages.success(request, f"已通过 {entry.person.name} 的报名。")
        for note in notes:
            messages.warning(request, note)

    return _review_action(request, code, pk, act)


@require_POST
@login_required
def entry_return(request, code: str, pk: int):
    def act(entry):
        services.return_entry(entry, request.POST.get("reason", ""), actor=Actor.of(request))
        messages.success(request, f"已退回 {entry.person.name} 的报名。")

    return _review_action(request, code, pk, act)


PAGE_ROWS = 100


def _clean(entries: list[Entry]) -> list[Entry]:
    """Those approved at once: eligible, with no flag, with every document their event asks for,
    and nothing the finals say against approving now (the event's numbers drawn)."""
    missing = services.missing_documents(entries)
    approvals = approval_verdicts(entries)
    return [
        e
        for e in entries
        if e.eligible
        and not e.verdict.get("flags")
        and e.pk not in missing
        and approvals[e.event_id] == (None, [])
    ]


def _reviewable(request, edition) -> list[Entry]:
    submitted = Entry.objects.filter(delegation__edition=edition, status=Entry.Status.SUBMITTED)
    submitted = submitted.select_related(
        "person", "event__occupation", "event__host_unit", "delegation__organization", "team__event"
    )
    return [
        e
        for e in submitted
        if access.has_perm(
            request.user,
            edition,
            perms.ENTRY_REVIEW,
            event=e.event,
            organization=e.delegation.organization,
        )
    ]


@require_GET
@login_required
def review_queue(request, code: str):
    """Every submitted entry the reviewer may review, PAGE_ROWS to a page."""
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_REVIEW)
    entries = _reviewable(request, edition)
    missing = services.missing_documents(entries)
    approvals = approval_verdicts(entries)
    page = Paginator(entries, PAGE_ROWS).get_page(request.GET.get("page"))
    teams.label_counts([e.team for e in page if e.team_id])
    context = {
        "edition": edition,
        "page": page,
        "rows": [
            (
                e,
                privacy.mask_id(e.person.document_number),
                privacy.verdict_without_birth(e.verdict, e.person).get("flags", []),
                missing.get(e.pk, []),
                approvals[e.event_id],
            )
            for e in page
        ],
        "clean": len(_clean(entries)),
    }
    return render(request, "registration/review.html", context)


@require_POST
@login_required
def review_approve_clean(request, code: str):
    """Approve at once every submitted entry the reviewer may review that has no reason and no flag."""
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_REVIEW)
    try:
        count = services.approve_all(_clean(_reviewable(request, edition)), actor=Actor.of(request))
    except rights.RegistrationError as exc:
        messages.error(request, f"没有通过任何报名：{exc}")
    else:
        messages.success(
            request, f"已通过 {count} 条符合资格且无提示的报名；有提示的报名请逐条审核。"
        )
    return redirect("registration:review_queue", code=code)
