"""Background jobs (django-tasks, database backend): checking and writing an import."""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from zhenxing.orgs import jobs

from . import importing
from .models import ImportFile, ImportJob

log = logging.getLogger(__name__)
# The import page asks for the progress every second; storing it more often is never seen.
PROGRESS_SECONDS = 0.5


def _progress(job_id: int):
    stored_at = None

    def report(done: int, total: int) -> None:
        nonlocal stored_at
        now = time.monotonic()
        if stored_at is not None and now - stored_at < PROGRESS_SECONDS:
            return
        stored_at = now
        ImportJob.objects.filter(pk=job_id).update(
            done_rows=done, total_rows=total, touched_at=timezone.now()
        )

    return report


CHECK_FAILED = "检查文件时出错，文件未导入。请确认文件来自报名模板后重试。"


def _still(job_id: int, state: str) -> bool:
    """Whether the job is still in `state`, its row locked to the end of the transaction: a job
    closed as interrupted while its worker was away is left as it is."""
    still = ImportJob.objects.select_for_update().filter(pk=job_id, state=state).exists()
    if not still:
        log.warning("import %s is no longer %s: left as it is", job_id, state)
    return still


@task()
def check_import(job_id: int) -> None:
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.CHECKING).update(
        touched_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("delegation__edition").get(pk=job_id)
    try:
        report = importing.check(job, progress=_progress(job_id))
    except importing.TemplateError as exc:
        job.state, job.error = ImportJob.State.FAILED, str(exc)
    except Exception:  # the user gets a plain message; the details go to the log
        log.exception("import %s failed while checking", job_id)
        job.state, job.error = ImportJob.State.FAILED, CHECK_FAILED
    else:
        job.state, job.report = ImportJob.State.CHECKED, report
        job.total_rows = job.done_rows = report["total"]
    job.touched_at = timezone.now()
    try:
        with transaction.atomic():
            if not _still(job_id, ImportJob.State.CHECKING):
                return
            if job.state == ImportJob.State.CHECKED:
                job.upload.save(update_fields=["checked_rows"])
            fields = ["state", "error", "report", "total_rows", "done_rows", "touched_at"]
            job.save(update_fields=fields)
    except Exception:  # a report the database refuses must not leave the job "checking"
        log.exception("import %s: its report could not be stored", job_id)
        job.state, job.error, job.report = ImportJob.State.FAILED, CHECK_FAILED, {}
        job.save(update_fields=["state", "error", "report", "touched_at"])
    if job.state == ImportJob.State.FAILED:
        _forget_file(job)


WRITE_FAILED = "写入时出错，所有行均未写入（数据库未作任何修改）。请稍后重试。"


@task()
def write_import(job_id: int) -> None:
    """The rows and the job's new state in one transaction that holds the job's row: a worker
    that dies takes both with it, and the lease (`import_jobs.close_interrupted`) sees the row
    locked for as long as the write runs."""
    try:
        with transaction.atomic():
            if not _still(job_id, ImportJob.State.WRITING):
                return
            job = ImportJob.objects.select_related("delegation__edition", "user").get(pk=job_id)
            result = importing.write(job)
            job.state = ImportJob.State.DONE
            job.report = {**job.report, "written": result}
            _finish(job)
    except Exception:
        log.exception("import %s failed while writing", job_id)
        with transaction.atomic():
            if _still(job_id, ImportJob.State.WRITING):
                job = ImportJob.objects.get(pk=job_id)
                job.state, job.error = ImportJob.State.FAILED, WRITE_FAILED
                _finish(job)


def _finish(job: ImportJob) -> None:
    _forget_file(job)
    job.touched_at = timezone.now()
    job.save(update_fields=["state", "error", "report", "touched_at"])


def _forget_file(job: ImportJob) -> None:
    """Once the import is over, the uploaded file (full of ID and phone numbers) and the checked
    rows are deleted; the job keeps its report, the file's name and its SHA-256."""
    ImportFile.objects.filter(job=job).delete()


ABANDONED = (
    "后台进程中断，请重新提交：处理这个文件的后台进程多次意外停止，没有写入任何行；上传的文件已删除。"
    "请检查文件（行数过多时可分成几个文件），然后重新上传。"
)


def _abandoned(job_id: int) -> None:
    """The job's worker died MAX_ATTEMPTS times (`zhenxing.orgs.jobs`): the import fails."""
    still_running = [ImportJob.State.CHECKING, ImportJob.State.WRITING]
    job = ImportJob.objects.filter(pk=job_id, state__in=still_running).first()
    if job is not None:
        job.state, job.error = ImportJob.State.FAILED, ABANDONED
        _finish(job)


# both are safe to run again after their worker died: checking writes nothing but the job's
# report, and the write is one transaction that went with its worker
jobs.when_abandoned(check_import, _abandoned)
jobs.when_abandoned(write_import, _abandoned)
