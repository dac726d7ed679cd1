"""The fast recompute path (rules.marking.fast_marks, scoring on integer ratios) gives exactly what
the plain Fraction arithmetic gave: every total, module mark, flag, reason and error message.

The reference below is the rules core as it was before the fast path (one Fraction per step,
every reason written at once), kept here to compare against."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhenxing.rules import scoring
from zhenxing.rules.marking import (
    MarkingError,
    aspect_mark,
    check_marks,
    fast_marks,
    scheme_from_dict,
    scheme_total,
)
from zhenxing.rules.rulebook import load_edition

SCORING = load_edition("2020-nmg").scoring
KINDS = ["all_or_nothing", "deduction", "scale_0_3", "points_trimmed"]


# ---------------------------------------------------------------- the slow reference


def reference_total(scheme, marks, scoring_):
    """scheme_total before the fast path: (total, module marks, reasons, flags)."""
    errors = check_marks(scheme, marks)
    if errors:
        raise errors[0]
    results = {a.key: aspect_mark(a, marks[a.key], scoring_) for a in scheme.aspects}
    modules = [
        (m.key, m.label, sum((results[a.key].mark for a in m.aspects), Fraction(0)), m.full_mark)
        for m in scheme.modules
    ]
    total = sum((mark for _, _, mark, _ in modules), Fraction(0))
    reasons = [r for result in results.values() for r in result.reasons]
    flags = [f for result in results.values() for f in result.flags]
    return total, modules, reasons, flags


def reference_publish(value, places):
    scaled = Fraction(value) * 10**places
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    sign = -1 if scaled < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def reference_weighted(weight, score, full):
    return Fraction(weight) * Fraction(score) / Fraction(full)


# ---------------------------------------------------------------- marks of every shape

MAXES = st.decimals(min_value="0.5", max_value="100", places=2)
SMALL = st.decimals(min_value="-2", max_value="60", places=3)


def scale_marks():
    usual = st.lists(st.integers(0, 3), min_size=3, max_size=7)
    odd = st.lists(
        st.one_of(
            st.integers(-1, 4),
            st.sampled_from([Decimal("2"), Decimal("3.0"), Decimal("2.5"), True, 2.0, "2"]),
        ),
        min_size=0,
        max_size=6,
    )
    return st.one_of(usual, usual, odd, odd.map(tuple))


def trimmed_marks(max_):
    usual = st.lists(
        st.one_of(st.decimals(min_value=0, max_value=max_, places=1), st.integers(0, int(max_))),
        min_size=5,
        max_size=5,
    )
    odd = st.lists(
        st.one_of(
            SMALL,
            st.integers(-1, 200),
            st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN"), False, 1.5]),
        ),
        min_size=4,
        max_size=6,
    )
    return st.one_of(usual, usual, odd, usual.map(tuple))


def deductions(max_):
    usual = st.lists(st.decimals(min_value=0, max_value=max_, places=2), max_size=5)
    odd = st.lists(
        st.one_of(
            SMALL,
            st.integers(-1, 120),
            st.sampled_from([Decimal("-Infinity"), Decimal("NaN"), "1", True]),
        ),
        max_size=4,
    )
    return st.one_of(usual, usual, odd, usual.map(tuple), st.just(2))


def measured(kind, max_):
    if kind == "all_or_nothing":
        return st.one_of(st.booleans(), st.sampled_from([1, 0, "是", None]))
    if kind == "deduction":
        return deductions(max_)
    if kind == "scale_0_3":
        return scale_marks()
    return trimmed_marks(max_)


@st.composite
def schemes_and_marks(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=8))
    maxes = [draw(MAXES) for _ in kinds]
    split = draw(st.integers(1, len(kinds)))
    aspects = [
        {"key": f"K{i}", "label": f"项{i}", "max": str(m), "kind": k}
        for i, (k, m) in enumerate(zip(kinds, maxes, strict=True))
    ]
    modules = [{"key": "M1", "label": "一", "aspects": aspects[:split]}]
    if aspects[split:]:
        modules.append({"key": "M2", "label": "二", "aspects": aspects[split:]})
    scheme = scheme_from_dict({"name": "测", "modules": modules})
    marks = {a.key: draw(measured(a.kind, a.max)) for a in scheme.aspects}
    if draw(st.integers(0, 9)) == 0:
        del marks[draw(st.sampled_from(sorted(marks)))]
    if draw(st.integers(0, 9)) == 0:
        marks["X9"] = [1, 2, 3]
    return scheme, marks


def outcome(function, *args):
    try:
        return function(*args)
    except MarkingError as error:
        return ("MarkingError", error.aspect_key, error.message)


def fast_outcome(scheme, marks, scoring_):
    result = scheme_total(scheme, marks, scoring_)
    modules = [(m.key, m.label, m.mark, m.max) for m in result.modules]
    return result.total, modules, list(result.reasons), list(result.flags)


# ---------------------------------------------------------------- the properties


@settings(max_examples=400, deadline=None)
@given(schemes_and_marks(), st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(0)]))
def test_scheme_total_is_the_reference_for_any_marks(case, spread_limit):
    scheme, marks = case
    scoring_ = SCORING.model_copy(update={"spread_limit": spread_limit})
    expected = outcome(reference_total, scheme, marks, scoring_)
    got = outcome(fast_outcome, scheme, marks, scoring_)
    assert got == expected
    if not isinstance(expected[0], str):
        assert type(got[0]) is Fraction
        assert scheme_total(scheme, marks, scoring_).full_mark == scheme.full_mark


@settings(max_examples=200, deadline=None)
@given(schemes_and_marks())
def test_the_fast_path_takes_only_valid_marks(case):
    scheme, marks = case
    fast = fast_marks(scheme, marks, SCORING.spread_limit)
    if fast is not None:
        assert check_marks(scheme, marks) == []
        module_marks, _ = fast
        assert module_marks == [m.mark for m in scheme_total(scheme, marks, SCORING).modules]


def test_marks_as_the_database_gives_them_take_the_fast_path():
    scheme = scheme_from_dict(
        {
            "modules": [
                {
                    "key": "M",
                    "label": "模",
                    "aspects": [
                        {"key": "S", "label": "评", "max": "2", "kind": "scale_0_3"},
                        {"key": "T", "label": "去", "max": "4", "kind": "points_trimmed"},
                        {"key": "A", "label": "全", "max": "3", "kind": "all_or_nothing"},
                        {"key": "D", "label": "扣", "max": "5", "kind": "deduction"},
                    ],
                }
            ]
        }
    )
    marks = {
        "S": [1, 3, 2, 2, 3],
        "T": [Decimal("2.5"), Decimal("4"), Decimal("0"), Decimal("3.3"), Decimal("1.1")],
        "A": True,
        "D": [Decimal("0.5"), Decimal("1")],
    }
    module_marks, too_wide = fast_marks(scheme, marks, SCORING.spread_limit)
    # S: 11/5 / 3 × 2 = 22/15; T: (2.5 + 3.3 + 1.1) / 3 = 2.3; A: 3; D: 5 − 1.5 = 3.5
    assert module_marks == [Fraction(22, 15) + Fraction(23, 10) + 3 + Fraction(7, 2)]
    assert [a.key for a in too_wide] == ["S"]
    result = scheme_total(scheme, marks, SCORING)
    assert [f.code for f in result.flags] == ["SPREAD_TOO_WIDE"]
    assert result.reasons[1].message == (
        "评分项 T（去）：5 名裁判评分 2.5、4、0、3.3、1.1，去掉一个最高分 4 和一个最低分 0，"
        "其余 1.1、2.5、3.3 平均得 2.3"
    )


def test_the_result_keeps_the_marks_it_was_given():
    scheme = scheme_from_dict(
        {
            "modules": [
                {
                    "key": "M",
                    "label": "模",
                    "aspects": [{"key": "S", "label": "评", "max": "3", "kind": "scale_0_3"}],
                }
            ]
        }
    )
    marks = {"S": [2, 2, 2]}
    result = scheme_total(scheme, marks, SCORING)
    marks["S"] = [0, 0, 0]  # the caller reuses its dict: the result's basis stays
    assert result.aspects[0].mark == 2
    assert "评分 2、2、2" in result.reasons[0].message


@given(
    st.fractions(max_denominator=10_000).filter(lambda f: abs(f) < 10**6),
    st.integers(0, 4),
)
def test_publish_rounds_as_before(value, places):
    assert scoring.publish(value, places) == reference_publish(value, places)
    assert str(scoring.publish(value, places)) == str(reference_publish(value, places))


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.one_of(
        st.decimals(min_value=0, max_value=200, places=4),
        st.fractions(min_value=0, max_value=200, max_denominator=1000),
    ),
    st.decimals(min_value="0.01", max_value=200, places=2),
)
def test_weighted_is_as_before(weight, score, full):
    assert scoring.weighted(weight, score, full) == reference_weighted(weight, score, full)


@given(st.lists(st.fractions(max_denominator=500), max_size=12))
def test_exact_sum_is_the_sum(values):
    assert scoring.exact_sum(values) == sum(values, Fraction(0))


@pytest.mark.parametrize("places", [0, 2])
def test_publish_half_up_at_exactly_five(places):
    assert scoring.publish(Fraction(1005, 1000), places) == reference_publish(
        Fraction(1005, 1000), places
    )
    assert scoring.publish(Fraction(-25, 1000), 2) == Decimal("-0.03")
