"""A recompute stores what the rules core computes and writes only the results that change: a
corrected mark moves the totals and ranks it moves, on the same rows (their ids stay), and the
stored rows are those a recompute from nothing would store."""

from support import RANKED_MARKS, score_all

from zhenxing.judging.models import Mark
from zhenxing.results.models import Result
from zhenxing.results.recompute import FIELDS, recompute

ORDER = ("李娜", "王芳", "赵敏", "孙丽")


def _stored(final) -> dict:
    """Name → (result id, the stored values)."""
    results = Result.objects.filter(competitor__final=final).select_related(
        "competitor__entry__person"
    )
    return {
        r.competitor.entry.person.name: (r.pk, tuple(getattr(r, f) for f in FIELDS))
        for r in results
    }


def test_a_corrected_mark_moves_ranks_on_the_same_rows(final, numbers):
    score_all(final, RANKED_MARKS, numbers)
    before = _stored(final)
    assert [before[name][1][FIELDS.index("rank")] for name in ORDER] == [1, 2, 3, 4]

    li_na = final.competitors.get(number=numbers["李娜"])
    Mark.objects.filter(competitor=li_na, aspect_key="A3").update(value=0)  # corrected: 3 → 0
    recompute(final)
    after = _stored(final)

    assert {name: pk for name, (pk, _) in after.items()} == {
        name: pk for name, (pk, _) in before.items()
    }
    ranks = {name: values[FIELDS.index("rank")] for name, (_, values) in after.items()}
    assert ranks["李娜"] == 4 and [ranks[n] for n in ORDER[1:]] == [1, 2, 3]
    total = FIELDS.index("published_total")
    assert after["李娜"][1][total] < before["李娜"][1][total]
    assert after["王芳"][1][total] == before["王芳"][1][total]

    Result.objects.filter(competitor__final=final).delete()
    recompute(final)  # from nothing: every row written new
    assert {name: values for name, (_, values) in _stored(final).items()} == {
        name: values for name, (_, values) in after.items()
    }
