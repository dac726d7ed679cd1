"""Entry lists as xlsx and CSV from one row generator (the pretix habit).

Numbers are masked unless the caller asks for full ones (and may: the view checks and audits).
CSV cells that a spreadsheet would read as a formula are neutralised; ID and phone numbers are
written as text formulas (="150102…"), which Excel, WPS and LibreOffice Calc all show as the text
itself: a plain 18-digit number would be turned into 1.50102199011111E+17, its last digits lost.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

import xlsxwriter

from zhenxing.names import pinyin_key, stroke_key

from .models import Entry
from .privacy import mask_birth, mask_id, mask_phone

HEADER = [
    "序号",
    "姓名",
    "性别",
    "证件类型",
    "证件号码",
    "出生日期",
    "手机号码",
    "比赛项目",
    "组别",
    "代表队",
    "所在单位/学校",
    "资格检查",
    "审核状态",
    "参赛队",  # team events (双人/三人赛项): the team's name; empty in individual events
]
ORDERS = {"strokes": "按姓氏笔画", "pinyin": "按拼音", "event": "按比赛项目"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns a spreadsheet program would read as numbers (dropping digits past the 15th, and
# leading zeros): in CSV each of their cells is written as a text formula.
TEXT_COLUMNS = frozenset({"证件号码", "手机号码"})


def ordered(entries: Iterable[Entry], order: str) -> list[Entry]:
    entries = list(entries)
    if order == "strokes":
        return sorted(entries, key=lambda e: stroke_key(e.person.name))
    if order == "pinyin":
        return sorted(entries, key=lambda e: pinyin_key(e.person.name))
    return sorted(entries, key=lambda e: (e.event.position, stroke_key(e.person.name)))


def rows(
    entries: Iterable[Entry], *, full: bool, masked_phones: set[int] = frozenset()
) -> Iterator[list[str]]:
    """The export's rows; `masked_phones`: people whose phone stays masked even in full."""
    for number, entry in enumerate(entries, start=1):
        person = entry.person
        yield [
            str(number),
            person.name,
            person.gender,
            person.get_document_type_display(),
            person.document_number if full else mask_id(person.document_number),
            person.birth_date.isoformat() if full else mask_birth(person.birth_date),
            person.phone if full and person.pk not in masked_phones else mask_phone(person.phone),
            entry.event.occupation.name,
            entry.event.get_group_display(),
            str(entry.delegation),
            entry.employer,
            "符合" if entry.eligible else "不符合",
            entry.get_status_display(),
            entry.team.name if entry.team_id else "",
        ]


def neutralize(cell: str) -> str:
    """A leading = + - @ would make a spreadsheet run the cell as a formula: prefix a quote."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def as_text(cell: str) -> str:
    """="…": a formula whose value is the cell's text, kept as typed whatever it looks like (the
    platform's importer reads it back as the text). Empty stays empty."""
    return '="' + cell.replace('"', '""') + '"' if cell else cell


def to_csv(header: list[str], body: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    text = {index for index, name in enumerate(header) if name in TEXT_COLUMNS}
    for row in body:
        writer.writerow([as_text(c) if i in text else neutralize(c) for i, c in enumerate(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel on Windows reads UTF-8


def to_xlsx(
    header: list[str], body: Iterable[list[str]], title: str, sheet_name: str = "报名名单"
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True})
    sheet.merge_range(0, 0, 0, len(header) - 1, title, bold)
    sheet.write_row(1, 0, header, bold)
    for index, row in enumerate(body, start=2):
        for column, cell in enumerate(row):
            # a string cell is never run as a formula: the data stays as typed (+86…)
            sheet.write_string(index, column, cell)
    sheet.set_column(0, len(header) - 1, 14)
    book.close()
    return buffer.getvalue()
