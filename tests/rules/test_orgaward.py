"""The A4 self-evaluation form (rules.md §7): each row, its cap, the brackets, vetoes and flags."""

from decimal import Decimal

import pytest

from zhenxing.rules.orgaward import OrgForm, TrainingClass, score_form
from zhenxing.rules.rulebook import load_edition

RB = load_edition("2020-nmg")
NATIONAL = ["计算机网络管理员", "机床装调维修工", "模具工（冲压）"]


def score(overrides=None, **fields):
    return score_form(OrgForm("呼和浩特市", **fields), RB, overrides)


def row(key, overrides=None, **fields):
    return score(overrides, **fields).row(key).score


def flag_codes(result):
    return [f.code for f in result.flags]


# ---------------------------------------------------------------- the form as a whole


def test_rows_follow_the_rulebook_order_and_an_empty_form_scores_zero():
    result = score()
    assert [r.key for r in result.rows] == [r.key for r in RB.orgaward.rows]
    assert result.base_total == 0 and result.bonus_total == 0
    # No counts of covered youths: last year 0, so the assessor must set the growth row.
    assert flag_codes(result) == ["GROWTH_OUTSIDE_BRACKETS"]
    assert result.eligible_for_award


def test_the_contract_example_by_hand():
    result = score(
        committee_established=True,
        notice_issued="joint",
        regular_meetings=True,
        preliminary_occupations=("计算机网络管理员", "数控车工", "焊工"),
        incentives={
            "league_skill_expert_title": True,
            "promotion_policy": True,
            "other_rewards": True,
        },
        youth_last_year=1000,
        youth_this_year=1450,
        finals_workers=13,
        finals_students=4,
        final_placings=(2, 9, 31),
        sharing_events=3,
        media_reports={"central": 1, "provincial": 2, "league": 5},
        training_classes=(TrainingClass(60, Decimal(3)), TrainingClass(30, Decimal(2))),
        tiered_training_reach=12000,
    )
    # 4+4+4 | 5 (1 national) + 4 (数控车工, 焊工) + 3+0+3+2 + 8 (45%) | 12 (13 capped) + 4 + 9 (5+4+0)
    # | 6 (3 events) + 6 (2+2+2.5 = 6.5 capped) = 74; bonus 5 + 5 = 10
    assert [r.score for r in result.rows] == [
        4,
        4,
        4,
        5,
        4,
        3,
        0,
        3,
        2,
        8,
        12,
        4,
        9,
        6,
        6,
        5,
        5,
    ]
    assert (result.base_total, result.bonus_total, result.total) == (74, 10, 84)
    assert flag_codes(result) == ["TRAINING_CLASS_BELOW_STANDARD"]


def test_total_is_base_plus_bonus_and_the_base_max_is_100():
    full = score(
        committee_established=True,
        notice_issued="joint",
        regular_meetings=True,
        preliminary_occupations=(*NATIONAL, "a", "b", "c", "d", "e"),
        incentives=dict.fromkeys(
            [
                "league_skill_expert_title",
                "league_youth_post_title",
                "promotion_policy",
                "other_rewards",
            ],
            True,
        ),
        youth_last_year=100,
        youth_this_year=200,
        finals_workers=12,
        finals_students=12,
        final_placings=(1, 2),
        sharing_events=4,
        media_reports={"central": 3},
        training_classes=(TrainingClass(50, Decimal(3)),) * 2,
        tiered_training_reach=10000,
    )
    assert full.base_total == RB.orgaward.base_max == 100
    assert full.bonus_total == 15
    assert full.total == 115
    assert full.flags == []


# ---------------------------------------------------------------- flag and choice rows


@pytest.mark.parametrize(
    ("key", "fields", "points"),
    [
        ("committee", {"committee_established": True}, 4),
        ("committee", {"committee_established": False}, 0),
        ("meetings", {"regular_meetings": True}, 4),
        ("incentive_skill_expert", {"incentives": {"league_skill_expert_title": True}}, 3),
        ("incentive_youth_post", {"incentives": {"league_youth_post_title": True}}, 2),
        ("incentive_promotion", {"incentives": {"promotion_policy": True}}, 3),
        ("incentive_other", {"incentives": {"other_rewards": True}}, 2),
        ("incentive_other", {"incentives": {"promotion_policy": True}}, 0),
        ("notice", {"notice_issued": "joint"}, 4),
        ("notice", {"notice_issued": "league_alone"}, 2),
        ("notice", {"notice_issued": None}, 0),
    ],
)
def test_flag_and_choice_rows(key, fields, points):
    assert row(key, **fields) == points


