""".ods files (LibreOffice's own format) are read, through the same guard as .xlsx: content.xml
is walked placing every cell as python-calamine does, repeated rows and cells included, and a
value placed too far, in any sheet, is refused with what to fix."""

import io
import zipfile

import pytest

from tests.formats.test_entry_template_extent import workbook
from tests.support import make_id
from zhenxing.formats import account_sheets, marking_sheets, spreadsheet
from zhenxing.formats.entry_template import COLUMNS, TemplateError, header_in, read_rows
from zhenxing.rules.rulebook import load_edition

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
    'vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
)


def ods(*tables: str, mimetype: bytes = MIMETYPE, extra: dict | None = None) -> bytes:
    """A minimal .ods, one table (sheet) per argument, each the XML of its rows."""
    body = "".join(
        f'<table:table table:name="表{i}">{rows}</table:table>' for i, rows in enumerate(tables, 1)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES} '
        f'office:version="1.3"><office:body><office:spreadsheet>{body}</office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        book.writestr("content.xml", content)
        book.writestr("META-INF/manifest.xml", MANIFEST)
        for name, part in (extra or {}).items():
            book.writestr(name, part)
    return buffer.getvalue()


def text(value: str, repeat: int = 0) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def blank(repeat: int = 0) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    return f'<table:table-cell table:style-name="ce1"{repeated}/>'


def row(*cells: str, repeat: int = 0) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


HEADERS = [header_in(c, load_edition("2020-nmg")) for c in COLUMNS]
ID = make_id(__import__("datetime").date(1990, 3, 1))  # ends in a digit: a number to Calc
TEMPLATE = row(*map(text, HEADERS)) + row(
    *(
        text(
            {"姓名": "张伟", "证件号码": ID, "职业（工种）": "数控车工", "组别": "职工组"}.get(
                h, ""
            )
        )
        for h in HEADERS
    )
)
# what LibreOffice writes after the last row and cell it uses: styled blanks, repeated
LIBREOFFICE_TAIL = row(blank(1000), repeat=1_048_570)


def test_a_template_saved_as_ods_is_read_with_its_id_numbers_whole():
    sheet = TEMPLATE.replace("</table:table-row>", blank(1001) + "</table:table-row>")
    data = ods(sheet + LIBREOFFICE_TAIL, row(text("数控车工")) + LIBREOFFICE_TAIL)
    [entry] = read_rows(data)
    assert entry.errors == [] and entry.values["name"] == "张伟"
    assert entry.values["id_number"] == ID


def test_theory_scores_in_an_ods_are_read():
    data = ods(row(*map(text, marking_sheets.THEORY_HEADER)) + row(*map(text, "782")))
    assert marking_sheets.theory_from_xlsx(data) == {"7": ("8", "2")}


FAR = [
    ("rows repeated before a value", row(blank(), repeat=250_000) + row(text("x"))),
    ("cells repeated before a value", row(blank(16_000), text("x"))),
    ("a value repeated far right", row(text("x", repeat=16_384))),
    ("a row with a value repeated far down", row(text("x"), repeat=1_000_000)),
    (
        "a covered cell far right",
        row(blank(200), '<table:covered-table-cell office:value-type="float" office:value="1"/>'),
    ),
    (
        "a formula far down",
        row(blank(), repeat=300_000) + row('<table:table-cell table:formula="of:=1"/>'),
    ),
]


@pytest.mark.parametrize(("case", "rows"), FAR, ids=[f[0] for f in FAR])
def test_a_value_placed_too_far_is_refused_with_what_to_fix(case, rows):
    with pytest.raises(TemplateError, match="表格范围太大：第 200000 行及以下、或第 100 列"):
        read_rows(ods(TEMPLATE + rows))


