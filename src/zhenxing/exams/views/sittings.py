"""Sittings for the host unit: arrange one, the invigilator's board (who is in, who submitted,
extra time, new codes), the printable check-in sheet, results and writing them to the final."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.judging.locking import ScoringError, final_of
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import access, grading, sittings
from ..forms import ExtendForm, RescheduleForm, SittingForm
from ..models import Attempt
from .common import edition_of
from .papers import papers_of


@require_http_methods(["GET", "POST"])
@login_required
def sitting_new(request, code: str, event: int):
    edition = edition_of(request, code)
    event, _ = access.event_for_user(request.user, edition, event, perms.EXAM_INVIGILATE)
    choices = papers_of(event)
    form = SittingForm(request.POST or None, papers=choices)
    if request.method == "POST" and form.is_valid():
        paper = next(p for p in choices if p.pk == form.cleaned_data["paper"])
        try:
            sitting = sittings.create_sitting(
                final_of(event), paper, form.cleaned_data, actor=Actor.of(request)
            )
        except sittings.ExamError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已安排考试，请打印签到表（含每位考生的登录码）。")
            return redirect("exams:sitting", code=code, pk=sitting.pk)
    context = {"edition": edition, "event": event, "form": form, "none": not choices}
    return render(request, "exams/sitting_new.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def sitting_page(request, code: str, pk: int):
    edition = edition_of(request, code)
    sitting, event, allowed = access.sitting_for_user(
        request.user, edition, pk, (perms.EXAM_INVIGILATE, perms.EXAM_VIEW)
    )
    sittings.close_expired(sitting)
    found = grading.results(sitting)
    now = timezone.now()
    rows = [(r, sittings.ends_at(r.attempt), r.attempt.started_at is not None) for r in found]
    context = {
        "edition": edition, "event": event, "sitting": sitting, "rows": rows, "now": now,
        "invigilates": perms.EXAM_INVIGILATE in allowed, "extend_form": ExtendForm(),
        "time_form": RescheduleForm(initial={
            "starts_at": timezone.localtime(sitting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "minutes": sitting.minutes,
        }),
        "signed_in": sum(1 for r in found if r.attempt.started_at),
        "submitted": sum(1 for r in found if r.attempt.submitted_at),
        "open": sitting.starts_at <= now, "perms": perms, "allowed": allowed,
        "ready": all(r.total is not None for r in found if r.attempt.started_at),
    }  # fmt: skip
    return render(request, "exams/sitting.html", context)


@require_POST
@login_required
def reschedule(request, code: str, pk: int):
    edition = edition_of(request, code)
    sitting, _, _ = access.sitting_for_user(request.user, edition, pk, perms.EXAM_INVIGILATE)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写开考时间（如 2020-09-01 09:00）和考试时长（5–300 分钟）。")
    else:
        data = form.cleaned_data
        try:
            sittings.reschedule(
                sitting, data["starts_at"], data["minutes"], actor=Actor.of(request)
            )
        except sittings.ExamError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已调整考试时间。如已打印签到表，请告知考生新的时间。")
    return redirect("exams:sitting", code=code, pk=pk)


def _attempt(request, code, pk, number):
    edition = edition_of(request, code)
    sitting, _, _ = access.sitting_for_user(request.user, edition, pk, perms.EXAM_INVIGILATE)
    attempt = Attempt.objects.filter(sitting=sitting, pk=number).first()
    if attempt is None:
        raise Http404("未找到该考生")
    return attempt


@require_POST
@login_required
def extend(request, code: str, pk: int, attempt: int):
    attempt = _attempt(request, code, pk, attempt)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写延长的分钟数（1–120）和原因。")
    else:
        try:
            sittings.extend(attempt, form.cleaned_data["minutes"], form.cleaned_data["reason"],
                            actor=Actor.of(request))  # fmt: skip
        except sittings.ExamError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"已为参赛号 {attempt.competitor.number} 延长 {form.cleaned_data['minutes']} 分钟。",
            )
    return redirect("exams:sitting", code=code, pk=pk)


@require_POST
@login_required
def new_code(request, code: str, pk: int, attempt: int):
    attempt = _attempt(request, code, pk, attempt)
    attempt = sittings.new_code_for(attempt, actor=Actor.of(request))
    messages.success(
        request,
        f"参赛号 {attempt.competitor.number} 的新登录码：{attempt.code}。原登录的设备已退出，"
        "它未送出的答案会在它下次联网时转交；请考生在新设备上用新登录码登录。",
    )
    return redirect("exams:sitting", code=code, pk=pk)


@require_GET
@login_required
def codes_sheet(request, code: str, pk: int):
    """The check-in sheet: each contest number with its one-time code, to print and sign."""
    edition = edition_of(request, code)
    sitting, event, _ = access.sitting_for_user(request.user, edition, pk, perms.EXAM_INVIGILATE)
    attempts = sitting.attempts.select_related("competitor").order_by("competitor__number")
    context = {"edition": edition, "event": event, "sitting": sitting, "attempts": attempts,
               "address": request.build_absolute_uri("/exam/")}  # fmt: skip
    return render(request, "exams/codes.html", context)


@require_POST
@login_required
def write_scores(request, code: str, pk: int):
    edition = edition_of(request, code)
    sitting, _, _ = access.sitting_for_user(request.user, edition, pk, perms.EXAM_INVIGILATE)
    sittings.close_expired(sitting)
    try:
        changed = grading.write_scores(sitting, actor=Actor.of(request))
    except (grading.GradingError, ScoringError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"已写入理论成绩（{sitting.get_part_display()}），{changed} 名选手的成绩有变化。",
        )
    return redirect("exams:sitting", code=code, pk=pk)
