"""Starting an import and confirming its write: the two steps a registrar takes; the checking
and the writing run in the background (`tasks`, `importing`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import jobs as orgs_jobs
from zhenxing.orgs.audit import Actor

from . import rights, tasks
from .models import ImportFile, ImportJob
from .rights import RegistrationError

MAX_IMPORT_BYTES = 16 * 1024 * 1024


def start_import(delegation, upload, *, actor: Actor) -> ImportJob:
    """Store the uploaded file as a new job and have it checked; nothing is written yet."""
    rights.check_may_change(actor.user, delegation)
    if upload is None:
        raise RegistrationError("请选择要上传的文件（.xlsx、.ods 或 .csv）。")
    if upload.size > MAX_IMPORT_BYTES:
        raise RegistrationError(
            f"文件 {upload.name} 有 {upload.size // (1024 * 1024)} MB，超过 16 MB 上限；请分成几个文件上传。"
        )
    with transaction.atomic():
        job = ImportJob.start(delegation, actor.user, upload.name, upload.read())
    tasks.check_import.enqueue(job.pk)
    return job


def confirm_import(job: ImportJob, *, actor: Actor, include_ineligible: bool = False) -> bool:
    """Have the checked rows written — those the rules find ineligible only when the user chose
    to (they are saved as drafts that cannot be submitted); False when no row would change
    anything. A second click finds the job already writing and does nothing."""
    rights.check_may_change(actor.user, job.delegation)
    if not rows_to_write(job.report, include_ineligible):
        return False
    report = {**job.report, "include_ineligible": include_ineligible}
    updated = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
        state=ImportJob.State.WRITING, touched_at=timezone.now(), report=report
    )
    if updated:
        tasks.write_import.enqueue(job.pk)
    return True


def rows_to_write(report: dict, include_ineligible: bool = False) -> int:
    counts = report.get("counts", {})
    eligible = counts.get("create", 0) + counts.get("update", 0)
    return eligible + (counts.get("ineligible", 0) if include_ineligible else 0)


INTERRUPTED = (
    "后台处理已中断（超过 {minutes} 分钟没有进展，处理程序可能已停止），没有写入任何行；"
    "上传的文件已删除。请重新上传文件。"
)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.ZHENXING_JOB_LEASE_SECONDS)


def close_interrupted(jobs) -> int:
    """Mark failed the jobs among `jobs` still checking or writing that show no progress for
    longer than the lease and whose task is in no queue (lost between the page and the queue,
    or run by a worker that ended without a word). A job in the queue is the lease's business
    (`zhenxing.orgs.jobs`: run again when its worker dies). A writer holds its job's row locked
    for its whole transaction, so a locked row (PostgreSQL) is never taken; a worker that died
    took its transaction with it, so nothing is half written. Returns how many were closed."""
    overdue = jobs.filter(
        state__in=[ImportJob.State.CHECKING, ImportJob.State.WRITING],
        touched_at__lt=timezone.now() - lease(),
    )
    message = INTERRUPTED.format(minutes=max(1, round(lease().total_seconds() / 60)))
    with transaction.atomic():
        ids = [
            job.pk
            for job in overdue.select_for_update(skip_locked=True).only("pk", "state")
            if queue_state(job) is None
        ]
        ImportFile.objects.filter(job_id__in=ids).delete()
        return ImportJob.objects.filter(pk__in=ids).update(
            state=ImportJob.State.FAILED, error=message, touched_at=timezone.now()
        )


def queue_state(job: ImportJob) -> str | None:
    """Where the job's background task stands: "waiting", "running", "interrupted" (its worker
    died; it will be run again) or None (no task in the queue)."""
    task = tasks.write_import if job.state == ImportJob.State.WRITING else tasks.check_import
    return orgs_jobs.queue_state(task, job.pk)
