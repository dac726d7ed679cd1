"""A sheet that reaches too far is refused before python-calamine allocates its whole range,
however its XML is written; a usual or harmless one is read."""

import io
import zipfile

import pytest

from zhenxing.formats.entry_template import TemplateError, read_cells

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'


def workbook(sheet_data: str, *, root=None, encoding="utf-8", workbook_xml=None) -> bytes:
    """A minimal xlsx: one sheet whose <sheetData> holds `sheet_data`."""
    root = root or f'<worksheet xmlns="{MAIN}"><sheetData>{{}}</sheetData></worksheet>'
    sheet = f'<?xml version="1.0" encoding="{encoding}"?>' + root.format(sheet_data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/workbook.xml",
            workbook_xml
            or f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            '<sheet name="报名表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        book.writestr("xl/worksheets/sheet1.xml", sheet.encode(encoding))
    return buffer.getvalue()


FAR = [
    ("usual form, far down", '<row r="250000"><c r="A250000"><v>1</v></c></row>'),
    ("usual form, far right", '<row r="2"><c r="CW2"><v>1</v></c></row>'),
    ("no r on the cell, far row", '<row r="1048576"><c><v>1</v></c></row>'),
    ("no r at all, many cells", "<row>" + "<c><v>1</v></c>" * 120 + "</row>"),
    ("r not first", '<row r="2"><c t="n" r="A300000"><v>1</v></c></row>'),
    ("single quotes", "<row r='2'><c r='XFD2'><v>1</v></c></row>"),
    ("a newline before r", '<row r="2"><c\nr="A300000"><v>1</v></c></row>'),
    ("two spaces before r", '<row r="2"><c  r="A300000"><v>1</v></c></row>'),
    ("a character reference", '<row r="2"><c r="&#65;300000"><v>1</v></c></row>'),
    ("after a cell with r", '<row r="2"><c r="CV2"><v>1</v></c><c><v>2</v></c></row>'),
    ("lower-case letters", '<row r="2"><c r="cw2"><v>1</v></c></row>'),
    ("an inline string", '<row r="2"><c r="A300000" t="inlineStr"><is><t>x</t></is></c></row>'),
]


@pytest.mark.parametrize("sheet_data", [f[1] for f in FAR], ids=[f[0] for f in FAR])
def test_a_far_cell_is_refused_however_it_is_written(sheet_data):
    with pytest.raises(TemplateError, match="表格范围太大"):
        read_cells(workbook(HEADER + sheet_data))


def test_prefixed_elements_are_walked_too():
    root = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{{}}</x:sheetData></x:worksheet>'
    far = '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    with pytest.raises(TemplateError, match="表格范围太大"):
        read_cells(workbook(far, root=root))


def test_a_sheet_in_utf16_is_walked_too():
    far = '<row r="250000"><c r="A250000"><v>1</v></c></row>'
    with pytest.raises(TemplateError, match="表格范围太大"):
        read_cells(workbook(HEADER + far, encoding="utf-16"))


HARMLESS = [
    ("a styled blank far down", '<row r="250000"><c r="A250000" s="1"/></row>'),
    ("an empty cell far down", '<row r="250000"><c r="A250000" s="1"></c></row>'),
    ("an empty row far down", '<row r="250000" ht="30" customHeight="1"/>'),
    ("no r, near", "<row><c><v>1</v></c><c><v>2</v></c></row>"),
    ("a value in column CV", '<row r="2"><c r="CV2"><v>1</v></c></row>'),
    ("lower-case letters, near", '<row r="2"><c r="b2"><v>1</v></c></row>'),
]


@pytest.mark.parametrize("sheet_data", [h[1] for h in HARMLESS], ids=[h[0] for h in HARMLESS])
def test_harmless_sheets_are_read(sheet_data):
    assert read_cells(workbook(HEADER + sheet_data))[0][0] == "姓名"


@pytest.mark.parametrize(
    "sheet_data",
    ['<row r="2"><c r="$A$2"><v>1</v></c></row>', '<row r="x"><c><v>1</v></c></row>'],
    ids=["an absolute reference", "a row number that is not one"],
)
def test_references_that_are_not_references_make_the_file_unreadable(sheet_data):
    with pytest.raises(TemplateError, match="无法读取这个表格文件"):
        read_cells(workbook(HEADER + sheet_data))


def test_an_entity_bomb_in_the_workbook_is_unreadable_not_expanded():
    bomb = (
        '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + f']><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="&i;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )  # a readable workbook but for its name: 10⁹ characters, if the entities were expanded
    with pytest.raises(TemplateError, match="无法读取这个表格文件"):
        read_cells(workbook(HEADER, workbook_xml=bomb))


def test_a_zip_bomb_of_shared_strings_is_refused_unread():
    data = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(workbook(HEADER)))
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as book:
        for part in source.infolist():
            book.writestr(part, source.read(part))
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            chunk = b"<t>" + b"a" * (16 * 1024 * 1024) + b"</t>"
            for _ in range(33):  # 528 MB, about 0.5 MB packed
                strings.write(chunk)
    with pytest.raises(TemplateError, match="文件解压后超过 512 MB"):
        read_cells(data.getvalue())


