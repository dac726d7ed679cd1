"""Item analysis after a theory exam (issue 19; docs/exam-rules.md §6).

Per question: P (difficulty), D (discrimination between the upper and lower 27 %), the
point-biserial correlation, and how often each option was chosen; per paper KR-20 and the score
distribution. Questions outside the usual bounds are flagged for next year's bank. All figures
are exact Decimal arithmetic, quantized only when returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from .reasons import Reason

CLAUSE = "docs/exam-rules.md §6"
GROUP_SHARE = Decimal("0.27")
THOUSANDTH = Decimal("0.001")
CENT = Decimal("0.01")
BINS = 10  # the score distribution in tenths of the paper's full marks
_PRECISION = Context(prec=28)
_LETTER = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class Response:
    person: str
    question: str
    score: Decimal
    max: Decimal
    choice: str | None = None  # option letters chosen (objective questions), else None


@dataclass(frozen=True)
class ItemStats:
    question: str
    n: int  # examinees who have a response to it
    p: Decimal  # mean score / max
    d: Decimal  # P of the upper 27 % minus P of the lower 27 % (by total score)
    r_pb: Decimal | None  # correctness (score == max) vs total score; None when undefined
    distractors: dict[str, int] = field(default_factory=dict)  # option letter -> times chosen
    flags: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Analysis:
    items: tuple[ItemStats, ...]
    kr20: Decimal | None
    mean: Decimal | None  # of the total scores, 0.01
    sd: Decimal | None  # population standard deviation of the total scores, 0.01
    distribution: tuple[tuple[Decimal, Decimal, int], ...]  # (lower, upper, examinees)
    reasons: tuple[Reason, ...] = ()
    full: Decimal = Decimal("0")  # the paper's full marks (sum of the questions' max)


def _q(value: Decimal, step: Decimal = THOUSANDTH) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal("0")) / len(values)


def _variance(values: list[Decimal]) -> Decimal:
    """Population variance (divide by n), as KR-20 and the point-biserial use it."""
    mean = _mean(values)
    return sum(((v - mean) ** 2 for v in values), Decimal("0")) / len(values)


def group_size(examinees: int) -> int:
    """Examinees in each of the upper and lower groups: 27 % rounded half-up, at least 1."""
    return max(1, int(_q(examinees * GROUP_SHARE, Decimal("1"))))


def analyse(
    responses: list[Response],
    *,
    option_letters: dict[str, str] | None = None,
    too_hard: Decimal = Decimal("0.30"),
    too_easy: Decimal = Decimal("0.90"),
    low_discrimination: Decimal = Decimal("0.20"),
) -> Analysis:
    """The item and paper statistics of one paper's responses (docs/exam-rules.md §6)."""
    if not responses:
        return Analysis(
            (),
            None,
            None,
            None,
            (),
            (Reason("ANALYSIS_EMPTY", CLAUSE, "还没有任何作答，无法分析"),),
        )
    with localcontext(_PRECISION):
        return _analyse(responses, option_letters or {}, (too_hard, too_easy, low_discrimination))


def _analyse(responses, option_letters, thresholds) -> Analysis:
    questions: dict[str, list[Response]] = {}
    totals: dict[str, Decimal] = {}
    for response in responses:
        questions.setdefault(response.question, []).append(response)
        totals[response.person] = totals.get(response.person, Decimal("0")) + response.score
    # Ranked by total, highest first; equal totals by person id, so the 27 % cut is replayable.
    ranked = sorted(totals, key=lambda person: (-totals[person], person))
    size = group_size(len(ranked))
    upper, lower = set(ranked[:size]), set(ranked[-size:])
    items = tuple(
        _item(question, answers, totals, upper, lower, option_letters.get(question), thresholds)
        for question, answers in questions.items()
    )
    full = sum((max(r.max for r in answers) for answers in questions.values()), Decimal("0"))
    values = [totals[person] for person in ranked]
    reasons = []
    if any(len(answers) != len(totals) for answers in questions.values()):
        reasons.append(
            Reason(
                "ANALYSIS_INCOMPLETE",
                CLAUSE,
                "部分考生缺少某些题的作答记录：缺的题按 0 分计入总分和 KR-20",
            )
        )
    return Analysis(
        items=items,
        kr20=_kr20(questions, ranked),
        mean=_q(_mean(values), CENT),
        sd=_q(_variance(values).sqrt(), CENT),
        distribution=_distribution(values, full),
        reasons=tuple(reasons),
        full=full,
    )


