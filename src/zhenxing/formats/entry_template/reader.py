"""Reading a filled-in registration template: `.xlsx` or `.ods` (through the spreadsheet guard)
or `.csv` in UTF-8 or GBK/GB18030. File-level problems (not a spreadsheet, wrong headers) raise
TemplateError; problems of one row are listed on that row. The same reader serves
`zhenxing check-entries FILE.xlsx` and the web app's bulk import.
"""

from __future__ import annotations

import csv
import difflib
import io
import operator
import re
from dataclasses import dataclass, field

from zhenxing.formats import spreadsheet
from zhenxing.rules.text import text_problem

from . import dates
from .cells import cell_text, parser_for, quick_parser_for
from .columns import ALIASES, COLUMNS, EDITION_MARK, HEADERS, REPORT_HEADERS, YEARLY_HEADERS, Column

MAX_ROWS, MAX_COLUMNS = 200_000, 100  # the template has 23 columns
# The fast path's pattern of references at row 200,000 or below or right of column CV (the
# 100th): exact, so that a 100,000-row template is never walked cell by cell.
_FAR_REFERENCE = rb"(?:[A-Z]*(?:[2-9][0-9]{5}|[0-9]{7,})|(?:[A-Z]{3,}|[D-Z][A-Z]|C[W-Z])[0-9]+)"
# Its complement among the usual references: rows 1 to 199,999 (leading zeros as they come),
# columns A to CV.
_NEAR_REFERENCE = rb"(?:[A-Z]|[AB][A-Z]|C[A-V])(?:[0-9]{1,5}|[01][0-9]{5})"
LIMITS = spreadsheet.Limits(
    MAX_ROWS,
    MAX_COLUMNS,
    "把报名内容复制到新的报名模板中",
    far_reference=_FAR_REFERENCE,
    near_reference=_NEAR_REFERENCE,
)


class TemplateError(spreadsheet.SpreadsheetError):
    """The file cannot be used as the registration template; the message says how to fix it."""


@dataclass(slots=True)
class Row:
    number: int  # the row's number in the spreadsheet, as the user sees it
    values: dict = field(default_factory=dict)  # the entry in the check-entries format
    errors: list[str] = field(default_factory=list)
    name: str = ""  # the contestant's name as typed, kept for the error report
    cells: list = field(default_factory=list)  # the row as read, for the error report


def read_cells(data: bytes) -> list[list]:
    """The first sheet's cells (xlsx, ods) or the CSV's fields; TemplateError when neither."""
    if not data.strip():
        raise TemplateError("文件是空的，请使用平台提供的报名模板填写后上传")
    if data[:4] == spreadsheet.OLD_XLS:
        raise TemplateError(
            "这是旧版 Excel 文件（.xls）：请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 后上传"
        )
    if data[:2] == b"PK":
        try:
            return spreadsheet.first_sheet_cells(data, LIMITS)
        except spreadsheet.SpreadsheetError as exc:
            raise TemplateError(str(exc)) from None
    return _csv_cells(data)


