"""Results follow the finals: what happens when a final's scores change or it is locked."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhenxing.judging.models import Final
from zhenxing.judging.signals import final_locked, scores_changed

from . import tasks
from .recompute import recompute


def _scores_changed(sender, final: Final, **kwargs) -> None:
    """Results are recomputed by a background job once the change is committed (at once where
    settings say so: in tests, commit hooks do not run). A job already queued and not yet
    started will see this change too: no second one is queued."""
    if settings.ZHENXING_RESULTS_INLINE:
        recompute(final)
    elif _queue_once(final.pk):
        final_id = final.pk
        transaction.on_commit(lambda: tasks.recompute_final.enqueue(final_id))


def _queue_once(final_id: int) -> bool:
    """Mark a recompute as queued unless one is (a mark older than the job lease is a job whose
    worker died: queue again). The update locks the final's row until the save commits."""
    now = timezone.now()
    lost = now - dt.timedelta(seconds=settings.ZHENXING_JOB_LEASE_SECONDS)
    waiting = Q(recompute_queued_at__isnull=True) | Q(recompute_queued_at__lt=lost)
    return bool(Final.objects.filter(waiting, pk=final_id).update(recompute_queued_at=now))


def _locked(sender, final: Final, **kwargs) -> None:
    """A locked final's results are current: the lock is what publication starts from."""
    if not final.results_current:
        recompute(final)


def connect() -> None:
    scores_changed.connect(_scores_changed, dispatch_uid="results.scores_changed")
    final_locked.connect(_locked, dispatch_uid="results.final_locked")
