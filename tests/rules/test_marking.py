"""Finals marking schemes (rules.md §4.3): aspect kinds, spread flags, validation, fingerprints."""

import hashlib
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhenxing.rules.marking import (
    Aspect,
    MarkingError,
    SchemeError,
    aspect_mark,
    check_marks,
    scheme_from_dict,
    scheme_to_dict,
    scheme_total,
    version_fingerprint,
)
from zhenxing.rules.rulebook import load_edition
from zhenxing.rules.scoring import compute_total

SCORING = load_edition("2020-nmg").scoring

SCHEME = {
    "name": "焊工（职工组）实际操作",
    "modules": [
        {
            "key": "A",
            "label": "焊接试件",
            "aspects": [
                {"key": "A1", "label": "焊缝外观", "max": 10, "kind": "scale_0_3"},
                {"key": "A2", "label": "尺寸偏差", "max": "6", "kind": "deduction"},
            ],
        },
        {
            "key": "B",
            "label": "安全文明生产",
            "aspects": [
                {"key": "B1", "label": "工艺讲解", "max": 20, "kind": "points_trimmed"},
                {"key": "B2", "label": "劳保用品", "max": "2.5", "kind": "all_or_nothing"},
            ],
        },
    ],
}
MARKS = {"A1": [2, 2, 3], "A2": [1, Decimal("0.5")], "B1": [12, 15, 15, 16, 20], "B2": True}


def aspect(kind, max_="10", key="X1", label="测试项"):
    return Aspect(key, label, Decimal(max_), kind)


def mark(kind, marks, max_="10", scoring=SCORING):
    return aspect_mark(aspect(kind, max_), marks, scoring)


def codes(reasons):
    return [reason.code for reason in reasons]


def scheme_errors(data):
    with pytest.raises(SchemeError) as caught:
        scheme_from_dict(data)
    return caught.value.errors


# ---------------------------------------------------------------- measurement aspects


def test_all_or_nothing_gives_the_full_mark_or_zero():
    assert mark("all_or_nothing", True, "2.5").mark == Fraction(5, 2)
    assert mark("all_or_nothing", False, "2.5").mark == 0


def test_deductions_come_off_the_max():
    result = mark("deduction", [1, Decimal("0.5"), Decimal("2.25")], "6")
    assert result.mark == Fraction("2.25")
    assert codes(result.reasons) == ["ASPECT_MARK"]
    assert "满分 6 减去扣分 1 + 0.5 + 2.25，得 2.25" in result.reasons[0].message


def test_no_deductions_is_the_full_mark():
    assert mark("deduction", [], "6").mark == 6


@pytest.mark.parametrize("deductions", [[6], [4, 3], [Decimal("100")]])
def test_deductions_stop_at_zero(deductions):
    result = mark("deduction", deductions, "6")
    assert result.mark == 0
    assert "扣完为止" in result.reasons[0].message


# ---------------------------------------------------------------- the 0–3 scale


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ([2, 2, 2], Fraction(20, 3)),  # mean 2 → 2/3 × 10, kept exact
        ([2, 3, 3], Fraction(80, 9)),  # mean 8/3 → 8/9 × 10
        ([3, 3, 3], Fraction(10)),
        ([0, 0, 0], Fraction(0)),
        ([1, 2, 2, 1], Fraction(5)),  # 4 judges: mean 1.5
        ([2, 3, 2, 3, 3], Fraction(26, 3)),  # 5 judges: mean 13/5 → 13/15 × 10
    ],
)
def test_scale_mark_is_mean_over_three_times_max(marks, expected):
    assert mark("scale_0_3", marks).mark == expected


def test_scale_message_shows_the_exact_fraction():
    message = mark("scale_0_3", [2, 2, 2]).reasons[0].message
    assert "平均 2，÷ 3 × 满分 10 = 6.67（精确值 20/3）" in message


def test_scale_accepts_whole_decimals():
    assert mark("scale_0_3", [Decimal("2"), Decimal("3.0"), 1]).mark == Fraction(20, 3)


def test_spread_of_one_is_not_flagged():
    assert mark("scale_0_3", [2, 3, 3, 2]).flags == ()


def test_spread_of_two_is_flagged_for_the_chief_judge_but_still_marked():
    result = mark("scale_0_3", [1, 3, 2])
    assert result.mark == Fraction(20, 3)
    assert codes(result.flags) == ["SPREAD_TOO_WIDE"]
    flag = result.flags[0]
    assert flag.clause == "rules.md §4.3"
    assert "X1（测试项）" in flag.message and "相差 2 分" in flag.message
    assert "裁判长" in flag.message


