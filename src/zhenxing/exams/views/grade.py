"""Marking short answers: the grader sees the question, its reference answer and one answer at
a time, never who wrote it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import access, grading
from ..forms import MarkForm
from .common import edition_of


@require_http_methods(["GET", "POST"])
@login_required
def queue(request, code: str, pk: int):
    edition = edition_of(request, code)
    sitting, event, _ = access.sitting_for_user(request.user, edition, pk, perms.EXAM_GRADE)
    waiting = grading.waiting_for(sitting, request.user)
    form = MarkForm(request.POST or None)
    if request.method == "POST":
        answer = next((a for a in waiting if str(a.pk) == request.POST.get("answer")), None)
        if answer is None:
            raise Http404("这份答卷不在您的待评列表中")
        if form.is_valid():
            try:
                grading.mark_short(answer, form.cleaned_data["score"], actor=Actor.of(request))
            except grading.GradingError as exc:
                form.add_error("score", str(exc))
            else:
                messages.success(request, "已保存评分。")
                return redirect("exams:grade", code=code, pk=pk)
        waiting = [answer] + [a for a in waiting if a.pk != answer.pk]
    current = waiting[0] if waiting else None
    context = {"edition": edition, "event": event, "sitting": sitting, "answer": current,
               "left": len(waiting), "form": form}  # fmt: skip
    return render(request, "exams/grade.html", context, status=400 if form.errors else 200)
