"""The official registration template (报名模板): its columns and a blank copy to fill in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import xlsxwriter

from zhenxing.rules.rulebook import Rulebook

YES, NO = "是", "否"
DOCUMENT_TYPES = {
    "居民身份证": "resident_id",
    "港澳居民来往内地通行证": "hk_macao",
    "台湾居民来往大陆通行证": "taiwan",
    "护照": "passport",
}
PLACING_CLASSES = {"一类": 1, "二类": 2}
# as the entry form and the notice name them
PLACING_CLASS_NAMES = {"一类大赛": 1, "国家级一类大赛": 1, "二类竞赛": 2, "国家级二类竞赛": 2}
LEVELS = {"一级/高级技师": 1, "二级/技师": 2, "三级/高级工": 3, "四级/中级工": 4, "五级/初级工": 5}
# The placing columns' headers name the year of the placings they take ("<year>年国家级竞赛类别"):
# the rulebook's placing_year in a blank template; a reader takes the year from the header.
YEARLY_HEADERS = ("国家级竞赛类别", "国家级竞赛类别（二）")
EDITION_MARK = "届次代码"  # the title row says which edition's template it is: "（届次代码：x）"
TEAM_SIZES = ("1", "2", "3")
TEAM_HELP = "单人赛项填 1；4 人及以上照实填写人数（将由人工审核）"
TEAM_NAME_HELP = "双人/三人赛项必填：同一项目中队名相同的选手组成一队；单人赛项不填"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    width: int = 14
    strict: bool = True  # False: the drop-down only suggests, other values may be typed
    max_length: int = 0  # characters the entry can store (0: no limit)


COLUMNS = [
    Column("name", "姓名", True, "选手姓名，与证件一致", width=10, max_length=50),
    Column("gender", "性别", False, "男 或 女", (("男", "女")), width=6),
    Column("document_type", "证件类型", False, "不填即为居民身份证", tuple(DOCUMENT_TYPES), 16),
    Column(
        "id_number",
        "证件号码",
        True,
        "18 位身份证号码；本列必须是“文本”格式",
        width=22,
        max_length=40,
    ),
    Column("birth_date", "出生日期", False, "如 1995-07-01；居民身份证可不填", width=12),
    Column("occupation", "职业（工种）", True, "从下拉列表中选择", width=26),
    Column("group", "组别", True, "职工组 或 学生组", ("职工组", "学生组"), 8),
    Column("phone", "手机号码", False, "11 位手机号码", width=14, max_length=20),
    Column("employer", "所在单位/学校", False, "", width=22, max_length=200),
    Column("full_time_student", "全日制在籍学生", False, "是/否", (YES, NO), 8),
    Column("student_entrepreneur", "在校创业学生", False, "是/否", (YES, NO), 8),
    Column("non_public_economy", "非公经济组织青年", False, "是/否", (YES, NO), 8),
    Column("honor_zhonghua", "已获中华技能大奖", False, "是/否", (YES, NO), 8),
    Column("honor_national", "已获全国技术能手", False, "是/否", (YES, NO), 8),
    Column("other_honors", "其他荣誉", False, "多个用；分隔", width=18),
    Column(
        "placing_class",
        "国家级竞赛类别",
        False,
        "一类 或 二类；没有则空",
        tuple(PLACING_CLASSES),
        10,
    ),
    Column("placing_team_size", "赛项人数", False, TEAM_HELP, TEAM_SIZES, 8, strict=False),
    Column("placing_rank", "名次", False, "如 3", width=6),
    Column(
        "placing2_class",
        "国家级竞赛类别（二）",
        False,
        "第二个名次；没有则空",
        tuple(PLACING_CLASSES),
        10,
    ),
    Column("placing2_team_size", "赛项人数（二）", False, TEAM_HELP, TEAM_SIZES, 8, strict=False),
    Column("placing2_rank", "名次（二）", False, "如 3", width=6),
    Column(
        "qualification_level", "本职业国家职业资格", False, "已取得的最高等级", tuple(LEVELS), 14
    ),
    Column("qualification_issued_on", "资格证书颁发日期", False, "如 2018-05-01", width=12),
    # in the blank template only where the edition has a pairs or three-person event
    Column("team", "队名", False, TEAM_NAME_HELP, width=12, max_length=50),
    # in the blank template only where the edition's rulebook asks them (columns_in)
    Column("school_enrolled_on", "学籍注册日期", False, "学生填写，如 2023-09-01", width=12),
    Column(
        "school_province",
        "院校所在省份",
        False,
        "学生填写：省份名称（如 安徽省）或代码（身份证号前两位，如 34）",
        width=12,
        max_length=20,
    ),
    Column(
        "title_rights",
        "已取得的称号申报资格",
        False,
        "称号加取得年份，如 全国技术能手2024；多个用；分隔；未取得则空",
        width=22,
    ),
]
HEADERS = {c.header: c for c in COLUMNS}
# Headers a registrar may have typed in a home-made copy; read as the template's own.
ALIASES = {
    "身份证号码": "证件号码",
    "身份证号": "证件号码",
    "所在单位": "所在单位/学校",
    "是否全日制在籍学生": "全日制在籍学生",
    "是否在校创业学生": "在校创业学生",
    "是否非公经济组织": "非公经济组织青年",
}


# The columns the error report adds after the template's; read back, they are left out.
ROW_HEADER, ERROR_HEADER = "原行号", "错误说明"
REPORT_HEADERS = frozenset({ROW_HEADER, ERROR_HEADER})


# ---- the blank template
def write_blank(target, rulebook: Rulebook) -> None:
    """Write the blank template (a path or a binary file object)."""
    columns = columns_in(rulebook)
    book = xlsxwriter.Workbook(target, {"strings_to_numbers": False})
    # A fixed creation time keeps the shipped copy byte-for-byte reproducible.
    issued = rulebook.edition.issued_on or rulebook.edition.period_start
    book.set_properties({"created": dt.datetime(issued.year, issued.month, issued.day)})
    sheet = book.add_worksheet("报名表")
    lists = book.add_worksheet("选项")
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": 49})  # built-in "@": text
    sheet.merge_range(
        0,
        0,
        0,
        len(columns) - 1,
        f"{rulebook.edition.name} 报名表（{EDITION_MARK}：{rulebook.edition.code}）",
        book.add_format({"bold": True, "font_size": 14}),
    )
    occupations = [o.name for o in rulebook.occupations]
    lists.write_column(0, 0, occupations)
    lists.hide()
    for index, column in enumerate(columns):
        sheet.write(1, index, header_in(column, rulebook), head)
        sheet.set_column(index, index, column.width, text)
        if column.help:
            sheet.write_comment(1, index, column.help)
        rows = (2, index, 10001, index)
        if column.key == "occupation":
            sheet.data_validation(
                *rows, {"validate": "list", "source": f"=选项!$A$1:$A${len(occupations)}"}
            )
        elif column.key == "group":
            labels = [g.label for g in rulebook.groups.values()]
            sheet.data_validation(*rows, {"validate": "list", "source": labels})
        elif column.choices:
            rule = {"validate": "list", "source": list(column.choices)}
            if not column.strict:
                rule["error_type"] = "information"
            sheet.data_validation(*rows, rule)
    sheet.freeze_panes(2, 1)
    _instructions(book.add_worksheet("说明"), rulebook)
    book.close()


def columns_in(rulebook: Rulebook) -> list[Column]:
    """The blank template's columns: 队名 only where the edition has a team event, the school
    and title-right questions only where its rulebook asks them."""
    rules = rulebook.eligibility
    asked = {
        "team": any(event.team_size > 1 for event in rulebook.events),
        "school_enrolled_on": rules.student_enrolled_by is not None,
        "school_province": bool(rules.school_provinces),
        "title_rights": bool(rules.excluding_title_rights),
    }
    return [c for c in COLUMNS if asked.get(c.key, True)]


def header_in(column: Column, rulebook: Rulebook) -> str:
    """The column's header in the blank template of `rulebook`'s edition."""
    if column.header in YEARLY_HEADERS:
        return f"{rulebook.eligibility.placing_year}年{column.header}"
    return column.header


def _window(group) -> str:
    def day(d: dt.date) -> str:
        return f"{d.year}年{d.month}月{d.day}日"

    if group.born_to is None:
        return f"{day(group.born_from)}及以后出生"
    return f"{day(group.born_from)}至{day(group.born_to)}出生"


def _date_examples(day: dt.date) -> str:
    return (
        f"{day:%Y-%m-%d}、{day.year}/{day.month}/{day.day} 或 {day.year}年{day.month}月{day.day}日"
    )


def _single_groups(rulebook: Rulebook) -> str:
    """'；配电电缆工…只设职工组' for the occupations the edition holds in one group only."""
    held: dict[str, list[str]] = {}
    for event in rulebook.events:
        held.setdefault(event.occupation, []).append(rulebook.groups[event.group].label)
    if len(rulebook.groups) < 2:
        return ""
    single: dict[str, list[str]] = {}
    for occupation, labels in held.items():
        if len(labels) == 1:
            single.setdefault(labels[0], []).append(occupation)
    return "".join(f"；{'、'.join(names)}只设{label}" for label, names in single.items())


def _status_rule(rulebook: Rulebook) -> str:
    """What the groups ask of a student (rules.md §3.2), in the edition's group labels."""
    student, worker = rulebook.groups.get("student"), rulebook.groups.get("worker")
    text = f"{student.label}限全日制在籍学生；" if student else ""
    if worker and rulebook.eligibility.student_as_worker_refused:
        text += f"全日制在籍学生（含在校创业学生）不能报{worker.label}。"
    elif worker:
        text += f"在校创业学生不能报{worker.label}。"
    return text


