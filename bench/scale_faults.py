"""make bench-scale: the production layout under a bounded load, with faults in the middle.

Starts the layout of scripts/serve-prod.sh on its own database, port and folder (nginx, 3 app
servers, 2 background workers, PostgreSQL, Redis), prepares the site (bench/scale_site.py setup),
then runs a bounded load on loopback — registrars adding entries and importing files, judges
entering marks, the public reading a results page — and, while it runs, kills one app server
(kill -9), kills the background workers while an import is being checked or written (kill -9;
both, since which one holds the job is not known) and restarts PostgreSQL once. Afterwards it checks
row by row (bench/scale_site.py verify) that every write answered 2xx is in the database, once,
with its audit entry; that every import is whole or absent and its job says which; and that the
results were recomputed from the final marks. Prints the counts and error rates; exits 1 if
anything was lost. Never run by make test or CI.

    make bench-scale            # SCALE_ENTRIES=30 SCALE_READS=300 … (see the constants below)
    .venv/bin/python bench/scale_faults.py --no-postgres-restart   # leave PostgreSQL alone
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import urllib3
import xlsxwriter
from stdnum.cn import ric

ROOT = Path(__file__).resolve().parents[1]
PROD = Path(os.environ.get("SCALE_PROD", ROOT / "var" / "scale"))
PORT = int(os.environ.get("SCALE_PORT", "8643"))
ENTRIES = int(os.environ.get("SCALE_ENTRIES", "40"))  # per registrar, through the form
IMPORTS = int(os.environ.get("SCALE_IMPORTS", "3"))  # per registrar
IMPORT_ROWS = int(os.environ.get("SCALE_IMPORT_ROWS", "200"))
READERS = int(os.environ.get("SCALE_READERS", "4"))
READS = int(os.environ.get("SCALE_READS", "500"))  # per reader
TIMEOUT = 60  # seconds for one request; a request waiting longer counts as an error
LAYOUT_ENV = {
    **os.environ,
    "PROD": str(PROD),
    "PORT": str(PORT),
    "APP_PORT_BASE": os.environ.get("SCALE_APP_PORT_BASE", "8400"),
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zhenxing_scale",
    "ZHENXING_REDIS_URL": "redis://127.0.0.1:6379/5",
}


def layout(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "scripts/serve-prod.sh", *args], cwd=ROOT, env=LAYOUT_ENV, check=check
    )


def fresh_layout() -> None:
    layout("stop", check=False)
    subprocess.run(
        [
            "psql",
            "postgres://postgres@127.0.0.1:5432/postgres",
            "-qc",
            "DROP DATABASE IF EXISTS zhenxing_scale WITH (FORCE)",
        ],
        check=True,
    )
    subprocess.run(["redis-cli", "-n", "5", "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["rm", "-rf", str(PROD / "site"), str(PROD / "cache")], check=True)
    layout("start")


class Tally:
    """What the client saw, per kind of request: answered 2xx/3xx, 4xx, 5xx, or no answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.defaultdict(collections.Counter)
        self.done = 0

    def add(self, kind: str, status: int | None) -> None:
        outcome = "无应答" if status is None else f"{status // 100}xx"
        with self.lock:
            self.counts[kind][outcome] += 1
            self.done += 1


class Client:
    def __init__(self, tally: Tally):
        self.base = f"https://127.0.0.1:{PORT}"
        self.http = requests.Session()
        # per request: a session's own setting loses to REQUESTS_CA_BUNDLE in the environment
        self.certificate = str(PROD / "tls" / "cert.pem")
        self.http.headers["Referer"] = self.base + "/"
        self.tally = tally

    def request(self, kind: str, method: str, path: str, **options) -> requests.Response | None:
        token = self.http.cookies.get("__Host-csrftoken", "")
        if method == "POST":
            options["data"] = {**options.get("data", {}), "csrfmiddlewaretoken": token}
        try:
            response = self.http.request(
                method,
                self.base + path,
                timeout=TIMEOUT,
                allow_redirects=False,
                verify=self.certificate,
                **options,
            )
        except requests.RequestException:
            self.tally.add(kind, None)
            return None
        self.tally.add(kind, response.status_code)
        return response

    def login(self, username: str, password: str) -> None:
        for _ in range(30):  # the site may be down for a moment: a user tries again
            self.request("登录", "GET", "/accounts/login/")
            answer = self.request(
                "登录",
                "POST",
                "/accounts/login/",
                data={"username": username, "password": password},
            )
            if answer is not None and answer.status_code == 302:
                return
            time.sleep(1)
        print(f"无法登录：{username}", file=sys.stderr)
        raise SystemExit(1)


def id_number(region: str, birth: dt.date, serial: int) -> str:
    """A man's (odd 17th digit) resident ID number; 500 different ones per birth date."""
    body = f"{region}{birth:%Y%m%d}{serial % 100:02d}{2 * (serial // 100 % 5) + 1}"
    return body + ric.calc_check_digit(body + "0")


