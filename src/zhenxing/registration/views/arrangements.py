"""The events a user may see with their arrangements (dates, venue, check-in, documents asked
for), set by the host unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import services
from ..forms import ArrangementForm
from ..models import Arrangement
from ..rights import RegistrationError
from .common import edition_of


@require_http_methods(["GET", "POST"])
@login_required
def arrangement(request, code: str, pk: int):
    edition = edition_of(request, code)
    writing = request.method == "POST"
    event, allowed = access.event_for_user(request.user, edition, pk, writing)
    current = Arrangement.objects.filter(event=event).first() or Arrangement(event=event)
    form = ArrangementForm(request.POST or None, instance=current)
    if writing and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ArrangementForm.Meta.fields}
        seen = form.cleaned_data.get("version")
        try:
            services.save_arrangement(event, values, actor=Actor.of(request), seen_version=seen)
        except RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "比赛安排已保存。")
            return redirect("registration:arrangement", code=code, pk=pk)
    context = {
        "edition": edition,
        "event": event,
        "form": form,
        "can_write": perms.EVENT_MANAGE in allowed,
    }
    return render(request, "registration/arrangement.html", context, status=400 if writing else 200)


@require_GET
@login_required
def event_list(request, code: str):
    """The events whose entries the user may see, each with its arrangements and its list."""
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_VIEW)
    events = edition.events.select_related("occupation", "host_unit", "arrangement")
    rows = []
    for event in events:
        allowed = access.held(request.user, edition, event=event)
        if perms.ENTRY_VIEW in allowed:
            rows.append((event, event.entries.count(), perms.PERSON_VIEW_FULL in allowed))
    if not rows:
        raise PermissionDenied("您的角色没有可查看报名名单的比赛项目。")
    return render(request, "registration/event_list.html", {"edition": edition, "rows": rows})
