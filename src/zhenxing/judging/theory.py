"""Theory scores (时事政治 and 业务知识): typed on the page or uploaded as xlsx, all or nothing."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import draws, scoring

from .actions import JudgingAction as Action
from .locking import ScoringError, bump, locked_final
from .marks import parse_number
from .models import Final, TheoryScore


def parse_theory(text, full: Decimal | None, label: str) -> Decimal | None:
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    if full is None:
        raise ScoringError(f"本项目理论试卷没有单独的{label}部分，请留空")
    try:
        value = parse_number(text)
    except ScoringError as exc:
        raise ScoringError(f"{label}：{exc.message}") from None
    problem = scoring.score_problem(value, full)
    if problem:
        raise ScoringError(f"{label}：{problem}")
    if value != value.quantize(Decimal("0.01")):
        raise ScoringError(f"{label}：最多保留两位小数")
    return value


def save_theory(final: Final, rows: dict[str, tuple], *, actor: Actor) -> int:
    """rows: contest number → (current affairs text, knowledge text). All or nothing."""
    access.require(actor, final.event.edition, perms.THEORY_ENTER, event=final.event)
    # a sheet's "007" is often 7 once Excel has read it as a number: matched as the page does
    competitors = {draws.label_key(c.number): c for c in final.competitors.all()}
    parsed, errors = {}, []
    for number, (ca, knowledge) in rows.items():
        competitor = competitors.get(draws.label_key(str(number)))
        try:
            if competitor is None:
                raise ScoringError(f"没有参赛号 {number}")
            if competitor in parsed:
                raise ScoringError(f"与参赛号 {competitor.number} 重复，每名选手只能有一行")
            parsed[competitor] = (
                parse_theory(ca, final.full_current_affairs, "时事政治"),
                parse_theory(knowledge, final.full_knowledge, "业务知识"),
            )
        except ScoringError as exc:
            errors.append(f"参赛号 {str(number)[:10]}：{exc.message}")
    if errors:
        raise ScoringError(errors)
    changed = 0
    with transaction.atomic():
        final = locked_final(final)
        for competitor, (ca, knowledge) in parsed.items():
            changed += _save_theory_one(final, competitor, ca, knowledge, actor)
        if changed:
            bump(final)
    return changed


def _save_theory_one(final, competitor, ca, knowledge, actor: Actor) -> int:
    score = TheoryScore.objects.filter(competitor=competitor).first()
    before = (score.current_affairs, score.knowledge) if score else (None, None)
    if before == (ca, knowledge):
        return 0
    if final.locked:
        raise ScoringError("成绩已锁定，理论成绩不能再录入或修改。")
    TheoryScore.objects.update_or_create(
        competitor=competitor,
        defaults={"current_affairs": ca, "knowledge": knowledge, "entered_by": actor.user},
    )
    audit.record(
        Action.THEORY_SAVED,
        competitor,
        actor=actor,
        edition=final.event.edition,
        changes={
            "current_affairs": [str(before[0]), str(ca)],
            "knowledge": [str(before[1]), str(knowledge)],
        },
    )
    return 1


def record_exam_scores(final: Final, scores: dict, part: str, *, actor: Actor) -> int:
    """Theory scores an exam graded: scores maps a Competitor of `final` to a Decimal already
    checked against the part's full marks; `part` is "current_affairs" or "knowledge" and the
    other part is kept. The caller (the exam app) has checked its own permission code; the
    write goes through the same path as typed scores (locked final, audit, recompute)."""
    changed = 0
    with transaction.atomic():
        final = locked_final(final)
        stored = {s.competitor_id: s for s in TheoryScore.objects.filter(competitor__final=final)}
        for competitor, value in scores.items():
            score = stored.get(competitor.pk)
            ca = score.current_affairs if score else None
            knowledge = score.knowledge if score else None
            if part == "current_affairs":
                ca = value
            else:
                knowledge = value
            changed += _save_theory_one(final, competitor, ca, knowledge, actor)
        if changed:
            bump(final)
    return changed
