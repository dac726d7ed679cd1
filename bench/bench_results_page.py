"""Benchmark: the public results page at the moment of publication, when the public reads one
page at once — through nginx's cache, against the bare Django view on the same app servers.

The production layout (scripts/serve-prod.sh: nginx with TLS, 3 gunicorn app servers, PostgreSQL,
Redis) on a fresh database with the demo (one final published). ApacheBench (`ab`, keep-alive,
CONCURRENCY clients for SECONDS each) reads the published results page as a visitor not signed
in: once through nginx's cache, once with ?fresh=1, which nginx passes to the app servers (the
platform's own view, with its own cache of the page in Redis). The two alternate, RUNS times;
medians. Then publication's purge is checked: after bump_public_version the next read is a MISS.

    make bench            # or: .venv/bin/python bench/bench_results_page.py
Last line: RESULT results_page_nginx ratio=<requests/s through nginx's cache / bare view>
"""

from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
PORT = "8543"
PROD = "/tmp/zhenxing-bench-prod"
DATABASE = "zhenxing_bench"
ENV = {
    **os.environ,
    "PROD": PROD,
    "PORT": PORT,
    "APP_PORT_BASE": "8200",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "ZHENXING_REDIS_URL": "redis://127.0.0.1:6379/2",
}
BASE = f"https://127.0.0.1:{PORT}"
TLS = ssl.create_default_context(cafile=None)
TLS.check_hostname, TLS.verify_mode = False, ssl.CERT_NONE  # our own self-signed certificate


def layout(*args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["bash", "scripts/serve-prod.sh", *args], cwd=ROOT, env=ENV, text=True, capture_output=True
    )
    if check and done.returncode != 0:
        sys.exit(f"serve-prod.sh {' '.join(args)} 失败：\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_database() -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"],
        check=True,
    )
    subprocess.run(["redis-cli", "-n", "2", "FLUSHDB"], capture_output=True, check=False)


def get(path: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(BASE + path, context=TLS, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def results_path() -> str:
    events = json.loads(get("/api/editions/2020-nmg/events")[2])
    done = next(e for e in events if e["occupation"] == "绝热成型工" and e["group"] == "worker")
    return f"/editions/2020-nmg/events/{done['id']}/results/"


def ab(url: str) -> float:
    done = subprocess.run(
        ["ab", "-k", "-q", "-c", str(CONCURRENCY), "-t", str(SECONDS), "-n", "10000000", url],
        capture_output=True,
        text=True,
        check=False,
    )
    rate = re.search(r"Requests per second:\s+([\d.]+)", done.stdout)
    failed = re.search(r"Failed requests:\s+(\d+)", done.stdout)
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", done.stdout)
    if not rate or (failed and int(failed[1])) or non_2xx:
        sys.exit(f"ab 出错：\n{done.stdout[-2000:]}\n{done.stderr[-1000:]}")
    return float(rate[1])


def main() -> None:
    if not all(map(shutil.which, ("nginx", "ab", "psql", "redis-cli"))):
        sys.exit(
            "需要 nginx、ab（apache2-utils）、psql 和 redis-cli：bash scripts/system-deps.sh prod"
        )
    layout("stop", check=False)
    fresh_database()
    layout("start")
    try:
        layout("run", ".venv/bin/zhenxing", "demo")
        path = results_path()
        status, headers, body = get(path)
        assert status == 200 and "绝热成型工" in body.decode(), "结果页不对"
        assert headers.get("X-Cache") in ("MISS", "EXPIRED", "HIT"), headers
        assert get(path)[1].get("X-Cache") == "HIT", "nginx 没有缓存公开结果页"
        assert get(path + "?fresh=1")[1].get("X-Cache") == "BYPASS"
        cached, bare = [], []
        for run in range(RUNS):
            cached.append(ab(BASE + path))
            bare.append(ab(BASE + path + "?fresh=1"))
            print(
                f"第 {run + 1} 次：经 nginx 缓存 {cached[-1]:.0f} 次/秒，直达应用 {bare[-1]:.0f} 次/秒"
            )
        layout(
            "run", ".venv/bin/python", "manage.py", "shell", "-c",
            "from zhenxing.editions.services import bump_public_version; bump_public_version()",
        )  # fmt: skip
        assert get(path)[1].get("X-Cache") == "MISS", "发布后缓存没有清空"
        ratio = statistics.median(cached) / statistics.median(bare)
        print(
            f"{CONCURRENCY} 个并发访客，每轮 {SECONDS} 秒，{RUNS} 轮中位数："
            f"经 nginx 缓存 {statistics.median(cached):.0f} 次/秒，"
            f"直达应用（同样 3 个应用进程，平台自己的 Redis 页面缓存）{statistics.median(bare):.0f} 次/秒；"
            "发布后下一次读取为 MISS（缓存已清空）；目标比值 ≥ 5"
        )
        print(f"RESULT results_page_nginx ratio={ratio:.2f}")
    finally:
        layout("stop", check=False)


if __name__ == "__main__":
    main()
