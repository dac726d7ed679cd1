"""Sittings and attempts: arranging a sitting on a confirmed paper (one attempt and one-time
code per finalist, with the question and option order shuffled by a recorded seed), signing in,
saving answers as they are given, submitting (or being closed at time up), and the
invigilator's extra time and new codes."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import SYSTEM, Actor
from zhenxing.rules import exam_papers

from . import grading
from .actions import ExamAction as Action
from .models import Answer, Attempt, Kind, Paper, PaperDraw, PaperItem, Sitting

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a printed sheet
CODE_LENGTH = 8
MAX_ANSWER = 2000
# One statement on PostgreSQL and SQLite: insert, or replace only with a later rev (the table is
# Answer's, exams_answer; the unique constraint exam_one_answer is the conflict target).
UPSERT = (
    "INSERT INTO exams_answer (attempt_id, item_id, value, rev, saved_at) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (attempt_id, item_id) DO UPDATE SET "
    "value = excluded.value, rev = excluded.rev, saved_at = excluded.saved_at "
    "WHERE exams_answer.rev < excluded.rev"
)
BAD_SIGN_IN = "参赛号或登录码不正确，请核对签到表；仍不能登录请举手示意监考人员。"
ALREADY_IN = (
    "参赛号 {number} 已在另一台设备上登录，同一时间只能在一台设备上作答。如需换设备，请举手示意"
    "监考人员生成新登录码：已保存的答案不会丢失，原设备上未送出的答案也会转到新设备。"
)
MAX_HANDOVER = 500


class ExamError(Exception):
    """A refusal a person can act on (Chinese message)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def ends_at(attempt: Attempt) -> dt.datetime:
    sitting = attempt.sitting
    return sitting.starts_at + dt.timedelta(minutes=sitting.minutes + attempt.extra_minutes)


def closes_at(attempt: Attempt) -> dt.datetime:
    """Past this, answers are refused and the attempt is closed (end time plus the grace)."""
    return ends_at(attempt) + dt.timedelta(seconds=attempt.sitting.grace_seconds)


def _shuffle(sitting: Sitting, competitor, items: list[PaperItem]) -> exam_papers.Shuffle:
    counts = {
        str(i.pk): len(i.version.options)
        for i in items
        if i.version.kind in (Kind.SINGLE, Kind.MULTIPLE)
    }
    ids = tuple(str(i.pk) for i in items)
    return exam_papers.shuffle_for(sitting.seed, competitor.number, ids, counts)


@transaction.atomic
def create_sitting(final, paper: Paper, data: dict, *, actor: Actor) -> Sitting:
    """A sitting of the final's theory exam on a confirmed paper of its event; one attempt and
    one-time code for every finalist not marked absent."""
    event = final.event
    access.require(actor, event.edition, perms.EXAM_INVIGILATE, event=event)
    draw = PaperDraw.objects.select_for_update().select_related("blueprint").get(pk=paper.draw_id)
    if draw.blueprint.event_id != event.pk:
        raise ExamError("该试卷不是本比赛项目的试卷。")
    if draw.confirmed_at is None:
        raise ExamError("该试卷的抽卷尚未经监督确认，不能用于考试。")
    part = draw.blueprint.part
    if part == "current_affairs" and final.full_current_affairs is None:
        raise ExamError("本项目理论试卷没有单独的时事政治部分，不能安排时事政治考试。")
    sitting = Sitting.objects.create(
        final=final,
        part=part,
        paper=paper,
        starts_at=data["starts_at"],
        minutes=data["minutes"],
        short_gap=data["short_gap"],
        seed=secrets.token_hex(8),
        created_by=actor.user,
    )
    items = list(paper.items.select_related("version"))
    for competitor in final.competitors.filter(absent=False).order_by("number"):
        shuffle = _shuffle(sitting, competitor, items)
        Attempt.objects.create(
            sitting=sitting,
            competitor=competitor,
            code=new_code(),
            question_order=[int(i) for i in shuffle.question_order],
            option_orders={k: list(v) for k, v in shuffle.option_orders.items()},
        )
    audit.record(
        Action.SITTING_SAVED,
        sitting,
        actor=actor,
        edition=event.edition,
        changes={"paper": str(paper), "starts_at": sitting.starts_at.isoformat(),
                 "minutes": sitting.minutes, "seed": sitting.seed},
    )  # fmt: skip
    return sitting


