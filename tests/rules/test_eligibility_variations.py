"""What other notices say that 2020's does not (issue 20 item 2), as the 2025 Anhui rulebook says
it: students registered at a school by a date, schools of one province only, and exclusion by a
right to a title earned in earlier years. Each new rulebook value, changed alone, changes a
verdict (the property test of test_rulebook_properties.py, for fields 2020 does not use)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pydantic import ValidationError

from zhenxing.rules.eligibility import Entry, EntryInputError, check_entry
from zhenxing.rules.rulebook import Rulebook, load_edition

AH = load_edition("2025-ah")
STUDENT = {"name": "李四", "occupation": "装配钳工", "group": "学生组", "birth_date": "2004-03-01",
           "full_time_student": True, "school_enrolled_on": "2023-09-01", "school_province": "34"}  # fmt: skip


def verdict(rulebook: Rulebook = AH, **fields):
    return check_entry(Entry.from_contract({**STUDENT, **fields}), rulebook)


def codes(found) -> list[str]:
    return [reason.code for reason in found.reasons]


def review_messages(found) -> list[str]:
    return [flag.message for flag in found.flags if flag.code == "MANUAL_REVIEW"]


def test_a_student_registered_on_the_day_is_in_and_the_day_after_is_out():
    assert verdict(school_enrolled_on="2025-07-01").eligible
    late = verdict(school_enrolled_on="2025-07-02")
    assert codes(late) == ["STUDENT_ENROLLED_LATE"]
    assert late.reasons[0].clause == "§二（一）"
    assert "2025年7月1日以前（含当日）" in late.reasons[0].message
    assert "2025年7月2日" in late.reasons[0].message


def test_a_student_without_a_registration_date_goes_to_a_reviewer():
    found = verdict(school_enrolled_on=None)
    assert found.eligible
    assert any("未填学籍注册日期" in m for m in review_messages(found))


def test_a_school_of_another_province_refuses_and_a_missing_one_is_reviewed():
    assert codes(verdict(school_province="32")) == ["SCHOOL_OUTSIDE_REGION"]
    assert "安徽省院校" in verdict(school_province="32").reasons[0].message
    missing = verdict(school_province=None)
    assert missing.eligible and any("未填院校所在省份" in m for m in review_messages(missing))


def test_a_right_to_the_title_earned_in_a_named_year_refuses():
    for year in (2023, 2024):
        found = verdict(title_rights=[{"title": "全国技术能手", "year": year}])
        assert codes(found) == ["TITLE_RIGHT_EXCLUDED"]
        assert f"{year}年已取得“全国技术能手”申报资格" in found.reasons[0].message
    assert verdict(title_rights=[{"title": "全国技术能手", "year": 2022}]).eligible
    assert verdict(title_rights=[{"title": "省级技术能手", "year": 2024}]).eligible


def test_an_edition_without_these_rules_asks_nothing_of_them():
    nmg = load_edition("2020-nmg")
    occupation = next(e.occupation for e in nmg.events if e.group == "student")
    found = verdict(nmg, occupation=occupation, birth_date="2000-01-01", school_province="11",
                    school_enrolled_on="2020-12-01",
                    title_rights=[{"title": "全国技术能手", "year": 2019}])  # fmt: skip
    assert "SCHOOL_OUTSIDE_REGION" not in codes(found)
    assert "STUDENT_ENROLLED_LATE" not in codes(found)
    assert "TITLE_RIGHT_EXCLUDED" not in codes(found)
    assert not [m for m in review_messages(found) if "学籍" in m or "院校" in m]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("school_province", "安徽", "两位省份代码"),
        ("school_province", 34, "两位省份代码"),
        ("school_enrolled_on", "2025-13-01", "不是有效日期"),
        ("title_rights", [{"year": 2024}], "称号名称"),
        ("title_rights", [{"title": "全国技术能手", "year": "2024"}], "整数"),
        ("title_rights", "全国技术能手", "应为列表"),
    ],
)
def test_a_wrong_value_names_its_field(field, value, message):
    with pytest.raises(EntryInputError) as raised:
        Entry.from_contract({**STUDENT, field: value})
    assert raised.value.field.startswith(field)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("field", "clause_field"),
    [
        ("student_enrolled_by", "student_enrolled_clause"),
        ("school_provinces", "school_clause"),
        ("school_provinces", "school_region_label"),
        ("excluding_title_rights", "title_rights_clause"),
    ],
)
def test_a_rule_without_the_words_it_cites_is_refused_when_loaded(field, clause_field):
    data = AH.model_dump(mode="python", by_alias=True)
    data["eligibility"][clause_field] = ""
    with pytest.raises(ValidationError, match=clause_field):
        Rulebook.model_validate(data)


# ---- each value, changed alone, changes a verdict of the fixed samples
SAMPLES = [
    STUDENT,
    {**STUDENT, "school_enrolled_on": "2025-07-01"},
    {**STUDENT, "school_enrolled_on": "2025-07-02"},
    {**STUDENT, "school_enrolled_on": None},
    {**STUDENT, "school_province": "32"},
    {**STUDENT, "school_province": None},
    {**STUDENT, "title_rights": [{"title": "全国技术能手", "year": 2023}]},
    {**STUDENT, "title_rights": [{"title": "全国技术能手", "year": 2024}]},
]


def outputs(rulebook: Rulebook) -> list:
    found = [check_entry(Entry.from_contract(s), rulebook) for s in SAMPLES]
    return [[(r.code, r.clause, r.message) for r in v.reasons + v.flags] for v in found]


def changed(where: tuple, value) -> Rulebook:
    data = copy.deepcopy(AH.model_dump(mode="python", by_alias=True))
    target = data["eligibility"]
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return Rulebook.model_validate(data)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("student_enrolled_by",), dt.date(2025, 7, 2)),
        (("student_enrolled_by",), dt.date(2025, 6, 30)),
        (("student_enrolled_clause",), "§二改"),
        (("school_provinces", 0), "32"),
        (("school_region_label",), "江苏省"),
        (("school_clause",), "§二改"),
        (("excluding_title_rights", 0, "title"), "省级技术能手"),
        (("excluding_title_rights", 0, "years", 0), 2022),
        (("title_rights_clause",), "§二改"),
    ],
)
def test_changing_a_value_changes_a_verdict(where, value):
    assert outputs(changed(where, value)) != outputs(AH)
