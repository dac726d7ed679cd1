"""A rulebook that changes any single value its schema holds changes the outputs that depend on it
(issue 20: any edition is a rulebook file, and the engine follows every parameter).

Every leaf of the 2020 rulebook (walked through the schema, so that a field added to the schema
is walked too) is changed in turn to a sensible other value of its type — a date moved a day, a
number moved by one (weights moved in pairs so that they still total 100), a text changed, a
choice swapped, a name renamed wherever the rulebook refers to it — and the outputs computed from
fixed samples must change: the three calculators' JSON (eligibility of entries chosen at every
window, age, status, honour, placing and priority boundary; totals, ranks, titles, certificates
and the national-finals selection of finalists placed on every tier, tie-break and award
boundary; the self-evaluation forms of the organization award at every bracket and cap), the
showcase, publication, re-check and marking rules, award proposals, and the blank registration
template. A field no output depends on fails here, unless `EXEMPT` lists it with its reason.
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import io
import json
import shutil
import tempfile
import types
import typing
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError
from stdnum.cn import ric

from zhenxing.calculators import check_entries, compute_results, score_org_award
from zhenxing.calculators.common import InputError
from zhenxing.formats.entry_template import write_blank
from zhenxing.rules import awards, marking, publication, recheck, showcase
from zhenxing.rules.rulebook import Rulebook, load_edition
from zhenxing.rules.rulebook_diff import diff

RB = load_edition("2020-nmg")
DAY = dt.timedelta(days=1)

# Fields that no rules/, formats/ or calculators/ output depends on, each with why that is right.
# Everything else the schema holds must change an output when it changes.
EXEMPT = {
    # display-only metadata of the edition: shown on its pages and documents, decides nothing
    "edition.level": "stored with the edition (editions app), shown on its public page",
    "edition.national_counterpart": "named on the national-finals page (awards app)",
    "edition.theme": "shown on the public pages",
    "edition.notice_number": "cited on the public page and the organization-award pages",
    "edition.notice_title": "cited on the organization-award pages",
    "edition.organizers[]": "printed on certificates (awards app)",
    "edition.period_end": "shown; closes the edition's forms in the apps (registration)",
    "edition.finals_deadline": "shown on the edition's page and dashboard",
    "edition.materials_deadline": "the materials' deadline, enforced by the orgaward app",
    "edition.materials.clause": "cited on the materials page (orgaward app)",
    "edition.materials.items[]": "listed on the materials page (orgaward app)",
    "edition.materials.recipient": "named on the materials page (orgaward app)",
    "office.name": "contacts: shown on the public page",
    "office.body": "contacts: shown on the public page",
    "office.contact.name": "contacts: shown on the public page",
    "office.contact.phone": "contacts: shown on the public page",
    "office.contact.email": "contacts: shown on the public page",
    "office.contact.address": "contacts: shown on the public page",
    "office.contact.postcode": "contacts: shown on the public page",
    "committee[].role": "the committee's members, shown on the public page",
    "committee[].name": "the committee's members, shown on the public page",
    "committee[].position": "the committee's members, shown on the public page",
    "host_units[].code": "binds events to host units (host staff's rights in the apps)",
    "host_units[].name": "the host unit's organization, created by the editions app",
    "host_units[].contact.name": "contacts: shown on the public page",
    "host_units[].contact.phone": "contacts: shown on the public page",
    "host_units[].contact.email": "contacts: shown on the public page",
    "host_units[].contact.address": "contacts: shown on the public page",
    "host_units[].contact.postcode": "contacts: shown on the public page",
    "addressees[].kind": "the organizations the editions app creates, and who may nominate",
    "addressees[].names[]": "the organizations the editions app creates",
    "addressees[].body": "the organizations' full names, made by the editions app",
    "events[].host_unit": "which host unit runs an event's final (editions, judging apps)",
    "registration.deadline": "closes registration (registration app); absent in 2020",
    "registration.quotas[].occupation": "places per delegation (registration app); none in 2020",
    "registration.quotas[].group": "places per delegation (registration app); none in 2020",
    "registration.quotas[].per_delegation": "places per delegation (registration app)",
    "showcase.name": "the activity's one name, shown by the showcase pages",
    "showcase.theme": "the activity's theme, shown by the showcase pages",
    "events[].team_size": "which events are entered as teams (registration, judging, awards apps)",
}
# Fields 2020's rulebook does not use (no value to change there): walked over 2025-ah instead, in
# tests/rules/test_eligibility_variations.py.
WALKED_ELSEWHERE = {
    "eligibility.student_enrolled_by",
    "eligibility.student_enrolled_clause",
    "eligibility.school_provinces[]",
    "eligibility.school_region_label",
    "eligibility.school_clause",
    "eligibility.excluding_title_rights[].title",
    "eligibility.excluding_title_rights[].years[]",
    "eligibility.title_rights_clause",
}

# Values absent from the 2020 rulebook (None or an empty list), and the value to try there.
FILL = {
    "groups.*.born_to": dt.date(1999, 12, 31),
    "awards.titles[].born_from": dt.date(1986, 1, 1),
    "orgaward.rows[].brackets[].to": None,  # set from the bracket's lower end below
    "orgaward.categories[].max": Decimal(1),
}


# ---------------------------------------------------------------- walking the schema


def _unwrap(annotation):
    """X | None → X."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _key(name: str, info) -> str:
    return info.alias or name


