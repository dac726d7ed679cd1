"""Background job: recompute an event's stored results after its scores changed."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from zhenxing.judging.models import Final

from .recompute import recompute


@task()
def recompute_final(final_id: int) -> None:
    with transaction.atomic():
        final = Final.objects.select_for_update().select_related("event__edition").get(pk=final_id)
        # started: a save from now on queues the next job (it waits for this lock to commit)
        Final.objects.filter(pk=final_id).update(recompute_queued_at=None)
        if final.results_current:
            return  # an earlier job already computed this revision
        recompute(final)
