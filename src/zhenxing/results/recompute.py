"""Stored results: every competitor's practical mark, total and rank, computed by the rules core
(scoring, ranking) from the final's tally and stored; pages only read them.

A change of scores has results follow (`receivers`), in a background job (`tasks`).
"""

from __future__ import annotations

from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from zhenxing.editions.services import bump_public_version
from zhenxing.judging.models import Final
from zhenxing.judging.tally import tally, theory_scores
from zhenxing.rules import ranking, scoring

from .models import Result
from .signals import results_changed


def recompute(final: Final) -> None:
    """Compute every competitor's practical mark, total and rank and store them with problems."""
    made = tally(final)
    rulebook = final.event.edition.rulebook()
    totals = [_total(c, made.practicals.get(c.pk), made.full, rulebook) for c in made.competitors]
    placings = {p.index: p for p in ranking.rank_totals(totals, rulebook.scoring)}
    rows = []
    for index, competitor in enumerate(made.competitors):
        practical, total = made.practicals.get(competitor.pk), totals[index]
        placing = placings.get(index)
        reasons = [r.as_dict() for r in (placing.reasons if placing else [])]
        rows.append(
            Result(
                competitor=competitor,
                practical=_fraction_text(practical),
                practical_shown=scoring.publish(practical, 2) if practical is not None else None,
                total_exact=_fraction_text(total.exact if total else None),
                published_total=total.published if total else None,
                rank=placing.rank if placing else None,
                reasons=reasons,
            )
        )
    with transaction.atomic():
        _store(final, rows)
        Final.objects.filter(pk=final.pk).update(
            results_revision=made.revision,
            results_computed_at=timezone.now(),
            problems=made.problems,
        )
    if final.published_at:
        bump_public_version()
    results_changed.send(sender=Final, final=final)


FIELDS = ("practical", "practical_shown", "total_exact", "published_total", "rank", "reasons")


def _store(final: Final, rows: list[Result]) -> None:
    """Write the results that differ from the stored ones: a change of marks moves a few totals
    and ranks, and rewriting a final's 500 rows (with their reasons) cost more than computing them.
    The stored rows are read locked, so the comparison holds until the commit."""
    stored = {
        values[0]: values[1:]
        for values in Result.objects.select_for_update(of=("self",))
        .filter(competitor__final=final)
        .order_by()
        .values_list("competitor_id", "pk", *FIELDS)
    }
    changed, new = [], []
    for row in rows:
        now = stored.pop(row.competitor_id, None)
        if now is None:
            new.append(row)
        elif now[1:] != tuple(getattr(row, field) for field in FIELDS):
            row.pk = now[0]
            changed.append(row)
    if stored:  # results of competitors no longer in the final
        Result.objects.filter(pk__in=[now[0] for now in stored.values()]).delete()
    Result.objects.bulk_update(changed, FIELDS, batch_size=500)
    Result.objects.bulk_create(new, batch_size=500)


def _fraction_text(value: Fraction | None) -> str:
    return "" if value is None else f"{value.numerator}/{value.denominator}"


def _total(competitor, practical, full, rulebook):
    if competitor.absent or practical is None:
        return None
    scores = theory_scores(competitor) | {"practical": practical}
    try:
        return scoring.compute_total(scores, full, rulebook.scoring)
    except ValueError:
        return None
