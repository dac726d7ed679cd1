"""`zhenxing check-entries FILE --json` (contracts.md §1): JSON and the official xlsx template."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from zhenxing.cli import main
from zhenxing.formats.entry_template import header_in, read_rows, write_blank
from zhenxing.formats.entry_template.columns import columns_in
from zhenxing.rules.rulebook import load_edition

# the 2020 template: its columns (队名 is only in an edition with a team event)
HEADERS = [header_in(c, load_edition("2020-nmg")) for c in columns_in(load_edition("2020-nmg"))]
GOOD = {
    "name": "张三",
    "gender": "男",
    "id_number": "150102199001011230",
    "birth_date": "1990-01-01",
    "occupation": "配电电缆工",
    "group": "职工组",
    "full_time_student": False,
    "student_entrepreneur": False,
    "honors": [],
    "placings": [{"year": 2020, "class": 1, "team_size": 1, "rank": 3}],
    "qualifications": [{"occupation": "配电电缆工", "level": 3, "issued_on": "2018-05-01"}],
    "non_public_economy": False,
}
PLAIN = {k: GOOD[k] for k in ("name", "id_number", "occupation", "group")}


def run(tmp_path, capsys, payload, name="in.json"):
    path = tmp_path / name
    path.write_bytes(payload if isinstance(payload, bytes) else json.dumps(payload).encode())
    code = main(["check-entries", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def unusable(tmp_path, capsys, payload, name="in.json") -> str:
    code, out, err = run(tmp_path, capsys, payload, name)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("错误：") and err.count("\n") == 1
    return err


# ---- JSON
def test_the_contracts_example(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, {"edition": "2020-nmg", "entries": [GOOD, PLAIN]})
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["edition"] == "2020-nmg"
    first, second = result["results"]
    assert first["index"] == 0 and first["eligible"] is False
    assert [(r["code"], r["clause"]) for r in first["reasons"]] == [("PLACING_EXCLUDED", "§三.3")]
    assert all(r["message"] for r in first["reasons"] + first["flags"])
    assert [f["code"] for f in first["flags"]] == ["PRIORITY_QUALIFICATION"]
    assert second == {"index": 1, "eligible": True, "reasons": [], "flags": []}


def test_refused_entries_still_exit_0_and_edition_defaults(tmp_path, capsys):
    entries = [{**PLAIN, "occupation": "焊工"}, {**PLAIN, "honors": ["全国技术能手"]}]
    code, out, _ = run(tmp_path, capsys, {"entries": entries})
    result = json.loads(out)
    assert code == 0 and result["edition"] == "2020-nmg"
    assert [r["eligible"] for r in result["results"]] == [False, False]


def test_no_mainland_id_and_group_code(tmp_path, capsys):
    entry = {**PLAIN, "id_number": None, "birth_date": "1990-01-01", "group": "worker"}
    code, out, _ = run(tmp_path, capsys, {"entries": [entry]})
    (result,) = json.loads(out)["results"]
    assert result["eligible"] and [f["code"] for f in result["flags"]] == ["MANUAL_REVIEW"]


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"{not json", "不是有效的 JSON"),
        (b"[1, 2]", "顶层应为对象"),
        ({"edition": "2020-nmg"}, "entries"),
        ({"entries": {"name": "张三"}}, "entries"),
        ({"entries": [PLAIN, {**PLAIN, "name": None}]}, "entries[1].name"),
        ({"entries": [PLAIN, {k: v for k, v in PLAIN.items() if k != "name"}]}, "entries[1].name"),
        ({"edition": "1999-xx", "entries": [PLAIN]}, "edition"),
        ({"entries": [{**PLAIN, "full_time_student": "否"}]}, "entries[0].full_time_student"),
        ({"entries": [{**PLAIN, "honors": "全国技术能手"}]}, "entries[0].honors"),
        ({"entries": [{**PLAIN, "placings": "无"}]}, "entries[0].placings"),
        (
            {"entries": [{**PLAIN, "placings": [{**GOOD["placings"][0], "rank": "3"}]}]},
            "entries[0].placings[0].rank",
        ),
        ({"entries": [{**PLAIN, "birth_date": "1990-02-30"}]}, "entries[0].birth_date"),
        ({"entries": ["张三"]}, "entries[0]"),
    ],
)
def test_unusable_json_exits_2_naming_the_item(tmp_path, capsys, payload, needle):
    assert needle in unusable(tmp_path, capsys, payload)


def test_random_bytes_named_xlsx_are_refused(tmp_path, capsys):
    unusable(tmp_path, capsys, os.urandom(200).replace(b"P", b"Q"), "报名表.xlsx")
    assert "Excel" in unusable(tmp_path, capsys, b"PK" + os.urandom(300), "报名表.xlsx")


def test_a_missing_file_exits_2(tmp_path, capsys):
    code = main(["check-entries", str(tmp_path / "none.json"), "--json"])
    assert code == 2 and "无法读取文件" in capsys.readouterr().err


# ---- the official template
def blank() -> list[list]:
    buffer = io.BytesIO()
    write_blank(buffer, load_edition("2020-nmg"))
    return CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0)


def filled(rows: list[dict], numeric_id=False, headers=None) -> bytes:
    """The blank template's title and header rows, then `rows` (header → cell value)."""
    title, header = blank().to_python()[:2]
    header = headers or header
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet("报名表")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, title)
    sheet.write_row(1, 0, header)
    for r, values in enumerate(rows, start=2):
        for c, name in enumerate(header):
            value = values.get(name, "")
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif isinstance(value, (int, float)) or (numeric_id and name == "证件号码"):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