def schema_paths(model: type[BaseModel] = Rulebook, prefix: str = "") -> list[str]:
    """Every leaf field the schema can hold: `scoring.tie_breaks[]`, `groups.*.label`…"""
    out = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{_key(name, info)}" if prefix else _key(name, info)
        out += _paths(_unwrap(info.annotation), path)
    return out


def _paths(annotation, path: str) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return schema_paths(annotation, path)
    if typing.get_origin(annotation) is list:
        return _paths(_unwrap(typing.get_args(annotation)[0]), path + "[]")
    if typing.get_origin(annotation) is dict:
        return _paths(_unwrap(typing.get_args(annotation)[1]), path + ".*")
    return [path]


@dataclass(frozen=True)
class Leaf:
    where: tuple  # keys into the rulebook's dumped data
    schema: str  # its path in the schema
    value: object
    annotation: object


def leaves(value, annotation, where: tuple = (), schema: str = ""):
    annotation = _unwrap(annotation)
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            key = _key(name, info)
            path = f"{schema}.{key}" if schema else key
            yield from leaves(getattr(value, name), info.annotation, (*where, key), path)
    elif isinstance(value, list) and value:
        item = typing.get_args(annotation)[0]
        for index, part in enumerate(value):
            yield from leaves(part, item, (*where, index), schema + "[]")
    elif isinstance(value, dict) and value:
        item = typing.get_args(annotation)[1]
        for key, part in value.items():
            yield from leaves(part, item, (*where, key), schema + ".*")
    else:
        yield Leaf(where, schema, value, annotation)


BASE = RB.model_dump(mode="python", by_alias=True)
LEAVES = list(leaves(RB, Rulebook))


# ---------------------------------------------------------------- changing one value


def _set(data: dict, where: tuple, value) -> dict:
    changed = copy.deepcopy(data)
    target = changed
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return changed


def _get(data, where: tuple):
    for key in where:
        data = data[key]
    return data


def _renamed(data, old: str, new: str):
    """`old` renamed to `new` wherever the rulebook writes it (an occupation, a key…)."""
    if isinstance(data, dict):
        return {k: _renamed(v, old, new) for k, v in data.items()}
    if isinstance(data, list):
        return [_renamed(v, old, new) for v in data]
    return new if data == old else data


def _weights(data: dict, where: tuple):
    """A weight moved by one point to or from another part: still 100 in all."""
    parts = ["current_affairs_weight", "knowledge_weight", "practical_weight"]
    mine = where[-1]
    for other in [p for p in parts if p != mine]:
        for step in (1, -1):
            moved = _set(data, where, data["scoring"][mine] + step)
            moved["scoring"][other] -= step
            yield moved


def _category(data: dict, where: tuple):
    current = _get(data, where)
    for category in data["orgaward"]["categories"]:
        if category["key"] != current:
            yield _set(data, where, category["key"])


MUTATORS = {
    "scoring.current_affairs_weight": _weights,
    "scoring.knowledge_weight": _weights,
    "scoring.practical_weight": _weights,
    "orgaward.rows[].category": _category,
}


