"""Delete the uploaded files of imports left unconfirmed, and close imports whose job died.

Run it daily (cron or a systemd timer): `zhenxing manage purge_imports`.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhenxing.registration.import_jobs import close_interrupted
from zhenxing.registration.models import ImportFile, ImportJob

UNCONFIRMED = (
    "超过 {days} 天没有确认写入，上传的文件已删除（其中有证件和手机号码）。如需导入，请重新上传。"
)


class Command(BaseCommand):
    help = "删除超过期限仍未确认写入的导入文件，并结束中断的导入"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="未确认的导入保留几天（默认 7）")

    def handle(self, *args, days: int, **options):
        now = timezone.now()
        unconfirmed = ImportJob.objects.filter(
            state=ImportJob.State.CHECKED, touched_at__lt=now - dt.timedelta(days=days)
        )
        closed = _close(unconfirmed, UNCONFIRMED.format(days=days))
        closed += close_interrupted(ImportJob.objects.all())
        finished = [ImportJob.State.DONE, ImportJob.State.FAILED]  # kept by an older version
        ImportFile.objects.filter(job__state__in=finished).delete()
        old = ImportJob.objects.filter(touched_at__lt=now - dt.timedelta(days=days))
        for job in old.filter(state__in=finished):
            _forget_cells(job)
        self.stdout.write(f"已结束 {closed} 个导入，删除了它们上传的文件。")


def _forget_cells(job: ImportJob) -> None:
    """The error report's copies of the uploaded rows (full numbers) go with the file; the
    rows' numbers, names and errors stay."""
    rows = job.report.get("rows", [])
    if any("cells" in row for row in rows):
        job.report["rows"] = [{k: v for k, v in row.items() if k != "cells"} for row in rows]
        job.save(update_fields=["report"])


def _close(jobs, message: str) -> int:
    ids = list(jobs.values_list("pk", flat=True))
    ImportFile.objects.filter(job_id__in=ids).delete()
    return ImportJob.objects.filter(pk__in=ids).update(state=ImportJob.State.FAILED, error=message)