def test_spread_limit_comes_from_the_rulebook():
    wider = SCORING.model_copy(update={"spread_limit": Decimal(2)})
    assert mark("scale_0_3", [1, 3, 2], scoring=wider).flags == ()
    assert codes(mark("scale_0_3", [0, 3, 2], scoring=wider).flags) == ["SPREAD_TOO_WIDE"]


def test_trimmed_points_are_never_spread_flagged():
    assert mark("points_trimmed", [0, 10, 5, 5, 5]).flags == ()


# ---------------------------------------------------------------- five judges, trimmed


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([12, 15, 15, 16, 20], Fraction(46, 3)),  # drop 20 and 12
        ([10, 18, 14, 16, 12], Fraction(14)),  # any order
        ([20, 20, 20, 15, 10], Fraction(55, 3)),  # tie at the top: one 20 is dropped, two stay
        ([5, 5, 5, 9, 20], Fraction(19, 3)),  # tie at the bottom: one 5 is dropped, two stay
        ([8, 8, 8, 8, 8], Fraction(8)),
        ([Decimal("7.5"), 8, Decimal("8.5"), 9, 0], Fraction(8)),
    ],
)
def test_trimmed_mean_drops_one_highest_and_one_lowest(points, expected):
    assert mark("points_trimmed", points, "20").mark == expected


def test_trimmed_message_names_what_was_dropped():
    message = mark("points_trimmed", [12, 15, 15, 16, 20], "20").reasons[0].message
    assert (
        "去掉一个最高分 20 和一个最低分 12，其余 15、15、16 平均得 15.33（精确值 46/3）" in message
    )


# ---------------------------------------------------------------- invalid marks


@pytest.mark.parametrize(
    ("kind", "marks", "expected"),
    [
        ("scale_0_3", [2, 3], "至少需要 3 名裁判评分，现有 2 名"),
        ("scale_0_3", [2, 4, 3], "第 2 名裁判的评分 4 不是 0、1、2、3 中的整数"),
        ("scale_0_3", [2, Decimal("2.5"), 3], "第 2 名裁判的评分 2.5 不是 0、1、2、3"),
        ("scale_0_3", [2, 3, -1], "第 3 名裁判的评分 -1 不是 0、1、2、3 中的整数"),
        ("scale_0_3", [2, 3, True], "第 3 名裁判的评分 True 不是"),
        ("points_trimmed", [1, 2, 3, 4], "应恰好有 5 名裁判评分"),
        ("points_trimmed", [1, 2, 3, 4, 5, 6], "现有 6 名"),
        ("points_trimmed", [1, 2, 11, 4, 5], "第 3 名裁判的评分 11 超过本项满分 10"),
        ("points_trimmed", [1, 2, -3, 4, 5], "第 3 名裁判的评分 -3 不能为负数"),
        ("points_trimmed", [1, 2, 3.0, 4, 5], "第 3 名裁判的评分应为数字"),
        ("deduction", [1, Decimal("-0.5")], "第 2 项扣分 -0.5 不能为负数"),
        ("deduction", ["1"], "第 1 项扣分应为数字"),
        ("deduction", 2, "应为列表"),
        ("all_or_nothing", 1, "应为 true（达到要求）或 false（未达到）"),
        ("scale_0_3", None, "缺少评分"),
    ],
)
def test_invalid_marks_name_the_aspect(kind, marks, expected):
    with pytest.raises(MarkingError) as caught:
        mark(kind, marks)
    assert caught.value.aspect_key == "X1"
    assert caught.value.message.startswith("评分项 X1（测试项）：")
    assert expected in caught.value.message


# ---------------------------------------------------------------- a whole scheme


def test_scheme_total_by_hand():
    scheme = scheme_from_dict(SCHEME)
    result = scheme_total(scheme, MARKS, SCORING)
    # A1: 7/3 / 3 × 10 = 70/9; A2: 6 − 1.5 = 4.5; B1: (15+15+16)/3 = 46/3; B2: 2.5
    assert [a.mark for a in result.aspects] == [
        Fraction(70, 9),
        Fraction(9, 2),
        Fraction(46, 3),
        Fraction(5, 2),
    ]
    assert [(m.key, m.mark, m.max) for m in result.modules] == [
        ("A", Fraction(70, 9) + Fraction(9, 2), Decimal(16)),
        ("B", Fraction(46, 3) + Fraction(5, 2), Decimal("22.5")),
    ]
    assert result.total == Fraction(70, 9) + Fraction(9, 2) + Fraction(46, 3) + Fraction(5, 2)
    assert result.full_mark == Decimal("38.5")
    assert codes(result.reasons) == ["ASPECT_MARK"] * 4
    assert result.flags == ()