ROW = {
    "姓名": "张三",
    "性别": "男",
    "证件号码": "150102199001011230",
    "出生日期": "1990-01-01",
    "职业（工种）": "配电电缆工",
    "组别": "职工组",
}


def test_round_trip_through_the_blank_template(tmp_path, capsys):
    rows = [
        ROW,
        {},  # an empty row is skipped
        {
            **ROW,
            "姓名": "李四",
            "已获中华技能大奖": "是",
            "全日制在籍学生": "是",
            "在校创业学生": "是",
        },
        {
            **ROW,
            "姓名": "王五",
            "2020年国家级竞赛类别": "二类",
            "赛项人数": "3",
            "名次": "1",
            "2020年国家级竞赛类别（二）": "一类",
            "赛项人数（二）": "4",
            "名次（二）": "2",
            "本职业国家职业资格": "四级/中级工",
            "资格证书颁发日期": "2018年5月1日",
            "非公经济组织青年": "是",
        },
        {**ROW, "姓名": "赵六", "证件类型": "护照", "证件号码": "E12345678"},
    ]
    code, out, err = run(tmp_path, capsys, filled(rows), "报名表.xlsx")
    assert code == 0 and err == ""
    results = json.loads(out)["results"]
    assert [(r["index"], r["row"]) for r in results] == [(0, 3), (1, 5), (2, 6), (3, 7)]
    assert results[0]["eligible"]
    assert [r["code"] for r in results[1]["reasons"]] == ["STUDENT_AS_WORKER", "HONOR_EXCLUDED"]
    assert "在校创业学生" in results[1]["reasons"][0]["message"]
    assert [r["code"] for r in results[2]["reasons"]] == ["PLACING_EXCLUDED"]
    assert sorted(f["code"] for f in results[2]["flags"]) == [
        "MANUAL_REVIEW",
        "NON_PUBLIC_ECONOMY",
        "PRIORITY_QUALIFICATION",
    ]
    assert results[3]["eligible"] and [f["code"] for f in results[3]["flags"]] == ["MANUAL_REVIEW"]


@pytest.mark.parametrize(
    "cell",
    ["1990-01-01", "1990/1/1", "1990年1月1日", dt.date(1990, 1, 1), 32874],  # 32874: Excel serial
)
def test_dates_in_every_accepted_form(cell):
    (row,) = read_rows(filled([{**ROW, "出生日期": cell}]))
    assert row.errors == [] and row.values["birth_date"] == dt.date(1990, 1, 1)


