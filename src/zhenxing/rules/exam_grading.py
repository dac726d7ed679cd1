"""Keys and grading of the theory exam (issue 19; docs/exam-rules.md §3–§5).

Keys are read as officials type them in the bank's spreadsheet (答案 column) and answers as the
exam page sends them, through the same reading: what a key means is what an answer means.
Objective questions grade at once; short answers are settled from two blind graders' scores,
with a third on a disagreement above the set gap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .reasons import Reason

CLAUSE = "docs/exam-rules.md"
CENT = Decimal("0.01")

# Between option letters: commas, 、, spaces, semicolons and slashes (after NFKC, so the
# full-width forms are these too).
_LETTER_SEPARATORS = re.compile(r"[\s,、;/]+")
_LETTERS = re.compile(r"[A-Z]+")
# Between the blanks of a fill-in key: | and ； (and their half/full-width twins).
_BLANK_SEPARATORS = re.compile(r"[|｜;；]")

_TRUE = frozenset({"T", "TRUE", "Y", "YES", "正确", "对", "是", "√", "✓", "✔"})
_FALSE = frozenset({"F", "FALSE", "N", "NO", "错误", "错", "否", "×", "X", "✗", "✘"})


def _plain(text: str) -> str:
    """Full-width letters, digits and punctuation made half-width; outer spaces dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def normalize_key(kind: str, text: str) -> str | None:
    """The key in one spelling, or None when it cannot be read as a key of this kind.

    single "b" -> "B"; multiple "A,B,C", "ABD", "a b d", "A、B" -> sorted letters without repeats;
    judge 正确/错误, 对/错, √/×, T/F, true/false, Y/N -> "T"/"F"; fill: blanks separated by | or ；
    kept in order, each trimmed, joined with |; short: the reference answer, trimmed.
    """
    if not isinstance(text, str):
        return None
    if kind == "single":
        letters = _letters(text)
        return letters if letters is not None and len(letters) == 1 else None
    if kind == "multiple":
        return _letters(text)
    if kind == "judge":
        word = _plain(text).upper()
        if word in _TRUE:
            return "T"
        return "F" if word in _FALSE else None
    if kind == "fill":
        blanks = [blank.strip() for blank in _BLANK_SEPARATORS.split(text)]
        return "|".join(blanks) if all(blanks) else None
    if kind == "short":
        return text.strip() or None
    return None


def _letters(text: str) -> str | None:
    joined = _LETTER_SEPARATORS.sub("", _plain(text).upper())
    if not _LETTERS.fullmatch(joined):
        return None
    return "".join(sorted(set(joined)))


def fill_blanks(text: str | None) -> list[str]:
    """The blanks of a fill-in answer (or key) in order, each trimmed and made half-width;
    an empty blank stays in its place."""
    if not text:
        return []
    return [_plain(blank) for blank in _BLANK_SEPARATORS.split(text)]


def grade_objective(
    kind: str,
    key: str,
    answer: str | None,
    points: Decimal,
    *,
    multiple_partial: Decimal = Decimal("0"),
) -> Decimal:
    """The points an answer earns. single/judge: all or nothing. multiple: all correct = points;
    some correct and none wrong = points × multiple_partial (default 0); any wrong = 0. fill: each
    blank an equal share, exact match after trimming and full-width -> half-width. Partial points
    are quantized to 0.01 half-up. ValueError (Chinese) for a short answer or an unreadable key."""
    if kind not in ("single", "multiple", "judge", "fill"):
        raise ValueError(f"“{kind}”不是客观题题型：简答题由阅卷人评分")
    normal_key = normalize_key(kind, key)
    if normal_key is None:
        raise ValueError(f"答案“{key[:30]}”无法识别，请在题库中改正该题的答案")
    if answer is None or not answer.strip():
        return Decimal("0")
    if kind == "fill":
        return _grade_fill(normal_key, answer, points)
    given = normalize_key(kind, answer)
    if given == normal_key:
        return points
    if kind == "multiple" and given and set(given) < set(normal_key):
        return _share(points * multiple_partial)
    return Decimal("0")


def _grade_fill(key: str, answer: str, points: Decimal) -> Decimal:
    wanted = fill_blanks(key)
    given = fill_blanks(answer)
    right = sum(1 for i, blank in enumerate(wanted) if i < len(given) and given[i] == blank)
    if right == len(wanted):
        return points
    return _share(points * right / len(wanted))


def _share(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Settlement:
    score: Decimal | None  # None: not settled yet (a grader missing) or refused
    needs_third: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def refused(self) -> bool:
        """A score given is outside 0..full: nothing is settled until it is corrected."""
        return any(reason.code == "SHORT_OUT_OF_RANGE" for reason in self.reasons)


_GRADERS = ("一评", "二评", "三评")


def settle_short(
    first: Decimal | None,
    second: Decimal | None,
    third: Decimal | None,
    *,
    gap: Decimal,
    full: Decimal,
) -> Settlement:
    """A short answer's score from its graders (docs/exam-rules.md §5).

    Both within `gap` (a difference equal to the gap is within): the mean of the two. Gap
    exceeded: a third grader is needed; then the mean of the third and the nearer of the first
    two (equally near: the higher, to the contestant's benefit). Means are quantized to 0.01
    half-up. A score outside 0..full is refused with a reason.
    """
    refusals = tuple(
        Reason(
            "SHORT_OUT_OF_RANGE",
            CLAUSE,
            f"{label}给分 {score} 不在 0 至 {full} 分之间，请改正后再保存",
        )
        for label, score in zip(_GRADERS, (first, second, third), strict=True)
        if score is not None and not Decimal("0") <= score <= full
    )
    if refusals:
        return Settlement(None, False, refusals)
    if first is None or second is None:
        return Settlement(None, False, (_awaiting(first, second),))
    difference = abs(first - second)
    if difference <= gap:
        return Settlement(_share((first + second) / 2), False)
    exceeded = Reason(
        "SHORT_GAP_EXCEEDED",
        CLAUSE,
        f"一评 {first} 分与二评 {second} 分相差 {difference} 分，超过允许的 {gap} 分，须由第三位阅卷人评分",
    )
    if third is None:
        return Settlement(None, True, (exceeded,))
    nearer = min((first, second), key=lambda score: (abs(score - third), -score))
    settled = Reason(
        "SHORT_THIRD_GRADER",
        CLAUSE,
        f"取三评 {third} 分与较接近的 {nearer} 分的平均分",
    )
    reasons = (exceeded, settled)
    if abs(third - nearer) > gap:
        reasons += (
            Reason(
                "SHORT_THIRD_FAR",
                CLAUSE,
                f"三评 {third} 分与一评、二评都相差超过 {gap} 分，建议阅卷组长复核",
            ),
        )
    return Settlement(_share((third + nearer) / 2), False, reasons)


def _awaiting(first: Decimal | None, second: Decimal | None) -> Reason:
    missing = "、".join(
        label for label, score in zip(_GRADERS, (first, second), strict=False) if score is None
    )
    return Reason("SHORT_AWAITING", CLAUSE, f"尚缺{missing}给分，两位阅卷人都评分后才能定分")


def theory_score(paper_total: Decimal, paper_full: Decimal, part_full: Decimal) -> Decimal:
    """A paper's total as the final's theory part: scaled to the part's full marks, multiplied
    before dividing so the only rounding is the last one (2 decimals, half-up)."""
    return (paper_total * part_full / paper_full).quantize(CENT, rounding=ROUND_HALF_UP)
