"""Item analysis against a table computed by hand (issue 19; docs/exam-rules.md §6)."""

from decimal import Decimal

import pytest

from zhenxing.rules.item_analysis import Response, analyse, group_size

D = Decimal

# Six examinees, four questions worth 1 point each (1 = right). Q1 is a single choice keyed A;
# Q4 is planted with a wrong key: the weak examinees "get it right".
#
#        Q1 Q2 Q3 Q4 | total
#   P1    1  1  1  0 |  3
#   P2    1  1  0  1 |  3
#   P3    1  0  1  1 |  3
#   P4    1  0  0  1 |  2
#   P5    1  0  0  1 |  2
#   P6    0  0  0  1 |  1
#
# Groups: 27 % of 6 = 1.62 -> 2 examinees each. Ranked by total then person id:
# P1 P2 P3 P4 P5 P6, so upper = {P1, P2} (P3 ties at 3 and is cut by id), lower = {P5, P6}.
#
# P (mean / max):  Q1 5/6 = 0.833   Q2 2/6 = 0.333   Q3 2/6 = 0.333   Q4 5/6 = 0.833
# D (P upper − P lower):
#   Q1 1 − 1/2 = 0.500   Q2 1 − 0 = 1.000   Q3 1/2 − 0 = 0.500   Q4 1/2 − 1 = −0.500
#   (P3 instead of P2 above would make Q2 0.500 and Q3 1.000: the tie-break is tested)
# Totals: mean 14/6 = 2.333; deviations 2/3 (×3), −1/3 (×2), −4/3; squares sum to
#   12/9 + 2/9 + 16/9 = 30/9; population variance 30/9 / 6 = 5/9; s = √5/3 = 0.745.
# r_pb = (M1 − M0)/s × √(pq):
#   Q1 M1 = 13/5 = 2.6 (P1–P5), M0 = 1 (P6), √(5/6 · 1/6) = √5/6:
#      1.6 × 3/√5 × √5/6 = 0.800
#   Q2 M1 = 3 (P1, P2), M0 = 8/4 = 2, √(1/3 · 2/3) = √2/3: 1 × 3/√5 × √2/3 = √0.4 = 0.632
#   Q3 the same figures as Q2 (P1, P3 right): 0.632
#   Q4 M1 = 11/5 = 2.2 (P2–P6), M0 = 3 (P1): −0.8 × 3/√5 × √5/6 = −0.400
# KR-20 = k/(k−1) × (1 − Σpq/σ²): Σpq = 5/36 + 8/36 + 8/36 + 5/36 = 13/18; σ² = 5/9 = 10/18:
#   4/3 × (1 − 13/10) = −0.400 (the mis-keyed item drags it below zero).
# Without Q4: totals 3 2 2 1 1 0, mean 1.5, σ² = (2.25 + 4 × 0.25 + 2.25)/6 = 11/12,
#   Σpq = 21/36 = 7/12: 3/2 × (1 − 7/11) = 6/11 = 0.545.
TABLE = {
    "P1": "1110",
    "P2": "1101",
    "P3": "1011",
    "P4": "1001",
    "P5": "1001",
    "P6": "0001",
}


def responses(table=TABLE, questions=4):
    return [
        Response(
            person,
            f"Q{i + 1}",
            D(mark),
            D("1"),
            ("A" if mark == "1" else "C") if i == 0 else None,
        )
        for person, marks in table.items()
        for i, mark in enumerate(marks[:questions])
    ]


def test_item_statistics_match_the_hand_computed_table():
    analysis = analyse(responses(), option_letters={"Q1": "ABCD"})
    rows = [(i.question, i.n, i.p, i.d, i.r_pb) for i in analysis.items]
    assert rows == [
        ("Q1", 6, D("0.833"), D("0.500"), D("0.800")),
        ("Q2", 6, D("0.333"), D("1.000"), D("0.632")),
        ("Q3", 6, D("0.333"), D("0.500"), D("0.632")),
        ("Q4", 6, D("0.833"), D("-0.500"), D("-0.400")),
    ]
    assert analysis.kr20 == D("-0.400")
    assert (analysis.mean, analysis.sd, analysis.full) == (D("2.33"), D("0.75"), D("4"))
    assert analysis.reasons == ()


def test_kr20_without_the_mis_keyed_item():
    assert analyse(responses(questions=3)).kr20 == D("0.545")


