"""Re-check (复核, rules.md §4.3): top results plus a replayable sample; the 5% rule."""

from decimal import Decimal

import pytest

from zhenxing.rules.draws import draw
from zhenxing.rules.recheck import recheck_outcome, recheck_sample, sample_size
from zhenxing.rules.rulebook import load_edition

RULEBOOK = load_edition("2020-nmg")
SEED = "c0ffee"


def ranked(n):
    return [f"C{i:03d}" for i in range(1, n + 1)]


def with_judging(**changes):
    return RULEBOOK.model_copy(update={"judging": RULEBOOK.judging.model_copy(update=changes)})


@pytest.mark.parametrize(
    ("contestants", "top", "sampled"),
    [(0, 0, 0), (1, 1, 0), (10, 10, 0), (11, 10, 1), (100, 10, 14)],
)
def test_sample_sizes_at_the_edges(contestants, top, sampled):
    sample = recheck_sample(ranked(contestants), SEED, RULEBOOK)
    assert (len(sample.top), len(sample.random)) == (top, sampled)


@pytest.mark.parametrize(("rest", "size"), [(1, 1), (6, 1), (7, 2), (20, 3), (21, 4), (90, 14)])
def test_fifteen_percent_rounds_up(rest, size):
    assert sample_size(rest, RULEBOOK) == size


def test_at_least_one_while_any_remain_even_at_zero_percent():
    rulebook = with_judging(recheck_sample_percent=Decimal(0))
    assert [sample_size(n, rulebook) for n in (0, 1, 50)] == [0, 1, 1]


def test_never_more_than_the_rest():
    assert sample_size(3, with_judging(recheck_sample_percent=Decimal(150))) == 3


def test_top_ten_always_included_and_sample_drawn_from_the_rest():
    ids = ranked(40)
    for n in range(20):
        sample = recheck_sample(ids, f"seed{n}", RULEBOOK)
        assert sample.top == tuple(ids[:10])
        assert set(sample.random) <= set(ids[10:])
        assert len(sample.random) == 5  # 30 × 15% = 4.5 → 5


def test_sample_is_replayable_from_its_seed():
    ids = ranked(60)
    first = recheck_sample(ids, SEED, RULEBOOK)
    again = recheck_sample(ids, first.seed, RULEBOOK)
    assert again == first
    # The sample is the rest's draw, labels 001…00k: an auditor replays it with draws.draw.
    lots = draw(ids[10:], SEED)
    assert set(first.random) == {i for i, label in lots.items() if int(label) <= 8}


def test_different_seeds_pick_different_samples():
    ids = ranked(60)
    samples = {recheck_sample(ids, f"s{n}", RULEBOOK).random for n in range(10)}
    assert len(samples) > 5


def test_sample_listed_in_rank_order():
    sample = recheck_sample(ranked(100), SEED, RULEBOOK)
    assert list(sample.random) == sorted(sample.random)
    assert sample.ids == sample.top + sample.random


def test_a_rank_shared_across_the_top_line_stays_in_the_top():
    ids = ranked(13)
    ranks = {i: n for n, i in enumerate(ids, start=1)}
    ranks.update({"C011": 10, "C012": 10})  # three contestants share rank 10
    sample = recheck_sample(ids, SEED, RULEBOOK, ranks)
    assert sample.top == tuple(ids[:12])
    assert sample.random == ("C013",)


def test_duplicate_or_unranked_contestants_are_refused():
    with pytest.raises(ValueError, match="重复"):
        recheck_sample(["A", "B", "A"], SEED, RULEBOOK)
    with pytest.raises(ValueError, match="没有名次"):
        recheck_sample(["A", "B"], SEED, RULEBOOK, {"A": 1})


def test_exactly_five_percent_is_not_exceeded():
    sampled = ranked(20)
    outcome = recheck_outcome(sampled, ["C001"], RULEBOOK)
    assert not outcome.recheck_all
    assert outcome.rate == Decimal(5)
    assert [r.code for r in outcome.reasons] == ["RECHECK_SAMPLE_PASSED"]


def test_just_above_five_percent_requires_rechecking_all():
    outcome = recheck_outcome(ranked(39), ["C001", "C002"], RULEBOOK)  # 5.128…%
    assert outcome.recheck_all
    (reason,) = outcome.reasons
    assert reason.code == "RECHECK_ALL_REQUIRED"
    assert reason.clause == "rules.md §4.3"
    assert "5.13%" in reason.message and "全部成绩复核" in reason.message


def test_errors_among_the_top_results_do_not_count():
    sample = recheck_sample(ranked(30), SEED, RULEBOOK)
    errors = list(sample.top)  # every top result wrong, all corrected by the full top check
    outcome = recheck_outcome(sample.random, errors, RULEBOOK)
    assert (outcome.errors, outcome.recheck_all) == (0, False)
    outcome = recheck_outcome(sample.random, errors + [sample.random[0]], RULEBOOK)
    assert (outcome.errors, outcome.recheck_all) == (1, True)


def test_an_empty_sample_needs_no_full_recheck():
    outcome = recheck_outcome([], ["C001"], RULEBOOK)
    assert (outcome.sampled, outcome.rate, outcome.recheck_all) == (0, Decimal(0), False)


def test_the_limit_comes_from_the_rulebook():
    assert recheck_outcome(ranked(20), ["C001"], with_judging(recheck_error_percent=4)).recheck_all
