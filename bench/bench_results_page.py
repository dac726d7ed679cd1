"""Benchmark: the public results page under load, served by gunicorn with 2 workers.

One published event with 30 ranked finalists in a throwaway SQLite database. A bounded loopback
client (CONCURRENCY threads, each with a keep-alive-less HTTP connection per request, for
SECONDS per phase) measures requests per second for the results page and, on the same server in
the same run, for a bare Django view returning "ok" (bench/bench_site). Medians of BENCH_RUNS.

    make bench        # BENCH_SECONDS=5 BENCH_CONCURRENCY=8 BENCH_RUNS=3 by default
Last line: RESULT results_page ratio=<results page rps / bare view rps>
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
FINALISTS = 30
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def prepare(folder: str) -> int:
    """A database with one published event; returns the event's id."""
    os.environ.update({"ZHENXING_VAR": folder, "DJANGO_SETTINGS_MODULE": "zhenxing.settings"})
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from zhenxing.editions.models import Edition
    from zhenxing.judging.models import Competitor, Final, Result
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.models import Delegation, Entry, Person

    call_command("migrate", verbosity=0)
    call_command("load_edition", "2020-nmg", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    edition = Edition.objects.get(code="2020-nmg")
    event = edition.events.order_by("position").first()
    user = get_user_model().objects.create_user("bench")
    delegation = Delegation.objects.create(
        edition=edition, organization=Organization.objects.filter(kind="league_city").first()
    )
    now = timezone.now()
    final = Final.objects.create(
        event=event, locked_at=now, locked_by=user, decrypted_at=now, published_at=now,
        published_by=user, revision=1, results_revision=1, results_computed_at=now,
    )  # fmt: skip
    for i in range(FINALISTS):
        person = Person.objects.create(
            name=f"选手{i}", birth_date=dt.date(1995, 1, 1), document_number=f"B{i:05d}"
        )
        entry = Entry.objects.create(
            delegation=delegation, event=event, person=person, status="approved"
        )
        competitor = Competitor.objects.create(final=final, entry=entry, number=f"{i + 1:03d}")
        Result.objects.create(
            competitor=competitor, practical="1/1", total_exact="1/1",
            published_total=100 - i, rank=i + 1, practical_shown=80,
        )  # fmt: skip
    return event.pk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "ZHENXING_VAR": folder,
        "DJANGO_SETTINGS_MODULE": "bench_site.settings",
        "PYTHONPATH": str(BENCH),
    }
    command = [
        str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", "zhenxing.wsgi:application",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(port: int, path: str) -> None:
    for _ in range(100):
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def load(port: int, path: str) -> float:
    """Requests per second with CONCURRENCY clients for SECONDS; every answer must be 200."""
    deadline = time.perf_counter() + SECONDS
    counts, failures = [0] * CONCURRENCY, []

    def client(index: int) -> None:
        while time.perf_counter() < deadline:
            status, _ = get(port, path)
            if status != 200:
                failures.append(status)
                return
            counts[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{path} answered {failures[0]}")
    return sum(counts) / (time.perf_counter() - started)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="zx-bench-page-")
    event = prepare(folder)
    page, bare = f"/editions/2020-nmg/events/{event}/results/", "/bench/bare/"
    port = free_port()
    server = start_server(folder, port)
    try:
        wait_ready(port, bare)
        status, body = get(port, page)
        text = body.decode()
        assert status == 200 and "选手0" in text and "公示中" in text, (status, text[:3000])
        for _ in range(50):  # warm both workers and the cache
            get(port, page)
            get(port, bare)
        pages, bares = [], []
        for run in range(RUNS):
            pages.append(load(port, page))
            bares.append(load(port, bare))
            print(f"  第 {run + 1} 次：成绩页 {pages[-1]:.0f} 次/秒；空视图 {bares[-1]:.0f} 次/秒")
    finally:
        server.terminate()
        server.wait(10)
    page_rps, bare_rps = statistics.median(pages), statistics.median(bares)
    print(f"gunicorn 2 个 worker，{CONCURRENCY} 个并发客户端，每段 {SECONDS:.0f} 秒")
    print(f"公开成绩页中位数 {page_rps:.0f} 次/秒")
    print(f"空 Django 视图中位数 {bare_rps:.0f} 次/秒")
    print(f"RESULT results_page ratio={page_rps / bare_rps:.2f}")


if __name__ == "__main__":
    sys.exit(main())
