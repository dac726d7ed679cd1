"""A burst of score changes queues one recompute job, not one per change; a job queued by a
worker that died is queued again after the job lease."""

import datetime as dt

import pytest
from django.utils import timezone

from zhenxing.judging.models import Final
from zhenxing.judging.signals import scores_changed


@pytest.fixture
def queued(final, settings):  # after the final is built (its set-up recomputes inline)
    settings.ZHENXING_RESULTS_INLINE = False  # as on a site: a background job per change
    settings.ZHENXING_JOB_LEASE_SECONDS = 300


def _changed(final, times=1):
    for _ in range(times):
        scores_changed.send(sender=Final, final=final)


def test_a_thousand_saves_queue_one_job_which_sees_them_all(
    final, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        Final.objects.filter(pk=final.pk).update(revision=final.revision + 1)  # a mark saved
        _changed(final, 1000)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()  # the job runs (the immediate backend): results are made current
    final.refresh_from_db()
    assert final.results_current and final.recompute_queued_at is None
    with django_capture_on_commit_callbacks() as after:
        _changed(final, 5)  # saves after the job started queue the next one
    assert len(after) == 1


def test_a_job_lost_with_its_worker_is_queued_again_after_the_lease(
    final, queued, django_capture_on_commit_callbacks
):
    stale = timezone.now() - dt.timedelta(seconds=301)
    Final.objects.filter(pk=final.pk).update(recompute_queued_at=stale)
    with django_capture_on_commit_callbacks() as callbacks:
        _changed(final, 3)
    assert len(callbacks) == 1
    Final.objects.filter(pk=final.pk).update(recompute_queued_at=timezone.now())
    with django_capture_on_commit_callbacks() as none:
        _changed(final)
    assert none == []