@transaction.atomic
def new_code_for(attempt: Attempt, *, actor: Actor, now=None) -> Attempt:
    """A new one-time code (a contestant moving to another device): the old browser is out at
    once, and may hand over the answers it had not yet sent (hand_over)."""
    event = attempt.sitting.final.event
    access.require(actor, event.edition, perms.EXAM_INVIGILATE, event=event)
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.token:
        attempt.previous_token, attempt.replaced_at = attempt.token, now or timezone.now()
    attempt.code, attempt.code_used_at, attempt.token = new_code(), None, None
    attempt.save(update_fields=["code", "code_used_at", "token", "previous_token", "replaced_at"])
    audit.record(Action.CODES_ISSUED, attempt, actor=actor, edition=event.edition)
    return attempt


@transaction.atomic
def reschedule(sitting: Sitting, starts_at, minutes: int, *, actor: Actor) -> Sitting:
    """Move the sitting or change its length before anyone has signed in (audited); once a
    contestant is in, only one contestant's time can change (extend)."""
    event = sitting.final.event
    access.require(actor, event.edition, perms.EXAM_INVIGILATE, event=event)
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.attempts.filter(started_at__isnull=False).exists():
        raise ExamError("已有考生登录作答，不能再调整整场考试的时间；请为个别考生延长时间。")
    before = (sitting.starts_at.isoformat(), sitting.minutes)
    sitting.starts_at, sitting.minutes = starts_at, minutes
    sitting.save(update_fields=["starts_at", "minutes"])
    audit.record(
        Action.SITTING_RESCHEDULED,
        sitting,
        actor=actor,
        edition=event.edition,
        changes={
            "starts_at": [before[0], sitting.starts_at.isoformat()],
            "minutes": [before[1], sitting.minutes],
        },
    )
    return sitting


@transaction.atomic
def extend(attempt: Attempt, minutes: int, reason: str, *, actor: Actor) -> Attempt:
    """More time for one contestant, with the reason (audited)."""
    event = attempt.sitting.final.event
    access.require(actor, event.edition, perms.EXAM_INVIGILATE, event=event)
    attempt = Attempt.objects.select_for_update().select_related("sitting").get(pk=attempt.pk)
    if attempt.submitted_at:
        raise ExamError("该考生已交卷，不能再延长时间。")
    if not reason.strip():
        raise ExamError("请填写延长时间的原因。")
    before = attempt.extra_minutes
    attempt.extra_minutes = before + minutes
    attempt.save(update_fields=["extra_minutes"])
    audit.record(
        Action.TIME_EXTENDED,
        attempt,
        actor=actor,
        edition=event.edition,
        changes={"extra_minutes": [before, attempt.extra_minutes]},
        reason=reason.strip(),
    )
    return attempt


