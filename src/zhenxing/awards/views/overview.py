"""The awards of an edition at a glance: each event's state, what awaits the user's approval,
and the ways to certificate kinds, the national finals, layouts, lists and batches."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhenxing.judging.models import Final
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms

from .. import approvals, lists, proposals
from ..models import Award
from .common import download


def _event_rows(request, edition) -> list[dict]:
    finals = {f.event_id: f for f in Final.objects.filter(event__edition=edition)}
    awards = Award.objects.filter(final__event__edition=edition).select_related("final__event")
    by_final: dict[int, list[Award]] = {}
    for award in awards:
        by_final.setdefault(award.final_id, []).append(award)
    rows = []
    for event in edition.events.select_related("occupation"):
        if perms.AWARDS_VIEW not in access.held(request.user, edition, event=event):
            continue
        final = finals.get(event.pk)
        given = by_final.get(final.pk, []) if final else []
        rows.append(
            {
                "event": event,
                "waiting": proposals.not_ready(final) if final else "尚未开始决赛评分。",
                "proposed": sum(a.status == Award.Status.PROPOSED for a in given),
                "approved": sum(a.status == Award.Status.APPROVED for a in given),
                "mine": sum(
                    a.status == Award.Status.PROPOSED and approvals.may_decide(request.user, a)
                    for a in given
                ),
                "made": bool(given),
            }
        )
    return rows


@require_GET
@login_required
def awards_home(request, code: str):
    edition, allowed = access.edition_for_user(request.user, code, perms.AWARDS_VIEW)
    context = {
        "edition": edition,
        "rows": _event_rows(request, edition),
        "can_kinds": perms.CERTIFICATE_KIND in allowed,
        "can_layouts": perms.CERTIFICATE_LAYOUT in allowed,
        "can_download": access.has_perm_edition_wide(
            request.user, edition, perms.CERTIFICATE_DOWNLOAD
        ),
    }
    return render(request, "awards/home.html", context)


@require_GET
@login_required
def honours_file(request, code: str, fmt: str):
    edition, _ = access.edition_for_user(request.user, code, perms.AWARDS_VIEW)
    title, header, rows = lists.honours(edition)
    payload = (
        lists.as_pdf(title, header, rows) if fmt == "pdf" else lists.as_xlsx(title, header, rows)
    )
    return download(payload, f"{title}.{fmt}", fmt)
