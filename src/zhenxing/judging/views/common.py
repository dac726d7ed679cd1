"""What the finals pages share: the final from the address, messages, posted values."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms

from ..access import final_for_user
from ..locking import ScoringError
from ..marks import shown
from ..schemes import rules_scheme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def final_of_request(request, code, pk, need=perms.SCORE_VIEW):
    """The final of the event in the address and what the user may do there (404/403 else)."""
    edition, _ = access.edition_for_user(request.user, code)
    return final_for_user(request.user, edition, pk, need)


def posted_pk(value: str) -> int:
    """A posted object id; anything that is not one finds nothing (404), never a 500."""
    value = str(value)
    return int(value) if value.isascii() and value.isdigit() else 0


def back(final):
    return redirect("judging:final_home", code=final.event.edition.code, pk=final.event.pk)


def refused(request, exc: ScoringError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def choice(request, name: str, missing: str) -> bool:
    """A yes/no button's value ("1" or "0"); a request without one is refused, never read as no."""
    value = request.POST.get(name)
    if value not in ("1", "0"):
        raise ScoringError(missing)
    return value == "1"


def moment(text: str) -> dt.datetime | None:
    """A datetime-local form value (Beijing time) as an aware datetime; None when empty."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ScoringError("时间格式应为 2020-09-18 16:00") from None
    if value.tzinfo is None:
        value = timezone.make_aware(value)
    return value


def readable(final, marks) -> list:
    """Marks with their aspect's kind (for the form) and values as people read them (达到, 1、0.5)."""
    kinds = {
        scheme.pk: {a.key: a.kind for a in rules_scheme(scheme).aspects}
        for scheme in final.schemes.all()
    }
    marks = list(marks)
    for mark in marks:
        mark.kind = kinds.get(mark.scheme_id, {}).get(mark.aspect_key, "")
        mark.shown = shown(mark.value)
        mark.second_shown = shown(mark.second_value)
    return marks
