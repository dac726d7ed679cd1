"""Background jobs survive their worker: a lease on every django-tasks job.

Each worker (`manage.py jobs_worker`) writes a heartbeat every `beat_interval()` and, at the same
time, sweeps: a job still marked running whose worker's heartbeat is older than the lease
(`ZHENXING_JOB_LEASE_SECONDS`) was left by a worker that died. It is put back in the queue, for
the next worker to run it again from the start, since every job of the platform is safe to run
again (it writes in one transaction, or checks its row's state first). After `MAX_ATTEMPTS`
lost runs, or for a job registered as not to be run again, it is marked failed, and the app
that owns the job marks its own record failed (`when_abandoned`) with `INTERRUPTED`.

A worker that never wrote a heartbeat (the plain `db_worker`) is unknown: its jobs are left as
they are. See docs/decisions.md (后台任务的租期).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import socket
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

log = logging.getLogger(__name__)

INTERRUPTED = "后台进程中断，请重新提交。"
# a job that took its worker down this many times (say, a file too large for its memory) is
# not run again
MAX_ATTEMPTS = 3


@dataclasses.dataclass(frozen=True)
class _Policy:
    rerun: bool
    abandoned: Callable[..., None] | None


_POLICIES: dict[str, _Policy] = {}


def when_abandoned(task, handler: Callable[..., None] | None = None, *, rerun: bool = True):
    """Say what becomes of `task` when its worker dies: run again (`rerun`) up to MAX_ATTEMPTS
    times, and then (or at once, for a task not to be run again) `handler(*args, **kwargs)`
    with the job's own arguments, in the transaction that marks it failed."""
    _POLICIES[task.module_path] = _Policy(rerun=rerun, abandoned=handler)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.ZHENXING_JOB_LEASE_SECONDS)


def beat_interval() -> float:
    """How often a worker beats and sweeps: a sixth of the lease, so a lost job is back in the
    queue at most lease + one interval after its worker died."""
    return max(1.0, settings.ZHENXING_JOB_LEASE_SECONDS / 6)


def retake_bound() -> dt.timedelta:
    """The longest a job waits, after its worker died, to be back in the queue: its worker's
    last beat was at most one interval before the death, and the next sweep is within one."""
    return lease() + dt.timedelta(seconds=beat_interval())


def beat(worker_id: str) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": now, "host": socket.gethostname()[:100], "pid": os.getpid()},
        create_defaults={
            "beat_at": now,
            "started_at": now,
            "host": socket.gethostname()[:100],
            "pid": os.getpid(),
        },
    )


def dead_workers(now: dt.datetime | None = None) -> set[str]:
    cutoff = (now or timezone.now()) - lease()
    return set(WorkerBeat.objects.filter(beat_at__lt=cutoff).values_list("worker_id", flat=True))


def live_workers(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - lease()
    return WorkerBeat.objects.filter(beat_at__gte=cutoff).count()


@dataclasses.dataclass
class Swept:
    requeued: int = 0
    failed: int = 0


def sweep(now: dt.datetime | None = None) -> Swept:
    """Take up again, or mark failed, every job left running by a worker that died."""
    now = now or timezone.now()
    swept = Swept()
    dead = dead_workers(now)
    if not dead:
        return swept
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            if not result.worker_ids or result.worker_ids[-1] not in dead:
                continue
            if _rerun(result):
                _requeue(result)
                swept.requeued += 1
            else:
                _fail(result, now)
                swept.failed += 1
    # a dead worker's beat is kept a day, for the record; then it goes
    WorkerBeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    if swept.requeued or swept.failed:
        log.warning("jobs of dead workers: %s run again, %s failed", swept.requeued, swept.failed)
    return swept


def _policy(result: DBTaskResult) -> _Policy:
    try:
        result.task  # noqa: B018 — importing the task's module registers its policy
    except Exception:  # noqa: BLE001 — a task that no longer exists cannot run again
        return _Policy(rerun=False, abandoned=None)
    return _POLICIES.get(result.task_path, _Policy(rerun=True, abandoned=None))


def _rerun(result: DBTaskResult) -> bool:
    return _policy(result).rerun and len(result.worker_ids) < MAX_ATTEMPTS


def _requeue(result: DBTaskResult) -> None:
    result.status = TaskResultStatus.READY
    result.started_at = None
    result.save(update_fields=["status", "started_at"])


def _fail(result: DBTaskResult, now: dt.datetime) -> None:
    result.status = TaskResultStatus.FAILED
    result.finished_at = now
    result.exception_class_path = f"{__name__}.WorkerLost"
    result.traceback = f"{INTERRUPTED}（{len(result.worker_ids)} 次执行中后台进程停止）"
    result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    handler = _policy(result).abandoned
    if handler is not None:
        handler(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])


def queue_state(task, *args) -> str | None:
    """Where `task(*args)` stands in the queue: "running" (on a worker not known to be dead),
    "interrupted" (its worker died: it will be run again or marked failed at the next sweep),
    "waiting" (queued), or None when it is in no queue (finished, failed, or run where there is
    no queue of rows, as in tests)."""
    results = DBTaskResult.objects.filter(
        task_path=task.module_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    found = list(results.values_list("status", "worker_ids"))
    if not found:
        return None
    running = [workers[-1] for status, workers in found if status == TaskResultStatus.RUNNING]
    if not running:
        return "waiting"
    return "interrupted" if set(running) <= dead_workers() else "running"
