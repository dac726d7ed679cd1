"""Titles, certificates, the one-year rule and the national-finals selection (§A2.三, §三.2)."""

import datetime as dt

import pytest

from zhenxing.rules.awards import (
    Certificate,
    Held,
    add_years,
    certificate_for,
    national_finals,
    select_for_finals,
    titles_for,
)
from zhenxing.rules.rulebook import load_edition

RULEBOOK = load_edition("2020-nmg")
AWARDS = RULEBOOK.awards
AWARD_DAY = dt.date(2020, 11, 25)
SKILL_EXPERT, YOUTH_POST = "全区技术能手", "全区青年岗位能手"


def proposed(rank, group="worker", born=dt.date(1990, 1, 1)):
    return [t.name for t in titles_for(rank, group, born, AWARDS) if t.proposed]


def qualification(rank, held=(), award_date=AWARD_DAY, awards=AWARDS):
    return certificate_for(rank, "qualification", list(held), award_date, awards)


def flag_codes(decision):
    return [r.code for r in decision.reasons]


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_workers_in_top_three_get_both_titles_in_rulebook_order(rank):
    assert proposed(rank) == [SKILL_EXPERT, YOUTH_POST]


def test_rank_four_gets_no_title():
    assert proposed(4) == []


def test_titles_only_for_workers():
    assert proposed(1, group="student", born=dt.date(2000, 1, 1)) == []


def test_youth_post_title_from_the_first_day_of_the_window():
    assert proposed(1, born=dt.date(1985, 7, 1)) == [SKILL_EXPERT, YOUTH_POST]
    assert proposed(1, born=dt.date(1985, 6, 30)) == [SKILL_EXPERT]


def test_youth_post_title_waits_for_a_missing_birth_date():
    decisions = titles_for(2, "worker", None, AWARDS)
    assert [(t.name, t.proposed) for t in decisions] == [(SKILL_EXPERT, True), (YOUTH_POST, False)]
    assert "出生日期" in decisions[1].message


def test_each_title_is_a_proposal_naming_its_approver():
    proposals = [t.proposal() for t in titles_for(1, "worker", dt.date(1990, 1, 1), AWARDS)]
    assert [(p["title"], p["approver"], p["status"]) for p in proposals] == [
        (SKILL_EXPERT, "HRSS", "proposed"),
        (YOUTH_POST, "YL", "proposed"),
    ]
    assert all(p["clause"] == "§A2.三.1" for p in proposals)


# ---------------------------------------------------------------- certificates, plain tiers


@pytest.mark.parametrize(("rank", "level"), [(1, 2), (3, 2), (4, 3), (6, 3), (7, 3), (10, 3)])
def test_tiers_without_held_certificates(rank, level):
    decision = qualification(rank)
    assert decision.certificate == Certificate("qualification", level, False)
    assert decision.reasons == []
    assert decision.approver == "HRSS"


def test_rank_eleven_gets_nothing():
    assert qualification(11).certificate is None


def test_no_certificate_for_events_marked_none_or_unranked():
    assert certificate_for(1, "none", [], AWARD_DAY, AWARDS).certificate is None
    assert certificate_for(None, "qualification", [], AWARD_DAY, AWARDS).certificate is None


# ---------------------------------------------------------------- promotion and the one-year rule


def test_promotion_from_level_two_to_one():
    decision = qualification(2, [Held(2, dt.date(2019, 6, 1))])
    assert decision.certificate == Certificate("qualification", 1, True)
    assert decision.reasons == []


def test_promotion_from_level_three_to_two():
    decision = qualification(5, [Held(3, dt.date(2018, 1, 1))])
    assert decision.certificate == Certificate("qualification", 2, True)


def test_one_year_on_the_exact_day_promotes():
    decision = qualification(1, [Held(2, dt.date(2019, 11, 25))])
    assert decision.certificate == Certificate("qualification", 1, True)


def test_one_year_minus_a_day_refuses_promotion_and_the_plain_award_is_already_held():
    decision = qualification(1, [Held(2, dt.date(2019, 11, 26))])
    assert decision.certificate is None
    assert flag_codes(decision) == ["PROMOTION_HELD_UNDER_ONE_YEAR", "ALREADY_HOLDS_LEVEL"]
    assert decision.reasons[0].clause == "§A2.三.3"
    assert "2020-11-26" in decision.reasons[0].message  # the first day it would count


