"""The scoring flow through the services: direct marks, paper double entry, lock, publication."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.support import actor, score_all
from zhenxing.judging.lock import lock as lock_final
from zhenxing.judging.lock import propose_correction, witness
from zhenxing.judging.locking import ScoringError
from zhenxing.judging.marks import confirm, resolve_mismatch, save_sheet, set_absent
from zhenxing.judging.models import Final, Mark
from zhenxing.judging.theory import save_theory
from zhenxing.results.models import Result
from zhenxing.results.publication import publish

pytestmark = pytest.mark.django_db


def _theory(final, numbers, knowledge="80", ca="90"):
    rows = {number: (ca, knowledge) for number in numbers.values()}
    save_theory(final, rows, actor=actor(final.people["host"]))


def test_results_are_computed_stored_and_ranked(final, numbers):
    score_all(
        final,
        {
            "李娜": ("1", "0", [3, 3, 3]),
            "王芳": ("1", "2, 1", [2, 2, 3]),
            "赵敏": ("0", "0", [2, 2, 2]),
        },
        numbers,
    )
    _theory(final, numbers)
    final.refresh_from_db()
    assert final.results_current
    results = {
        r.competitor.entry.person.name: r for r in Result.objects.filter(competitor__final=final)
    }
    # 李娜: practical 100/100 → 80; theory 90/100×5 + 80/100×15 = 4.5 + 12 → 96.50
    assert results["李娜"].published_total == Decimal("96.50")
    assert results["李娜"].rank == 1
    # 王芳: 10 + 27 + (7/3)/3×60 = 46.666… → 83.666…×0.8 = 66.93… + 16.5 → 83.43
    assert results["王芳"].published_total == Decimal("83.43")
    assert results["赵敏"].rank == 3
    assert results["孙丽"].rank is None  # not scored: not ranked
    assert [p["code"] for p in final.problems] == ["NOT_SCORED"]
    assert final.problems[0]["number"] == numbers["孙丽"]


def test_paper_entry_needs_a_second_person(final, numbers):
    people = final.people
    competitor = final.competitors.get(number=numbers["李娜"])
    clerk = actor(people["clerk"])
    [outcome] = save_sheet(
        final, competitor, people["judge2"], {"A3": "2"}, {}, actor=clerk, paper=True
    )
    assert outcome.state == "awaiting"
    mark = Mark.objects.get(competitor=competitor, aspect_key="A3")
    with pytest.raises(PermissionDenied):
        confirm(mark, "2", actor=clerk)
    outcome = confirm(mark, "3", actor=actor(people["clerk2"]))
    assert outcome.state == "mismatch"
    mark.refresh_from_db()
    assert mark.status == Mark.Status.MISMATCH
    final.refresh_from_db()
    assert any(p["code"] == "MISMATCH" for p in final.problems)
    resolve_mismatch(mark, "2", actor=actor(people["chief"]))
    mark.refresh_from_db()
    assert (mark.status, mark.value) == (Mark.Status.CONFIRMED, 2)


def test_lock_refused_while_problems_then_correction_needs_supervisor(final, numbers):
    people = final.people
    score_all(final, {"李娜": ("1", "0", [3, 1, 3])}, numbers)  # spread 2 > 1
    with pytest.raises(ScoringError):
        lock_final(final, actor=actor(people["chief"]))
    competitor = final.competitors.get(number=numbers["李娜"])
    mark = Mark.objects.get(competitor=competitor, slot=str(people["judge2"].pk))
    save_sheet(
        final,
        competitor,
        people["judge2"],
        {"A3": "2"},
        {"A3": str(mark.revision)},
        actor=actor(people["judge2"]),
        paper=False,
    )
    for name in ("王芳", "赵敏", "孙丽"):
        set_absent(final.competitors.get(number=numbers[name]), True, actor=actor(people["chief"]))
    lock_final(final, actor=actor(people["chief"]))
    final.refresh_from_db()
    assert final.locked
    with pytest.raises(ScoringError):
        save_sheet(
            final,
            competitor,
            people["judge"],
            {"A1": "0"},
            {},
            actor=actor(people["judge"]),
            paper=False,
        )
    mark.refresh_from_db()
    with pytest.raises(ScoringError):
        propose_correction(mark, "3", " ", actor=actor(people["chief"]))
    correction = propose_correction(mark, "3", "复核发现录入错误", actor=actor(people["chief"]))
    with pytest.raises(ScoringError, match="已有一项更正待监督确认"):
        propose_correction(mark, "1", "又一项", actor=actor(people["chief"]))
    with pytest.raises(PermissionDenied):
        witness(correction, True, actor=actor(people["chief"]))
    witness(correction, True, actor=actor(people["supervisor"]))
    mark.refresh_from_db()
    assert (mark.value, mark.original_value) == (3, 2)


def test_stale_save_is_refused_not_lost(final, numbers):
    people = final.people
    competitor = final.competitors.get(number=numbers["李娜"])
    judge = actor(people["judge"])
    save_sheet(final, competitor, people["judge"], {"A1": "1"}, {}, actor=judge, paper=False)
    [outcome] = save_sheet(
        final, competitor, people["judge"], {"A1": "0"}, {}, actor=judge, paper=False
    )
    assert outcome.state == "conflict"
    assert Mark.objects.get(competitor=competitor, aspect_key="A1").value is True


def test_publish_needs_lock(final):
    with pytest.raises(ScoringError):
        publish(final, actor=actor(final.people["office"]))
    assert Final.objects.get(pk=final.pk).published_at is None


def test_deduction_above_the_aspect_max_is_refused(final, numbers):
    competitor = final.competitors.get(number=numbers["李娜"])
    judge = final.people["judge"]
    [outcome] = save_sheet(
        final, competitor, judge, {"A2": "31"}, {}, actor=actor(judge), paper=False
    )
    assert outcome.state == "error" and "不能超过本项满分 30" in outcome.message
    assert not Mark.objects.filter(competitor=competitor).exists()


def test_a_blank_sheet_field_is_not_a_mark_and_full_width_digits_are(final, numbers):
    competitor = final.competitors.get(number=numbers["李娜"])
    judge = final.people["judge"]
    outcomes = save_sheet(
        final,
        competitor,
        judge,
        {"A2": "   ", "A3": "２"},
        {},
        actor=actor(judge),
        paper=False,
    )
    assert [(o.aspect_key, o.state) for o in outcomes] == [("A3", "saved")]
    assert list(Mark.objects.filter(competitor=competitor).values_list("aspect_key", "value")) == [
        ("A3", 2)
    ]


def test_a_correction_that_only_reorders_deductions_is_no_change(final, numbers):
    marks = {name: ("1", "1, 0.5", [2, 2, 2]) for name in numbers}
    score_all(final, marks, numbers)
    lock_final(final, actor=actor(final.people["chief"]))
    mark = Mark.objects.get(competitor__number=numbers["李娜"], aspect_key="A2")
    with pytest.raises(ScoringError, match="与原分数相同"):
        propose_correction(mark, "0.5, 1", "重排", actor=actor(final.people["chief"]))


def test_no_theory_score_enters_after_the_lock(final, numbers):
    for number in numbers.values():
        set_absent(final.competitors.get(number=number), True, actor=actor(final.people["chief"]))
    lock_final(final, actor=actor(final.people["chief"]))
    final.refresh_from_db()
    with pytest.raises(ScoringError, match="锁定"):
        save_theory(final, {numbers["李娜"]: ("90", "80")}, actor=actor(final.people["host"]))


def test_lock_waits_for_every_theory_score_that_counts(final, numbers):
    people = final.people
    marks = {name: ("1", "0", [2, 2, 2]) for name in numbers}
    score_all(final, marks, numbers, theory=None)
    li_na = final.competitors.get(number=numbers["李娜"])
    rows = {c.number: ("90", "80") for c in final.competitors.exclude(pk=li_na.pk)}
    rows[li_na.number] = ("9", "")  # only the current-affairs part
    save_theory(final, rows, actor=actor(people["host"]))
    with pytest.raises(ScoringError, match="还有 1 个问题"):
        lock_final(final, actor=actor(people["chief"]))
    final.refresh_from_db()
    assert final.problems == [
        {
            "number": li_na.code,
            "code": "THEORY_MISSING",
            "message": f"{li_na}：理论成绩未录入：业务知识",
        }
    ]
    save_theory(final, {li_na.number: ("9", "80")}, actor=actor(people["host"]))
    lock_final(final, actor=actor(people["chief"]))
    final.refresh_from_db()
    assert final.locked


def test_theory_scores_find_a_contest_number_as_excel_left_it(final, numbers):
    from zhenxing.judging.models import TheoryScore
    from zhenxing.judging.theory import save_theory

    number = numbers["李娜"]  # e.g. "003": Excel reads it as the number 3
    assert number.startswith("00")
    host = actor(final.people["host"])
    assert save_theory(final, {number.lstrip("0"): ("90", "80")}, actor=host) == 1
    assert TheoryScore.objects.get().competitor.number == number
    with pytest.raises(ScoringError, match="重复"):
        save_theory(final, {number: ("90", "80"), f"0{number}": ("1", "1")}, actor=host)
