"""Who goes into a final: the approved entries of an individual event; in a team event (双人/三人
赛项) one finalist per complete team — exactly the event's team size in members, all approved —
stood for by its lead member (the member entry with the lowest id). Teams not complete and
approved entries in no team stay out, each with a message for the host unit and the office."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhenxing.registration.models import Entry, Team


@dataclass
class Roster:
    # (lead entry id, team id or None) of each finalist, in entry order
    finalists: list[tuple[int, int | None]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # why a team or an entry is not in


def roster(event) -> Roster:
    approved = Entry.objects.filter(event=event, status=Entry.Status.APPROVED)
    if not event.is_team_event:
        return Roster([(pk, None) for pk in approved.order_by("pk").values_list("pk", flat=True)])
    found = Roster()
    teams = Team.objects.filter(event=event).select_related("delegation__organization")
    for team in teams.prefetch_related("members").order_by("pk"):
        members = sorted(team.members.all(), key=lambda entry: entry.pk)
        passed = [m for m in members if m.status == Entry.Status.APPROVED]
        why = _incomplete(len(members), len(passed), event.team_size)
        if why is None:
            found.finalists.append((members[0].pk, team.pk))
        elif passed:  # a team with nobody approved is simply not there yet
            found.left_out.append(
                f"{team.delegation.organization.name}「{team.name}」{why}，未进入决赛"
            )
    alone = approved.filter(team__isnull=True).select_related("person", "delegation__organization")
    for entry in alone.order_by("pk"):
        found.left_out.append(
            f"{entry.delegation.organization.name} {entry.person.name} 已审核通过，"
            f"但未编入参赛队（本项目每队 {event.team_size} 人），未进入决赛"
        )
    found.finalists.sort()
    return found


def _incomplete(members: int, passed: int, size: int) -> str | None:
    if members > size:
        return f"有 {members} 名队员，超过每队 {size} 人"
    if members < size:
        return f"只有 {members} 名队员（每队 {size} 人）"
    if passed < size:
        return f"仅 {passed} 人通过审核（每队 {size} 人）"
    return None
