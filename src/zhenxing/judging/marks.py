"""Marks: one judge's mark per aspect and competitor, entered on a tablet (confirmed at once) or
keyed from a paper sheet by a clerk (confirmed by a second, independent entry); absences.

Writers take the event's `Final` row lock first, so two people saving at once are serialised and
each save checks the revision the user saw: nobody's update is lost silently, a stale save is
refused with the value that is there now.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import marking
from zhenxing.rules.numbers import decimal_text, plain_decimal

from .actions import JudgingAction as Action
from .layers import Layer
from .locking import ScoringError, bump, locked_final
from .models import Competitor, Final, Mark
from .panel import check_at_entry
from .schemes import aspect_of, current_scheme, rules_scheme

MAX_DEDUCTIONS = 50


def _require(actor: Actor, final: Final, code: str) -> None:
    access.require(actor, final.event.edition, code, event=final.event)


def parse_value(kind: str, text: str, aspect: marking.Aspect):
    """A form's text as the JSON value stored for one judge's mark; raises ScoringError."""
    text = (text or "").strip()
    if kind == "all_or_nothing":
        if text not in ("1", "0"):
            raise ScoringError("请选择“达到”或“未达到”")
        return text == "1"
    if kind == "deduction":
        parts = [p for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
        if not parts:
            raise ScoringError("请填写各项扣分；没有扣分请填 0")
        if len(parts) > MAX_DEDUCTIONS:
            raise ScoringError(f"扣分最多 {MAX_DEDUCTIONS} 项，请合并后填写")
        values = [parse_number(part) for part in parts]
        if any(value < 0 for value in values):
            raise ScoringError("扣分不能为负数")
        if any(value > aspect.max for value in values):
            raise ScoringError(f"单项扣分不能超过本项满分 {marking.show(aspect.max)}")
        return [decimal_text(value) for value in values]
    if not text:
        raise ScoringError("请填写分数")
    value = parse_number(text)
    if kind == "scale_0_3":
        if value not in (0, 1, 2, 3):
            raise ScoringError("0–3 分制只能评 0、1、2、3")
        return int(value)
    if value < 0 or value > aspect.max:
        raise ScoringError(f"分数应在 0 到 {marking.show(aspect.max)} 之间")
    return decimal_text(value)


def parse_number(text: str) -> Decimal:
    value = plain_decimal(text)
    if value is None:
        raise ScoringError(
            f"“{text.strip()[:20]}”不是普通数字：请写成 8、7.5 这样的数（最多 4 位小数）"
        )
    return value


def to_rules(kind: str, value):
    """A stored value as rules.marking reads it (Decimals, never floats)."""
    if kind == "deduction":
        return [Decimal(item) for item in value]
    if kind == "points_trimmed":
        return Decimal(value)
    return value


def values_reader(kind: str):
    """How the stored values of one aspect's marks (in slot order) become what rules.marking
    reads, as `to_rules` reads each: every judge's mark of a judgement aspect, the one mark of a
    measurement aspect. None when they are read as stored (the ints of a 0–3 scale)."""
    if kind == "scale_0_3":
        return None
    if kind == "points_trimmed":
        return lambda values: list(map(Decimal, values))
    return lambda values: to_rules(kind, values[0])


def shown(value) -> str:
    if isinstance(value, bool):
        return "达到" if value else "未达到"
    if isinstance(value, list):
        return "、".join(value) if value else "无扣分"
    return "" if value is None else str(value)


def slot_for(aspect: marking.Aspect, judge) -> str:
    return str(judge.pk) if aspect.kind in marking.JUDGEMENT_KINDS else ""


@dataclass
class Outcome:
    aspect_key: str
    state: str  # saved, unchanged, awaiting, confirmed, mismatch, conflict, error, refused
    message: str


def save_sheet(
    final: Final, competitor: Competitor, judge, values: dict, revisions: dict, *, actor, paper
) -> list[Outcome]:
    """Save one judge's sheet for one competitor; `revisions` are those the user's form showed.

    Direct entries (a judge on a tablet) are confirmed at once. Paper entries (a clerk) wait for
    a second entry by another person: equal values confirm, different ones are a mismatch.
    """
    _require(actor, final, perms.SCORE_PAPER if paper else perms.SCORE_JUDGE)
    outcomes = []
    with transaction.atomic():
        final = locked_final(final)
        if final.locked:
            raise ScoringError("成绩已锁定：更正须由裁判长提出并经监督确认。")
        if competitor.absent:
            raise ScoringError(f"{competitor} 已登记缺考，不能评分。")
        _check_scorable(final, competitor, judge)
        scheme = current_scheme(final)
        parsed = rules_scheme(scheme)
        changed = False
        for aspect in parsed.aspects:
            if aspect.key not in values or not (values[aspect.key] or "").strip():
                continue  # left blank: not scored yet
            outcome = _save_one(
                scheme, competitor, aspect, judge, values[aspect.key], revisions, actor, paper
            )
            changed |= outcome.state in ("saved", "awaiting", "confirmed", "mismatch")
            outcomes.append(outcome)
        if changed:
            bump(final)
    return outcomes


def _check_scorable(final: Final, competitor: Competitor, judge) -> None:
    competitor.final = final
    if not getattr(competitor, Layer(final.judged_by).field):
        raise ScoringError(f"该选手还没有{final.get_judged_by_display()}，不能评分。")
    check_at_entry(final, competitor, judge)


def _save_one(scheme, competitor, aspect, judge, text, revisions, actor, paper) -> Outcome:
    try:
        value = parse_value(aspect.kind, text, aspect)
    except ScoringError as exc:
        return Outcome(aspect.key, "error", exc.message)
    slot = slot_for(aspect, judge)
    mark = Mark.objects.filter(competitor=competitor, aspect_key=aspect.key, slot=slot).first()
    seen = revisions.get(aspect.key)
    if mark is None:
        if seen not in (None, "", "0"):
            return Outcome(aspect.key, "conflict", "该分数已被删除或尚未保存，请刷新后重试")
        return _create(scheme, competitor, aspect, judge, slot, value, actor, paper)
    if paper and mark.status != Mark.Status.CONFIRMED and mark.entered_by_id != actor.user.pk:
        return _second_entry(mark, value, actor)
    if str(mark.revision) != str(seen):
        return Outcome(
            aspect.key,
            "conflict",
            f"他人已在您之后保存了此项（现为 {shown(mark.value)}），请核对后重新填写",
        )
    if mark.value == value and mark.scheme_id == scheme.pk:
        return Outcome(aspect.key, "unchanged", "未修改")
    return _change(mark, scheme, value, actor, paper)


def _create(scheme, competitor, aspect, judge, slot, value, actor, paper) -> Outcome:
    status = Mark.Status.AWAITING_SECOND if paper else Mark.Status.CONFIRMED
    mark = Mark.objects.create(
        competitor=competitor,
        aspect_key=aspect.key,
        slot=slot,
        judge=judge if slot else None,
        scheme=scheme,
        value=value,
        source=Mark.Source.PAPER if paper else Mark.Source.DIRECT,
        status=status,
        entered_by=actor.user,
    )
    _audit_mark(Action.MARK_CREATED, mark, {"value": [None, value]}, actor)
    if paper:
        return Outcome(aspect.key, "awaiting", "已录入，待另一人二次录入确认")
    return Outcome(aspect.key, "saved", "已保存")


def _change(mark: Mark, scheme, value, actor, paper) -> Outcome:
    before = mark.value
    mark.value, mark.scheme = value, scheme
    mark.revision += 1
    mark.entered_by, mark.entered_at = actor.user, timezone.now()
    mark.source = Mark.Source.PAPER if paper else Mark.Source.DIRECT
    mark.status = Mark.Status.AWAITING_SECOND if paper else Mark.Status.CONFIRMED
    mark.second_value, mark.second_by = None, None
    mark.save()
    _audit_mark(Action.MARK_CHANGED, mark, {"value": [before, value]}, actor)
    if paper:
        return Outcome(mark.aspect_key, "awaiting", "已修改，待另一人二次录入确认")
    return Outcome(mark.aspect_key, "saved", "已修改")


def _second_entry(mark: Mark, value, actor) -> Outcome:
    if mark.status == Mark.Status.MISMATCH:
        return Outcome(mark.aspect_key, "refused", "两次录入不一致，须由裁判长核对纸质评分表后裁定")
    mark.second_value, mark.second_by = value, actor.user
    mark.revision += 1
    if same_marks(value, mark.value):
        mark.status = Mark.Status.CONFIRMED
        outcome = Outcome(mark.aspect_key, "confirmed", "二次录入一致，已确认")
    else:
        mark.status = Mark.Status.MISMATCH
        outcome = Outcome(
            mark.aspect_key,
            "mismatch",
            f"与第一次录入（{shown(mark.value)}）不一致，已提交裁判长核对",
        )
    mark.save()
    _audit_mark(Action.MARK_SECOND_ENTRY, mark, {"second_value": [None, value]}, actor)
    return outcome


def same_marks(first, second) -> bool:
    """Two entries of one paper sheet agree: a list of deductions in any order counts the same."""
    if isinstance(first, list) and isinstance(second, list):
        return sorted(map(Decimal, first)) == sorted(map(Decimal, second))
    return first == second


def refuse_self_confirmation(mark: Mark, user) -> None:
    if mark.entered_by_id == user.pk:
        raise PermissionDenied("二次录入须由另一人完成，第一次录入人不能确认自己的录入")


def confirm(mark: Mark, text: str, *, actor: Actor) -> Outcome:
    """A second entry of one paper mark, from the list of marks awaiting confirmation."""
    _require(actor, mark.competitor.final, perms.SCORE_ENTER)
    refuse_self_confirmation(mark, actor.user)
    aspect = aspect_of(mark.scheme, mark.aspect_key)
    with transaction.atomic():
        final = locked_final(mark.competitor.final)
        if final.locked:
            raise ScoringError("成绩已锁定。")
        mark = Mark.objects.select_for_update().get(pk=mark.pk)
        refuse_self_confirmation(mark, actor.user)
        if mark.status != Mark.Status.AWAITING_SECOND:
            raise ScoringError("该分数不在待二次录入状态（可能他人刚刚确认），请刷新")
        outcome = _second_entry(mark, parse_value(aspect.kind, text, aspect), actor)
        bump(final)
    return outcome


def resolve_mismatch(mark: Mark, text: str, *, actor: Actor) -> None:
    """The chief judge keys the value on the paper sheet; the mark is confirmed with it."""
    _require(actor, mark.competitor.final, perms.SCORE_LOCK)
    aspect = aspect_of(mark.scheme, mark.aspect_key)
    value = parse_value(aspect.kind, text, aspect)
    with transaction.atomic():
        final = locked_final(mark.competitor.final)
        mark = Mark.objects.select_for_update().get(pk=mark.pk)
        if mark.status != Mark.Status.MISMATCH:
            raise ScoringError("该分数没有待裁定的不一致。")
        before = [mark.value, mark.second_value]
        mark.value, mark.status = value, Mark.Status.CONFIRMED
        mark.revision += 1
        mark.save()
        _audit_mark(Action.MARK_RESOLVED, mark, {"value": [before, value]}, actor)
        bump(final)


def _audit_mark(action: str, mark: Mark, changes: dict, actor: Actor) -> None:
    final = mark.competitor.final
    changes = {**changes, "judge_slot": [None, mark.slot or "测量"]}
    audit.record(action, mark, actor=actor, edition=final.event.edition, changes=changes)


def set_absent(competitor: Competitor, absent: bool, *, actor: Actor) -> None:
    _require(actor, competitor.final, perms.SCORE_LOCK)
    with transaction.atomic():
        final = locked_final(competitor.final)
        if final.locked:
            raise ScoringError("成绩已锁定。")
        if absent and competitor.marks.exists():
            raise ScoringError(f"{competitor} 已有评分，不能登记缺考。")
        competitor.absent = absent
        competitor.save(update_fields=["absent"])
        audit.record(
            Action.ABSENT,
            competitor,
            actor=actor,
            edition=final.event.edition,
            changes={"absent": [not absent, absent]},
        )
        bump(final)
