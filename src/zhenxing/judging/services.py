"""Finals scoring: every change of a scheme, a mark or a theory score goes through here.

Writers take the event's `Final` row lock first (select_for_update), so two people saving at
once are serialised and each save checks the revision the user saw: nobody's update is lost
silently, a stale save is refused with the value that is there now. Results are computed by
the rules core (marking, scoring, ranking) in `recompute` and stored; pages only read them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.editions.services import bump_public_version
from zhenxing.orgs import audit
from zhenxing.orgs.models import Membership, Role
from zhenxing.registration.models import Entry
from zhenxing.rules import draws, marking, ranking, scoring
from zhenxing.rules.marking import Scheme as RulesScheme

from .models import (
    LAYER_FIELDS,
    Appeal,
    Competitor,
    Correction,
    Draw,
    Final,
    Mark,
    Result,
    Scheme,
    TheoryScore,
)

JUDGEMENT_KINDS = ("scale_0_3", "points_trimmed")
MAX_DEDUCTIONS = 50
KIND_LABELS = {
    "all_or_nothing": "测量分：达到要求得满分，否则 0 分",
    "deduction": "测量分：扣分，扣完为止",
    "scale_0_3": "评价分：0–3 分制（至少 3 名裁判）",
    "points_trimmed": "评价分：5 名裁判去掉最高最低分",
}


class ScoringError(Exception):
    """A refusal a person can act on (Chinese message, or a list of them)."""

    def __init__(self, message: str | list[str]):
        self.messages = message if isinstance(message, list) else [message]
        self.message = "；".join(self.messages)
        super().__init__(self.message)


# ---------------------------------------------------------------- finals and schemes


def final_of(event) -> Final:
    final, _ = Final.objects.get_or_create(event=event)
    return final


def locked_final(final: Final) -> Final:
    """The final's row, locked until the transaction ends: every score write starts here."""
    return Final.objects.select_for_update().get(pk=final.pk)


def current_scheme(final: Final) -> Scheme | None:
    return final.schemes.order_by("-version").first()


def rules_scheme(scheme: Scheme) -> RulesScheme:
    return marking.scheme_from_dict(scheme.data)


def _bump(final: Final) -> None:
    """Record that scores changed; results follow in a background job (inline when configured)."""
    final.revision += 1
    final.save(update_fields=["revision"])
    if settings.ZHENXING_RESULTS_INLINE:
        recompute(final)
    else:
        transaction.on_commit(lambda: _enqueue_recompute(final.pk))


def _enqueue_recompute(final_id: int) -> None:
    from .tasks import recompute_final

    recompute_final.enqueue(final_id)


def save_scheme(final: Final, data, *, request) -> tuple[Scheme, bool]:
    """Store a scheme edit: in place while no mark uses the current version, else a new version.

    Returns (scheme, changed). Raises marking.SchemeError listing every problem by its path.
    """
    parsed = marking.scheme_from_dict(data)
    fingerprint = marking.version_fingerprint(parsed)
    with transaction.atomic():
        final = locked_final(final)
        if final.locked:
            raise ScoringError("成绩已锁定，不能再修改评分标准。")
        latest = current_scheme(final)
        if latest is not None and latest.fingerprint == fingerprint:
            return latest, False
        plain = marking.scheme_to_dict(parsed)
        if latest is not None and not latest.marks.exists():
            before = {"fingerprint": latest.fingerprint}
            latest.data, latest.fingerprint = plain, fingerprint
            latest.save(update_fields=["data", "fingerprint"])
            scheme, action = latest, "judging.scheme.changed"
        else:
            version = latest.version + 1 if latest else 1
            before = {"version": latest.version} if latest else {}
            scheme = Scheme.objects.create(
                final=final,
                version=version,
                data=plain,
                fingerprint=fingerprint,
                created_by=request.user,
            )
            action = "judging.scheme.created"
        after = {"version": scheme.version, "fingerprint": fingerprint}
        audit.record(
            action,
            scheme,
            request=request,
            edition=final.event.edition,
            changes=audit.diff(before, after),
        )
        _bump(final)
    return scheme, True


# ---------------------------------------------------------------- panels


def panel(final: Final) -> list[Membership]:
    return list(
        Membership.objects.filter(
            event=final.event,
            role__in=[Role.JUDGE, Role.CHIEF_JUDGE, Role.CLERK, Role.ENCRYPTION_OFFICER],
        )
        .select_related("user", "organization")
        .order_by("role", "user__username")
    )


