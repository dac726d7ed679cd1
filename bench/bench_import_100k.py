"""Benchmark: importing a generated 100,000-row registration template end to end.

End to end = what the web import runs, from the stored upload to the written rows, on a fresh
SQLite database: the background task that checks the file (parse, check every row — template,
eligibility, what would change — and store the report and the checked rows on the job), the
confirmation, then the background task that writes (load the job, take the checked rows, decide
again against the database what each row does, write them and the audit entry in one
transaction). The run fails unless every row was written. The baseline, measured in the same run
on the same file, is the bare python-calamine parse. Each phase runs in its own process so that
its peak memory (max RSS) is its own. Medians of BENCH_RUNS runs.

    make bench                      # BENCH_ROWS=100000 BENCH_RUNS=3 by default
Last line: RESULT import_100k ratio=<end-to-end / bare parse>
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

    from zhenxing.calculators.template import COLUMNS

    rng = random.Random(100_000)
    headers = [c.header for c in COLUMNS]
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


def end_to_end(path: str) -> dict:
    edition = fresh_site(tempfile.mkdtemp(prefix="zx-bench-"))
    from zhenxing.orgs.models import Organization
    from zhenxing.registration import tasks
    from zhenxing.registration.models import Entry, ImportJob
    from zhenxing.registration.services import delegation_of

    delegation = delegation_of(
        edition, Organization.objects.get(kind="league_city", name="呼和浩特市")
    )
    data = Path(path).read_bytes()
    started = time.perf_counter()
    job = ImportJob.start(delegation, None, "bench.xlsx", data)
    tasks.check_import.call(job.pk)
    checked = time.perf_counter()
    # the confirmation (views.import_confirm), then the write
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
        state=ImportJob.State.WRITING
    )
    tasks.write_import.call(job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    entries = Entry.objects.count()
    if job.state != ImportJob.State.DONE or entries != ROWS:
        raise SystemExit(f"import did not write every row: {job.state} {job.error} {entries}")
    return {
        "seconds": seconds,
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
        bare, full = [], []
        for run in range(RUNS):
            bare.append(run_child("bare_parse", path))
            full.append(run_child("end_to_end", path))
            print(
                f"run {run + 1}: bare parse {bare[-1]['seconds']:.2f} s ({bare[-1]['peak_mb']:.0f} MB peak), "
                f"end to end {full[-1]['seconds']:.2f} s ({full[-1]['peak_mb']:.0f} MB peak; "
                f"check {full[-1]['check_seconds']:.2f} s, write {full[-1]['write_seconds']:.2f} s), "
                f"{full[-1]['entries']} entries written, {full[-1]['errors']} row errors"
            )
        bare_s = statistics.median(r["seconds"] for r in bare)
        full_s = statistics.median(r["seconds"] for r in full)
        print(
            f"median bare parse: {bare_s:.2f} s, peak {statistics.median(r['peak_mb'] for r in bare):.0f} MB"
        )
        print(
            f"median end to end: {full_s:.2f} s, peak {statistics.median(r['peak_mb'] for r in full):.0f} MB"
        )
        print(f"RESULT import_100k ratio={full_s / bare_s:.2f}")


if __name__ == "__main__":
    main()
