"""The list of people to create accounts for, as an xlsx an office fills in: its blank template
and its reader (through the spreadsheet guard, in a memory-capped child process)."""

from __future__ import annotations

import io

import xlsxwriter

from zhenxing.formats import spreadsheet

HEADER = [
    "姓名",
    "用户名（可空）",
    "角色",
    "所属单位",
    "比赛项目（评判组填写）",
    "电子邮箱（可空）",
]
KEYS = ["name", "username", "role", "organization", "event", "email"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
LIMITS = spreadsheet.Limits(MAX_ROWS + 10, 26, "把名单复制到平台的账号名单模板中")


class SheetError(ValueError):
    """The file cannot be read as an account list; the message says what to fix."""


def template(roles: list[str], example: list[str], notes: list[str]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("账号名单")
    sheet.write_row(0, 0, HEADER, bold)
    sheet.write_row(1, 0, example, text)
    sheet.set_column(0, len(HEADER) - 1, 22, text)
    sheet.data_validation(1, 2, MAX_ROWS, 2, {"validate": "list", "source": roles})
    help_sheet = book.add_worksheet("填写说明")
    for row, line in enumerate(notes):
        help_sheet.write(row, 0, line)
    help_sheet.set_column(0, 0, 100)
    book.close()
    return out.getvalue()


def read(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number as the sheet shows it, {key: text}) for each filled-in row."""
    if len(data) > MAX_BYTES:
        raise SheetError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请检查是否选错了文件。")
    if data[:2] != b"PK":
        raise SheetError(
            "请上传 .xlsx 文件或 .ods 文件（可先下载账号名单模板，在 Excel、WPS 或 LibreOffice 中填写）。"
        )
    try:
        cells = spreadsheet.first_sheet_cells_isolated(data, LIMITS)
    except spreadsheet.SpreadsheetError as exc:
        raise SheetError(str(exc)) from None
    if not cells or [_text(v) for v in cells[0][: len(HEADER)]] != HEADER:
        raise SheetError("第 1 行应为表头：" + " | ".join(HEADER) + "。请使用平台的账号名单模板。")
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        values = [_text(v) for v in row[: len(KEYS)]] + [""] * (len(KEYS) - len(row))
        if any(values):
            rows.append((number, dict(zip(KEYS, values, strict=True))))
    if not rows:
        raise SheetError("名单是空的：请从第 2 行起每行填写一个人。")
    if len(rows) > MAX_ROWS:
        raise SheetError(f"一次最多新建 {MAX_ROWS} 个账号，请分成几个文件上传。")
    return rows


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()
