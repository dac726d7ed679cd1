"""Blueprints, fill checks, drawn papers and per-contestant shuffles (issue 19)."""

from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zhenxing.rules.exam_papers import (
    KIND_LABELS,
    KINDS,
    BankItem,
    BlueprintRow,
    check_blueprint,
    check_fill,
    draw_papers,
    overlap,
    shared_limit,
    shuffle_for,
)

D = Decimal


def item(ident, kind="single", area="A", point="A-01", difficulty=3, uses=0):
    return BankItem(ident, kind, area, point, difficulty, D("1"), uses)


def matches(row, bank_item):
    return (
        bank_item.kind == row.kind
        and row.scope in (bank_item.area, bank_item.point)
        and row.difficulty in (None, bank_item.difficulty)
    )


# -- blueprints ---------------------------------------------------------------------------


def test_kinds_have_chinese_labels():
    assert [KIND_LABELS[kind] for kind in KINDS] == [
        "单选题",
        "多选题",
        "判断题",
        "填空题",
        "简答题",
    ]


def test_a_blueprint_must_sum_to_the_full_marks():
    rows = [
        BlueprintRow("A", "single", None, 40, D("1")),
        BlueprintRow("B", "judge", 2, 20, D("0.5")),
        BlueprintRow("A", "short", None, 5, D("6")),
    ]
    assert check_blueprint(rows, D("80")) == check_blueprint(rows, D("80.0"))
    assert check_blueprint(rows, D("80")).ok
    wrong = check_blueprint(rows, D("100"))
    assert not wrong.ok
    assert [r.code for r in wrong.reasons] == ["BLUEPRINT_SUM"]
    assert "共 65 题、合计 80 分" in wrong.reasons[0].message
    assert "满分为 100 分" in wrong.reasons[0].message


def test_unreadable_rows_say_which_row_and_what_to_fix():
    rows = [
        BlueprintRow("A", "essay", None, 1, D("10")),
        BlueprintRow("A", "single", 6, 0, D("0")),
        BlueprintRow(" ", "judge", None, 1, D("1")),
    ]
    outcome = check_blueprint(rows, D("11"))
    codes = [r.code for r in outcome.reasons]
    assert codes == [
        "BLUEPRINT_BAD_KIND",
        "BLUEPRINT_BAD_DIFFICULTY",
        "BLUEPRINT_EMPTY_ROW",
        "BLUEPRINT_BAD_POINTS",
        "BLUEPRINT_NO_SCOPE",
    ]
    assert outcome.reasons[1].message.startswith("细目表第 2 行（A·单选题·难度 6）")
    assert check_blueprint([], D("100")).reasons[0].code == "BLUEPRINT_EMPTY"


# -- fill checks and their figures ---------------------------------------------------------

SCARCE_BANK = [item(f"s{i}") for i in range(5)] + [
    item(f"j{i}", kind="judge", area="B", point="B-01") for i in range(30)
]
SCARCE_ROWS = [
    BlueprintRow("A", "single", None, 4, D("1")),
    BlueprintRow("B", "judge", None, 4, D("1")),
]


def test_a_row_the_bank_cannot_fill_once_is_named_with_figures():
    rows = [*SCARCE_ROWS, BlueprintRow("A-01", "single", 1, 2, D("1"))]
    outcome = check_fill(rows, SCARCE_BANK)
    assert not outcome.ok
    assert [r.code for r in outcome.reasons] == ["BLUEPRINT_SHORT"]
    assert outcome.reasons[0].message == (
        "细目表第 3 行（A-01·单选题·难度 1）：每套 2 题，抽一套试卷至少需要 2 道符合的题，"
        "题库中现有 0 道，还差 2 道"
    )
    assert not draw_papers(rows, SCARCE_BANK, seed="x", sets=1).ok


def test_too_many_sets_under_the_bound_are_refused_with_what_is_needed():
    # 3 sets of 8 questions, at most 25 % (2 questions) shared by any two: 5 single-choice
    # questions cannot make three 4-question sets sharing at most 2 pairwise; 6 can
    # ({0123}, {0145}, {2345}).
    outcome = check_fill(SCARCE_ROWS, SCARCE_BANK, sets=3, max_overlap=D("0.25"))
    assert not outcome.ok
    assert [r.code for r in outcome.reasons] == ["BLUEPRINT_OVERLAP", "BLUEPRINT_SHORT"]
    assert "任两套相同的题不超过 2 道" in outcome.reasons[0].message
    assert "细目表第 1 行" in outcome.reasons[1].message
    assert outcome.reasons[1].message.endswith(
        "补足到 6 道符合的题即可，题库中现有 5 道，还差 1 道"
    )
    drawn = draw_papers(SCARCE_ROWS, SCARCE_BANK, seed="x", sets=3, max_overlap=D("0.25"))
    assert (drawn.ok, drawn.papers) == (False, ())
    assert drawn.reasons == outcome.reasons
    bigger = [*SCARCE_BANK, item("s5")]
    assert check_fill(SCARCE_ROWS, bigger, sets=3, max_overlap=D("0.25")).ok
    assert draw_papers(SCARCE_ROWS, bigger, seed="x", sets=3, max_overlap=D("0.25")).ok


