"""The exam tests' shared pieces: a bank sheet, a bank, a blueprint, a confirmed draw and a
sitting of the final of 数控车工（职工组） (tests/conftest.py's `final`)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter

from tests.support import actor

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "答案", "解析", "难度",
          "鉴定点", "分值", "重要程度"]  # fmt: skip
ROWS = "A，单选题，任意，5，2\nB，判断题，任意，5，2\nC，简答题，任意，1，10"


def sheet(rows: list[list], header=HEADER) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    page = book.add_worksheet("题库")
    page.write_row(0, 0, header)
    for number, row in enumerate(rows, start=1):
        page.write_row(number, 0, row)
    book.close()
    return out.getvalue()


def bank_rows(singles=12, judges=12, shorts=3) -> list[list]:
    rows = []
    for i in range(singles):
        rows.append(["单选题", f"数控车床单选题 {i + 1}", "甲", "乙", "丙", "丁", "", "ABCD"[i % 4],
                     "", str(1 + i % 5), f"A-01-{i:03d} 切削", "2", "X"])  # fmt: skip
    for i in range(judges):
        rows.append(["判断题", f"数控车床判断题 {i + 1}", "", "", "", "", "", "正确" if i % 2 else "错误",
                     "", "3", f"B-02-{i:03d} 安全", "2", "Y"])  # fmt: skip
    for i in range(shorts):
        rows.append(["简答题", f"简述数控车床操作要点 {i + 1}", "", "", "", "", "", "要点：安全、精度",
                     "", "4", f"C-03-{i:03d} 工艺", "10", "Z"])  # fmt: skip
    return rows


@pytest.fixture
def exam_bank(final):
    """The 数控车工 bank with 12 single, 12 true/false and 3 short questions."""
    from zhenxing.exams import access, banks, sheets
    from zhenxing.exams.models import Part

    event = final.event
    bank = access.part_bank(event.edition, event, Part.KNOWLEDGE)
    rows = sheets.read(sheet(bank_rows()))
    banks.import_questions(bank, rows, actor=actor(final.people["host"]))
    return bank


@pytest.fixture
def blueprint(exam_bank, final):
    from zhenxing.exams import papers

    rows, problems = papers.parse_rows(ROWS)
    assert not problems
    data = {"name": "业务知识 A 卷", "part": "knowledge", "full_marks": Decimal(30)}
    return papers.save_blueprint(final.event, None, data, rows, actor=actor(final.people["host"]))


@pytest.fixture
def confirmed_draw(blueprint, final):
    from zhenxing.exams import papers

    people = final.people
    record = papers.draw(
        blueprint, seed="seed-1", sets=2, max_overlap=Decimal("0.5"), actor=actor(people["host"])
    )
    return papers.confirm(record, actor=actor(people["supervisor"]))


@pytest.fixture
def sitting(confirmed_draw, final):
    """A 60-minute sitting on the official paper, begun a minute ago."""
    from django.utils import timezone

    from zhenxing.exams import sittings

    paper = confirmed_draw.papers.get(index=0)
    data = {
        "starts_at": timezone.now() - dt.timedelta(minutes=1),
        "minutes": 60,
        "short_gap": Decimal(2),
    }
    return sittings.create_sitting(final, paper, data, actor=actor(final.people["host"]))
