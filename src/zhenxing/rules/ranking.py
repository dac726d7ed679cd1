"""Ranks from ordered tie-break metrics, shared ranks and award-boundary flags (rules.md §4.2).

Metrics are compared highest first, in the rulebook's order (`scoring.tie_breaks`: published
total, then the exact practical part, then the exact written part). Contestants equal on every
metric share a rank and the next rank skips (1, 2, 2, 4); within a shared rank the input order
is kept. A shared rank whose places straddle an award boundary (`scoring.award_boundaries`) is
flagged for the committee; each contestant keeps the shared rank and so its award.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhenxing.rules.reasons import Reason
from zhenxing.rules.rulebook import Scoring
from zhenxing.rules.scoring import Total

TIE_CLAUSE = "rules.md §4.2"
_ATTR = {"published_total": "published", "practical": "practical", "written": "written"}


@dataclass(frozen=True)
class Placing:
    index: int  # position in the input
    rank: int
    separated_by: str | None  # the metric that put it below the one listed just before
    reasons: list[Reason] = field(default_factory=list)


def rank(
    metrics: Sequence[tuple], names: Sequence[str], boundaries: Sequence[int]
) -> list[Placing]:
    """Placings in rank order; metrics[i] is item i's tuple of metrics, higher is better."""
    order = sorted(range(len(metrics)), key=lambda i: metrics[i], reverse=True)  # stable
    ranks, separators = [], []
    for pos, index in enumerate(order):
        previous = metrics[order[pos - 1]] if pos else None
        if previous is not None and metrics[index] == previous:
            ranks.append(ranks[-1])
            separators.append(None)
        else:
            ranks.append(pos + 1)
            separators.append(_first_difference(metrics[index], previous, names))
    sizes = Counter(ranks)
    return [
        Placing(index, r, sep, _boundary_reasons(r, sizes[r], boundaries))
        for index, r, sep in zip(order, ranks, separators, strict=True)
    ]


def rank_totals(totals: Sequence[Total | None], scoring: Scoring) -> list[Placing]:
    """Rank the contestants that have a total; those with None are left out (not ranked)."""
    ranked = [i for i, t in enumerate(totals) if t is not None]
    metrics = [tuple(getattr(totals[i], _ATTR[m]) for m in scoring.tie_breaks) for i in ranked]
    placings = rank(metrics, scoring.tie_breaks, scoring.award_boundaries)
    return [Placing(ranked[p.index], p.rank, p.separated_by, p.reasons) for p in placings]


def _first_difference(current: tuple, previous: tuple | None, names: Sequence[str]) -> str | None:
    if previous is None:
        return None
    return next(n for n, a, b in zip(names, current, previous, strict=True) if a != b)


def straddled(rank_: int, size: int, boundaries: Sequence[int]) -> list[int]:
    """Boundaries b with the shared places rank..rank+size-1 on both sides of b."""
    last = rank_ + size - 1
    return [b for b in boundaries if rank_ <= b < last]


def _boundary_reasons(rank_: int, size: int, boundaries: Sequence[int]) -> list[Reason]:
    crossed = straddled(rank_, size, boundaries)
    if not crossed:
        return []
    where = "、".join(f"第{b}名" for b in crossed)
    message = (
        f"{size}人并列第{rank_}名（占第{rank_}–{rank_ + size - 1}名），跨越{where}的奖项界限。"
        f"在组委会作出决定前，每人按并列名次第{rank_}名给予相应奖项，请组委会决定。"
    )
    return [Reason("TIE_AT_AWARD_BOUNDARY", TIE_CLAUSE, message)]