def test_the_same_bank_fills_more_sets_with_a_looser_bound():
    assert check_fill(SCARCE_ROWS, SCARCE_BANK, sets=6, max_overlap=D("0.5")).ok
    assert not check_fill(SCARCE_ROWS, SCARCE_BANK, sets=6, max_overlap=D("0.25")).ok


def test_settings_and_bank_problems():
    assert check_fill(SCARCE_ROWS, SCARCE_BANK, sets=0).reasons[0].code == "EXAM_BAD_SETS"
    bad = check_fill(SCARCE_ROWS, SCARCE_BANK, max_overlap=D("1.5"))
    assert bad.reasons[0].code == "EXAM_BAD_OVERLAP"
    twice = check_fill(SCARCE_ROWS, [*SCARCE_BANK, item("s1")])
    assert twice.reasons[0].code == "BANK_DUPLICATE_ID" and "s1" in twice.reasons[0].message
    no_seed = draw_papers(SCARCE_ROWS, SCARCE_BANK, seed=" ", sets=1)
    assert not no_seed.ok and no_seed.reasons[0].code == "EXAM_NO_SEED"


def test_a_question_matching_two_rows_counts_for_the_more_specific_one():
    bank = [item("p1", point="A-01"), item("p2", point="A-01"), item("a1", point="A-02")]
    rows = [
        BlueprintRow("A", "single", None, 1, D("1")),
        BlueprintRow("A-01", "single", None, 2, D("1")),
    ]
    outcome = check_fill(rows, bank)
    assert outcome.ok
    assert [r.code for r in outcome.reasons] == ["BLUEPRINT_ROWS_OVERLAP"]
    assert "有 2 道题同时符合细目表第 2 行和第 1 行，只计入第 2 行" in outcome.reasons[0].message
    assert draw_papers(rows, bank, seed="s", sets=1).papers[0][0] == "a1"


# -- draws --------------------------------------------------------------------------------


def test_known_draw_never_changes_silently():
    bank = [item(f"q{i:02d}", uses=i % 3) for i in range(12)]
    rows = [BlueprintRow("A", "single", None, 4, D("2.5"))]
    drawn = draw_papers(rows, bank, seed="振兴杯2020", sets=3)
    assert drawn.ok
    # Recorded once; a change here changes every recorded paper. Unused questions (uses 0:
    # q00, q03, q06, q09) make set 1, in the order of the lots drawn with "振兴杯2020:row1".
    assert drawn.papers == (
        ("q00", "q03", "q09", "q06"),
        ("q01", "q07", "q04", "q10"),
        ("q05", "q08", "q11", "q02"),
    )


def test_least_used_questions_come_first():
    bank = [item(f"q{i}", uses=2) for i in range(6)] + [item(f"n{i}", uses=0) for i in range(3)]
    rows = [BlueprintRow("A", "single", None, 4, D("1"))]
    paper = draw_papers(rows, bank, seed="s", sets=1).papers[0]
    assert {"n0", "n1", "n2"} <= set(paper)


def test_different_seeds_give_different_papers():
    bank = [item(f"q{i}") for i in range(40)]
    rows = [BlueprintRow("A", "single", None, 10, D("1"))]
    papers = {draw_papers(rows, bank, seed=str(seed), sets=1).papers for seed in range(5)}
    assert len(papers) == 5


def test_overlap_is_the_share_of_the_first_paper():
    assert overlap(("a", "b", "c", "d"), ("b", "d", "e", "f")) == D("0.5")
    assert overlap((), ("a",)) == D("0")
    assert shared_limit([BlueprintRow("A", "single", None, 7, D("1"))], D("0.5")) == 3


POINTS = {"A-01": "A", "A-02": "A", "B-01": "B"}  # knowledge point -> its area


def bank_item(ident, kind, point, difficulty, uses):
    return item(f"q{ident}", kind, POINTS[point], point, difficulty, uses)


