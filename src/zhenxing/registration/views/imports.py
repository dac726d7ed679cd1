"""Bulk import of the registration template: upload, preview with row errors, confirm, the
error report."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import jobs
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import import_jobs, importing, privacy, rights
from ..access import delegation_for_user, import_for_user
from ..models import ImportJob
from .common import XLSX, edition_of


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request, code: str, pk: int):
    edition = edition_of(request, code)
    delegation, _ = delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    error = ""
    if request.method == "POST":
        try:
            job = import_jobs.start_import(
                delegation, request.FILES.get("file"), actor=Actor.of(request)
            )
        except rights.RegistrationError as exc:
            error = str(exc)
        else:
            return redirect("registration:import_job", code=code, pk=job.pk)
    context = {
        "edition": edition,
        "delegation": delegation,
        "error": error,
        "jobs": delegation.imports.all()[:10],
    }
    return render(request, "registration/import_start.html", context, status=400 if error else 200)


@require_GET
@login_required
def import_job(request, code: str, pk: int):
    edition = edition_of(request, code)
    job, _ = import_for_user(request.user, edition, pk)
    if import_jobs.close_interrupted(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    running = job.state in (ImportJob.State.CHECKING, ImportJob.State.WRITING)
    rows = job.report.get("rows", [])[:1000]
    counts = job.report.get("counts", {})
    total = job.report.get("total", len(rows))
    context = {
        "edition": edition,
        "job": job,
        "rows": rows,
        "total": total,
        "more": total - len(rows),
        "preview_rows": importing.PREVIEW_ROWS,
        "unlisted_problems": job.report.get("unlisted_problems", 0),
        "listed_problems": importing.LISTED_PROBLEMS,
        "counts": counts,
        "to_write": import_jobs.rows_to_write(
            job.report, job.report.get("include_ineligible", False)
        ),
        "to_write_all": import_jobs.rows_to_write(job.report, include_ineligible=True),
        "written": job.report.get("written"),
        "queue": import_jobs.queue_state(job) if running else None,
        "retake_minutes": math.ceil(jobs.retake_bound().total_seconds() / 60),
    }
    name = "registration/_import_status.html" if request.htmx else "registration/import_job.html"
    return render(request, name, context)


@require_POST
@login_required
def import_confirm(request, code: str, pk: int):
    edition = edition_of(request, code)
    job, _ = import_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    try:
        include = request.POST.get("include_ineligible") == "1"
        if not import_jobs.confirm_import(job, actor=Actor.of(request), include_ineligible=include):
            messages.info(request, "没有需要写入的行：文件中的报名与已保存的一致，或全部有错误。")
    except rights.RegistrationError as exc:
        messages.error(request, str(exc))
    return redirect("registration:import_job", code=code, pk=pk)


@require_GET
@never_cache  # the rows as uploaded: full ID and phone numbers
@login_required
def import_errors(request, code: str, pk: int):
    # the rows as uploaded, full ID and phone numbers included: for those who fix and re-upload
    edition = edition_of(request, code)
    job, _ = import_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    privacy.record_error_report(Actor.of(request), job)
    response = HttpResponse(importing.error_report(job), content_type=XLSX)
    stem = job.file_name.rsplit(".", 1)[0]
    response["Content-Disposition"] = content_disposition_header(True, f"错误报告-{stem}.xlsx")
    return response
