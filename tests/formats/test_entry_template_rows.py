"""Rows of a filled-in template read the same however often their cells repeat: the reader
remembers each combination of the repeating columns' texts, and reads names, ID and phone
numbers at a glance when they are plain; errors keep the columns' order and their own row."""

import io

import xlsxwriter
from stdnum.cn import ric

from zhenxing.formats.entry_template import read_rows

HEADERS = ["姓名", "性别", "证件号码", "出生日期", "职业（工种）", "组别", "手机号码"]
HEADERS += ["所在单位/学校", "全日制在籍学生", "其他荣誉"]


def an_id(day: str = "19950701", sequence: str = "123") -> str:
    body = f"150102{day}{sequence}"
    return body + ric.calc_check_digit(body + "0")


def xlsx(rows: list[list]) -> bytes:
    """A template with HEADERS; each cell written as its Python type (numbers, booleans)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("报名表")
    sheet.write_row(0, 0, HEADERS)
    for index, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if cell != "":
                sheet.write(index, column, cell)
    book.close()
    return buffer.getvalue()


def row(name="张伟", gender="男", number=None, birth="", group="职工组", student="否", honors=""):
    number = an_id() if number is None else number
    return [
        name,
        gender,
        number,
        birth,
        "数控车工",
        group,
        "13900000000",
        "演示单位",
        student,
        honors,
    ]


def test_rows_repeating_the_same_cells_each_read_with_their_own_values():
    rows = read_rows(
        xlsx([row(name=f"选手{i}", number=an_id(sequence=f"{i:03d}")) for i in range(5)])
    )
    assert [r.values["name"] for r in rows] == [f"选手{i}" for i in range(5)]
    assert [r.values["id_number"] for r in rows] == [an_id(sequence=f"{i:03d}") for i in range(5)]
    assert all(r.errors == [] and r.values["group"] == "职工组" for r in rows)


def test_the_same_bad_cell_in_several_rows_names_each_row():
    rows = read_rows(xlsx([row(student="也许"), row(student="也许")]))
    assert rows[0].errors == ["第 2 行 全日制在籍学生：“也许”应为“是”或“否”"]
    assert rows[1].errors == ["第 3 行 全日制在籍学生：“也许”应为“是”或“否”"]


def test_errors_of_repeating_and_own_columns_are_listed_in_the_columns_order():
    number = 150102199507011234  # a number: its last digits are lost
    bad = row(name="张\u202e伟", gender="未知", number=number, student="也许", honors="a\x01")
    (read,) = read_rows(xlsx([bad]))
    headers = [error.split("：")[0].split(" 行 ")[1] for error in read.errors]
    assert headers == ["姓名", "性别", "证件号码", "全日制在籍学生", "其他荣誉"]


def test_a_two_digit_year_takes_its_place_among_the_errors_when_the_id_does_not_settle_it():
    (read,) = read_rows(xlsx([row(gender="未知", birth="95年7月2日", student="也许")]))
    headers = [error.split("：")[0].split(" 行 ")[1] for error in read.errors]
    assert headers == ["性别", "出生日期", "全日制在籍学生"]
    (settled,) = read_rows(xlsx([row(birth="95年7月1日")]))
    assert settled.errors == [] and settled.values["birth_date"].isoformat() == "1995-07-01"


def test_equal_cells_of_other_types_are_not_taken_for_each_other():
    # 1, 1.0 and True are equal in Python but read differently; "1" and 1 read alike
    rows = read_rows(xlsx([row(honors=1), row(honors=True), row(honors="1"), row(honors=1.5)]))
    assert [r.values["honors"] for r in rows] == [["1"], ["True"], ["1"], ["1.5"]]


def test_names_ids_and_phones_read_at_a_glance_as_the_whole_path_reads_them():
    rows = read_rows(
        xlsx(
            [
                row(name="  李 娜 "),  # spaces around: stripped, as before
                row(name="王" * 51),  # too long
                row(name="张\ufffd"),  # a character lost to an encoding
                row(number=an_id().lower()[:-1] + "x"),
                row(number="１５０１０２"),  # full-width digits
            ]
        )
    )
    assert rows[0].values["name"] == "李 娜"
    assert rows[1].errors == ["第 3 行 姓名：最多 50 个字，现有 51 个"]
    assert "无法识别的字符" in rows[2].errors[0]
    assert rows[4].values == {} or rows[4].values["id_number"] == "１５０１０２"