class People:
    """Unique, valid ID numbers for the whole run (births spread over the group's window)."""

    def __init__(self, born_from: dt.date):
        self.lock, self.next, self.born_from = threading.Lock(), 0, born_from

    def new(self) -> tuple[str, dt.date]:
        with self.lock:
            self.next += 1
            serial = self.next
        birth = self.born_from + dt.timedelta(days=serial // 500)
        return id_number("150102", birth, serial), birth


def registrar(plan, account, people: People, log, tally: Tally, rng: random.Random) -> None:
    client = Client(tally)
    client.login(account["username"], plan["password"])
    path = f"/office/{plan['code']}/delegations/{account['delegation']}/"
    imports_at = {round(ENTRIES * (k + 1) / (IMPORTS + 1)) for k in range(IMPORTS)}
    for index in range(ENTRIES):
        add_entry(client, plan, path, people, log, rng)
        if index in imports_at:
            import_file(client, plan, path, people, log)


def add_entry(client: Client, plan, path: str, people: People, log, rng) -> None:
    number, birth = people.new()
    form = {
        "name": rng.choice("王李张刘陈杨赵黄") + rng.choice("伟芳娜敏静丽强磊"),
        "gender": "男",
        "document_type": "resident_id",
        "id_number": number,
        "birth_date": birth.isoformat(),
        "phone": f"138{rng.randrange(10**8):08d}",
        "event": str(plan["entry_event"]),
        "employer": "压测单位",
    }
    for _attempt in range(5):  # no answer or 503: the registrar waits and presses 保存 again
        answer = client.request("新增报名", "POST", path + "entries/new/", data=form)
        status = None if answer is None else answer.status_code
        log["entries"].append({"id_number": number, "status": status})
        if status is not None and status < 500:
            return
        time.sleep(3)


def import_file(client: Client, plan, path: str, people: People, log) -> None:
    rows = [people.new() for _ in range(IMPORT_ROWS)]
    record = {"id_numbers": [number for number, _ in rows], "job": None, "confirmed": False}
    log["imports"].append(record)
    answer = client.request(
        "导入上传", "POST", path + "import/", files={"file": ("压测.xlsx", workbook(plan, rows))}
    )
    if answer is None or answer.status_code != 302:
        return
    found = re.search(r"/imports/(\d+)/", answer.headers.get("Location", ""))
    if not found:
        return
    record["job"] = int(found.group(1))
    job_path = f"/office/{plan['code']}/imports/{record['job']}/"
    for _ in range(60):  # the check runs on a background worker
        page = client.request("导入查看", "GET", job_path)
        if page is not None and "confirm/" in page.text:
            answer = client.request("导入确认", "POST", job_path + "confirm/")
            record["confirmed"] = answer is not None and answer.status_code == 302
            return
        time.sleep(1)


def workbook(plan, rows) -> bytes:
    values = {"性别": "男", "职业（工种）": plan["occupation"], "组别": plan["group_label"]}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    sheet.write(0, 0, "压测代表队报名表")
    sheet.write_row(1, 0, plan["headers"])
    for line, (number, birth) in enumerate(rows, start=2):
        row = {**values, "姓名": f"导入{line}", "证件号码": number, "出生日期": birth.isoformat()}
        sheet.write_row(line, 0, [row.get(header, "") for header in plan["headers"]])
    book.close()
    return buffer.getvalue()


def judge(plan, position: int, username: str, log, tally: Tally, rng: random.Random) -> None:
    client = Client(tally)
    client.login(username, plan["password"])
    final = plan["final"]
    base = f"/office/{plan['code']}/events/{final['event']}/final/scoring/"
    for number in final["numbers"]:
        values = {"A3": str(rng.randrange(4)), "B1": str(rng.randrange(4))}
        if position == 0:  # the measured aspects have one shared slot: one judge enters them
            values |= {"A1": "1", "A2": str(rng.choice([0, 1, 2]))}
        data = {f"v_{key}": value for key, value in values.items()}
        for _attempt in range(5):  # no answer or 503: the judge waits and saves the sheet again
            answer = client.request("评分", "POST", f"{base}{number}/", data=data)
            status = None if answer is None else answer.status_code
            log["sheets"].append(
                {
                    "number": number,
                    "judge": username,
                    "judged": ["A3", "B1"],
                    "values": values,
                    "status": status,
                }
            )
            if status is not None and status < 500:
                break
            time.sleep(3)


def reader(plan, tally: Tally) -> None:
    client = Client(tally)
    for _ in range(READS):
        client.request("公众查看成绩", "GET", plan["public_results"])


def faults(tally: Tally, planned: int, restart_postgres: bool, events: list) -> None:
    """At a fifth, two fifths and three fifths of the load: an app server, a worker, PostgreSQL."""
    steps = [(0.2, kill_app), (0.4, kill_worker)]
    if restart_postgres:
        steps.append((0.6, restart_database))
    for share, step in steps:
        while tally.done < planned * share:
            time.sleep(0.2)
        events.append(f"{time.strftime('%H:%M:%S')} {step()}")


def kill_app() -> str:
    master = int((PROD / "run" / "app2.pid").read_text())
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    for pid in [master, *map(int, children.stdout.split())]:
        os.kill(pid, signal.SIGKILL)
    time.sleep(3)
    layout("restart-app", "2")
    return "kill -9 应用进程 2（主进程与子进程），3 秒后重启"


def kill_worker() -> str:
    """Kill a worker while an import is being checked or written, if one is within 20 s."""
    busy = "SELECT count(*) FROM registration_importjob WHERE state IN ('checking', 'writing')"
    for _ in range(100):
        answer = subprocess.run(
            ["psql", LAYOUT_ENV["DATABASE_URL"], "-Atc", busy], capture_output=True, text=True
        )
        if answer.stdout.strip() not in ("", "0"):
            break
        time.sleep(0.2)
    for worker in (1, 2):  # the one holding the job is not known: both, one after the other
        os.kill(int((PROD / "run" / f"worker{worker}.pid").read_text()), signal.SIGKILL)
    time.sleep(3)
    layout("restart-worker", "1")
    layout("restart-worker", "2")
    jobs = answer.stdout.strip() or "0"
    return f"kill -9 两个后台任务进程（当时有 {jobs} 个导入正在检查或写入），3 秒后重启"


def restart_database() -> str:
    subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
    return "重启 PostgreSQL"


def run_load(plan, restart_postgres: bool) -> tuple[dict, Tally, list, float]:
    log = {"entries": [], "imports": [], "sheets": []}
    tally, events = Tally(), []
    people = People(dt.date.fromisoformat(plan["born_from"]))
    rng = random.Random(2020)  # noqa: S311 — load data, not security
    threads = [
        threading.Thread(target=registrar, args=(plan, a, people, log, tally, random.Random(i)))
        for i, a in enumerate(plan["registrars"])
    ]
    threads += [
        threading.Thread(target=judge, args=(plan, i, name, log, tally, random.Random(100 + i)))
        for i, name in enumerate(plan["final"]["judges"])
    ]
    threads += [threading.Thread(target=reader, args=(plan, tally)) for _ in range(READERS)]
    clients = len(plan["registrars"]) + len(plan["final"]["judges"])
    planned = (
        clients * 2  # signing in
        + len(plan["registrars"]) * (ENTRIES + IMPORTS * 3)
        + len(plan["final"]["judges"]) * len(plan["final"]["numbers"])
        + READERS * READS
    )
    rng.shuffle(threads)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    chaos = threading.Thread(target=faults, args=(tally, planned, restart_postgres, events))
    chaos.daemon = True
    chaos.start()
    for thread in threads:
        thread.join()
    chaos.join(timeout=1)
    wanted = 3 if restart_postgres else 2
    events += ["（未发生：负载在此之前已结束）"] * (wanted - len(events))
    return log, tally, events, time.monotonic() - started


def report(tally: Tally, seconds: float, events: list) -> None:
    print(f"负载 {seconds:.0f} 秒，{tally.done} 个请求（{tally.done / seconds:.0f} 个/秒）；故障：")
    for event in events:
        print("  ", event)
    for kind, counts in sorted(tally.counts.items()):
        total = sum(counts.values())
        failed = counts["5xx"] + counts["无应答"]
        shown = "，".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"  {kind}：{total} 个（{shown}；出错率 {failed / total:.1%}）")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-postgres-restart", action="store_true")
    parser.add_argument("--keep", action="store_true", help="结束后不停止服务")
    options = parser.parse_args()
    urllib3.disable_warnings()
    python = str(ROOT / ".venv" / "bin" / "python")
    plan_path, log_path = PROD / "plan.json", PROD / "client-log.json"
    fresh_layout()
    try:
        layout("run", python, "bench/scale_site.py", "setup", str(plan_path))
        plan = json.loads(plan_path.read_text("utf-8"))
        log, tally, events, seconds = run_load(plan, not options.no_postgres_restart)
        log_path.write_text(json.dumps(log, ensure_ascii=False), "utf-8")
        report(tally, seconds, events)
        check = layout(
            "run",
            python,
            "bench/scale_site.py",
            "verify",
            str(plan_path),
            str(log_path),
            check=False,
        )
    finally:
        if not options.keep:
            layout("stop", check=False)
    faulted = not any("未发生" in event for event in events)
    passed = check.returncode == 0 and faulted
    print("通过：没有丢失、重复或未审计的写入" if passed else "失败：见上")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
