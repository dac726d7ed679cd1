"""Benchmark: 1,000 certificates as individual signed PDFs, against the same pages as one document.

1,000 generated certificate pages (the default title layout, no background; each with its own
2–3 character Chinese name, certificate number, verification address and QR code; no database)
are produced two ways, in the same run, from the same pages:

- individual files: `awards.certificates.signed_pdfs` — what the platform stores, one PDF per
  certificate: rendered certificates.BATCH pages at a time as one WeasyPrint document, split
  with pypdf, each page given its metadata and signed (PAdES, pyHanko; awards.signing.sign);
- baseline: the bare one-document render, `pdf_of(render_pages(all pages))` — WeasyPrint, one
  unsigned document, no batching, no splitting, no signing.

The pages are built once (not timed). Each side runs in its own process (Django set up, the
pages loaded and WeasyPrint warmed up on a 2-page document before the clock starts; the seal's
key made beforehand, as at installation), so that its peak memory (max RSS; for the individual
files it includes the 1,000 files signed_pdfs returns) is its own. The sides alternate; medians
of --runs runs. After the clock: every page accounted for (1,000 distinct signed files; 1,000
pages in the document), and a sample of the files checked with awards.signing.check (genuine,
right number, right name) and failing once one byte is changed. Signing runs in the calling
process (no process pool).

    make bench                                                   # 1,000 pages, 3 runs
    .venv/bin/python bench/bench_certificates.py --pages 50 --runs 1      # smoke run
Last line: RESULT certificates ratio=<individual files pages/s / one document pages/s>
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕鹏辉建国志文斌宇浩凯健俊帆亮晨旭东海波宁欣悦琳雪梅兰婷颖璐佳鑫博瑞阳晓"
TARGET = 0.5
PAGES = "pages.json"


def rss_mb() -> float:
    """The process's resident memory now, in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(folder: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "zhenxing.settings",
            "ZHENXING_VAR": folder,
            "ZHENXING_KEYS_DIR": str(Path(folder) / "keys"),
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def certificates(count: int) -> tuple[list[dict], list[dict], list[str]]:
    """`count` pages as the platform builds them, their PDF metadata, and the names on them."""
    from zhenxing.awards import certificates as c

    rng = random.Random(1000)
    fields = c.layout_fields(None)
    texts = c.sample_texts("title")
    pages, metadata, names = [], [], []
    for index in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        serial = f"ZX-B{index // 1000:03d}-{index % 1000:04d}"
        values = {
            **texts,
            "name": name,
            "serial": f"证书编号：{serial}",
            "verify": f"核验：{c.verify_url(serial)}",
        }
        pages.append(c.page(fields, "", values, c.verify_url(serial)))
        metadata.append(
            {"/Title": f"{texts['award']} · {name}", "/Subject": serial, "/Creator": "zhenxing"}
        )
        names.append(name)
    return pages, metadata, names


def load(folder: str) -> tuple[list[dict], list[dict], list[str]]:
    """Django set up, and the pages the parent built (their QR codes take ~15 ms a page: built
    once for all runs rather than in each child)."""
    setup(folder)
    return json.loads((Path(folder) / PAGES).read_text("utf-8"))


def one_document(folder: str) -> dict:
    """The bare one-document render of all pages (unsigned)."""
    pages, _, _ = load(folder)
    from pypdf import PdfReader

    from zhenxing.awards import certificates as c

    c.pdf_of(c.render_pages(pages[:2]))  # warm-up: fonts, styles
    before = rss_mb()
    started = time.perf_counter()
    pdf = c.pdf_of(c.render_pages(pages))
    seconds = time.perf_counter() - started
    peak = peak_mb()
    rendered = len(PdfReader(io.BytesIO(pdf)).pages)
    if rendered != len(pages):
        raise SystemExit(f"the document has {rendered} pages, not {len(pages)}")
    return {"seconds": seconds, "peak_mb": peak, "before_mb": before, "bytes": len(pdf)}


def individual_files(folder: str) -> dict:
    """One signed PDF per page, as the platform makes them (certificates.signed_pdfs)."""
    pages, metadata, names = load(folder)
    from zhenxing.awards import certificates as c
    from zhenxing.awards import signing

    signing.ensure_key()  # made once at installation (manage.py signing_key)
    c.pdf_of(c.render_pages(pages[:2]))  # the same warm-up as the baseline
    before = rss_mb()
    started = time.perf_counter()
    files = c.signed_pdfs(pages, metadata)
    seconds = time.perf_counter() - started
    peak = peak_mb()
    verify(files, metadata, names)
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "before_mb": before,
        "bytes": sum(len(f) for f in files),
        "batch": c.BATCH,
    }


