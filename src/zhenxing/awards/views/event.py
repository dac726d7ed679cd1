"""The awards of one event: proposals with their reasons, approval by their approvers, the
review of certificates not issued, and the event's lists (公示名单, 获奖名单)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.judging.locking import ScoringError
from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.results.publication import state

from .. import approvals, finals, lists, proposals
from ..access import event_awards_for_user
from ..models import Award
from .common import download, refused

LISTS = {"publicity": lists.publicity, "awarded": lists.awarded}


def _rows(final, user) -> list:
    awards = list(
        Award.objects.filter(final=final)
        .select_related(
            "entry__person",
            "entry__delegation__organization",
            "competitor__team",
            "decided_by",
        )
        .order_by("rank", "competitor__number", "entry_id", "kind", "pk")
    )
    for award in awards:
        award.mine = award.status == Award.Status.PROPOSED and approvals.may_decide(user, award)
        award.reviewable = award.status == Award.Status.REVIEW and approvals.may_decide(user, award)
    return awards


@require_http_methods(["GET", "POST"])
@login_required
def event_awards(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    final, allowed = event_awards_for_user(request.user, edition, pk)
    if request.method == "POST":
        try:
            _act(request, final)
        except ScoringError as exc:
            refused(request, exc)
        return redirect("awards:event_awards", code=code, pk=pk)
    awards = _rows(final, request.user)
    shown, reasons = state(final)
    context = {
        "edition": edition,
        "event": final.event,
        "final": final,
        "awards": awards,
        "active": [a for a in awards if a.status != Award.Status.WITHDRAWN],
        "withdrawn": [a for a in awards if a.status == Award.Status.WITHDRAWN],
        "mine": [a for a in awards if a.mine],
        "decidable": [a for a in awards if a.mine or a.reviewable],
        "not_ready": proposals.not_ready(final),
        "state": shown,
        "state_reasons": reasons,
        "can_propose": perms.AWARDS_PROPOSE in allowed,
        "can_download": perms.CERTIFICATE_DOWNLOAD in allowed,
        "national": finals.is_national(final),
        "certificate": final.event.occupation,
    }
    return render(request, "awards/event.html", context)


def _chosen(request, final) -> list[Award]:
    ids = [posted_pk(value) for value in request.POST.getlist("award")]
    chosen = list(Award.objects.filter(final=final, pk__in=ids))
    if not chosen:
        raise ScoringError("请先勾选要处理的奖项。")
    return chosen


def _act(request, final) -> None:
    actor, action = Actor.of(request), request.POST.get("action", "")
    note = request.POST.get("note", "")
    if action == "propose":
        made, withdrawn = proposals.propose(final, actor=actor)
        text = f"已提出 {made} 项" + (f"，撤回 {withdrawn} 项（见下方原因）" if withdrawn else "")
        messages.success(request, text if made or withdrawn else "拟授奖项与成绩一致，没有变化。")
    elif action in ("approve", "reject"):
        count = approvals.decide(_chosen(request, final), action == "approve", note, actor=actor)
        messages.success(request, f"已{'核准' if action == 'approve' else '不予核准'} {count} 项。")
    elif action == "review":
        [award] = _chosen(request, final)[:1]
        approvals.close_review(award, note, actor=actor)
        messages.success(request, "已记录复核结果：不颁发。")
    else:
        raise ScoringError("未知的操作。")


@require_GET
@login_required
def event_list_file(request, code: str, pk: int, which: str, fmt: str):
    edition, _ = access.edition_for_user(request.user, code)
    final, _ = event_awards_for_user(request.user, edition, pk)
    if which not in LISTS:
        raise Http404("未知的名单")
    if final.published_at is None:
        raise Http404("成绩尚未发布")
    title, header, rows = LISTS[which](final)
    payload = (
        lists.as_pdf(title, header, rows) if fmt == "pdf" else lists.as_xlsx(title, header, rows)
    )
    return download(payload, f"{title}.{fmt}", fmt)
