"""The committee office's assessment of a submitted form: a 考核得分 and a note per row, vetoes
with their grounds, scored by the rules core from the form as submitted (the assessor's values
are the engine's overrides); the ranking of organizations; the awarded ones named."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules.numbers import decimal_text
from zhenxing.rules.orgaward import score_form
from zhenxing.rules.ranking import rank
from zhenxing.rules.text import length_problem, text_problem

from .actions import OrgAwardAction as Action
from .filling import form_of
from .models import Evidence, SelfEvaluation
from .records import VETO, check_upload, delete_files_after_commit, keep_evidence

NOTE_MAX = 200
GROUNDS_MAX = 2000
CENTS = Decimal("0.01")


class AssessmentRefused(Exception):
    """What is wrong, per row key ("" for the form as a whole)."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("；".join(problems.values()))
        self.problems = problems


def _score(text: str, row) -> tuple[Decimal | None, str | None]:
    text = (text or "").strip()
    if not text:
        return None, f"{row.indicator}：请填写考核得分"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"{row.indicator}：考核得分应为数字"
    if not value.is_finite():
        return None, f"{row.indicator}：考核得分应为数字"
    if value < 0:
        return None, f"{row.indicator}：考核得分不能为负数"
    if value > row.max:
        return None, f"{row.indicator}：考核得分不能超过本行满分 {decimal_text(row.max)} 分"
    if value != value.quantize(CENTS):
        return None, f"{row.indicator}：考核得分最多保留两位小数"
    return value, None


def _text(text: str, label: str, limit: int) -> str | None:
    return (f"{label}{text_problem(text)}" if text_problem(text) else None) or length_problem(
        text, label, limit
    )


@transaction.atomic
def assess(
    form: SelfEvaluation,
    scores: dict[str, str],
    notes: dict[str, str],
    vetoes: list[str],
    grounds: str,
    *,
    actor: Actor,
) -> SelfEvaluation:
    """Record (or change) the assessment of a submitted form, all rows at once."""
    access.require(actor, form.edition, perms.ORGAWARD_ASSESS, organization=form.organization)
    form = SelfEvaluation.objects.select_for_update().get(pk=form.pk)
    if not form.is_locked:
        raise AssessmentRefused({"": "该自评表未提交或已退回，不能考核；请刷新后重试。"})
    rulebook = form.edition.rulebook()
    section = rulebook.orgaward
    problems: dict[str, str] = {}
    values: dict[str, Decimal] = {}
    kept_notes: dict[str, str] = {}
    for row in section.rows:
        value, problem = _score(scores.get(row.key, ""), row)
        note = (notes.get(row.key) or "").strip()
        problem = problem or _text(note, f"{row.indicator}的说明", NOTE_MAX)
        if problem:
            problems[row.key] = problem
        else:
            values[row.key], kept_notes[row.key] = value, note
    known = {v.code for v in section.vetoes}
    vetoes = [code for code in dict.fromkeys(vetoes) if code]
    if set(vetoes) - known:
        problems["vetoes"] = "未知的一票否决项"
    grounds = grounds.strip()
    if vetoes and not grounds:
        problems["veto_grounds"] = "认定一票否决时请写明依据"
    elif problem := _text(grounds, "一票否决依据", GROUNDS_MAX):
        problems["veto_grounds"] = problem
    if problems:
        raise AssessmentRefused(problems)

    submitted = form_of(form.inputs, tuple(vetoes))
    computed = score_form(submitted, rulebook)
    overrides = {
        row.key: values[row.key]
        for row in computed.rows
        if values[row.key] != row.score or (row.flags and not row.overridden)
    }
    result = score_form(submitted, rulebook, overrides)
    before = decimal_text(form.assessed_total) if form.assessed_total is not None else None
    form.assessed = {
        row.key: {
            "score": decimal_text(row.score),
            "note": kept_notes[row.key],
            "reasons": [r.message for r in row.reasons],
        }
        for row in result.rows
    }
    form.assessed_total = result.total
    form.vetoes, form.veto_grounds = vetoes, grounds
    form.status = SelfEvaluation.Status.ASSESSED
    form.assessed_at, form.assessed_by = timezone.now(), actor.user
    if result.vetoed:
        form.awarded = False
    form.save()
    audit.record(
        Action.FORM_ASSESSED,
        form,
        actor=actor,
        edition=form.edition,
        changes={
            "assessed_total": [before, decimal_text(result.total)],
            "vetoes": [None, "、".join(vetoes)] if vetoes else None,
            "overrides": {k: str(v) for k, v in overrides.items()} or None,
        },
        reason=grounds,
    )
    return form


