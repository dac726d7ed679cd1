"""The committee office's page for what the notice announces later: the registration deadline
and the national-level events' host units (once only in Django admin)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhenxing.editions import office
from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Organization


@require_http_methods(["GET", "POST"])
@login_required
def edition_settings(request, code: str):
    edition, _ = access.edition_for_user(request.user, code, perms.EDITION_MANAGE)
    if request.method == "POST":
        try:
            _apply(request, edition)
        except office.EditionSettingRefused as exc:
            messages.error(request, str(exc))
        return redirect("web:edition_settings", code=code)
    events = edition.events.select_related("occupation", "host_unit").order_by("position")
    context = {
        "edition": edition,
        "events": events,
        "unhosted": sum(e.host_unit_id is None for e in events),
        "host_units": Organization.objects.filter(kind=Organization.Kind.HOST_UNIT),
    }
    return render(request, "web/edition_settings.html", context)


def _apply(request, edition) -> None:
    actor = Actor.of(request)
    post = request.POST
    if "deadline" in post:
        deadline = _date(post["deadline"])
        changed = office.set_registration_deadline(edition, deadline, actor=actor)
        shown = f"{deadline:%Y年%-m月%-d日}" if deadline else "未定（另行通知）"
        messages.success(
            request, f"报名截止日期：{shown}。" if changed else "报名截止日期没有变化。"
        )
        return
    event = edition.events.filter(pk=posted_pk(post.get("event"))).first()
    if event is None:
        raise office.EditionSettingRefused("未找到该比赛项目。")
    chosen = Organization.objects.filter(
        pk=posted_pk(post.get("host")), kind=Organization.Kind.HOST_UNIT
    ).first()
    host = office.set_host_unit(event, chosen, actor=actor, new_name=post.get("new_host", ""))
    messages.success(request, f"{event} 的承办单位：{host or '另行通知'}。")


def _date(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise office.EditionSettingRefused("日期格式应为 2020-08-31。") from None