def test_an_unknown_notice_value_is_refused():
    with pytest.raises(ValueError, match="notice"):
        score(notice_issued="by_fax")


# ---------------------------------------------------------------- preliminaries


def test_each_national_occupation_is_5_capped_at_10():
    assert row("prelim_finals_occupations", preliminary_occupations=NATIONAL[:1]) == 5
    assert row("prelim_finals_occupations", preliminary_occupations=NATIONAL[:2]) == 10
    result = score(preliminary_occupations=tuple(NATIONAL))
    assert result.row("prelim_finals_occupations").score == 10  # not 15
    assert any("按 10 分计" in r.message for r in result.row("prelim_finals_occupations").reasons)
    assert result.row("prelim_extra_occupations").score == 0


def test_extra_occupations_are_2_each_capped_at_10():
    five = ("数控车工", "焊工", "森林抚育", "机械设计", "电工")
    assert row("prelim_extra_occupations", preliminary_occupations=five[:4]) == 8
    assert row("prelim_extra_occupations", preliminary_occupations=(*five, "钳工")) == 10


def test_duplicate_occupations_count_once_after_normalising_names():
    result = score(
        preliminary_occupations=(
            "模具工(冲压)",
            "模具工（冲压）",
            " 模具工 (冲压) ",
            "焊工",
            "焊 工",
        )
    )
    assert result.row("prelim_finals_occupations").score == 5
    assert result.row("prelim_extra_occupations").score == 2
    assert "模具工（冲压）" in result.row("prelim_finals_occupations").reasons[0].message


# ---------------------------------------------------------------- coverage growth


@pytest.mark.parametrize(
    ("last", "this", "points"),
    [
        (1000, 3000, 10),  # 200%
        (1000, 1500, 10),  # exactly 50: 以上 includes it
        (100000, 149999, 8),  # 49.999
        (1000, 1400, 8),  # exactly 40
        (1000, 1300, 6),  # exactly 30
        (3, 4, 6),  # 33.33…
        (1000, 1200, None),  # exactly 20: the gap
        (10000, 12999, None),  # 29.99: the gap
        (10000, 11999, 4),  # 19.99
        (1000, 1100, 4),  # exactly 10
        (10000, 10999, 2),  # 9.99
        (1000, 1000, 2),  # 0
        (1000, 999, None),  # negative
        (0, 500, None),  # last year 0
        (0, 0, None),
    ],
)
def test_coverage_growth_brackets_hold_their_lower_end(last, this, points):
    result = score(youth_last_year=last, youth_this_year=this)
    growth = result.row("coverage_growth")
    if points is None:
        assert growth.score == 0
        assert flag_codes(result) == ["GROWTH_OUTSIDE_BRACKETS"]
        assert result.flags[0].clause == "rules.md §7"
    else:
        assert growth.score == points
        assert flag_codes(result) == []


def test_growth_messages_say_what_was_counted():
    gap = score(youth_last_year=1000, youth_this_year=1250).flags[0].message
    assert "25.00%" in gap and "20%~30%" in gap
    fell = score(youth_last_year=1000, youth_this_year=900).flags[0].message
    assert "减少 10.00%" in fell
    exact = score(youth_last_year=100000, youth_this_year=149999).row("coverage_growth")
    assert "49.99…%" in exact.reasons[0].message


# ---------------------------------------------------------------- finals


def test_contestants_sent_are_1_each_capped_at_12():
    assert row("finals_workers", finals_workers=12) == 12
    assert row("finals_workers", finals_workers=13) == 12
    assert row("finals_students", finals_students=5) == 5


@pytest.mark.parametrize(
    ("placings", "points"),
    [
        ((1,), 5),
        ((5,), 5),
        ((6,), 4),
        ((20,), 4),
        ((21,), 0),
        ((1, 2, 3), 10),  # 15 capped
        ((6, 20), 8),
        ((1, 1), 10),  # two events, each won: counted once each
        ((), 0),
    ],
)
def test_final_placings(placings, points):
    assert row("finals_results", final_placings=placings) == points


# ---------------------------------------------------------------- publicity


def test_sharing_events_are_2_each_capped_at_8():
    assert row("sharing_events", sharing_events=3) == 6
    assert row("sharing_events", sharing_events=5) == 8


