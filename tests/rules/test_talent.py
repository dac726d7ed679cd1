"""The talent database's pure decisions: ages and age bands, the birth dates an age range
means, and what a follow-up record must hold."""

import datetime as dt

import pytest

from zhenxing.rules import talent as checks


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (dt.date(2003, 7, 1), "18岁以下"),  # 17 the day before the 18th birthday
        (dt.date(2003, 6, 30), "18–22岁"),
        (dt.date(1985, 7, 1), "29–35岁"),
        (dt.date(1985, 6, 30), "36岁及以上"),
    ],
)
def test_age_bands_count_full_years(birth, band):
    assert checks.age_band(birth, dt.date(2021, 6, 30)) == band


def test_an_age_range_is_a_range_of_birth_dates():
    earliest, latest = checks.born_between(18, 35, dt.date(2021, 6, 30))
    assert earliest == dt.date(1985, 7, 1) and latest == dt.date(2003, 6, 30)
    assert checks.born_between(None, None, dt.date(2021, 6, 30)) == (None, None)
    assert checks.born_between(1, None, dt.date(2024, 2, 29))[1] == dt.date(2023, 2, 28)


def test_a_person_without_a_mainland_id_is_flagged_for_manual_review():
    data = checks.PersonData("Anna Lee", dt.date(1995, 1, 1), "女", "passport", "E1234567")
    verdict = checks.check_person(data, ["15"], dt.date(2021, 1, 1))
    assert verdict.accepted and [f.code for f in verdict.flags] == ["MANUAL_REVIEW"]


def test_each_refusal_has_its_code_and_clause():
    data = checks.PersonData("", None, "", "resident_id", "")
    verdict = checks.check_person(data, ["15"], dt.date(2021, 1, 1))
    codes = {r.code: r.clause for r in verdict.reasons}
    assert codes == {
        "NAME_INVALID": "rules.md §8",
        "BIRTH_MISSING": "rules.md §8",
        "GENDER_MISSING": "rules.md §8",
        "DOCUMENT_MISSING": "rules.md §3.4",
    }
    assert (
        checks.check_follow_up(
            checks.FollowUpData("stage", "growth", dt.date(2020, 1, 1)), dt.date(2021, 1, 1)
        )
        == []
    )
