"""The self-evaluation form (附件4) filled from an organization's records and the platform's own
data: its approved finals entries per group and its placings in published finals results. The
rules core scores it (`rules.orgaward.score_form`); this module only gathers the inputs and says,
for each row, which records and entries it counted."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from zhenxing.editions.models import Event
from zhenxing.registration.models import Entry
from zhenxing.results.models import Result
from zhenxing.rules.numbers import decimal_text
from zhenxing.rules.orgaward import FormScore, OrgForm, score_form, split_preliminaries
from zhenxing.rules.orgaward import TrainingClass as ClassHeld
from zhenxing.rules.rulebook import normalize_name

from . import models as m
from .kinds import kind_of_model

MEETINGS_FOR_REGULAR = 2  # "定期召开会议": two or more recorded meetings (docs/decisions.md)


@dataclass
class Filled:
    """The form as the engine scored it, and each row's value and sources for people."""

    form: OrgForm
    score: FormScore
    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # (text, url)


def _records(model, edition, organization):
    found = list(model.objects.filter(edition=edition, organization=organization))
    for record in found:
        record.edition = edition  # its links name the edition: no query per record
    return found


def _link(record) -> tuple[str, str]:
    kind = kind_of_model(record)
    url = reverse(
        "orgaward:record",
        args=[record.edition.code, record.organization_id, kind.slug, record.pk],
    )
    return f"{kind.label}：{record}", url


def _entry_link(edition, entry, extra: str = "") -> tuple[str, str]:
    text = f"报名：{entry.person.name}（{entry.event}）{extra}"
    return text, reverse("registration:entry_detail", args=[edition.code, entry.pk])


def _shown(occupation: str, rulebook) -> str:
    """An occupation as `split_preliminaries` names it."""
    known = rulebook.occupation(occupation)
    return known.name if known else normalize_name(occupation)


def fill(edition, organization) -> Filled:
    """Score `organization`'s form in `edition` from what is stored now."""
    rulebook = edition.rulebook()
    get = lambda model: _records(model, edition, organization)  # noqa: E731
    committees, meetings = get(m.Committee), get(m.Meeting)
    preliminaries, incentives = get(m.Preliminary), get(m.Incentive)
    coverage = {c.year: c for c in get(m.Coverage)}
    sharing, media = get(m.SharingEvent), get(m.MediaReport)
    classes, tiered = get(m.TrainingClass), get(m.TieredTraining)
    year = edition.period_start.year
    this_year, last_year = coverage.get(year), coverage.get(year - 1)

    entries = list(
        Entry.objects.filter(
            delegation__edition=edition,
            delegation__organization=organization,
            status=Entry.Status.APPROVED,
        ).select_related("person", "event__occupation")
    )
    workers = [e for e in entries if e.event.group == Event.Group.WORKER]
    students = [e for e in entries if e.event.group == Event.Group.STUDENT]
    placings = list(
        Result.objects.filter(
            competitor__entry__delegation__edition=edition,
            competitor__entry__delegation__organization=organization,
            competitor__final__published_at__isnull=False,
            rank__isnull=False,
        )
        .select_related("competitor__entry__person", "competitor__entry__event__occupation")
        .order_by("rank", "pk")
    )

    notices = {c.notice_issuer for c in committees if c.notice_issuer}
    notice = "joint" if "joint" in notices else ("league_alone" if notices else None)
    kinds_held = {i.kind for i in incentives}
    levels = Counter(r.level for r in media)
    form = OrgForm(
        organization=organization.body or organization.name,
        committee_established=bool(committees),
        notice_issued=notice,
        regular_meetings=len(meetings) >= MEETINGS_FOR_REGULAR,
        preliminary_occupations=tuple(p.occupation for p in preliminaries),
        incentives={k: k in kinds_held for k in m.Incentive.Kind.values},
        youth_last_year=last_year.youth_covered if last_year else 0,
        youth_this_year=this_year.youth_covered if this_year else 0,
        finals_workers=len(workers),
        finals_students=len(students),
        final_placings=tuple(r.rank for r in placings),
        sharing_events=len(sharing),
        media_reports={level: levels.get(level, 0) for level in m.MediaReport.Level.values},
        training_classes=tuple(ClassHeld(c.trainees, Decimal(c.days)) for c in classes),
        tiered_training_reach=sum(t.reach for t in tiered) if tiered else None,
    )
    filled = Filled(form, score_form(form, rulebook))
    values, sources = filled.values, filled.sources

    issuer = dict(m.Committee.Issuer.choices)
    values["committee"] = "已成立" if committees else "未记录"
    sources["committee"] = [_link(c) for c in committees]
    values["notice"] = issuer[notice] if notice else "未记录"
    sources["notice"] = [_link(c) for c in committees if c.notice_issuer]
    values["meetings"] = f"{len(meetings)} 次（{MEETINGS_FOR_REGULAR} 次及以上为定期召开）"
    sources["meetings"] = [_link(x) for x in meetings]
    finals, extra = split_preliminaries(form.preliminary_occupations, rulebook)
    for key, names in (("prelim_finals_occupations", finals), ("prelim_extra_occupations", extra)):
        values[key] = "、".join(names) or "无"
        sources[key] = [_link(p) for p in preliminaries if _shown(p.occupation, rulebook) in names]
    for key, kind in (
        ("incentive_skill_expert", m.Incentive.Kind.SKILL_EXPERT),
        ("incentive_youth_post", m.Incentive.Kind.YOUTH_POST),
        ("incentive_promotion", m.Incentive.Kind.PROMOTION),
        ("incentive_other", m.Incentive.Kind.OTHER),
    ):
        held = [i for i in incentives if i.kind == kind]
        values[key] = "有" if held else "无"
        sources[key] = [_link(i) for i in held]
    values["coverage_growth"] = (
        f"{year - 1} 年 {form.youth_last_year} 人，{year} 年 {form.youth_this_year} 人"
    )
    sources["coverage_growth"] = [_link(c) for c in (last_year, this_year) if c]
    values["finals_workers"] = f"{len(workers)} 人"
    sources["finals_workers"] = [_entry_link(edition, e) for e in workers]
    values["finals_students"] = f"{len(students)} 人"
    sources["finals_students"] = [_entry_link(edition, e) for e in students]
    values["finals_results"] = "、".join(f"第 {r.rank} 名" for r in placings) or "无"
    sources["finals_results"] = [
        _entry_link(edition, r.competitor.entry, f"第 {r.rank} 名") for r in placings
    ]
    values["sharing_events"] = f"{len(sharing)} 场"
    sources["sharing_events"] = [_link(s) for s in sharing]
    labels = dict(m.MediaReport.Level.choices)
    values["media_reports"] = "，".join(
        f"{labels[level]} {levels.get(level, 0)} 条" for level in m.MediaReport.Level.values
    )
    sources["media_reports"] = [_link(r) for r in media]
    values["bonus_training_classes"] = f"{len(classes)} 个班"
    sources["bonus_training_classes"] = [_link(c) for c in classes]
    reach = form.tiered_training_reach
    values["bonus_tiered_training"] = f"合计 {reach} 人" if reach is not None else "未记录"
    sources["bonus_tiered_training"] = [_link(t) for t in tiered]
    return filled


