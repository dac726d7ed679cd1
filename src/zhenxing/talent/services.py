"""Writes of the talent database: adding people (by hand, by import), follow-up, consent and
erasure. Each checks its own permission code, runs in one transaction, locks the person it
checked and writes its audit entry. Decisions come from checks.py with their reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.registration.documents import delete_files_after_commit
from zhenxing.registration.models import Entry, EntryDocument, Person
from zhenxing.registration.services import masked_changes, same_identity
from zhenxing.rules import talent as checks
from zhenxing.rules.text import length_problem, parse_phone, text_problem
from zhenxing.showcase.models import Nomination

from . import people
from .actions import TalentAction as Action
from .models import Consent, Erasure, FollowUp, Keeping

SHARED_PERSON = (
    "该证件号码的人员已在平台登记，但姓名、性别或出生日期与登记的不一致。请核对证件号码；"
    "如登记的信息有误，请联系大赛组委会办公室更正。"
)
ERASED = "该人员的个人信息已应本人要求删除，不能再记录。"
NOT_OURS = "该人员不是本单位人才库中的人员。"
ERASED_MARK = "已删除-"  # the start of an erased person's document number (a tombstone)


class TalentError(Exception):
    """A write the database refuses; the message says what to fix."""


@dataclass
class PersonInput:
    """One person as an organization adds them (the form and the import both produce this)."""

    name: str
    birth_date: dt.date | None
    gender: str
    document_type: str = Person.Document.RESIDENT_ID
    document_number: str = ""
    phone: str = ""
    occupation: str = ""
    region: str = ""
    workplace: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def _checked(data: PersonInput, edition) -> tuple[str, str]:
    """(document number as stored, phone as stored); TalentError naming every problem."""
    verdict = checks.check_person(
        checks.PersonData(
            data.name.strip(),
            data.birth_date,
            data.gender,
            data.document_type,
            data.document_number,
        ),
        edition.rulebook().eligibility.province_codes,
        _today(),
    )
    problems = [r.message for r in verdict.reasons]
    for text, label, limit in (
        (data.occupation, "职业（工种）", 100),
        (data.region, "所在盟市", 50),
        (data.workplace, "工作单位/学校", 200),
    ):
        if problem := text_problem(text) or length_problem(text, label, limit):
            problems.append(f"{label}：{problem}")
    phone = ""
    try:
        phone = parse_phone(data.phone.strip()) if data.phone.strip() else ""
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise TalentError("；".join(problems))
    return verdict.number, phone


def _keep(person_data: PersonInput, number: str, phone: str, organization, source, **more):
    """The person named, found or created, and kept by `organization`; None if it already
    keeps them. Runs inside the caller's transaction."""
    person = (
        Person.objects.select_for_update()
        .filter(document_type=person_data.document_type, document_number=number)
        .first()
    )
    name = person_data.name.strip()
    if person is not None and not same_identity(
        person, name, person_data.gender, person_data.birth_date
    ):
        raise TalentError(SHARED_PERSON)
    if person is None:
        person = Person.objects.create(
            name=name,
            gender=person_data.gender,
            birth_date=person_data.birth_date,
            document_type=person_data.document_type,
            document_number=number,
            phone=phone,
            phone_owner=organization if phone else None,
        )
    elif Keeping.objects.filter(person=person, organization=organization).exists():
        return None
    keeping = Keeping.objects.create(
        person=person,
        organization=organization,
        source=source,
        occupation=person_data.occupation.strip(),
        region=person_data.region.strip(),
        workplace=person_data.workplace.strip(),
        **more,
    )
    return keeping


@transaction.atomic
def add_person(
    edition, organization, data: PersonInput, *, actor: Actor, preliminary=None
) -> Keeping:
    """Add one person to the organization's people, with registration's identity checks."""
    access.require(actor, edition, perms.TALENT_KEEP, organization=organization)
    number, phone = _checked(data, edition)
    source = Keeping.Source.PRELIMINARY if preliminary else Keeping.Source.HAND
    try:
        with transaction.atomic():
            keeping = _keep(
                data,
                number,
                phone,
                organization,
                source,
                preliminary=preliminary,
                created_by=actor.user,
            )
    except IntegrityError:  # the same number added at the same moment elsewhere
        raise TalentError("该人员刚被其他人添加，请刷新页面后重试。") from None
    if keeping is None:
        raise TalentError(f"{data.name} 已在本单位人才库中，无需重复添加。")
    audit.record(
        Action.PERSON_ADDED,
        keeping.person,
        actor=actor,
        edition=edition,
        changes=masked_changes(
            {"document_number": [None, number], "source": [None, keeping.get_source_display()]}
        ),
    )
    return keeping


