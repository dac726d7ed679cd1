"""The calculators judge by the rulebook the command line names (--edition, or --rulebook FILE
for a draft not installed), and the registration template carries its edition and year."""

import io
import json
from importlib import resources

import pytest
import xlsxwriter

from zhenxing.cli import main
from zhenxing.formats.entry_template import (
    COLUMNS,
    TemplateError,
    header_in,
    read_rows,
    template_edition,
    write_blank,
)
from zhenxing.rules.rulebook import load_edition

RB = load_edition("2020-nmg")
TEXT = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
ENTRY = {
    "name": "张三",
    "id_number": "150102199001011230",
    "birth_date": "1990-01-01",
    "occupation": "配电电缆工",
    "group": "职工组",
    "placings": [{"year": 2020, "class": 1, "team_size": 1, "rank": 3}],
}


def _run(tmp_path, capsys, *options, payload=None):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(payload or {"entries": [ENTRY]}), "utf-8")
    code = main(["check-entries", str(source), *options])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else err)


def test_a_draft_rulebook_not_installed_judges_a_dry_run(tmp_path, capsys):
    draft = tmp_path / "draft.toml"
    draft.write_text(
        TEXT.replace('code = "2020-nmg"', 'code = "2021-draft"')
        .replace("placing_years = [2020]", "placing_years = [2021]")
        .replace('placings_clause = "§三.3"', 'placings_clause = "第四条"'),
        "utf-8",
    )
    code, installed = _run(tmp_path, capsys)
    assert code == 0 and installed["results"][0]["reasons"][0]["clause"] == "§三.3"
    code, dry = _run(tmp_path, capsys, "--rulebook", str(draft))
    assert code == 0 and dry["edition"] == "2021-draft"
    assert dry["results"][0]["eligible"] is True  # a 2020 placing does not bar in 2021
    ENTRY_2021 = {**ENTRY, "placings": [{**ENTRY["placings"][0], "year": 2021}]}
    code, barred = _run(
        tmp_path, capsys, "--rulebook", str(draft), payload={"entries": [ENTRY_2021]}
    )
    assert barred["results"][0]["reasons"][0]["clause"] == "第四条"


def test_a_broken_draft_or_an_unknown_edition_says_what_is_wrong(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(TEXT.replace("placing_years = [2020]", 'placing_years = ["x"]'), "utf-8")
    code, err = _run(tmp_path, capsys, "--rulebook", str(broken))
    assert code == 2 and "eligibility.placing_years[0]" in err
    code, err = _run(tmp_path, capsys, "--edition", "1999-xx")
    assert code == 2 and "未知的届次 “1999-xx”" in err and "2020-nmg" in err
    code, err = _run(tmp_path, capsys, "--edition", "2020-nmg", "--rulebook", str(broken))
    assert code == 2 and "只能用一个" in err


def _blank() -> bytes:
    buffer = io.BytesIO()
    write_blank(buffer, RB)
    return buffer.getvalue()


def test_the_blank_template_names_its_edition_and_the_year_of_its_placings():
    data = _blank()
    assert template_edition(data) == "2020-nmg"
    headers = [header_in(c, RB) for c in COLUMNS]
    assert "2020年国家级竞赛类别" in headers and "2020年国家级竞赛类别（二）" in headers
    other = RB.model_copy(
        update={"eligibility": RB.eligibility.model_copy(update={"placing_years": [2022, 2023]})}
    )
    assert "2023年国家级竞赛类别" in [header_in(c, other) for c in COLUMNS]


def _filled(title: str, headers: list[str], placing=("一类", "1", "3")) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write(0, 0, title)
    sheet.write_row(1, 0, headers)
    values = {"姓名": "张三", "证件号码": ENTRY["id_number"], "职业（工种）": "配电电缆工"}
    values |= {"组别": "职工组", "赛项人数": placing[1], "名次": placing[2]}
    row = [
        values.get(h, placing[0] if "竞赛类别" in h and "（二）" not in h else "") for h in headers
    ]
    sheet.write_row(2, 0, row)
    book.close()
    return buffer.getvalue()


def test_the_placings_take_the_year_their_header_names():
    headers = [header_in(c, RB) for c in COLUMNS]
    (row,) = read_rows(_filled("", [h.replace("2020年", "2019年") for h in headers]), 2020)
    assert row.values["placings"][0]["year"] == 2019
    (row,) = read_rows(_filled("", [h.replace("2020年", "") for h in headers]), 2020)
    assert row.values["placings"][0]["year"] == 2020  # no year in the header: the edition's
    (row,) = read_rows(_filled("", [h.replace("2020年", "") for h in headers]))
    assert "列标题没有写年份" in row.errors[0]


def test_a_template_of_another_edition_is_refused_by_name():
    headers = [header_in(c, RB) for c in COLUMNS]
    other = _filled("2019年大赛 报名表（届次代码：2019-nmg）", headers)
    assert template_edition(other) == "2019-nmg"
    with pytest.raises(
        TemplateError, match="这是届次“2019-nmg”的报名模板，不能用于本届（2020-nmg）"
    ):
        read_rows(other, 2020, "2020-nmg")
    assert read_rows(_filled("没有届次代码的标题", headers), 2020, "2020-nmg")[0].values


def test_demo_takes_its_options_through_the_command_line_tool(capsys):
    # argparse refused `zhenxing demo --edition X`: the options are the Django command's
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--help"])
    assert stopped.value.code == 0
    assert "--edition" in capsys.readouterr().out


def test_a_2025_draft_judges_the_school_rules_in_a_dry_run(tmp_path, capsys):
    draft = tmp_path / "draft.toml"
    draft.write_text(
        resources.files("zhenxing.rulebooks").joinpath("2025-ah.toml").read_text("utf-8"), "utf-8"
    )
    entries = tmp_path / "entries.json"
    student = {"name": "王小明", "occupation": "装配钳工", "group": "学生组",
               "birth_date": "2004-03-01", "full_time_student": True,
               "school_enrolled_on": "2025-07-02", "school_province": "34"}  # fmt: skip
    entries.write_text(json.dumps({"entries": [student]}, ensure_ascii=False), "utf-8")
    assert main(["check-entries", str(entries), "--rulebook", str(draft)]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert [r["code"] for r in result["reasons"]] == ["STUDENT_ENROLLED_LATE"]


def test_the_blank_template_asks_the_school_questions_only_where_the_rulebook_does():
    from zhenxing.formats.entry_template.columns import columns_in
    from zhenxing.formats.entry_template.reader import read_cells

    asked = ("学籍注册日期", "院校所在省份", "已取得的称号申报资格")
    assert not set(asked) & {c.header for c in columns_in(RB)}
    anhui = load_edition("2025-ah")
    buffer = io.BytesIO()
    write_blank(buffer, anhui)
    header = read_cells(buffer.getvalue())[1]
    assert set(asked) <= set(header) and "队名" in header


def test_title_rights_and_provinces_are_read_from_their_cells():
    from zhenxing.formats.entry_template.cells import PARSERS

    rights = PARSERS["title_rights"]
    assert rights("全国技术能手2024；全国技术能手（2023年）") == [
        {"title": "全国技术能手", "year": 2024},
        {"title": "全国技术能手", "year": 2023},
    ]
    assert rights("") == []
    with pytest.raises(ValueError, match="应为称号加取得年份"):
        rights("全国技术能手")
    assert [PARSERS["school_province"](v) for v in ("34", "34 安徽省", "安徽省", "")] == [
        "34", "34", "安徽省", ""
    ]  # fmt: skip
