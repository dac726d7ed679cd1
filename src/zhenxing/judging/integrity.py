"""Finals integrity (rules.md §4.3): layered draws, conflicts of interest, decryption, re-check,
publication period and appeals. Decisions come from rules/draws, recheck and publication.

Layers: the draw of lots gives contest numbers; check-in (检录) draws stations; work judged after
the contest gets review numbers. Judges see only the layer the event judges by
(`Final.judged_by`). After the chief judge's lock the layers are decrypted in reverse order
(review → station → number → names), each step asked for by the encryption officer and
confirmed by a supervisor.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.editions.services import bump_public_version
from zhenxing.orgs import audit
from zhenxing.orgs.models import Membership, Role, person_label
from zhenxing.rules import draws, publication, recheck
from zhenxing.rules.reasons import Reason

from .models import (
    LAYER_FIELDS,
    Appeal,
    Competitor,
    Correction,
    Decryption,
    Draw,
    Final,
    Mark,
    Recheck,
    RecheckItem,
    Result,
)
from .services import ScoringError, check_length, locked_final

LAYER_NAMES = {"number": "参赛号", "station": "工位号", "review": "评审号"}
LAYER_PREFIX = {"number": "", "station": "G", "review": "P"}


# ---------------------------------------------------------------- conflicts of interest


def _organizations_of(user, edition) -> set[str]:
    """Every organization the user belongs to in the edition, whatever the role (a delegation's
    registrar appointed judge is still of that delegation)."""
    found = Membership.objects.filter(user=user, edition=edition)
    return set(found.values_list("organization__name", flat=True))


def _judge_orgs(final: Final) -> dict[str, set[str]]:
    judges = Membership.objects.filter(
        event=final.event, role__in=[Role.JUDGE, Role.CHIEF_JUDGE]
    ).select_related("user")
    return {person_label(m.user): _organizations_of(m.user, final.event.edition) for m in judges}


def _competitor_orgs(competitors) -> dict[str, list[str]]:
    """Each competitor's organizations: the delegation's, and the employer or school entered."""
    return {
        str(c.pk): [c.entry.delegation.organization.name, c.entry.employer] for c in competitors
    }


def conflicts(final: Final, judge_orgs=None, competitors=None) -> list[Reason]:
    """Every judge/competitor pair of one organization (each judge scores every competitor);
    `judge_orgs` maps a judge's user name to the judge's organizations.

    Messages name judges by user name and competitors by the contest number, never by name.
    """
    judge_orgs = judge_orgs if judge_orgs is not None else _judge_orgs(final)
    if competitors is None:
        competitors = final.competitors.select_related("entry__delegation__organization")
    competitors = list(competitors)
    labels = {str(c.pk): f"参赛号 {c.number}" for c in competitors}
    contestant_orgs = {labels[k]: v for k, v in _competitor_orgs(competitors).items()}
    found = []
    for judge, organizations in judge_orgs.items():
        for organization in sorted(organizations):
            assignments = {judge: list(contestant_orgs)}
            pairs = draws.conflicts(assignments, {judge: organization}, contestant_orgs)
            found += [r for r in pairs if r.code == "CONFLICT_OF_INTEREST" and r not in found]
    return found


def refuse_conflicts(reasons: list[Reason]) -> None:
    if reasons:
        raise ScoringError([r.message for r in reasons[:10]])


def check_new_judge(final: Final, user, organization_name: str) -> None:
    """Refuse to put a judge on the panel whose organization — the one given at appointment, or
    any the user belongs to in the edition — has a finalist in the event."""
    organizations = {organization_name} | _organizations_of(user, final.event.edition)
    refuse_conflicts(conflicts(final, judge_orgs={person_label(user): organizations}))


def check_at_entry(final: Final, competitor: Competitor, judge) -> None:
    """Re-checked at every save: the judge may not score a competitor of the judge's organization."""
    organizations = _organizations_of(judge, final.event.edition)
    if conflicts(final, judge_orgs={judge.username: organizations}, competitors=[competitor]):
        raise ScoringError(
            f"回避：裁判 {person_label(judge)} 与{competitor}同属一个单位，不得为其评分"
            "（平台规则说明 §4.3）"
        )


# ---------------------------------------------------------------- draws of lots


def layers_drawn(final: Final) -> list[str]:
    drawn = set(final.draws.values_list("layer", flat=True))
    return [layer for layer in LAYER_FIELDS if layer in drawn]


