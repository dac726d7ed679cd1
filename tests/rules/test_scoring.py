"""Totals per rules.md §4.1: weights from the rulebook, exact parts, half-up only at the end."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhenxing.rules.rulebook import load_edition
from zhenxing.rules.scoring import compute_total, missing_parts, publish, score_problem

SCORING = load_edition("2020-nmg").scoring
D = Decimal
FULL = {"current_affairs": Decimal(100), "knowledge": Decimal(100), "practical": Decimal(100)}
NO_CA = {"knowledge": Decimal(100), "practical": Decimal(100)}


def total(ca, k, p, full=FULL):
    scores = {"current_affairs": ca, "knowledge": k, "practical": p}
    return compute_total({key: _d(v) for key, v in scores.items()}, full, SCORING)


def _d(value):
    return None if value is None else Decimal(str(value))


def test_contract_example_by_hand():
    # 5×80/100 + 15×72.5/100 + 80×88/100 = 4 + 10.875 + 70.4 = 85.275
    result = total(80, "72.5", 88)
    assert result.exact == Fraction("85.275")
    assert str(result.published) == "85.28"
    assert result.practical == Fraction("70.4")
    assert result.written == Fraction("14.875")


def test_exact_half_rounds_up():
    # 3.75 + 8.175 + 72.2 = 84.125 exactly; half-even (and Python's float round) give 84.12
    result = total(75, "54.5", "90.25")
    assert result.exact == Fraction("84.125")
    assert str(result.published) == "84.13"


def test_exact_half_rounds_up_on_odd_digit():
    # 3.75 + 8.175 + 72.21 = 84.135 exactly
    result = total(75, "54.5", "90.2625")
    assert result.exact == Fraction("84.135")
    assert str(result.published) == "84.14"


def test_just_below_half_rounds_down():
    result = total(75, "54.5", "90.24999")
    assert result.exact == Fraction("84.124992")
    assert str(result.published) == "84.12"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2.675", "2.68"), ("2.665", "2.67"), ("2.6749999", "2.67"), ("0", "0.00"), ("100", "100.00")],
)
def test_publish_half_up(value, shown):
    assert str(publish(Fraction(value), 2)) == shown


def test_publish_uses_rulebook_places():
    assert str(publish(Fraction("84.125"), 1)) == "84.1"
    assert str(publish(Fraction("84.15"), 1)) == "84.2"


def test_non_terminating_parts_stay_exact():
    full = {**FULL, "practical": Decimal(3)}
    result = total(100, 100, 1, full)
    assert result.practical == Fraction(80, 3)
    assert str(result.published) == "46.67"  # 5 + 15 + 26.666…


def test_full_marks_other_than_100_normalize_each_part():
    full = {"current_affairs": Decimal(20), "knowledge": Decimal(50), "practical": Decimal(400)}
    result = total(10, 25, 200, full)  # each part at half its full mark
    assert result.exact == 50


def test_no_current_affairs_section_gives_knowledge_the_whole_written_part():
    result = compute_total({"knowledge": Decimal(50), "practical": Decimal(100)}, NO_CA, SCORING)
    assert result.written == 10  # 20 × 50/100, not 15 × 50/100
    assert result.exact == 90


def test_no_current_affairs_section_ignores_current_affairs_scores():
    scores = {"current_affairs": Decimal(0), "knowledge": Decimal(100), "practical": Decimal(100)}
    assert compute_total(scores, NO_CA, SCORING).exact == 100


def test_missing_part_is_not_ranked():
    assert total(80, None, 90) is None
    assert total(None, 80, 90) is None
    assert compute_total({"knowledge": Decimal(80)}, NO_CA, SCORING) is None


@pytest.mark.parametrize(("ca", "k", "p"), [(101, 50, 50), (50, "-0.5", 50), (50, 50, "100.01")])
def test_out_of_range_score_is_an_error_not_clamped(ca, k, p):
    with pytest.raises(ValueError):
        total(ca, k, p)


def test_score_problem_messages():
    assert score_problem(Decimal(100), Decimal(100)) is None
    assert "超过满分" in score_problem(Decimal("100.5"), Decimal(100))
    assert "负数" in score_problem(Decimal(-1), Decimal(100))


def test_weights_come_from_the_rulebook():
    scoring = SCORING.model_copy(
        update={"current_affairs_weight": Decimal(10), "knowledge_weight": Decimal(10)}
    )
    scores = {"current_affairs": Decimal(100), "knowledge": Decimal(0), "practical": Decimal(0)}
    assert compute_total(scores, FULL, scoring).exact == 10


marks = st.decimals(min_value=1, max_value=1000, places=2)


@st.composite
def valid_paper(draw):
    full = {part: draw(marks) for part in ("current_affairs", "knowledge", "practical")}
    scores = {
        part: draw(st.decimals(min_value=0, max_value=mark, places=3))
        for part, mark in full.items()
    }
    return scores, full


@given(valid_paper())
def test_total_between_0_and_100(paper):
    scores, full = paper
    result = compute_total(scores, full, SCORING)
    assert 0 <= result.exact <= 100
    assert Decimal(0) <= result.published <= Decimal(100)
    assert result.exact == result.practical + result.written


@given(valid_paper())
def test_published_matches_decimal_half_up(paper):
    scores, full = paper
    with localcontext() as ctx:
        ctx.prec = 60
        exact = sum(
            (
                Decimal(w) * scores[p] / full[p]
                for p, w in [
                    ("current_affairs", SCORING.current_affairs_weight),
                    ("knowledge", SCORING.knowledge_weight),
                    ("practical", SCORING.practical_weight),
                ]
            ),
            Decimal(0),
        )
        expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert compute_total(scores, full, SCORING).published == expected


@pytest.mark.parametrize(
    ("scores", "with_current_affairs", "missing"),
    [
        ({"current_affairs": D("5"), "knowledge": D("80"), "practical": D("70")}, True, []),
        ({"knowledge": D("80"), "practical": D("70")}, True, ["current_affairs"]),
        ({"knowledge": D("80"), "practical": D("70")}, False, []),  # no such section: not missing
        ({"practical": D("70")}, False, ["knowledge"]),
        ({}, True, ["current_affairs", "knowledge", "practical"]),
    ],
)
def test_missing_parts_are_the_ones_that_count_and_have_no_score(
    scores, with_current_affairs, missing
):
    full = {"current_affairs": D("10") if with_current_affairs else None, "knowledge": D("100")}
    full["practical"] = D("100")
    assert missing_parts(scores, full, SCORING) == missing
    assert (compute_total(scores, full, SCORING) is None) == bool(missing)