def sign_in(number: str, code: str, now=None) -> tuple[Attempt, uuid.UUID]:
    """The attempt of this contest number and one-time code, now bound to a new browser token;
    ExamError if they do not match an open sitting. A code already used by a browser refuses
    a second device (one device per contestant: the invigilator's new code moves the exam), and
    the invigilator's board shows that a second device tried."""
    now = now or timezone.now()
    code = code.strip().upper().replace(" ", "")
    refusal = None
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("sitting", "competitor")
            .filter(code=code)
            .first()
        )
        if attempt is None or attempt.competitor.number != number.strip():
            raise ExamError(BAD_SIGN_IN)
        if attempt.submitted_at:
            raise ExamError("您已交卷，考试已结束。")
        if now < attempt.sitting.starts_at - dt.timedelta(minutes=30):
            raise ExamError("考试尚未开始，请在开考前 30 分钟内登录。")
        if now > closes_at(attempt):
            raise ExamError("考试时间已结束。")
        if attempt.code_used_at:
            attempt.second_device_at = now
            attempt.save(update_fields=["second_device_at"])
            refusal = ALREADY_IN.format(number=attempt.competitor.number)
        else:
            attempt.code_used_at, attempt.token = now, uuid.uuid4()
            attempt.started_at = attempt.started_at or max(now, attempt.sitting.starts_at)
            attempt.save(update_fields=["code_used_at", "token", "started_at"])
    if refusal:  # raised after the commit: the board keeps the second device's try
        raise ExamError(refusal)
    return attempt, attempt.token


def _token(pk, token) -> uuid.UUID | None:
    """The cookie's token, when it holds an attempt id and a well-formed token."""
    if not pk or not token:
        return None
    try:
        return uuid.UUID(str(token))
    except ValueError:
        return None


def attempt_of(pk, token) -> Attempt | None:
    """The signed-in browser's attempt (its signed cookie holds the attempt id and token)."""
    token = _token(pk, token)
    if token is None:
        return None
    found = Attempt.objects.select_related("sitting", "competitor").defer("option_orders")
    return found.filter(pk=pk, token=token).first()


def replaced_attempt(pk, token) -> Attempt | None:
    """The attempt a browser was signed in to before the invigilator moved it to another
    device (the browser may still hand over its unsent answers)."""
    token = _token(pk, token)
    if token is None:
        return None
    return Attempt.objects.select_related("competitor").filter(pk=pk, previous_token=token).first()


LEAN_ATTEMPT = (
    "SELECT a.id, a.sitting_id, a.submitted_at, a.extra_minutes, a.question_order, "
    "s.starts_at AS sitting_starts, s.minutes AS sitting_minutes, "
    "s.grace_seconds AS sitting_grace FROM exams_attempt a "
    "JOIN exams_sitting s ON s.id = a.sitting_id WHERE a.id = %s AND a.token = %s"
)


def attempt_for_answer(pk, token) -> Attempt | None:
    """The few columns an answer needs, in one plain query (an answer is the busiest request of
    the exam: 500 contestants × 100 questions): the attempt, with its sitting's clock."""
    if not pk or not token:
        return None
    try:
        token = Attempt._meta.get_field("token").get_db_prep_value(
            uuid.UUID(str(token)), connection
        )
    except ValueError:
        return None
    found = list(Attempt.objects.raw(LEAN_ATTEMPT, [pk, token]))
    if not found:
        return None
    attempt = found[0]
    attempt.sitting = Sitting(
        pk=attempt.sitting_id,
        starts_at=_aware(attempt.sitting_starts),
        minutes=attempt.sitting_minutes,
        grace_seconds=attempt.sitting_grace,
    )
    return attempt


