"""The showcase's nominee rule (附件3.四): the birth date window, the ID, who nominates."""

import datetime as dt

import pytest

from zhenxing.rules.rulebook import load_edition
from zhenxing.rules.showcase import Nominee, check_nominee

RULEBOOK = load_edition("2020-nmg")


def codes(verdict):
    return [r.code for r in verdict.reasons]


@pytest.mark.parametrize(
    ("birth", "eligible"),
    [
        (dt.date(1985, 7, 1), True),  # the first day of the window is in it
        (dt.date(1985, 6, 30), False),
        (dt.date(2002, 3, 9), True),
    ],
)
def test_born_on_or_after_the_rulebook_date(birth, eligible):
    verdict = check_nominee(Nominee(birth_date=birth), RULEBOOK)
    assert verdict.eligible is eligible
    if not eligible:
        (reason,) = verdict.reasons
        assert reason.code == "SHOWCASE_TOO_OLD"
        assert reason.clause == "附件3.四(一)"
        assert "1985年7月1日" in reason.message and "1985年6月30日" in reason.message


def test_the_birth_date_comes_from_the_id_and_must_agree_with_it():
    verdict = check_nominee(Nominee(birth_date=None, id_number="150102198507010011"), RULEBOOK)
    assert verdict.birth_date == dt.date(1985, 7, 1)
    mismatch = check_nominee(
        Nominee(birth_date=dt.date(1990, 1, 1), id_number="150102198507010011"), RULEBOOK
    )
    assert "ID_BIRTH_MISMATCH" in codes(mismatch)


def test_a_wrong_id_and_a_missing_birth_date_are_refused_with_what_to_fix():
    verdict = check_nominee(Nominee(birth_date=None, id_number="150102198507010012"), RULEBOOK)
    assert codes(verdict) == ["ID_INVALID"]  # not also "fill in the birth date"
    assert codes(check_nominee(Nominee(birth_date=None), RULEBOOK)) == ["BIRTH_MISSING"]


def test_only_the_kinds_of_organization_the_rulebook_names_nominate():
    host = check_nominee(
        Nominee(birth_date=dt.date(1995, 1, 1), organization_kind="host_unit"), RULEBOOK
    )
    assert codes(host) == ["SHOWCASE_NOT_NOMINATOR"]
    city = check_nominee(
        Nominee(birth_date=dt.date(1995, 1, 1), organization_kind="league_city"), RULEBOOK
    )
    assert city.eligible


def test_outside_the_activity_dates_is_flagged_not_refused():
    late = check_nominee(Nominee(birth_date=dt.date(1995, 1, 1), on=dt.date(2021, 1, 1)), RULEBOOK)
    assert late.eligible and [f.code for f in late.flags] == ["SHOWCASE_CLOSED"]


def test_the_rule_follows_the_rulebook():
    other = RULEBOOK.model_copy(
        update={"showcase": RULEBOOK.showcase.model_copy(update={"born_from": dt.date(1990, 1, 1)})}
    )
    assert not check_nominee(Nominee(birth_date=dt.date(1989, 12, 31)), other).eligible
    none = RULEBOOK.model_copy(update={"showcase": None})
    assert codes(check_nominee(Nominee(birth_date=dt.date(1995, 1, 1)), none)) == ["NO_SHOWCASE"]


def test_a_child_is_not_a_young_worker():
    started = RULEBOOK.showcase.starts_on
    sixteen = dt.date(started.year - 16, started.month, started.day)
    assert check_nominee(Nominee(birth_date=sixteen), RULEBOOK).eligible
    young = check_nominee(Nominee(birth_date=sixteen + dt.timedelta(days=1)), RULEBOOK)
    (reason,) = young.reasons
    assert reason.code == "SHOWCASE_TOO_YOUNG" and reason.clause == "《劳动法》第十五条"
    assert "应年满16周岁" in reason.message
    no_floor = RULEBOOK.model_copy(
        update={"showcase": RULEBOOK.showcase.model_copy(update={"minimum_age": None})}
    )
    assert check_nominee(Nominee(birth_date=dt.date(2010, 1, 1)), no_floor).eligible
