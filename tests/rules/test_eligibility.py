"""Who may enter (notice §三, rules.md §3, contracts.md §1): every code and flag, every boundary."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from zhenxing.rules.eligibility import Entry, EntryInputError, check_entry
from zhenxing.rules.rulebook import load_edition

RB = load_edition("2020-nmg")
WORKER = {"occupation": "配电电缆工", "group": "职工组"}
STUDENT = {"occupation": "模具工（冲压）", "group": "学生组", "full_time_student": True}


def make_id(birth: dt.date, male: bool = True, seq: int = 12) -> str:
    body = f"150102{birth:%Y%m%d}{seq:02d}{3 if male else 4}"
    return body + ric.calc_check_digit(body + "0")


def entry(birth=dt.date(1990, 1, 1), **fields) -> Entry:
    data = {"name": "张三", **WORKER, "gender": "男", "birth_date": birth.isoformat()}
    data["id_number"] = make_id(birth)
    data.update(fields)
    return Entry.from_contract(data)


def student(birth=dt.date(2000, 1, 1), **fields) -> Entry:
    return entry(birth, **{**STUDENT, **fields})


def codes(e: Entry, rulebook=RB) -> tuple[list[str], list[str]]:
    verdict = check_entry(e, rulebook)
    assert verdict.eligible is (verdict.reasons == [])
    return [r.code for r in verdict.reasons], [f.code for f in verdict.flags]


def with_eligibility(**changes):
    return RB.model_copy(update={"eligibility": RB.eligibility.model_copy(update=changes)})


def placing(klass=1, team=1, rank=1, year=2020) -> list[dict]:
    return [{"year": year, "class": klass, "team_size": team, "rank": rank}]


def test_a_plain_worker_and_a_plain_student_are_eligible():
    assert codes(entry()) == ([], [])
    assert codes(student()) == ([], [])


# ---- §三.1 windows, inclusive of the named days
@pytest.mark.parametrize(
    ("make", "birth", "eligible"),
    [
        (entry, dt.date(1985, 7, 1), True),
        (entry, dt.date(1985, 6, 30), False),
        (student, dt.date(1995, 7, 1), True),
        (student, dt.date(2004, 6, 30), True),
        (student, dt.date(1995, 6, 30), False),
        (student, dt.date(2004, 7, 1), False),
    ],
)
def test_every_boundary_day_of_the_windows(make, birth, eligible):
    expected = [] if eligible else ["BIRTH_OUT_OF_WINDOW"]
    assert codes(make(birth))[0] == expected


def test_the_window_message_names_the_window_and_the_birth_date():
    reason = check_entry(student(dt.date(2004, 7, 1)), RB).reasons[0]
    assert reason.clause == "§三.1"
    assert "1995年7月1日至2004年6月30日" in reason.message and "2004年7月1日" in reason.message


def test_the_windows_come_from_the_rulebook():
    later = RB.groups["worker"].model_copy(update={"born_from": dt.date(1990, 1, 2)})
    rulebook = RB.model_copy(update={"groups": {**RB.groups, "worker": later}})
    assert codes(entry(dt.date(1990, 1, 1)), rulebook)[0] == ["BIRTH_OUT_OF_WINDOW"]


def test_without_birth_date_the_ids_birth_date_is_judged():
    e = entry(dt.date(1985, 6, 30), birth_date=None)
    assert codes(e)[0] == ["BIRTH_OUT_OF_WINDOW"]


def test_with_an_invalid_id_the_declared_birth_date_is_still_judged():
    e = entry(dt.date(1980, 1, 1), id_number="150102198001011239")
    assert codes(e)[0] == ["ID_INVALID", "BIRTH_OUT_OF_WINDOW"]


# ---- §二 events and groups
@pytest.mark.parametrize("group", ["职工组", "worker", " 职工组 "])
def test_group_by_label_or_code(group):
    assert codes(entry(group=group))[0] == []


@pytest.mark.parametrize("occupation", ["模具工(冲压)", " 模具工 （冲压） ", "模具工（冲压）"])
def test_occupation_matched_after_normalizing(occupation):
    assert codes(entry(occupation=occupation))[0] == []


def test_unknown_occupation_or_a_students_group_for_a_regional_occupation():
    assert codes(entry(occupation="焊工"))[0] == ["UNKNOWN_EVENT"]
    assert codes(student(occupation="配电电缆工"))[0] == ["UNKNOWN_EVENT"]
    reason = check_entry(entry(occupation="焊工"), RB).reasons[0]
    assert "焊工" in reason.message and reason.clause == "§二"


def test_unknown_group_skips_the_windows_but_not_identity_or_honors():
    e = entry(
        dt.date(1970, 1, 1),
        group="青年组",
        gender="女",
        honors=["全国技术能手"],
        placings=placing(),
    )
    assert codes(e)[0] == ["UNKNOWN_EVENT", "ID_GENDER_MISMATCH", "HONOR_EXCLUDED"]


# ---- §三.1/§三.3 status
def test_students_group_needs_a_full_time_student():
    reasons, _ = codes(student(full_time_student=False))
    assert reasons == ["NOT_FULL_TIME_STUDENT"]


def test_a_full_time_student_may_not_enter_as_a_worker():
    plain = check_entry(entry(full_time_student=True), RB).reasons
    startup = check_entry(entry(full_time_student=True, student_entrepreneur=True), RB).reasons
    assert [r.code for r in plain] == [r.code for r in startup] == ["STUDENT_AS_WORKER"]
    assert "具有全日制学籍的在校创业学生" in startup[0].message
    assert startup[0].clause == "§三.3"
    # 配电电缆工 has no students' event: no hint to enter it; 模具工（冲压） has one
    assert "改报" not in startup[0].message
    held_both = check_entry(entry(full_time_student=True, occupation="模具工（冲压）"), RB)
    assert held_both.reasons[0].message.endswith("；本职业可改报学生组")


def test_a_start_up_without_full_time_enrolment_may_enter_as_a_worker():
    assert codes(entry(student_entrepreneur=True))[0] == []


def test_when_the_reading_is_switched_off_only_start_up_students_are_refused():
    rulebook = with_eligibility(student_as_worker_refused=False)
    assert codes(entry(full_time_student=True), rulebook)[0] == []
    e = entry(full_time_student=True, student_entrepreneur=True)
    assert codes(e, rulebook)[0] == ["STUDENT_AS_WORKER"]


# ---- §三.3 honors
@pytest.mark.parametrize("honor", ["中华技能大奖", "全国技术能手", "  全国技术能手 "])
def test_excluding_honors_bar_both_groups(honor):
    assert codes(entry(honors=[honor]))[0] == ["HONOR_EXCLUDED"]
    assert codes(student(honors=[honor]))[0] == ["HONOR_EXCLUDED"]


@pytest.mark.parametrize("honor", ["全区技术能手", "全国技术能手称号", "全国青年岗位能手"])
def test_other_honors_do_not_bar(honor):
    assert codes(entry(honors=[honor]))[0] == []


def test_both_honors_give_two_reasons():
    assert codes(entry(honors=["中华技能大奖", "全国技术能手"]))[0] == ["HONOR_EXCLUDED"] * 2


# ---- §三.3 placings: class × team size, each max rank and one past it
@pytest.mark.parametrize(
    ("klass", "team", "limit"),
    [(1, 1, 5), (1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 2, 2), (2, 3, 1)],
)
def test_placings_at_the_max_rank_exclude_and_one_past_it_do_not(klass, team, limit):
    assert codes(entry(placings=placing(klass, team, limit)))[0] == ["PLACING_EXCLUDED"]
    assert codes(entry(placings=placing(klass, team, limit + 1)))[0] == []


@pytest.mark.parametrize("year", [2019, 2021])
def test_placings_of_other_years_are_ignored(year):
    assert codes(entry(placings=placing(1, 1, 1, year)))[0] == []
    assert codes(entry(placings=placing(1, 4, 1, year))) == ([], [])


def test_students_group_placings_are_ignored():
    assert codes(student(placings=placing(1, 1, 1) + placing(1, 4, 1))) == ([], [])


def test_team_size_4_is_flagged_for_manual_review_on_workers_only():
    assert codes(entry(placings=placing(1, 4, 1))) == ([], ["MANUAL_REVIEW"])
    flag = check_entry(entry(placings=placing(2, 4, 9)), RB).flags[0]
    assert "4人赛项" in flag.message and "人工审核" in flag.message


def test_placing_message_names_the_competition_and_the_limit():
    reason = check_entry(entry(placings=placing(2, 2, 2)), RB).reasons[0]
    assert reason.clause == "§三.3"
    assert "国家级二类竞赛" in reason.message and "2人赛项" in reason.message
    assert "前2名" in reason.message


def test_every_excluding_placing_is_listed():
    placings = placing(1, 1, 5) + placing(2, 3, 1) + placing(2, 3, 2)
    assert codes(entry(placings=placings))[0] == ["PLACING_EXCLUDED"] * 2


def test_placing_rules_come_from_the_rulebook():
    assert codes(entry(placings=placing()), with_eligibility(placing_years=[2021]))[0] == []
    both = with_eligibility(placing_groups=["worker", "student"])
    assert codes(student(placings=placing()), both)[0] == ["PLACING_EXCLUDED"]
    fewer = [x for x in RB.eligibility.placing_exclusions if (x.class_, x.team_size) != (2, 3)]
    rulebook = with_eligibility(placing_exclusions=fewer)
    assert codes(entry(placings=placing(2, 3, 1)), rulebook) == ([], ["MANUAL_REVIEW"])


# ---- §3.4 identity
def test_id_birth_and_gender_mismatches_are_both_listed():
    e = entry(birth_date="1990-01-02", gender="女")
    assert codes(e)[0] == ["ID_BIRTH_MISMATCH", "ID_GENDER_MISMATCH"]
    message = check_entry(e, RB).reasons[0].message
    assert "1990-01-01" in message and "1990-01-02" in message


def test_an_invalid_id_hides_the_mismatches():
    e = entry(id_number="150102199001011231", birth_date="1991-01-01", gender="女")
    assert codes(e)[0] == ["ID_INVALID"]


def test_gender_absent_is_not_compared():
    assert codes(entry(gender=None, id_number=make_id(dt.date(1990, 1, 1), male=False)))[0] == []


def test_id_with_lowercase_x_and_spaces():
    number = next(n for s in range(100) if (n := make_id(dt.date(1990, 1, 1), seq=s)).endswith("X"))
    assert codes(entry(id_number=" " + number[:9] + " " + number[9:].lower()))[0] == []


@pytest.mark.parametrize(
    ("number", "needle"),
    [
        ("150102900101123", "2013"),
        ("99" + "0102199001011230"[:15] + "X", "省级"),
        ("150102199002301234", "不是有效日期"),
    ],
)
def test_invalid_ids(number, needle):
    if needle != "2013":  # give it a correct check character, so only the named part is wrong
        number = number[:17] + ric.calc_check_digit(number[:17] + "0")
    verdict = check_entry(entry(id_number=number), RB)
    assert [r.code for r in verdict.reasons] == ["ID_INVALID"]
    assert needle in verdict.reasons[0].message


def test_no_mainland_id_is_flagged_and_judged_on_the_declared_birth_date():
    assert codes(entry(id_number=None)) == ([], ["MANUAL_REVIEW"])
    assert codes(entry(dt.date(1980, 1, 1), id_number=None)) == (
        ["BIRTH_OUT_OF_WINDOW"],
        ["MANUAL_REVIEW"],
    )


# ---- §三.1 soft rules: flags never refuse
@pytest.mark.parametrize(("level", "flagged"), [(1, True), (4, True), (5, False)])
def test_priority_qualification_is_level_4_or_higher(level, flagged):
    quals = [{"occupation": "配电电缆工", "level": level, "issued_on": "2018-05-01"}]
    assert codes(entry(qualifications=quals)) == ([], ["PRIORITY_QUALIFICATION"] * flagged)


def test_priority_qualification_only_in_the_entrys_own_occupation_and_workers_group():
    other = [{"occupation": "数控车工", "level": 2, "issued_on": "2018-05-01"}]
    assert codes(entry(qualifications=other)) == ([], [])
    own = [{"occupation": "模具工(冲压)", "level": 2, "issued_on": "2018-05-01"}]
    assert codes(entry(occupation="模具工（冲压）", qualifications=own))[1] == [
        "PRIORITY_QUALIFICATION"
    ]
    assert codes(student(qualifications=own)) == ([], [])


def test_non_public_economy_is_flagged_in_both_groups():
    assert codes(entry(non_public_economy=True)) == ([], ["NON_PUBLIC_ECONOMY"])
    assert codes(student(non_public_economy=True)) == ([], ["NON_PUBLIC_ECONOMY"])


def test_flags_never_refuse():
    e = entry(
        id_number=None,
        non_public_economy=True,
        qualifications=[{"occupation": "配电电缆工", "level": 3, "issued_on": None}],
        placings=placing(1, 5, 1),
    )
    verdict = check_entry(e, RB)
    assert verdict.eligible
    assert sorted(f.code for f in verdict.flags) == [
        "MANUAL_REVIEW",
        "MANUAL_REVIEW",
        "NON_PUBLIC_ECONOMY",
        "PRIORITY_QUALIFICATION",
    ]


def test_every_applicable_reason_is_listed():
    e = entry(
        dt.date(1980, 1, 1),
        birth_date="1980-01-02",
        gender="女",
        full_time_student=True,
        honors=["中华技能大奖"],
        placings=placing(1, 1, 1),
    )
    assert codes(e)[0] == [
        "ID_BIRTH_MISMATCH",
        "ID_GENDER_MISMATCH",
        "BIRTH_OUT_OF_WINDOW",
        "STUDENT_AS_WORKER",
        "HONOR_EXCLUDED",
        "PLACING_EXCLUDED",
    ]


# ---- reading the contract's types
@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"name": "  "}, "name"),
        ({"occupation": None}, "occupation"),
        ({"id_number": None, "birth_date": None}, "id_number"),
        ({"id_number": 150102199001011230}, "id_number"),
        ({"birth_date": "1990/01/01"}, "birth_date"),
        ({"gender": "M"}, "gender"),
        ({"non_public_economy": "true"}, "non_public_economy"),
        ({"honors": [1]}, "honors[0]"),
        ({"placings": {"year": 2020}}, "placings"),
        ({"placings": [{"year": 2020, "class": 1, "team_size": 1}]}, "placings[0].rank"),
        (
            {"placings": [{"year": 2020, "class": 1, "team_size": 1, "rank": "3"}]},
            "placings[0].rank",
        ),
        ({"placings": [{"year": 2020, "class": 1, "team_size": 1, "rank": 0}]}, "placings[0].rank"),
        (
            {"placings": [{"year": 2020, "class": True, "team_size": 1, "rank": 1}]},
            "placings[0].class",
        ),
        ({"qualifications": [{"occupation": "配电电缆工"}]}, "qualifications[0].level"),
        ({"qualifications": [{"level": 3}]}, "qualifications[0].occupation"),
    ],
)
def test_a_wrong_field_is_named(fields, where):
    with pytest.raises(EntryInputError) as caught:
        entry(**fields)
    assert caught.value.field == where


def test_missing_optional_fields_mean_empty_and_false():
    e = Entry.from_contract(
        {"name": "李四", **WORKER, "birth_date": "1990-01-01", "id_number": None}
    )
    assert e.honors == () and e.placings == () and e.full_time_student is False


# ---- properties
WINDOWS = st.sampled_from(
    [
        (WORKER, dt.date(1985, 7, 1), dt.date(2006, 12, 31)),
        (STUDENT, dt.date(1995, 7, 1), dt.date(2004, 6, 30)),
        ({**STUDENT, "occupation": "计算机网络管理员"}, dt.date(1995, 7, 1), dt.date(2004, 6, 30)),
    ]
)


@given(WINDOWS, st.data(), st.booleans(), st.integers(0, 99))
def test_a_valid_id_born_inside_the_window_passes(window, data, male, seq):
    fields, start, end = window
    birth = data.draw(st.dates(start, end))
    e = entry(birth, **fields, id_number=make_id(birth, male, seq), gender="男" if male else "女")
    assert check_entry(e, RB).eligible


@given(st.dates(dt.date(1986, 1, 1), dt.date(2000, 12, 31)), st.integers(0, 17), st.data())
def test_changing_any_single_character_makes_the_entry_ineligible(birth, position, data):
    good = make_id(birth)
    other = data.draw(st.sampled_from([c for c in "0123456789X" if c != good[position]]))
    e = entry(birth, id_number=good[:position] + other + good[position + 1 :])
    reasons, _ = codes(e)
    assert reasons and set(reasons) <= {"ID_INVALID", "ID_BIRTH_MISMATCH", "ID_GENDER_MISMATCH"}


def test_a_date_with_a_time_is_judged_on_its_day():
    """A caller in Python may pass a spreadsheet's datetime: the rules compare days, not crash."""
    e = Entry.from_contract(
        {**STUDENT, "name": "张三", "birth_date": dt.datetime(2000, 1, 1, 8, 30), "id_number": None}
    )
    assert e.birth_date == dt.date(2000, 1, 1) and type(e.birth_date) is dt.date
    assert check_entry(e, RB).birth_date == dt.date(2000, 1, 1)