def _aware(value) -> dt.datetime:
    """A joined column's datetime as the ORM would give it (SQLite hands back text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, dt.UTC) if timezone.is_naive(value) else value


def save_answer(attempt: Attempt, item_id: int, value: str, rev: int, now=None) -> bool:
    """Store one answer as given. Idempotent: a resend, or an older one arriving late (lower
    `rev`), changes nothing. ExamError once submitted or past the end (then it is closed)."""
    now = now or timezone.now()
    if now < attempt.sitting.starts_at:
        raise ExamError("考试尚未开始。")
    if attempt.submitted_at:
        raise ExamError("您已交卷，不能再修改答案。")
    if now > closes_at(attempt):
        submit(attempt, auto=True)
        raise ExamError("考试时间已到，试卷已自动提交。")
    if item_id not in attempt.question_order:
        raise ExamError("没有这道题。")
    return _upsert(attempt.pk, item_id, value[:MAX_ANSWER], rev, now)


def _upsert(attempt_id: int, item_id: int, value: str, rev: int, now) -> bool:
    """One statement (PostgreSQL and SQLite alike): insert the answer, or replace the stored one
    only if this rev is later. True when something was written."""
    saved_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [attempt_id, item_id, value, rev, saved_at])
        return cursor.rowcount > 0


def hand_over(pk, token, answers: list[tuple[int, str, int]], now=None) -> tuple[int, int] | None:
    """The answers a replaced browser (its token the attempt's previous one) had not yet sent:
    each is kept unless the contestant has answered that question again since the device change
    (the new device wins). Once per device change; audited. (kept, not kept), or None when the
    browser is not the one just replaced (or the exam is over for this attempt)."""
    now = now or timezone.now()
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("sitting__final__event__edition")
            .filter(pk=pk, previous_token=token, replaced_at__isnull=False)
            .first()
        )
        if attempt is None:
            return None
        replaced_at, attempt.replaced_at = (
            attempt.replaced_at,
            None,
        )  # once; the page still says why
        attempt.save(update_fields=["replaced_at"])
        if attempt.submitted_at or now > closes_at(attempt):
            return None
        stored = {a.item_id: a for a in attempt.answers.filter(item_id__in=[a[0] for a in answers])}
        kept = 0
        for item_id, value, rev in answers[:MAX_HANDOVER]:
            known = stored.get(item_id)
            if item_id not in attempt.question_order:
                continue
            if known and (known.saved_at >= replaced_at or known.rev >= rev):
                continue
            # rev 0: whatever the new device sends for this question afterwards wins
            Answer.objects.update_or_create(
                attempt=attempt, item_id=item_id,
                defaults={"value": value[:MAX_ANSWER], "rev": 0, "saved_at": now},
            )  # fmt: skip
            stored[item_id] = Answer(item_id=item_id, saved_at=now, rev=rev)
            kept += 1
        audit.record(
            Action.ANSWERS_HANDED_OVER,
            attempt,
            actor=SYSTEM,
            edition=attempt.sitting.final.event.edition,
            changes={"kept": kept, "not_kept": len(answers) - kept},
        )
    return kept, len(answers) - kept


def submit(attempt: Attempt, *, auto: bool = False, now=None) -> Attempt:
    """Close the attempt and grade its objective answers at once. Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("sitting").get(pk=attempt.pk)
        if attempt.submitted_at:
            return attempt
        attempt.submitted_at = min(now, closes_at(attempt))
        attempt.auto_submitted = auto
        attempt.save(update_fields=["submitted_at", "auto_submitted"])
        grading.grade_objective_answers(attempt)
        audit.record(
            Action.ATTEMPT_SUBMITTED,
            attempt,
            actor=SYSTEM,
            edition=attempt.sitting.final.event.edition,
            changes={"auto_submitted": auto},
        )
    return attempt


def close_expired(sitting: Sitting, now=None) -> int:
    """Submit every attempt of the sitting whose time (and grace) is over: time-up on the
    server's clock, whether or not the browser is still there."""
    now = now or timezone.now()
    closed = 0
    for attempt in sitting.attempts.filter(submitted_at__isnull=True).select_related("sitting"):
        if now > closes_at(attempt):
            submit(attempt, auto=True, now=now)
            closed += 1
    return closed


def mark_seen(attempt: Attempt, now=None) -> None:
    """When the contestant's page last checked in (the invigilator's board shows it); one
    column of the contestant's own attempt, nothing to check or lock."""
    Attempt.objects.filter(pk=attempt.pk).update(last_seen_at=now or timezone.now())


def remaining_seconds(attempt: Attempt, now=None) -> int:
    now = now or timezone.now()
    return max(0, int((ends_at(attempt) - now).total_seconds()))


def total_points(paper: Paper) -> Decimal:
    return sum((i.points for i in paper.items.all()), Decimal(0))