def verify(files: list[bytes], metadata: list[dict], names: list[str]) -> None:
    """Every page has its own file; a sample is genuine, carries the right number and name, and
    stops being genuine once a byte is changed."""
    from pypdf import PdfReader

    from zhenxing.awards import signing

    count = len(metadata)
    if len(files) != count or len({hashlib.sha256(f).digest() for f in files}) != count:
        raise SystemExit(f"{len(files)} files for {count} pages, or some alike")
    for index in sorted({0, count // 3, 2 * count // 3, count - 1}):
        pdf = files[index]
        result = signing.check(pdf)
        serial = metadata[index]["/Subject"]
        reader = PdfReader(io.BytesIO(pdf))
        text = reader.pages[0].extract_text()
        if not result.genuine or result.serial != serial or len(reader.pages) != 1:
            raise SystemExit(f"file {index}: {result}, {len(reader.pages)} pages")
        if names[index] not in text or serial not in text:
            raise SystemExit(f"file {index} lacks {names[index]} or {serial}")
    tampered = bytearray(files[-1])
    tampered[len(tampered) // 3] ^= 0x01
    if signing.check(bytes(tampered)).genuine:
        raise SystemExit("a changed file still checks as genuine")


PHASES = {"one": one_document, "individual": individual_files}


def run_child(phase: str, folder: str) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--folder", folder]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{phase} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--pages", type=int, default=int(env("BENCH_CERTIFICATES", "1000")))
    parser.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", "3")))
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if args.phase:  # a child: one side, once
        print(json.dumps(PHASES[args.phase](args.folder)))
        return
    folder = tempfile.mkdtemp(prefix="zx-bench-cert-")
    started = time.perf_counter()
    sides: dict[str, list[dict]] = {"one": [], "individual": []}
    try:
        setup(folder)
        (Path(folder) / PAGES).write_text(json.dumps(certificates(args.pages)), "utf-8")
        for number in range(args.runs):
            for phase in ("one", "individual"):
                sides[phase].append(run_child(phase, folder))
            one, each = sides["one"][-1], sides["individual"][-1]
            print(
                f"第 {number + 1} 次：一个文档 {args.pages / one['seconds']:.1f} 页/秒"
                f"（{one['seconds']:.1f} 秒，峰值 {one['peak_mb']:.0f} MB）；"
                f"逐份签名 {args.pages / each['seconds']:.1f} 页/秒"
                f"（{each['seconds']:.1f} 秒，峰值 {each['peak_mb']:.0f} MB）"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def median(phase: str, key: str) -> float:
        return statistics.median(r[key] for r in sides[phase])

    one_rate = args.pages / median("one", "seconds")
    each_rate = args.pages / median("individual", "seconds")
    print(
        f"{args.pages} 页证书，{args.runs} 次中位数，{os.cpu_count()} 个 CPU；"
        f"签名在调用进程内进行（未用进程池），每批 {sides['individual'][0]['batch']} 页"
    )
    print(
        f"一个文档（WeasyPrint 整体渲染，不签名，基线）：{one_rate:.1f} 页/秒，"
        f"峰值内存 {median('one', 'peak_mb'):.0f} MB"
        f"（计时前 {median('one', 'before_mb'):.0f} MB），"
        f"文件 {median('one', 'bytes') / 1e6:.1f} MB"
    )
    print(
        f"逐份签名 PDF（signed_pdfs：分批渲染、拆分、逐份 PAdES 签名）：{each_rate:.1f} 页/秒，"
        f"峰值内存 {median('individual', 'peak_mb'):.0f} MB"
        f"（计时前 {median('individual', 'before_mb'):.0f} MB；其中包括返回的 {args.pages} 份文件，"
        f"共 {median('individual', 'bytes') / 1e6:.0f} MB，每份约含一套字体子集）"
    )
    ratio = each_rate / one_rate
    print(
        f"抽查的签名文件核验有效、改动一个字节即失效；目标比值 ≥ {TARGET}"
        f"（{'达到' if ratio >= TARGET else '未达到'}）；总用时 {time.perf_counter() - started:.0f} 秒"
    )
    print(f"RESULT certificates ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