def judges(final: Final) -> list:
    """The users who judge the event (judges and the chief judge), by user name."""
    users = {m.user for m in panel(final) if m.role in (Role.JUDGE, Role.CHIEF_JUDGE)}
    return sorted(users, key=lambda user: user.username)


def roles_in_event(user, final: Final) -> set[str]:
    return set(
        Membership.objects.filter(user=user, event=final.event).values_list("role", flat=True)
    )


# ---------------------------------------------------------------- contest numbers


def draw_numbers(final: Final, *, request) -> Draw:
    """Give every approved entry a contest number by a recorded, replayable draw of lots."""
    with transaction.atomic():
        final = locked_final(final)
        if Mark.objects.filter(competitor__final=final).exists():
            raise ScoringError("已有评分，不能重新抽取参赛号。")
        entries = list(
            Entry.objects.filter(event=final.event, status=Entry.Status.APPROVED).values_list(
                "pk", flat=True
            )
        )
        if not entries:
            raise ScoringError("本项目还没有审核通过的报名，无法抽签。")
        items = [str(pk) for pk in entries]
        seed = draws.new_seed()
        numbers = draws.draw(items, seed)
        final.competitors.all().delete()
        final.draws.all().delete()
        Competitor.objects.bulk_create(
            Competitor(final=final, entry_id=int(item), number=number)
            for item, number in numbers.items()
        )
        from .integrity import conflicts, refuse_conflicts

        refuse_conflicts(conflicts(final))  # rolls the draw back
        record = Draw.objects.create(
            final=final, layer=Draw.Layer.NUMBER, seed=seed, items=items, drawn_by=request.user
        )
        audit.record(
            "judging.numbers.drawn",
            record,
            request=request,
            edition=final.event.edition,
            changes={"finalists": [None, len(items)], "seed": [None, seed]},
        )
        _bump(final)
    return record


# ---------------------------------------------------------------- marks


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
        values = [_decimal(part) for part in parts]
        if any(value < 0 for value in values):
            raise ScoringError("扣分不能为负数")
        if any(value > aspect.max for value in values):
            raise ScoringError(f"单项扣分不能超过本项满分 {marking.show(aspect.max)}")
        return [_canonical(value) for value in values]
    if not text:
        raise ScoringError("请填写分数")
    value = _decimal(text)
    if kind == "scale_0_3":
        if value not in (0, 1, 2, 3):
            raise ScoringError("0–3 分制只能评 0、1、2、3")
        return int(value)
    if value < 0 or value > aspect.max:
        raise ScoringError(f"分数应在 0 到 {marking.show(aspect.max)} 之间")
    return _canonical(value)


def _canonical(value: Decimal) -> str:
    """One spelling per number, so "1.0" keyed twice as "1" is the same entry."""
    return format(value.normalize(), "f")


def _decimal(text: str) -> Decimal:
    value = marking.plain_decimal(text)
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


def shown(value) -> str:
    if isinstance(value, bool):
        return "达到" if value else "未达到"
    if isinstance(value, list):
        return "、".join(value) if value else "无扣分"
    return "" if value is None else str(value)


def slot_for(aspect: marking.Aspect, judge) -> str:
    return str(judge.pk) if aspect.kind in JUDGEMENT_KINDS else ""


@dataclass
class Outcome:
    aspect_key: str
    state: str  # saved, unchanged, awaiting, confirmed, mismatch, conflict, error, refused
    message: str


def save_sheet(
    final: Final, competitor: Competitor, judge, values: dict, revisions: dict, *, request, paper
) -> list[Outcome]:
    """Save one judge's sheet for one competitor; `revisions` are those the user's form showed.

    Direct entries (a judge on a tablet) are confirmed at once. Paper entries (a clerk) wait for
    a second entry by another person: equal values confirm, different ones are a mismatch.
    """
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
                scheme, competitor, aspect, judge, values[aspect.key], revisions, request, paper
            )
            changed |= outcome.state in ("saved", "awaiting", "confirmed", "mismatch")
            outcomes.append(outcome)
        if changed:
            _bump(final)
    return outcomes


def _check_scorable(final: Final, competitor: Competitor, judge) -> None:
    from .integrity import check_at_entry

    competitor.final = final
    if not getattr(competitor, LAYER_FIELDS[final.judged_by]):
        raise ScoringError(f"该选手还没有{final.get_judged_by_display()}，不能评分。")
    check_at_entry(final, competitor, judge)


