"""Benchmark: the online theory exam's answer saving under a full sitting — 500 examinees
answering a 100-question paper at once against gunicorn on loopback — compared with a bare view
that saves one row on the same server (same settings, middleware and database).

A fresh PostgreSQL database (zhenxing_exams_bench) gets the 2020 edition, a final with 500
finalists, a bank of 120 single-choice questions, a 100-question blueprint, a draw confirmed by
a supervisor and a sitting that has begun. Each examinee signs in with its contest number and
one-time code (not timed), reads its paper, then every examinee posts its 100 answers one by one
(each a small JSON POST, as the exam page sends them), all 500 at once; then the same clients
post 100 times each to the bare view. The two alternate RUNS times; medians. Afterwards every
answer is checked row by row against what was sent: none may be lost or different.

    make bench            # or: .venv/bin/python bench/bench_exam_answers.py
Last line: RESULT exam_answers ratio=<answer saves per second / bare saves per second>
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
EXAMINEES = int(os.environ.get("BENCH_EXAMINEES", "500"))
QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "100"))
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))  # the production layout's 3 app servers
PORT = int(os.environ.get("BENCH_PORT", "8201"))
DATABASE = "zhenxing_exams_bench"
BASE = f"http://127.0.0.1:{PORT}"
SITE = """
from zhenxing.settings import *  # noqa: F403

ROOT_URLCONF = "exam_bench_site.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""
URLS = '''
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare(request):
    """Saves one row, as plainly as Django can: the yardstick for an answer save."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (body) VALUES (%s)", [request.body.decode()])
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("zhenxing.urls"))]
'''
SETUP = r"""
import datetime as dt, json, sys
from decimal import Decimal
from importlib import resources
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from zhenxing.editions.models import Event
from zhenxing.editions.services import load_rulebook
from zhenxing.exams import access, banks, papers, sheets, sittings
from zhenxing.judging.anonymity import draw_numbers
from zhenxing.judging.locking import final_of
from zhenxing.orgs.audit import SYSTEM, Actor
from zhenxing.orgs.models import Membership, Organization
from zhenxing.registration.models import Delegation, Entry, Person

examinees, questions = int(sys.argv[1]), int(sys.argv[2])
text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
edition = load_rulebook(text, "2020-nmg.toml").edition
event = Event.objects.get(edition=edition, occupation__name="数控车工", group="worker")
host_org = event.host_unit
users = get_user_model().objects
def member(name, role, org, event=None):
    user = users.create_user(name, password="bench-only-password-1")
    Membership.objects.create(user=user, edition=edition, organization=org, role=role, event=event)
    return Actor(user, "127.0.0.1")
yl = Organization.objects.get(kind="youth_league")
host = member("host", "host_staff", host_org)
supervisor = member("supervisor", "supervisor", yl)
keeper = member("encryption", "encryption_officer", host_org, event)
city = Organization.objects.filter(kind="league_city").first()
delegation = Delegation.objects.create(edition=edition, organization=city)
people = Person.objects.bulk_create(
    Person(name=f"考生{n}", gender="男", birth_date=dt.date(1995, 1, 1),
           document_type="passport", document_number=f"E{n:08d}")
    for n in range(examinees)
)
Entry.objects.bulk_create(
    Entry(delegation=delegation, event=event, person=p, status=Entry.Status.APPROVED)
    for p in people
)
final = final_of(event)
draw_numbers(final, actor=keeper)
bank = access.part_bank(edition, event, "knowledge")
rows = [(n + 2, sheets.question_of({"题型": "单选题", "题干": f"第 {n + 1} 题", "选项A": "甲",
         "选项B": "乙", "选项C": "丙", "选项D": "丁", "答案": "ABCD"[n % 4], "鉴定点": "A-01 x",
         "分值": "1"})) for n in range(questions + 20)]
banks.import_questions(bank, rows, actor=host)
plan, _ = papers.parse_rows(f"A，单选题，任意，{questions}，1")
blueprint = papers.save_blueprint(event, None, {"name": "bench", "part": "knowledge",
                                  "full_marks": Decimal(questions)}, plan, actor=host)
record = papers.draw(blueprint, seed="bench", sets=2, max_overlap=Decimal(1), actor=host)
papers.confirm(record, actor=supervisor)
sitting = sittings.create_sitting(final, record.papers.get(index=0), {
    "starts_at": timezone.now() - dt.timedelta(minutes=1), "minutes": 240,
    "short_gap": Decimal(2)}, actor=host)
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE bench_bare (id bigserial PRIMARY KEY, body text)")
codes = [(a.competitor.number, a.code) for a in sitting.attempts.select_related("competitor")]
print(json.dumps(codes))
"""
CHECK = r"""
import json, sys
from zhenxing.exams.models import Answer
sent = json.load(open(sys.argv[1]))
stored = {(str(a), str(i)): (v, r) for a, i, v, r in
          Answer.objects.values_list("attempt_id", "item_id", "value", "rev")}
lost = [k for k in sent if tuple(k.split(":")) not in stored]
wrong = [k for k, (v, r) in sent.items() if tuple(k.split(":")) in stored
         and stored[tuple(k.split(":"))] != (v, r)]
print(json.dumps({"sent": len(sent), "stored": len(stored), "lost": len(lost), "wrong": len(wrong)}))
"""