@pytest.mark.parametrize(
    ("reports", "points"),
    [
        ({"central": 1}, Decimal(2)),
        ({"provincial": 3}, Decimal(3)),
        ({"league": 3}, Decimal("1.5")),
        ({"central": 2, "provincial": 1, "league": 1}, Decimal("5.5")),
        ({"central": 4}, Decimal(6)),  # 8 capped
        ({"league": 13}, Decimal(6)),  # 6.5 capped
    ],
)
def test_media_reports(reports, points):
    assert row("media_reports", media_reports=reports) == points


# ---------------------------------------------------------------- bonus


def classes(*pairs):
    return tuple(TrainingClass(t, Decimal(d)) for t, d in pairs)


def test_a_class_of_exactly_50_for_3_days_scores_5():
    result = score(training_classes=classes((50, 3)))
    assert result.row("bonus_training_classes").score == 5
    assert result.bonus_total == 5


@pytest.mark.parametrize("small", [(49, 3), (50, 2), (50, "2.5")])
def test_a_smaller_class_scores_0_and_is_flagged(small):
    result = score(training_classes=classes(small))
    assert result.row("bonus_training_classes").score == 0
    assert flag_codes(result)[-1] == "TRAINING_CLASS_BELOW_STANDARD"
    assert "酌情给分" in result.flags[-1].message


def test_three_full_classes_score_10():
    assert row("bonus_training_classes", training_classes=classes((60, 3), (80, 5), (50, 3))) == 10


def test_every_smaller_class_gets_its_own_flag():
    result = score(
        youth_last_year=100, youth_this_year=100, training_classes=classes((10, 1), (60, 3), (5, 9))
    )
    assert flag_codes(result) == ["TRAINING_CLASS_BELOW_STANDARD"] * 2
    assert "第 1 个" in result.flags[0].message and "第 3 个" in result.flags[1].message


@pytest.mark.parametrize(("reach", "points"), [(9999, 0), (10000, 5), (50000, 5), (None, 0)])
def test_tiered_training_threshold(reach, points):
    assert row("bonus_tiered_training", tiered_training_reach=reach) == points


def test_bonus_rows_stay_out_of_the_base_total():
    result = score(training_classes=classes((50, 3)), tiered_training_reach=10000, sharing_events=1)
    assert (result.base_total, result.bonus_total, result.total) == (2, 10, 12)


# ---------------------------------------------------------------- vetoes


@pytest.mark.parametrize("veto", ["safety_accident", "misconduct"])
def test_a_veto_makes_the_organization_ineligible_but_keeps_its_score(veto):
    result = score(committee_established=True, sharing_events=2, vetoes=(veto,))
    assert result.vetoed and not result.eligible_for_award
    assert result.total == 8
    assert result.vetoes[0].code == veto and "一票否决" in result.vetoes[0].message


def test_an_unknown_veto_is_refused():
    with pytest.raises(ValueError, match="bribery"):
        score(vetoes=("bribery",))


# ---------------------------------------------------------------- the assessor's values


def test_an_override_replaces_a_flagged_row_and_closes_its_flag():
    result = score({"coverage_growth": Decimal(7)}, youth_last_year=1000, youth_this_year=1250)
    growth = result.row("coverage_growth")
    assert growth.score == 7 and growth.computed == 0 and growth.overridden
    assert result.flags == []
    assert any(r.code == "ASSESSOR_OVERRIDE" for r in growth.reasons)


def test_an_override_is_still_capped():
    result = score({"coverage_growth": Decimal(15)}, youth_last_year=0, youth_this_year=10)
    assert result.row("coverage_growth").score == 10


def test_an_override_scores_a_smaller_class_at_discretion():
    result = score(
        {"bonus_training_classes": Decimal(8)}, training_classes=classes((60, 3), (40, 3))
    )
    assert result.row("bonus_training_classes").score == 8
    assert result.bonus_total == 8
    assert flag_codes(result) == ["GROWTH_OUTSIDE_BRACKETS"]  # the class flag is closed


def test_an_override_can_lower_a_computed_row():
    assert row("committee", {"committee": Decimal(2)}, committee_established=True) == 2


@pytest.mark.parametrize(
    "bad", [{"no_such_row": Decimal(1)}, {"committee": Decimal(-1)}, {"committee": True}]
)
def test_a_bad_override_is_refused(bad):
    with pytest.raises(ValueError):
        score(bad)
