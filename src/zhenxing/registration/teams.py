"""Teams of a pairs or three-person event (双人/三人赛项): a delegation's registrar forms them from
its entries in the event. Each member stays an ordinary entry, checked and reviewed on their own;
the team goes into the final once it has exactly the event's team size of approved members.

Every change checks the right to change the delegation's entries, runs in one transaction, locks
the delegation (a quota counts teams), the team and the entries it moves, and is audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, ProtectedError
from django.utils import timezone

from zhenxing.editions.models import Event
from zhenxing.orgs import audit, versions
from zhenxing.orgs.audit import Actor
from zhenxing.rules.text import name_problem

from . import rights, services
from .actions import RegistrationAction as Action
from .models import Delegation, Entry, Team
from .rights import RegistrationError
from .signals import team_change_refusal

NAME_MAX = 50
SIZE_NAMES = {2: "双人", 3: "三人"}


def kind_of(event: Event) -> str:
    """双人赛项 / 三人赛项 / 单人赛项."""
    return f"{SIZE_NAMES.get(event.team_size, f'{event.team_size}人')}赛项"


def completeness(size: int, count: int) -> str:
    """已满 2 人 / 还差 1 人 / 多出 1 人."""
    if count == size:
        return f"已满 {size} 人"
    if count < size:
        return f"还差 {size - count} 人"
    return f"多出 {count - size} 人"


def is_complete(team: Team, members=None) -> bool:
    """Exactly the event's team size of members, all approved (what the final takes)."""
    members = list(team.members.all()) if members is None else list(members)
    return len(members) == team.event.team_size and all(
        m.status == Entry.Status.APPROVED for m in members
    )


def teams_of(delegation: Delegation) -> list[tuple[Event, list[Team], list[Entry]]]:
    """Each team event of the delegation's edition: its teams (members prefetched, each with
    `.count_label`) and the delegation's entries in it that are in no team."""
    events = delegation.edition.events.filter(team_size__gt=1).select_related("occupation")
    teams = Team.objects.filter(delegation=delegation).prefetch_related("members__person")
    loose = delegation.entries.filter(team__isnull=True, event__team_size__gt=1)
    loose = loose.select_related("person").order_by("id")
    found = []
    for event in events:
        own = [t for t in teams if t.event_id == event.pk]
        for team in own:
            team.event = event
            team.member_list = sorted(team.members.all(), key=lambda e: e.pk)
            team.count_label = completeness(event.team_size, len(team.member_list))
            team.complete = is_complete(team, team.member_list)
        found.append((event, own, [e for e in loose if e.event_id == event.pk]))
    return found


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise RegistrationError("请填写队名。")
    if problem := name_problem(name):
        raise RegistrationError(f"队名{problem}")
    if len(name) > NAME_MAX:
        raise RegistrationError(f"队名最多 {NAME_MAX} 个字，现有 {len(name)} 个。")
    return name


def _check_event(delegation: Delegation, event: Event) -> None:
    if event.edition_id != delegation.edition_id:
        raise RegistrationError("该比赛项目不属于本届大赛。")
    if not event.is_team_event:
        raise RegistrationError(f"“{event}”是单人赛项，不组队。")


def _check_size(event: Event, count: int) -> None:
    if count < 1:
        raise RegistrationError(f"请至少选择 1 名本代表队报名“{event}”的选手。")
    if count > event.team_size:
        raise RegistrationError(
            f"“{event}”是{kind_of(event)}，每队 {event.team_size} 人，现选了 {count} 人。"
        )


def _check_name_free(delegation: Delegation, event: Event, name: str, team: Team | None) -> None:
    others = Team.objects.filter(delegation=delegation, event=event, name=name)
    if others.exclude(pk=getattr(team, "pk", None)).exists():
        raise RegistrationError(f"本代表队在“{event}”中已有名为“{name}”的队伍，请换一个队名。")


def quota_of(delegation: Delegation, event: Event) -> int | None:
    """The rulebook's places per delegation in the event (teams, in a team event), if limited."""
    for quota in delegation.edition.rulebook().registration.quotas:
        if quota.occupation == event.occupation.name and quota.group == event.group:
            return quota.per_delegation
    return None