def test_scheme_total_collects_the_spread_flags():
    marks = dict(MARKS, A1=[1, 3, 3])
    result = scheme_total(scheme_from_dict(SCHEME), marks, SCORING)
    assert codes(result.flags) == ["SPREAD_TOO_WIDE"]
    assert "A1（焊缝外观）" in result.flags[0].message


def test_practical_total_plugs_into_the_total_score():
    scheme = scheme_from_dict(SCHEME)
    practical = scheme_total(scheme, MARKS, SCORING)
    total = compute_total(
        {"current_affairs": Decimal(80), "knowledge": Decimal(60), "practical": practical.total},
        {"current_affairs": Decimal(100), "knowledge": Decimal(100), "practical": scheme.full_mark},
        SCORING,
    )
    assert total.practical == 80 * practical.total / Fraction(scheme.full_mark)
    assert total.exact == 4 + 9 + total.practical


def test_missing_marks_name_the_aspect():
    marks = {key: value for key, value in MARKS.items() if key != "B1"}
    with pytest.raises(MarkingError) as caught:
        scheme_total(scheme_from_dict(SCHEME), marks, SCORING)
    assert caught.value.aspect_key == "B1"
    assert caught.value.message == "评分项 B1（工艺讲解）：缺少评分"


def test_marks_for_an_unknown_aspect_are_refused():
    with pytest.raises(MarkingError) as caught:
        scheme_total(scheme_from_dict(SCHEME), dict(MARKS, C9=[1, 2, 3]), SCORING)
    assert caught.value.aspect_key == "C9"
    assert "不在评分标准中" in caught.value.message


def test_check_marks_lists_every_problem_at_once():
    marks = dict(MARKS, A1=[2, 2], B2="是")
    del marks["A2"]
    errors = check_marks(scheme_from_dict(SCHEME), marks)
    assert [error.aspect_key for error in errors] == ["A1", "A2", "B2"]


# ---------------------------------------------------------------- reading a scheme


def test_scheme_is_read_in_order():
    scheme = scheme_from_dict(SCHEME)
    assert scheme.name == "焊工（职工组）实际操作"
    assert [a.key for a in scheme.aspects] == ["A1", "A2", "B1", "B2"]
    assert scheme.aspects[3].max == Decimal("2.5")
    assert scheme_from_dict(scheme_to_dict(scheme)) == scheme


def _with_aspect(module, index, **changes):
    data = scheme_to_dict(scheme_from_dict(SCHEME))
    data["modules"][module]["aspects"][index].update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"max": 0}, "modules[1].aspects[0].max", "应大于 0"),
        ({"max": "-2"}, "modules[1].aspects[0].max", "应大于 0"),
        ({"max": "十"}, "modules[1].aspects[0].max", "不是普通数字"),
        ({"max": "1e999"}, "modules[1].aspects[0].max", "不是普通数字"),
        ({"max": "－１"}, "modules[1].aspects[0].max", "应大于 0"),  # full-width: read as typed
        ({"max": 2.5}, "modules[1].aspects[0].max", "不接受浮点数"),
        ({"max": None}, "modules[1].aspects[0].max", "缺少必填字段"),
        ({"kind": "average"}, "modules[1].aspects[0].kind", "未知的评分方式 'average'"),
        ({"label": " "}, "modules[1].aspects[0].label", "应为非空文本"),
        ({"label": "长" * 101}, "modules[1].aspects[0].label", "最多 100 个字，现有 101 个"),
        (
            {"key": "A1"},
            "modules[1].aspects[0].key",
            "评分项代码 A1 与 modules[0].aspects[0].key 重复",
        ),
        ({"weight": 2}, "modules[1].aspects[0].weight", "未知字段"),
    ],
)
def test_scheme_errors_name_the_path(changes, path, message):
    errors = scheme_errors(_with_aspect(1, 0, **changes))
    assert len(errors) == 1
    assert errors[0][0] == path
    assert message in errors[0][1]


def test_scheme_error_text_is_path_colon_message():
    with pytest.raises(SchemeError) as caught:
        scheme_from_dict(_with_aspect(1, 0, max=0))
    assert str(caught.value) == "modules[1].aspects[0].max: 应大于 0"


