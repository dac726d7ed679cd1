"""Benchmark: peak memory of the processes that read uploaded spreadsheets, given hostile ones.

Three files go through the two ways the platform reads a spreadsheet:
- `web`: what a web request does with a theory-score or marking-scheme upload
  (`formats.marking_sheets.theory_from_xlsx`: the guard, then parsing in a memory-capped child);
- `worker`: what the background worker does with a registration import
  (`formats.entry_template.read_table`: the guard, then parsing in the worker itself).
Files: a normal one (the baseline: 300 filled-in rows of the registration template), the
1.5 KB file with one cell at XFD1048576, and a 3.9 MB zip whose sheet inflates to gigabytes.
Each reading runs in a fresh process, which reports its own peak RSS (and its children's).
Peak RSS of one process cannot be split by cause; medians of --runs runs.

    make bench
    .venv/bin/python bench/bench_hostile_uploads.py --runs 1
Last line: RESULT hostile_uploads ratio=<largest peak with a hostile file / peak with the normal file>
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _far_cell() -> bytes:
    from tests.formats.test_entry_template_extent import HEADER, workbook

    return workbook(HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def _bomb(megabytes_packed: float = 3.9) -> bytes:
    """A workbook whose one sheet is a header row then gigabytes of blank space (XML allows
    whitespace between elements), packed to about `megabytes_packed` MB."""
    from tests.formats.test_entry_template_extent import HEADER, workbook

    small = workbook(HEADER)
    source = zipfile.ZipFile(io.BytesIO(small))
    head = f'<?xml version="1.0" encoding="utf-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                book.writestr(item, source.read(item))
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((head + HEADER).encode())
            blank = b" " * (1 << 24)
            while out.tell() < megabytes_packed * 1024 * 1024:
                sheet.write(blank)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _normal() -> bytes:
    import datetime as dt

    from tests.registration.test_import import row, xlsx
    from tests.support import make_id

    start = dt.date(1986, 1, 1)
    rows = []
    for n in range(300):
        birth = start + dt.timedelta(days=n)
        rows.append(row(f"选手{n}", birth, id_number=make_id(birth)))
    return xlsx(rows)


def child(way: str, path: str) -> None:
    """Read one file the way `way` does; print what happened and the peak memory."""
    data = Path(path).read_bytes()
    started = time.perf_counter()
    if way == "web":
        from zhenxing.formats import marking_sheets as reader

        read, refused = reader.theory_from_xlsx, reader.SheetError
    else:
        from zhenxing.formats import entry_template as reader

        read, refused = reader.read_table, reader.TemplateError
    try:
        read(data)
        outcome = "读取"
    except refused as exc:
        outcome = "拒收：" + str(exc)[:40]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = time.perf_counter() - started
    print(json.dumps({"self_kb": own, "children_kb": children, "s": seconds, "outcome": outcome}))


def measure(way: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", way, str(path)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("WAY", "FILE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import os
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="zx-hostile-"))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "zhenxing.settings", "ZHENXING_VAR": str(folder)})
    import django

    django.setup()  # the test helpers that write the normal file import the models
    from decimal import Decimal

    from zhenxing.formats.marking_sheets import theory_xlsx

    theory = [(f"{n:03d}", Decimal("18.5"), Decimal("61")) for n in range(1, 301)]
    files = {
        ("web", "正常 300 行"): theory_xlsx(theory),
        ("worker", "正常 300 行"): _normal(),
        ("both", "远处单元格 XFD1048576"): _far_cell(),
        ("both", "解压炸弹"): _bomb(),
    }
    paths = {}
    for (way, name), data in files.items():
        paths[(way, name)] = folder / f"{len(paths)}.xlsx"
        paths[(way, name)].write_bytes(data)
        print(f"{name}（{way}）：{len(data) / 1024:,.1f} KB")
    peaks = {}
    for way, label in (("web", "网页进程（理论成绩上传）"), ("worker", "后台进程（报名导入）")):
        for (used_by, name), path in paths.items():
            if used_by not in (way, "both"):
                continue
            runs = [measure(way, path) for _ in range(args.runs)]
            own = statistics.median(r["self_kb"] for r in runs) / 1024
            kids = statistics.median(r["children_kb"] for r in runs) / 1024
            seconds = statistics.median(r["s"] for r in runs)
            peaks[(way, name)] = max(own, kids)
            print(
                f"{label} · {name}：峰值 {own:.0f} MB（子进程 {kids:.0f} MB），"
                f"{seconds:.2f} 秒，{runs[0]['outcome']}"
            )
    normal = max(peaks[(way, "正常 300 行")] for way in ("web", "worker"))
    hostile = max(v for (way, name), v in peaks.items() if name != "正常 300 行")
    print(f"最大峰值（恶意文件）{hostile:.0f} MB；正常文件 {normal:.0f} MB")
    print(f"RESULT hostile_uploads ratio={hostile / normal:.2f}")


if __name__ == "__main__":
    main()
