"""The item analysis after the exam: the table of questions and the score distribution chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhenxing.orgs import permissions as perms

from .. import access, analysis, sittings
from .common import edition_of


@require_GET
@login_required
def analysis_page(request, code: str, pk: int):
    edition = edition_of(request, code)
    sitting, event, _ = access.sitting_for_user(request.user, edition, pk, perms.EXAM_VIEW)
    if sitting.starts_at > timezone.now():
        raise Http404("考试尚未开始")
    sittings.close_expired(sitting)
    result, items = analysis.analyse(sitting)
    rows = [(items[s.question], s) for s in result.items]
    rows.sort(key=lambda row: row[0].position)
    context = {"edition": edition, "event": event, "sitting": sitting, "result": result,
               "rows": rows, "chart": analysis.chart(result),
               "examinees": sum(count for _, _, count in result.distribution)}  # fmt: skip
    return render(request, "exams/analysis.html", context)