def _check_quota(delegation: Delegation, event: Event) -> None:
    limit = quota_of(delegation, event)
    if (
        limit is not None
        and Team.objects.filter(delegation=delegation, event=event).count() >= limit
    ):
        raise RegistrationError(f"{event} 每个代表队限报 {limit} 队，已报满。")


def _locked(actor: Actor, entries, edition) -> None:
    """A team with an approved member changes only by the committee office (or the platform
    itself: a command at the server)."""
    if actor.user is None or rights.is_office(actor.user, edition):
        return
    for entry in entries:
        if entry.status == Entry.Status.APPROVED:
            raise RegistrationError(
                f"{entry.person.name} 的报名已审核通过，所在队伍不能再改动；"
                "如需修改请联系大赛组委会办公室。"
            )


def _chosen(delegation: Delegation, event: Event, ids, team: Team | None) -> list[Entry]:
    """The entries picked, locked; RegistrationError for one this team cannot take."""
    try:
        ids = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise RegistrationError("所选选手无效，请刷新页面后重新选择。") from None
    found = Entry.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    found = list(found.select_related("person", "team", "event__occupation"))
    if len(found) != len(ids) or any(e.delegation_id != delegation.pk for e in found):
        raise RegistrationError("所选选手中有不是本代表队的报名，请刷新页面后重新选择。")
    for entry in found:
        if entry.event_id != event.pk:
            raise RegistrationError(
                f"{entry.person.name} 报名的是“{entry.event}”，不能编入“{event}”的队伍。"
            )
        if entry.team_id and entry.team_id != getattr(team, "pk", None):
            raise RegistrationError(
                f"{entry.person.name} 已在“{entry.team.name}”队中，一人只能在一个队；"
                "请先把他（她）从该队移出。"
            )
    return found


def _locked_team(team: Team, seen_version: int | None) -> Team:
    locked = Team.objects.select_for_update().filter(pk=team.pk).first()
    if locked is None:
        raise RegistrationError("该队伍已被解散，请刷新页面。")
    refusal = versions.stale(locked, seen_version, "该队伍")
    if refusal:
        raise RegistrationError(refusal)
    refusal = team_change_refusal(locked)
    if refusal:
        raise RegistrationError(refusal)
    return locked


def _set_team(entries, team: Team | None, now) -> None:
    """Moves entries in or out (each entry's version goes up: a form open on it is stale)."""
    ids = [e.pk for e in entries]
    if ids:
        Entry.objects.filter(pk__in=ids).update(team=team, version=F("version") + 1, updated_at=now)


def _names(entries) -> list[str]:
    return [e.person.name for e in sorted(entries, key=lambda e: e.pk)]


@transaction.atomic
def save_team(
    delegation: Delegation,
    event: Event,
    name: str,
    member_ids,
    *,
    actor: Actor,
    team: Team | None = None,
    seen_version: int | None = None,
) -> tuple[Team, bool]:
    """Form a team of the delegation's entries in a team event, or rename it and change its
    members; returns (team, changed). RegistrationError says what to change."""
    rights.check_may_change(actor.user, delegation)
    edition = delegation.edition
    if team is not None:
        event = team.event
    _check_event(delegation, event)
    name = _clean_name(name)
    services.lock_delegation(delegation)  # the quota counts the delegation's teams
    if team is not None:
        team = _locked_team(team, seen_version)
    chosen = _chosen(delegation, event, member_ids, team)
    _check_size(event, len(chosen))
    _check_name_free(delegation, event, name, team)
    current = (
        []
        if team is None
        else list(team.members.select_for_update(of=("self",)).select_related("person"))
    )
    leaving = [e for e in current if e.pk not in {c.pk for c in chosen}]
    joining = [e for e in chosen if e.team_id is None]
    now = timezone.now()
    if team is None:
        _locked(actor, chosen, edition)
        _check_quota(delegation, event)
        team = Team.objects.create(delegation=delegation, event=event, name=name)
        _set_team(chosen, team, now)
        audit.record(
            Action.TEAM_CREATED,
            team,
            actor=actor,
            edition=edition,
            changes={"name": [None, name], "members": [None, _names(chosen)]},
        )
        return team, True
    changes = {}
    if team.name != name:
        changes["name"] = [team.name, name]
    if leaving or joining:
        changes["members"] = [_names(current), _names(chosen)]
    if not changes:
        return team, False
    _locked(actor, current + joining, edition)
    team.name = name
    team.version += 1
    team.save(update_fields=["name", "version"])
    _set_team(leaving, None, now)
    _set_team(joining, team, now)
    audit.record(Action.TEAM_CHANGED, team, actor=actor, edition=edition, changes=changes)
    return team, True


