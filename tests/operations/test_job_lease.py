"""Background jobs survive their worker: a job left running by a worker that died (its heartbeat
older than the lease) is run again by another worker, or marked failed after MAX_ATTEMPTS; a job
on a live worker is never touched; the import page never says "正在写入" for a lost job."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.registration.test_import import GOOD, upload, xlsx
from zhenxing.awards import tasks as awards_tasks
from zhenxing.awards.models import CertificateBatch
from zhenxing.orgs import jobs
from zhenxing.orgs.management.commands.jobs_worker import Heart
from zhenxing.orgs.models import WorkerBeat
from zhenxing.registration import tasks
from zhenxing.registration.models import Entry, ImportFile, ImportJob

LEASE = 90


@pytest.fixture
def queue(settings):
    """The database queue, as on a site (the tests' default runs a job as it is queued)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ZHENXING_JOB_LEASE_SECONDS = LEASE


def _beat(worker_id: str, seconds_ago: float) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": timezone.now() - dt.timedelta(seconds=seconds_ago)},
    )


def _taken(task, *args, worker_ids=("w-dead",), seconds_ago=200) -> DBTaskResult:
    """A job row as a worker leaves it when it has claimed the job and not finished it."""
    return DBTaskResult.objects.create(
        task_path=task.module_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        started_at=timezone.now() - dt.timedelta(seconds=seconds_ago),
        worker_ids=list(worker_ids),
    )


def _run_queue(worker_id="w-alive") -> None:
    """Another worker runs what is in the queue, then stops (keeping the test's connection,
    which the worker would close between jobs)."""
    with mock.patch.object(db_worker, "close_old_connections"):
        _worker(worker_id).run()


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


@pytest.fixture
def writing(login, delegations):
    """An import checked, confirmed, and taken by a worker that died while writing (its
    transaction, and so every row, went with it)."""
    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))
    job = ImportJob.objects.get()
    assert job.state == "checked"
    ImportJob.objects.filter(pk=job.pk).update(
        state="writing", touched_at=timezone.now() - dt.timedelta(seconds=200)
    )
    job.refresh_from_db()
    return client, job


def _page(client, job) -> str:
    return client.get(f"/office/2020-nmg/imports/{job.pk}/").content.decode()


def test_an_import_whose_worker_died_is_written_by_another_within_the_bound(writing, queue):
    client, job = writing
    _beat("w-dead", seconds_ago=LEASE + 1)  # killed: its last beat is a lease old
    result = _taken(tasks.write_import, job.pk)
    page = _page(client, job)
    assert "正在写入" not in page and "后台进程中断" in page and "无需重新上传" in page
    assert jobs.sweep().requeued == 1
    result.refresh_from_db()
    assert result.status == "READY"
    page = _page(client, job)
    assert "排队等待后台进程写入" in page and "正在写入" not in page
    _run_queue()
    job.refresh_from_db()
    assert job.state == "done" and Entry.objects.count() == len(GOOD)
    assert not ImportFile.objects.filter(job=job).exists()
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL" and result.worker_ids == ["w-dead", "w-alive"]
    assert "导入完成" in _page(client, job)


def test_a_job_on_a_live_worker_is_never_touched(writing, queue):
    client, job = writing
    _beat("w-slow", seconds_ago=5)  # a long write: the worker still beats
    result = _taken(tasks.write_import, job.pk, worker_ids=["w-slow"], seconds_ago=3600)
    assert jobs.sweep() == jobs.Swept(0, 0)
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == "RUNNING" and job.state == "writing"
    assert "正在写入" in _page(client, job)  # truly: its worker is alive
    job.refresh_from_db()
    assert job.state == "writing" and ImportFile.objects.filter(job=job).exists()


