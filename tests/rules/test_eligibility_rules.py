"""Eligibility (§三, rules.md §3): every code and flag, every boundary day, ID properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from zhenxing.rules import idcard
from zhenxing.rules.eligibility import Entry, EntryInputError, check_entry
from zhenxing.rules.rulebook import load_edition

RB = load_edition("2020-nmg")


def make_id(birth: dt.date, male: bool = True, region: str = "150102", seq: int = 12) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:02d}{3 if male else 4}"
    return body + ric.calc_check_digit(body + "0")


def entry(**fields) -> Entry:
    birth = fields.pop("birth", dt.date(1990, 1, 1))
    data = {
        "name": "张三",
        "occupation": "配电电缆工",
        "group": "职工组",
        "birth_date": birth.isoformat(),
        "id_number": make_id(birth),
        "gender": "男",
    }
    data.update(fields)
    return Entry.from_contract(data)


def codes(e: Entry) -> tuple[list[str], list[str]]:
    verdict = check_entry(e, RB)
    return [r.code for r in verdict.reasons], [f.code for f in verdict.flags]


def test_a_plain_worker_is_eligible():
    verdict = check_entry(entry(), RB)
    assert verdict.eligible and not verdict.reasons and not verdict.flags


@pytest.mark.parametrize(
    ("group", "occupation", "birth", "eligible"),
    [
        ("职工组", "配电电缆工", dt.date(1985, 7, 1), True),
        ("职工组", "配电电缆工", dt.date(1985, 6, 30), False),
        ("学生组", "模具工（冲压）", dt.date(1995, 7, 1), True),
        ("学生组", "模具工（冲压）", dt.date(2004, 6, 30), True),
        ("学生组", "模具工（冲压）", dt.date(1995, 6, 30), False),
        ("学生组", "模具工（冲压）", dt.date(2004, 7, 1), False),
    ],
)
def test_every_boundary_day_of_the_windows(group, occupation, birth, eligible):
    reasons, _ = codes(
        entry(group=group, occupation=occupation, birth=birth, full_time_student=group == "学生组")
    )
    assert (reasons == []) is eligible
    if not eligible:
        assert reasons == ["BIRTH_OUT_OF_WINDOW"]


def test_window_message_names_the_window():
    verdict = check_entry(entry(birth=dt.date(1985, 6, 30)), RB)
    assert "1985年7月1日" in verdict.reasons[0].message and verdict.reasons[0].clause == "§三.1"


def test_unknown_occupation_and_students_group_of_a_regional_occupation():
    assert codes(entry(occupation="焊工"))[0] == ["UNKNOWN_EVENT"]
    assert (
        "UNKNOWN_EVENT"
        in codes(entry(group="学生组", full_time_student=True, birth=dt.date(2000, 1, 1)))[0]
    )
    assert (
        codes(entry(group="worker"))[0] == []
        and codes(entry(occupation=" 模具工 (冲压) "))[0] == []
    )


def test_status_rules():
    assert codes(entry(occupation="模具工（冲压）", group="学生组", birth=dt.date(2000, 1, 1)))[
        0
    ] == ["NOT_FULL_TIME_STUDENT"]
    reasons, _ = codes(entry(full_time_student=True, student_entrepreneur=True))
    assert reasons == ["STUDENT_AS_WORKER"]
    verdict = check_entry(entry(full_time_student=True, student_entrepreneur=True), RB)
    assert "在校创业学生" in verdict.reasons[0].message


@pytest.mark.parametrize("honor", ["中华技能大奖", "全国技术能手", " 全国技术能手 "])
def test_excluding_honors_bar_any_group(honor):
    assert codes(entry(honors=[honor]))[0] == ["HONOR_EXCLUDED"]
    student = entry(
        occupation="模具工（冲压）",
        group="学生组",
        birth=dt.date(2000, 1, 1),
        full_time_student=True,
        honors=[honor],
    )
    assert codes(student)[0] == ["HONOR_EXCLUDED"]
    assert codes(entry(honors=["全区技术能手"]))[0] == []


@pytest.mark.parametrize(
    ("klass", "team", "limit"),
    [(1, 1, 5), (1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 2, 2), (2, 3, 1)],
)
def test_placings_by_class_and_team_size(klass, team, limit):
    def placing(rank, year=2020):
        return [{"year": year, "class": klass, "team_size": team, "rank": rank}]

    assert codes(entry(placings=placing(limit)))[0] == ["PLACING_EXCLUDED"]
    assert codes(entry(placings=placing(limit + 1)))[0] == []
    assert codes(entry(placings=placing(1, year=2019)))[0] == []
    student = entry(
        occupation="模具工（冲压）",
        group="学生组",
        birth=dt.date(2000, 1, 1),
        full_time_student=True,
        placings=placing(1),
    )
    assert codes(student) == ([], [])


def test_other_team_sizes_are_flagged_for_workers_only():
    placing = [{"year": 2020, "class": 1, "team_size": 4, "rank": 1}]
    assert codes(entry(placings=placing)) == ([], ["MANUAL_REVIEW"])
    student = entry(
        occupation="模具工（冲压）",
        group="学生组",
        birth=dt.date(2000, 1, 1),
        full_time_student=True,
        placings=placing,
    )
    assert codes(student) == ([], [])


def test_every_applicable_reason_is_listed():
    reasons, _ = codes(
        entry(
            birth=dt.date(1980, 1, 1),
            full_time_student=True,
            honors=["全国技术能手"],
            placings=[{"year": 2020, "class": 2, "team_size": 1, "rank": 1}],
        )
    )
    assert reasons == [
        "BIRTH_OUT_OF_WINDOW",
        "STUDENT_AS_WORKER",
        "HONOR_EXCLUDED",
        "PLACING_EXCLUDED",
    ]


def test_soft_flags():
    def qual(level, occ="配电电缆工"):
        return [{"occupation": occ, "level": level, "issued_on": "2018-01-01"}]  # noqa: E731

    assert codes(entry(qualifications=qual(4))) == ([], ["PRIORITY_QUALIFICATION"])
    assert codes(entry(qualifications=qual(5))) == ([], [])
    assert codes(entry(qualifications=qual(2, "数控车工"))) == ([], [])
    assert codes(entry(non_public_economy=True)) == ([], ["NON_PUBLIC_ECONOMY"])
    student = entry(
        occupation="模具工（冲压）",
        group="学生组",
        birth=dt.date(2000, 1, 1),
        full_time_student=True,
        qualifications=qual(3, "模具工（冲压）"),
    )
    assert codes(student) == ([], [])


def test_identity_checks():
    birth = dt.date(1990, 1, 1)
    good = make_id(birth)
    assert codes(entry(id_number=good[:-1] + ("0" if good[-1] != "0" else "1")))[0] == [
        "ID_INVALID"
    ]
    assert codes(entry(birth=birth, birth_date="1990-01-02"))[0] == ["ID_BIRTH_MISMATCH"]
    assert codes(entry(gender="女"))[0] == ["ID_GENDER_MISMATCH"]
    assert codes(entry(id_number=good, gender=None))[0] == []


def test_invalid_id_hides_the_mismatches():
    assert codes(entry(id_number="150102199001011231", birth_date="1991-01-01", gender="女"))[
        0
    ] == ["ID_INVALID"]


def test_id_forms():
    with_x = next(
        make_id(dt.date(1990, 1, d), seq=s)
        for d in range(1, 29)
        for s in range(100)
        if make_id(dt.date(1990, 1, d), seq=s).endswith("X")
    )
    assert idcard.check(with_x.lower(), RB.eligibility.province_codes).valid
    assert idcard.check(
        " ".join([with_x[:6], with_x[6:14], with_x[14:]]), RB.eligibility.province_codes
    ).valid
    fifteen = idcard.check("150102900101123", RB.eligibility.province_codes)
    assert not fifteen.valid and "2013" in fifteen.problem
    bad_province = "99" + make_id(dt.date(1990, 1, 1))[2:17]
    assert (
        "省级"
        in idcard.check(
            bad_province + ric.calc_check_digit(bad_province + "0"), RB.eligibility.province_codes
        ).problem
    )
    feb30 = "15010219900230123"
    assert "不是有效日期" in idcard.check(feb30 + "0", RB.eligibility.province_codes).problem
    assert idcard.mask("150102199001011230") == "150102********1230"


def test_no_mainland_id_is_flagged_for_manual_review():
    e = Entry.from_contract(
        {
            "name": "陈大文",
            "occupation": "配电电缆工",
            "group": "职工组",
            "id_number": None,
            "birth_date": "1990-01-01",
        }
    )
    assert codes(e) == ([], ["MANUAL_REVIEW"])


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"name": ""}, "name"),
        ({"group": 3}, "group"),
        ({"birth_date": "1990-13-01"}, "birth_date"),
        ({"full_time_student": "yes"}, "full_time_student"),
        ({"honors": "全国技术能手"}, "honors"),
        (
            {"placings": [{"year": 2020, "class": 3, "team_size": 1, "rank": 1}]},
            "placings[0].class",
        ),
        ({"qualifications": [{"occupation": "x", "level": 9}]}, "qualifications[0].level"),
        ({"id_number": 150102199001011230}, "id_number"),
    ],
)
def test_bad_input_names_the_field(fields, where):
    with pytest.raises(EntryInputError) as caught:
        entry(**fields)
    assert caught.value.field == where


windows = st.sampled_from(
    [
        ("职工组", "配电电缆工", dt.date(1985, 7, 1), dt.date(2005, 12, 31)),
        ("学生组", "计算机网络管理员", dt.date(1995, 7, 1), dt.date(2004, 6, 30)),
    ]
)


@given(windows, st.data(), st.booleans(), st.integers(0, 99))
def test_valid_id_with_birth_inside_the_window_passes(window, data, male, seq):
    group, occupation, start, end = window
    birth = data.draw(st.dates(start, end))
    e = Entry.from_contract(
        {
            "name": "测试",
            "occupation": occupation,
            "group": group,
            "id_number": make_id(birth, male, seq=seq),
            "gender": "男" if male else "女",
            "full_time_student": group == "学生组",
        }
    )
    assert check_entry(e, RB).eligible


@given(st.dates(dt.date(1986, 1, 1), dt.date(2000, 12, 31)), st.integers(0, 17), st.data())
def test_any_single_changed_character_fails(birth, position, data):
    good = make_id(birth)
    replacement = data.draw(st.sampled_from([c for c in "0123456789X" if c != good[position]]))
    changed = good[:position] + replacement + good[position + 1 :]
    e = Entry.from_contract(
        {
            "name": "测试",
            "occupation": "配电电缆工",
            "group": "职工组",
            "id_number": changed,
            "birth_date": birth.isoformat(),
            "gender": "男",
        }
    )
    assert not check_entry(e, RB).eligible


@pytest.mark.parametrize(
    ("birth", "flagged"),
    [
        (dt.date(2004, 9, 1), False),  # 16 on the edition's first day, 2020-09-01
        (dt.date(2004, 9, 2), True),
        (dt.date(2020, 1, 1), True),  # a baby: a date typed wrong, most often
        (dt.date(2999, 1, 1), True),  # born after the contest
    ],
)
def test_a_worker_under_the_minimum_age_is_flagged_for_review_not_refused(birth, flagged):
    verdict = check_entry(entry(birth=birth), RB)
    assert verdict.eligible  # the notice sets no lower age for the workers' group
    review = [(f.clause, f.message) for f in verdict.flags if f.code == "MANUAL_REVIEW"]
    assert bool(review) is flagged
    if flagged:
        message = "按出生日期，比赛开始时（2020年9月1日）未满 16 周岁，请核对出生日期和证件"
        assert review == [("§三", message)]


def test_the_minimum_age_and_its_clause_come_from_the_rulebook():
    eligibility = RB.eligibility.model_copy(update={"minimum_age": 18, "minimum_age_clause": "X"})
    rulebook = RB.model_copy(update={"eligibility": eligibility})
    verdict = check_entry(entry(birth=dt.date(2003, 1, 1)), rulebook)
    [flag] = verdict.flags
    assert flag.clause == "X" and flag.message.endswith("未满 18 周岁，请核对出生日期和证件")


def test_a_passport_holder_born_in_2999_is_flagged_too():
    passport = entry(id_number=None, birth=dt.date(2999, 1, 1))
    assert codes(passport) == ([], ["MANUAL_REVIEW", "MANUAL_REVIEW"])
