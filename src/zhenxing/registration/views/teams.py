"""Teams of pairs and three-person events: form, change, dissolve (the delegation's registrar;
the committee office at any time)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import rights, teams
from ..access import delegation_for_user, team_for_user
from ..team_forms import TeamForm
from .common import edition_of


def _team_page(request, edition, delegation, event, team=None):
    form = TeamForm(request.POST or None, delegation=delegation, event=event, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            saved, changed = teams.save_team(
                delegation,
                event,
                form.cleaned_data["name"],
                form.cleaned_data["members"],
                actor=Actor.of(request),
                team=team,
                seen_version=form.cleaned_data.get("version"),
            )
        except rights.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已保存参赛队“{saved.name}”。" if changed else "内容没有变化。"
            )
            return redirect(f"/office/{edition.code}/delegations/{delegation.pk}/#teams")
    context = {
        "edition": edition,
        "delegation": delegation,
        "event": event,
        "team": team,
        "form": form,
        "kind": teams.kind_of(event),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/team_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def team_new(request, code: str, pk: int, event_pk: int):
    edition = edition_of(request, code)
    delegation, _ = delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    event = edition.events.filter(pk=event_pk, team_size__gt=1).select_related("occupation")
    event = event.first()
    if event is None:
        raise Http404("本届没有这个双人或三人赛项")
    return _team_page(request, edition, delegation, event)


@require_http_methods(["GET", "POST"])
@login_required
def team_edit(request, code: str, pk: int):
    edition = edition_of(request, code)
    team, _ = team_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    return _team_page(request, edition, team.delegation, team.event, team)


@require_POST
@login_required
def team_dissolve(request, code: str, pk: int):
    edition = edition_of(request, code)
    team, _ = team_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    seen = request.POST.get("version", "")
    try:
        names = teams.dissolve_team(
            team,
            actor=Actor.of(request),
            seen_version=int(seen) if seen.isascii() and seen.isdigit() else None,
        )
    except rights.RegistrationError as exc:
        messages.error(request, str(exc))
        return redirect("registration:team_edit", code=code, pk=pk)
    kept = f"，{'、'.join(names)} 的报名仍保留" if names else ""
    messages.success(request, f"已解散参赛队“{team.name}”{kept}。")
    return redirect(f"/office/{code}/delegations/{team.delegation_id}/#teams")
