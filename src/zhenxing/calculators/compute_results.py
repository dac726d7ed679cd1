"""`zhenxing compute-results FILE --json`: totals, ranks and awards (contracts.md §2).

A contestant of a team event (the rulebook's `team_size` 2 or 3) may list its `members`: the
team is ranked as one contestant, and each member gets the titles and certificate of the team's
rank on their own birth date and qualifications (docs/results.md §1.4)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from zhenxing.calculators.common import InputError, parse_json, read_bytes, rulebook_for
from zhenxing.rules import awards, ranking, scoring
from zhenxing.rules.eligibility import group_code
from zhenxing.rules.reasons import Reason
from zhenxing.rules.rulebook import Rulebook

CERTIFICATE_KINDS = ("qualification", "special_ability", "none")


def compute(path: str, chosen: Rulebook | None = None) -> dict:
    data = parse_json(read_bytes(path))
    rulebook = rulebook_for(data, chosen)
    award_date = _date(_required(data, "award_date", "award_date"), "award_date")
    events = _required(data, "events", "events")
    if not isinstance(events, list):
        raise InputError("events: 应为列表 […]")
    overrides = _finals_overrides(data.get("national_finals"))
    out = [_event(e, f"events[{i}]", rulebook, award_date, overrides) for i, e in enumerate(events)]
    return {"edition": rulebook.edition.code, "award_date": award_date.isoformat(), "events": out}


# ---------------------------------------------------------------- one event


def _event(event, where: str, rulebook: Rulebook, award_date: dt.date, overrides) -> dict:
    if not isinstance(event, dict):
        raise InputError(f"{where}: 应为对象 {{…}}")
    occupation = _text(_required(event, "occupation", where), f"{where}.occupation")
    group_label = _text(_required(event, "group", where), f"{where}.group")
    group = group_code(group_label, rulebook)  # the rulebook's label or code of a group
    if group is None:
        named = " 或 ".join(f'"{g.label}"' for g in rulebook.groups.values())
        raise InputError(f"{where}.group: 应为 {named}（收到 “{group_label}”）")
    occ = rulebook.occupation(occupation)
    if occ is None:
        raise InputError(f"{where}.occupation: 本届没有职业“{occupation}”")
    rule_event = rulebook.event(occ.name, group)
    if rule_event is None:
        raise InputError(f"{where}.group: 职业“{occ.name}”本届没有{group_label}比赛项目")
    kind = event.get("certificate")
    if kind is None:
        kind, source = occ.certificate, "rulebook"
    elif kind in CERTIFICATE_KINDS:
        source = "input"
    else:
        raise InputError(f"{where}.certificate: 应为 qualification、special_ability 或 none")
    full_marks = _full_marks(event.get("full_marks"), f"{where}.full_marks")
    with_ca = scoring.has_current_affairs(full_marks)
    contestants = _required(event, "contestants", where)
    if not isinstance(contestants, list):
        raise InputError(f"{where}.contestants: 应为列表 […]")
    people = [
        _contestant(c, f"{where}.contestants[{i}]", full_marks, with_ca, rule_event.team_size)
        for i, c in enumerate(contestants)
    ]
    _no_duplicate_ids(people, where)
    _no_duplicate_members(people, where)
    totals = [
        scoring.compute_total(p["scores"], full_marks, rulebook.scoring) if p["complete"] else None
        for p in people
    ]
    placings = ranking.rank_totals(totals, rulebook.scoring)
    flagged = scoring.flags_missing_current_affairs(rulebook.scoring, full_marks)
    flags = [_flag(scoring.no_current_affairs_reason(rulebook.scoring))] if flagged else []
    rows = [
        _ranked_row(
            people[p.index], totals[p.index], p, group, kind, occ.name, award_date, rulebook
        )
        for p in placings
    ]
    placed = {p.index for p in placings}
    rows += [_unranked_row(p) for i, p in enumerate(people) if i not in placed]
    out = {
        "occupation": occupation,
        "group": group_label,
        "certificate": kind,
        "certificate_source": source,
        "certificate_confirmed": occ.certificate_confirmed if source == "rulebook" else True,
        "flags": flags,
        "contestants": rows,
    }
    if occ.level == "national":
        ranked = [(people[p.index]["id"], p.rank) for p in placings]
        out["national_finals"] = _national_finals(ranked, rulebook, *overrides)
    return out


def _ranked_row(person, total, placing, group, kind, occupation, award_date, rulebook) -> dict:
    def awards_of(someone) -> dict:
        return _awards(someone, placing.rank, group, kind, occupation, award_date, rulebook)

    placed = [_flag(r) for r in placing.reasons]
    team = person["members"] is not None  # a team: the awards are each member's
    own = _NO_AWARDS | {"flags": [], "notes": [TEAM_NOTE]} if team else awards_of(person)
    row = {
        "id": person["id"],
        "total": str(total.published),
        "rank": placing.rank,
        "titles": own["titles"],
        "certificate": own["certificate"],
        "flags": placed + own["flags"],
        "separated_by": placing.separated_by,
        "title_proposals": own["title_proposals"],
        "certificate_approver": own["certificate_approver"],
        "notes": own["notes"],
    }
    if team:
        row["members"] = [_member_echo(m) | awards_of(m) for m in person["members"]]
    return row


TEAM_NOTE = "双人或三人赛项：名次属于参赛队，称号和证书发给每名队员，见 members"
_NO_AWARDS = {
    "titles": [],
    "certificate": None,
    "title_proposals": [],
    "certificate_approver": None,
}


def _awards(someone, rank, group, kind, occupation, award_date, rulebook) -> dict:
    """The titles and certificate of `rank` for one person (a contestant, or a team's member)."""
    titles = awards.titles_for(rank, group, someone["birth_date"], rulebook.awards)
    held = awards.held_in(someone["qualifications"], occupation)
    cert = awards.certificate_for(rank, kind, held, award_date, rulebook.awards)
    return {
        "titles": [t.name for t in titles if t.proposed],
        "certificate": cert.certificate.as_dict() if cert.certificate else None,
        "flags": [_flag(r) for r in cert.reasons],
        "title_proposals": [t.proposal() for t in titles if t.proposed],
        "certificate_approver": cert.approver if cert.certificate else None,
        "notes": [t.message for t in titles if not t.proposed],
    }


def _member_echo(member: dict) -> dict:
    return {"id": member["id"]} | ({"name": member["name"]} if member["name"] else {})


def _unranked_row(person) -> dict:
    missing = "、".join(scoring.PART_LABELS[p] for p in person["missing"])
    row = {
        "id": person["id"],
        "total": None,
        "rank": None,
        "titles": [],
        "certificate": None,
        "flags": [],
        "separated_by": None,
        "title_proposals": [],
        "certificate_approver": None,
        "notes": [f"缺少{missing}成绩，未完成全部考核，不参加排名（rules.md §5）"],
    }
    if person["members"] is not None:
        row["members"] = [
            _member_echo(m) | _NO_AWARDS | {"flags": [], "notes": []} for m in person["members"]
        ]
    return row


def _flag(reason: Reason) -> dict:
    return {"code": reason.code, "message": reason.message, "clause": reason.clause}


def _national_finals(ranked, rulebook: Rulebook, per_event, reserves) -> dict:
    rules = rulebook.awards.national_finals
    selection = awards.select_for_finals(
        ranked,
        rules.per_event if per_event is None else per_event,
        rules.reserves if reserves is None else reserves,
    )
    return {**selection.as_dict(), "clause": rules.clause}


# ---------------------------------------------------------------- reading the input


def _contestant(item, where: str, full_marks: dict, with_ca: bool, team_size: int) -> dict:
    if not isinstance(item, dict):
        raise InputError(f"{where}: 应为对象 {{…}}")
    ident = _ident(_required(item, "id", where), f"{where}.id")
    parts = scoring.PARTS if with_ca else ("knowledge", "practical")
    scores = {}
    for part in parts:
        value = item.get(part)
        if value is not None:
            value = _decimal(value, f"{where}.{part}")
            problem = scoring.score_problem(value, full_marks[part])
            if problem:
                raise InputError(f"{where}.{part}: {problem}")
        scores[part] = value
    missing = [p for p in parts if scores[p] is None]
    return {
        "id": ident,
        "scores": scores,
        "complete": not missing,
        "missing": missing,
        **_personal(item, where),
        "members": _members(item.get("members"), f"{where}.members", team_size),
    }


def _ident(value, where: str):
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{where}: 应为文本或整数")
    return value


def _personal(item: dict, where: str) -> dict:
    """What the awards of one person are judged on."""
    birth = item.get("birth_date")
    return {
        "birth_date": None if birth is None else _date(birth, f"{where}.birth_date"),
        "qualifications": _qualifications(item.get("qualifications"), f"{where}.qualifications"),
    }


def _members(items, where: str, team_size: int) -> list[dict] | None:
    """A team's members (team events only), each with an id and, for the awards, a birth date
    and qualifications; None when not given."""
    if items is None:
        return None
    if team_size == 1:
        raise InputError(f"{where}: 本项目为单人赛项，不填 members")
    if not isinstance(items, list):
        raise InputError(f"{where}: 应为列表 […]")
    if len(items) != team_size:
        raise InputError(
            f"{where}: 应为 {team_size} 名队员（本项目每队 {team_size} 人），收到 {len(items)} 名"
        )
    out = []
    for i, member in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(member, dict):
            raise InputError(f"{here}: 应为对象 {{…}}")
        name = member.get("name")
        if name is not None:
            name = _text(name, f"{here}.name")
        out.append(
            {"id": _ident(_required(member, "id", here), f"{here}.id"), "name": name}
            | _personal(member, here)
        )
    return out


def _qualifications(items, where: str) -> list[dict]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(f"{where}: 应为列表 […]")
    out = []
    for i, q in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(q, dict):
            raise InputError(f"{here}: 应为对象 {{…}}")
        occupation = _text(_required(q, "occupation", here), f"{here}.occupation")
        level = _required(q, "level", here)
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise InputError(f"{here}.level: 应为 1–5 的整数（1 为最高级）")
        issued = _date(_required(q, "issued_on", here), f"{here}.issued_on")
        out.append({"occupation": occupation, "level": level, "issued_on": issued})
    return out


def _full_marks(value, where: str) -> dict:
    if value is None:
        raise InputError(f"{where}: 缺少必填字段（各部分满分）")
    if not isinstance(value, dict):
        raise InputError(f"{where}: 应为对象 {{…}}")
    marks = {}
    for part in scoring.PARTS:
        raw = value.get(part)
        if raw is None:
            if part != "current_affairs":
                raise InputError(f"{where}.{part}: 缺少必填字段（满分）")
            marks[part] = None
            continue
        marks[part] = _decimal(raw, f"{where}.{part}")
        if marks[part] <= 0:
            raise InputError(f"{where}.{part}: 满分应大于 0")
    return marks


def _finals_overrides(value) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise InputError("national_finals: 应为对象 {…}")
    out = []
    for key in ("per_event", "reserves"):
        number = value.get(key)
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int) or number < 0
        ):
            raise InputError(f"national_finals.{key}: 应为不小于 0 的整数")
        out.append(number)
    return out[0], out[1]


