"""The encryption officer's pages: draws and sign-in sheets; decryption with a supervisor; the
host unit's settings of the final (the layer judges score by, when the event ended)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import anonymity as anon
from ..layers import Layer
from ..locking import ScoringError
from ..models import Decryption
from ..panel import conflicts
from .common import back, final_of_request, moment, posted_pk, refused


@require_POST
@login_required
def draw_numbers(request, code: str, pk: int):
    final, _ = final_of_request(request, code, pk, perms.ANONYMITY_HOLD)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再抽签")
        return back(final)
    try:
        record = anon.draw_numbers(final, actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            f"已为 {len(record.items)} {final.event.finalist_unit}抽取参赛号；种子已记录，可复算。",
        )
    return back(final)


@require_GET
@login_required
def numbers(request, code: str, pk: int):
    """The sign-in sheet lives on the encryption officer's page."""
    final_of_request(request, code, pk, perms.ANONYMITY_HOLD)
    return redirect("judging:anonymity", code=code, pk=pk)


@require_GET
@login_required
def anonymity(request, code: str, pk: int):
    """The encryption officer's page: the layers, their draws and sign-in sheets."""
    final, _ = final_of_request(request, code, pk, perms.ANONYMITY_HOLD)
    competitors = (
        final.competitors.select_related("entry__person", "entry__delegation__organization", "team")
        .prefetch_related("team__members__person")
        .order_by("number")
    )
    draws = [(d, anon.replay(d)) for d in final.draws.order_by("drawn_at")]
    context = {
        "final": final,
        "event": final.event,
        "competitors": competitors,
        "draws": draws,
        "layers": anon.layers_drawn(final),
        "conflicts": conflicts(final),
    }
    return render(request, "judging/anonymity.html", context)


@require_POST
@login_required
def draw_layer(request, code: str, pk: int, layer: str):
    final, _ = final_of_request(request, code, pk, perms.ANONYMITY_HOLD)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再抽签")
    else:
        try:
            record = anon.draw_layer(final, layer, actor=Actor.of(request))
        except ScoringError as exc:
            refused(request, exc)
        else:
            name = Layer(layer).label
            count = f"{len(record.items)} {final.event.finalist_unit}"
            messages.success(request, f"已抽取{name}（{count}），种子已记录。")
    return redirect("judging:anonymity", code=code, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def decryption(request, code: str, pk: int):
    """Supervisors and the encryption officer: ask for and confirm each step of decryption."""
    final, allowed = final_of_request(
        request, code, pk, (perms.ANONYMITY_HOLD, perms.SCORE_WITNESS)
    )
    if request.method == "POST":
        actor = Actor.of(request)
        try:
            if request.POST.get("step"):
                if perms.SCORE_WITNESS not in allowed:
                    raise ScoringError("只有监督能确认解密")
                step = get_object_or_404(
                    Decryption, pk=posted_pk(request.POST["step"]), final=final
                )
                anon.confirm_decryption(step, actor=actor)
                messages.success(request, f"已确认解密：{Layer(step.layer).label}")
            else:
                anon.request_decryption(final, actor=actor)
                messages.success(request, "已申请解密，等待监督确认")
        except ScoringError as exc:
            refused(request, exc)
        return redirect("judging:decryption", code=code, pk=pk)
    steps = list(final.decryptions.select_related("requested_by", "confirmed_by"))
    for step in steps:
        step.layer_name = Layer(step.layer).label
    following = anon.next_layer(final)
    context = {
        "final": final,
        "event": final.event,
        "order": [Layer(layer).label for layer in anon.decryption_order(final)],
        "steps": steps,
        "next_layer": Layer(following).label if following else None,
        "can_request": perms.ANONYMITY_HOLD in allowed,
        "can_confirm": perms.SCORE_WITNESS in allowed,
    }
    return render(request, "judging/decryption.html", context)


@require_POST
@login_required
def final_settings(request, code: str, pk: int):
    """The host unit: which layer judges score by, and when the event ended (appeal window)."""
    final, _ = final_of_request(request, code, pk, perms.EVENT_MANAGE)
    layer = request.POST.get("judged_by", final.judged_by)
    try:
        ends_at = moment(request.POST.get("ends_at", ""))
        anon.set_final_settings(final, layer, ends_at, actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    else:
        messages.success(request, "已保存")
    return back(final)
