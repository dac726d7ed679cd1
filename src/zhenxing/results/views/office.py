"""The office's results pages: the results table, publication, the re-check, corrections after
the lock (with the upheld appeal they carry out), appeals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.judging import lock
from zhenxing.judging.locking import ScoringError
from zhenxing.judging.marks import shown
from zhenxing.judging.models import Correction
from zhenxing.judging.panel import judges
from zhenxing.judging.views.common import choice, final_of_request, moment, posted_pk, refused
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import appeals as appeal_services
from .. import publication, recheck
from ..access import appeal_of, appeals_for_user, recheck_item_of
from ..models import Appeal, Recheck, Result


@require_GET
@login_required
def results(request, code: str, pk: int):
    final, allowed = final_of_request(request, code, pk)
    identities = final.decrypted_at is not None and perms.IDENTITY_VIEW in allowed
    related = ["competitor"]
    rows = Result.objects.filter(competitor__final=final)
    if identities:
        related += ["competitor__entry__person", "competitor__entry__delegation__organization"]
        related += ["competitor__team"]
        rows = rows.prefetch_related("competitor__team__members__person")
    rows = rows.select_related(*related)
    context = {
        "final": final,
        "event": final.event,
        "rows": rows,
        "identities": identities,
        "can_publish": perms.RESULTS_PUBLISH in allowed,
    }
    return render(request, "results/results.html", context)


@require_POST
@login_required
def publish(request, code: str, pk: int):
    final, _ = final_of_request(request, code, pk, perms.RESULTS_PUBLISH)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再发布")
        return redirect("results:results", code=code, pk=pk)
    try:
        publication.publish(final, actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    else:
        messages.success(request, "成绩已发布，公众可在项目成绩页查看")
    return redirect("results:results", code=code, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def recheck_page(request, code: str, pk: int):
    need = perms.SCORE_WITNESS if request.method == "POST" else perms.SCORE_VIEW
    final, allowed = final_of_request(request, code, pk, need)
    record = Recheck.objects.filter(final=final).first()
    if request.method == "POST":
        actor = Actor.of(request)
        try:
            if request.POST.get("item"):
                item = recheck_item_of(final, posted_pk(request.POST["item"]))
                correct = choice(request, "correct", "请选择复核结果：“无误”或“有误”")
                recheck.record_recheck(item, correct, request.POST.get("note", ""), actor=actor)
                messages.success(request, "复核结果已记录：" + ("无误" if correct else "有误"))
            else:
                recheck.start_recheck(final, actor=actor)
        except ScoringError as exc:
            refused(request, exc)
        return redirect("results:recheck", code=code, pk=pk)
    items = record.items.select_related("competitor__result") if record else []
    outcome = None
    if record and not record.items.filter(kind="sample", outcome="pending").exists():
        outcome = recheck.sample_outcome(record, final)
    context = {
        "final": final,
        "event": final.event,
        "record": record,
        "items": items,
        "outcome": outcome,
        "can_witness": perms.SCORE_WITNESS in allowed,
        "blockers": publication.publication_blockers(final),
    }
    return render(request, "results/recheck.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def corrections(request, code: str, pk: int):
    need = perms.SCORE_LOCK if request.method == "POST" else perms.SCORE_VIEW
    final, allowed = final_of_request(request, code, pk, need)
    if request.method == "POST":
        try:
            _propose(request, final)
        except ScoringError as exc:
            refused(request, exc)
        else:
            messages.success(request, "更正已提出，等待监督确认")
        return redirect("results:corrections", code=code, pk=pk)
    listed = list(
        Correction.objects.filter(mark__competitor__final=final).select_related(
            "mark__competitor__final",
            "mark__judge",
            "proposed_by",
            "witnessed_by",
            "appeal_link__appeal",
        )
    )
    for correction in listed:
        correction.old_shown = shown(correction.old_value)
        correction.new_shown = shown(correction.new_value)
        link = getattr(correction, "appeal_link", None)
        correction.appeal = link.appeal if link else None
    context = {
        "final": final,
        "event": final.event,
        "corrections": listed,
        "can_lock": perms.SCORE_LOCK in allowed,
        "can_witness": perms.SCORE_WITNESS in allowed,
        "judges": judges(final),
        "upheld_appeals": final.appeals.filter(decision=Appeal.Decision.UPHELD),
    }
    return render(request, "results/corrections.html", context)


def _propose(request, final) -> None:
    """A correction of the mark the form names, carrying out the upheld appeal chosen, if any."""
    data = request.POST
    mark = lock.mark_named(
        final, data.get("number", ""), data.get("aspect", ""), data.get("judge", "")
    )
    value, reason = request.POST.get("value", ""), request.POST.get("reason", "")
    actor = Actor.of(request)
    chosen = request.POST.get("appeal", "").strip()
    if not chosen:
        lock.propose_correction(mark, value, reason, actor=actor)
        return
    appeal = final.appeals.filter(pk=posted_pk(chosen)).first()
    if appeal is None:
        raise ScoringError("未找到该申诉")
    appeal_services.correct_for_appeal(appeal, mark, value, reason, actor=actor)


@require_POST
@login_required
def witness(request, code: str, pk: int, correction_id: int):
    final, _ = final_of_request(request, code, pk, perms.SCORE_WITNESS)
    correction = get_object_or_404(Correction, pk=correction_id, mark__competitor__final=final)
    try:
        approve = choice(request, "approve", "请选择“同意”或“不同意”该更正")
        lock.witness(correction, approve, actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    else:
        messages.success(
            request, "已同意该更正，分数已改为更正后的值" if approve else "已驳回该更正，分数不变"
        )
    return redirect("results:corrections", code=code, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def appeals(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    need = perms.APPEAL_DECIDE if request.method == "POST" else perms.SCORE_VIEW
    final, allowed = appeals_for_user(request.user, edition, pk, need)
    if request.method == "POST":
        actor = Actor.of(request)
        try:
            if request.POST.get("appeal"):
                appeal = appeal_of(final, posted_pk(request.POST["appeal"]))
                upheld = choice(request, "upheld", "请选择裁决：“申诉成立”或“申诉不成立”")
                text = request.POST.get("decision_text", "")
                appeal_services.decide_appeal(appeal, upheld, text, actor=actor)
                messages.success(request, "裁决已记录：" + ("申诉成立" if upheld else "申诉不成立"))
            else:
                appeal = appeal_services.lodge_appeal(
                    final,
                    request.POST.get("appellant", ""),
                    moment(request.POST.get("lodged_at", "")) or timezone.now(),
                    request.POST.get("content", ""),
                    actor=actor,
                    ends_at=moment(request.POST.get("ends_at", "")),
                )
                if appeal.decision == appeal.Decision.LATE:
                    messages.error(request, f"{appeal.decision_text}已登记为“逾期，不予受理”。")
                else:
                    messages.success(request, "申诉已登记")
        except ScoringError as exc:
            refused(request, exc)
        return redirect("results:appeals", code=code, pk=pk)
    state, reasons = publication.state(final)
    context = {
        "final": final,
        "event": final.event,
        "appeals": final.appeals.select_related("recorded_by", "decided_by"),
        "planned_end": getattr(getattr(final.event, "arrangement", None), "ends_on", None),
        "can_decide": perms.APPEAL_DECIDE in allowed,
        "state": state,
        "reasons": reasons,
    }
    return render(request, "results/appeals.html", context)