class ImportRefused(Exception):
    """An import with errors: nothing was written; `errors` are (row number, message)."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} 行有错误")
        self.errors = errors


def check_rows(edition, rows: list[tuple[int, PersonInput]]) -> tuple[list, list]:
    """(errors as (row number, message), the rows that passed as (number, data, document
    number, phone)): each row's own checks, and numbers repeated within the file."""
    errors, checked, seen = [], [], {}
    for number, data in rows:
        try:
            stored, phone = _checked(data, edition)
        except TalentError as exc:
            errors.append((number, str(exc)))
            continue
        key = (data.document_type, stored)
        if key in seen:
            errors.append((number, f"与第 {seen[key]} 行的证件号码相同，请删除重复的行"))
            continue
        seen[key] = number
        checked.append((number, data, stored, phone))
    return errors, checked


@transaction.atomic
def import_people(
    edition, organization, rows: list[tuple[int, PersonInput]], *, actor: Actor
) -> tuple[int, int]:
    """Add every row's person, or none (all-or-nothing): (added, already there)."""
    access.require(actor, edition, perms.TALENT_KEEP, organization=organization)
    errors, checked = check_rows(edition, rows)
    added = kept = 0
    for number, data, stored, phone in checked:
        try:
            with transaction.atomic():
                keeping = _keep(
                    data,
                    stored,
                    phone,
                    organization,
                    Keeping.Source.IMPORT,
                    created_by=actor.user,
                )
        except (TalentError, IntegrityError) as exc:
            message = str(exc) if isinstance(exc, TalentError) else "该人员刚被其他人添加，请重试"
            errors.append((number, message))
            continue
        added, kept = (added + 1, kept) if keeping else (added, kept + 1)
    if errors:
        raise ImportRefused(sorted(errors))
    audit.record(
        Action.PEOPLE_IMPORTED,
        organization,
        actor=actor,
        edition=edition,
        changes={"created_rows": [None, added], "unchanged_rows": [None, kept]},
    )
    return added, kept


def _lock_for_organization(person, organization, edition, actor) -> Person:
    access.require(actor, edition, perms.TALENT_KEEP, organization=organization)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Erasure.objects.filter(person=person).exists():
        raise TalentError(ERASED)
    if not people.has_person(organization, person):
        raise TalentError(NOT_OURS)
    return person


@transaction.atomic
def record_follow_up(
    person, organization, data: checks.FollowUpData, *, actor: Actor, edition
) -> FollowUp:
    """A dated follow-up record of one of the organization's people."""
    person = _lock_for_organization(person, organization, edition, actor)
    reasons = checks.check_follow_up(data, _today())
    reasons += [
        checks.Reason("TEXT", checks.CLAUSE, problem)
        for problem in filter(None, (text_problem(data.name), text_problem(data.note)))
    ]
    if reasons:
        raise TalentError("；".join(r.message for r in reasons))
    record = FollowUp.objects.create(
        person=person,
        organization=organization,
        kind=data.kind,
        value=data.value,
        name=data.name.strip(),
        happened_on=data.happened_on,
        note=data.note.strip(),
        recorded_by=actor.user,
    )
    changes = {
        "kind": [None, record.get_kind_display()],
        "value": [None, people.label_of(data.kind, data.value)],
        "happened_on": [None, str(data.happened_on)],
    }
    audit.record(Action.FOLLOW_UP_ADDED, record, actor=actor, edition=edition, changes=changes)
    return record


@transaction.atomic
def delete_follow_up(record: FollowUp, *, actor: Actor, edition) -> None:
    """Remove a record entered by mistake (its organization only)."""
    _lock_for_organization(record.person, record.organization, edition, actor)
    changes = {
        "kind": [record.get_kind_display(), None],
        "happened_on": [str(record.happened_on), None],
    }
    audit.record(Action.FOLLOW_UP_DELETED, record, actor=actor, edition=edition, changes=changes)
    record.delete()


