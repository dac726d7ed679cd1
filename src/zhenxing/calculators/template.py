"""The official registration template (报名模板): its columns, a blank copy, and reading it back.

The same reader serves `zhenxing check-entries FILE.xlsx` and the web app's bulk import. It takes
`.xlsx` (python-calamine) and `.csv` in UTF-8 or GBK/GB18030. File-level problems (not a
spreadsheet, wrong headers) raise TemplateError; problems of one row are listed on that row.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook

from zhenxing.rules.rulebook import Rulebook

YES, NO = "是", "否"
DOCUMENT_TYPES = {
    "居民身份证": "resident_id",
    "港澳居民来往内地通行证": "hk_macao",
    "台湾居民来往大陆通行证": "taiwan",
    "护照": "passport",
}
PLACING_CLASSES = {"一类": 1, "二类": 2}
# as the entry form and the notice name them
PLACING_CLASS_NAMES = {"一类大赛": 1, "国家级一类大赛": 1, "二类竞赛": 2, "国家级二类竞赛": 2}
LEVELS = {"一级/高级技师": 1, "二级/技师": 2, "三级/高级工": 3, "四级/中级工": 4, "五级/初级工": 5}
EXCEL_EPOCH = dt.date(1899, 12, 30)
PLACING_YEAR = 2020  # the year the placing columns' headers name
TEAM_SIZES = ("1", "2", "3")
TEAM_HELP = "单人赛项填 1；4 人及以上照实填写人数（将由人工审核）"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    width: int = 14
    strict: bool = True  # False: the drop-down only suggests, other values may be typed
    max_length: int = 0  # characters the entry can store (0: no limit)


COLUMNS = [
    Column("name", "姓名", True, "选手姓名，与证件一致", width=10, max_length=50),
    Column("gender", "性别", False, "男 或 女", (("男", "女")), width=6),
    Column("document_type", "证件类型", False, "不填即为居民身份证", tuple(DOCUMENT_TYPES), 16),
    Column(
        "id_number",
        "证件号码",
        True,
        "18 位身份证号码；本列必须是“文本”格式",
        width=22,
        max_length=40,
    ),
    Column("birth_date", "出生日期", False, "如 1995-07-01；居民身份证可不填", width=12),
    Column("occupation", "职业（工种）", True, "从下拉列表中选择", width=26),
    Column("group", "组别", True, "职工组 或 学生组", ("职工组", "学生组"), 8),
    Column("phone", "手机号码", False, "11 位手机号码", width=14, max_length=20),
    Column("employer", "所在单位/学校", False, "", width=22, max_length=200),
    Column("full_time_student", "全日制在籍学生", False, "是/否", (YES, NO), 8),
    Column("student_entrepreneur", "在校创业学生", False, "是/否", (YES, NO), 8),
    Column("non_public_economy", "非公经济组织青年", False, "是/否", (YES, NO), 8),
    Column("honor_zhonghua", "已获中华技能大奖", False, "是/否", (YES, NO), 8),
    Column("honor_national", "已获全国技术能手", False, "是/否", (YES, NO), 8),
    Column("other_honors", "其他荣誉", False, "多个用；分隔", width=18),
    Column(
        "placing_class",
        "2020年国家级竞赛类别",
        False,
        "一类 或 二类；没有则空",
        tuple(PLACING_CLASSES),
        10,
    ),
    Column("placing_team_size", "赛项人数", False, TEAM_HELP, TEAM_SIZES, 8, strict=False),
    Column("placing_rank", "名次", False, "如 3", width=6),
    Column(
        "placing2_class",
        "2020年国家级竞赛类别（二）",
        False,
        "第二个 2020 年名次；没有则空",
        tuple(PLACING_CLASSES),
        10,
    ),
    Column("placing2_team_size", "赛项人数（二）", False, TEAM_HELP, TEAM_SIZES, 8, strict=False),
    Column("placing2_rank", "名次（二）", False, "如 3", width=6),
    Column(
        "qualification_level", "本职业国家职业资格", False, "已取得的最高等级", tuple(LEVELS), 14
    ),
    Column("qualification_issued_on", "资格证书颁发日期", False, "如 2018-05-01", width=12),
]
HEADERS = {c.header: c for c in COLUMNS}
# Headers a registrar may have typed in a home-made copy; read as the template's own.
ALIASES = {
    "身份证号码": "证件号码",
    "身份证号": "证件号码",
    "所在单位": "所在单位/学校",
    "是否全日制在籍学生": "全日制在籍学生",
    "是否在校创业学生": "在校创业学生",
    "是否非公经济组织": "非公经济组织青年",
}


# The columns the error report adds after the template's; read back, they are left out.
ROW_HEADER, ERROR_HEADER = "原行号", "错误说明"
REPORT_HEADERS = frozenset({ROW_HEADER, ERROR_HEADER})


class TemplateError(ValueError):
    """The file cannot be used as the registration template; the message says how to fix it."""


@dataclass
class Row:
    number: int  # the row's number in the spreadsheet, as the user sees it
    values: dict = field(default_factory=dict)  # the entry in the check-entries format
    errors: list[str] = field(default_factory=list)
    name: str = ""  # the contestant's name as typed, kept for the error report
    cells: list = field(default_factory=list)  # the row as read, for the error report


# ---- the blank template
def write_blank(target, rulebook: Rulebook) -> None:
    """Write the blank template (a path or a binary file object)."""
    book = xlsxwriter.Workbook(target, {"strings_to_numbers": False})
    # A fixed creation time keeps the shipped copy byte-for-byte reproducible.
    issued = rulebook.edition.issued_on or dt.date(2020, 1, 1)
    book.set_properties({"created": dt.datetime(issued.year, issued.month, issued.day)})
    sheet = book.add_worksheet("报名表")
    lists = book.add_worksheet("选项")
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": 49})  # built-in "@": text
    sheet.merge_range(
        0,
        0,
        0,
        len(COLUMNS) - 1,
        f"{rulebook.edition.name} 报名表",
        book.add_format({"bold": True, "font_size": 14}),
    )
    occupations = [o.name for o in rulebook.occupations]
    lists.write_column(0, 0, occupations)
    lists.hide()
    for index, column in enumerate(COLUMNS):
        sheet.write(1, index, column.header, head)
        sheet.set_column(index, index, column.width, text)
        if column.help:
            sheet.write_comment(1, index, column.help)
        rows = (2, index, 10001, index)
        if column.key == "occupation":
            sheet.data_validation(
                *rows, {"validate": "list", "source": f"=选项!$A$1:$A${len(occupations)}"}
            )
        elif column.key == "group":
            labels = [g.label for g in rulebook.groups.values()]
            sheet.data_validation(*rows, {"validate": "list", "source": labels})
        elif column.choices:
            rule = {"validate": "list", "source": list(column.choices)}
            if not column.strict:
                rule["error_type"] = "information"
            sheet.data_validation(*rows, rule)
    sheet.freeze_panes(2, 1)
    _instructions(book.add_worksheet("说明"), rulebook)
    book.close()


def _window(group) -> str:
    def day(d: dt.date) -> str:
        return f"{d.year}年{d.month}月{d.day}日"

    if group.born_to is None:
        return f"{day(group.born_from)}及以后出生"
    return f"{day(group.born_from)}至{day(group.born_to)}出生"


def _instructions(sheet, rulebook: Rulebook) -> None:
    rules = rulebook.eligibility
    groups = "；".join(
        f"{g.label}：{g.age_label}，即{_window(g)}（含当日）" for g in rulebook.groups.values()
    )
    sizes = {1: "单人", 2: "双人", 3: "三人"}
    limits = "；".join(
        f"{'一类' if x.class_ == 1 else '二类'}{sizes.get(x.team_size, f'{x.team_size}人')}赛项前{x.max_rank}名"
        for x in rules.placing_exclusions
    )
    lines = [
        f"{rulebook.edition.name} 报名表填写说明",
        "1. 在“报名表”工作表第 3 行起每行填写一名选手；不要修改第 2 行的列标题。第 1 行标题可改可删。",
        "2. 证件号码：居民身份证填 18 位号码（末位 X 大小写均可）；15 位旧号码已于 2013 年停止使用，不能报名。",
        "   该列已设为“文本”格式。不要把它改成数字格式，否则 Excel 会丢掉 18 位号码的最后几位。",
        "3. 日期可写成 2020-09-18、2020/9/18 或 2020年9月18日。",
        "4. 职业（工种）和组别从下拉列表中选择；自治区级竞赛职业只设职工组。",
        f"5. {groups}。学生组限全日制在籍学生；全日制在籍学生（含在校创业学生）不能报职工组。",
        f"6. 已获“{'”“'.join(rules.excluding_honors)}”荣誉者不得参赛。",
        f"7. 职工组选手{rules.placing_year}年国家级竞赛获得以下名次的不得参赛：{limits}。",
        "   名次最多填两项（第二项填在带“（二）”的三列），竞赛类别、赛项人数、名次三项要么都填、要么都不填；",
        "   赛项人数 4 人及以上照实填写，由人工审核。",
        "8. 港澳台居民、外籍人员请在“证件类型”中选择证件，并填写出生日期，由组委会人工核验。",
        "9. 可保存为 .xlsx 上传，也可另存为 CSV（UTF-8 或 GBK 编码均可）。",
    ]
    sheet.set_column(0, 0, 120)
    for index, line in enumerate(lines):
        sheet.write_string(index, 0, line)


# ---- reading a filled-in template
UNREADABLE_XLSX = "无法读取这个 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后重试"
_DATE_OUT_OF_RANGE = (
    "无法读取这个 Excel 文件：有单元格设成了日期或时间格式，数值却远超合理范围（例如一个很大的数字）。"
    "请检查日期列，改正后重新上传"
)
OLD_XLS = b"\xd0\xcf\x11\xe0"  # the start of every .xls (and other old Office) file


def read_cells(data: bytes) -> list[list]:
    """The first sheet's cells (xlsx) or the CSV's fields; TemplateError when neither."""
    if not data.strip():
        raise TemplateError("文件是空的，请使用平台提供的报名模板填写后上传")
    if data[:4] == OLD_XLS:
        raise TemplateError("这是旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中另存为 .xlsx 后上传")
    if data[:2] == b"PK":
        _check_extent(data)
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            return sheet.to_python(skip_empty_area=False)
        except (CalamineError, ValueError, OSError, IndexError):
            raise TemplateError(UNREADABLE_XLSX) from None
        except OverflowError:  # a date or duration past what Python's types hold
            raise TemplateError(_DATE_OUT_OF_RANGE) from None
        except BaseException as exc:
            if type(exc).__name__ == "PanicException":  # pyo3's, not an Exception: a Rust panic
                raise TemplateError(_DATE_OUT_OF_RANGE) from None  # calamine's one: dates
            raise
    return _csv_cells(data)


# A stray value far down or far right makes the sheet's range (rows × columns) huge, and
# python-calamine allocates all of it at once: a crafted file can make it ask for gigabytes and
# abort the whole process. So the first sheet's XML is looked at before it is read.
MAX_ROWS, MAX_COLUMNS = 200_000, 100  # the template has 23 columns
MAX_SHEET_XML = 256 * 1024 * 1024  # uncompressed: about 500,000 filled-in template rows
MAX_UNPACKED = 512 * 1024 * 1024  # all parts (python-calamine reads the shared strings whole)
# XML tags: a filled-in 100,000-row template has about 5 million in its sheet, a few hundred
# thousand in its shared strings
MAX_SHEET_TAGS, MAX_WALKED_TAGS, MAX_OTHER_TAGS = 20_000_000, 10_000_000, 10_000_000
MAX_WORKBOOK_PART = 1024 * 1024  # workbook.xml and its relationships: a few KB in any real file
_FAR_REFERENCE = rb"(?:[A-Z]*(?:[2-9][0-9]{5}|[0-9]{7,})|(?:[A-Z]{3,}|[D-Z][A-Z]|C[W-Z])[0-9]+)"
_CELL_ATTRIBUTES = rb'(?:\s+(?:s|t|cm|vm|ph)="[^"<]*")*\s*'
# One pass over the sheet finds the first cell that is not in the form every spreadsheet program
# writes (<c r="B7" s="1" t="s">, r first, no other attributes), or that is in that form with a
# content at row 200,000 or below or right of column CV (the 100th). Styled blanks (<c …/>) have
# no content and are harmless wherever they are.
_UNUSUAL_OR_FAR_CELL = re.compile(
    rb'<c(?:(?=[\s>/])(?!\sr="[A-Z]{1,3}[0-9]{1,7}"'
    + _CELL_ATTRIBUTES
    + rb'/?>)|\sr="'
    + _FAR_REFERENCE
    + rb'"'
    + _CELL_ATTRIBUTES
    + rb">)"
)


def _check_extent(data: bytes) -> None:
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(part.file_size for part in book.infolist())
        problem = _TOO_MUCH_UNPACKED if unpacked > MAX_UNPACKED else _too_big(book)
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,  # also UnicodeDecodeError
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        expat.ExpatError,
        SyntaxError,  # ElementTree's ParseError
    ):
        raise TemplateError(UNREADABLE_XLSX) from None
    if problem:
        raise TemplateError(problem)


def _too_big(book: zipfile.ZipFile) -> str:
    """What makes the workbook too big to read, or "". python-calamine's memory grows with the
    first sheet's range and elements and with every shared string; XML tags ("<") bound both."""
    sheet = book.getinfo(_first_sheet(book))
    others = sum(book.read(p).count(b"<") for p in book.infolist() if p.filename != sheet.filename)
    if sheet.file_size > MAX_SHEET_XML:
        return _TOO_MUCH_UNPACKED
    if others > MAX_OTHER_TAGS:
        return _TOO_MANY_CELLS
    xml = book.read(sheet)
    tags = xml.count(b"<")
    if tags > MAX_SHEET_TAGS:
        return _TOO_MANY_CELLS
    usual = xml.lstrip(b"\xef\xbb\xbf")[:1] == b"<" and b":c" not in xml
    if usual and not _UNUSUAL_OR_FAR_CELL.search(xml):
        return ""
    if tags > MAX_WALKED_TAGS:  # an unusual file is walked in Python: about 0.5 s per million
        return _TOO_MANY_CELLS
    return _TOO_LARGE if _far_by_position(xml) else ""


