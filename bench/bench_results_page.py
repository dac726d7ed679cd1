"""Benchmark: the public results page under load, served by gunicorn with 2 workers.

One published event with 30 ranked finalists in a throwaway SQLite database (Final, Competitor
and Result rows written directly, the final locked and published). gunicorn (2 sync workers) on a
free 127.0.0.1 port serves the platform through a bench-only URLconf (bench/bench_site) that adds
a bare Django view, /bench/bare/, returning "ok" through the same middleware. A bounded loopback
client (--concurrency threads, one HTTP/1.1 connection per request, since gunicorn's sync workers
close each one, for --seconds per phase) measures requests per second for the results page and
for the bare view, alternately, on the same server in the same run. Every answer must be 200, and
the page is checked once for the 30 ranks in order. Medians of --runs runs.

For information only, the page is also measured on a second server whose cache keeps nothing
(bench_site.settings_nocache), so every request renders it: what the whole-page cache for
anonymous visitors saves (its own bare view is measured too). The RESULT line is the page as
deployed (with its cache).

    make bench                  # --seconds 5 --concurrency 8 --runs 3
    .venv/bin/python bench/bench_results_page.py --seconds 1 --runs 1       # smoke run
Last line: RESULT results_page ratio=<results page rps / bare view rps>
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from fresh_site import fresh_site

FINALISTS = 30
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
ROW = re.compile(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>[^<]*</td><td>([\d.]+)</td></tr>")


def prepare(folder: str) -> int:
    """A database with one published event; returns the event's id."""
    edition = fresh_site(folder)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zhenxing.judging.models import Competitor, Final, Result
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.models import Delegation, Entry, Person

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
            competitor=competitor, practical="4/5", practical_shown=80, total_exact=f"{100 - i}/1",
            published_total=100 - i, rank=i + 1,
        )  # fmt: skip
    return event.pk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: str, port: int, settings: str) -> subprocess.Popen:
    paths = [str(BENCH), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {
        **os.environ,
        "ZHENXING_VAR": folder,
        "ZHENXING_SQLITE": str(Path(folder) / "bench.sqlite3"),
        "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": os.pathsep.join(paths),
    }
    command = [
        str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", "zhenxing.wsgi:application",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(server: subprocess.Popen, port: int, path: str) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 20 s")


def check_page(port: int, path: str) -> None:
    """The page answers 200 with the 30 finalists in rank order and their totals."""
    status, body = get(port, path)
    text = body.decode()
    assert status == 200, (status, text[:2000])
    assert "公示中" in text, text[:2000]
    rows = [(int(r), html.unescape(n), t) for r, n, t in ROW.findall(text)]
    want = [(i + 1, f"选手{i}", f"{100 - i}.00") for i in range(FINALISTS)]
    assert rows == want, (rows[:5], want[:5])


def load(port: int, path: str, seconds: float, concurrency: int) -> float:
    """Requests per second with `concurrency` clients for `seconds`; every answer must be 200."""
    deadline = time.perf_counter() + seconds
    counts, failures = [0] * concurrency, []

    def client(index: int) -> None:
        try:
            while time.perf_counter() < deadline:
                status, _ = get(port, path)
                if status != 200:
                    failures.append(status)
                    return
                counts[index] += 1
        except OSError as exc:
            failures.append(exc)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{path} answered {failures[0]!r}")
    return sum(counts) / (time.perf_counter() - started)


def measure(folder: str, settings: str, paths: dict, args, label: str) -> dict[str, list]:
    """Start gunicorn, check and warm up, then load each path alternately for --runs runs."""
    port = free_port()
    server = start_server(folder, port, settings)
    figures: dict[str, list] = {name: [] for name in paths}
    try:
        wait_ready(server, port, paths["bare"])
        check_page(port, paths["page"])
        for path in paths.values():  # warm both workers (and, when it keeps anything, the cache)
            load(port, path, 1, args.concurrency)
        for number in range(args.runs):
            for name, path in paths.items():
                figures[name].append(load(port, path, args.seconds, args.concurrency))
            shown = "；".join(f"{name} {values[-1]:.0f} 次/秒" for name, values in figures.items())
            print(f"  {label} 第 {number + 1} 次：{shown}")
    finally:
        stop_server(server)
    return figures


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--seconds", type=float, default=float(env("BENCH_SECONDS", "5")))
    parser.add_argument("--concurrency", type=int, default=int(env("BENCH_CONCURRENCY", "8")))
    parser.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", "3")))
    parser.add_argument(
        "--no-uncached", action="store_true", help="skip the informative uncached measurement"
    )
    return parser.parse_args()


def main() -> None:
    args = arguments()
    folder = tempfile.mkdtemp(prefix="zx-bench-page-")
    try:
        event = prepare(folder)
        page = f"/editions/2020-nmg/events/{event}/results/"
        cached = measure(
            folder, "bench_site.settings", {"page": page, "bare": "/bench/bare/"}, args, "缓存"
        )
        uncached = None
        if not args.no_uncached:
            uncached = measure(
                folder, "bench_site.settings_nocache", {"page": page, "bare": "/bench/bare/"},
                args, "不缓存",
            )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    page_rps, bare_rps = statistics.median(cached["page"]), statistics.median(cached["bare"])
    print(
        f"gunicorn 2 个 sync worker，{args.concurrency} 个并发客户端（每次请求一个连接），"
        f"每段 {args.seconds:g} 秒，{os.cpu_count()} 个 CPU（客户端与服务器共用）"
    )
    print(f"公开成绩页（{FINALISTS} 名，匿名访问，整页缓存）中位数 {page_rps:.0f} 次/秒")
    print(f"空 Django 视图（同一服务器、同样中间件）中位数 {bare_rps:.0f} 次/秒")
    if uncached:
        no_cache, no_cache_bare = (statistics.median(uncached[n]) for n in ("page", "bare"))
        print(
            f"仅供参考（不缓存的服务器，每次渲染）：成绩页中位数 {no_cache:.0f} 次/秒，"
            f"空视图 {no_cache_bare:.0f} 次/秒，比值 {no_cache / no_cache_bare:.2f}"
        )
    print(f"RESULT results_page ratio={page_rps / bare_rps:.2f}")


if __name__ == "__main__":
    sys.exit(main())