def _save_one(scheme, competitor, aspect, judge, text, revisions, request, paper) -> Outcome:
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
        return _create(scheme, competitor, aspect, judge, slot, value, request, paper)
    if paper and mark.status != Mark.Status.CONFIRMED and mark.entered_by_id != request.user.pk:
        return _second_entry(mark, value, request)
    if str(mark.revision) != str(seen):
        return Outcome(
            aspect.key,
            "conflict",
            f"他人已在您之后保存了此项（现为 {shown(mark.value)}），请核对后重新填写",
        )
    if mark.value == value and mark.scheme_id == scheme.pk:
        return Outcome(aspect.key, "unchanged", "未修改")
    return _change(mark, scheme, value, request, paper)


def _create(scheme, competitor, aspect, judge, slot, value, request, paper) -> Outcome:
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
        entered_by=request.user,
    )
    _audit_mark("judging.mark.created", mark, {"value": [None, value]}, request)
    if paper:
        return Outcome(aspect.key, "awaiting", "已录入，待另一人二次录入确认")
    return Outcome(aspect.key, "saved", "已保存")


def _change(mark: Mark, scheme, value, request, paper) -> Outcome:
    before = mark.value
    mark.value, mark.scheme = value, scheme
    mark.revision += 1
    mark.entered_by, mark.entered_at = request.user, timezone.now()
    mark.source = Mark.Source.PAPER if paper else Mark.Source.DIRECT
    mark.status = Mark.Status.AWAITING_SECOND if paper else Mark.Status.CONFIRMED
    mark.second_value, mark.second_by = None, None
    mark.save()
    _audit_mark("judging.mark.changed", mark, {"value": [before, value]}, request)
    if paper:
        return Outcome(mark.aspect_key, "awaiting", "已修改，待另一人二次录入确认")
    return Outcome(mark.aspect_key, "saved", "已修改")


def _second_entry(mark: Mark, value, request) -> Outcome:
    if mark.status == Mark.Status.MISMATCH:
        return Outcome(mark.aspect_key, "refused", "两次录入不一致，须由裁判长核对纸质评分表后裁定")
    mark.second_value, mark.second_by = value, request.user
    mark.revision += 1
    if _same_marks(value, mark.value):
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
    _audit_mark("judging.mark.second_entry", mark, {"second_value": [None, value]}, request)
    return outcome


def _same_marks(first, second) -> bool:
    """Two entries of one paper sheet agree: a list of deductions in any order counts the same."""
    if isinstance(first, list) and isinstance(second, list):
        return sorted(map(Decimal, first)) == sorted(map(Decimal, second))
    return first == second


def refuse_self_confirmation(mark: Mark, user) -> None:
    if mark.entered_by_id == user.pk:
        raise PermissionDenied("二次录入须由另一人完成，第一次录入人不能确认自己的录入")


def confirm(mark: Mark, text: str, *, request) -> Outcome:
    """A second entry of one paper mark, from the list of marks awaiting confirmation."""
    refuse_self_confirmation(mark, request.user)
    aspect = _aspect(mark)
    with transaction.atomic():
        final = locked_final(mark.competitor.final)
        if final.locked:
            raise ScoringError("成绩已锁定。")
        mark = Mark.objects.select_for_update().get(pk=mark.pk)
        refuse_self_confirmation(mark, request.user)
        if mark.status != Mark.Status.AWAITING_SECOND:
            raise ScoringError("该分数不在待二次录入状态（可能他人刚刚确认），请刷新")
        outcome = _second_entry(mark, parse_value(aspect.kind, text, aspect), request)
        _bump(final)
    return outcome


def resolve_mismatch(mark: Mark, text: str, *, request) -> None:
    """The chief judge keys the value on the paper sheet; the mark is confirmed with it."""
    aspect = _aspect(mark)
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
        _audit_mark("judging.mark.resolved", mark, {"value": [before, value]}, request)
        _bump(final)


def _aspect(mark: Mark) -> marking.Aspect:
    scheme = rules_scheme(mark.scheme)
    return next(a for a in scheme.aspects if a.key == mark.aspect_key)


def _audit_mark(action: str, mark: Mark, changes: dict, request) -> None:
    final = mark.competitor.final
    changes = {**changes, "judge_slot": [None, mark.slot or "测量"]}
    audit.record(action, mark, request=request, edition=final.event.edition, changes=changes)