def _values(leaf: Leaf) -> list:
    value, annotation = leaf.value, _unwrap(leaf.annotation)
    if value is None or value == [] or value == {}:
        if leaf.schema == "orgaward.rows[].brackets[].to":
            return [_get(BASE, leaf.where[:-1])["from"] + 5]
        return [FILL[leaf.schema]] if leaf.schema in FILL else []
    if typing.get_origin(annotation) is typing.Literal:
        return [choice for choice in typing.get_args(annotation) if choice != value]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | Decimal):
        return [value + 1, value - 1]
    if isinstance(value, dt.date):
        return [value + DAY, value - DAY]
    if isinstance(value, str):
        return [value + "改", value + "-x"]
    return []


def variants(leaf: Leaf) -> list[dict]:
    """Changed rulebook data, most sensible first (not all of them valid)."""
    if leaf.schema in MUTATORS:
        return list(MUTATORS[leaf.schema](BASE, leaf.where))
    return [_set(BASE, leaf.where, value) for value in _values(leaf)]


def renamed(leaf: Leaf) -> list[dict]:
    """A name others refer to (an occupation, a category's key…), renamed everywhere: tried
    only when no value of the leaf alone is valid, lest it move another field's value too."""
    if isinstance(leaf.value, str):
        return [_renamed(BASE, leaf.value, leaf.value + "改")]
    return []


# ---------------------------------------------------------------- the samples (fixed, from 2020)


def make_id(birth: dt.date, province: str = "15", seq: int = 12) -> str:
    body = f"{province}0102{birth:%Y%m%d}{seq:02d}3"
    return body + ric.calc_check_digit(body + "0")


def person(birth: dt.date, **fields) -> dict:
    return {"name": "张三", "gender": "男", "birth_date": birth.isoformat(),
            "id_number": make_id(birth), **fields}  # fmt: skip


def _years_before(day: dt.date, years: int) -> dt.date:
    return awards.add_years(day, -years)


def _entries() -> list[dict]:
    rules = RB.eligibility
    held = {}
    for event in RB.events:
        held.setdefault(event.group, event.occupation)
    plain = {code: {"occupation": held[code], "group": RB.groups[code].label,
                    "full_time_student": code == "student"} for code in RB.groups}  # fmt: skip
    worker, student = plain["worker"], plain["student"]
    out = []
    for code, group in RB.groups.items():
        for day in filter(None, (group.born_from, group.born_to)):
            out += [person(birth, **plain[code]) for birth in (day - DAY, day, day + DAY)]
        for birth in (dt.date(1999, 12, 31), dt.date(2000, 1, 1), dt.date(1986, 1, 1)):
            out.append(person(birth, **plain[code]))  # where FILL moves a window to
        out.append(person(dt.date(2000, 1, 1), **{**plain[code], "non_public_economy": True}))
        birth = dt.date(2000, 1, 1)
        for year in rules.placing_years:
            for x in rules.placing_exclusions:
                for rank in (x.max_rank, x.max_rank + 1):
                    where = {"year": year, "class": x.class_, "team_size": x.team_size}
                    out.append(person(birth, **plain[code], placings=[{**where, "rank": rank}]))
            out.append(person(birth, **plain[code], placings=[
                {"year": year, "class": 1, "team_size": 4, "rank": 1}]))  # fmt: skip
        level = rules.priority_qualification_level
        for held_level in (level, level + 1):
            qualification = {"occupation": plain[code]["occupation"], "level": held_level}
            out.append(person(birth, **plain[code], qualifications=[qualification]))
    start = RB.edition.period_start
    youngest = _years_before(start, rules.minimum_age)
    out += [person(youngest, **worker), person(youngest + DAY, **worker)]
    out += [
        person(dt.date(1990, 1, 1), **{**worker, "full_time_student": True}),
        person(
            dt.date(1990, 1, 1),
            **{**worker, "full_time_student": True, "student_entrepreneur": True},
        ),  # fmt: skip
        person(dt.date(2000, 1, 1), **{**student, "full_time_student": False}),
        person(dt.date(1990, 1, 1), **{**worker, "occupation": "不存在的职业"}),
        person(dt.date(2000, 1, 1), **{**student, "occupation": worker["occupation"]}),
        person(dt.date(1990, 1, 1), **worker, honors=["优秀共青团员"]),
        {**person(dt.date(1990, 1, 1), **worker), "id_number": None},  # a passport holder
    ]
    out += [person(dt.date(1990, 1, 1), **worker, honors=[h]) for h in rules.excluding_honors]
    for index, province in enumerate(rules.province_codes):
        birth = dt.date(1990, 1, 1)
        out.append({**person(birth, **worker), "id_number": make_id(birth, province, index)})
    return out


