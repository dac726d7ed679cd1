"""An event's finals page: where each part of the finals stands, and the way to each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhenxing.orgs import permissions as perms

from ..anonymity import undrawn
from ..layers import Layer
from ..models import Correction
from ..panel import panel
from ..schemes import current_scheme
from ..teams import roster
from .common import final_of_request


@require_GET
@login_required
def final_home(request, code: str, pk: int):
    final, allowed = final_of_request(request, code, pk)
    context = {
        "final": final,
        "event": final.event,
        "edition": final.event.edition,
        "scheme": current_scheme(final),
        "competitor_count": final.competitors.count(),
        "absent_count": final.competitors.filter(absent=True).count(),
        "panel": panel(final),
        "can_manage": perms.EVENT_MANAGE in allowed,
        "can_draw": perms.ANONYMITY_HOLD in allowed,
        "can_decrypt": allowed.any(perms.ANONYMITY_HOLD, perms.SCORE_WITNESS),
        "can_appeals": allowed.any(perms.APPEAL_DECIDE, perms.RESULTS_PUBLISH, perms.SCORE_WITNESS),
        "layer_choices": Layer.choices,
        "can_enter": perms.SCORE_ENTER in allowed,
        "can_lock": perms.SCORE_LOCK in allowed,
        "can_witness": perms.SCORE_WITNESS in allowed,
        "can_theory": perms.THEORY_ENTER in allowed,
        "can_publish": perms.RESULTS_PUBLISH in allowed,
        "undrawn": undrawn(final),
        # teams not complete, entries in no team: for those who see entries, never the panel
        "left_out": roster(final.event).left_out if perms.ENTRY_VIEW in allowed else [],
        "pending_corrections": Correction.objects.filter(
            mark__competitor__final=final, status=Correction.Status.PENDING
        ).count(),
    }
    return render(request, "judging/final.html", context)
