"""The guard every uploaded spreadsheet passes before the spreadsheet library sees it.

A stray value far down or far right makes a sheet's range (rows × columns) huge, and
python-calamine allocates all of it at once: a crafted file can make it ask for gigabytes and
abort the whole process. So the zip is opened, its first sheet's XML looked at, and the workbook
refused with a message saying what to fix before anything is read.

Two kinds are read: .xlsx (Excel, WPS, LibreOffice) and .ods (LibreOffice's own). An .ods is a
zip too, its sheets all in content.xml, which python-calamine reads whole (every sheet) when the
file is opened; its rows and cells may say "repeated N times", so the guard walks content.xml
placing each cell as python-calamine does and refuses a cell with content too far, however it
got there.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import resource
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

from python_calamine import CalamineError, CalamineWorkbook

UNREADABLE = (
    "无法读取这个表格文件：请在 Excel、WPS 或 LibreOffice 中打开它，另存为 .xlsx 后重新上传"
    "（平台读取 .xlsx 和 .ods 表格）"
)
DATE_OUT_OF_RANGE = (
    "无法读取这个表格文件：有单元格设成了日期或时间格式，数值却远超合理范围（例如一个很大的数字）。"
    "请检查日期列，改正后重新上传"
)
OLD_XLS = b"\xd0\xcf\x11\xe0"  # the start of every .xls (and other old Office) file
MAX_SHEET_XML = 256 * 1024 * 1024  # uncompressed: about 500,000 filled-in template rows
MAX_UNPACKED = 512 * 1024 * 1024  # all parts (python-calamine reads the shared strings whole)
# XML tags: a filled-in 100,000-row template has about 5 million in its sheet, a few hundred
# thousand in its shared strings
MAX_SHEET_TAGS, MAX_WALKED_TAGS, MAX_OTHER_TAGS = 20_000_000, 10_000_000, 10_000_000
MAX_WORKBOOK_PART = 1024 * 1024  # workbook.xml and its relationships: a few KB in any real file
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"  # what python-calamine checks
# spaces written as <text:s text:c="N"/>, which python-calamine expands: a template needs none
MAX_ODS_SPACES = 1_000_000
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
    # with far_reference: its exact complement among the usual references ([A-Z]{1,3}[0-9]{1,7}),
    # which lets the fast path look at each cell once
    near_reference: bytes = b""

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
        if self.far_reference and self.near_reference:
            return _not_usual_and_near(self.near_reference)
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


def _not_usual_and_near(near: bytes) -> re.Pattern:
    """What _unusual_or_far finds, as one look at each cell: the first cell that is neither a
    usual one with its content at a near reference nor a usual styled blank. The same cells
    when `near` is the exact complement of the far references (a 100,000-row template's 800,000
    cells: 0.25 s instead of 0.45 s)."""
    key = b"near:" + near
    if key not in _PATTERNS:
        _PATTERNS[key] = re.compile(
            rb'<c(?=[\s>/])(?!\sr="(?:'
            + near
            + rb'"'
            + _CELL_ATTRIBUTES
            + rb'>|[A-Z]{1,3}[0-9]{1,7}"'
            + _CELL_ATTRIBUTES
            + rb"/>))"
        )
    return _PATTERNS[key]


def first_sheet_cells(data: bytes, limits: Limits) -> list[list]:
    """The first sheet's cells of an .xlsx, once the guard has passed it; SpreadsheetError else.
    For a background worker: the spreadsheet library runs in this process."""
    check_extent(data, limits)
    return _parse(data)


def _parse(data: bytes) -> list[list]:
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


CHILD_MEMORY = 768 * 1024 * 1024  # what the spreadsheet library may use beyond its parent's
CHILD_SECONDS = 60
TOO_MUCH_MEMORY = (
    "表格需要的内存超出上限，无法读取：通常是误填了远处的单元格或文件过大。"
    "请只保留需要的内容，另存为新的 .xlsx 后重新上传"
)


def uploaded_cells(data: bytes, limits: Limits, max_bytes: int, template: str) -> list[list]:
    """An upload's first sheet through the guard, in a capped child; SpreadsheetError says what
    to fix. `template` names the template the user should start from (e.g. "导入模板")."""
    if len(data) > max_bytes:
        raise SpreadsheetError(f"文件超过 {max_bytes // 1024 // 1024} MB，请检查是否选错了文件。")
    if data[:2] != b"PK":
        raise SpreadsheetError(
            f"请上传 .xlsx 文件（可先下载{template}，在 Excel、WPS 或 LibreOffice 中填写）。"
        )
    return first_sheet_cells_isolated(data, limits)


def first_sheet_cells_isolated(data: bytes, limits: Limits) -> list[list]:
    """As first_sheet_cells, with the spreadsheet library in a child process whose memory is
    capped: a web process never runs it, and whatever a crafted file makes it do (ask for
    gigabytes, abort) ends the child only."""
    check_extent(data, limits)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_parse_in_child, args=(data, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(CHILD_SECONDS):
            raise SpreadsheetError(TOO_MUCH_MEMORY)
        kind, value = receiver.recv()
    except (EOFError, OSError):  # the child died: killed by its memory cap, or aborted
        raise SpreadsheetError(TOO_MUCH_MEMORY) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "error":
        raise SpreadsheetError(value)
    return value


def _parse_in_child(data: bytes, sender) -> None:
    with open("/proc/self/statm", "rb") as statm:  # noqa: PTH123
        pages = int(statm.read().split()[0])
    used = pages * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + CHILD_MEMORY, used + CHILD_MEMORY))
    try:
        sender.send(("cells", _parse(data)))
    except SpreadsheetError as exc:
        sender.send(("error", str(exc)))
    except MemoryError:
        sender.send(("error", TOO_MUCH_MEMORY))
    finally:
        sender.close()
        os._exit(0)  # nothing of the parent's (its database connections…) is closed here


def check_extent(data: bytes, limits: Limits) -> None:
    """Refuse a workbook too big to read safely, before the spreadsheet library sees it. Every
    part is inflated for real, in bounded chunks (the sizes a zip declares are not trusted)."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        names = [part.filename for part in book.infolist()]
        if len(set(names)) != len(names):  # which of two the library takes is anyone's guess
            raise zipfile.BadZipFile("a part named twice")
        if _is_ods(book, data, set(names)):
            problem = _too_big(book, data, limits, "content.xml", _content_too_big)
        else:
            problem = _too_big(book, data, limits, _first_sheet(book, data), _sheet_too_big)
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


