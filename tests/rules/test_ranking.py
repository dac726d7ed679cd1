"""Ranks, tie-breaks, shared ranks and award-boundary flags (rules.md §4.2)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhenxing.rules.ranking import rank, rank_totals, straddled
from zhenxing.rules.rulebook import load_edition
from zhenxing.rules.scoring import compute_total

SCORING = load_edition("2020-nmg").scoring
BOUNDARIES = SCORING.award_boundaries
FULL = {"current_affairs": Decimal(100), "knowledge": Decimal(100), "practical": Decimal(100)}


def totals(*papers):
    return [
        compute_total(
            {"current_affairs": Decimal(ca), "knowledge": Decimal(k), "practical": Decimal(p)},
            FULL,
            SCORING,
        )
        for ca, k, p in papers
    ]


def ranks_by_index(placings):
    return {p.index: p.rank for p in placings}


def codes(placing):
    return [r.code for r in placing.reasons]


def test_published_total_decides_first():
    placings = rank_totals(totals((50, 50, 50), (100, 100, 100), (80, 80, 80)), SCORING)
    assert [p.index for p in placings] == [1, 2, 0]
    assert [p.rank for p in placings] == [1, 2, 3]
    assert placings[1].separated_by == "published_total"


def test_practical_part_decides_equal_published_totals():
    # A: 5 + 15 + 64 = 84.000; B: 0 + 15 + 68.996 = 83.996, published 84.00 too
    placings = rank_totals(totals((100, 100, 80), (0, 100, "86.245")), SCORING)
    assert [p.index for p in placings] == [1, 0]  # B first although its exact total is lower
    assert [p.rank for p in placings] == [1, 2]
    assert placings[1].separated_by == "practical"


def test_written_part_decides_when_practical_is_equal_too():
    # A: 5 + 15 + 64 = 84.000; B: 4.995 + 15 + 64 = 83.995, published 84.00
    placings = rank_totals(totals(("99.9", 100, 80), (100, 100, 80)), SCORING)
    assert [p.index for p in placings] == [1, 0]
    assert placings[1].separated_by == "written"


def test_full_tie_shares_rank_and_skips_next():
    placings = rank_totals(
        totals((100, 100, 100), (80, 80, 80), (80, 80, 80), (50, 50, 50)), SCORING
    )
    assert [p.rank for p in placings] == [1, 2, 2, 4]
    assert [p.index for p in placings] == [0, 1, 2, 3]
    assert placings[2].separated_by is None


def test_shared_rank_keeps_input_order():
    placings = rank_totals(totals((10, 10, 10), (80, 80, 80), (10, 10, 10), (80, 80, 80)), SCORING)
    assert [p.index for p in placings] == [1, 3, 0, 2]
    assert [p.rank for p in placings] == [1, 1, 3, 3]


def test_unranked_are_left_out():
    scored = totals((80, 80, 80), (90, 90, 90))
    placings = rank_totals([scored[0], None, scored[1]], SCORING)
    assert ranks_by_index(placings) == {2: 1, 0: 2}


def _with_ties(groups):
    """Metrics for blocks of equal contestants, e.g. [1, 1, 2] = two alone, then two tied."""
    metrics, value = [], 1000
    for size in groups:
        metrics += [(value,)] * size
        value -= 1
    return rank(metrics, ["published_total"], BOUNDARIES)


def test_two_sharing_third_straddle_the_title_boundary():
    placings = _with_ties([1, 1, 2])
    assert [p.rank for p in placings] == [1, 2, 3, 3]
    flagged = ["TIE_AT_AWARD_BOUNDARY"]
    assert [codes(p) for p in placings] == [[], [], flagged, flagged]
    reason = placings[2].reasons[0]
    assert reason.clause == "rules.md §4.2"
    assert "第3名" in reason.message


def test_three_sharing_fifth_straddle_six():
    placings = _with_ties([1, 1, 1, 1, 3])
    assert [p.rank for p in placings][-3:] == [5, 5, 5]
    assert all(codes(p) == ["TIE_AT_AWARD_BOUNDARY"] for p in placings[-3:])
    assert not any(codes(p) for p in placings[:4])


def test_shared_tenth_is_flagged():
    placings = _with_ties([1] * 9 + [2])
    assert [p.rank for p in placings][-2:] == [10, 10]
    assert all(codes(p) == ["TIE_AT_AWARD_BOUNDARY"] for p in placings[-2:])


def test_shared_rank_inside_a_tier_is_not_flagged():
    placings = _with_ties([1, 1, 1, 2, 1])  # ranks 4–5 shared
    assert [p.rank for p in placings] == [1, 2, 3, 4, 4, 6]
    assert not any(p.reasons for p in placings)


def test_shared_rank_ending_on_a_boundary_is_not_flagged():
    placings = _with_ties([1, 2])  # 2–3 shared: both within the top 3
    assert [p.rank for p in placings] == [1, 2, 2]
    assert not any(p.reasons for p in placings)


def test_straddled_boundaries():
    assert straddled(3, 2, [3, 6, 10]) == [3]
    assert straddled(2, 9, [3, 6, 10]) == [3, 6]
    assert straddled(4, 2, [3, 6, 10]) == []
    assert straddled(10, 1, [3, 6, 10]) == []


def test_tie_break_order_comes_from_the_rulebook():
    # A: 0 + 15 + 69 = 84; B: 5 + 15 + 64 = 84. Practical first puts A ahead, written first B.
    papers = totals((0, 100, "86.25"), (100, 100, 80))
    assert rank_totals(papers, SCORING)[0].index == 0
    scoring = SCORING.model_copy(update={"tie_breaks": ["published_total", "written"]})
    placings = rank_totals(papers, scoring)
    assert [p.index for p in placings] == [1, 0]
    assert placings[1].separated_by == "written"


def _competition_ranks(values):
    return [1 + sum(v > x for v in values) for x in values]


@given(st.lists(st.integers(min_value=0, max_value=6), max_size=30))
def test_ranks_are_competition_ranks(values):
    placings = rank([(v,) for v in values], ["published_total"], BOUNDARIES)
    assert sorted(p.index for p in placings) == list(range(len(values)))
    assert ranks_by_index(placings) == dict(enumerate(_competition_ranks(values)))
    ranks = [p.rank for p in placings]
    assert ranks == sorted(ranks)
    for k in set(ranks):
        assert sum(r <= k for r in ranks) >= k
    for a, b in zip(placings, placings[1:], strict=False):
        if a.rank == b.rank:
            assert a.index < b.index  # input order within a shared rank


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=15))
def test_flag_exactly_when_a_block_straddles(values):
    placings = rank([(v,) for v in values], ["published_total"], BOUNDARIES)
    for p in placings:
        size = sum(q.rank == p.rank for q in placings)
        crosses = any(p.rank <= b < p.rank + size - 1 for b in BOUNDARIES)
        assert bool(p.reasons) == crosses
