"""What a delegation needs to know of the events it has entries in: dates, venue, 报到须知."""

from __future__ import annotations

from .models import Arrangement


def arrangements_for(delegation) -> list[Arrangement]:
    events = delegation.entries.values("event_id")
    found = Arrangement.objects.filter(event__in=events).select_related("event__occupation")
    return [a for a in found.order_by("event_id") if a.venue or a.check_in or a.starts_on]
