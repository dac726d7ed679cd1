"""Access helper of the finals: an event's scoring area and what the user may do in it."""

from __future__ import annotations

from django.http import Http404

from zhenxing.editions.models import Event
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import held, needs

from .locking import final_of


def final_for_user(user, edition, event_pk: int, need: str | tuple = perms.SCORE_VIEW):
    """An event's scoring area: its panel, host unit, supervisors and the office; others 404.

    `need` may be one code or a tuple of codes of which the user must hold one. Returns the
    final and the codes the user holds over its event."""
    event = Event.objects.filter(pk=event_pk, edition=edition).select_related("occupation")
    event = event.first()
    allowed = held(user, edition, event=event) if event is not None else None
    if allowed is None or perms.SCORE_VIEW not in allowed:
        raise Http404("未找到该比赛项目")
    needs(allowed, need)
    return final_of(event), allowed
