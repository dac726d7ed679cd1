"""The rulebook file: the 2020 edition is complete; a broken file is reported by field path."""

from importlib import resources

import pytest

from zhenxing.cli import main
from zhenxing.rules.rulebook import RulebookError, load_edition, parse

TEXT = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")


def errors_of(text):
    with pytest.raises(RulebookError) as caught:
        parse(text)
    return caught.value.errors


def test_the_2020_edition_holds_the_notice():
    rb = load_edition("2020-nmg")
    assert len(rb.events) == 19
    assert sum(e.group == "student" for e in rb.events) == 3
    assert rb.national_occupations() == ["计算机网络管理员", "机床装调维修工", "模具工（冲压）"]
    assert all(e.host_unit is None for e in rb.events if e.occupation in rb.national_occupations())
    assert rb.host_unit(rb.event("森林抚育", "worker").host_unit).contact.phone == "0470-7428674"
    assert str(rb.groups["worker"].born_from) == "1985-07-01"
    assert str(rb.groups["student"].born_to) == "2004-06-30"
    assert (rb.scoring.current_affairs_weight, rb.scoring.practical_weight) == (5, 80)
    assert [t.name for t in rb.awards.titles] == ["全区技术能手", "全区青年岗位能手"]
    assert len(rb.committee) == 12 and rb.office.contact.name == "薛佳"
    assert rb.registration.deadline is None
    assert all(o.certificate == "none" and not o.certificate_confirmed for o in rb.occupations)
    assert [r.key for r in rb.orgaward.rows][0] == "committee"
    assert len(rb.orgaward.rows) == 17


def test_occupation_names_match_with_half_width_brackets():
    assert load_edition("2020-nmg").event("模具工 (冲压)", "student") is not None


def test_wrong_group_is_reported_by_field_path():
    broken = TEXT.replace('group = "student"', 'group = "students"', 1)
    path, message = errors_of(broken)[0]
    assert path == "events[3].group"
    assert "取值不在允许范围内" in message


def test_syntax_error_gives_the_line():
    lines = TEXT.splitlines()
    index = lines.index("[scoring]")
    lines[index] = "[scoring"
    path, message = errors_of("\n".join(lines))[0]
    assert path == f"line {index + 1}" and "TOML 语法错误" in message


def test_a_deeply_nested_file_is_an_error_not_a_crash():
    path, message = errors_of(TEXT + "\nnested = " + "[" * 5000 + "]" * 5000)[0]
    assert path == "(语法)" and "TOML 嵌套层数过多" in message


def test_every_error_is_listed():
    broken = TEXT.replace("born_from = 1995-07-01", 'born_from = "1995-7-1"').replace(
        "practical_weight = 80", "practical_weight = 70"
    )
    paths = [p for p, _ in errors_of(broken)]
    assert "groups.student.born_from" in paths and "scoring" in paths


def test_unknown_field_and_dangling_reference():
    assert errors_of(TEXT.replace("[judging]", "[judging]\npublicaton_days = 3"))[0][0] == (
        "judging.publicaton_days"
    )
    broken = TEXT.replace('host_unit = "nmg-forest"', 'host_unit = "nmg-forrest"')
    assert "nmg-forrest" in errors_of(broken)[0][1]


def test_cli_validate(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(TEXT, encoding="utf-8")
    assert main(["edition", "validate", str(good)]) == 0
    assert "有效" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(TEXT.replace('group = "student"', 'group = "x"', 1), encoding="utf-8")
    assert main(["edition", "validate", str(bad)]) == 2
    assert "events[3].group" in capsys.readouterr().err
    assert main(["edition", "validate", str(tmp_path / "missing.toml")]) == 2