def test_issued_on_29_february_counts_from_28_february():
    held = [Held(3, dt.date(2016, 2, 29))]
    on_time = qualification(4, held, award_date=dt.date(2017, 2, 28))
    assert on_time.certificate == Certificate("qualification", 2, True)
    early = qualification(4, held, award_date=dt.date(2017, 2, 27))
    assert early.certificate is None
    assert "PROMOTION_HELD_UNDER_ONE_YEAR" in flag_codes(early)


def test_add_years():
    assert add_years(dt.date(2016, 2, 29), 1) == dt.date(2017, 2, 28)
    assert add_years(dt.date(2016, 2, 29), 4) == dt.date(2020, 2, 29)
    assert add_years(dt.date(2019, 11, 25), 1) == dt.date(2020, 11, 25)


def test_oldest_certificate_of_the_level_counts():
    held = [Held(2, dt.date(2020, 10, 1)), Held(2, dt.date(2018, 10, 1))]
    assert qualification(1, held).certificate == Certificate("qualification", 1, True)


def test_promotion_years_come_from_the_rulebook():
    certificates = AWARDS.certificates.model_copy(update={"promotion_years": 2})
    awards = AWARDS.model_copy(update={"certificates": certificates})
    decision = qualification(1, [Held(2, dt.date(2019, 6, 1))], awards=awards)
    assert decision.certificate is None
    assert "PROMOTION_HELD_UNDER_ONE_YEAR" in flag_codes(decision)


@pytest.mark.parametrize("rank", [7, 10])
def test_ranks_seven_to_ten_are_not_promoted(rank):
    decision = qualification(rank, [Held(3, dt.date(2015, 1, 1))])
    assert decision.certificate is None
    assert flag_codes(decision) == ["ALREADY_HOLDS_LEVEL"]


def test_ranks_seven_to_ten_above_a_lower_held_level():
    decision = qualification(8, [Held(4, dt.date(2015, 1, 1))])
    assert decision.certificate == Certificate("qualification", 3, False)


def test_promotion_needs_exactly_the_tier_level():
    # holds 三级, tier 1–3 gives 二级: issued plainly, not promoted to 一级
    decision = qualification(1, [Held(3, dt.date(2015, 1, 1))])
    assert decision.certificate == Certificate("qualification", 2, False)


# ---------------------------------------------------------------- already held


def test_already_holds_a_higher_level():
    decision = qualification(5, [Held(2, dt.date(2015, 1, 1))])
    assert decision.certificate is None
    assert flag_codes(decision) == ["ALREADY_HOLDS_LEVEL"]
    assert decision.reasons[0].clause == "rules.md §5.2"


def test_level_one_holder_gets_nothing_and_no_promotion_beyond_level_one():
    decision = qualification(1, [Held(1, dt.date(2015, 1, 1))])
    assert decision.certificate is None
    assert flag_codes(decision) == ["ALREADY_HOLDS_LEVEL"]


def test_nothing_above_level_one_even_for_a_promoting_level_one_tier():
    tier = AWARDS.certificates.tiers[0].model_copy(update={"level": 1})
    certificates = AWARDS.certificates.model_copy(
        update={"tiers": [tier, *AWARDS.certificates.tiers[1:]]}
    )
    awards = AWARDS.model_copy(update={"certificates": certificates})
    decision = qualification(1, [Held(1, dt.date(2015, 1, 1))], awards=awards)
    assert decision.certificate is None
    assert flag_codes(decision) == ["ALREADY_HOLDS_LEVEL"]
    assert qualification(1, awards=awards).certificate == Certificate("qualification", 1, False)


# ---------------------------------------------------------------- special ability


@pytest.mark.parametrize("rank", [1, 10])
def test_special_ability_certificate_to_ranks_one_to_ten(rank):
    decision = certificate_for(rank, "special_ability", [], AWARD_DAY, AWARDS)
    assert decision.certificate == Certificate("special_ability", None, False)
    assert decision.certificate.as_dict() == {
        "kind": "special_ability",
        "level": None,
        "promoted": False,
    }


def test_special_ability_stops_after_the_rulebook_rank():
    assert certificate_for(11, "special_ability", [], AWARD_DAY, AWARDS).certificate is None


# ---------------------------------------------------------------- national finals