@dataclass(frozen=True)
class Standing:
    form: SelfEvaluation
    rank: int | None  # None: vetoed, not ranked


def ranking(edition) -> list[Standing]:
    """Assessed forms by 考核总分, highest first (equal totals share a rank; rules.ranking);
    vetoed organizations after them, unranked."""
    assessed = list(
        SelfEvaluation.objects.filter(edition=edition, status=SelfEvaluation.Status.ASSESSED)
        .select_related("organization")
        .order_by("organization__pk")
    )
    rulebook = edition.rulebook()
    eligible = [f for f in assessed if _eligible(f, rulebook)]
    placings = rank([(f.assessed_total,) for f in eligible], ["assessed_total"], [])
    standings = [Standing(eligible[p.index], p.rank) for p in placings]
    return standings + [Standing(f, None) for f in assessed if f not in eligible]


def _eligible(form: SelfEvaluation, rulebook) -> bool:
    """The rules core's word: a form with a veto is not eligible for the award."""
    return score_form(form_of(form.inputs, tuple(form.vetoes)), rulebook).eligible_for_award


@transaction.atomic
def name_awarded(edition, chosen: set[int], *, actor: Actor) -> int:
    """The committee names the awarded organizations (by SelfEvaluation pk) among the assessed,
    not vetoed; the others are not awarded. Returns how many are awarded."""
    access.require(actor, edition, perms.ORGAWARD_ASSESS)
    forms = list(
        SelfEvaluation.objects.select_for_update()
        .filter(edition=edition, status=SelfEvaluation.Status.ASSESSED)
        .select_related("organization")
        .order_by("pk")
    )
    unknown = chosen - {f.pk for f in forms}
    if unknown:
        raise AssessmentRefused({"": "所选单位的自评表尚未考核，请刷新后重试。"})
    rulebook = edition.rulebook()
    vetoed = [str(f.organization) for f in forms if f.pk in chosen and not _eligible(f, rulebook)]
    if vetoed:
        raise AssessmentRefused({"": f"{'、'.join(vetoed)} 被一票否决，不能评为优秀组织奖。"})
    for form in forms:
        awarded = form.pk in chosen
        if form.awarded != awarded:
            form.awarded = awarded
            form.save(update_fields=["awarded"])
            audit.record(
                Action.AWARD_NAMED,
                form,
                actor=actor,
                edition=edition,
                changes={"awarded": [not awarded, awarded]},
            )
    return len(chosen)


def veto_evidence(form: SelfEvaluation) -> list[Evidence]:
    return list(Evidence.objects.filter(kind=VETO, record_id=form.pk, edition=form.edition))


@transaction.atomic
def store_veto_evidence(form: SelfEvaluation, upload, *, actor: Actor) -> Evidence:
    """A file proving a veto's grounds (an accident report, an arbitration record)."""
    form = _assessable(form, actor)
    try:
        found = check_upload(upload)
    except ValidationError as exc:
        raise AssessmentRefused({"evidence": exc.messages[0]}) from None
    evidence = keep_evidence(upload, found, form, VETO, actor)
    audit.record(
        Action.EVIDENCE_UPLOADED,
        form,
        actor=actor,
        edition=form.edition,
        changes={"veto_evidence": [None, f"{evidence.original_name}（{evidence.size} 字节）"]},
    )
    return evidence


@transaction.atomic
def remove_veto_evidence(evidence: Evidence, *, actor: Actor) -> None:
    if evidence.kind != VETO:
        raise AssessmentRefused({"evidence": "这不是否决依据，不能在考核页删除。"})
    form = SelfEvaluation.objects.filter(pk=evidence.record_id).first()
    if form is not None:
        _assessable(form, actor)
    audit.record(
        Action.EVIDENCE_DELETED,
        evidence,
        actor=actor,
        edition=evidence.edition,
        changes={"veto_evidence": [evidence.original_name, None]},
    )
    delete_files_after_commit([evidence.file.name])
    evidence.delete()


def _assessable(form: SelfEvaluation, actor: Actor) -> SelfEvaluation:
    """The form, locked, once the actor may assess it and it is submitted or assessed."""
    access.require(actor, form.edition, perms.ORGAWARD_ASSESS, organization=form.organization)
    form = SelfEvaluation.objects.select_for_update().get(pk=form.pk)
    if not form.is_locked:
        raise AssessmentRefused({"evidence": "自评表尚未提交或已退回，不能上传或删除否决依据。"})
    return form
