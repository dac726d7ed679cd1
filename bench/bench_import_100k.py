"""Benchmark: importing a generated 100,000-row registration template end to end.

End to end = what the web import runs, from the stored upload to the written rows, on a fresh
SQLite database: the background task that checks the file (parse, check every row — template,
eligibility, what would change — and store the report and the checked rows on the job), the
confirmation, then the background task that writes (load the job, take the checked rows, decide
again against the database what each row does, write them and the audit entry in one
transaction). The run fails unless every row was written. The baseline, measured in the same run
on the same file, is the bare python-calamine parse. For scale, the floor: the same parse, then
the same rows put into the same tables with nothing checked, read or stored in between (plain
sqlite3 executemany, one transaction) — what any import of this file into this schema costs. Each phase runs in its own process so that
its peak memory (max RSS) is its own. Medians of BENCH_RUNS runs; the processor time of the floor
and of the end to end is printed too (steadier than the clock on a shared machine).

    make bench                      # BENCH_ROWS=100000 BENCH_RUNS=3 by default
Prints RESULT import_vs_floor ratio=<end-to-end / floor, the median of the runs' own ratios>,
then, last,
RESULT import_100k ratio=<end-to-end / bare parse>
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fresh_site import fresh_site

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
ROOT = Path(__file__).resolve().parents[1]


def generate(path: Path, rows: int) -> None:
    import xlsxwriter
    from stdnum.cn import ric

    from zhenxing.formats.entry_template import COLUMNS, header_in
    from zhenxing.rules.rulebook import load_edition

    rng = random.Random(100_000)
    headers = [header_in(c, load_edition("2020-nmg")) for c in COLUMNS]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("报名表")
    sheet.write_row(0, 0, headers)
    occupations = ["数控车工", "配电电缆工", "森林抚育", "机械设计", "计算机网络管理员"]
    start = dt.date(1986, 1, 1)
    for index in range(rows):
        birth = start + dt.timedelta(days=index // 1000 * 17)  # with the sequence: unique IDs
        body = f"150102{birth:%Y%m%d}{index % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        gender = "男" if int(body[16]) % 2 else "女"
        values = {
            "姓名": f"测试{index}",
            "性别": gender,
            "证件号码": number,
            "出生日期": birth.isoformat(),
            "职业（工种）": rng.choice(occupations),
            "组别": "职工组",
            "手机号码": f"139{index:08d}",
            "所在单位/学校": "演示单位",
        }
        sheet.write_row(index + 1, 0, [values.get(h, "") for h in headers])
    book.close()


def bare_parse(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cells = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    return {"seconds": time.perf_counter() - started, "rows": len(cells) - 1}


def floor(path: str) -> dict:
    edition = fresh_site(tempfile.mkdtemp(prefix="zx-bench-"))
    from django.db import connection
    from python_calamine import CalamineWorkbook

    from zhenxing.formats.entry_template import COLUMNS
    from zhenxing.orgs.audit import Actor
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.services import delegation_of

    organization = Organization.objects.get(kind="league_city", name="呼和浩特市")
    delegation = delegation_of(edition, organization, actor=Actor())
    event = edition.events.first()
    started, cpu = time.perf_counter(), time.process_time()
    cells = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    at = {c.header: index for index, c in enumerate(COLUMNS)}
    name, number, birth, phone, employer = (
        at[h] for h in ("姓名", "证件号码", "出生日期", "手机号码", "所在单位/学校")
    )
    now, verdict = "2020-09-18 00:00:00", '{"eligible": true, "reasons": [], "flags": []}'
    people = [
        ("resident_id", r[number], r[name], "男", r[birth], r[phone], now, organization.pk, 0)
        for r in cells[1:]
    ]
    cursor = connection.connection.cursor()  # sqlite3's own: no Django in between
    cursor.execute("BEGIN")
    cursor.executemany(
        "INSERT INTO registration_person (document_type, document_number, name, gender,"
        " birth_date, phone, created_at, phone_owner_id, document_verified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        people,
    )
    ids = dict(cursor.execute("SELECT document_number, id FROM registration_person"))
    entries = [
        (delegation.pk, event.pk, ids[r[number]], r[employer], "[]", verdict, now)
        for r in cells[1:]
    ]
    cursor.executemany(
        "INSERT INTO registration_entry (delegation_id, event_id, person_id, employer,"
        " full_time_student, student_entrepreneur, non_public_economy, honors, placings,"
        " qualifications, eligible, verdict, created_at, updated_at, status, return_reason,"
        " school_province, title_rights)"
        " VALUES (?, ?, ?, ?, 0, 0, 0, ?5, ?5, ?5, 1, ?6, ?7, ?7, 'draft', '', '', ?5)",
        entries,
    )
    cursor.execute("COMMIT")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "entries": len(entries)}


def end_to_end(path: str) -> dict:
    edition = fresh_site(tempfile.mkdtemp(prefix="zx-bench-"))
    from zhenxing.orgs.audit import Actor
    from zhenxing.orgs.models import Organization
    from zhenxing.registration import tasks
    from zhenxing.registration.models import Entry, ImportJob
    from zhenxing.registration.services import delegation_of

    delegation = delegation_of(
        edition, Organization.objects.get(kind="league_city", name="呼和浩特市"), actor=Actor()
    )
    data = Path(path).read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    job = ImportJob.start(delegation, None, "bench.xlsx", data)
    tasks.check_import.call(job.pk)
    checked = time.perf_counter()
    # the confirmation (views.import_confirm), then the write
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
        state=ImportJob.State.WRITING
    )
    tasks.write_import.call(job.pk)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    entries = Entry.objects.count()
    if job.state != ImportJob.State.DONE or entries != ROWS:
        raise SystemExit(f"import did not write every row: {job.state} {job.error} {entries}")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "check_seconds": checked - started,
        "write_seconds": seconds - (checked - started),
        "created": len(job.report["written"]["created"]),
        "entries": entries,
        "errors": job.report["counts"].get("error", 0),
    }


def run_child(phase: str, path: Path) -> dict:
    code = (
        f"import json, resource, sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
        f"import bench_import_100k as b; r = b.{phase}({str(path)!r}); "
        "r['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; print(json.dumps(r))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{phase} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template-100k.xlsx"
        started = time.perf_counter()
        generate(path, ROWS)
        print(
            f"generated {ROWS} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        bare, full, least = [], [], []
        for run in range(RUNS):
            bare.append(run_child("bare_parse", path))
            least.append(run_child("floor", path))
            full.append(run_child("end_to_end", path))
            print(
                f"run {run + 1}: bare parse {bare[-1]['seconds']:.2f} s ({bare[-1]['peak_mb']:.0f} MB peak), "
                f"floor {least[-1]['seconds']:.2f} s, "
                f"end to end {full[-1]['seconds']:.2f} s ({full[-1]['peak_mb']:.0f} MB peak; "
                f"check {full[-1]['check_seconds']:.2f} s, write {full[-1]['write_seconds']:.2f} s), "
                f"{full[-1]['entries']} entries written, {full[-1]['errors']} row errors;"
                f" end to end / floor {full[-1]['seconds'] / least[-1]['seconds']:.2f}"
            )
        bare_s = statistics.median(r["seconds"] for r in bare)
        full_s = statistics.median(r["seconds"] for r in full)
        print(
            f"median bare parse: {bare_s:.2f} s, peak {statistics.median(r['peak_mb'] for r in bare):.0f} MB"
        )
        print(
            f"median end to end: {full_s:.2f} s, peak {statistics.median(r['peak_mb'] for r in full):.0f} MB"
        )
        least_s = statistics.median(r["seconds"] for r in least)
        print(
            f"median floor (parse, then the rows inserted unchecked): {least_s:.2f} s,"
            f" {least_s / bare_s:.2f} × bare parse"
        )
        full_cpu = statistics.median(r["cpu_seconds"] for r in full)
        least_cpu = statistics.median(r["cpu_seconds"] for r in least)
        print(  # the processor time of the process: steadier than the clock on a shared machine
            f"median processor time: floor {least_cpu:.2f} s, end to end {full_cpu:.2f} s"
            f" ({full_cpu / least_cpu:.2f} ×)"
        )
        pairs = zip(full, least, strict=True)
        paired = statistics.median(f["seconds"] / x["seconds"] for f, x in pairs)
        print(
            f"end to end / floor: {full_s / least_s:.2f} (ratio of the medians),"
            f" {paired:.2f} (median of each run's ratio)"
        )
        # each run's floor and end to end are measured one after the other, so a slow spell of
        # the shared machine weighs on both: the median of those ratios is the steadier figure
        print(f"RESULT import_vs_floor ratio={paired:.2f}  (target <= 2)")
        print(f"RESULT import_100k ratio={full_s / bare_s:.2f}")


if __name__ == "__main__":
    main()
