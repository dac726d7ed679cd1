"""Background job: a batch of certificates as one ZIP."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from zhenxing.orgs import jobs

from . import batches
from .models import CertificateBatch

log = logging.getLogger(__name__)


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        CertificateBatch.objects.filter(pk=batch_id).update(
            done=done, total=total, touched_at=timezone.now()
        )

    return report


@task()
def make_batch(batch_id: int) -> None:
    batch = CertificateBatch.objects.select_related("edition", "event", "organization").get(
        pk=batch_id
    )
    CertificateBatch.objects.filter(pk=batch_id).update(state=CertificateBatch.State.RUNNING)
    try:
        batches.build(batch, _progress(batch_id))
    except Exception:  # the user gets a plain message; the details go to the log
        log.exception("certificate batch %s failed", batch_id)
        batch.state, batch.error = CertificateBatch.State.FAILED, "生成证书时出错，请稍后重试。"
    else:
        batch.state = CertificateBatch.State.DONE
        batch.done = batch.total = batches.in_scope(batch).count()
    batch.touched_at = timezone.now()
    batch.save(update_fields=["state", "error", "archive", "done", "total", "touched_at"])


def _abandoned(batch_id: int) -> None:
    """The batch's worker died again and again (`zhenxing.orgs.jobs`): the batch fails."""
    CertificateBatch.objects.filter(
        pk=batch_id, state__in=[CertificateBatch.State.WAITING, CertificateBatch.State.RUNNING]
    ).update(state=CertificateBatch.State.FAILED, error=jobs.INTERRUPTED, touched_at=timezone.now())


# safe to run again: it renders what is missing and packs a new ZIP
jobs.when_abandoned(make_batch, _abandoned)