def test_every_scheme_error_is_reported_at_once():
    data = scheme_to_dict(scheme_from_dict(SCHEME))
    data["modules"][1]["key"] = "A"
    data["modules"][0]["aspects"][1]["max"] = "0"
    data["modules"][1]["aspects"] = []
    assert scheme_errors(data) == [
        ("modules[0].aspects[1].max", "应大于 0"),
        ("modules[1].key", "模块代码 A 与 modules[0].key 重复"),
        ("modules[1].aspects", "至少要有一项"),
    ]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ([], "(根)", "应为表（对象）"),
        ({}, "modules", "缺少必填字段"),
        ({"modules": "A"}, "modules", "应为列表"),
        ({"modules": ["A"]}, "modules[0]", "应为表（对象）"),
        ({"modules": [{"label": "x", "aspects": []}]}, "modules[0].key", "缺少必填字段"),
    ],
)
def test_badly_shaped_schemes(data, path, message):
    errors = scheme_errors(data)
    assert (path, message) in errors


# ---------------------------------------------------------------- fingerprints


def _reversed_keys(value):
    if isinstance(value, dict):
        return {key: _reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(item) for item in value]
    return value


def test_fingerprint_is_sha256_hex_and_ignores_key_order_and_number_spelling():
    fingerprint = version_fingerprint(scheme_from_dict(SCHEME))
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    assert version_fingerprint(scheme_from_dict(_reversed_keys(SCHEME))) == fingerprint
    assert version_fingerprint(scheme_from_dict(_with_aspect(0, 0, max="10.00"))) == fingerprint


def test_fingerprint_is_of_the_documented_canonical_json():
    # Stored scores keep this value: the canonical form must not drift (docs/marking.md §4).
    scheme = scheme_from_dict(
        {
            "modules": [
                {
                    "key": "A",
                    "label": "外观",
                    "aspects": [{"kind": "deduction", "max": "5.0", "label": "尺寸", "key": "A1"}],
                }
            ]
        }
    )
    canonical = (
        '{"modules":[{"aspects":[{"key":"A1","kind":"deduction","label":"尺寸","max":"5"}],'
        '"key":"A","label":"外观"}],"name":""}'
    )
    assert version_fingerprint(scheme) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "changes",
    [{"max": "11"}, {"max": "10.5"}, {"kind": "points_trimmed"}, {"label": "焊缝成形"}],
)
def test_fingerprint_changes_with_the_scheme(changes):
    before = version_fingerprint(scheme_from_dict(SCHEME))
    assert version_fingerprint(scheme_from_dict(_with_aspect(0, 0, **changes))) != before


def test_fingerprint_changes_when_aspects_are_reordered():
    data = scheme_to_dict(scheme_from_dict(SCHEME))
    data["modules"][0]["aspects"].reverse()
    assert version_fingerprint(scheme_from_dict(data)) != version_fingerprint(
        scheme_from_dict(SCHEME)
    )


# ---------------------------------------------------------------- properties

MAXES = st.decimals(min_value="0.5", max_value="100", places=1)


@st.composite
def aspect_and_marks(draw):
    max_ = draw(MAXES)
    kind = draw(st.sampled_from(["all_or_nothing", "deduction", "scale_0_3", "points_trimmed"]))
    if kind == "all_or_nothing":
        marks = draw(st.booleans())
    elif kind == "deduction":
        marks = draw(st.lists(st.decimals(min_value=0, max_value=50, places=2), max_size=6))
    elif kind == "scale_0_3":
        marks = draw(st.lists(st.integers(0, 3), min_size=3, max_size=7))
    else:
        points = st.decimals(min_value=0, max_value=max_, places=1)
        marks = draw(st.lists(points, min_size=5, max_size=5))
    return aspect(kind, max_), marks


@given(aspect_and_marks())
def test_an_aspect_mark_is_between_zero_and_its_max(case):
    aspect_, marks = case
    result = aspect_mark(aspect_, marks, SCORING)
    assert 0 <= result.mark <= aspect_.max


@given(st.lists(aspect_and_marks(), min_size=1, max_size=8))
def test_the_scheme_total_never_exceeds_the_sum_of_maxes(cases):
    aspects = [
        {"key": f"K{i}", "label": "项", "max": str(a.max), "kind": a.kind}
        for i, (a, _) in enumerate(cases)
    ]
    scheme = scheme_from_dict({"modules": [{"key": "M", "label": "模块", "aspects": aspects}]})
    marks = {f"K{i}": marks for i, (_, marks) in enumerate(cases)}
    result = scheme_total(scheme, marks, SCORING)
    assert 0 <= result.total <= scheme.full_mark
    assert result.total == sum(module.mark for module in result.modules)