@transaction.atomic
def dissolve_team(team: Team, *, actor: Actor, seen_version: int | None = None) -> list[str]:
    """Dissolve a team: its members stay entered, in no team. Returns their names."""
    delegation = team.delegation
    rights.check_may_change(actor.user, delegation)
    services.lock_delegation(delegation)
    locked = _locked_team(team, seen_version)
    members = list(locked.members.select_for_update(of=("self",)).select_related("person"))
    _locked(actor, members, delegation.edition)
    _set_team(members, None, timezone.now())
    audit.record(
        Action.TEAM_DISSOLVED,
        locked,
        actor=actor,
        edition=delegation.edition,
        changes={"name": [locked.name, None], "members": [_names(members), None]},
    )
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError:  # the final holds it (a contest number drawn for it)
        raise RegistrationError(
            "该队伍已编入决赛，不能解散；如需调整请联系大赛组委会办公室。"
        ) from None
    return _names(members)


# ---- the entry form: an entry picks its team, or starts one
NO_TEAM = ""


@transaction.atomic
def save_entry_in_team(
    delegation: Delegation,
    data: services.EntryData,
    team_choice,
    *,
    actor: Actor,
    entry: Entry | None = None,
    seen_version: int | None = None,
) -> tuple[Entry, bool]:
    """services.save_entry, then the entry's team in the same transaction: `team_choice` is
    None (leave it as it is), NO_TEAM (in no team), a Team of the delegation, or
    ("new", name) to start a team with this entry."""
    saved, changed = services.save_entry(
        delegation, data, actor=actor, entry=entry, seen_version=seen_version
    )
    if team_choice is None:
        return saved, changed
    saved = Entry.objects.select_related("team", "event__occupation", "person").get(pk=saved.pk)
    current = saved.team
    if isinstance(team_choice, tuple):
        _leave(saved, current, actor=actor)
        saved.refresh_from_db()
        save_team(delegation, saved.event, team_choice[1], [saved.pk], actor=actor)
        return saved, True
    target = team_choice or None
    if target is not None and target.pk == getattr(current, "pk", None):
        return saved, changed
    if target is not None:
        if target.delegation_id != delegation.pk:
            raise RegistrationError("所选队伍不是本代表队的队伍，请刷新页面后重新选择。")
        if target.event_id != saved.event_id:
            raise RegistrationError(
                f"所选队伍“{target.name}”属于“{target.event}”，与该报名的比赛项目不同。"
            )
    _leave(saved, current, actor=actor)
    if target is not None:
        ids = list(target.members.values_list("pk", flat=True)) + [saved.pk]
        save_team(delegation, target.event, target.name, ids, actor=actor, team=target)
    return saved, True


def _leave(entry: Entry, team: Team | None, *, actor: Actor) -> None:
    """The entry out of its team (the team dissolved when it was its only member)."""
    if team is None:
        return
    rest = list(team.members.exclude(pk=entry.pk).values_list("pk", flat=True))
    if rest:
        save_team(entry.delegation, team.event, team.name, rest, actor=actor, team=team)
    else:
        dissolve_team(team, actor=actor)


def label_counts(teams) -> None:
    """Each team's `.count_label` (已满 2 人 / 还差 1 人), counted in one query."""
    teams = list(teams)
    counts = dict(
        Entry.objects.filter(team__in=teams).values_list("team").annotate(n=Count("id")).order_by()
    )
    for team in teams:
        team.count_label = completeness(team.event.team_size, counts.get(team.pk, 0))
