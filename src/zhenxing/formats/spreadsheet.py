"""The guard every uploaded spreadsheet passes before the spreadsheet library sees it.

A stray value far down or far right makes a sheet's range (rows × columns) huge, and
python-calamine allocates all of it at once: a crafted file can make it ask for gigabytes and
abort the whole process. So the zip is opened, its first sheet's XML looked at, and the workbook
refused with a message saying what to fix before anything is read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

from python_calamine import CalamineError, CalamineWorkbook

UNREADABLE = "无法读取这个 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后重试"
DATE_OUT_OF_RANGE = (
    "无法读取这个 Excel 文件：有单元格设成了日期或时间格式，数值却远超合理范围（例如一个很大的数字）。"
    "请检查日期列，改正后重新上传"
)
OLD_XLS = b"\xd0\xcf\x11\xe0"  # the start of every .xls (and other old Office) file
MAX_SHEET_XML = 256 * 1024 * 1024  # uncompressed: about 500,000 filled-in template rows
MAX_UNPACKED = 512 * 1024 * 1024  # all parts (python-calamine reads the shared strings whole)
# XML tags: a filled-in 100,000-row template has about 5 million in its sheet, a few hundred
# thousand in its shared strings
MAX_SHEET_TAGS, MAX_WALKED_TAGS, MAX_OTHER_TAGS = 20_000_000, 10_000_000, 10_000_000
MAX_WORKBOOK_PART = 1024 * 1024  # workbook.xml and its relationships: a few KB in any real file
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet of this kind; the message says what to fix."""


def column_name(number: int) -> str:
    """The letters of the `number`-th column (1 → A, 100 → CV)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _reference_pattern(rows: int, columns: int) -> bytes:
    """References that may lie at row `rows` or below, or right of column `columns`: every such
    one matches (some nearer ones too; those are placed exactly by the walk)."""
    digits, letters = len(str(rows)), len(column_name(columns + 1))
    return rb"(?:[A-Z]*[0-9]{%d,}|[A-Z]{%d,}[0-9]+)" % (digits, letters)


@dataclass(frozen=True)
class Limits:
    """How far a sheet of one kind may reach, and what to tell a user whose file goes further."""

    rows: int
    columns: int
    redo: str  # e.g. "把报名内容复制到新的报名模板中"
    far_reference: bytes = b""  # a precise pattern for the fast path; else a cautious one

    def too_far(self, row: int, column: int) -> bool:  # 0-based
        return row >= self.rows - 1 or column >= self.columns

    @property
    def too_large(self) -> str:
        return (
            f"表格范围太大：第 {self.rows} 行及以下、或第 {self.columns} 列（{column_name(self.columns)} 列）"
            f"以右有内容，通常是误填了远处的某个单元格。请删除表格内容以下和右侧的所有行和列"
            f"（或{self.redo}）后重新上传"
        )

    @property
    def too_many_cells(self) -> str:
        return f"表格的单元格或文字太多：请只保留需要的内容（或{self.redo}）后重新上传"

    @property
    def too_much_unpacked(self) -> str:
        return f"文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，不像是本平台的表格。请{self.redo}后重新上传"

    def unusual_or_far_cell(self) -> re.Pattern:
        return _unusual_or_far(self.far_reference or _reference_pattern(self.rows, self.columns))


_CELL_ATTRIBUTES = rb'(?:\s+(?:s|t|cm|vm|ph)="[^"<]*")*\s*'
_PATTERNS: dict[bytes, re.Pattern] = {}


def _unusual_or_far(far: bytes) -> re.Pattern:
    """One pass over the sheet finds the first cell that is not in the form every spreadsheet
    program writes (<c r="B7" s="1" t="s">, r first, no other attributes), or that is in that
    form with a content at a far reference. Styled blanks (<c …/>) have no content and are
    harmless wherever they are."""
    if far not in _PATTERNS:
        _PATTERNS[far] = re.compile(
            rb'<c(?:(?=[\s>/])(?!\sr="[A-Z]{1,3}[0-9]{1,7}"'
            + _CELL_ATTRIBUTES
            + rb'/?>)|\sr="'
            + far
            + rb'"'
            + _CELL_ATTRIBUTES
            + rb">)"
        )
    return _PATTERNS[far]


def first_sheet_cells(data: bytes, limits: Limits) -> list[list]:
    """The first sheet's cells of an .xlsx, once the guard has passed it; SpreadsheetError else."""
    check_extent(data, limits)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, IndexError):
        raise SpreadsheetError(UNREADABLE) from None
    except OverflowError:  # a date or duration past what Python's types hold
        raise SpreadsheetError(DATE_OUT_OF_RANGE) from None
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":  # pyo3's, not an Exception: a Rust panic
            raise SpreadsheetError(DATE_OUT_OF_RANGE) from None  # calamine's one: dates
        raise


def check_extent(data: bytes, limits: Limits) -> None:
    """Refuse a workbook too big to read safely, before the spreadsheet library sees it."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(part.file_size for part in book.infolist())
        problem = limits.too_much_unpacked if unpacked > MAX_UNPACKED else _too_big(book, limits)
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
        raise SpreadsheetError(UNREADABLE) from None
    if problem:
        raise SpreadsheetError(problem)


def _too_big(book: zipfile.ZipFile, limits: Limits) -> str:
    """What makes the workbook too big to read, or "". python-calamine's memory grows with the
    first sheet's range and elements and with every shared string; XML tags ("<") bound both."""
    sheet = book.getinfo(_first_sheet(book))
    others = sum(book.read(p).count(b"<") for p in book.infolist() if p.filename != sheet.filename)
    if sheet.file_size > MAX_SHEET_XML:
        return limits.too_much_unpacked
    if others > MAX_OTHER_TAGS:
        return limits.too_many_cells
    xml = book.read(sheet)
    tags = xml.count(b"<")
    if tags > MAX_SHEET_TAGS:
        return limits.too_many_cells
    usual = xml.lstrip(b"\xef\xbb\xbf")[:1] == b"<" and b":c" not in xml
    if usual and not limits.unusual_or_far_cell().search(xml):
        return ""
    if tags > MAX_WALKED_TAGS:  # an unusual file is walked in Python: about 0.5 s per million
        return limits.too_many_cells
    return limits.too_large if _far_by_position(xml, limits) else ""


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


def _far_by_position(xml: bytes, limits: Limits) -> bool:
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
        if cell_at is not None and limits.too_far(*cell_at):
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
        if cell_at is not None and content.strip() and limits.too_far(*cell_at):
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