def _first_sheet(book: zipfile.ZipFile) -> str:
    """The first sheet's part, from the workbook's list of sheets and its relationships."""
    for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if book.getinfo(part).file_size > MAX_WORKBOOK_PART:  # read whole below: keep it small
            raise zipfile.BadZipFile(f"{part} too large")
    sheets = [e for e in _elements(book.read("xl/workbook.xml")) if _local(e.tag) == "sheet"]
    first = {_local(key): value for key, value in sheets[0].attrib.items()} if sheets else {}
    rels = book.read("xl/_rels/workbook.xml.rels")
    named = [
        r.attrib
        for r in _elements(rels)
        if _local(r.tag) == "Relationship" and r.attrib.get("Id") == first.get("id")
    ]
    if len(named) != 1:  # none, or several: python-calamine would take another than this check
        raise zipfile.BadZipFile("no first sheet, or more than one")
    target = named[0].get("Target", "")
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _elements(xml: bytes):
    # Python's expat (2.4.1 and newer) stops entity bombs and ElementTree loads no external
    # entities, which is what defusedxml would add here.
    return ElementTree.fromstring(xml).iter()  # noqa: S314


def _local(name: str) -> str:
    """An XML name without its namespace, however written ({uri}c, x:c or c)."""
    return name.rpartition("}")[2].rpartition(":")[2]


