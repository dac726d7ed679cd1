"""Item analysis of a sitting (rules.item_analysis): each submitted attempt's score on each
question of the paper (no answer scores 0), the options chosen, and the chart's data."""

from __future__ import annotations

from decimal import Decimal

from zhenxing.rules import item_analysis

from .models import Answer, Kind, Sitting


def analyse(sitting: Sitting):
    """(the analysis, paper items by id as text) over the attempts that were submitted."""
    items = {str(i.pk): i for i in sitting.paper.items.select_related("version__question")}
    attempts = list(
        sitting.attempts.filter(submitted_at__isnull=False, started_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    answers = {
        (a.attempt_id, str(a.item_id)): a for a in Answer.objects.filter(attempt_id__in=attempts)
    }
    responses = []
    for attempt in attempts:
        for key, item in items.items():
            answer = answers.get((attempt, key))
            objective = item.version.kind in (Kind.SINGLE, Kind.MULTIPLE)
            responses.append(
                item_analysis.Response(
                    person=str(attempt),
                    question=key,
                    score=(answer.score if answer and answer.score is not None else Decimal(0)),
                    max=item.points,
                    choice=(answer.value or None) if answer and objective else None,
                )
            )
    letters = {
        key: item.version.letters
        for key, item in items.items()
        if item.version.kind in (Kind.SINGLE, Kind.MULTIPLE)
    }
    return item_analysis.analyse(responses, option_letters=letters), items


def chart(result) -> dict:
    """The score distribution in the shape the page's chart script reads."""
    labels = [
        f"{lower.normalize():f}–{upper.normalize():f}" for lower, upper, _ in result.distribution
    ]
    counts = [count for _, _, count in result.distribution]
    return {"labels": labels, "counts": counts}