class _TooMuch(Exception):
    pass


CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s5HL2L2H")


def _inflated(data: bytes, part: zipfile.ZipInfo, limit: int):
    """The part's content, chunk by chunk, inflated from its raw bytes whatever its headers say;
    _TooMuch past `limit` bytes."""
    header = _LOCAL_HEADER.unpack_from(data, part.header_offset)
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header")
    start = part.header_offset + _LOCAL_HEADER.size + header[9] + header[10]
    raw = memoryview(data)[start : start + part.compress_size]
    if part.compress_type == zipfile.ZIP_STORED:
        if len(raw) > limit:
            raise _TooMuch
        for offset in range(0, len(raw), CHUNK):
            yield bytes(raw[offset : offset + CHUNK])
        return
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise NotImplementedError("compression")
    inflater, total, pending = zlib.decompressobj(-15), 0, bytes(raw)
    while pending:
        chunk = inflater.decompress(pending, CHUNK)
        pending = inflater.unconsumed_tail
        total += len(chunk)
        if total > limit:
            raise _TooMuch
        if chunk:
            yield chunk
        elif not pending or inflater.eof:
            break


def _is_ods(book: zipfile.ZipFile, data: bytes, names: set[str]) -> bool:
    """Whether the zip is an .ods; BadZipFile when it holds parts of more than one kind
    (python-calamine tries one kind after another, and would read what this check did not)."""
    ods = "mimetype" in names or "content.xml" in names
    if "xl/workbook.bin" in names or (ods and "xl/workbook.xml" in names):
        raise zipfile.BadZipFile("parts of more than one kind of workbook")
    if ods and not _small_part(book, data, "mimetype").startswith(ODS_MIMETYPE):
        raise zipfile.BadZipFile("not a spreadsheet document")
    return ods


