"""Each rulebook value the outputs depend on is read from the rulebook, not from 2020's notice:
swapping it changes the output (issue: any edition is a rulebook file)."""

from decimal import Decimal

import pytest

from tests.rules.test_eligibility import RB, entry, student
from zhenxing.rules import scoring
from zhenxing.rules.eligibility import check_entry


def _with(section: str, **values):
    part = getattr(RB, section).model_copy(update=values)
    return RB.model_copy(update={section: part})


def _reason(verdict, code):
    found = [r for r in verdict.reasons + verdict.flags if r.code == code]
    assert found, [r.code for r in verdict.reasons + verdict.flags]
    return found[0]


@pytest.mark.parametrize(
    ("field", "code", "make"),
    [
        ("events_clause", "UNKNOWN_EVENT", lambda: entry(occupation="不存在的职业")),
        ("status_clause", "STUDENT_AS_WORKER", lambda: entry(full_time_student=True)),
        ("honors_clause", "HONOR_EXCLUDED", lambda: entry(honors=["全国技术能手"])),
        ("priority_clause", "PRIORITY_QUALIFICATION", None),
        ("non_public_economy_clause", "NON_PUBLIC_ECONOMY", lambda: entry(non_public_economy=True)),
        ("placings_clause", "PLACING_EXCLUDED", None),
    ],
)
def test_every_eligibility_clause_comes_from_the_rulebook(field, code, make):
    candidate = make() if make else _special(code)
    before = _reason(check_entry(candidate, RB), code)
    other = _with("eligibility", **{field: "第九条"})
    after = _reason(check_entry(candidate, other), code)
    assert before.clause != "第九条" and after.clause == "第九条"


def _special(code):
    if code == "PRIORITY_QUALIFICATION":
        return entry(qualifications=[{"occupation": "配电电缆工", "level": 3}])
    year = RB.eligibility.placing_year
    return entry(placings=[{"year": year, "class": 1, "team_size": 1, "rank": 1}])


def test_the_group_named_in_a_placing_refusal_is_the_rulebooks():
    year = RB.eligibility.placing_year
    placed = entry(
        group="在职青年组", placings=[{"year": year, "class": 1, "team_size": 1, "rank": 1}]
    )
    worker = RB.groups["worker"].model_copy(update={"label": "在职青年组"})
    other = RB.model_copy(update={"groups": {**RB.groups, "worker": worker}})
    message = _reason(check_entry(placed, other), "PLACING_EXCLUDED").message
    assert "在职青年组" in message and "职工" not in message


def test_an_unknown_event_lists_the_rulebooks_groups_and_what_the_occupation_holds():
    message = _reason(check_entry(student(occupation="配电电缆工"), RB), "UNKNOWN_EVENT").message
    assert "职工组或学生组" in message and "配电电缆工只设职工组" in message
    student_group = RB.groups["student"].model_copy(update={"label": "院校组"})
    other = RB.model_copy(update={"groups": {**RB.groups, "student": student_group}})
    renamed = check_entry(entry(occupation="配电电缆工", group="院校组"), other)
    assert "职工组或院校组" in _reason(renamed, "UNKNOWN_EVENT").message


def test_a_current_affairs_part_weighted_zero_is_neither_needed_nor_flagged():
    zero = _with("scoring", current_affairs_weight=Decimal(0), knowledge_weight=Decimal(20)).scoring
    full = {"knowledge": Decimal(100), "practical": Decimal(100), "current_affairs": None}
    scores = {"knowledge": Decimal(50), "practical": Decimal(50)}
    total = scoring.compute_total(scores, full, zero)
    assert total is not None and total.published == Decimal("50.00")
    assert not scoring.flags_missing_current_affairs(zero, full)
    assert scoring.flags_missing_current_affairs(RB.scoring, full)  # 2020 weights it 5
    with_section = {**full, "current_affairs": Decimal(100)}
    assert scoring.compute_total(scores, with_section, zero) is not None


def test_a_student_without_enrolment_is_pointed_to_the_other_group_only_where_it_exists():
    message = _reason(check_entry(student(full_time_student=False), RB), "NOT_FULL_TIME_STUDENT")
    assert message.message.endswith("；本职业可改报职工组")  # 模具工（冲压） has both groups
    only_students = check_entry(student(occupation="计算机网络管理员", full_time_student=False), RB)
    held = [e.group for e in RB.events if e.occupation == "计算机网络管理员"]
    hint = "改报" in _reason(only_students, "NOT_FULL_TIME_STUDENT").message
    assert hint == ("worker" in held)


def test_placings_of_every_year_the_rulebook_names_exclude():
    def placed(year):
        return entry(placings=[{"year": year, "class": 1, "team_size": 1, "rank": 1}])

    two_years = _with("eligibility", placing_years=[2023, 2024])
    assert not check_entry(placed(2023), two_years).eligible
    assert not check_entry(placed(2024), two_years).eligible
    assert check_entry(placed(2022), two_years).eligible


def test_the_priority_flag_is_raised_in_the_groups_the_rulebook_names():
    qualified = {"qualifications": [{"occupation": "模具工（冲压）", "level": 3}]}
    enrolled = student(occupation="模具工（冲压）", **qualified)
    flags = [f.code for f in check_entry(enrolled, RB).flags]
    assert "PRIORITY_QUALIFICATION" not in flags
    both = _with("eligibility", priority_groups=["worker", "student"])
    assert "PRIORITY_QUALIFICATION" in [f.code for f in check_entry(enrolled, both).flags]