def _xlsxwriter_book(write) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "证件号码", "出生日期", "职业（工种）", "组别"])
    write(book, sheet)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("value", "number_format"),
    [(-1e12, "yyyy-mm-dd"), (1e9, "[h]:mm:ss"), (-2e11, "[h]:mm:ss")],
    ids=["a date long before year 1", "a duration of 2.7 million years", "a negative one"],
)
def test_a_date_cell_far_out_of_range_is_a_clear_error_not_a_crash(value, number_format):
    data = _xlsxwriter_book(
        lambda book, sheet: sheet.write_number(
            1, 2, value, book.add_format({"num_format": number_format})
        )
    )
    with pytest.raises(TemplateError, match="数值却远超合理范围"):
        read_cells(data)


def test_two_relationships_with_the_first_sheets_id_make_it_unreadable():
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet2.xml"/>'
        "</Relationships>"
    )
    source, buffer = zipfile.ZipFile(io.BytesIO(workbook(HEADER))), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        for part in source.infolist():
            content = source.read(part)
            book.writestr(part, rels if part.filename.endswith("workbook.xml.rels") else content)
        # python-calamine would open this one, the last of the two: it reaches XFD1048576
        book.writestr(
            "xl/worksheets/sheet2.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1048576">'
            '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
        )
    with pytest.raises(TemplateError, match="无法读取这个表格文件"):
        read_cells(buffer.getvalue())


def test_millions_of_tiny_shared_strings_are_refused_unread():
    source, buffer = zipfile.ZipFile(io.BytesIO(workbook(HEADER))), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for part in source.infolist():
            book.writestr(part, source.read(part))
        book.writestr(
            "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">' + "<si/>" * 11_000_000 + "</sst>"
        )
    with pytest.raises(TemplateError, match="单元格或文字太多"):
        read_cells(buffer.getvalue())


def test_a_small_file_of_millions_of_unusual_cells_is_refused_before_it_is_walked():
    with pytest.raises(TemplateError, match="表格的单元格或文字太多"):
        read_cells(workbook(HEADER + "<row>" + "<c/>" * 11_000_000 + "</row>"))


def test_a_nul_in_a_cell_is_a_row_error_not_a_database_error():
    from zhenxing.formats.entry_template import read_table

    def write(book, sheet):
        sheet.write_row(
            1, 0, ["张\x00伟", "150102199003011233", "1990-03-01", "数控车工", "职工组"]
        )

    _, rows = read_table(_xlsxwriter_book(write))
    assert "控制字符" in rows[0].errors[0] and rows[0].errors[0].startswith("第 2 行 姓名")


@pytest.mark.parametrize(
    "sheet_data",
    [
        '<row r="4000000000"><c r="A2"><v>1<row r="2"/></v></c><c><v>1</v></c></row>',
        '<row r="300000"><c r="A2" t="inlineStr"><is><row r="2"/></is></c><c><v>1</v></c></row>',
        '<row r="2000000"><c><v>1</v></c></row>',
    ],
    ids=["a row inside a value", "a row inside an inline string", "a row past Excel's last"],
)
def test_rows_out_of_place_or_past_excel_make_the_file_unreadable(sheet_data):
    with pytest.raises(TemplateError, match="无法读取这个表格文件"):
        read_cells(workbook(HEADER + sheet_data))


def test_a_huge_workbook_part_is_refused_before_it_is_parsed():
    sheets = f'<sheets><sheet name="x" sheetId="1" r:id="rId1" xmlns:r="{RELS}"/></sheets>'
    huge = f'<workbook xmlns="{MAIN}">{sheets}' + "<a/>" * 300_000 + "</workbook>"
    with pytest.raises(TemplateError, match="无法读取这个表格文件"):
        read_cells(workbook(HEADER, workbook_xml=huge))