def labels(layer: str, count: int) -> list[str]:
    """Labels of a layer's draw: 001… for numbers, G001… for stations, P001… for review numbers."""
    return [LAYER_PREFIX[layer] + label for label in draws.default_labels(count)]


def draw_layer(final: Final, layer: str, *, request) -> Draw:
    """Check-in's station draw or the review-number draw over the present competitors."""
    if layer not in ("station", "review"):
        raise ScoringError("未知的抽签层")
    with transaction.atomic():
        final = locked_final(final)
        if not final.competitors.exists():
            raise ScoringError("请先抽取参赛号。")
        if Mark.objects.filter(competitor__final=final).exists():
            raise ScoringError("已有评分，不能再抽签。")
        refuse_conflicts(conflicts(final))
        present = list(final.competitors.filter(absent=False).order_by("number"))
        items = [c.number for c in present]
        seed = draws.new_seed()
        mapping = draws.draw(items, seed, labels(layer, len(items)))
        field = LAYER_FIELDS[layer]
        for competitor in present:
            setattr(competitor, field, mapping[competitor.number])
        Competitor.objects.bulk_update(present, [field])
        final.draws.filter(layer=layer).delete()
        record = Draw.objects.create(
            final=final, layer=layer, seed=seed, items=items, drawn_by=request.user
        )
        audit.record(
            f"judging.{layer}.drawn",
            record,
            request=request,
            edition=final.event.edition,
            changes={"drawn": [None, len(items)], "seed": [None, seed]},
        )
    return record


def replay(record: Draw) -> dict[str, str]:
    """Recompute a recorded draw from its seed: item → label, as an auditor would."""
    if record.layer == Draw.Layer.NUMBER:
        return draws.replay(record.items, record.seed)
    return draws.replay(record.items, record.seed, labels(record.layer, len(record.items)))


def _check_not_before_edition(edition, ends_at: dt.datetime | None) -> None:
    """An event cannot end before its edition begins (1900 typed for 2020 would move the appeal
    window), nor more than a year from now (9999). Not bound to the edition's last day: the demo
    and replays of a past edition end events today."""
    if ends_at is None:
        return
    day = timezone.localtime(ends_at).date()
    if day < edition.period_start:
        raise ScoringError(
            f"比赛结束时间早于本届大赛开始（{edition.period_start:%Y年%-m月%-d日}），请核对年份和日期"
        )
    if day > timezone.localdate() + dt.timedelta(days=366):
        raise ScoringError("比赛结束时间在一年以后，请核对年份和日期")


def set_judged_by(final: Final, layer: str, ends_at: dt.datetime | None, *, request) -> None:
    with transaction.atomic():
        final = locked_final(final)
        before = {"judged_by": final.judged_by, "ends_at": str(final.ends_at)}
        if layer != final.judged_by and Mark.objects.filter(competitor__final=final).exists():
            raise ScoringError("已有评分，不能再更改裁判评分所依据的编号。")
        if layer not in LAYER_FIELDS:
            raise ScoringError("未知的编号层")
        _check_not_before_edition(final.event.edition, ends_at)
        final.judged_by, final.ends_at = layer, ends_at
        final.save(update_fields=["judged_by", "ends_at"])
        after = {"judged_by": layer, "ends_at": str(ends_at)}
        audit.record(
            "judging.final.changed",
            final,
            request=request,
            edition=final.event.edition,
            changes=audit.diff(before, after),
        )


# ---------------------------------------------------------------- decryption


def decryption_order(final: Final) -> list[str]:
    return list(reversed(layers_drawn(final)))


def next_layer(final: Final) -> str | None:
    done = set(final.decryptions.values_list("layer", flat=True))
    return next((layer for layer in decryption_order(final) if layer not in done), None)


def request_decryption(final: Final, *, request) -> Decryption:
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("裁判长锁定成绩之前不能解密。")
        if final.decryptions.filter(confirmed_at__isnull=True).exists():
            raise ScoringError("上一步解密尚待监督确认。")
        layer = next_layer(final)
        if layer is None:
            raise ScoringError("已全部解密。")
        step = Decryption.objects.create(final=final, layer=layer, requested_by=request.user)
        audit.record(
            "judging.decryption.requested", step, request=request, edition=final.event.edition
        )
    return step


