"""The total score of a final (the rulebook's scoring weights, rules.md §4.1).

total = Wca × ca/full_ca + Wk × k/full_k + Wp × p/full_p, weights from `rulebook.scoring`.
Each term is weight × score / full, kept as an exact fraction: 80 × p / 3 has no finite decimal,
and the tie-breaks compare the exact parts. Only the published total is rounded (half-up).

A score above its full mark, or below zero, is an error of the input (a mistyped mark), never
clamped: `score_problem` says what is wrong and `compute_total` raises `ValueError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from zhenxing.rules.reasons import Reason
from zhenxing.rules.rulebook import Scoring

PARTS = ("current_affairs", "knowledge", "practical")
PART_LABELS = {"current_affairs": "时事政治", "knowledge": "业务知识", "practical": "实际操作"}
NO_CA_CLAUSE = "rules.md §4.1"


@dataclass(frozen=True)
class Total:
    exact: Fraction  # the whole total, exactly
    published: Decimal  # rounded half-up to `published_places`
    practical: Fraction  # the weighted practical part, exactly
    written: Fraction  # the weighted written part (current affairs + knowledge), exactly


def has_current_affairs(full_marks: Mapping[str, Decimal | None]) -> bool:
    return full_marks.get("current_affairs") is not None


def weights(scoring: Scoring, with_current_affairs: bool) -> dict[str, Decimal]:
    """The weight of each part that counts; without a current-affairs section knowledge is the
    whole written part. A part weighted 0 does not count, so no score is needed for it."""
    if with_current_affairs:
        found = {
            "current_affairs": scoring.current_affairs_weight,
            "knowledge": scoring.knowledge_weight,
            "practical": scoring.practical_weight,
        }
    else:
        found = {"knowledge": scoring.written_weight, "practical": scoring.practical_weight}
    return {part: weight for part, weight in found.items() if weight > 0}


def flags_missing_current_affairs(scoring: Scoring, full_marks) -> bool:
    """Whether an event without a current-affairs section is flagged: only when the edition
    weights that part."""
    return scoring.current_affairs_weight > 0 and not has_current_affairs(full_marks)


def score_problem(score: Decimal, full: Decimal) -> str | None:
    """Why a score cannot be used (Chinese), or None when it is fine."""
    if score < 0:
        return f"分数不能为负数（{score}）"
    if score > full:
        return f"分数 {score} 超过满分 {full}"
    return None


def publish(value: Fraction, places: int) -> Decimal:
    """Round an exact value half-up (away from zero at exactly 5) to `places` decimals."""
    numerator, denominator = value.as_integer_ratio()
    whole, rest = divmod(abs(numerator) * 10**places, denominator)
    if 2 * rest >= denominator:
        whole += 1
    sign = -1 if numerator < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def weighted(weight: Decimal, score: Decimal, full: Decimal) -> Fraction:
    """weight × score / full, exactly: one Fraction made from the three integer ratios."""
    weight_top, weight_under = weight.as_integer_ratio()
    score_top, score_under = score.as_integer_ratio()
    full_top, full_under = full.as_integer_ratio()
    return Fraction(weight_top * score_top * full_under, weight_under * score_under * full_top)


def ratio_sum(ratios: Iterable[tuple[int, int]]) -> Fraction:
    """The sum of (numerator, denominator) pairs over their least common denominator, reduced
    once: adding Fractions one by one reduces after every step, most of the cost of a long sum."""
    ratios = list(ratios)
    common = math.lcm(*{under for _, under in ratios})
    return Fraction(sum(top * (common // under) for top, under in ratios), common)


def exact_sum(values: Iterable[Fraction | Decimal | int]) -> Fraction:
    return ratio_sum(value.as_integer_ratio() for value in values)


def missing_parts(
    scores: Mapping[str, Decimal | None], full_marks: Mapping[str, Decimal | None], scoring: Scoring
) -> list[str]:
    """The parts that count for the total and have no score yet (a total needs every one)."""
    return _missing(scores, weights(scoring, has_current_affairs(full_marks)))


def _missing(scores: Mapping[str, Decimal | None], parts) -> list[str]:
    return [part for part in parts if scores.get(part) is None]


def compute_total(
    scores: Mapping[str, Decimal | None], full_marks: Mapping[str, Decimal | None], scoring: Scoring
) -> Total | None:
    """The contestant's total, or None when a part that counts is missing (not ranked)."""
    parts = weights(scoring, has_current_affairs(full_marks))
    if _missing(scores, parts):
        return None
    terms = {}
    for part, weight in parts.items():
        full = full_marks.get(part)
        if full is None or full <= 0:
            raise ValueError(f"{PART_LABELS[part]}满分应大于 0")
        problem = score_problem(scores[part], full)
        if problem:
            raise ValueError(f"{PART_LABELS[part]}：{problem}")
        terms[part] = weighted(weight, scores[part], full)
    practical = terms.pop("practical", Fraction(0))
    written = exact_sum(terms.values())
    exact = practical + written
    return Total(exact, publish(exact, scoring.published_places), practical, written)


def no_current_affairs_reason(scoring: Scoring) -> Reason:
    return Reason(
        "NO_CURRENT_AFFAIRS_SECTION",
        NO_CA_CLAUSE,
        f"该项目理论试卷没有单独的时事政治部分，不符合{scoring.clause}"
        f"（时事政治占 {scoring.current_affairs_weight} 分）；业务知识按整个理论部分"
        f"（{scoring.written_weight} 分）计算。请组委会确认。",
    )