def rows(filled: Filled, rulebook) -> list[dict]:
    """Each row for a page, an export or the stored submission (plain JSON values)."""
    categories = {c.key: c.label for c in rulebook.orgaward.categories}
    by_key = {row.key: row for row in rulebook.orgaward.rows}
    out = []
    for row in filled.score.rows:
        out.append(
            {
                "key": row.key,
                "category": categories[by_key[row.key].category],
                "indicator": row.label,
                "rule": row.rule,
                "max": decimal_text(row.max),
                "bonus": row.bonus,
                "value": filled.values.get(row.key, ""),
                "score": decimal_text(row.score),
                "judgement": bool(row.flags) and not row.overridden,
                "reasons": [r.message for r in row.reasons],
                "sources": [list(s) for s in filled.sources.get(row.key, [])],
            }
        )
    return out


def totals(filled: Filled) -> dict:
    return _totals_of(filled.score)


def submitted_totals(stored, rulebook) -> dict:
    """`totals` of a form as submitted: its kept inputs scored again by the rules core."""
    return _totals_of(score_form(form_of(stored.inputs), rulebook))


def _totals_of(score: FormScore) -> dict:
    return {
        "base": decimal_text(score.base_total),
        "bonus": decimal_text(score.bonus_total),
        "total": decimal_text(score.total),
        "open_flags": len(score.flags),
    }


def inputs_of(form: OrgForm) -> dict:
    """The form's inputs as JSON (kept at submission, so the assessment scores what was
    submitted)."""
    data = dataclasses.asdict(form)
    data["training_classes"] = [
        {"trainees": c.trainees, "days": str(c.days)} for c in form.training_classes
    ]
    data["incentives"] = dict(form.incentives)
    data["media_reports"] = dict(form.media_reports)
    return data


def form_of(inputs: dict, vetoes: tuple[str, ...] = ()) -> OrgForm:
    """The OrgForm kept by `inputs_of`, with the assessor's vetoes."""
    data = dict(inputs)
    data["training_classes"] = tuple(
        ClassHeld(c["trainees"], Decimal(c["days"])) for c in data.get("training_classes", ())
    )
    data["preliminary_occupations"] = tuple(data.get("preliminary_occupations", ()))
    data["final_placings"] = tuple(data.get("final_placings", ()))
    data["vetoes"] = tuple(vetoes)
    return OrgForm(**data)
