"""Every spreadsheet the platform reads passes the guard: far cells and lying zips are refused
before the spreadsheet library sees them, and uploads read in a web request are parsed in a
child process whose memory is capped."""

import io
import struct
import zipfile

import pytest

from tests.formats.test_entry_template_extent import HEADER, workbook
from zhenxing.formats import marking_sheets, spreadsheet

FAR_CELL = HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def test_a_far_cell_in_a_theory_or_scheme_upload_is_refused_with_what_to_fix():
    data = workbook(FAR_CELL)
    assert len(data) < 2000  # 1.5 KB that made the spreadsheet library ask for 512 GB
    for read in (
        marking_sheets.theory_from_xlsx,
        lambda d: marking_sheets.scheme_from_xlsx(d, "x"),
    ):
        with pytest.raises(marking_sheets.SheetError, match="表格范围太大"):
            read(data)


def _lying(real: bytes, part: str, claimed: int) -> bytes:
    """The zip with `part`'s uncompressed size claimed as `claimed` in both its headers."""
    data = bytearray(real)
    info = zipfile.ZipFile(io.BytesIO(real)).getinfo(part)
    struct.pack_into("<L", data, info.header_offset + 22, claimed)  # local header
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_length].decode() == part:
            struct.pack_into("<L", data, offset + 24, claimed)  # central directory
            break
        offset += 4
    return bytes(data)


def test_a_zip_that_lies_about_its_size_is_inflated_in_bounded_chunks_and_refused(monkeypatch):
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(workbook(HEADER)))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for part in source.infolist():
            book.writestr(part.filename, source.read(part), zipfile.ZIP_DEFLATED)
        book.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * 3_000_000 + b"</sst>")
    lying = _lying(buffer.getvalue(), "xl/sharedStrings.xml", 100)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("xl/sharedStrings.xml").file_size == 100
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED", 2_000_000)
    with pytest.raises(spreadsheet.SpreadsheetError, match="文件解压后超过"):
        spreadsheet.check_extent(lying, marking_sheets.LIMITS)


def test_two_parts_of_one_name_make_the_file_unreadable():
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(workbook(HEADER)))
    with zipfile.ZipFile(buffer, "w") as book:
        for part in source.infolist():
            book.writestr(part, source.read(part))
        with pytest.warns(UserWarning):
            book.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    with pytest.raises(spreadsheet.SpreadsheetError, match="无法读取这个表格文件"):
        spreadsheet.check_extent(buffer.getvalue(), marking_sheets.LIMITS)


def test_the_child_that_parses_is_capped_and_its_end_is_a_message(monkeypatch):
    data = marking_sheets.theory_xlsx([("001", "90", "80")])
    assert spreadsheet.first_sheet_cells_isolated(data, marking_sheets.LIMITS)[1][0] == "001"
    # past the guard (switched off here), a cell at ALL100000 makes the library ask for 4 GB:
    # the capped child ends, this process carries on and says so
    monkeypatch.setattr(spreadsheet, "check_extent", lambda data, limits: None)
    far = workbook(HEADER + '<row r="100000"><c r="ALL100000"><v>1</v></c></row>')
    with pytest.raises(spreadsheet.SpreadsheetError, match="表格需要的内存超出上限"):
        spreadsheet.first_sheet_cells_isolated(far, marking_sheets.LIMITS)


def test_a_large_usual_sheet_stays_on_the_fast_path_wherever_its_chunks_are_cut(monkeypatch):
    # the sheet is read in chunks; a cell's tag cut by a chunk's end once looked unusual and sent
    # every large upload to the slow walk (11 s of a 100,000-row import's 27 s)
    from zhenxing.formats.entry_template import LIMITS

    def slow_walk(chunks, limits):
        raise AssertionError("the slow walk ran for a sheet every program writes")

    monkeypatch.setattr(spreadsheet, "_far_by_position", slow_walk)
    cells = '<c r="{0}{1}" t="inlineStr"><is><t>张伟{1}</t></is></c>'
    rows = "".join(
        f'<row r="{n}">' + "".join(cells.format(col, n) for col in "ABCDEF") + "</row>"
        for n in range(1, 12001)
    )
    data = workbook(rows)
    assert len(rows) > 3 * spreadsheet.CHUNK  # several chunk edges, some inside a tag
    spreadsheet.check_extent(data, LIMITS)  # refuses nothing, and never walks


def test_an_upload_too_big_or_not_xlsx_says_what_to_do():
    from zhenxing.formats.entry_template import LIMITS

    with pytest.raises(spreadsheet.SpreadsheetError, match="文件超过 1 MB"):
        spreadsheet.uploaded_cells(b"PK" + b"0" * 2**20, LIMITS, 2**20, "导入模板")
    with pytest.raises(spreadsheet.SpreadsheetError, match="请上传 .xlsx 文件（可先下载题库模板"):
        spreadsheet.uploaded_cells(b"name,phone\n", LIMITS, 2**20, "题库模板")
