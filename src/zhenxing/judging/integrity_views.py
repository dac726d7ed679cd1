"""Integrity pages: draws and sign-in sheets, decryption, re-check, appeals, event settings."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import Role

from . import integrity, services
from .models import LAYER_CHOICES, Appeal, Decryption, RecheckItem
from .views import _back, _can, _choice, _final, _pk, _refused


@require_GET
@login_required
def anonymity(request, code: str, pk: int):
    """The encryption officer's page: the layers, their draws and sign-in sheets."""
    final = _final(request, code, pk, perms.ANONYMITY_HOLD)
    competitors = final.competitors.select_related(
        "entry__person", "entry__delegation__organization"
    ).order_by("number")
    draws = [(d, integrity.replay(d)) for d in final.draws.order_by("drawn_at")]
    context = {
        "final": final,
        "event": final.event,
        "competitors": competitors,
        "draws": draws,
        "layers": integrity.layers_drawn(final),
        "conflicts": integrity.conflicts(final),
    }
    return render(request, "judging/anonymity.html", context)


@require_POST
@login_required
def draw_layer(request, code: str, pk: int, layer: str):
    final = _final(request, code, pk, perms.ANONYMITY_HOLD)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再抽签")
    else:
        try:
            record = integrity.draw_layer(final, layer, request=request)
        except services.ScoringError as exc:
            _refused(request, exc)
        else:
            name = integrity.LAYER_NAMES.get(layer, layer)
            messages.success(request, f"已抽取{name}（{len(record.items)} 名选手），种子已记录。")
    return redirect("anonymity", code=code, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def decryption(request, code: str, pk: int):
    """Supervisors and the encryption officer: ask for and confirm each step of decryption."""
    need = (perms.ANONYMITY_HOLD, perms.SCORE_WITNESS)
    final = _final(request, code, pk, need)
    if request.method == "POST":
        try:
            if request.POST.get("step"):
                if not _can(request, final, perms.SCORE_WITNESS):
                    raise services.ScoringError("只有监督能确认解密")
                step = get_object_or_404(Decryption, pk=_pk(request.POST["step"]), final=final)
                integrity.confirm_decryption(step, request=request)
                messages.success(request, f"已确认解密：{integrity.LAYER_NAMES[step.layer]}")
            else:
                if not _can(request, final, perms.ANONYMITY_HOLD):
                    raise services.ScoringError("只有加密裁判能申请解密")
                step = integrity.request_decryption(final, request=request)
                messages.success(request, "已申请解密，等待监督确认")
        except services.ScoringError as exc:
            _refused(request, exc)
        return redirect("decryption", code=code, pk=pk)
    names = integrity.LAYER_NAMES
    steps = list(final.decryptions.select_related("requested_by", "confirmed_by"))
    for step in steps:
        step.layer_name = names[step.layer]
    following = integrity.next_layer(final)
    context = {
        "final": final,
        "event": final.event,
        "order": [names[layer] for layer in integrity.decryption_order(final)],
        "steps": steps,
        "next_layer": names[following] if following else None,
        "can_request": _can(request, final, perms.ANONYMITY_HOLD),
        "can_confirm": _can(request, final, perms.SCORE_WITNESS),
    }
    return render(request, "judging/decryption.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def recheck(request, code: str, pk: int):
    need = perms.SCORE_WITNESS if request.method == "POST" else perms.SCORE_VIEW
    final = _final(request, code, pk, need)
    record = getattr(final, "recheck", None)
    if request.method == "POST":
        try:
            if request.POST.get("item"):
                item = get_object_or_404(RecheckItem, pk=_pk(request.POST["item"]), recheck=record)
                correct = _choice(request, "correct", "请选择复核结果：“无误”或“有误”")
                integrity.record_recheck(
                    item, correct, request.POST.get("note", ""), request=request
                )
                messages.success(request, "复核结果已记录：" + ("无误" if correct else "有误"))
            else:
                integrity.start_recheck(final, request=request)
        except services.ScoringError as exc:
            _refused(request, exc)
        return redirect("recheck", code=code, pk=pk)
    items = record.items.select_related("competitor__result") if record else []
    outcome = None
    if record and not record.items.filter(kind="sample", outcome="pending").exists():
        outcome = integrity.sample_outcome(record, final)
    context = {
        "final": final,
        "event": final.event,
        "record": record,
        "items": items,
        "outcome": outcome,
        "can_witness": _can(request, final, perms.SCORE_WITNESS),
        "blockers": integrity.publication_blockers(final),
    }
    return render(request, "judging/recheck.html", context)


def _judges_by_number(request, final) -> bool:
    """Judges, chief judges and clerks: they see numbers, never names, until decryption."""
    roles = services.roles_in_event(request.user, final)
    return bool(roles & {Role.JUDGE, Role.CHIEF_JUDGE, Role.CLERK})


def _moment(text: str) -> dt.datetime | None:
    """A datetime-local form value (Beijing time) as an aware datetime; None when empty."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise services.ScoringError("时间格式应为 2020-09-18 16:00") from None
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment)
    return moment


@require_http_methods(["GET", "POST"])
@login_required
def appeals(request, code: str, pk: int):
    need = perms.APPEAL_DECIDE if request.method == "POST" else perms.SCORE_VIEW
    final = _final(request, code, pk, need)
    if final.decrypted_at is None and _judges_by_number(request, final):
        # an appeal names its delegation: the panel reads it only once names are out
        raise PermissionDenied("全部解密之前，评判组成员不能查看申诉（申诉写明了代表队）。")
    if request.method == "POST":
        try:
            if request.POST.get("appeal"):
                appeal = get_object_or_404(Appeal, pk=_pk(request.POST["appeal"]), final=final)
                upheld = _choice(request, "upheld", "请选择裁决：“申诉成立”或“申诉不成立”")
                integrity.decide_appeal(
                    appeal, upheld, request.POST.get("decision_text", ""), request=request
                )
                messages.success(request, "裁决已记录：" + ("申诉成立" if upheld else "申诉不成立"))
            else:
                integrity.lodge_appeal(
                    final,
                    request.POST.get("appellant", ""),
                    _moment(request.POST.get("lodged_at", "")) or timezone.now(),
                    request.POST.get("content", ""),
                    request=request,
                )
                messages.success(request, "申诉已登记")
        except services.ScoringError as exc:
            _refused(request, exc)
        return redirect("appeals", code=code, pk=pk)
    state, reasons = integrity.state(final)
    context = {
        "final": final,
        "event": final.event,
        "appeals": final.appeals.select_related("recorded_by", "decided_by"),
        "can_decide": _can(request, final, perms.APPEAL_DECIDE),
        "state": state,
        "reasons": reasons,
    }
    return render(request, "judging/appeals.html", context)


@require_POST
@login_required
def final_settings(request, code: str, pk: int):
    """The host unit: which layer judges score by, and when the event ended (appeal window)."""
    final = _final(request, code, pk, perms.EVENT_MANAGE)
    layer = request.POST.get("judged_by", final.judged_by)
    try:
        if layer not in dict(LAYER_CHOICES):
            raise services.ScoringError("未知的编号层")
        ends_at = _moment(request.POST.get("ends_at", ""))
        integrity.set_judged_by(final, layer, ends_at, request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已保存")
    return _back(final)