def _small_part(book: zipfile.ZipFile, data: bytes, name: str) -> bytes:
    """A part that is a few KB in any real file, whole; BadZipFile when it is far larger."""
    try:
        return b"".join(_inflated(data, book.getinfo(name), MAX_WORKBOOK_PART))
    except _TooMuch:
        raise zipfile.BadZipFile(f"{name} too large") from None


def _too_big(
    book: zipfile.ZipFile, data: bytes, limits: Limits, sheet_name: str, sheet_check
) -> str:
    """What makes the workbook too big to read, or "". python-calamine's memory grows with the
    first sheet's range and elements and with every shared string; XML tags ("<") bound both.
    `sheet_check` looks at the part holding the sheet (`sheet_name`), the others are counted."""
    sheet = book.getinfo(sheet_name)
    others = unpacked = 0
    try:
        for part in book.infolist():
            if part.filename == sheet.filename:
                continue
            for chunk in _inflated(data, part, MAX_UNPACKED - unpacked):
                unpacked += len(chunk)
                others += chunk.count(b"<")
        if others > MAX_OTHER_TAGS:
            return limits.too_many_cells
        return sheet_check(data, sheet, limits, min(MAX_SHEET_XML, MAX_UNPACKED - unpacked))
    except _TooMuch:
        return limits.too_much_unpacked


TAG_SPAN = 4096  # a cell's tag never spans more


def _sheet_too_big(data: bytes, sheet: zipfile.ZipInfo, limits: Limits, limit: int) -> str:
    """One streaming pass over the sheet: its tags, and whether any cell is unusual or far."""
    pattern = limits.unusual_or_far_cell()
    tags, first, usual, found, tail = 0, True, True, False, b""
    for chunk in _inflated(data, sheet, limit):
        tags += chunk.count(b"<")
        if tags > MAX_SHEET_TAGS:
            return limits.too_many_cells
        if first:
            usual, first = chunk.lstrip(b"\xef\xbb\xbf")[:1] == b"<", False
        window = tail + chunk
        usual = usual and b":c" not in window
        # searched up to the last "<": a cell's tag cut by the chunk's end is searched whole with
        # the next chunk (cut, it looked unusual and sent every large file to the slow walk)
        cut = window.rfind(b"<")
        if cut < 0 or len(window) - cut > TAG_SPAN:
            cut = len(window)
        found = found or pattern.search(window, 0, cut) is not None
        tail = window[cut:] if cut < len(window) else window[-TAG_SPAN:]
    found = found or pattern.search(tail) is not None
    if usual and not found:
        return ""
    if tags > MAX_WALKED_TAGS:  # an unusual file is walked in Python: about 0.5 s per million
        return limits.too_many_cells
    return limits.too_large if _far_by_position(_inflated(data, sheet, limit), limits) else ""


def _first_sheet(book: zipfile.ZipFile, data: bytes) -> str:
    """The first sheet's part, from the workbook's list of sheets and its relationships."""
    workbook, rels = (
        _small_part(book, data, part) for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    )
    sheets = [e for e in _elements(workbook) if _local(e.tag) == "sheet"]
    first = {_local(key): value for key, value in sheets[0].attrib.items()} if sheets else {}
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


def _far_by_position(chunks, limits: Limits) -> bool:
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
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
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