def _team_lines(rulebook: Rulebook) -> list[str]:
    sizes = {2: "双人", 3: "三人"}
    named = [
        f"{e.occupation}（{rulebook.groups[e.group].label}，{sizes.get(e.team_size, e.team_size)}赛项）"
        for e in rulebook.events
        if e.team_size > 1
    ]
    if not named:
        return []
    return [
        f"10. {'、'.join(named)}按队报名：每名队员一行，在“队名”列填写队名；同一项目中队名相同的"
        "选手组成一队，人数不得超过该赛项的每队人数。单人赛项不填队名。"
    ]


def _school_lines(rulebook: Rulebook) -> list[str]:
    rules, lines = rulebook.eligibility, []
    if rules.student_enrolled_by:
        by = rules.student_enrolled_by
        lines.append(
            f"学生选手在“学籍注册日期”列填写正式注册学籍的日期（须在{by.year}年{by.month}月{by.day}日以前，含当日）。"
        )
    if rules.school_provinces:
        lines.append(
            f"学生选手在“院校所在省份”列填写院校所在省份（限{rules.school_region_label}院校）。"
        )
    if rules.excluding_title_rights:
        named = "；".join(
            f"{r.title}（{'、'.join(map(str, r.years))}年）" for r in rules.excluding_title_rights
        )
        lines.append(
            f"已取得以下称号申报资格者不得参赛：{named}。已取得的，在“已取得的称号申报资格”列填写称号和年份，如 {rules.excluding_title_rights[0].title}{rules.excluding_title_rights[0].years[0]}。"
        )
    first = 10 + bool(_team_lines(rulebook))
    return [f"{first + i}. {line}" for i, line in enumerate(lines)]