def _csv_cells(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; this is for completeness
        raise TemplateError("无法识别文件编码：请上传 .xlsx 或 .ods，或 UTF-8 / GBK 编码的 CSV")
    if "\x00" in text or not any(h in text for h in HEADERS):
        raise TemplateError(
            "这个文件既不是表格文件（.xlsx、.ods），也不是由报名模板另存的 CSV（常见原因：网页或其他"
            "文件改了扩展名）。请在 Excel、WPS 或 LibreOffice 中打开报名模板填写，另存为 .xlsx 后上传"
        )
    if max(text.count("\n"), text.count("\r")) >= MAX_ROWS:
        raise TemplateError(LIMITS.too_large)
    # newline="": the csv module handles \r\n, \n and a Mac's bare \r itself
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, line, wrapped = [], 1, '="' in text
    try:
        for row in reader:
            if any("\n" in cell or "\r" in cell for cell in row):
                raise TemplateError(_CSV_QUOTE.format(line=line))
            if len(row) > MAX_COLUMNS:  # as far right as an xlsx may reach, no further
                if any(cell.strip() for cell in row[MAX_COLUMNS:]):
                    raise TemplateError(LIMITS.too_large)
                row = row[:MAX_COLUMNS]
            rows.append([_unwrapped(cell) for cell in row] if wrapped else row)
            line = reader.line_num + 1
    except csv.Error:
        raise TemplateError(_CSV_QUOTE.format(line=line)) from None
    return rows


def _unwrapped(cell: str) -> str:
    """A cell written as ="150102…" (a text formula: how the platform's CSV export, and other
    programs', keep a spreadsheet from turning numbers into numbers) as the text it shows."""
    if len(cell) >= 3 and cell.startswith('="') and cell.endswith('"'):
        inner = cell[2:-1]
        if '"' not in inner.replace('""', ""):  # one text, its quotes doubled: nothing more
            return inner.replace('""', '"')
    return cell


# No cell of the template needs a line break, and an open quote makes the rows after it one
# cell: a cell that spans lines is refused, with both likely causes named.
_CSV_QUOTE = (
    "CSV 文件第 {line} 行有一个单元格跨了多行：可能是单元格内换行（Alt+Enter），也可能是以英文双引号"
    '（"）开头却没有配对，使后面的行都并进了这一格。请删除该单元格中的换行或改正引号'
    "（或在 Excel、WPS 或 LibreOffice 中另存为 .xlsx）后重新上传"
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


def read_rows(data: bytes, placing_year: int | None = None, edition: str = "") -> list[Row]:
    """Every non-empty row of a filled-in template, each with its values or its errors."""
    return read_table(data, placing_year, edition)[1]


def read_table(
    data: bytes, placing_year: int | None = None, edition: str = ""
) -> tuple[list, list[Row]]:
    """The header row's cells as typed, and every non-empty row (each keeps its cells).

    The placings' year is the one the placing header names ("<year>年国家级竞赛类别"), else
    `placing_year`. A template whose title names another edition than `edition` is refused."""
    cells = read_cells(data)
    header_index = _find_header(cells)
    named = _edition_named(cells[:header_index])
    if edition and named and named != edition:
        raise TemplateError(
            f"这是届次“{named}”的报名模板，不能用于本届（{edition}）：请从本届的报名页面下载模板，"
            "把报名内容复制过去后再上传"
        )
    header = cells[header_index]
    year = _header_year(header) or placing_year
    read_row = _RowReader(_columns(header), year)
    rows = []
    for offset, raw in enumerate(cells[header_index + 1 :], start=header_index + 2):
        row = read_row(offset, raw)
        if row is not None:
            row.cells = raw
            rows.append(row)
    return cells[header_index], rows


def _header(cell) -> str:
    name = re.sub(r"\s+", "", cell_text(cell)).replace("(", "（").replace(")", "）")
    year = _YEAR_HEADER.match(name)
    if year and year.group(2) in YEARLY_HEADERS:
        return year.group(2)
    return ALIASES.get(name, name)


_YEAR_HEADER = re.compile(r"^(\d{4})年(.+)$")
_EDITION = re.compile(EDITION_MARK + r"[:：]\s*([a-z0-9][a-z0-9-]*)")


def _header_year(header: list) -> int | None:
    """The year the placing headers name, if they name one."""
    for cell in header:
        name = re.sub(r"\s+", "", cell_text(cell))
        year = _YEAR_HEADER.match(name)
        if year and year.group(2).replace("(", "（").replace(")", "）") in YEARLY_HEADERS:
            return int(year.group(1))
    return None


def _edition_named(rows: list[list]) -> str:
    """The edition code the title above the header names ("（届次代码：<code>）"), or ""."""
    for row in rows:
        for cell in row:
            found = _EDITION.search(cell_text(cell))
            if found:
                return found.group(1)
    return ""


def template_edition(data: bytes) -> str:
    """The edition code a filled-in template's title names, or "" (a CSV or a deleted title)."""
    cells = read_cells(data)
    return _edition_named(cells[: _find_header(cells)])


def report_columns(header: list) -> set[int]:
    """The columns an earlier error report added (原行号, 错误说明): left out of the next one."""
    return {index for index, cell in enumerate(header) if _header(cell) in REPORT_HEADERS}


def number_columns(header: list) -> set[int]:
    """The columns of ID and phone numbers: written back as text cells (as numbers, a
    spreadsheet program shows 15 digits at most and drops leading zeros)."""
    return {
        index
        for index, cell in enumerate(header)
        if (column := HEADERS.get(_header(cell))) and column.key in ("id_number", "phone")
    }


# Columns whose texts are (nearly) all different: remembering their parses would not pay.
_UNIQUE = frozenset({"name", "id_number", "phone"})
# Columns read cell by cell in every row: the unique ones, and those whose texts repeat but vary
# from row to row independently of the others. The rest (组别, 性别, 是/否, 职业…) are read a
# whole row's worth at once: the same combination of them recurs row after row.
_OWN = _UNIQUE | {"birth_date", "employer", "team"}
REMEMBERED_COMBINATIONS = 10_000  # at most; each is a dict of the row's values


class _RowReader:
    """Reads the rows of one file: each row's values in the check-entries format, or its errors.

    A 100,000-row file repeats the same few texts in most columns (组别, 性别, 是/否, dates…), so
    each distinct text of a column is parsed once per file, and each distinct combination of the
    texts of the columns outside _OWN once; the parsers are pure functions of the cell, and an
    empty cell (or a column the sheet lacks) always parses to the same value. A row's errors
    are listed in the order of the template's columns.
    """

    def __init__(self, columns: dict[int, Column], placing_year: int | None):
        self.placing_year = placing_year
        self.present = list(columns)  # the sheet's indexes of the template's columns
        self.width = max(columns, default=-1) + 1
        where = {column.key: index for index, column in columns.items()}
        self.empty = {column.key: parser_for(column)("") for column in COLUMNS}
        slots = [
            (
                position,
                column.key,
                column.header,
                where[column.key],
                parser_for(column),
                None if column.key in _UNIQUE else {},
                quick_parser_for(column),
            )
            for position, column in enumerate(COLUMNS)
            if column.key in where
        ]
        self.own = [slot for slot in slots if slot[1] in _OWN]
        self.shared = [slot for slot in slots if slot[1] not in _OWN]
        indexes = [slot[3] for slot in self.shared]
        self.shared_cells = (
            operator.itemgetter(*indexes)
            if len(indexes) > 1
            else lambda raw: tuple(raw[index] for index in indexes)
        )
        self.combinations: dict[tuple, tuple[dict, list, bool]] = {}
        self.required = [(c.key, c.header) for c in COLUMNS if c.required and c.key != "id_number"]

    def __call__(self, number: int, raw: list) -> Row | None:
        """The row, or None when every template cell of it is blank."""
        if len(raw) < self.width:
            raw = [*raw, *[""] * (self.width - len(raw))]
        for index in self.present:
            value = raw[index]
            if value is None:
                continue
            if (value.strip() if type(value) is str else cell_text(value)) != "":
                break
        else:
            return None
        cells = self.shared_cells(raw)
        known = self.combinations.get(cells)
        if known is None:
            known = self._combination(cells)
        parsed, problems, plain = known
        parsed = parsed.copy()
        errors = [(at, f"第 {number} 行 {header}：{problem}") for at, header, problem in problems]
        short_year = None  # a birth date with a two-digit year, settled below by the ID number
        for position, key, header, index, parse, memo, quick in self.own:
            value = raw[index]
            if not value and (value is None or value == ""):
                continue
            if quick is not None and (text := quick(value)) is not None:
                parsed[key] = text
                continue
            found = _parse_cell(parse, memo, value)
            if found[0]:
                parsed[key] = found[1]
            else:
                del parsed[key]
                if key == "birth_date" and type(found[1]) is dates.TwoDigitYear:
                    short_year = (position, header, found[1])
                    continue
                errors.append((position, f"第 {number} 行 {header}：{found[1]}"))
        if short_year is not None:
            self._settle_century(number, parsed, errors, *short_year)
        errors = [message for _, message in sorted(errors, key=_position)] if errors else []
        for key, header in self.required:
            if key in parsed and not parsed[key]:  # a bad cell has its own message
                errors.append(f"第 {number} 行 {header}：必填")
        row = Row(number, {}, errors, parsed.get("name") or "")
        if not errors:
            row.values = _entry(parsed, number, errors, self.placing_year, plain)
        return row

    def _combination(self, cells: tuple) -> tuple[dict, list, bool]:
        """The values of the shared columns' `cells` (over the empty values of every column),
        their problems as (the column's position, its header, the message), and whether they are
        plain: no honour or placing filled in. Kept for the next rows when every cell is
        text: a text equals only the same text, while 1, 1.0 and True are equal and read
        differently."""
        parsed, errors = self.empty.copy(), []
        for (position, key, header, _index, parse, memo, _quick), value in zip(
            self.shared, cells, strict=True
        ):
            if not value and (value is None or value == ""):
                continue
            found = _parse_cell(parse, memo, value)
            if found[0]:
                parsed[key] = found[1]
            else:
                del parsed[key]
                errors.append((position, header, str(found[1])))
        known = (parsed, errors, not any(parsed.get(key) for key in _EXTRAS))
        if len(self.combinations) < REMEMBERED_COMBINATIONS and all(
            type(cell) is str or cell is None for cell in cells
        ):
            self.combinations[cells] = known
        return known

    @staticmethod
    def _settle_century(number: int, parsed: dict, errors: list, at: int, header: str, problem):
        """A birth date such as 00年7月1日: the day the row's resident ID number says, when it
        agrees; else the message saying to write the four-digit year (in its place)."""
        resident = parsed.get("document_type") in (None, "resident_id")
        day = dates.settle_century(problem, parsed.get("id_number")) if resident else None
        if day is None:
            errors.append((at, f"第 {number} 行 {header}：{problem}"))
        else:
            parsed["birth_date"] = day


def _position(error: tuple[int, str]) -> int:
    return error[0]


def _parse_cell(parse, memo: dict | None, value) -> tuple[bool, object]:
    """_parse, remembered per distinct text in `memo` (None: not remembered)."""
    if memo is not None and type(value) is str:
        found = memo.get(value)
        if found is None:
            found = memo[value] = _parse(parse, value)
        return found
    return _parse(parse, value)


def _parse(parse, value) -> tuple[bool, object]:
    """(True, the parsed value) or (False, the parser's message; a two-digit year's error itself,
    which the row may settle)."""
    if type(value) is str and (problem := text_problem(value)):
        return False, problem
    try:
        return True, parse(value)
    except dates.TwoDigitYear as exc:
        return False, exc
    except ValueError as exc:
        return False, str(exc)


def _entry(p: dict, number: int, errors: list[str], year: int | None, plain: bool) -> dict:
    """The row's entry in the check-entries format; `plain`: none of _EXTRAS is filled in."""
    document = p["document_type"] or "resident_id"
    if not p["id_number"]:
        errors.append(f"第 {number} 行 证件号码：必填")
    if document != "resident_id" and not p["birth_date"]:
        errors.append(f"第 {number} 行 出生日期：非居民身份证必须填写出生日期")
    honors, placings, qualifications = [], [], []
    if not plain:
        honors, placings = _honors(p), _placings(p, number, errors, year)
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
        **({"team": p["team"]} if p["team"] else {}),  # 队名, in a pairs or three-person event
        # the school and title-right questions of the editions that ask them
        "school_enrolled_on": p["school_enrolled_on"],
        "school_province": p["school_province"],
        "title_rights": p["title_rights"],
    }


def _honors(p: dict) -> list[str]:
    honors = [h for flag, h in _HONOR_FLAGS if p[flag]]
    if p["other_honors"]:
        honors += [h.strip() for h in _HONOR_SEPARATORS.split(p["other_honors"]) if h.strip()]
    return honors


def _placings(p: dict, number: int, errors: list[str], year: int | None) -> list[dict]:
    return [
        placing
        for keys in _PLACING_KEYS
        if (p[keys[1]] or p[keys[2]] or p[keys[3]])
        and (placing := _placing(p, keys, number, errors, year))
    ]


_HONOR_FLAGS = (("honor_zhonghua", "中华技能大奖"), ("honor_national", "全国技术能手"))
_HONOR_SEPARATORS = re.compile(r"[;；,，、]")
_PLACING_KEYS = tuple(
    (suffix, f"{prefix}_class", f"{prefix}_team_size", f"{prefix}_rank")
    for prefix, suffix in (("placing", ""), ("placing2", "（二）"))
)
# the cells of honours and placings: a combination with none of them filled in is plain
_EXTRAS = (
    *(flag for flag, _ in _HONOR_FLAGS),
    "other_honors",
    *(k for keys in _PLACING_KEYS for k in keys[1:]),
)


def _placing(p: dict, keys: tuple, number: int, errors: list[str], year: int | None) -> dict | None:
    suffix, klass, size, rank = keys
    klass, size, rank = p[klass], p[size], p[rank]
    if not (klass or size or rank):
        return None
    if not (klass and size and rank):
        errors.append(
            f"第 {number} 行 竞赛类别{suffix}/赛项人数{suffix}/名次{suffix}：三项要么都填，要么都不填"
        )
        return None
    if year is None:
        errors.append(
            f"第 {number} 行 竞赛类别{suffix}：列标题没有写年份（应写成“××××年国家级竞赛类别”），"
            "无法判断名次是哪一年的；请使用平台提供的报名模板"
        )
        return None
    return {"year": year, "class": klass, "team_size": size, "rank": rank}
