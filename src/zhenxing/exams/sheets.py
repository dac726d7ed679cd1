"""The question bank as officials keep it in xlsx: the blank template, the reader (through the
spreadsheet guard, in a memory-capped child process) giving each row's question or its problem,
and the export (the same columns, so an exported bank can be edited and imported again)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import xlsxwriter
from PIL import Image

from zhenxing.formats import spreadsheet
from zhenxing.rules import exam_grading

from .models import Kind

OPTION_COLUMNS = ["选项A", "选项B", "选项C", "选项D", "选项E"]
REQUIRED = ["题型", "题干", "选项A", "选项B", "答案", "解析", "难度", "鉴定点", "分值"]
OPTIONAL = ["选项C", "选项D", "选项E", "重要程度", "鉴定范围"]  # a bank of four options has no E
HEADER = [
    "题型",
    "题干",
    *OPTION_COLUMNS,
    "答案",
    "解析",
    "难度",
    "鉴定点",
    "分值",
    "重要程度",
    "鉴定范围",
]
KIND_NAMES = {
    "单选题": Kind.SINGLE, "单选": Kind.SINGLE, "单项选择题": Kind.SINGLE,
    "多选题": Kind.MULTIPLE, "多选": Kind.MULTIPLE, "多项选择题": Kind.MULTIPLE,
    "判断题": Kind.JUDGE, "判断": Kind.JUDGE,
    "填空题": Kind.FILL, "填空": Kind.FILL,
    "简答题": Kind.SHORT, "简答": Kind.SHORT, "问答题": Kind.SHORT,
}  # fmt: skip
DIFFICULTY_NAMES = {"易": 1, "较易": 2, "中": 3, "中等": 3, "较难": 4, "难": 5}
WITH_OPTIONS = (Kind.SINGLE, Kind.MULTIPLE)
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
LIMITS = spreadsheet.Limits(MAX_ROWS + 10, 30, "把试题复制到平台的题库导入模板中")


class SheetError(ValueError):
    """The file cannot be read as a question bank; the message says what to fix."""


@dataclass(frozen=True)
class QuestionInput:
    """One question as the import and the edit form give it (checked, key normalised)."""

    kind: str
    stem: str
    options: tuple[str, ...]
    key: str
    explanation: str
    difficulty: int
    area: str
    point_code: str
    point_name: str
    importance: str
    points: Decimal


def template() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    text = book.add_format({"num_format": "@", "text_wrap": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("题库")
    sheet.write_row(0, 0, HEADER, bold)
    sheet.set_column(0, len(HEADER) - 1, 16, text)
    sheet.set_column(1, 1, 40, text)
    kinds = ["单选题", "多选题", "判断题", "填空题", "简答题"]
    sheet.data_validation(1, 0, MAX_ROWS, 0, {"validate": "list", "source": kinds})
    sheet.data_validation(1, 12, MAX_ROWS, 12, {"validate": "list", "source": ["X", "Y", "Z"]})
    sheet.write_row(
        1, 0,
        ["单选题", "数控车床主轴转速的单位是（ ）。", "r/min", "m/min", "mm/r", "mm/min", "",
         "A", "主轴转速以每分钟转数表示。", "2", "A-01-001 切削用量", "1", "X", "A"],
    )  # fmt: skip
    notes = book.add_worksheet("填写说明")
    for row, line in enumerate(
        [
            "每行一题，从第 2 行起填写；第 1 行表头不要修改（重要程度、鉴定范围两列可以没有）。",
            "题型：单选题、多选题、判断题、填空题、简答题。",
            "选项：单选题、多选题从选项A起依次填写，至少两项；其他题型不填选项。",
            "答案：单选写 B；多选写 A,B,D 或 ABD；判断写 正确/错误（也可写 对/错、√/×、T/F）；"
            "填空题有几个空就写几个答案，用 | 隔开；简答题写参考答案（可空）。",
            "难度：1（最易）至 5（最难），也可写 易、较易、中、较难、难；不填为 3。",
            "鉴定点：代码和名称，用空格隔开，如 A-01-001 切削用量；鉴定范围不填时取代码第一段（A）。",
            "分值：每题分数，大于 0，最多两位小数。",
            "有任何一行出错时整个文件都不导入：请按错误报告逐行改正后重新上传。",
            f"一次最多 {MAX_ROWS} 题。",
        ]
    ):
        notes.write(row, 0, line)
    notes.set_column(0, 0, 100)
    book.close()
    return out.getvalue()


def read(data: bytes) -> list[tuple[int, QuestionInput | str]]:
    """(row number as the sheet shows it, the row's question or what is wrong with it)."""
    try:
        cells = spreadsheet.uploaded_cells(data, LIMITS, MAX_BYTES, "题库模板")
    except spreadsheet.SpreadsheetError as exc:
        raise SheetError(str(exc)) from None
    header = [_text(v) for v in cells[0]] if cells else []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise SheetError(
            "第 1 行表头缺少：" + "、".join(missing) + "。表头应为：" + " | ".join(HEADER) + "。"
        )
    columns = {name: header.index(name) for name in HEADER if name in header}
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        values = {name: _text(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if any(values.values()):
            rows.append((number, question_of(values)))
    if not rows:
        raise SheetError("题库是空的：请从第 2 行起每行填写一题。")
    if len(rows) > MAX_ROWS:
        raise SheetError(f"一次最多导入 {MAX_ROWS} 题，请分成几个文件上传。")
    return rows


def question_of(values: dict[str, str]) -> QuestionInput | str:
    """One row (column name → text) as a checked question, or every problem with it."""
    problems = []
    kind = KIND_NAMES.get(values.get("题型", "").replace(" ", ""))
    if kind is None:
        problems.append(
            f"题型“{values.get('题型', '')[:20]}”应为 单选题、多选题、判断题、填空题 或 简答题"
        )
    stem = values.get("题干", "")
    if not stem:
        problems.append("题干不能为空")
    elif len(stem) > 2000:
        problems.append("题干超过 2000 字")
    options = _options(values, kind, problems)
    key = _key(kind, values.get("答案", ""), len(options), problems) if kind else ""
    difficulty = _difficulty(values.get("难度", ""), problems)
    points = _points(values.get("分值", ""), problems)
    code, _, name = values.get("鉴定点", "").partition(" ")
    importance = values.get("重要程度", "").upper()
    if importance and importance not in ("X", "Y", "Z"):
        problems.append("重要程度应为 X、Y 或 Z（可空）")
    area = values.get("鉴定范围", "") or re.split(r"[-.．]", code)[0]
    for text, label, limit in ((code, "鉴定点代码", 50), (name.strip(), "鉴定点名称", 200),
                               (area, "鉴定范围", 50), (values.get("解析", ""), "解析", 2000)):  # fmt: skip
        if len(text) > limit:
            problems.append(f"{label}超过 {limit} 字")
    if problems:
        return "；".join(problems)
    return QuestionInput(
        kind=kind,
        stem=stem,
        options=tuple(options),
        key=key,
        explanation=values.get("解析", ""),
        difficulty=difficulty,
        area=area,
        point_code=code,
        point_name=name.strip(),
        importance=importance,
        points=points,
    )


def _options(values: dict, kind, problems: list) -> list[str]:
    given = [values.get(name, "") for name in OPTION_COLUMNS]
    while given and not given[-1]:
        given.pop()
    if kind in WITH_OPTIONS:
        if len(given) < 2:
            problems.append("单选题、多选题至少要有选项A和选项B")
        elif "" in given:
            problems.append("选项要从选项A起依次填写，中间不能空")
        elif any(len(option) > 500 for option in given):
            problems.append("选项超过 500 字")
        return given
    if given and kind is not None:
        problems.append(f"{Kind(kind).label}不填选项（选项只用于单选题、多选题）")
    return []


def _key(kind: str, text: str, option_count: int, problems: list) -> str:
    if kind == Kind.SHORT:
        if len(text) > 500:
            problems.append("参考答案超过 500 字")
        return text
    key = exam_grading.normalize_key(kind, text) if text else None
    if not key:
        problems.append(_key_help(kind, text))
        return ""
    if kind in WITH_OPTIONS:
        letters = "ABCDE"[:option_count]
        if any(letter not in letters for letter in key):
            problems.append(f"答案 {key} 不在已填写的选项 {letters[:1]}–{letters[-1:]} 中")
        if kind == Kind.SINGLE and len(key) != 1:
            problems.append("单选题只能有一个答案")
    return key


def _key_help(kind: str, text: str) -> str:
    shown = f"“{text[:20]}”" if text else "为空"
    how = {
        Kind.SINGLE: "写一个字母，如 B",
        Kind.MULTIPLE: "写 A,B,D 或 ABD",
        Kind.JUDGE: "写 正确 或 错误（也可写 对/错、√/×、T/F）",
        Kind.FILL: "每个空的答案用 | 隔开",
    }[kind]
    return f"答案{shown}无法识别：{how}"


def _difficulty(text: str, problems: list) -> int:
    if not text:
        return 3
    if text in DIFFICULTY_NAMES:
        return DIFFICULTY_NAMES[text]
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    problems.append(f"难度“{text[:10]}”应为 1 至 5（或 易、较易、中、较难、难）")
    return 3


def _points(text: str, problems: list) -> Decimal:
    try:
        value = Decimal(text.replace("分", ""))
    except InvalidOperation:
        problems.append(f"分值“{text[:10]}”不是数字" if text else "分值不能为空")
        return Decimal(0)
    if not value.is_finite() or value <= 0 or value > 100:
        problems.append("分值应大于 0、不超过 100")
    elif value != value.quantize(Decimal("0.01")):
        problems.append("分值最多保留两位小数")
    return value


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def key_shown(kind: str, key: str) -> str:
    """A stored key as officials write it (判断题 T/F as 正确/错误)."""
    if kind == Kind.JUDGE:
        return {"T": "正确", "F": "错误"}.get(key, key)
    if kind == Kind.MULTIPLE:
        return ",".join(key)
    return key


def export(versions, picture=None) -> bytes:
    """The bank's current questions, in the import's columns (plus 题号, 版本, 使用次数 and 图片).
    A cell cannot hold a picture, so the 图片 column says where each question has one, and the
    sheet 图片 shows them (题号, 位置, the picture); `picture(name)` gives a stored picture's
    bytes (None when it is gone). The import reads neither: pictures are uploaded on the platform."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@", "text_wrap": True})
    sheet = book.add_worksheet("题库")
    sheet.write_row(0, 0, [*HEADER, "题号", "版本", "使用次数", "图片"], bold)
    sheet.set_column(0, len(HEADER) + 3, 14, text)
    sheet.set_column(1, 1, 40, text)
    pictures = []
    for row, (number, version, uses) in enumerate(versions, start=1):
        options = list(version.options) + [""] * (5 - len(version.options))
        point = f"{version.point_code} {version.point_name}".strip()
        places = [where for where, _ in version.pictures]
        cells = [
            Kind(version.kind).label, version.stem, *options,
            key_shown(version.kind, version.key), version.explanation, str(version.difficulty),
            point, f"{version.points.normalize():f}", version.importance, version.area,
            str(number), str(version.version), str(uses),
            "、".join(places) + "（见“图片”表）" if places else "",
        ]  # fmt: skip
        sheet.write_row(row, 0, cells, text)
        pictures += [(number, where, name) for where, name in version.pictures]
    if pictures:
        _picture_sheet(book, bold, pictures, picture or (lambda name: None))
    book.close()
    return out.getvalue()


PICTURE_ROW_PIXELS = 160


def _picture_sheet(book, bold, pictures, picture) -> None:
    sheet = book.add_worksheet("图片")
    sheet.write_row(0, 0, ["题号", "位置", "图片"], bold)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 40)
    for row, (number, where, name) in enumerate(pictures, start=1):
        sheet.write_row(row, 0, [number, where])
        data = _png_or_jpeg(picture(name))
        if data is None:
            sheet.write(row, 2, "图片文件已不在平台上")
            continue
        sheet.set_row_pixels(row, PICTURE_ROW_PIXELS)
        with Image.open(io.BytesIO(data)) as shown:
            scale = min(1.0, (PICTURE_ROW_PIXELS - 8) / shown.height, 280 / shown.width)
        sheet.insert_image(row, 2, f"{number}-{where}.png", {
            "image_data": io.BytesIO(data), "x_scale": scale, "y_scale": scale,
            "x_offset": 4, "y_offset": 4, "object_position": 1,
        })  # fmt: skip


def _png_or_jpeg(data: bytes | None) -> bytes | None:
    """The picture as xlsx can hold it: PNG and JPEG as they are, WebP as PNG."""
    if not data:
        return None
    if data[:4] == b"RIFF":
        try:
            with Image.open(io.BytesIO(data)) as webp:
                out = io.BytesIO()
                webp.save(out, "PNG")
                return out.getvalue()
        except (OSError, ValueError):
            return None
    return data
