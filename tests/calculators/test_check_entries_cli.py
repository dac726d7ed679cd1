"""`zhenxing check-entries`: the contract's shape, the xlsx template, and unusable input (exit 2)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from zhenxing.cli import main
from zhenxing.formats.entry_template import header_in
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
}


def run(tmp_path, capsys, payload, name="in.json"):
    path = tmp_path / name
    path.write_bytes(payload if isinstance(payload, bytes) else json.dumps(payload).encode())
    code = main(["check-entries", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_contract_example(tmp_path, capsys):
    entry = {
        **GOOD,
        "placings": [{"year": 2020, "class": 1, "team_size": 1, "rank": 3}],
        "qualifications": [{"occupation": "配电电缆工", "level": 3, "issued_on": "2018-05-01"}],
    }
    code, out, err = run(tmp_path, capsys, {"edition": "2020-nmg", "entries": [entry, GOOD]})
    result = json.loads(out)
    assert code == 0 and err == ""
    first, second = result["results"]
    assert result["edition"] == "2020-nmg" and first["index"] == 0
    assert first["eligible"] is False and [r["code"] for r in first["reasons"]] == [
        "PLACING_EXCLUDED"
    ]
    assert [f["code"] for f in first["flags"]] == ["PRIORITY_QUALIFICATION"]
    assert first["reasons"][0]["clause"] == "§三.3" and first["reasons"][0]["message"]
    assert second == {"index": 1, "eligible": True, "reasons": [], "flags": []}


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"not json", "不是有效的 JSON"),
        ({"edition": "2020-nmg"}, "entries"),
        ({"entries": [GOOD, {"occupation": "配电电缆工", "group": "职工组"}]}, "entries[1].name"),
        ({"edition": "1999-xx", "entries": []}, "edition"),
        ({"entries": [{**GOOD, "full_time_student": "否"}]}, "entries[0].full_time_student"),
        ({"entries": [{**GOOD, "honors": "全国技术能手"}]}, "entries[0].honors"),
        (
            {
                "entries": [
                    {**GOOD, "placings": [{"year": 2020, "class": 1, "team_size": "x", "rank": 1}]}
                ]
            },
            "entries[0].placings[0].team_size",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, capsys, payload, needle):
    code, out, err = run(tmp_path, capsys, payload)
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def xlsx(rows, numeric_id=False):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    sheet.write(0, 0, "标题行")
    sheet.write_row(1, 0, HEADERS)
    for r, values in enumerate(rows, start=2):
        for c, header in enumerate(HEADERS):
            value = values.get(header, "")
            if numeric_id and header == "证件号码":
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


ROW = {
    "姓名": "张三",
    "性别": "男",
    "证件号码": "150102199001011230",
    "出生日期": "1990/1/1",
    "职业（工种）": "配电电缆工",
    "组别": "职工组",
}


def test_the_template_as_input(tmp_path, capsys):
    rows = [ROW, {**ROW, "姓名": "李四", "已获全国技术能手": "是"}, {}]
    code, out, _ = run(tmp_path, capsys, xlsx(rows), "报名.xlsx")
    results = json.loads(out)["results"]
    assert code == 0 and len(results) == 2
    assert results[0]["eligible"] and [r["code"] for r in results[1]["reasons"]] == [
        "HONOR_EXCLUDED"
    ]


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (
            lambda: xlsx([ROW], numeric_id=True),
            "第 3 行 证件号码：表格软件（Excel、WPS 或 LibreOffice）把号码当成了数字",
        ),
        (lambda: b"PK" + os.urandom(300), "无法读取这个表格文件"),
        (lambda: xlsx([{**ROW, "出生日期": "1990-02-30"}]), "第 3 行 出生日期"),
    ],
)
def test_unusable_templates_exit_2(tmp_path, capsys, payload, needle):
    code, out, err = run(tmp_path, capsys, payload(), "报名.xlsx")
    assert code == 2 and needle in err and out == ""


def test_shipped_blank_template_matches_the_columns():
    from importlib import resources

    data = (
        resources.files("zhenxing.formats.entry_template")
        .joinpath("registration-template.xlsx")
        .read_bytes()
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.get_sheet_by_index(0).to_python()[1][: len(HEADERS)] == HEADERS


def test_through_the_console_script_and_stdin():
    script = Path(sys.executable).with_name("zhenxing")
    result = subprocess.run(
        [str(script), "check-entries", "-", "--json"],
        input=json.dumps({"entries": [GOOD]}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["results"][0]["eligible"]