def set_absent(competitor: Competitor, absent: bool, *, request) -> None:
    with transaction.atomic():
        final = locked_final(competitor.final)
        if final.locked:
            raise ScoringError("成绩已锁定。")
        if absent and competitor.marks.exists():
            raise ScoringError(f"{competitor} 已有评分，不能登记缺考。")
        competitor.absent = absent
        competitor.save(update_fields=["absent"])
        audit.record(
            "judging.competitor.absent",
            competitor,
            request=request,
            edition=final.event.edition,
            changes={"absent": [not absent, absent]},
        )
        _bump(final)


# ---------------------------------------------------------------- lock and corrections


def lock(final: Final, *, request) -> None:
    """The chief judge locks the event once nothing is flagged or unresolved."""
    with transaction.atomic():
        final = locked_final(final)
        if final.locked:
            raise ScoringError("成绩已经锁定。")
        recompute(final)
        final.refresh_from_db()
        if final.problems:
            raise ScoringError(f"还有 {len(final.problems)} 个问题未处理，不能锁定：请先处理。")
        final.locked_at, final.locked_by = timezone.now(), request.user
        final.save(update_fields=["locked_at", "locked_by"])
        audit.record("judging.final.locked", final, request=request, edition=final.event.edition)


def check_length(text: str, label: str, limit: int) -> None:
    """Free text a page shows: refused past `limit` characters, with a message that says so."""
    if len(text.strip()) > limit:
        raise ScoringError(f"{label}最多 {limit} 个字，现有 {len(text.strip())} 个，请精简。")


def propose_correction(
    mark: Mark, text: str, reason: str, *, request, appeal: Appeal | None = None
) -> Correction:
    """A change to a locked mark, awaiting a supervisor; `appeal`: the upheld appeal it carries
    out (the results stay provisional until it is confirmed or refused)."""
    if not reason.strip():
        raise ScoringError("锁定后更正分数必须填写理由。")
    check_length(reason, "更正理由", 500)
    aspect = _aspect(mark)
    value = parse_value(aspect.kind, text, aspect)
    with transaction.atomic():
        final = locked_final(mark.competitor.final)
        if not final.locked:
            raise ScoringError("成绩尚未锁定，可直接修改。")
        mark = Mark.objects.select_for_update().get(pk=mark.pk)
        if mark.corrections.filter(status=Correction.Status.PENDING).exists():
            raise ScoringError(
                "该分数已有一项更正待监督确认：请先确认或驳回那一项，再提出新的更正。"
            )
        if _same_marks(value, mark.value):
            raise ScoringError("更正后的分数与原分数相同。")
        if appeal is not None and (
            appeal.final_id != final.pk or appeal.decision != Appeal.Decision.UPHELD
        ):
            raise ScoringError("只能依据本项目已裁决成立的申诉提出更正。")
        correction = Correction.objects.create(
            mark=mark,
            old_value=mark.value,
            new_value=value,
            reason=reason.strip(),
            appeal=appeal,
            proposed_by=request.user,
        )
        audit.record(
            "judging.correction.proposed",
            correction,
            request=request,
            edition=final.event.edition,
            changes={"value": [mark.value, value]},
            reason=correction.reason,
        )
    return correction


def witness(correction: Correction, approve: bool, *, request) -> None:
    """A supervisor confirms (the change is applied) or refuses a proposed correction."""
    if correction.proposed_by_id == request.user.pk:
        raise PermissionDenied("提出更正的人不能自己确认")
    with transaction.atomic():
        final = locked_final(correction.mark.competitor.final)
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        if correction.status != Correction.Status.PENDING:
            raise ScoringError("该更正已处理。")
        correction.status = Correction.Status.APPLIED if approve else Correction.Status.REJECTED
        correction.witnessed_by, correction.witnessed_at = request.user, timezone.now()
        correction.save()
        if approve:
            mark = Mark.objects.select_for_update().get(pk=correction.mark_id)
            if mark.original_value is None:
                mark.original_value = mark.value
            mark.value = correction.new_value
            mark.revision += 1
            mark.save()
            _bump(final)
        audit.record(
            "judging.correction.applied" if approve else "judging.correction.rejected",
            correction,
            request=request,
            edition=final.event.edition,
            changes={"value": [correction.old_value, correction.new_value]},
            reason=correction.reason,
        )


