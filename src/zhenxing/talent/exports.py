"""The talent database as xlsx: a searched list (masked as registration's exports are), one
person's personal copy (个人信息副本, in full: it is for them), and a statistics table."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import xlsxwriter

from zhenxing.registration.exports import to_xlsx
from zhenxing.registration.privacy import mask_birth, mask_id, mask_phone

from . import people
from .statistics import Table

HEADER = [
    "序号",
    "姓名",
    "性别",
    "证件类型",
    "证件号码",
    "出生日期",
    "手机号码",
    "职业（工种）",
    "单位",
    "当前职业发展阶段",
]


def list_rows(found: Iterable, *, full_for: set[int], phones_for: set[int]) -> Iterator[list[str]]:
    """Rows of the searched people: full numbers only for the ids in `full_for` (and phones
    for those in `phones_for`)."""
    for number, person in enumerate(found, start=1):
        full = person.pk in full_for
        shown_phone = person.phone if full and person.pk in phones_for else mask_phone(person.phone)
        record = people.record_of(person)
        occupations = {e.event.occupation.name for e in record.entries}
        occupations |= {n.occupation for n in record.nominations}
        occupations |= {k.occupation for k in record.keepings if k.occupation}
        yield [
            str(number),
            person.name,
            person.gender,
            person.get_document_type_display(),
            person.document_number if full else mask_id(person.document_number),
            person.birth_date.isoformat() if full else mask_birth(person.birth_date),
            shown_phone,
            "、".join(sorted(occupations)),
            "、".join(str(o) for o in people.organizations_of(person)),
            people.label_of("stage", getattr(person, "current_stage", None) or "") or "",
        ]


def list_xlsx(rows: Iterable[list[str]], title: str) -> bytes:
    return to_xlsx(HEADER, rows, title, sheet_name="人才名单")


def table_xlsx(table: Table) -> bytes:
    """A statistics table: its counts as numbers (a spreadsheet sums them), the rest as text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("统计")
    bold = book.add_format({"bold": True})
    sheet.merge_range(0, 0, 0, max(len(table.header) - 1, 1), table.title, bold)
    sheet.write_row(1, 0, table.header, bold)
    for index, row in enumerate(table.rows, start=2):
        for column, cell in enumerate(row):
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                sheet.write_number(index, column, cell)
            else:
                sheet.write_string(index, column, str(cell))
    sheet.set_column(0, len(table.header) - 1, 16)
    book.close()
    return out.getvalue()


def personal_copy(person, *, erased: bool) -> bytes:
    """Everything the database holds of the person, one sheet per kind."""
    record = people.record_of(person)
    sheets = {
        "基本信息": (
            ["项目", "内容"],
            [
                ["姓名", person.name],
                ["性别", person.gender],
                ["证件类型", person.get_document_type_display()],
                ["证件号码", "（已删除）" if erased else person.document_number],
                ["出生日期", f"{person.birth_date.year}年" if erased else str(person.birth_date)],
                ["手机号码", person.phone],
            ],
        ),
        "参赛": (
            ["届次", "比赛项目", "组别", "代表队", "状态"],
            [
                [e.event.edition.name, e.event.occupation.name, e.event.get_group_display(),
                 str(e.delegation.organization), e.get_status_display()]
                for e in record.entries
            ],
        ),
        "名次与奖项": (
            ["届次", "比赛项目", "名次或奖项"],
            [[r.competitor.final.event.edition.name, str(r.competitor.final.event), f"第 {r.rank} 名"]
             for r in record.ranks]
            + [[a.final.event.edition.name, str(a.final.event), a.name] for a in record.awards],
        ),
        "绝活展示": (
            ["“绝活”名称", "职业（工种）", "推荐单位", "状态"],
            [[n.title, n.occupation, str(n.organization), n.get_status_display()]
             for n in record.nominations],
        ),
        "跟踪服务": (
            ["日期", "类别", "内容", "名称", "说明", "记录单位"],
            [[str(f.happened_on), f.get_kind_display(), people.label_of(f.kind, f.value), f.name,
              f.note, str(f.organization)] for f in record.follow_ups],
        ),
        "同意记录": (
            ["同意日期", "处理目的", "同意方式", "记录单位"],
            [[str(c.given_on), c.purpose, c.get_means_display(), str(c.organization)]
             for c in record.consents],
        ),
    }  # fmt: skip
    return _workbook(sheets)


def _workbook(sheets: dict) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
              "strings_to_urls": False},
    )  # fmt: skip
    bold = book.add_format({"bold": True})
    for name, (header, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, header, bold)
        for index, row in enumerate(rows, start=1):
            for column, cell in enumerate(row):
                sheet.write_string(index, column, str(cell))
        sheet.set_column(0, len(header) - 1, 18)
    book.close()
    return out.getvalue()
