"""Two people saving at once never lose an update (PostgreSQL: real row locks and threads)."""

import pytest
from django.db import connection

from tests.support import actor, at_once
from zhenxing.judging.marks import save_sheet
from zhenxing.judging.models import Final, Mark

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def _save(final, number, judge, values, revisions):
    competitor = final.competitors.get(number=number)
    return lambda: save_sheet(
        final, competitor, judge, values, revisions, actor=actor(judge), paper=False
    )


def test_different_judges_saving_together_both_keep_their_marks(final, numbers):
    people, number = final.people, numbers["李娜"]
    jobs = [
        _save(final, number, people[name], {"A3": "2"}, {})
        for name in ("judge", "judge2", "judge3")
    ]
    results = at_once(*jobs)
    assert all(isinstance(r, list) and r[0].state == "saved" for r in results), results
    assert Mark.objects.filter(competitor__number=number, aspect_key="A3").count() == 3
    final = Final.objects.get(pk=final.pk)
    assert final.revision >= 3 and final.results_current


def test_same_mark_saved_twice_from_one_view_one_wins_the_other_is_told(final, numbers):
    people, number = final.people, numbers["李娜"]
    judge = people["judge"]
    save_sheet(
        final,
        final.competitors.get(number=number),
        judge,
        {"A1": "1"},
        {},
        actor=actor(judge),
        paper=False,
    )
    revision = str(Mark.objects.get(aspect_key="A1").revision)
    results = at_once(
        _save(final, number, judge, {"A1": "0"}, {"A1": revision}),
        _save(final, number, judge, {"A2": "1", "A1": "0"}, {"A1": revision}),
    )
    states = sorted(r[0].state for r in results)
    assert states == ["conflict", "saved"], results
    mark = Mark.objects.get(aspect_key="A1")
    assert mark.value is False and mark.revision == int(revision) + 1