@transaction.atomic
def record_consent(
    person, organization, purpose: str, given_on, means: str, *, actor: Actor, edition
) -> Consent:
    """The purpose of keeping the person's data and how they agreed, as the organization
    recorded it."""
    person = _lock_for_organization(person, organization, edition, actor)
    problems = []
    if not purpose.strip():
        problems.append("请填写处理目的（例如：跟踪服务、推荐评选）")
    elif problem := text_problem(purpose) or length_problem(purpose, "处理目的", 1000):
        problems.append(problem)
    if given_on is None or given_on > _today():
        problems.append("请填写本人同意的日期（不晚于今天）")
    if means not in Consent.Means.values:
        problems.append("请选择同意方式")
    if problems:
        raise TalentError("；".join(problems))
    consent = Consent.objects.create(
        person=person,
        organization=organization,
        purpose=purpose.strip(),
        given_on=given_on,
        means=means,
        recorded_by=actor.user,
    )
    changes = {"given_on": [None, str(given_on)], "means": [None, consent.get_means_display()]}
    audit.record(Action.CONSENT_RECORDED, consent, actor=actor, edition=edition, changes=changes)
    return consent


def erased(person) -> Erasure | None:
    return Erasure.objects.filter(person=person).first()


@transaction.atomic
def erase(person, reason: str, *, actor: Actor, edition) -> Erasure:
    """Erase the person's personal data on their request (the office only). What stays is what
    published results require: name, organization, event, rank and published awards."""
    access.require(actor, edition, perms.TALENT_ALL)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not reason.strip():
        raise TalentError("请填写删除依据（例如：本人某年某月某日书面申请）")
    if problem := text_problem(reason) or length_problem(reason, "删除依据", 1000):
        raise TalentError(problem)
    if erased(person) is not None:
        raise TalentError("该人员的个人信息已经删除。")
    removed = _erase_entries(person) | _erase_talent(person) | _hide_nominations(person)
    person.document_number = f"{ERASED_MARK}{person.pk}"
    person.document_verified = False
    person.birth_date = dt.date(person.birth_date.year, 1, 1)  # the year only
    person.gender = ""
    person.phone, person.phone_owner = "", None
    person.save()
    erasure = Erasure.objects.create(person=person, reason=reason.strip(), erased_by=actor.user)
    audit.record(
        Action.PERSON_ERASED,
        person,
        actor=actor,
        edition=edition,
        changes={key: [value, None] for key, value in removed.items()},
        reason=reason.strip(),
    )
    return erasure


def _erase_entries(person) -> dict:
    documents = list(EntryDocument.objects.filter(entry__person=person))
    delete_files_after_commit([d.file.name for d in documents])
    EntryDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    for entry in Entry.objects.filter(person=person).select_for_update():
        entry.employer, entry.honors, entry.placings, entry.qualifications = "", [], [], []
        entry.verdict = {"eligible": entry.eligible, "reasons": [], "flags": []}
        entry.save(update_fields=["employer", "honors", "placings", "qualifications", "verdict"])
    return {"报名材料": len(documents)}


def _erase_talent(person) -> dict:
    follow_ups, _ = FollowUp.objects.filter(person=person).delete()
    consents, _ = Consent.objects.filter(person=person).delete()
    Keeping.objects.filter(person=person).update(workplace="")
    return {"跟踪服务记录": follow_ups, "同意记录": consents}


def _hide_nominations(person) -> dict:
    shown = Nomination.objects.filter(person=person, hidden=False)
    count = shown.update(
        hidden=True, hidden_reason="本人要求删除个人信息", hidden_at=timezone.now()
    )
    Nomination.objects.filter(person=person).update(consent_note="")
    return {"“绝活”展示（已下架）": count}


# ---- full views and exports, each audited
def _require_full(actor: Actor, edition, organization) -> None:
    scope = {"organization": organization} if organization else {}
    access.require(actor, edition, perms.PERSON_VIEW_FULL, **scope)


def record_full_view(person, *, actor: Actor, edition, organization, where: str) -> None:
    """The user was shown the person's full numbers; `organization`: theirs that has the
    person (None for the office)."""
    _require_full(actor, edition, organization)
    audit.record(
        Action.PERSON_VIEWED, person, actor=actor, edition=edition, changes={"where": [None, where]}
    )


def record_personal_copy(person, *, actor: Actor, edition, organization) -> None:
    _require_full(actor, edition, organization)
    audit.record(Action.PERSONAL_COPY, person, actor=actor, edition=edition)


def record_full_export(count: int, *, actor: Actor, edition, organization=None) -> None:
    _require_full(actor, edition, organization)
    audit.record(
        Action.EXPORTED_FULL,
        organization,
        actor=actor,
        edition=edition,
        changes={"export": [None, f"人才名单 {count} 人"]},
    )
