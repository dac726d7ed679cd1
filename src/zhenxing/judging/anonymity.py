"""Anonymity (rules.md §4.3): layered draws of lots, and decryption after the lock.

The draw of lots gives contest numbers; check-in (检录) draws stations; work judged after the
contest gets review numbers. Judges see only the layer the event judges by (`Final.judged_by`).
After the chief judge's lock the layers are decrypted in reverse order (review → station →
number → names), each step asked for by the encryption officer and confirmed by a supervisor.
Draws come from rules.draws: a recorded seed replays every draw.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import draws

from .actions import DRAWN
from .actions import JudgingAction as Action
from .layers import Layer
from .locking import ScoringError, bump, locked_final
from .models import Competitor, Decryption, Draw, Final, Mark
from .panel import conflicts, refuse_conflicts
from .teams import roster


def _require(actor: Actor, final: Final, code: str) -> None:
    access.require(actor, final.event.edition, code, event=final.event)


def draw_numbers(final: Final, *, actor: Actor) -> Draw:
    """Give every approved entry a contest number by a recorded, replayable draw of lots."""
    _require(actor, final, perms.ANONYMITY_HOLD)
    with transaction.atomic():
        final = locked_final(final)
        if Mark.objects.filter(competitor__final=final).exists():
            raise ScoringError("已有评分，不能重新抽取参赛号。")
        finalists = dict(roster(final.event).finalists)  # lead entry id → team id
        if not finalists:
            raise ScoringError(
                "本项目还没有完整且全部审核通过的参赛队，无法抽签。"
                if final.event.is_team_event
                else "本项目还没有审核通过的报名，无法抽签。"
            )
        items = [str(pk) for pk in finalists]
        seed = draws.new_seed()
        numbers = draws.draw(items, seed)
        final.competitors.all().delete()
        final.draws.all().delete()
        Competitor.objects.bulk_create(
            Competitor(final=final, entry_id=int(item), team_id=finalists[int(item)], number=number)
            for item, number in numbers.items()
        )
        refuse_conflicts(conflicts(final))  # rolls the draw back
        record = Draw.objects.create(
            final=final, layer=Layer.NUMBER, seed=seed, items=items, drawn_by=actor.user
        )
        audit.record(
            DRAWN[Layer.NUMBER],
            record,
            actor=actor,
            edition=final.event.edition,
            changes={"finalists": [None, len(items)], "seed": [None, seed]},
        )
        bump(final)
    return record


def undrawn(final: Final) -> int:
    """Finalists of the event (approved entries; complete teams) without a contest number, once
    numbers are drawn: they come in by a new draw while no mark exists."""
    if not final.competitors.exists():
        return 0
    drawn = set(final.competitors.values_list("entry_id", flat=True))
    return sum(1 for pk, _ in roster(final.event).finalists if pk not in drawn)


def layers_drawn(final: Final) -> list[str]:
    drawn = set(final.draws.values_list("layer", flat=True))
    return [layer for layer in Layer.order() if layer in drawn]


def labels(layer: str, count: int) -> list[str]:
    """Labels of a layer's draw: 001… for numbers, G001… for stations, P001… for review numbers."""
    return [Layer(layer).prefix + label for label in draws.default_labels(count)]


def draw_layer(final: Final, layer: str, *, actor: Actor) -> Draw:
    """Check-in's station draw or the review-number draw over the present competitors."""
    _require(actor, final, perms.ANONYMITY_HOLD)
    if layer not in (Layer.STATION, Layer.REVIEW):
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
        field = Layer(layer).field
        for competitor in present:
            setattr(competitor, field, mapping[competitor.number])
        Competitor.objects.bulk_update(present, [field])
        final.draws.filter(layer=layer).delete()
        record = Draw.objects.create(
            final=final, layer=layer, seed=seed, items=items, drawn_by=actor.user
        )
        audit.record(
            DRAWN[layer],
            record,
            actor=actor,
            edition=final.event.edition,
            changes={"drawn": [None, len(items)], "seed": [None, seed]},
        )
    return record


def replay(record: Draw) -> dict[str, str]:
    """Recompute a recorded draw from its seed: item → label, as an auditor would."""
    if record.layer == Layer.NUMBER:
        return draws.replay(record.items, record.seed)
    return draws.replay(record.items, record.seed, labels(record.layer, len(record.items)))


def check_not_before_edition(edition, ends_at: dt.datetime | None) -> None:
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


def set_final_settings(final: Final, layer: str, ends_at: dt.datetime | None, *, actor: Actor):
    """The host unit: which layer judges score by, and when the event ended (appeal window)."""
    _require(actor, final, perms.EVENT_MANAGE)
    with transaction.atomic():
        final = locked_final(final)
        before = {"judged_by": final.judged_by, "ends_at": str(final.ends_at)}
        if layer != final.judged_by and Mark.objects.filter(competitor__final=final).exists():
            raise ScoringError("已有评分，不能再更改裁判评分所依据的编号。")
        if layer not in Layer.values:
            raise ScoringError("未知的编号层")
        check_not_before_edition(final.event.edition, ends_at)
        final.judged_by, final.ends_at = layer, ends_at
        final.save(update_fields=["judged_by", "ends_at"])
        after = {"judged_by": layer, "ends_at": str(ends_at)}
        audit.record(
            Action.FINAL_CHANGED,
            final,
            actor=actor,
            edition=final.event.edition,
            changes=audit.diff(before, after),
        )


# ---------------------------------------------------------------- decryption


def decryption_order(final: Final) -> list[str]:
    return list(reversed(layers_drawn(final)))


def next_layer(final: Final) -> str | None:
    done = set(final.decryptions.values_list("layer", flat=True))
    return next((layer for layer in decryption_order(final) if layer not in done), None)


def request_decryption(final: Final, *, actor: Actor) -> Decryption:
    if actor.user is not None and not access.has_perm(
        actor.user, final.event.edition, perms.ANONYMITY_HOLD, event=final.event
    ):
        raise ScoringError("只有加密裁判能申请解密")
    with transaction.atomic():
        final = locked_final(final)
        if not final.locked:
            raise ScoringError("裁判长锁定成绩之前不能解密。")
        if final.decryptions.filter(confirmed_at__isnull=True).exists():
            raise ScoringError("上一步解密尚待监督确认。")
        layer = next_layer(final)
        if layer is None:
            raise ScoringError("已全部解密。")
        step = Decryption.objects.create(final=final, layer=layer, requested_by=actor.user)
        audit.record(Action.DECRYPTION_REQUESTED, step, actor=actor, edition=final.event.edition)
    return step


def confirm_decryption(step: Decryption, *, actor: Actor) -> None:
    final = step.final
    if step.requested_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied("申请解密的人不能自己确认")
    if actor.user is not None and not access.has_perm(
        actor.user, final.event.edition, perms.SCORE_WITNESS, event=final.event
    ):
        raise ScoringError("只有监督能确认解密")
    with transaction.atomic():
        final = locked_final(final)
        step = Decryption.objects.select_for_update().get(pk=step.pk)
        if step.confirmed_at:
            raise ScoringError("该步解密已确认。")
        step.confirmed_by, step.confirmed_at = actor.user, timezone.now()
        step.save(update_fields=["confirmed_by", "confirmed_at"])
        if next_layer(final) is None:
            final.decrypted_at = step.confirmed_at
            final.save(update_fields=["decrypted_at"])
        audit.record(Action.DECRYPTION_CONFIRMED, step, actor=actor, edition=final.event.edition)