def confirm_decryption(step: Decryption, *, request) -> None:
    if step.requested_by_id == request.user.pk:
        raise PermissionDenied("申请解密的人不能自己确认")
    with transaction.atomic():
        final = locked_final(step.final)
        step = Decryption.objects.select_for_update().get(pk=step.pk)
        if step.confirmed_at:
            raise ScoringError("该步解密已确认。")
        step.confirmed_by, step.confirmed_at = request.user, timezone.now()
        step.save(update_fields=["confirmed_by", "confirmed_at"])
        if next_layer(final) is None:
            final.decrypted_at = step.confirmed_at
            final.save(update_fields=["decrypted_at"])
        audit.record(
            "judging.decryption.confirmed", step, request=request, edition=final.event.edition
        )


# ---------------------------------------------------------------- re-check


def start_recheck(final: Final, *, request) -> Recheck:
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("成绩锁定后才能复核。")
        if hasattr(final, "recheck"):
            raise ScoringError("复核名单已生成。")
        ranked = list(
            Result.objects.filter(competitor__final=final, rank__isnull=False).order_by(
                "rank", "competitor__number"
            )
        )
        ids = [str(r.competitor_id) for r in ranked]
        ranks = {str(r.competitor_id): r.rank for r in ranked}
        seed = draws.new_seed()
        sample = recheck.recheck_sample(ids, seed, final.event.edition.rulebook(), ranks)
        record = Recheck.objects.create(final=final, seed=seed, ranked=ids, created_by=request.user)
        RecheckItem.objects.bulk_create(
            [RecheckItem(recheck=record, competitor_id=int(i), kind="top") for i in sample.top]
            + [
                RecheckItem(recheck=record, competitor_id=int(i), kind="sample")
                for i in sample.random
            ]
        )
        audit.record(
            "judging.recheck.started",
            record,
            request=request,
            edition=final.event.edition,
            changes={"top": [None, len(sample.top)], "sample": [None, len(sample.random)]},
        )
    return record


def record_recheck(item: RecheckItem, correct: bool, note: str, *, request) -> None:
    if not correct and not note.strip():
        raise ScoringError("发现错误时请写明错在哪里（之后由裁判长提出更正）。")
    check_length(note, "复核说明", 500)
    with transaction.atomic():
        final = locked_final(item.recheck.final)
        item = RecheckItem.objects.select_for_update().get(pk=item.pk)
        if item.outcome != RecheckItem.Outcome.PENDING:
            raise ScoringError("该项已复核。")
        item.outcome = RecheckItem.Outcome.CORRECT if correct else RecheckItem.Outcome.ERROR
        item.note, item.checked_by, item.checked_at = note.strip(), request.user, timezone.now()
        item.save()
        audit.record(
            "judging.recheck.recorded",
            item,
            request=request,
            edition=final.event.edition,
            changes={"outcome": ["pending", item.outcome]},
            reason=item.note,
        )
        _widen_if_needed(item.recheck, final)


def sample_outcome(record: Recheck, final: Final):
    items = list(record.items.filter(kind="sample"))
    errors = [str(i.competitor_id) for i in items if i.outcome == RecheckItem.Outcome.ERROR]
    return recheck.recheck_outcome(
        [str(i.competitor_id) for i in items], errors, final.event.edition.rulebook()
    )


def _widen_if_needed(record: Recheck, final: Final) -> None:
    """Once the sample is done, an error rate above the limit puts every result on the list."""
    if record.all_required or record.items.filter(kind="sample", outcome="pending").exists():
        return
    if not sample_outcome(record, final).recheck_all:
        return
    record.all_required = True
    record.save(update_fields=["all_required"])
    listed = set(record.items.values_list("competitor_id", flat=True))
    RecheckItem.objects.bulk_create(
        RecheckItem(recheck=record, competitor_id=int(i), kind="all")
        for i in record.ranked
        if int(i) not in listed
    )


def publication_blockers(final: Final) -> list[str]:
    """What must happen before the committee may publish: decryption, re-check, corrections."""
    blockers = []
    if not final.locked:
        blockers.append("裁判长尚未锁定成绩")
    if final.decrypted_at is None:
        blockers.append("尚未完成解密（加密裁判申请、监督确认，逐层进行）")
    record = getattr(final, "recheck", None)
    if record is None:
        blockers.append("监督尚未生成复核名单")
    else:
        pending = record.items.filter(outcome="pending").count()
        if pending:
            blockers.append(f"复核名单中尚有 {pending} 项未复核")
        elif record.items.filter(outcome="error").exists() and not _errors_corrected(final):
            blockers.append("复核发现的错误尚待更正（裁判长提出、监督确认）")
    if Correction.objects.filter(mark__competitor__final=final, status="pending").exists():
        blockers.append("尚有更正待监督确认")
    return blockers