def env(site_dir: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "PYTHONPATH": f"{site_dir}:{ROOT / 'src'}",
        "DJANGO_SETTINGS_MODULE": "exam_bench_site.settings",
        "ZHENXING_ENV": "development",
        "ZHENXING_DEBUG": "0",
    }


def django(site_dir: str, script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script, *args],
        cwd=ROOT, env=env(site_dir), text=True, capture_output=True,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"失败：\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout.strip().splitlines()[-1]


def fresh_database(site_dir: str) -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {DATABASE}"], check=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env(site_dir), check=True
    )


def start_gunicorn(site_dir: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "zhenxing.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(WORKERS), "--backlog", "2048", "--log-level", "warning"],
        cwd=ROOT, env=env(site_dir),
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn 没有启动")


async def sign_in(number: str, code: str) -> dict:
    """One examinee's browser: signed in, its paper read (question ids and CSRF token)."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    page = await (await http.get(BASE + "/exam/")).text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = {"csrfmiddlewaretoken": token, "number": number, "code": code}
    paper = await (await http.post(BASE + "/exam/", data=form)).text()
    items = re.findall(r'data-item="(\d+)"', paper)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', paper)[1]
    assert len(items) == QUESTIONS, f"参赛号 {number} 的试卷有 {len(items)} 题"
    return {"http": http, "items": items, "token": token}


async def answer_all(examinee: dict, run: int, sent: dict, attempt: str) -> int:
    saved = 0
    for place, item in enumerate(examinee["items"]):
        rev = run * QUESTIONS + place + 1
        value = "ABCD"[(rev + int(item)) % 4]
        body = json.dumps({"item": int(item), "value": value, "rev": rev})
        headers = {"Content-Type": "application/json", "X-CSRFToken": examinee["token"]}
        async with examinee["http"].post(BASE + "/exam/answer/", data=body, headers=headers) as r:
            if r.status != 200:
                sys.exit(f"保存答案失败：{r.status} {await r.text()}")
            saved += 1
        sent[f"{attempt}:{item}"] = (value, rev)
    return saved


async def bare_all(examinee: dict) -> int:
    for place in range(QUESTIONS):
        async with examinee["http"].post(BASE + "/bench/bare/", data=f"{place}") as r:
            if r.status != 200:
                sys.exit(f"空视图失败：{r.status}")
    return QUESTIONS


async def timed(jobs) -> float:
    started = time.perf_counter()
    counts = await asyncio.gather(*jobs)
    return sum(counts) / (time.perf_counter() - started)


async def bench(codes: list, attempts: dict) -> tuple[list[float], list[float], dict]:
    examinees = [await sign_in(number, code) for number, code in codes]
    sent: dict = {}
    answers, bare = [], []
    try:
        for run in range(RUNS):
            answers.append(
                await timed(answer_all(e, run, sent, attempts[n]) for e, (n, _) in zip(examinees, codes, strict=True))
            )  # fmt: skip
            bare.append(await timed(bare_all(e) for e in examinees))
            print(f"第 {run + 1} 次：保存答案 {answers[-1]:.0f} 次/秒，空视图 {bare[-1]:.0f} 次/秒")
    finally:
        for examinee in examinees:
            await examinee["http"].close()
    return answers, bare, sent


def main() -> None:
    if not shutil.which("psql"):
        sys.exit("需要 PostgreSQL 和 psql：bash scripts/system-deps.sh prod")
    with tempfile.TemporaryDirectory(prefix="zhenxing-exam-bench-") as site_dir:
        package = Path(site_dir) / "exam_bench_site"
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "settings.py").write_text(SITE)
        (package / "urls.py").write_text(URLS)
        fresh_database(site_dir)
        codes = json.loads(django(site_dir, SETUP, str(EXAMINEES), str(QUESTIONS)))
        attempts = json.loads(
            django(site_dir, "import json\nfrom zhenxing.exams.models import Attempt\n"
                   "print(json.dumps({a.competitor.number: str(a.pk) for a in "
                   "Attempt.objects.select_related('competitor')}))")
        )  # fmt: skip
        server = start_gunicorn(site_dir)
        try:
            answers, bare, sent = asyncio.run(bench(codes, attempts))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
            json.dump(sent, out)
        checked = json.loads(django(site_dir, CHECK, out.name))
        os.unlink(out.name)
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DATABASE}"], check=False)
    ratio = statistics.median(answers) / statistics.median(bare)
    print(
        f"{EXAMINEES} 名考生同时作答 {QUESTIONS} 题（gunicorn {WORKERS} 个进程，本机回环），{RUNS} 轮中位数："
        f"保存答案 {statistics.median(answers):.0f} 次/秒，只存一行的空视图 {statistics.median(bare):.0f} 次/秒；"
        f"逐行核对：发送 {checked['sent']} 个答案，库中 {checked['stored']} 行，"
        f"丢失 {checked['lost']}，不一致 {checked['wrong']}；目标比值 ≥ 0.5"
    )
    if checked["lost"] or checked["wrong"] or checked["stored"] != checked["sent"]:
        sys.exit("有答案丢失或不一致")
    print(f"RESULT exam_answers ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
