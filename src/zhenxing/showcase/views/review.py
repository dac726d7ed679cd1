"""The committee office's pages: every nomination by state, the review queue, and the review
actions (approve, return, pick, unpick, hide, restore)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import access, review
from ..models import Nomination

DONE = {
    "approve": "已审核通过，作品已在展示页面公开",
    "return": "已退回推荐单位修改",
    "feature": "已推荐全区宣传（选树），其他单位可以发起挑战",
    "unfeature": "已取消全区宣传推荐",
    "hide": "已下架：展示页面和作品文件立即停止公开",
    "show": "已恢复展示",
}
WITH_REASON = {"return": review.return_nomination, "hide": review.hide}
PLAIN = {
    "approve": review.approve,
    "feature": review.feature,
    "unfeature": review.unfeature,
    "show": review.show,
}


@require_safe
@login_required
def home(request, code: str):
    """The office: every nomination; a registrar: their own organization's."""
    edition, _ = org_access.edition_for_user(request.user, code)
    if not org_access.has_perm_edition_wide(request.user, edition, perms.SHOWCASE_REVIEW):
        own = access.own_organizations(request.user, edition)
        if not own:
            raise Http404("未找到“绝活”推荐")
        return redirect("showcase:organization", code=code, org=own[0].pk)
    status = request.GET.get("status", "")
    items = Nomination.objects.filter(edition=edition).select_related(
        "person", "organization", "answers"
    )
    if status in Nomination.Status.values:
        items = items.filter(status=status)
    elif status == "hidden":
        items = items.filter(hidden=True)
    context = {
        "edition": edition,
        "nominations": items.order_by("-submitted_at", "-created_at"),
        "status": status,
        "statuses": [*Nomination.Status.choices, ("hidden", "已下架")],
        "waiting": Nomination.objects.filter(
            edition=edition, status=Nomination.Status.SUBMITTED
        ).count(),
    }
    return render(request, "showcase/home.html", context)


@require_safe
@login_required
def queue(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    if not org_access.has_perm_edition_wide(request.user, edition, perms.SHOWCASE_REVIEW):
        raise Http404("未找到待审核的“绝活”推荐")  # as the rest of the back office: unseen
    items = (
        Nomination.objects.filter(edition=edition, status=Nomination.Status.SUBMITTED)
        .select_related("person", "organization", "answers")
        .order_by("submitted_at", "pk")
    )
    return render(request, "showcase/queue.html", {"edition": edition, "nominations": items})


@require_POST
@login_required
def decide(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    item, allowed = access.nomination_for_user(request.user, edition, pk)
    org_access.needs(allowed, perms.SHOWCASE_REVIEW, "只有大赛组委会办公室可以审核“绝活”推荐")
    what = request.POST.get("action", "")
    try:
        if what in WITH_REASON:
            reason = request.POST.get("reason", "")  # the service says what is wrong with it
            WITH_REASON[what](item, reason, actor=Actor.of(request))
        elif what in PLAIN:
            PLAIN[what](item, actor=Actor.of(request))
        else:
            raise review.ShowcaseRefused("请选择要进行的操作。")
    except review.ShowcaseRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{item.title}：{DONE[what]}。")
    return redirect("showcase:nomination", code=code, pk=pk)