def _p(answers: Iterable[Response]) -> Decimal | None:
    answers = list(answers)
    top = sum((r.max for r in answers), Decimal("0"))
    return sum((r.score for r in answers), Decimal("0")) / top if top else None


def _item(question, answers, totals, upper, lower, letters, thresholds) -> ItemStats:
    p = _p(answers) or Decimal("0")
    p_upper = _p(r for r in answers if r.person in upper)
    p_lower = _p(r for r in answers if r.person in lower)
    d = (p_upper or Decimal("0")) - (p_lower or Decimal("0"))
    p, d = _q(p), _q(d)
    return ItemStats(
        question=question,
        n=len(answers),
        p=p,
        d=d,
        r_pb=_point_biserial(answers, totals),
        distractors=_distractors(answers, letters),
        flags=_flags(p, d, *thresholds),
    )


def _point_biserial(answers, totals) -> Decimal | None:
    """(M1 − M0) / s × √(pq): M1, M0 the mean totals of those who got it fully right and of the
    rest, s the population SD of the totals, p the share fully right (q = 1 − p)."""
    right = [totals[r.person] for r in answers if r.score == r.max]
    wrong = [totals[r.person] for r in answers if r.score != r.max]
    if not right or not wrong:
        return None
    spread = _variance(right + wrong).sqrt()
    if not spread:
        return None
    p = Decimal(len(right)) / (len(right) + len(wrong))
    return _q((_mean(right) - _mean(wrong)) / spread * (p * (1 - p)).sqrt())


def _distractors(answers, letters: str | None) -> dict[str, int]:
    counts = {letter: 0 for letter in sorted(set(letters or ""))}
    for response in answers:
        for letter in set((response.choice or "").upper()):
            if _LETTER.fullmatch(letter):
                counts[letter] = counts.get(letter, 0) + 1
    return dict(sorted(counts.items()))


def _flags(p, d, too_hard, too_easy, low_discrimination) -> tuple[Reason, ...]:
    flags = []
    if p < too_hard:
        flags.append(
            Reason("ITEM_TOO_HARD", CLAUSE, f"难度 P = {p}，低于 {too_hard}：题目过难，请复核")
        )
    if p > too_easy:
        flags.append(
            Reason("ITEM_TOO_EASY", CLAUSE, f"难度 P = {p}，高于 {too_easy}：题目过易，请复核")
        )
    if d < low_discrimination:
        flags.append(
            Reason(
                "ITEM_LOW_DISCRIMINATION",
                CLAUSE,
                f"区分度 D = {d}，低于 {low_discrimination}：高分组与低分组差别不大，请修改或替换",
            )
        )
    if d < 0:
        flags.append(
            Reason(
                "ITEM_NEGATIVE_D",
                CLAUSE,
                f"区分度 D = {d} 为负：低分组答对的反而多，请先核对答案是否有误",
            )
        )
    return tuple(flags)


def _kr20(questions: dict[str, list[Response]], people: list[str]) -> Decimal | None:
    """k/(k−1) × (1 − Σpq / σ²) with every question dichotomous (score == max is 1, anything
    else, a missing response too, 0) and σ² the population variance of the number right."""
    k = len(questions)
    if len(people) < 2 or k < 2:
        return None
    right = {
        question: {r.person for r in answers if r.score == r.max}
        for question, answers in questions.items()
    }
    number_right = [Decimal(sum(person in got for got in right.values())) for person in people]
    variance = _variance(number_right)
    if not variance:
        return None
    pq = Decimal("0")
    for got in right.values():
        p = Decimal(len(got)) / len(people)
        pq += p * (1 - p)
    return _q(Decimal(k) / (k - 1) * (1 - pq / variance))


def _distribution(values: list[Decimal], full: Decimal) -> tuple[tuple[Decimal, Decimal, int], ...]:
    """Examinees per tenth of the full marks: [lower, upper), the last one closed."""
    if full <= 0:
        return ()
    edges = [full * i / BINS for i in range(BINS + 1)]
    counts = [0] * BINS
    for value in values:
        place = next((i for i in range(BINS) if value < edges[i + 1]), BINS - 1)
        counts[max(0, place)] += 1
    return tuple((edges[i], edges[i + 1], counts[i]) for i in range(BINS))