def test_a_far_value_on_another_sheet_is_refused_too():
    # python-calamine reads every sheet of an .ods when it opens the file, not just the first
    far = row(blank(), repeat=1_000_000) + row(text("x"))
    data = ods(TEMPLATE, far)
    assert len(data) < 2000
    for read in (read_rows, marking_sheets.theory_from_xlsx):
        with pytest.raises(ValueError, match="表格范围太大"):
            read(data)


def test_many_sheets_each_near_the_limit_are_too_many_cells():
    near = row(text("x")) + row(blank(), repeat=9_000) + row(blank(25), text("x"))
    with pytest.raises(marking_sheets.SheetError, match="表格的单元格或文字太多"):
        marking_sheets.theory_from_xlsx(ods(*[near] * 3))


def test_a_paragraph_of_two_billion_spaces_is_refused():
    cell = '<table:table-cell office:value-type="string"><text:p><text:s text:c="2000000000"/></text:p></table:table-cell>'
    with pytest.raises(TemplateError, match="表格的单元格或文字太多"):
        read_rows(ods(TEMPLATE + row(cell)))


def test_more_elements_than_such_a_sheet_needs_are_refused():
    # an account list: at most 1,010 rows of 26 columns, so a hundred thousand elements or so
    spans = "<text:span>1</text:span>" * 4
    cell = (
        f'<table:table-cell office:value-type="string"><text:p>{spans}</text:p></table:table-cell>'
    )
    data = ods(row(*[cell] * 26) * 1_000)
    with pytest.raises(spreadsheet.SpreadsheetError, match="表格的单元格或文字太多"):
        spreadsheet.check_extent(data, account_sheets.LIMITS)
    spreadsheet.check_extent(data, marking_sheets.LIMITS)  # a theory-score sheet may be larger


UNREADABLE = [
    (
        "a row inside a cell",
        row(
            '<table:table-cell office:value-type="string">' + row(text("x")) + "</table:table-cell>"
        ),
    ),
    (
        "a table inside a cell",
        row("<table:table-cell>" + '<table:table table:name="x"/></table:table-cell>'),
    ),
    ("a cell outside a row", text("x")),
    ("a row inside a row", row(row(text("x")))),
    ("a repeat of none", row(blank().replace("/>", ' table:number-columns-repeated="0"/>'))),
    (
        "a repeat written as a word",
        row(blank().replace("/>", ' table:number-columns-repeated="many"/>')),
    ),
]


@pytest.mark.parametrize(("case", "rows"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_a_table_row_or_cell_out_of_its_place_makes_the_file_unreadable(case, rows):
    with pytest.raises(TemplateError, match="无法读取这个表格文件：请在 Excel、WPS 或 LibreOffice"):
        read_rows(ods(TEMPLATE + rows))


def test_a_zip_of_two_kinds_or_another_document_is_unreadable():
    xlsx = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>')
    parts = {
        p.filename: zipfile.ZipFile(io.BytesIO(xlsx)).read(p)
        for p in zipfile.ZipFile(io.BytesIO(xlsx)).infolist()
    }
    for data in (
        ods(TEMPLATE, extra=parts),  # python-calamine would read the one this check did not
        ods(TEMPLATE, mimetype=b"application/vnd.oasis.opendocument.text"),
        ods(TEMPLATE, mimetype=MIMETYPE * 30_000),
    ):
        with pytest.raises(spreadsheet.SpreadsheetError, match="无法读取这个表格文件"):
            spreadsheet.check_extent(data, marking_sheets.LIMITS)
    with pytest.raises(spreadsheet.SpreadsheetError, match="无法读取这个表格文件"):
        spreadsheet.check_extent(
            _with_part(xlsx, "xl/workbook.bin", b"\0" * 100), marking_sheets.LIMITS
        )


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as book:
        book.writestr(name, content)
    return buffer.getvalue()


def test_spreadsheet_messages_name_excel_wps_and_libreoffice_alike():
    for message in (spreadsheet.UNREADABLE,):
        assert all(name in message for name in ("Excel", "WPS", "LibreOffice", ".ods"))
        assert "Excel 文件" not in message
