"""`manage.py jobs_worker`: django-tasks' database worker with a heartbeat and the lease sweep
(`zhenxing.orgs.jobs`). It takes the same options as `db_worker`.

A thread beside the worker writes its heartbeat every `jobs.beat_interval()` seconds and sweeps
the jobs of dead workers. It sweeps only once it has itself beaten without a gap for a whole
lease: after the database was unreachable (a restart), every worker's beat is old, and the
others must have had the time to beat again before theirs is taken for a death.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from zhenxing.orgs import jobs

log = logging.getLogger(__name__)


class Heart(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="jobs-heartbeat", daemon=True)  # it dies with its worker
        self.worker_id = worker_id
        self.beating_since: float | None = None

    def run(self) -> None:
        while True:
            self.step()
            time.sleep(jobs.beat_interval())

    def step(self) -> None:
        try:
            jobs.beat(self.worker_id)
            now = time.monotonic()
            self.beating_since = self.beating_since or now
            if now - self.beating_since >= jobs.lease().total_seconds():
                jobs.sweep()
        except Exception:  # the database is away: beat again later, and wait a lease to sweep
            log.warning("heartbeat of worker %s failed", self.worker_id, exc_info=True)
            self.beating_since = None
            connection.close()


class Command(DatabaseWorkerCommand):
    help = "运行后台任务进程（带心跳；其他进程中断时接手其任务）"

    def handle(self, *args, worker_id: str, **options) -> None:
        heart = Heart(worker_id)
        heart.step()  # beat before taking any job: its jobs are known to be this worker's
        heart.start()
        super().handle(*args, worker_id=worker_id, **options)