class _Far(Exception):
    pass


# Where rows and cells may be: a row right inside sheetData, a cell right inside a row. Anything
# else (a row inside a value, say) python-calamine may read differently from this walk.
_PARENTS = {"row": "sheetData", "c": "row"}
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def _far_by_position(xml: bytes) -> bool:
    """Walk the sheet's rows and cells, placing each as python-calamine does (a row or a cell
    without r follows the previous one): whether a cell with any content lies too far. A row or
    cell out of its place, or a reference python-calamine could read otherwise, makes the file
    unreadable (ValueError)."""
    row = column = -1
    cell_at = None
    stack: list[str] = []

    def start(name, attrs):
        nonlocal row, column, cell_at
        local = _local(name)
        if cell_at is not None and _too_far(*cell_at):
            raise _Far  # the cell has content: a value, an inline string, a formula…
        parent = stack[-1] if stack else ""
        stack.append(local)
        if local in _PARENTS and parent != _PARENTS[local]:
            raise ValueError(f"{local} inside {parent}")
        if local == "row":
            row = _row_number(attrs.get("r"), row)
            column = -1
        elif local == "c":
            row_at, column = _cell_reference(attrs.get("r"), row, column)
            cell_at = (row_at, column)

    def end(name):
        nonlocal cell_at
        stack.pop()
        if _local(name) == "c":
            cell_at = None

    def text(content):
        if cell_at is not None and content.strip() and _too_far(*cell_at):
            raise _Far

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(xml, True)
    except _Far:
        return True
    return False