def _scores(ident, practical, knowledge=100, current_affairs=100, **extra) -> dict:
    return {"id": ident, "birth_date": "1990-01-01", "current_affairs": current_affairs,
            "knowledge": knowledge, "practical": practical, **extra}  # fmt: skip


FULL = {"current_affairs": 100, "knowledge": 100, "practical": 100}


def _results() -> dict:
    award_date = RB.edition.period_end
    label = {code: group.label for code, group in RB.groups.items()}
    events = [
        {"occupation": e.occupation, "group": label[e.group], "full_marks": FULL,
         "contestants": [_scores("P1", 90), _scores("P2", 80)]}
        for e in RB.events
    ]  # fmt: skip
    regional = next(e.occupation for e in RB.events if e.group == "worker" and e.host_unit)
    national = next(e.occupation for e in RB.events if e.group == "worker" and not e.host_unit)
    tiers = RB.awards.certificates.tiers
    years = RB.awards.certificates.promotion_years

    def tier_level(rank):
        return next(t.level for t in tiers if t.from_rank <= rank <= t.to_rank)

    def held(level, issued):
        return [{"occupation": regional, "level": level, "issued_on": issued.isoformat()}]

    title_born = next(t.born_from for t in RB.awards.titles if t.born_from)
    qualified = {
        1: held(tier_level(1), _years_before(award_date, years)),
        2: held(tier_level(2), award_date - DAY),
        5: held(tier_level(5), _years_before(award_date, 5)),
        7: held(tier_level(7), _years_before(award_date, 5)),
    }
    ranked = []
    for rank in range(1, 13):
        born = title_born if rank <= 3 else dt.date(1990, 1, 1)
        ranked.append(
            _scores(f"R{rank}", 100 - rank, birth_date=born.isoformat(),
                    qualifications=qualified.get(rank, []))
        )  # fmt: skip
    tied = [100, 99, 98, 98, 96, 95, 95, 93, 92, 91, 91, 89]
    tie_breaks = [
        _scores("T1", 80),  # the highest total, a lower practical part than T2
        _scores("T2", 100, knowledge=0, current_affairs=0),
        _scores("T3", 75, knowledge=0, current_affairs=0),  # = T4's total, more practical
        _scores("T4", 50),
        _scores("T5", 50, knowledge=50),  # = T6's published total and practical part
        _scores("T6", 50, knowledge=Decimal("50.02")),
    ]
    worker = label["worker"]
    events += [
        {"occupation": regional, "group": worker, "certificate": "qualification",
         "full_marks": FULL, "contestants": ranked},
        {"occupation": regional, "group": worker, "certificate": "special_ability",
         "full_marks": FULL, "contestants": ranked},
        {"occupation": national, "group": worker, "certificate": "qualification",
         "full_marks": FULL, "contestants": [_scores(f"N{i}", p) for i, p in enumerate(tied)]},
        {"occupation": regional, "group": worker, "full_marks": FULL, "contestants": tie_breaks},
        {"occupation": regional, "group": worker,
         "full_marks": {"knowledge": 100, "practical": 100},
         "contestants": [_scores("W1", 90), _scores("W2", 80)]},
    ]  # fmt: skip
    for event in RB.events:
        if event.group != "worker":
            events.append({**events[-3], "occupation": event.occupation,
                           "group": label[event.group], "contestants": ranked[:4]})  # fmt: skip
    return {"award_date": award_date.isoformat(), "events": events}