def _errors_corrected(final: Final) -> bool:
    """Each competitor found in error has at least one applied correction after the check."""
    errors = RecheckItem.objects.filter(recheck__final=final, outcome="error")
    for item in errors:
        applied = Correction.objects.filter(
            mark__competitor=item.competitor, status="applied", witnessed_at__gte=item.checked_at
        )
        if not applied.exists():
            return False
    return True


# ---------------------------------------------------------------- appeals and finality


def lodge_appeal(
    final: Final, appellant: str, lodged_at: dt.datetime, content: str, *, request
) -> Appeal:
    if not appellant.strip() or not content.strip():
        raise ScoringError("请填写申诉人和申诉内容（书面申诉的要点）。")
    check_length(appellant, "申诉人", 100)
    check_length(content, "申诉内容", 2000)
    if final.ends_at is None:
        raise ScoringError("承办单位尚未登记比赛结束时间，无法核对申诉时限。")
    if lodged_at > timezone.now():
        raise ScoringError("递交时间不能晚于现在。")
    rulebook = final.event.edition.rulebook()
    if lodged_at < final.ends_at:
        ended = timezone.localtime(final.ends_at)
        raise ScoringError(
            f"递交时间早于比赛结束时间（{ended:%Y-%m-%d %H:%M}）：申诉在比赛结束后才能递交，"
            "请核对递交时间。"
        )
    if not publication.appeal_open(final.ends_at, lodged_at, rulebook):
        closes = timezone.localtime(publication.appeal_closes(final.ends_at, rulebook))
        raise ScoringError(
            f"申诉须在比赛结束后 {rulebook.judging.appeal_window_hours} 小时内书面递交"
            f"（截至 {closes:%Y-%m-%d %H:%M}），本申诉已超过时限，不予受理。"
        )
    appeal = Appeal.objects.create(
        final=final,
        appellant=appellant.strip(),
        lodged_at=lodged_at,
        content=content.strip(),
        recorded_by=request.user,
    )
    audit.record("judging.appeal.lodged", appeal, request=request, edition=final.event.edition)
    bump_public_version()  # the public page shows the open appeal
    return appeal


def decide_appeal(appeal: Appeal, upheld: bool, text: str, *, request) -> None:
    if not text.strip():
        raise ScoringError("请写明裁决意见。")
    check_length(text, "裁决意见", 2000)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.decision != Appeal.Decision.OPEN:
            raise ScoringError("该申诉已裁决。")
        appeal.decision = Appeal.Decision.UPHELD if upheld else Appeal.Decision.DISMISSED
        appeal.decision_text, appeal.decided_by = text.strip(), request.user
        appeal.decided_at = timezone.now()
        appeal.save()
        audit.record(
            "judging.appeal.decided",
            appeal,
            request=request,
            edition=appeal.final.event.edition,
            changes={"decision": ["open", appeal.decision]},
            reason=appeal.decision_text,
        )
    bump_public_version()


def open_appeals(final: Final) -> int:
    """Open appeals, and upheld ones whose score correction is not yet applied."""
    waiting = final.appeals.filter(decision=Appeal.Decision.OPEN).count()
    for appeal in final.appeals.filter(decision=Appeal.Decision.UPHELD):
        if appeal.corrections.filter(status=Correction.Status.PENDING).exists():
            waiting += 1
    return waiting


def state(final: Final | None, now: dt.datetime | None = None):
    """("unpublished" | "provisional" | "final", reasons), worked out when read."""
    now = now or timezone.now()
    if final is None:
        return publication.result_state(None, now, 0, None)
    rulebook = final.event.edition.rulebook()
    published = timezone.localtime(final.published_at) if final.published_at else None
    # the period counts calendar days in Beijing time, so the local time goes in
    return publication.result_state(published, now, open_appeals(final), rulebook)


def publication_ends(final: Final) -> dt.datetime | None:
    if final.published_at is None:
        return None
    return publication.publication_ends(
        timezone.localtime(final.published_at), final.event.edition.rulebook()
    )
