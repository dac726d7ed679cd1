"""`zhenxing edition diff A B`: every changed value, item by item, in Chinese."""

import datetime as dt
from decimal import Decimal

from zhenxing.cli import main
from zhenxing.rules.rulebook import load_edition
from zhenxing.rules.rulebook_diff import diff

RB = load_edition("2020-nmg")


def _with(section: str, **values):
    return RB.model_copy(update={section: getattr(RB, section).model_copy(update=values)})


def test_the_same_rulebook_has_no_change():
    assert diff(RB, RB) == []


def test_a_changed_value_is_named_by_its_path_with_both_values():
    changed = _with("scoring", current_affairs_weight=Decimal(0), knowledge_weight=Decimal(20))
    assert diff(RB, changed) == [
        "修改 scoring.current_affairs_weight：5 → 0",
        "修改 scoring.knowledge_weight：15 → 20",
    ]
    window = RB.groups["worker"].model_copy(update={"born_from": dt.date(1986, 7, 1)})
    moved = RB.model_copy(update={"groups": {**RB.groups, "worker": window}})
    assert diff(RB, moved) == ["修改 groups.worker.born_from：1985-07-01 → 1986-07-01"]


def test_items_of_a_list_are_matched_by_what_names_them_not_by_position():
    events = list(reversed(RB.events))
    assert diff(RB, RB.model_copy(update={"events": events})) == []
    fewer = RB.model_copy(update={"events": RB.events[1:]})
    first = RB.events[0]
    assert diff(RB, fewer) == [f"删除 events[{first.occupation}/{first.group}]"]
    assert diff(fewer, RB)[0].startswith(f"新增 events[{first.occupation}/{first.group}]：")


def test_an_optional_section_added_or_removed_is_said(tmp_path, capsys):
    without = RB.model_copy(update={"showcase": None})
    assert diff(without, RB)[0].startswith("修改 showcase：（空） → {name = ")


def test_the_command_takes_files_or_installed_codes_and_fails_in_one_message(tmp_path, capsys):
    assert main(["edition", "diff", "2020-nmg", "2020-nmg"]) == 0
    assert "内容相同" in capsys.readouterr().out
    broken = tmp_path / "draft.toml"
    broken.write_text("[edition\n", "utf-8")
    assert main(["edition", "diff", "2020-nmg", str(broken)]) == 2
    assert "TOML 语法错误" in capsys.readouterr().err


def test_the_2025_school_rules_read_as_changes_from_empty():
    lines = diff(load_edition("2023-ah"), load_edition("2025-ah"))
    assert "修改 eligibility.student_enrolled_by：（空） → 2025-07-01" in lines
    assert "修改 eligibility.school_region_label：（空） → 安徽省" in lines
    assert any(line.startswith("新增 events[机床装调维修工（普通机床电气装调维修）/student]") and
               "team_size = 2" in line for line in lines)  # fmt: skip