def _forms() -> dict:
    national = RB.national_occupations()
    others = [o.name for o in RB.occupations if o.level != "national"][:6]
    full = {
        "organization": "甲",
        "committee_established": True,
        "notice_issued": "joint",
        "regular_meetings": True,
        "preliminary_occupations": [*national, *others],
        "incentives": {
            key: True
            for key in (
                "league_skill_expert_title",
                "league_youth_post_title",
                "promotion_policy",
                "other_rewards",
            )
        },
        "youth_covered": {"last_year": 1000, "this_year": 1150},
        "finals_entries": {"workers": 13, "students": 13},
        "final_placings": [1, 5, 6, 20, 21],
        "sharing_events": 5,
        "media_reports": {"central": 2, "provincial": 3, "league": 3},
        "training_classes": [{"trainees": 50, "days": 3}] * 3
        + [{"trainees": 49, "days": 3}, {"trainees": 50, "days": 2}],
        "tiered_training_reach": 10000,
    }
    forms = [full, {"organization": "乙"}, {"organization": "丙", "notice_issued": "league_alone"}]
    for growth in (55, 50, 49, 45, 40, 39, 35, 30, 25, 19, 15, 10, 9, 5, 0, -10):
        forms.append({"organization": f"增长{growth}",
                      "youth_covered": {"last_year": 1000, "this_year": 1000 + 10 * growth}})  # fmt: skip
    for placing in (1, 5, 6, 20, 21):
        forms.append({"organization": f"名次{placing}", "final_placings": [placing]})
    forms += [
        {"organization": "小", "committee_established": True, "media_reports": {"league": 1},
         "sharing_events": 1, "finals_entries": {"workers": 1}, "tiered_training_reach": 1}
    ]  # fmt: skip
    for veto in RB.orgaward.vetoes:
        forms.append({**full, "organization": veto.code, "vetoes": [veto.code]})
    return {"organizations": forms}


FOLDER = Path(tempfile.mkdtemp(prefix="rulebook-properties-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)


def _file(name: str, data: dict) -> str:
    path = FOLDER / name
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), "utf-8")
    return str(path)


ENTRIES = _file("entries.json", {"entries": _entries()})
RESULTS = _file("results.json", _results())
FORMS = _file("forms.json", _forms())


# ---------------------------------------------------------------- the outputs


def _calculator(module, path):
    return lambda rb: module.compute(path, rb)


def _showcase(rb: Rulebook):
    rule = RB.showcase
    start, end, young = rule.starts_on, rule.ends_on, _years_before(rule.starts_on, 16)
    births = [rule.born_from - DAY, rule.born_from, rule.born_from + DAY, young, young + DAY]
    nominees = [showcase.Nominee(b, make_id(b), "enterprise", start) for b in births]
    kinds = [*rule.nominators, "hr_bureau"]
    nominees += [showcase.Nominee(dt.date(2000, 1, 1), None, k, start) for k in kinds]
    days = (start - DAY, start, end, end + DAY)
    nominees += [showcase.Nominee(dt.date(2000, 1, 1), None, "enterprise", d) for d in days]
    return [asdict(showcase.check_nominee(n, rb)) for n in nominees]


def _publication(rb: Rulebook):
    end = dt.datetime(2031, 11, 20, 15, 0, tzinfo=dt.UTC)
    moments = [end + dt.timedelta(hours=h) for h in (0, 1, 2, 3, 24 * 5, 24 * 6, 24 * 7)]
    return [
        publication.appeal_closes(end, rb),
        publication.publication_ends(end, rb),
        [publication.appeal_open(end, now, rb) for now in moments],
        [publication.result_state(end, now, 0, rb) for now in moments],
    ]


def _recheck(rb: Rulebook):
    ids = [f"C{i:03d}" for i in range(110)]
    sample = recheck.recheck_sample(ids, "seed", rb)
    return [sample, recheck.recheck_outcome(ids[:100], ids[:5], rb)]


def _marking(rb: Rulebook):
    aspect = marking.Aspect("M1", "规范操作", Decimal(10), "scale_0_3")
    return [marking.aspect_mark(aspect, marks, rb.scoring) for marks in ([1, 2, 2], [0, 1, 2])]


def _proposals(rb: Rulebook):
    award_date = RB.edition.period_end
    held = [awards.Held(2, _years_before(award_date, 3)), awards.Held(3, None)]
    return [
        awards.proposals_for(
            rank, group, dt.date(1990, 1, 1), kind, held[:n], award_date, rb.awards
        )
        for rank in (1, 3, 4, 7, 11)
        for group in RB.groups
        for kind in ("qualification", "special_ability")
        for n in (0, 1, 2)
    ]