# ---- .ods: every sheet of content.xml, placed as python-calamine places its cells
# python-calamine matches these names as written (prefix and all), and so does this walk.
_TABLE, _ROW = "table:table", "table:table-row"
_CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
_IN_A_CELL = _CELLS | {_TABLE, _ROW, "text:s"}  # spaces are counted, the others refused
# python-calamine reads a cell as a value (an empty text included) only when it has one of
# these (office:value-type="string" reads the cell's paragraphs); any other cell is a blank
_VALUES = frozenset(
    {
        "office:value",
        "office:string-value",
        "office:date-value",
        "office:time-value",
        "office:boolean-value",
        "office:value-type",
        "table:formula",
    }
)


def _content_too_big(data: bytes, content: zipfile.ZipInfo, limits: Limits, limit: int) -> str:
    """content.xml walked once: "" or what to fix."""
    try:
        _walk_ods(_inflated(data, content, limit), limits)
    except _Far:
        return limits.too_large
    except _TooMuch:
        return limits.too_many_cells
    return ""


def _walk_ods(chunks, limits: Limits) -> None:
    """One pass over content.xml. python-calamine reads every table (sheet) when the file is
    opened, each as the range from its first to its last cell with a value, a row or cell
    repeated N times taking N places. A cell with a value placed too far (_Far), the ranges of
    all tables together past one allowed sheet, more elements than a sheet of that size needs,
    or too many spaces written as a count (_TooMuch) make the file too large. A table, row or
    cell out of its place (which python-calamine may read otherwise) makes it unreadable
    (ValueError). Closures, not methods: a 100,000-row file has millions of elements, each a
    call here (about 5 s in all)."""
    # a filled-in cell is two elements (the cell, its paragraph): 200,000 template rows are
    # about 10 million; a theory-score sheet may have a million (about a second)
    most = min(MAX_SHEET_TAGS // 2, max(100_000, 4 * limits.rows * limits.columns))
    elements = spaces = cells = 0
    in_table = in_row = in_cell = False
    next_row = next_column = last_row = 0
    bottom = right = -1  # how far the current table's values reach

    def start(name: str, attrs: dict) -> None:
        nonlocal elements, spaces, in_table, in_row, in_cell, next_row, next_column, last_row
        nonlocal bottom, right
        elements += 1
        if elements > most:
            raise _TooMuch
        if in_cell:  # its paragraphs, spans, spaces, a comment
            if name in _IN_A_CELL:
                if name != "text:s":
                    raise ValueError(f"{name} inside a cell")
                spaces += _count(attrs.get("text:c", "1"), least=0)
                if spaces > MAX_ODS_SPACES:
                    raise _TooMuch
        elif name in _CELLS:
            if not in_row:
                raise ValueError("a cell outside a row")
            next_column += _count(attrs.get("table:number-columns-repeated", "1"))
            in_cell = True
            if not _VALUES.isdisjoint(attrs):
                if limits.too_far(last_row, next_column - 1):
                    raise _Far
                bottom, right = max(bottom, last_row), max(right, next_column - 1)
        elif in_row:
            raise ValueError(f"{name} inside a row")  # python-calamine refuses it too
        elif name == _ROW:
            if not in_table:
                raise ValueError("a row outside a table")
            next_row += _count(attrs.get("table:number-rows-repeated", "1"))
            last_row, in_row, next_column = next_row - 1, True, 0
        elif name == _TABLE:
            if in_table:
                raise ValueError("a table inside a table")
            in_table, next_row, bottom, right = True, 0, -1, -1

    def end(name: str) -> None:
        nonlocal in_table, in_row, in_cell, cells
        if in_cell:
            in_cell = name not in _CELLS  # none nests: a cell's end is the open cell's
        elif name == _ROW:
            in_row = False
        elif name == _TABLE:
            in_table = False
            if bottom >= 0:
                cells += (bottom + 1) * (right + 1)
                if cells > limits.rows * limits.columns:
                    raise _TooMuch

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    for chunk in chunks:
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _count(value: str, least: int = 1) -> int:
    """A repeat or space count as python-calamine reads it (an unsigned integer)."""
    if not (value.isascii() and value.removeprefix("+").isdigit()) or int(value) < least:
        raise ValueError(f"count {value!r}")
    return int(value)
