"""Teams in the bulk import: rows of one team event with the same 队名 form one team of the
delegation (with the members it has already). A row is refused when its 队名 does not fit its event
(a name in a single-person event, none in a team event), when its team would have more members
than the event's team size, or when a new team is over the event's quota."""

from __future__ import annotations

from django.db.models import F

from zhenxing.rules.text import name_problem

from .models import Entry, Team
from .teams import kind_of, quota_of


def _key(values: dict) -> tuple[str, str]:
    return values["document_type"], values["document_number"]


def team_refusals(delegation, planned) -> dict[int, str]:
    """Row number → why its team cannot be as the file says (the checked rows `planned`)."""
    refused: dict[int, str] = {}
    groups: dict[tuple[int, str], list] = {}
    in_file: dict[int, set] = {}  # event id → the people the file enters in it
    for plan in planned:
        name, event, number = plan.values.get("team", ""), plan.event, plan.number
        if name and not event.is_team_event:
            refused[number] = f"第 {number} 行 队名：“{event}”是单人赛项，不填队名"
        elif event.is_team_event and not name:
            refused[number] = (
                f"第 {number} 行 队名：“{event}”是{kind_of(event)}，须填写队名"
                "（同队队员填写相同的队名）"
            )
        elif name and (problem := name_problem(name)):
            refused[number] = f"第 {number} 行 队名：{problem}"
        elif name:
            groups.setdefault((event.id, name), []).append(plan)
            in_file.setdefault(event.id, set()).add(_key(plan.values))
    if not groups:
        return refused
    stored = Team.objects.filter(delegation=delegation, event_id__in=in_file)
    names = {(t.event_id, t.name): t.pk for t in stored}
    kept: dict[int, int] = {}  # team id → its members the file does not name in the event
    members = Entry.objects.filter(team__in=stored).values_list(
        "team_id", "event_id", "person__document_type", "person__document_number"
    )
    for team, event, kind, number in members:
        if (kind, number) not in in_file.get(event, ()):
            kept[team] = kept.get(team, 0) + 1
    teams_now: dict[int, int] = {}
    for t in stored:
        teams_now[t.event_id] = teams_now.get(t.event_id, 0) + 1
    for (_, name), plans in groups.items():
        event = plans[0].event
        already = kept.get(names.get((event.id, name)), 0)
        total = len(plans) + already
        problem = None
        if total > event.team_size:
            held = f"（含已登记的 {already} 人）" if already else ""
            problem = (
                f"“{name}”队共 {total} 人{held}，“{event}”是{kind_of(event)}，"
                f"每队 {event.team_size} 人"
            )
        elif (event.id, name) not in names:
            limit = quota_of(delegation, event)
            if limit is not None and teams_now.get(event.id, 0) >= limit:
                problem = f"{event} 每个代表队限报 {limit} 队，已报满（含本文件前面的行）"
            else:
                teams_now[event.id] = teams_now.get(event.id, 0) + 1
        if problem:
            for plan in plans:
                refused[plan.number] = f"第 {plan.number} 行 队名：{problem}"
    return refused


def write_teams(delegation, planned) -> list[str]:
    """After the import's entries are written: each row's entry in the team its 队名 names
    (created when new). Returns the names of the teams created."""
    wanted = [
        (plan.event.id, plan.values["team"], _key(plan.values))
        for plan in planned
        if plan.event.is_team_event and plan.values.get("team")
    ]
    if not wanted:
        return []
    events = {event for event, _, _ in wanted}
    stored = Team.objects.select_for_update().filter(delegation=delegation, event_id__in=events)
    teams = {(t.event_id, t.name): t for t in stored}
    created = []
    for event, name, _ in wanted:
        if (event, name) not in teams:
            teams[(event, name)] = Team.objects.create(
                delegation=delegation, event_id=event, name=name
            )
            created.append(name)
    entries = Entry.objects.filter(delegation=delegation, event_id__in=events).values_list(
        "id", "event_id", "person__document_type", "person__document_number", "team_id"
    )
    found = {(event, kind, number): (pk, team) for pk, event, kind, number, team in entries}
    moved: dict[int, list[int]] = {}
    touched = set()
    for event, name, key in wanted:
        pk, current = found[(event, *key)]
        target = teams[(event, name)].pk
        if current != target:
            moved.setdefault(target, []).append(pk)
            touched |= {target, current}
    for team, ids in moved.items():
        Entry.objects.filter(pk__in=ids).update(team_id=team)
    Team.objects.filter(pk__in=touched - {None}).update(version=F("version") + 1)
    return created