def test_a_worker_that_never_beat_is_not_taken_for_dead(writing, queue):
    _client, job = writing  # the plain db_worker writes no heartbeat: its jobs are its own
    result = _taken(tasks.write_import, job.pk, worker_ids=["w-unknown"], seconds_ago=3600)
    assert jobs.sweep() == jobs.Swept(0, 0)
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_a_job_that_kills_its_worker_every_time_fails_with_a_clear_message(writing, queue):
    client, job = writing
    for worker in ("w1", "w2", "w3"):
        _beat(worker, seconds_ago=LEASE + 30)
    result = _taken(tasks.write_import, job.pk, worker_ids=["w1", "w2", "w3"])
    assert jobs.sweep() == jobs.Swept(requeued=0, failed=1)
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == "FAILED" and "后台进程中断" in result.traceback
    assert job.state == "failed" and job.error.startswith("后台进程中断，请重新提交")
    assert not ImportFile.objects.filter(job=job).exists()  # its ID numbers are not kept
    page = _page(client, job)
    assert "后台进程中断，请重新提交" in page and "正在写入" not in page
    assert Entry.objects.count() == 0


def test_a_check_whose_worker_died_is_checked_again(login, delegations, queue):
    client = login("alice")
    upload(client, delegations["A"], xlsx(GOOD))  # queued, not run: the queue is the database
    job = ImportJob.objects.get()
    queued = DBTaskResult.objects.get()
    assert job.state == "checking" and queued.status == "READY"
    DBTaskResult.objects.filter(pk=queued.pk).update(
        status="RUNNING", worker_ids=["w-dead"], started_at=timezone.now()
    )
    _beat("w-dead", seconds_ago=LEASE + 1)
    assert jobs.sweep().requeued == 1
    _run_queue()
    job.refresh_from_db()
    assert job.state == "checked" and job.report["counts"]["create"] == len(GOOD)


def test_a_certificate_batch_lost_three_times_says_to_submit_again(personas, edition, queue):
    batch = CertificateBatch.objects.create(
        edition=edition, scope="edition", requested_by=personas["office"], state="running"
    )
    for worker in ("w1", "w2", "w3"):
        _beat(worker, seconds_ago=LEASE + 1)
    _taken(awards_tasks.make_batch, batch.pk, worker_ids=["w1", "w2", "w3"])
    assert jobs.sweep().failed == 1
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.error == "后台进程中断，请重新提交。"


def test_every_job_the_platform_queues_may_run_again_after_a_death(db, queue):
    """Each task says what becomes of it when its worker dies; those without a word are run
    again (the recompute: it recomputes under the final's lock and skips current results)."""
    from zhenxing.results import tasks as results_tasks

    _beat("w-dead", seconds_ago=LEASE + 1)
    final_job = _taken(results_tasks.recompute_final, 999_999)
    assert jobs.sweep().requeued == 1
    final_job.refresh_from_db()
    assert final_job.status == "READY"


def test_the_bound_is_under_two_minutes_by_default():
    from django.conf import settings

    assert settings.ZHENXING_JOB_LEASE_SECONDS == 90
    assert jobs.retake_bound() <= dt.timedelta(minutes=2)


def test_a_worker_sweeps_only_after_beating_a_whole_lease(writing, queue, monkeypatch):
    """Right after the database came back (a restart), every beat is old: a worker waits until
    the others have had a lease to beat again before it takes any of them for dead."""
    _client, job = writing
    _beat("w-dead", seconds_ago=LEASE + 1)
    result = _taken(tasks.write_import, job.pk)
    heart = Heart("w-sweeper")
    heart.step()  # first beat: too early to judge the others
    assert WorkerBeat.objects.filter(worker_id="w-sweeper").exists()
    result.refresh_from_db()
    assert result.status == "RUNNING"
    heart.beating_since = time.monotonic() - LEASE  # a lease of beats later
    heart.step()
    result.refresh_from_db()
    assert result.status == "READY"


def test_a_heartbeat_that_fails_waits_a_lease_before_sweeping(queue, monkeypatch):
    heart = Heart("w-flaky")
    heart.beating_since = time.monotonic() - 10 * LEASE

    def down(worker_id):
        raise RuntimeError("database away")

    monkeypatch.setattr(jobs, "beat", down)
    heart.step()  # logged, not raised: the worker goes on
    assert heart.beating_since is None
