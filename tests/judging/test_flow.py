"""The scoring flow through the services: direct marks, paper double entry, lock, publication."""

from decimal import Decimal

import pytest

from zhenxing.judging import services
from zhenxing.judging.models import Final, Mark, Result

from .conftest import FakeRequest, score_all

pytestmark = pytest.mark.django_db


def _theory(final, numbers, knowledge="80", ca="90"):
    rows = {number: (ca, knowledge) for number in numbers.values()}
    services.save_theory(final, rows, request=FakeRequest(final.people["host"]))


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
    clerk = FakeRequest(people["clerk"])
    [outcome] = services.save_sheet(
        final, competitor, people["judge2"], {"A3": "2"}, {}, request=clerk, paper=True
    )
    assert outcome.state == "awaiting"
    mark = Mark.objects.get(competitor=competitor, aspect_key="A3")
    with pytest.raises(services.PermissionDenied):
        services.confirm(mark, "2", request=clerk)
    outcome = services.confirm(mark, "3", request=FakeRequest(people["clerk2"]))
    assert outcome.state == "mismatch"
    mark.refresh_from_db()
    assert mark.status == Mark.Status.MISMATCH
    final.refresh_from_db()
    assert any(p["code"] == "MISMATCH" for p in final.problems)
    services.resolve_mismatch(mark, "2", request=FakeRequest(people["chief"]))
    mark.refresh_from_db()
    assert (mark.status, mark.value) == (Mark.Status.CONFIRMED, 2)


def test_lock_refused_while_problems_then_correction_needs_supervisor(final, numbers):
    people = final.people
    score_all(final, {"李娜": ("1", "0", [3, 1, 3])}, numbers)  # spread 2 > 1
    with pytest.raises(services.ScoringError):
        services.lock(final, request=FakeRequest(people["chief"]))
    competitor = final.competitors.get(number=numbers["李娜"])
    mark = Mark.objects.get(competitor=competitor, slot=str(people["judge2"].pk))
    services.save_sheet(
        final,
        competitor,
        people["judge2"],
        {"A3": "2"},
        {"A3": str(mark.revision)},
        request=FakeRequest(people["judge2"]),
        paper=False,
    )
    for name in ("王芳", "赵敏", "孙丽"):
        services.set_absent(
            final.competitors.get(number=numbers[name]), True, request=FakeRequest(people["chief"])
        )
    services.lock(final, request=FakeRequest(people["chief"]))
    final.refresh_from_db()
    assert final.locked
    with pytest.raises(services.ScoringError):
        services.save_sheet(
            final,
            competitor,
            people["judge"],
            {"A1": "0"},
            {},
            request=FakeRequest(people["judge"]),
            paper=False,
        )
    mark.refresh_from_db()
    with pytest.raises(services.ScoringError):
        services.propose_correction(mark, "3", " ", request=FakeRequest(people["chief"]))
    correction = services.propose_correction(
        mark, "3", "复核发现录入错误", request=FakeRequest(people["chief"])
    )
    with pytest.raises(services.ScoringError, match="已有一项更正待监督确认"):
        services.propose_correction(mark, "1", "又一项", request=FakeRequest(people["chief"]))
    with pytest.raises(services.PermissionDenied):
        services.witness(correction, True, request=FakeRequest(people["chief"]))
    services.witness(correction, True, request=FakeRequest(people["supervisor"]))
    mark.refresh_from_db()
    assert (mark.value, mark.original_value) == (3, 2)


def test_stale_save_is_refused_not_lost(final, numbers):
    people = final.people
    competitor = final.competitors.get(number=numbers["李娜"])
    judge = FakeRequest(people["judge"])
    services.save_sheet(
        final, competitor, people["judge"], {"A1": "1"}, {}, request=judge, paper=False
    )
    [outcome] = services.save_sheet(
        final, competitor, people["judge"], {"A1": "0"}, {}, request=judge, paper=False
    )
    assert outcome.state == "conflict"
    assert Mark.objects.get(competitor=competitor, aspect_key="A1").value is True


def test_publish_needs_lock(final):
    with pytest.raises(services.ScoringError):
        services.publish(final, request=FakeRequest(final.people["office"]))
    assert Final.objects.get(pk=final.pk).published_at is None


def test_deduction_above_the_aspect_max_is_refused(final, numbers):
    competitor = final.competitors.get(number=numbers["李娜"])
    judge = final.people["judge"]
    [outcome] = services.save_sheet(
        final, competitor, judge, {"A2": "31"}, {}, request=FakeRequest(judge), paper=False
    )
    assert outcome.state == "error" and "不能超过本项满分 30" in outcome.message
    assert not Mark.objects.filter(competitor=competitor).exists()


def test_a_blank_sheet_field_is_not_a_mark_and_full_width_digits_are(final, numbers):
    competitor = final.competitors.get(number=numbers["李娜"])
    judge = final.people["judge"]
    outcomes = services.save_sheet(
        final,
        competitor,
        judge,
        {"A2": "   ", "A3": "２"},
        {},
        request=FakeRequest(judge),
        paper=False,
    )
    assert [(o.aspect_key, o.state) for o in outcomes] == [("A3", "saved")]
    assert list(Mark.objects.filter(competitor=competitor).values_list("aspect_key", "value")) == [
        ("A3", 2)
    ]


def test_a_correction_that_only_reorders_deductions_is_no_change(final, numbers):
    marks = {name: ("1", "1, 0.5", [2, 2, 2]) for name in numbers}
    score_all(final, marks, numbers)
    services.lock(final, request=FakeRequest(final.people["chief"]))
    mark = Mark.objects.get(competitor__number=numbers["李娜"], aspect_key="A2")
    with pytest.raises(services.ScoringError, match="与原分数相同"):
        services.propose_correction(
            mark, "0.5, 1", "重排", request=FakeRequest(final.people["chief"])
        )


def test_no_theory_score_enters_after_the_lock(final, numbers):
    for number in numbers.values():
        services.set_absent(
            final.competitors.get(number=number), True, request=FakeRequest(final.people["chief"])
        )
    services.lock(final, request=FakeRequest(final.people["chief"]))
    final.refresh_from_db()
    with pytest.raises(services.ScoringError, match="锁定"):
        services.save_theory(
            final, {numbers["李娜"]: ("90", "80")}, request=FakeRequest(final.people["host"])
        )


def test_lock_waits_for_every_theory_score_that_counts(final, numbers):
    people = final.people
    marks = {name: ("1", "0", [2, 2, 2]) for name in numbers}
    score_all(final, marks, numbers, theory=None)
    li_na = final.competitors.get(number=numbers["李娜"])
    rows = {c.number: ("90", "80") for c in final.competitors.exclude(pk=li_na.pk)}
    rows[li_na.number] = ("9", "")  # only the current-affairs part
    services.save_theory(final, rows, request=FakeRequest(people["host"]))
    with pytest.raises(services.ScoringError, match="还有 1 个问题"):
        services.lock(final, request=FakeRequest(people["chief"]))
    final.refresh_from_db()
    assert final.problems == [
        {
            "number": li_na.code,
            "code": "THEORY_MISSING",
            "message": f"{li_na}：理论成绩未录入：业务知识",
        }
    ]
    services.save_theory(final, {li_na.number: ("9", "80")}, request=FakeRequest(people["host"]))
    services.lock(final, request=FakeRequest(people["chief"]))
    final.refresh_from_db()
    assert final.locked