# ---------------------------------------------------------------- theory scores


def parse_theory(text, full: Decimal | None, label: str) -> Decimal | None:
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    if full is None:
        raise ScoringError(f"本项目理论试卷没有单独的{label}部分，请留空")
    try:
        value = _decimal(text)
    except ScoringError as exc:
        raise ScoringError(f"{label}：{exc.message}") from None
    problem = scoring.score_problem(value, full)
    if problem:
        raise ScoringError(f"{label}：{problem}")
    if value != value.quantize(Decimal("0.01")):
        raise ScoringError(f"{label}：最多保留两位小数")
    return value


def save_theory(final: Final, rows: dict[str, tuple], *, request) -> int:
    """rows: contest number → (current affairs text, knowledge text). All or nothing."""
    competitors = {c.number: c for c in final.competitors.all()}
    parsed, errors = {}, []
    for number, (ca, knowledge) in rows.items():
        competitor = competitors.get(str(number).strip())
        try:
            if competitor is None:
                raise ScoringError(f"没有参赛号 {number}")
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
            changed += _save_theory_one(final, competitor, ca, knowledge, request)
        if changed:
            _bump(final)
    return changed


def _save_theory_one(final, competitor, ca, knowledge, request) -> int:
    score = TheoryScore.objects.filter(competitor=competitor).first()
    before = (score.current_affairs, score.knowledge) if score else (None, None)
    if before == (ca, knowledge):
        return 0
    if final.locked:
        raise ScoringError("成绩已锁定，理论成绩不能再录入或修改。")
    TheoryScore.objects.update_or_create(
        competitor=competitor,
        defaults={"current_affairs": ca, "knowledge": knowledge, "entered_by": request.user},
    )
    audit.record(
        "judging.theory.saved",
        competitor,
        request=request,
        edition=final.event.edition,
        changes={
            "current_affairs": [str(before[0]), str(ca)],
            "knowledge": [str(before[1]), str(knowledge)],
        },
    )
    return 1


# ---------------------------------------------------------------- results


def recompute(final: Final) -> None:
    """Compute every competitor's practical mark, total and rank and store them with problems."""
    revision = final.revision
    scheme = current_scheme(final)
    competitors = list(final.competitors.select_related("theory").order_by("number"))
    rulebook = final.event.edition.rulebook()
    problems: list[dict] = []
    practicals = _practicals(final, scheme, competitors, rulebook, problems) if scheme else {}
    full = {
        "current_affairs": final.full_current_affairs,
        "knowledge": final.full_knowledge,
        "practical": rules_scheme(scheme).full_mark if scheme else None,
    }
    _theory_problems(competitors, full, rulebook, problems)
    totals = [_total(c, practicals.get(c.pk), full, rulebook) for c in competitors]
    placings = {p.index: p for p in ranking.rank_totals(totals, rulebook.scoring)}
    rows = []
    for index, competitor in enumerate(competitors):
        practical, total = practicals.get(competitor.pk), totals[index]
        placing = placings.get(index)
        reasons = [r.as_dict() for r in (placing.reasons if placing else [])]
        rows.append(
            Result(
                competitor=competitor,
                practical=_fraction_text(practical),
                practical_shown=scoring.publish(practical, 2) if practical is not None else None,
                total_exact=_fraction_text(total.exact if total else None),
                published_total=total.published if total else None,
                rank=placing.rank if placing else None,
                reasons=reasons,
            )
        )
    with transaction.atomic():
        Result.objects.filter(competitor__final=final).delete()
        Result.objects.bulk_create(rows, batch_size=500)
        Final.objects.filter(pk=final.pk).update(
            results_revision=revision, results_computed_at=timezone.now(), problems=problems
        )
    if final.published_at:
        bump_public_version()


def _fraction_text(value: Fraction | None) -> str:
    return "" if value is None else f"{value.numerator}/{value.denominator}"


def _theory_scores(competitor) -> dict:
    theory = getattr(competitor, "theory", None)
    return {
        "current_affairs": theory.current_affairs if theory else None,
        "knowledge": theory.knowledge if theory else None,
    }