def test_the_mis_keyed_item_is_flagged_to_check_its_key():
    flags = {i.question: [f.code for f in i.flags] for i in analyse(responses()).items}
    assert flags == {
        "Q1": [],
        "Q2": [],
        "Q3": [],
        "Q4": ["ITEM_LOW_DISCRIMINATION", "ITEM_NEGATIVE_D"],
    }
    q4 = analyse(responses()).items[3]
    assert "核对答案" in q4.flags[1].message and "-0.500" in q4.flags[1].message


def test_distractors_count_every_option_letter():
    items = analyse(responses(), option_letters={"Q1": "ABCD"}).items
    assert items[0].distractors == {"A": 5, "B": 0, "C": 1, "D": 0}
    assert items[1].distractors == {}
    multiple = [
        Response("P1", "M", D("2"), D("2"), "ABD"),
        Response("P2", "M", D("0"), D("2"), "ab"),
        Response("P3", "M", D("0"), D("2"), None),
    ]
    assert analyse(multiple).items[0].distractors == {"A": 2, "B": 2, "D": 1}


def test_score_distribution_in_tenths_of_full_marks():
    distribution = analyse(responses()).distribution
    assert len(distribution) == 10
    assert distribution[0] == (D("0"), D("0.4"), 0)
    assert distribution[-1] == (D("3.6"), D("4"), 0)
    counts = {(lower, upper): n for lower, upper, n in distribution if n}
    assert counts == {(D("0.8"), D("1.2")): 1, (D("2"), D("2.4")): 2, (D("2.8"), D("3.2")): 3}
    everyone_right = analyse(responses({"P1": "1111", "P2": "1111"}))
    assert everyone_right.distribution[-1][2] == 2  # full marks fall in the last, closed bin


def test_thresholds_flag_too_hard_and_too_easy_items():
    table = {f"P{i}": ("1" if i < 6 else "0") + ("1" if i == 1 else "0") for i in range(1, 11)}
    items = analyse(responses(table, questions=2)).items
    assert items[0].p == D("0.500") and items[1].p == D("0.100")
    assert [f.code for f in items[1].flags][0] == "ITEM_TOO_HARD"
    easy = {f"P{i}": "1" if i < 11 else "0" for i in range(1, 12)}
    assert analyse(responses(easy, 1)).items[0].p == D("0.909")
    assert [f.code for f in analyse(responses(easy, 1)).items[0].flags][0] == "ITEM_TOO_EASY"
    loose = analyse(responses(easy, 1), too_easy=D("0.95")).items[0]
    assert "ITEM_TOO_EASY" not in [f.code for f in loose.flags]


def test_partial_credit_counts_in_p_but_only_full_marks_count_as_right():
    answers = [
        Response("P1", "S", D("5"), D("5"), None),
        Response("P2", "S", D("2.5"), D("5"), None),
        Response("P3", "S", D("0"), D("5"), None),
    ]
    item = analyse(answers).items[0]
    # P = 7.5 / 15; correctness 1, 0, 0 against totals 5, 2.5, 0: M1 = 5, M0 = 1.25,
    # s = √(((2.5)² + 0 + (2.5)²)/3) = √(25/6), p = 1/3: 3.75 / √(25/6) × √(2/9) = 0.866
    assert (item.p, item.r_pb) == (D("0.500"), D("0.866"))


@pytest.mark.parametrize(("n", "size"), [(1, 1), (2, 1), (3, 1), (6, 2), (10, 3), (100, 27)])
def test_group_size_is_27_percent_half_up_at_least_one(n, size):
    assert group_size(n) == size


def test_undefined_statistics_are_none():
    one = analyse([Response("P1", "Q1", D("1"), D("1"), None)])
    assert one.kr20 is None and one.items[0].r_pb is None and one.items[0].d == D("0.000")
    same = analyse(responses({"P1": "11", "P2": "11"}, 2))
    assert same.kr20 is None and same.items[0].r_pb is None
    empty = analyse([])
    assert empty.items == () and empty.reasons[0].code == "ANALYSIS_EMPTY"


def test_missing_responses_are_reported():
    answers = responses()[:-1]  # P6 has no response to Q4
    analysis = analyse(answers)
    assert [r.code for r in analysis.reasons] == ["ANALYSIS_INCOMPLETE"]
    assert analysis.items[3].n == 5
