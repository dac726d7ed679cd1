"""Re-check of finals results (复核, rules.md §4.3, a Reading).

Supervisors re-check every result ranked within `judging.recheck_top` and a random sample of the
rest: `judging.recheck_sample_percent` % of them, rounded up, at least one while any remain. The
sample is drawn with `draws.draw` from a recorded seed, so anyone can replay it.

The error rate is measured on the random sample only. The top results are all checked anyway
(their errors are corrected, not extrapolated), and they are no random sample: counting them
would dilute or inflate the estimate for the results nobody checked. A rate strictly above
`judging.recheck_error_percent` means every result must be re-checked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .draws import draw
from .reasons import Reason
from .rulebook import Rulebook

CLAUSE = "rules.md §4.3"


@dataclass(frozen=True)
class Sample:
    top: tuple[str, ...]  # every result ranked within recheck_top, in rank order
    random: tuple[str, ...]  # the random sample of the rest, in rank order
    seed: str
    lots: dict[str, str] = field(default_factory=dict)  # the draw over the rest, for the record

    @property
    def ids(self) -> tuple[str, ...]:
        return self.top + self.random


@dataclass(frozen=True)
class Outcome:
    recheck_all: bool
    sampled: int
    errors: int
    rate: Decimal  # percent, exact; 0 when the sample is empty
    reasons: list[Reason]


def sample_size(rest: int, rulebook: Rulebook) -> int:
    """How many of `rest` results the random sample takes."""
    if rest <= 0:
        return 0
    wanted = math.ceil(rest * rulebook.judging.recheck_sample_percent / 100)
    return min(rest, max(1, wanted))


def recheck_sample(
    ranked_ids: Sequence[str],
    seed: str,
    rulebook: Rulebook,
    ranks: Mapping[str, int] | None = None,
) -> Sample:
    """The results to re-check. `ranks` (id → rank) keeps a rank shared across the top-N line
    wholly inside the top; without it the first N ids are the top."""
    if len(set(ranked_ids)) != len(ranked_ids):
        raise ValueError("名次表中有重复的选手编号")
    limit = rulebook.judging.recheck_top
    if ranks is None:
        top = list(ranked_ids[:limit])
    else:
        missing = [i for i in ranked_ids if i not in ranks]
        if missing:
            raise ValueError(f"选手 {missing[0]} 没有名次")
        top = [i for i in ranked_ids if ranks[i] <= limit]
    in_top = set(top)
    rest = [i for i in ranked_ids if i not in in_top]
    lots = draw(rest, seed)
    size = sample_size(len(rest), rulebook)
    chosen = {item for item, label in lots.items() if int(label) <= size}
    random = tuple(i for i in rest if i in chosen)
    return Sample(top=tuple(top), random=random, seed=seed, lots=lots)


def recheck_outcome(
    sampled_ids: Iterable[str], error_ids: Iterable[str], rulebook: Rulebook
) -> Outcome:
    """Whether the errors found in the random sample call for re-checking every result.

    `sampled_ids` is the random sample (`Sample.random`); errors outside it, such as those
    found among the top results, are not counted.
    """
    sampled = set(sampled_ids)
    errors = len(sampled & set(error_ids))
    limit = rulebook.judging.recheck_error_percent
    rate = Decimal(errors * 100) / len(sampled) if sampled else Decimal(0)
    exceeded = errors * 100 > limit * len(sampled)  # exact: no rounding at the 5% line
    shown = rate.quantize(Decimal("0.01"), ROUND_HALF_UP)
    counts = f"抽查 {len(sampled)} 份，发现错误 {errors} 份，错误率 {shown}%"
    if exceeded:
        reason = Reason(
            "RECHECK_ALL_REQUIRED",
            CLAUSE,
            f"{counts}，超过 {limit}%：须对本项目全部成绩复核后才能公示",
        )
    else:
        reason = Reason(
            "RECHECK_SAMPLE_PASSED",
            CLAUSE,
            f"{counts}，未超过 {limit}%：改正已发现的错误后即可公示",
        )
    return Outcome(exceeded, len(sampled), errors, rate, [reason])