def _row_number(reference: str | None, previous: int) -> int:
    if reference is None:
        number = previous + 2
    elif reference.isascii() and reference.isdigit() and len(reference) <= 7:
        number = int(reference)
    else:
        raise ValueError(f"row reference {reference!r}")
    if not 1 <= number <= EXCEL_ROWS:
        raise ValueError(f"row {number}")
    return number - 1


def _cell_reference(reference: str | None, row: int, column: int) -> tuple[int, int]:
    """(row, column) of a cell, 0-based: from its r, else after the previous cell of its row."""
    if reference is None:
        return row, column + 1
    found = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,7})", reference)  # python-calamine reads c2
    if found is None:
        raise ValueError(f"cell reference {reference!r}")
    index = 0
    for letter in found.group(1).upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    number = int(found.group(2))
    if not 1 <= number <= EXCEL_ROWS or index > EXCEL_COLUMNS:
        raise ValueError(f"cell reference {reference!r}")
    return number - 1, index - 1


def _too_far(row: int, column: int) -> bool:  # 0-based, as _FAR_REFERENCE's limits
    return row >= MAX_ROWS - 1 or column >= MAX_COLUMNS


_TOO_LARGE = (
    f"表格范围太大：第 {MAX_ROWS} 行及以下、或第 {MAX_COLUMNS} 列（CV 列）以右有内容，通常是误填了远处的"
    "某个单元格。请删除报名内容以下和右侧的所有行和列（或把报名内容复制到新的报名模板中）后重新上传"
)


