"""The host unit appoints and dismisses an event's panel; conflicts of interest are refused."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Membership, Organization

from .. import panel as panels
from ..locking import ScoringError
from .common import final_of_request, posted_pk, refused


@require_http_methods(["GET", "POST"])
@login_required
def panel(request, code: str, pk: int):
    need = perms.EVENT_MANAGE if request.method == "POST" else perms.SCORE_VIEW
    final, allowed = final_of_request(request, code, pk, need)
    if request.method == "POST":
        try:
            _change_panel(request, final)
        except ScoringError as exc:
            refused(request, exc)
        return redirect("judging:panel", code=code, pk=pk)
    context = {
        "final": final,
        "event": final.event,
        "panel": panels.panel(final),
        "choices": panels.PANEL_CHOICES,
        "organizations": Organization.objects.all(),  # shown by full name: names repeat
        "can_manage": perms.EVENT_MANAGE in allowed,
        # e.g. an entry approved after the panel was appointed
        "conflicts": [r.message for r in panels.conflicts(final)] if not final.locked else [],
    }
    return render(request, "judging/panel.html", context)


def _change_panel(request, final) -> None:
    actor = Actor.of(request)
    if request.POST.get("remove"):
        membership = Membership.objects.filter(
            pk=posted_pk(request.POST["remove"]), event=final.event
        ).first()
        if membership is None:
            raise Http404("未找到该任命")
        panels.dismiss(final, membership, actor=actor)
        messages.success(request, "已移出评判组")
        return
    username = request.POST.get("username", "").strip()
    role = request.POST.get("role", "")
    user = get_user_model().objects.filter(username=username).first()
    organization = Organization.objects.filter(
        pk=posted_pk(request.POST.get("organization") or "0")
    ).first()
    if user is None or role not in dict(panels.PANEL_CHOICES) or organization is None:
        messages.error(request, "请填写已有的用户名，并选择角色和所属单位（用于回避核对）")
        return
    panels.appoint(final, user, role, organization, actor=actor)
    messages.success(request, f"已将 {username} 任命为{dict(panels.PANEL_CHOICES)[role]}")
