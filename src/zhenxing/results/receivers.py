"""Results follow the finals: what happens when a final's scores change or it is locked."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from zhenxing.judging.models import Final
from zhenxing.judging.signals import final_locked, scores_changed

from . import tasks
from .recompute import recompute


def _scores_changed(sender, final: Final, **kwargs) -> None:
    """Results are recomputed by a background job once the change is committed (at once where
    settings say so: in tests, commit hooks do not run)."""
    if settings.ZHENXING_RESULTS_INLINE:
        recompute(final)
    else:
        final_id = final.pk
        transaction.on_commit(lambda: tasks.recompute_final.enqueue(final_id))


def _locked(sender, final: Final, **kwargs) -> None:
    """A locked final's results are current: the lock is what publication starts from."""
    if not final.results_current:
        recompute(final)


def connect() -> None:
    scores_changed.connect(_scores_changed, dispatch_uid="results.scores_changed")
    final_locked.connect(_locked, dispatch_uid="results.final_locked")
