"""Keys as officials type them, objective grading and the short-answer graders (issue 19)."""

from decimal import Decimal

import pytest

from zhenxing.rules import exam_grading
from zhenxing.rules.exam_grading import grade_objective, normalize_key, settle_short

D = Decimal


@pytest.mark.parametrize(
    ("kind", "typed", "key"),
    [
        ("single", "b", "B"),
        ("single", " C ", "C"),
        ("single", "Ｄ", "D"),  # full-width
        ("single", "AB", None),
        ("single", "", None),
        ("single", "1", None),
        ("multiple", "A,B,C", "ABC"),
        ("multiple", "ABD", "ABD"),
        ("multiple", "a b d", "ABD"),
        ("multiple", "A、B", "AB"),
        ("multiple", "D，A，B", "ABD"),  # full-width comma, out of order
        ("multiple", "BAB", "AB"),  # repeated letter
        ("multiple", "A;C", "AC"),
        ("multiple", "A和B", None),
        ("multiple", "  ", None),
        ("judge", "正确", "T"),
        ("judge", "错误", "F"),
        ("judge", "对", "T"),
        ("judge", "错", "F"),
        ("judge", "√", "T"),
        ("judge", "×", "F"),
        ("judge", "T", "T"),
        ("judge", "f", "F"),
        ("judge", "true", "T"),
        ("judge", "FALSE", "F"),
        ("judge", "Y", "T"),
        ("judge", "n", "F"),
        ("judge", " 对 ", "T"),
        ("judge", "不一定", None),
        ("fill", "欧姆", "欧姆"),
        ("fill", " 电压 | 电流 ", "电压|电流"),
        ("fill", "电压；电流；电阻", "电压|电流|电阻"),
        ("fill", "电压||电阻", None),  # an empty blank
        ("fill", "", None),
        ("short", "  要点一；要点二 ", "要点一；要点二"),
        ("short", " ", None),
        ("essay", "A", None),
    ],
)
def test_keys_as_officials_type_them(kind, typed, key):
    assert normalize_key(kind, typed) == key


@pytest.mark.parametrize(
    ("kind", "key", "answer", "partial", "earned"),
    [
        ("single", "B", "B", "0", "2"),
        ("single", "B", "b", "0", "2"),
        ("single", "B", "C", "0", "0"),
        ("single", "B", None, "0", "0"),
        ("single", "B", "", "0", "0"),
        ("judge", "T", "√", "0", "2"),
        ("judge", "T", "错", "0", "0"),
        ("judge", "F", "F", "0", "2"),
        ("multiple", "ABD", "A,B,D", "0", "2"),
        ("multiple", "ABD", "AB", "0", "0"),  # all-or-nothing by default
        ("multiple", "ABD", "AB", "0.5", "1.00"),
        ("multiple", "ABD", "ABC", "0.5", "0"),  # a wrong choice earns nothing
        ("multiple", "ABD", "ABCD", "0.5", "0"),
        ("multiple", "ABD", "C", "0.5", "0"),
        ("fill", "电压|电流|电阻", "电压|电流|电阻", "0", "2"),
        ("fill", "电压|电流|电阻", " 电压 |电流|电容", "0", "1.33"),
        ("fill", "电压|电流|电阻", "电流|电压|电阻", "0", "0.67"),  # blanks keep their places
        ("fill", "电压|电流|电阻", "电压", "0", "0.67"),
        ("fill", "220V|50Hz", "２２０Ｖ｜50Hz", "0", "2"),  # full-width answer
        ("fill", "220V|50Hz", "220v|50Hz", "0", "1.00"),  # case is part of a unit
    ],
)
def test_objective_grading(kind, key, answer, partial, earned):
    assert grade_objective(kind, key, answer, D("2"), multiple_partial=D(partial)) == D(earned)


def test_short_answers_and_unreadable_keys_are_not_graded_automatically():
    with pytest.raises(ValueError, match="阅卷人"):
        grade_objective("short", "要点", "答案", D("5"))
    with pytest.raises(ValueError, match="无法识别"):
        grade_objective("single", "AB", "A", D("1"))


def test_two_graders_within_the_gap_average():
    settled = settle_short(D("7"), D("8"), None, gap=D("2"), full=D("10"))
    assert (settled.score, settled.needs_third, settled.reasons) == (D("7.50"), False, ())
    # a difference equal to the gap is within it
    assert settle_short(D("6"), D("8"), None, gap=D("2"), full=D("10")).score == D("7.00")
    # half-up to 0.01
    assert settle_short(D("6.5"), D("6.75"), None, gap=D("1"), full=D("10")).score == D("6.63")


def test_a_gap_above_the_limit_waits_for_a_third_grader():
    waiting = settle_short(D("9"), D("5"), None, gap=D("2"), full=D("10"))
    assert waiting.score is None and waiting.needs_third
    assert [r.code for r in waiting.reasons] == ["SHORT_GAP_EXCEEDED"]
    assert "相差 4 分" in waiting.reasons[0].message


@pytest.mark.parametrize(
    ("third", "score", "codes"),
    [
        ("6", "5.50", ["SHORT_GAP_EXCEEDED", "SHORT_THIRD_GRADER"]),  # nearer to 5
        ("8.5", "8.75", ["SHORT_GAP_EXCEEDED", "SHORT_THIRD_GRADER"]),  # nearer to 9
        ("7", "8.00", ["SHORT_GAP_EXCEEDED", "SHORT_THIRD_GRADER"]),  # equally near: the higher
        ("0", "2.50", ["SHORT_GAP_EXCEEDED", "SHORT_THIRD_GRADER", "SHORT_THIRD_FAR"]),
    ],
)
def test_the_third_grader_settles_with_the_nearer_score(third, score, codes):
    settled = settle_short(D("9"), D("5"), D(third), gap=D("2"), full=D("10"))
    assert settled.score == D(score) and not settled.needs_third
    assert [r.code for r in settled.reasons] == codes


def test_a_third_score_is_not_used_when_the_first_two_agree():
    assert settle_short(D("7"), D("8"), D("1"), gap=D("2"), full=D("10")).score == D("7.50")


@pytest.mark.parametrize(
    ("first", "second", "third"),
    [("11", "8", None), ("-1", "8", None), ("8", "10.5", None), ("9", "5", "12")],
)
def test_scores_outside_the_full_marks_are_refused(first, second, third):
    settled = settle_short(
        D(first), D(second), D(third) if third else None, gap=D("2"), full=D("10")
    )
    assert settled.score is None and settled.refused and not settled.needs_third
    assert settled.reasons[0].code == "SHORT_OUT_OF_RANGE"
    assert "0 至 10 分" in settled.reasons[0].message


def test_one_grader_missing_is_not_settled():
    settled = settle_short(D("7"), None, None, gap=D("2"), full=D("10"))
    assert settled.score is None and not settled.needs_third and not settled.refused
    assert settled.reasons[0].code == "SHORT_AWAITING"
    assert "二评" in settled.reasons[0].message


@pytest.mark.parametrize(
    ("total", "full", "part", "expected"),
    [
        ("100", "100", "15", "15.00"),
        ("67", "100", "15", "10.05"),
        ("1", "3", "5", "1.67"),  # 5/3 = 1.666…: multiplied first, rounded once
        ("1", "6", "3", "0.50"),  # exactly half a point
        ("0", "100", "5", "0.00"),
    ],
)
def test_a_paper_total_becomes_the_part_score_rounded_once(total, full, part, expected):
    score = exam_grading.theory_score(Decimal(total), Decimal(full), Decimal(part))
    assert str(score) == expected
