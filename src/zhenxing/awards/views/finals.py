"""The national finals: per national-level event, how many go and how many are reserves, the
picks with their reasons, the committee's confirmation, and the list as the national contest
asks for it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.judging.locking import ScoringError
from zhenxing.judging.models import Final
from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.registration.exports import to_xlsx

from .. import finals
from ..models import FinalsList
from .common import download, refused


def _number(text: str) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        raise ScoringError("人数应为整数（如 1）。")
    return int(text)


@require_http_methods(["GET", "POST"])
@login_required
def national_finals(request, code: str):
    need = perms.NATIONAL_SELECT if request.method == "POST" else perms.AWARDS_VIEW
    edition, allowed = access.edition_for_user(request.user, code, need)
    if request.method == "POST":
        final = Final.objects.filter(
            event__edition=edition, event__pk=posted_pk(request.POST.get("event", ""))
        ).first()
        try:
            if final is None or not finals.is_national(final):
                raise ScoringError("未找到该国家级竞赛职业比赛项目。")
            actor = Actor.of(request)
            if request.POST.get("action") == "confirm":
                finals.confirm(final, actor=actor)
                messages.success(request, f"已确认 {final.event} 的推荐名单。")
            else:
                per_event = _number(request.POST.get("per_event"))
                finals.set_counts(
                    final, per_event, _number(request.POST.get("reserves")), actor=actor
                )
                messages.success(request, f"已保存 {final.event} 的推荐人数，名单已重新生成。")
        except ScoringError as exc:
            refused(request, exc)
        return redirect("awards:national_finals", code=code)
    national = edition.events.filter(occupation__level="national").select_related("occupation")
    lists = {
        fl.final.event_id: fl
        for fl in FinalsList.objects.filter(final__event__edition=edition).select_related(
            "final", "confirmed_by"
        )
    }
    rows = []
    for event in national:
        finals_list = lists.get(event.pk)
        picks = []
        if finals_list:
            picks = finals_list.picks.select_related(
                "competitor__entry__person",
                "competitor__entry__delegation__organization",
                "competitor__result",
                "competitor__team",
            ).prefetch_related("competitor__team__members__person")
        rows.append({"event": event, "list": finals_list, "picks": picks})
    context = {
        "edition": edition,
        "rows": rows,
        "can_select": perms.NATIONAL_SELECT in allowed,
        "can_export": perms.PERSON_VIEW_FULL in allowed,
        "counterpart": edition.rulebook().edition.national_counterpart,
    }
    return render(request, "awards/national_finals.html", context)


@require_GET
@never_cache  # full ID numbers: no cache keeps a copy
@login_required
def national_finals_file(request, code: str):
    edition, _ = access.edition_for_user(request.user, code, perms.PERSON_VIEW_FULL)
    confirmed = FinalsList.objects.filter(
        final__event__edition=edition, confirmed_at__isnull=False
    ).select_related("final__event__occupation")
    rows = finals.export_rows(list(confirmed), actor=Actor.of(request), edition=edition)
    title = f"{edition.rulebook().edition.national_counterpart or '全国决赛'}推荐名单"
    payload = to_xlsx(finals.EXPORT_HEADER, [[str(c) for c in r] for r in rows], title, "推荐名单")
    return download(payload, f"{title}.xlsx", "xlsx")