def _no_duplicate_ids(people: list[dict], where: str) -> None:
    seen = {}
    for i, person in enumerate(people):
        key = str(person["id"])
        if key in seen:
            raise InputError(
                f"{where}.contestants[{i}].id: 与 contestants[{seen[key]}] 重复（“{key}”）"
            )
        seen[key] = i


def _no_duplicate_members(people: list[dict], where: str) -> None:
    """A person is in one team: a member id appears once in an event."""
    seen = {}
    for i, person in enumerate(people):
        for j, member in enumerate(person["members"] or []):
            key = str(member["id"])
            if key in seen:
                raise InputError(
                    f"{where}.contestants[{i}].members[{j}].id: 与 {seen[key]} 重复（“{key}”）"
                )
            seen[key] = f"contestants[{i}].members[{j}]"


def _required(item: dict, key: str, where: str):
    if item.get(key) is None:
        path = key if where == key else f"{where}.{key}"
        raise InputError(f"{path}: 缺少必填字段")
    return item[key]


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: 应为文本")
    return value


def _decimal(value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise InputError(f"{where}: 应为数字")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(str(value))
    except InvalidOperation:
        raise InputError(f"{where}: 应为数字（收到 “{value}”）") from None
    if not number.is_finite():
        raise InputError(f"{where}: 应为数字（收到 “{value}”）")
    return number


def _date(value, where: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: 不是有效日期（应为 YYYY-MM-DD）") from None
