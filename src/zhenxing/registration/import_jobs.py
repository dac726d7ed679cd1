"""Starting an import and confirming its write: the two steps a registrar takes; the checking
and the writing run in the background (`tasks`, `importing`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenxing.orgs.audit import Actor

from . import rights, tasks
from .models import ImportJob
from .rights import RegistrationError

MAX_IMPORT_BYTES = 16 * 1024 * 1024


def start_import(delegation, upload, *, actor: Actor) -> ImportJob:
    """Store the uploaded file as a new job and have it checked; nothing is written yet."""
    rights.check_may_change(actor.user, delegation)
    if upload is None:
        raise RegistrationError("请选择要上传的文件（.xlsx 或 .csv）。")
    if upload.size > MAX_IMPORT_BYTES:
        raise RegistrationError(
            f"文件 {upload.name} 有 {upload.size // (1024 * 1024)} MB，超过 16 MB 上限；请分成几个文件上传。"
        )
    with transaction.atomic():
        job = ImportJob.start(delegation, actor.user, upload.name, upload.read())
    tasks.check_import.enqueue(job.pk)
    return job


def confirm_import(job: ImportJob, *, actor: Actor) -> bool:
    """Have the checked rows written; False when no row would change anything. A second click
    finds the job already writing and does nothing."""
    rights.check_may_change(actor.user, job.delegation)
    counts = job.report.get("counts", {})
    if not (counts.get("create") or counts.get("update")):
        return False
    updated = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
        state=ImportJob.State.WRITING, touched_at=timezone.now()
    )
    if updated:
        tasks.write_import.enqueue(job.pk)
    return True