def _template(rb: Rulebook):
    out = io.BytesIO()
    write_blank(out, rb)
    return out.getvalue()


OUTPUTS = {  # the cheap ones first: a changed rulebook stops at the first output that moves
    "check-entries": _calculator(check_entries, ENTRIES),
    "score-org-award": _calculator(score_org_award, FORMS),
    "compute-results": _calculator(compute_results, RESULTS),
    "showcase": _showcase,
    "publication": _publication,
    "recheck": _recheck,
    "marking": _marking,
    "awards": _proposals,
    "registration template": _template,
}


def _output(name: str, rb: Rulebook):
    try:
        return OUTPUTS[name](rb)
    except (InputError, ValueError, KeyError) as exc:  # a refusal is an output too
        return f"{type(exc).__name__}: {exc}"


@cache
def baseline(name: str):
    return _output(name, RB)


def moved_output(rb: Rulebook) -> str | None:
    """The first output that differs from 2020's, or None."""
    return next((name for name in OUTPUTS if _output(name, rb) != baseline(name)), None)


def follows(leaf: Leaf) -> tuple[str, str]:
    """("changes", output) | ("ignored", the values tried) | ("fixed", why no value was valid)."""
    tried, errors = [], []
    for data in [*variants(leaf), None]:
        if data is None:  # past the leaf's own values
            if tried:
                break
            return follows_renamed(leaf, errors)
        try:
            rulebook = Rulebook.model_validate(data)
        except ValidationError as exc:
            errors.append(exc.errors()[0]["msg"])
            continue
        assert diff(RB, rulebook), f"{leaf.where}: edition diff says nothing changed"
        tried.append(repr(_get(data, leaf.where)))
        moved = moved_output(rulebook)
        if moved:
            return "changes", moved
    return "ignored", "、".join(tried)


def follows_renamed(leaf: Leaf, errors: list[str]) -> tuple[str, str]:
    for data in renamed(leaf):
        try:
            rulebook = Rulebook.model_validate(data)
        except ValidationError as exc:
            errors.append(exc.errors()[0]["msg"])
            continue
        assert diff(RB, rulebook), f"{leaf.where}: edition diff says nothing changed"
        moved = moved_output(rulebook)
        return ("changes", moved) if moved else ("ignored", f"renamed {leaf.value!r}")
    return "fixed", "; ".join(errors) or "no value to try (add it to FILL)"


# ---------------------------------------------------------------- the tests

PATHS = sorted(set(schema_paths()))


@pytest.mark.parametrize("path", [p for p in PATHS if p not in EXEMPT.keys() | WALKED_ELSEWHERE])
def test_changing_the_value_changes_an_output(path):
    held = [leaf for leaf in LEAVES if leaf.schema == path]
    assert held or path in FILL, f"{path}: 2020 规则文件中没有这个值，请在 FILL 中给一个试用值"
    findings = [(leaf.where, *follows(leaf)) for leaf in held]
    tried = [f for f in findings if f[1] != "fixed"]
    assert tried, f"{path}: 没有一个能通过校验的改法：{findings}"
    ignored = [f for f in findings if f[1] == "ignored"]
    assert not ignored, f"{path}: 改了这些值，没有任何输出变化：{ignored}"


def test_the_exempt_list_names_only_fields_of_the_schema():
    assert set(EXEMPT) <= set(PATHS), set(EXEMPT) - set(PATHS)
    assert set(FILL) <= set(PATHS), set(FILL) - set(PATHS)
    assert set(PATHS) >= WALKED_ELSEWHERE, WALKED_ELSEWHERE - set(PATHS)


def test_the_samples_are_judged_without_error():
    for name in OUTPUTS:
        assert not isinstance(baseline(name), str), baseline(name)
    verdicts = baseline("check-entries")["results"]
    assert {r["eligible"] for r in verdicts} == {True, False}


if __name__ == "__main__":  # what each field moves: python -m tests.rules.test_rulebook_properties
    for leaf in LEAVES:
        if leaf.schema not in EXEMPT:
            print(leaf.schema, leaf.where[1:], *follows(leaf))