def _theory_problems(competitors, full, rulebook, problems) -> None:
    """A present competitor without a theory score that counts: the total cannot be made, so
    the lock waits for it (after the lock theory scores can no longer be entered)."""
    for competitor in competitors:
        if competitor.absent:
            continue
        missing = scoring.missing_parts(_theory_scores(competitor), full, rulebook.scoring)
        missing = [part for part in missing if part != "practical"]  # its own problems say that
        if missing:
            parts = "、".join(scoring.PART_LABELS[part] for part in missing)
            problems.append(_problem(competitor, "THEORY_MISSING", f"理论成绩未录入：{parts}"))


def _total(competitor, practical, full, rulebook):
    if competitor.absent or practical is None:
        return None
    scores = _theory_scores(competitor) | {"practical": practical}
    try:
        return scoring.compute_total(scores, full, rulebook.scoring)
    except ValueError:
        return None


UNUSABLE = {
    "AWAITING": "待二次录入",
    "MISMATCH": "两次录入不一致",
    "STALE": "按旧版评分标准评的分，须按新版重评",
}


def _practicals(final, scheme, competitors, rulebook, problems) -> dict[int, Fraction]:
    """Each scored competitor's practical mark; what keeps a mark from counting goes to problems."""
    parsed = rules_scheme(scheme)
    kinds = {aspect.key: aspect.kind for aspect in parsed.aspects}
    stale = _stale_versions(final, scheme, parsed)
    usable = defaultdict(lambda: defaultdict(list))  # competitor → aspect → marks
    unusable = defaultdict(lambda: defaultdict(set))  # competitor → problem code → aspects
    for competitor_id, key, value, status, scheme_id in Mark.objects.filter(
        competitor__final=final
    ).values_list("competitor_id", "aspect_key", "value", "status", "scheme_id"):
        if status != Mark.Status.CONFIRMED:
            unusable[competitor_id][status.upper()].add(key)
        elif key in stale.get(scheme_id, ()) or key not in kinds:
            unusable[competitor_id]["STALE"].add(key)
        else:
            usable[competitor_id][key].append(to_rules(kinds[key], value))
    practicals = {}
    for competitor in competitors:
        if competitor.absent:
            continue
        if competitor.pk not in usable and competitor.pk not in unusable:
            message = "尚未评分（未到场的请裁判长登记缺考）"
            problems.append(_problem(competitor, "NOT_SCORED", message))
            continue
        for code, keys in unusable.get(competitor.pk, {}).items():
            message = f"{UNUSABLE[code]}：{'、'.join(sorted(keys))}"
            problems.append(_problem(competitor, code, message))
        given = usable.get(competitor.pk, {})
        result = _practical(parsed, competitor, given, rulebook, problems)
        if result is not None:
            practicals[competitor.pk] = result
    return practicals


def _practical(parsed, competitor, given, rulebook, problems):
    """Judgement aspects take every judge's mark; a measurement aspect has one."""
    values = {
        aspect.key: given[aspect.key] if aspect.kind in JUDGEMENT_KINDS else given[aspect.key][0]
        for aspect in parsed.aspects
        if aspect.key in given
    }
    errors = marking.check_marks(parsed, values)
    if errors:
        message = "；".join(e.message for e in errors[:3])
        problems.append(_problem(competitor, "INCOMPLETE", message))
        return None
    result = marking.scheme_total(parsed, values, rulebook.scoring)
    for flag in result.flags:
        problems.append(_problem(competitor, flag.code, flag.message))
    return result.total


def _problem(competitor: Competitor, code: str, message: str) -> dict:
    return {"number": competitor.code, "code": code, "message": f"{competitor}：{message}"}


def _stale_versions(final, current: Scheme, parsed: RulesScheme) -> dict[int, set[str]]:
    """scheme id → aspect keys whose definition changed since that version."""
    now = {a.key: a for a in parsed.aspects}
    stale = {}
    for old in final.schemes.exclude(pk=current.pk):
        aspects = rules_scheme(old).aspects
        stale[old.pk] = {a.key for a in aspects if now.get(a.key) != a}
    return stale


def publish(final: Final, *, request) -> None:
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("裁判长锁定成绩后才能发布。")
        if final.published_at:
            raise ScoringError("成绩已发布。")
        from .integrity import publication_blockers

        blockers = publication_blockers(final)
        if blockers:
            raise ScoringError([f"还不能发布：{blocker}" for blocker in blockers])
        if not final.results_current:
            recompute(final)
        final.published_at, final.published_by = timezone.now(), request.user
        final.save(update_fields=["published_at", "published_by"])
        audit.record(
            "judging.results.published", final, request=request, edition=final.event.edition
        )
    bump_public_version()
