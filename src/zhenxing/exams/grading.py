"""Grading: objective answers at once (rules.exam_grading), short answers by two graders blind to
who wrote them (a third on a disagreement above the sitting's gap), and the totals written into
the final's theory scores through judging's theory service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.judging.theory import record_exam_scores
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import exam_grading

from .actions import ExamAction as Action
from .models import Answer, Attempt, Kind, ShortMark, Sitting

CENT = Decimal("0.01")


class GradingError(Exception):
    """A refusal a person can act on (Chinese message)."""


def grade_objective_answers(attempt: Attempt) -> None:
    """Score every objective question of the attempt (a missing answer scores 0 when totalled)."""
    answers = {a.item_id: a for a in attempt.answers.all()}
    for item in attempt.sitting.paper.items.select_related("version"):
        version = item.version
        answer = answers.get(item.pk)
        if version.kind == Kind.SHORT or answer is None:
            continue
        answer.score = exam_grading.grade_objective(
            version.kind, version.key, answer.value, item.points
        )
        answer.save(update_fields=["score"])


def settlement(answer: Answer, gap: Decimal) -> exam_grading.Settlement:
    marks = {m.round: m.score for m in answer.marks.all()}
    return exam_grading.settle_short(
        marks.get(1), marks.get(2), marks.get(3), gap=gap, full=answer.item.points
    )


def short_answers(sitting: Sitting):
    return (
        Answer.objects.filter(attempt__sitting=sitting, item__version__kind=Kind.SHORT)
        .exclude(value="")
        .select_related("item__version")
        .prefetch_related("marks")
        .order_by("item__position", "pk")
    )


def waiting_for(sitting: Sitting, grader) -> list[Answer]:
    """Short answers of submitted attempts this grader may mark now: fewer than two marks, or a
    disagreement waiting for its third; never one the grader has marked."""
    waiting = []
    for answer in short_answers(sitting).filter(attempt__submitted_at__isnull=False):
        marks = list(answer.marks.all())
        if any(m.grader_id == grader.pk for m in marks):
            continue
        if len(marks) < 2 or (
            len(marks) == 2 and settlement(answer, sitting.short_gap).needs_third
        ):
            waiting.append(answer)
    return waiting


def mark_short(answer: Answer, score: Decimal, *, actor: Actor) -> ShortMark:
    """One grader's mark: the next round the answer needs (1, 2, or 3 on a disagreement)."""
    sitting = answer.attempt.sitting
    event = sitting.final.event
    access.require(actor, event.edition, perms.EXAM_GRADE, event=event)
    with transaction.atomic():
        answer = (
            Answer.objects.select_for_update().select_related("item", "attempt").get(pk=answer.pk)
        )
        if answer.attempt.submitted_at is None:
            raise GradingError("考生尚未交卷，不能评阅。")
        if sitting.written_at:
            raise GradingError("成绩已写入理论成绩，不能再评阅。")
        marks = list(answer.marks.all())
        if any(m.grader_id == actor.user.pk for m in marks):
            raise GradingError("您已评阅过这道题，同一答卷须由不同的阅卷人评阅。")
        if len(marks) >= 2 and not settlement(answer, sitting.short_gap).needs_third:
            raise GradingError("这道题已评阅完毕。")
        check = exam_grading.settle_short(
            score, None, None, gap=sitting.short_gap, full=answer.item.points
        )
        if check.refused:
            raise GradingError(check.reasons[0].message.replace("一评", "").strip())
        if score != score.quantize(CENT):
            raise GradingError("得分最多保留两位小数。")
        try:
            with transaction.atomic():
                mark = ShortMark.objects.create(
                    answer=answer, grader=actor.user, round=len(marks) + 1, score=score
                )
        except IntegrityError:
            raise GradingError("这道题刚被其他阅卷人评阅，请刷新后继续。") from None
        answer.score = settlement(answer, sitting.short_gap).score
        answer.save(update_fields=["score"])
        audit.record(
            Action.SHORT_MARKED, mark, actor=actor, edition=event.edition,
            changes={"round": mark.round, "score": str(score)},
        )  # fmt: skip
    return mark


@dataclass
class Result:
    attempt: Attempt
    total: Decimal | None  # None while a short answer is unsettled or the attempt still open
    written: Decimal | None  # the total on the final's scale for this part


def results(sitting: Sitting) -> list[Result]:
    """Each attempt's total (paper points) and its value on the final's part scale."""
    full = sitting.paper.draw.blueprint.full_marks
    part_full = (
        sitting.final.full_current_affairs
        if sitting.part == "current_affairs"
        else sitting.final.full_knowledge
    )
    unsettled = {
        a.attempt_id
        for a in short_answers(sitting)
        if settlement(a, sitting.short_gap).score is None
    }
    scores: dict[int, Decimal] = {}
    for attempt_id, score in Answer.objects.filter(attempt__sitting=sitting).values_list(
        "attempt_id", "score"
    ):
        scores[attempt_id] = scores.get(attempt_id, Decimal(0)) + (score or Decimal(0))
    out = []
    for attempt in sitting.attempts.select_related("competitor").order_by("competitor__number"):
        done = attempt.submitted_at is not None and attempt.pk not in unsettled
        total = scores.get(attempt.pk, Decimal(0)) if done else None
        written = None
        if total is not None and attempt.started_at and part_full:
            written = exam_grading.theory_score(total, full, part_full)
        out.append(Result(attempt, total, written))
    return out


def write_scores(sitting: Sitting, *, actor: Actor) -> int:
    """Write every contestant's total into the final's theory scores (this sitting's part),
    through judging's theory service; refused while an attempt is open or an answer unmarked.
    Contestants who never signed in get no score (they did not sit the exam)."""
    event = sitting.final.event
    access.require(actor, event.edition, perms.EXAM_INVIGILATE, event=event)
    access.require(actor, event.edition, perms.THEORY_ENTER, event=event)
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        found = results(sitting)
        open_ = [r for r in found if r.attempt.submitted_at is None and r.attempt.started_at]
        if open_:
            raise GradingError(f"还有 {len(open_)} 名考生未交卷，考试结束后才能写入成绩。")
        missing = [r for r in found if r.attempt.started_at and r.total is None]
        if missing:
            raise GradingError(f"还有 {len(missing)} 名考生的简答题未评阅完毕。")
        scores = {r.attempt.competitor: r.written for r in found if r.written is not None}
        for result in found:
            if result.attempt.started_at:
                Attempt.objects.filter(pk=result.attempt.pk).update(score=result.total)
        changed = record_exam_scores(sitting.final, scores, sitting.part, actor=actor)
        sitting.written_at = timezone.now()
        sitting.save(update_fields=["written_at"])
        audit.record(
            Action.SCORES_WRITTEN, sitting, actor=actor, edition=event.edition,
            changes={"finalists": len(scores)},
        )  # fmt: skip
    return changed
