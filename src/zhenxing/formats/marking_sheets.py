"""Marking schemes and theory scores as xlsx (read also as ods), for host units that prepare them
in Excel, WPS or LibreOffice.

Uploads pass the spreadsheet guard (`formats.spreadsheet`) before the spreadsheet library sees
them, as the registration template does."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from zhenxing.formats import spreadsheet
from zhenxing.rules import marking
from zhenxing.rules.numbers import decimal_text

SCHEME_HEADER = ["模块代码", "模块名称", "评分项代码", "评分项名称", "满分", "评分方式"]
KIND_NAMES = marking.KIND_NAMES
KIND_CODES = {name: code for code, name in KIND_NAMES.items()} | {c: c for c in KIND_NAMES}
THEORY_HEADER = ["参赛号", "时事政治", "业务知识"]
MAX_BYTES = 5 * 1024 * 1024
# A scheme has tens of aspects and a final hundreds of finalists: far more than either is refused.
LIMITS = spreadsheet.Limits(10_000, 26, "把内容复制到平台导出的新表格中")


class SheetError(ValueError):
    pass


def _workbook(rows: list[list], sheet_name: str, notes: list[str]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(sheet_name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            fmt = bold if r == 0 else (None if isinstance(value, (int, float)) else text)
            sheet.write(r, c, value, fmt)
    sheet.set_column(0, len(rows[0]) - 1, 16)
    help_sheet = book.add_worksheet("填写说明")
    for r, line in enumerate(notes):
        help_sheet.write(r, 0, line)
    help_sheet.set_column(0, 0, 100)
    book.close()
    return out.getvalue()


def scheme_xlsx(scheme: marking.Scheme) -> bytes:
    rows = [SCHEME_HEADER]
    for module in scheme.modules:
        for aspect in module.aspects:
            rows.append(
                [
                    module.key,
                    module.label,
                    aspect.key,
                    aspect.label,
                    decimal_text(aspect.max),
                    KIND_NAMES[aspect.kind],
                ]
            )
    notes = [
        f"评分标准名称：{scheme.name}",
        "每行一个评分项；同一模块的评分项写相同的模块代码和模块名称。",
        "评分方式填：" + "、".join(KIND_NAMES.values()) + "。",
        "满分填数字，可有小数（如 2.5）。",
    ]
    return _workbook(rows, "评分标准", notes)


def read_upload(upload) -> bytes:
    """An uploaded file's bytes; SheetError before reading when it is too large."""
    if upload.size > MAX_BYTES:
        raise SheetError(TOO_LARGE)
    return upload.read()


TOO_LARGE = "文件超过 5 MB，请检查是否选错了文件"


def _cells(data: bytes) -> list[list]:
    if len(data) > MAX_BYTES:
        raise SheetError(TOO_LARGE)
    if data[:2] != b"PK":
        raise SheetError(
            "请上传 .xlsx 文件或 .ods 文件（可先下载平台导出的表格，在 Excel、WPS 或 LibreOffice 中修改）"
        )
    try:
        return spreadsheet.first_sheet_cells_isolated(data, LIMITS)  # read in a web request
    except spreadsheet.SpreadsheetError as exc:
        raise SheetError(str(exc)) from None


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _header_index(cells: list[list], header: list[str]) -> int:
    for index, row in enumerate(cells[:5]):
        if [_text(v) for v in row[: len(header)]] == header:
            return index
    raise SheetError("表头应为：" + "、".join(header) + "（请使用平台导出的表格）")


def scheme_from_xlsx(data: bytes, name: str) -> dict:
    """Plain scheme data (as rules.marking reads it); errors name the row."""
    cells = _cells(data)
    start = _header_index(cells, SCHEME_HEADER)
    modules: dict[str, dict] = {}
    errors = []
    for number, row in enumerate(cells[start + 1 :], start=start + 2):
        values = [_text(v) for v in (list(row) + [""] * 6)[:6]]
        if not any(values):
            continue
        module_key, module_label, key, label, full, kind = values
        if kind not in KIND_CODES:
            errors.append(
                f"第 {number} 行：评分方式“{kind[:20]}”应为 " + "、".join(KIND_NAMES.values())
            )
            continue
        module = modules.setdefault(
            module_key, {"key": module_key, "label": module_label, "aspects": []}
        )
        module["aspects"].append(
            {"key": key, "label": label, "max": full, "kind": KIND_CODES[kind]}
        )
    if errors:
        raise SheetError("；".join(errors[:10]))
    if not modules:
        raise SheetError("表格中没有评分项")
    return {"name": name, "modules": list(modules.values())}


def theory_xlsx(rows: list[tuple[str, Decimal | None, Decimal | None]]) -> bytes:
    table = [THEORY_HEADER] + [
        [number, "" if ca is None else str(ca), "" if k is None else str(k)]
        for number, ca, k in rows
    ]
    notes = [
        "按参赛号填写理论考试两部分的成绩（满分见平台页面）；没有的部分留空。",
        "最多保留两位小数。上传后全部检查通过才会保存。",
    ]
    return _workbook(table, "理论成绩", notes)


def theory_from_xlsx(data: bytes) -> dict[str, tuple]:
    cells = _cells(data)
    start = _header_index(cells, THEORY_HEADER)
    rows = {}
    for row in cells[start + 1 :]:
        values = [_text(v) for v in (list(row) + [""] * 3)[:3]]
        if any(values):
            rows[values[0]] = (values[1], values[2])
    if not rows:
        raise SheetError("表格中没有成绩")
    return rows