def test_top_one_and_one_reserve():
    selection = select_for_finals([("a", 1), ("b", 2), ("c", 3)], 1, 1)
    assert (selection.selected, selection.reserves) == (["a"], ["b"])
    assert selection.reasons == []


def test_shared_rank_at_the_quota_is_not_split():
    selection = select_for_finals([("a", 1), ("b", 1), ("c", 3), ("d", 4)], 1, 1)
    assert (selection.selected, selection.reserves) == (["a", "b"], ["c"])
    assert "第1名" in selection.reasons[0].message


def test_shared_rank_among_reserves_is_not_split():
    selection = select_for_finals([("a", 1), ("b", 2), ("c", 2), ("d", 4)], 1, 1)
    assert (selection.selected, selection.reserves) == (["a"], ["b", "c"])


def test_fewer_contestants_than_places():
    selection = select_for_finals([("a", 1)], 2, 2)
    assert (selection.selected, selection.reserves) == (["a"], [])


def test_national_finals_per_national_event_with_rulebook_default_and_override():
    ranked = [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    events = [
        ("计算机网络管理员", "worker", ranked),
        ("计算机网络管理员", "student", ranked),
        ("数控车工", "worker", ranked),  # a regional-level occupation
    ]
    national = RULEBOOK.national_occupations()
    default = national_finals(events, AWARDS, national)
    assert set(default) == {("计算机网络管理员", "worker"), ("计算机网络管理员", "student")}
    picked = default[("计算机网络管理员", "worker")]
    assert (picked.selected, picked.reserves) == (["a"], ["b"])
    wider = national_finals(events, AWARDS, national, per_event=2, reserve_count=2)
    picked = wider[("计算机网络管理员", "student")]
    assert (picked.selected, picked.reserves) == (["a", "b"], ["c", "d"])


# ---------------------------------------------------------------- one contestant's proposals


def _proposals(rank, kind="qualification", held=(), group="worker", born=dt.date(1990, 1, 1)):
    from zhenxing.rules.awards import proposals_for

    return proposals_for(rank, group, born, kind, list(held), AWARD_DAY, AWARDS)


def test_a_winner_gets_both_titles_and_a_certificate_each_with_its_reason():
    out = _proposals(1)
    assert [(p.kind, p.name, p.approver, p.due) for p in out] == [
        ("title", SKILL_EXPERT, "HRSS", True),
        ("title", YOUTH_POST, "YL", True),
        ("certificate", "国家职业资格二级证书", "HRSS", True),
    ]
    assert out[2].reasons[0].code == "CERTIFICATE_PROPOSED"
    assert (
        out[2].reasons[0].message == "第1名，拟颁发国家职业资格二级证书，待人力资源和社会保障厅核准"
    )


def test_special_ability_events_certify_the_top_ten_without_a_level():
    assert [
        (p.name, p.level) for p in _proposals(10, "special_ability") if p.kind == "certificate"
    ] == [("专项职业能力证书", None)]
    assert _proposals(11, "special_ability") == []


def test_a_held_certificate_without_its_date_is_not_promoted_and_says_why():
    [certificate] = [p for p in _proposals(2, held=[Held(2, None)]) if p.kind == "certificate"]
    assert (certificate.level, certificate.promoted, certificate.review) == (2, False, True)
    assert [r.code for r in certificate.reasons] == [
        "PROMOTION_ISSUE_DATE_UNKNOWN",
        "ALREADY_HOLDS_LEVEL",
    ]


def test_a_certificate_not_above_what_is_held_goes_to_review_with_the_reason():
    [review] = [
        p for p in _proposals(5, held=[Held(1, dt.date(2015, 1, 1))]) if p.kind == "certificate"
    ]
    assert (review.due, review.review, review.name) == (
        False,
        True,
        "国家职业资格三级证书（不颁发）",
    )
    assert review.reasons[0].code == "ALREADY_HOLDS_LEVEL"


def test_held_qualifications_count_in_the_events_occupation_only():
    from zhenxing.rules.awards import held_in

    held = held_in(
        [
            {"occupation": "数控车工", "level": 3, "issued_on": "2018-05-01"},
            {"occupation": "车工", "level": 1, "issued_on": "2010-05-01"},
            {"occupation": " 数控车工 ", "level": 2, "issued_on": None},
        ],
        "数控车工",
    )
    assert held == [Held(3, dt.date(2018, 5, 1)), Held(2, None)]