_TOO_MANY_CELLS = (
    "表格的单元格或文字太多（远超 10 万行报名表）：请只保留报名内容"
    "（或把报名内容复制到新的报名模板中）后重新上传"
)
_TOO_MUCH_UNPACKED = (
    f"文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，不像是报名表。"
    "请把报名内容复制到新的报名模板中后重新上传"
)


def _csv_cells(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; this is for completeness
        raise TemplateError("无法识别文件编码：请上传 .xlsx，或 UTF-8 / GBK 编码的 CSV")
    if "\x00" in text or not any(h in text for h in HEADERS):
        raise TemplateError(
            "这个文件既不是 Excel 表格，也不是由报名模板另存的 CSV（常见原因：网页或其他文件改了"
            "扩展名）。请在 Excel 或 WPS 中打开报名模板填写，另存为 .xlsx 后上传"
        )
    if max(text.count("\n"), text.count("\r")) >= MAX_ROWS:
        raise TemplateError(_TOO_LARGE)
    # newline="": the csv module handles \r\n, \n and a Mac's bare \r itself
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, line = [], 1
    try:
        for row in reader:
            if any("\n" in cell or "\r" in cell for cell in row):
                raise TemplateError(_CSV_QUOTE.format(line=line))
            if len(row) > MAX_COLUMNS:  # as far right as an xlsx may reach, no further
                if any(cell.strip() for cell in row[MAX_COLUMNS:]):
                    raise TemplateError(_TOO_LARGE)
                row = row[:MAX_COLUMNS]
            rows.append(row)
            line = reader.line_num + 1
    except csv.Error:
        raise TemplateError(_CSV_QUOTE.format(line=line)) from None
    return rows


# No cell of the template needs a line break, and an open quote makes the rows after it one
# cell: a cell that spans lines is refused, with both likely causes named.
_CSV_QUOTE = (
    "CSV 文件第 {line} 行有一个单元格跨了多行：可能是单元格内换行（Alt+Enter），也可能是以英文双引号"
    '（"）开头却没有配对，使后面的行都并进了这一格。请删除该单元格中的换行或改正引号'
    "（或在 Excel、WPS 中另存为 .xlsx）后重新上传"
)


def _find_header(cells: list[list]) -> int:
    for index, row in enumerate(cells[:5]):
        names = {_header(c) for c in row}
        if len(names & HEADERS.keys()) >= 3:
            return index
    raise TemplateError(
        "找不到列标题行：前 5 行中应有“姓名”“证件号码”“职业（工种）”等列标题，请使用平台提供的报名模板"
    )


def _columns(header: list) -> dict[int, Column]:
    found, unknown = {}, []
    for index, cell in enumerate(header):
        name = _header(cell)
        if not name:
            continue
        if name in REPORT_HEADERS:  # an error report, fixed and uploaded again
            continue
        if name in HEADERS and HEADERS[name] in found.values():
            raise TemplateError(f"列标题“{name}”出现了两次，请删去多余的一列")
        if name in HEADERS:
            found[index] = HEADERS[name]
        else:
            close = difflib.get_close_matches(name, HEADERS, n=1, cutoff=0.5)
            unknown.append(f"“{name}”" + (f"（是否应为“{close[0]}”？）" if close else ""))
    if unknown:
        raise TemplateError(
            f"无法识别的列标题：{'、'.join(unknown)}。请使用报名模板的列标题，不要修改"
        )
    missing = [c.header for c in COLUMNS if c.required and c not in found.values()]
    if missing:
        raise TemplateError(f"缺少必需的列：{'、'.join(missing)}")
    return found


def read_rows(data: bytes) -> list[Row]:
    """Every non-empty row of a filled-in template, each with its values or its errors."""
    return read_table(data)[1]


def read_table(data: bytes) -> tuple[list, list[Row]]:
    """The header row's cells as typed, and every non-empty row (each keeps its cells)."""
    cells = read_cells(data)
    header_index = _find_header(cells)
    read_row = _RowReader(_columns(cells[header_index]))
    rows = []
    for offset, raw in enumerate(cells[header_index + 1 :], start=header_index + 2):
        row = read_row(offset, raw)
        if row is not None:
            row.cells = raw
            rows.append(row)
    return cells[header_index], rows


def _header(cell) -> str:
    name = re.sub(r"\s+", "", _text(cell)).replace("(", "（").replace(")", "）")
    return ALIASES.get(name, name)


def report_columns(header: list) -> set[int]:
    """The columns an earlier error report added (原行号, 错误说明): left out of the next one."""
    return {index for index, cell in enumerate(header) if _header(cell) in REPORT_HEADERS}


# Columns whose texts are (nearly) all different: remembering their parses would not pay.
_UNIQUE = frozenset({"name", "id_number", "phone"})


class _RowReader:
    """Reads the rows of one file: each row's values in the check-entries format, or its errors.

    A 100,000-row file repeats the same few texts in most columns (组别, 性别, 是/否, dates…), so
    each distinct text of a column is parsed once per file; the parsers are pure functions of the
    cell, and an empty cell (or a column the sheet lacks) always parses to the same value.
    """

    def __init__(self, columns: dict[int, Column]):
        self.present = list(columns)  # the sheet's indexes of the template's columns
        self.width = max(columns, default=-1) + 1
        where = {column.key: index for index, column in columns.items()}
        self.empty = {column.key: _parser(column)("") for column in COLUMNS}
        self.slots = [
            (
                column.key,
                column.header,
                where[column.key],
                _parser(column),
                None if column.key in _UNIQUE else {},
            )
            for column in COLUMNS
            if column.key in where
        ]
        self.required = [(c.key, c.header) for c in COLUMNS if c.required and c.key != "id_number"]

    def __call__(self, number: int, raw: list) -> Row | None:
        """The row, or None when every template cell of it is blank."""
        if len(raw) < self.width:
            raw = [*raw, *[""] * (self.width - len(raw))]
        for index in self.present:
            value = raw[index]
            if value is None:
                continue
            if (value.strip() if type(value) is str else _text(value)) != "":
                break
        else:
            return None
        errors: list[str] = []
        parsed = self.empty.copy()
        for key, header, index, parse, memo in self.slots:
            value = raw[index]
            if not value and (value is None or value == ""):
                continue
            if memo is not None and type(value) is str:
                found = memo.get(value)
                if found is None:
                    found = memo[value] = _parse(parse, value)
            else:
                found = _parse(parse, value)
            if found[0]:
                parsed[key] = found[1]
            else:
                del parsed[key]
                errors.append(f"第 {number} 行 {header}：{found[1]}")
        for key, header in self.required:
            if key in parsed and not parsed[key]:  # a bad cell has its own message
                errors.append(f"第 {number} 行 {header}：必填")
        row = Row(number, {}, errors, parsed.get("name") or "")
        if not errors:
            row.values = _entry(parsed, number, errors)
        return row


def _parser(column: Column):
    parse = _PARSERS.get(column.key, _plain)
    if not column.max_length:
        return parse

    def limited(value):
        parsed = parse(value)
        if parsed and len(parsed) > column.max_length:
            raise ValueError(f"最多 {column.max_length} 个字，现有 {len(parsed)} 个")
        return parsed

    return limited


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, line breaks aside
CONTROL_MESSAGE = "含有看不见的控制字符，无法保存：请删除后重新输入"
# U+FFFD stands where a program could not read a character (a wrong encoding), and where the
# error report shows a control character: the text is not what was meant.
REPLACEMENT_MESSAGE = "含有无法识别的字符“\ufffd”（文字编码出错时会出现）：请改为原来的文字"


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored as typed, or None."""
    if not text.isprintable() and CONTROL_CHARACTERS.search(text):
        # e.g. _x0000_ in a workbook, read as NUL, which no database text column holds
        return CONTROL_MESSAGE
    if "\ufffd" in text:
        return REPLACEMENT_MESSAGE
    return None


def _parse(parse, value) -> tuple[bool, object]:
    """(True, the parsed value) or (False, the parser's message)."""
    if type(value) is str and (problem := text_problem(value)):
        return False, problem
    try:
        return True, parse(value)
    except ValueError as exc:
        return False, str(exc)


def _entry(p: dict, number: int, errors: list[str]) -> dict:
    document = p["document_type"] or "resident_id"
    if not p["id_number"]:
        errors.append(f"第 {number} 行 证件号码：必填")
    if document != "resident_id" and not p["birth_date"]:
        errors.append(f"第 {number} 行 出生日期：非居民身份证必须填写出生日期")
    honors = [h for flag, h in _HONOR_FLAGS if p[flag]]
    if p["other_honors"]:
        honors += [h.strip() for h in _HONOR_SEPARATORS.split(p["other_honors"]) if h.strip()]
    placings = [placing for keys in _PLACING_KEYS if (placing := _placing(p, keys, number, errors))]
    qualifications = []
    if p["qualification_level"]:
        issued = p["qualification_issued_on"]  # JSON-ready, as the entry stores it
        qualifications.append(
            {
                "occupation": p["occupation"],
                "level": p["qualification_level"],
                "issued_on": issued.isoformat() if issued else None,
            }
        )
    return {
        "name": p["name"],
        "gender": p["gender"] or None,
        "document_type": document,
        "id_number": (p["id_number"] or None) if document == "resident_id" else None,
        "document_number": p["id_number"],
        "birth_date": p["birth_date"],
        "occupation": p["occupation"],
        "group": p["group"],
        "phone": p["phone"],
        "employer": p["employer"],
        "full_time_student": p["full_time_student"],
        "student_entrepreneur": p["student_entrepreneur"],
        "non_public_economy": p["non_public_economy"],
        "honors": honors,
        "placings": placings,
        "qualifications": qualifications,
    }


_HONOR_FLAGS = (("honor_zhonghua", "中华技能大奖"), ("honor_national", "全国技术能手"))
_HONOR_SEPARATORS = re.compile(r"[;；,，、]")
_PLACING_KEYS = tuple(
    (suffix, f"{prefix}_class", f"{prefix}_team_size", f"{prefix}_rank")
    for prefix, suffix in (("placing", ""), ("placing2", "（二）"))
)


def _placing(p: dict, keys: tuple, number: int, errors: list[str]) -> dict | None:
    suffix, klass, size, rank = keys
    klass, size, rank = p[klass], p[size], p[rank]
    if not (klass or size or rank):
        return None
    if not (klass and size and rank):
        errors.append(
            f"第 {number} 行 竞赛类别{suffix}/赛项人数{suffix}/名次{suffix}：三项要么都填，要么都不填"
        )
        return None
    return {"year": PLACING_YEAR, "class": klass, "team_size": size, "rank": rank}


# ---- cell parsers: each returns a Python value or raises ValueError with a Chinese message
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _plain(value) -> str:
    return _text(value)


_NUMERIC_ID = (
    "Excel 把号码当成了数字，18 位号码的最后几位已经丢失。请把该列设为“文本”格式后重新输入号码"
    "（或在号码前加英文单引号 '）"
)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)  # 1.50102E+17, as a CSV keeps it


def _id(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(_NUMERIC_ID)
    if type(value) is str and value.isalnum():  # nearly every number: nothing to remove
        return value
    text = re.sub(r"\s+", "", _text(value))
    if _SCIENTIFIC.fullmatch(text):
        raise ValueError(_NUMERIC_ID)
    return text


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError("不是有效日期")
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = _text(value)
    if not text:
        return None
    if len(text) == 5 and text.isdecimal():  # an Excel serial kept as text (a CSV from Excel)
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValueError(f"“{text}”不是有效日期，请写成 2020-09-18、2020/9/18 或 2020年9月18日")


def _past_date(after_today: str):
    """A parser of a day that has happened (a birth, a certificate): _date, refusing a day after
    today with `after_today`, in which {day} is the day as typed back."""

    def parse(value) -> dt.date | None:
        day = _date(value)
        if day is not None and day > dt.date.today():
            raise ValueError(after_today.format(day=day.isoformat()))
        return day

    return parse


def _yes_no(value) -> bool:
    text = _text(value)
    if text in ("", NO, "0", "FALSE", "False", "false"):
        return False
    if text in (YES, "1", "TRUE", "True", "true", "√"):
        return True
    raise ValueError(f"“{text}”应为“是”或“否”")


def _choice(mapping: dict, aliases: dict | None = None):
    """One of the drop-down's values (or another name of one, not offered in the list)."""
    accepted = mapping | (aliases or {})

    def parse(value):
        text = _text(value)
        if not text:
            return None
        if text in accepted:
            return accepted[text]
        raise ValueError(f"“{text}”不是可选值（{'、'.join(mapping)}）")

    return parse


MAX_TEAM_SIZE, MAX_RANK = 20, 1000  # as the entry form allows


def _positive_int(high: int):
    def parse(value) -> int | None:
        text = _text(value)
        if not text:
            return None
        whole = text.isascii() and text.isdecimal() and len(text) <= len(str(high))
        if not whole or not 1 <= int(text) <= high:
            raise ValueError(f"“{text[:20]}”应为 1 到 {high} 之间的整数")
        return int(text)

    return parse


_PHONE_SEPARATORS = re.compile(r"[\s\-－—()（）]")


def parse_phone(value) -> str:
    """A phone number as typed (full-width digits made half-width): a mobile number, or a
    landline with or without its area code; ValueError says what to fix."""
    typed = _text(value)
    if typed.isascii() and typed.isdigit() and 7 <= len(typed) <= 15:
        return typed  # nearly every number: nothing to normalise
    text = unicodedata.normalize("NFKC", typed).strip()
    digits = _PHONE_SEPARATORS.sub("", text)
    if text and not re.fullmatch(r"\+?[0-9]{7,15}", digits):
        raise ValueError(
            f"“{typed[:30]}”不是电话号码：应为 11 位手机号码或带区号的固定电话（数字，可含 +、- 和空格）"
        )
    return text


def _gender(value) -> str | None:
    text = _text(value)
    if text in ("", "男", "女"):
        return text or None
    raise ValueError(f"“{text}”应为“男”或“女”")


_PARSERS = {
    "id_number": _id,
    "birth_date": _past_date("{day} 晚于今天，请核对出生日期"),
    "qualification_issued_on": _past_date("{day} 晚于今天，证书不可能在这天颁发，请核对"),
    "gender": _gender,
    "document_type": _choice(DOCUMENT_TYPES),
    "placing_class": _choice(PLACING_CLASSES, PLACING_CLASS_NAMES),
    "qualification_level": _choice(LEVELS),
    "phone": parse_phone,
    "placing_team_size": _positive_int(MAX_TEAM_SIZE),
    "placing_rank": _positive_int(MAX_RANK),
    "placing2_class": _choice(PLACING_CLASSES, PLACING_CLASS_NAMES),
    "placing2_team_size": _positive_int(MAX_TEAM_SIZE),
    "placing2_rank": _positive_int(MAX_RANK),
    **{
        key: _yes_no
        for key in (
            "full_time_student",
            "student_entrepreneur",
            "non_public_economy",
            "honor_zhonghua",
            "honor_national",
        )
    },
}


if __name__ == "__main__":
    # Regenerate the shipped blank copy: python -m zhenxing.calculators.template
    from pathlib import Path

    from zhenxing.rules.rulebook import load_edition

    write_blank(
        str(Path(__file__).with_name("registration-template.xlsx")), load_edition("2020-nmg")
    )
