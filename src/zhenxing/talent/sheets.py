"""The people list an organization imports: its blank template and its reader (through the
spreadsheet guard, in a memory-capped child process), giving each row's data or its problem."""

from __future__ import annotations

import datetime as dt
import io
import re

import xlsxwriter

from zhenxing.formats import spreadsheet
from zhenxing.registration.models import Person

from .services import PersonInput

HEADER = [
    "姓名",
    "性别",
    "出生日期",
    "证件类型",
    "证件号码",
    "手机号码（可空）",
    "职业（工种）",
    "所在盟市",
    "工作单位/学校",
]
KEYS = ["name", "gender", "birth_date", "document_type", "document_number", "phone",
        "occupation", "region", "workplace"]  # fmt: skip
DOCUMENTS = {label: code for code, label in Person.Document.choices}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
LIMITS = spreadsheet.Limits(MAX_ROWS + 10, 26, "把名单复制到平台的人才库导入模板中")
EXCEL_EPOCH = dt.date(1899, 12, 30)
NUMERIC_ID = "证件号码被表格软件当成了数字，最后几位已经丢失：请把该列设为“文本”格式后重新输入号码"


class SheetError(ValueError):
    """The file cannot be read as a people list; the message says what to fix."""


def template() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("人才名单")
    sheet.write_row(0, 0, HEADER, bold)
    sheet.set_column(0, len(HEADER) - 1, 18, text)
    sheet.data_validation(1, 1, MAX_ROWS, 1, {"validate": "list", "source": ["男", "女"]})
    sheet.data_validation(1, 3, MAX_ROWS, 3, {"validate": "list", "source": list(DOCUMENTS)})
    notes = book.add_worksheet("填写说明")
    for row, line in enumerate(
        [
            "每行一人，从第 2 行起填写；第 1 行表头不要修改。",
            "出生日期写成 1995-03-01；证件类型不填即为居民身份证。",
            "居民身份证号码须为 18 位，并与出生日期、性别一致（与报名的检查相同）。",
            "证件号码一列请保持“文本”格式，否则表格软件会丢掉号码的最后几位。",
            "有任何一行出错时整个文件都不导入：请按错误报告逐行改正后重新上传。",
            f"一次最多 {MAX_ROWS} 行。",
        ]
    ):
        notes.write(row, 0, line)
    notes.set_column(0, 0, 90)
    book.close()
    return out.getvalue()


def read(data: bytes) -> list[tuple[int, PersonInput | str]]:
    """(row number as the sheet shows it, the row's person or what is wrong with it)."""
    try:
        cells = spreadsheet.uploaded_cells(data, LIMITS, MAX_BYTES, "导入模板")
    except spreadsheet.SpreadsheetError as exc:
        raise SheetError(str(exc)) from None
    if not cells or [_text(v) for v in cells[0][: len(HEADER)]] != HEADER:
        raise SheetError("第 1 行应为表头：" + " | ".join(HEADER) + "。请使用平台的导入模板。")
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        values = list(row[: len(KEYS)]) + [None] * (len(KEYS) - len(row))
        if any(_text(v) for v in values):
            rows.append((number, _person(dict(zip(KEYS, values, strict=True)))))
    if not rows:
        raise SheetError("名单是空的：请从第 2 行起每行填写一个人。")
    if len(rows) > MAX_ROWS:
        raise SheetError(f"一次最多导入 {MAX_ROWS} 人，请分成几个文件上传。")
    return rows


def _person(values: dict) -> PersonInput | str:
    try:
        birth = _date(values["birth_date"])
        number = _id(values["document_number"])
    except ValueError as exc:
        return str(exc)
    kind = _text(values["document_type"]) or "居民身份证"
    if kind not in DOCUMENTS:
        return f"证件类型“{kind[:20]}”不在列表中，请从下拉列表选择"
    texts = {
        k: _text(values[k])
        for k in ("name", "gender", "phone", "occupation", "region", "workplace")
    }
    return PersonInput(
        birth_date=birth, document_type=DOCUMENTS[kind], document_number=number, **texts
    )


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _id(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(NUMERIC_ID)
    text = re.sub(r"\s+", "", _text(value))
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", text, re.IGNORECASE):
        raise ValueError(NUMERIC_ID)
    return text


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError("出生日期不是有效日期，请写成 1995-03-01")
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = _text(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValueError(f"出生日期“{text[:20]}”不是有效日期，请写成 1995-03-01")