def _instructions(sheet, rulebook: Rulebook) -> None:
    rules = rulebook.eligibility
    groups = "；".join(
        f"{g.label}：{g.age_label}，即{_window(g)}（含当日）" for g in rulebook.groups.values()
    )
    sizes = {1: "单人", 2: "双人", 3: "三人"}
    limits = "；".join(
        f"{'一类' if x.class_ == 1 else '二类'}{sizes.get(x.team_size, f'{x.team_size}人')}赛项前{x.max_rank}名"
        for x in rules.placing_exclusions
    )
    placed = "、".join(
        rulebook.groups[g].label for g in rules.placing_groups if g in rulebook.groups
    )
    lines = [
        f"{rulebook.edition.name} 报名表填写说明",
        "1. 在“报名表”工作表第 3 行起每行填写一名选手；不要修改第 2 行的列标题。第 1 行标题可改可删。",
        "2. 证件号码：居民身份证填 18 位号码（末位 X 大小写均可）；15 位旧号码已于 2013 年停止使用，不能报名。",
        "   该列已设为“文本”格式。不要把它改成数字格式，否则 Excel 会丢掉 18 位号码的最后几位。",
        f"3. 日期可写成 {_date_examples(rulebook.edition.period_start)}。",
        f"4. 职业（工种）和组别从下拉列表中选择{_single_groups(rulebook)}。",
        f"5. {groups}。{_status_rule(rulebook)}",
        f"6. 已获“{'”“'.join(rules.excluding_honors)}”荣誉者不得参赛。",
        f"7. {placed}选手{'、'.join(map(str, rules.placing_years))}年国家级竞赛获得以下名次的不得参赛：{limits}。",
        "   名次最多填两项（第二项填在带“（二）”的三列），竞赛类别、赛项人数、名次三项要么都填、要么都不填；",
        "   赛项人数 4 人及以上照实填写，由人工审核。",
        "8. 港澳台居民、外籍人员请在“证件类型”中选择证件，并填写出生日期，由组委会人工核验。",
        "9. 可保存为 .xlsx 上传，也可另存为 CSV（UTF-8 或 GBK 编码均可）。",
        *_team_lines(rulebook),
        *_school_lines(rulebook),
    ]
    sheet.set_column(0, 0, 120)
    for index, line in enumerate(lines):
        sheet.write_string(index, 0, line)


if __name__ == "__main__":
    # Regenerate the shipped blank copy: python -m zhenxing.formats.entry_template.columns [CODE]
    # (the installed edition CODE; without it, the one whose contest started first).
    import sys
    from pathlib import Path

    from zhenxing.rules.rulebook import load_edition, packaged_codes

    codes = sys.argv[1:] or [
        min(packaged_codes(), key=lambda c: load_edition(c).edition.period_start)
    ]
    write_blank(str(Path(__file__).with_name("registration-template.xlsx")), load_edition(codes[0]))
