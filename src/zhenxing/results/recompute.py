"""Stored results: every competitor's practical mark, total and rank, computed by the rules core
(scoring, ranking) from the final's tally and stored; pages only read them.

A change of scores has results follow (`receivers`), in a background job (`tasks`).
"""

from __future__ import annotations

from fractions import Fraction

from django.db import connection, transaction
from django.utils import timezone

from zhenxing.editions.bulk import update_sql, without_cyclic_gc
from zhenxing.editions.services import bump_public_version
from zhenxing.judging.models import Final
from zhenxing.judging.tally import tally, theory_scores
from zhenxing.rules import ranking, scoring

from .models import Result
from .signals import results_changed


@without_cyclic_gc
def recompute(final: Final) -> None:
    """Compute every competitor's practical mark, total and rank and store them with problems."""
    made = tally(final)
    rulebook = final.event.edition.rulebook()
    totals = [_total(c, made.practicals.get(c.pk), made.full, rulebook) for c in made.competitors]
    placings = {p.index: p for p in ranking.rank_totals(totals, rulebook.scoring)}
    rows = {}  # competitor id → the values of FIELDS
    for index, competitor in enumerate(made.competitors):
        practical, total = made.practicals.get(competitor.pk), totals[index]
        placing = placings.get(index)
        rows[competitor.pk] = (
            _fraction_text(practical),
            scoring.publish(practical, 2) if practical is not None else None,
            _fraction_text(total.exact if total else None),
            total.published if total else None,
            placing.rank if placing else None,
            [r.as_dict() for r in (placing.reasons if placing else [])],
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


def _store(final: Final, rows: dict[int, tuple]) -> None:
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
    for competitor_id, values in rows.items():
        now = stored.pop(competitor_id, None)
        if now is None:
            new.append(_result(competitor_id, values))
        elif now[1:] != values:
            changed.append((now[0], values))
    if stored:  # results of competitors no longer in the final
        Result.objects.filter(pk__in=[now[0] for now in stored.values()]).delete()
    _update(changed)
    Result.objects.bulk_create(new, batch_size=500)


def _update(changed: list[tuple[int, tuple]]) -> None:
    """Store new values of FIELDS on results (pk, values), prepared by the model's fields
    (`bulk_update`'s CASEs for a corrected mark that moves 200 ranks cost more to build than the
    recompute)."""
    if not changed:
        return
    fields = [Result._meta.get_field(name) for name in FIELDS]
    params = [
        [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)] + [pk]
        for pk, values in changed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(update_sql(Result, list(FIELDS)), params)


def _result(competitor_id: int, values: tuple) -> Result:
    return Result(competitor_id=competitor_id, **dict(zip(FIELDS, values, strict=True)))


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