banks = st.lists(
    st.builds(
        bank_item,
        st.integers(0, 10**6),
        st.sampled_from(["single", "judge"]),
        st.sampled_from(sorted(POINTS)),
        st.integers(1, 2),
        st.integers(0, 3),
    ),
    min_size=20,
    max_size=100,
    unique_by=lambda bank_item: bank_item.id,
)
blueprints = st.lists(
    st.builds(
        BlueprintRow,
        scope=st.sampled_from(["A", "B", "A-01"]),
        kind=st.sampled_from(["single", "judge"]),
        difficulty=st.one_of(st.none(), st.none(), st.integers(1, 2)),
        count=st.integers(1, 3),
        points=st.sampled_from([D("1"), D("2"), D("0.5")]),
    ),
    min_size=1,
    max_size=3,
)
bounds = st.sampled_from([D("0"), D("0.25"), D("0.5"), D("0.75"), D("1")])


@settings(max_examples=150, deadline=None)
@given(banks, blueprints, st.integers(1, 4), bounds, st.randoms(use_true_random=False))
def test_drawn_papers_follow_the_blueprint_and_the_bound(bank, rows, sets, bound, rng):
    drawn = draw_papers(rows, bank, seed="seed", sets=sets, max_overlap=bound)
    assert drawn.ok == check_fill(rows, bank, sets=sets, max_overlap=bound).ok
    shuffled = list(bank)
    rng.shuffle(shuffled)
    assert draw_papers(rows, shuffled, seed="seed", sets=sets, max_overlap=bound) == drawn
    if not drawn.ok:
        assert any(r.code == "BLUEPRINT_SHORT" for r in drawn.reasons)
        return
    assert len(drawn.papers) == sets
    by_id = {bank_item.id: bank_item for bank_item in bank}
    for paper in drawn.papers:
        assert len(set(paper)) == len(paper) == sum(row.count for row in rows)
        start = 0
        for row in rows:  # row by row: each row's questions match it
            assert all(matches(row, by_id[ident]) for ident in paper[start : start + row.count])
            start += row.count
        points = sum(row.count * row.points for row in rows)
        assert check_blueprint(rows, points).ok
    for i, first in enumerate(drawn.papers):
        for second in drawn.papers[i + 1 :]:
            assert overlap(first, second) <= bound


@settings(max_examples=60, deadline=None)
@given(banks, blueprints)
def test_one_set_takes_the_least_used_questions_of_each_row(bank, rows):
    drawn = draw_papers(rows, bank, seed="s", sets=1)
    if not drawn.ok:
        return
    chosen = set(drawn.papers[0])
    # for a row without overlaps with other rows, nothing left out is used less than the chosen
    alone = [
        row
        for row in rows
        if sum(1 for other in rows if any(matches(other, b) and matches(row, b) for b in bank)) == 1
    ]
    for row in alone:
        mine = [b for b in bank if matches(row, b)]
        taken = [b.uses for b in mine if b.id in chosen]
        left = [b.uses for b in mine if b.id not in chosen]
        assert not left or max(taken) <= min(left)


def test_sets_spread_their_shared_questions_evenly():
    bank = [item(f"q{i}") for i in range(10)]
    rows = [BlueprintRow("A", "single", None, 4, D("1"))]
    drawn = draw_papers(rows, bank, seed="s", sets=5, max_overlap=D("0.5"))
    assert drawn.ok
    uses = Counter(ident for paper in drawn.papers for ident in paper)
    assert max(uses.values()) - min(uses.values()) <= 1


# -- per-contestant shuffles ------------------------------------------------------------------

QUESTIONS = tuple(f"q{i}" for i in range(20))


def test_a_contestants_shuffle_is_replayable_and_a_permutation():
    options = {"q0": 4, "q1": 5}
    first = shuffle_for("seed", "A001", QUESTIONS, options)
    assert first == shuffle_for("seed", "A001", QUESTIONS, options)
    assert sorted(first.question_order) == sorted(QUESTIONS)
    assert first.question_order != QUESTIONS
    assert sorted(first.option_orders["q0"]) == [0, 1, 2, 3]
    assert sorted(first.option_orders["q1"]) == [0, 1, 2, 3, 4]
    assert set(first.option_orders) == {"q0", "q1"}
    other = shuffle_for("seed", "A002", QUESTIONS, options)
    assert other.question_order != first.question_order
    # the order the questions are handed over in does not matter
    assert shuffle_for("seed", "A001", QUESTIONS[::-1], options) == first


def test_groups_keep_their_place_and_shuffle_within():
    groups = {q: ("single" if i < 10 else "judge") for i, q in enumerate(QUESTIONS)}
    order = shuffle_for("seed", "A001", QUESTIONS, {}, groups=groups).question_order
    assert set(order[:10]) == set(QUESTIONS[:10]) and set(order[10:]) == set(QUESTIONS[10:])
    assert order[:10] != QUESTIONS[:10]