def test_a_header_row_without_the_title_row_and_aliased_headers():
    headers = ["姓名", "身份证号码", "职业(工种)", "组别"]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    sheet.write_row(1, 0, ["张三", "150102199001011230", "配电电缆工", "职工组"])
    book.close()
    (row,) = read_rows(buffer.getvalue())
    assert row.number == 2 and row.values["id_number"] == "150102199001011230"


@pytest.mark.parametrize(
    ("rows", "kwargs", "needle"),
    [
        (
            [ROW],
            {"numeric_id": True},
            "第 3 行 证件号码：表格软件（Excel、WPS 或 LibreOffice）把号码当成了数字",
        ),
        ([ROW, {**ROW, "出生日期": "1990-02-30"}], {}, "第 4 行 出生日期"),
        ([{**ROW, "性别": "男性"}], {}, "第 3 行 性别"),
        ([{**ROW, "全日制在籍学生": "也许"}], {}, "第 3 行 全日制在籍学生"),
        ([{**ROW, "2020年国家级竞赛类别": "一类", "名次": "1"}], {}, "第 3 行 竞赛类别"),
        ([{**ROW, "姓名": ""}], {}, "第 3 行 姓名：必填"),
    ],
)
def test_row_problems_exit_2_naming_the_row(tmp_path, capsys, rows, kwargs, needle):
    assert needle in unusable(tmp_path, capsys, filled(rows, **kwargs), "报名表.xlsx")


def test_a_numeric_id_message_says_to_format_the_column_as_text(tmp_path, capsys):
    err = unusable(tmp_path, capsys, filled([ROW], numeric_id=True), "报名表.xlsx")
    assert "文本" in err and "最后几位" in err


def test_misspelt_headers_are_named(tmp_path, capsys):
    headers = ["姓名", "性别", "证件号", "出生日期", "职业（工种）", "组别", "备注"]
    err = unusable(tmp_path, capsys, filled([ROW], headers=headers), "报名表.xlsx")
    assert "“证件号”" in err and "“备注”" in err and "证件号码" in err


def test_the_blank_template_helps_the_registrar():
    buffer = io.BytesIO()
    write_blank(buffer, load_edition("2020-nmg"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    assert book.sheet_names[0] == "报名表" and "说明" in book.sheet_names
    notes = " ".join(map(str, book.get_sheet_by_name("说明").to_python()))
    assert "1985年7月1日及以后出生" in notes and "1995年7月1日至2004年6月30日出生" in notes
    assert "一类单人赛项前5名" in notes and "2013" in notes
    sheet = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<dataValidation ") >= 10  # drop-downs: occupation, group, 是/否 …
    assert "选项!$A$1:$A$16" in sheet and '"职工组,学生组"' in sheet
    styles = zipfile.ZipFile(buffer).read("xl/styles.xml").decode()
    assert 'numFmtId="49"' in styles  # "@": the ID column is text


def test_the_shipped_blank_copy_has_the_columns():
    data = resources.files("zhenxing.formats.entry_template").joinpath("registration-template.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(data.read_bytes()))
    assert book.get_sheet_by_index(0).to_python()[1] == HEADERS


def test_through_the_console_script(tmp_path):
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(filled([ROW, {**ROW, "出生日期": "1985/6/30", "证件号码": ""}]))
    script = Path(sys.executable).with_name("zhenxing")
    done = subprocess.run(
        [str(script), "check-entries", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "第 4 行 证件号码：必填" in done.stderr and done.stdout == ""
    path.write_bytes(
        filled([ROW, {**ROW, "出生日期": "1985/6/30", "证件号码": "150102198506301232"}])
    )
    done = subprocess.run(
        [str(script), "check-entries", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    results = json.loads(done.stdout)["results"]
    assert done.returncode == 0 and [r["eligible"] for r in results] == [True, False]
    assert [r["code"] for r in results[1]["reasons"]] == ["ID_INVALID", "BIRTH_OUT_OF_WINDOW"]
