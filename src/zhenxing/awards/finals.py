"""The national finals (§三.2): from each national-level event's final results, the top N go
and the next ones are reserves (rules.awards.select_for_finals); the committee sets N and the
number of reserves, and confirms the list."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenxing.judging.locking import ScoringError, locked_final
from zhenxing.judging.models import Final
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.results.models import Result
from zhenxing.rules import awards as rules

from .actions import AwardsAction as Action
from .models import FinalsList, FinalsPick

MAX_PICKS = 20


def is_national(final: Final) -> bool:
    return final.event.occupation.level == "national"


def follow(final: Final, actor: Actor) -> FinalsList | None:
    """The event's list made or brought up to date with its results (national-level events)."""
    if not is_national(final):
        return None
    rulebook = final.event.edition.rulebook().awards.national_finals
    finals_list, _ = FinalsList.objects.get_or_create(
        final=final, defaults={"per_event": rulebook.per_event, "reserves": rulebook.reserves}
    )
    _pick(finals_list, actor)
    return finals_list


def _pick(finals_list: FinalsList, actor: Actor) -> None:
    ranked = Result.objects.filter(competitor__final=finals_list.final, rank__isnull=False)
    ranked = [(str(r.competitor_id), r.rank) for r in ranked.order_by("rank", "competitor__number")]
    selection = rules.select_for_finals(ranked, finals_list.per_event, finals_list.reserves)
    picks = [(int(i), FinalsPick.Role.SELECTED) for i in selection.selected]
    picks += [(int(i), FinalsPick.Role.RESERVE) for i in selection.reserves]
    before = list(finals_list.picks.order_by("position").values_list("competitor_id", "role"))
    notes = [r.as_dict() for r in selection.reasons]
    if before == picks and finals_list.notes == notes:
        return
    finals_list.picks.all().delete()
    FinalsPick.objects.bulk_create(
        FinalsPick(finals_list=finals_list, competitor_id=cid, role=role, position=index + 1)
        for index, (cid, role) in enumerate(picks)
    )
    if finals_list.confirmed_at and before != picks:
        notes.append(
            {
                "code": "FINALS_CHANGED_AFTER_CONFIRMATION",
                "clause": "rules.md §5.3",
                "message": "确认后成绩有变更，推荐名单已随之调整，请组委会重新确认。",
            }
        )
        finals_list.confirmed_at, finals_list.confirmed_by = None, None
    finals_list.notes = notes
    finals_list.save()


@transaction.atomic
def set_counts(final: Final, per_event: int, reserves: int, *, actor: Actor) -> FinalsList:
    access.require(actor, final.event.edition, perms.NATIONAL_SELECT, event=final.event)
    if not (0 <= per_event <= MAX_PICKS and 0 <= reserves <= MAX_PICKS):
        raise ScoringError(f"入选和替补人数应为 0 到 {MAX_PICKS} 之间的整数。")
    locked_final(final)
    finals_list = _list_of(final)
    before = {"per_event": finals_list.per_event, "reserves": finals_list.reserves}
    finals_list.per_event, finals_list.reserves = per_event, reserves
    finals_list.confirmed_at, finals_list.confirmed_by = None, None
    finals_list.save()
    _pick(finals_list, actor)
    after = {"per_event": per_event, "reserves": reserves}
    audit.record(
        Action.FINALS_CHANGED,
        finals_list,
        actor=actor,
        edition=final.event.edition,
        changes=audit.diff(before, after),
    )
    return finals_list


@transaction.atomic
def confirm(final: Final, *, actor: Actor) -> FinalsList:
    access.require(actor, final.event.edition, perms.NATIONAL_SELECT, event=final.event)
    locked_final(final)
    finals_list = _list_of(final)
    if finals_list.confirmed_at:
        raise ScoringError("推荐名单已确认。")
    if not finals_list.picks.exists():
        raise ScoringError("推荐名单为空，无法确认：请先设定入选人数。")
    finals_list.confirmed_at, finals_list.confirmed_by = timezone.now(), actor.user
    finals_list.save(update_fields=["confirmed_at", "confirmed_by"])
    audit.record(
        Action.FINALS_CONFIRMED,
        finals_list,
        actor=actor,
        edition=final.event.edition,
        changes={"picks": [None, [str(p.competitor) for p in finals_list.picks.all()]]},
    )
    return finals_list


def _list_of(final: Final) -> FinalsList:
    found = FinalsList.objects.filter(final=final).first()
    if found is None:
        raise ScoringError("该项目还没有全国决赛推荐名单：成绩最终确定并提出奖项后生成。")
    return found


EXPORT_HEADER = [
    *["姓名", "性别", "证件号码", "代表队", "比赛项目", "组别", "名次", "总分", "类别"],
    "参赛队",  # a team event's team, its members one row each
]


def export_rows(finals_lists, *, actor: Actor, edition) -> list[list]:
    """The confirmed lists as the national contest asks for them, full ID numbers included:
    for those who may see them, and audited. A team picked is a row for each member."""
    access.require(actor, edition, perms.PERSON_VIEW_FULL)
    rows = []
    for finals_list in finals_lists:
        event = finals_list.final.event
        for pick in (
            finals_list.picks.order_by("position")
            .select_related(
                "competitor__entry__person", "competitor__entry__delegation__organization"
            )
            .select_related("competitor__result", "competitor__team")
            .prefetch_related("competitor__team__members__person")
        ):
            result, team = pick.competitor.result, pick.competitor.team
            rows += [
                [
                    entry.person.name,
                    entry.person.gender,
                    entry.person.document_number,
                    str(entry.delegation),
                    event.occupation.name,
                    event.get_group_display(),
                    result.rank,
                    str(result.published_total),
                    pick.get_role_display(),
                    team.name if team is not None else "",
                ]
                for entry in pick.competitor.members
            ]
    audit.record(
        Action.FINALS_EXPORTED,
        None,
        actor=actor,
        edition=edition,
        changes={"export": [None, f"全国决赛推荐名单（{len(rows)} 人）"]},
    )
    return rows
