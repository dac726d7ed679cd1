"""The public results page of an event, once the committee has published them."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from zhenxing.editions.services import public_version

from .. import publication
from ..access import public_event
from ..extras import for_final as public_extras
from ..models import Result


@require_GET
def public_results(request, code: str, pk: int):
    """The public results of an event once the committee has published them.

    Anonymous visitors get the whole page from the cache (it carries no CSRF token); the key
    changes whenever results, publication or appeals change (public_version), and an entry
    lives at most a minute, less when the publication period ends sooner."""
    if request.user.is_authenticated:
        return _render_public_results(request, code, pk)
    key = f"public-results:{code}:{pk}:{public_version()}:{request.LANGUAGE_CODE}"
    found = cache.get(key)
    if found is None:
        response = _render_public_results(request, code, pk)
        found = (response.content, response.zx_lifetime)
        cache.set(key, found, response.zx_lifetime)
    else:
        response = HttpResponse(found[0])
    # a proxy in front (nginx, docs/operations.md) may keep it as long as this cache does;
    # publication purges it there too (editions.services.bump_public_version)
    patch_cache_control(response, public=True, max_age=found[1])
    return response


def _render_public_results(request, code: str, pk: int):
    event = public_event(code, pk)
    final = getattr(event, "final", None)
    published = final is not None and final.published_at is not None
    rows, extras, notes = [], {}, []
    if published:
        rows = list(
            Result.objects.filter(competitor__final=final, rank__isnull=False)
            .select_related(
                "competitor__entry__person",
                "competitor__entry__delegation__organization",
                "competitor__team",
            )
            .prefetch_related("competitor__team__members__person")
        )
        extras, notes = public_extras(final)
        for row in rows:
            row.extras = extras.get(row.competitor_id, [])
    state, reasons = publication.state(final)
    context = {
        "edition": event.edition,
        "event": event,
        "final": final,
        "state": state,
        "reasons": reasons,
        "published": published,
        "rows": rows,
        "extras": bool(extras),
        "notes": notes,
    }
    response = render(request, "results/public_results.html", context)
    response.zx_lifetime = _lifetime(final, state)
    return response


def _lifetime(final, state: str) -> int:
    """Seconds a cached copy stays true: a minute, or until the publication period ends."""
    if state != "provisional":
        return 60
    ends = publication.publication_ends(final)
    left = (ends - timezone.now()).total_seconds() if ends else 60
    return int(max(1, min(60, left)))
