"""An organization's nominations (and challenges): save a draft, submit it, delete a draft. Each
checks showcase.nominate over the organization, runs in one transaction, locks what it read and
writes its audit entry. The nominee is a registration.Person found by resident ID number."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.orgs import access, audit, versions
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Organization
from zhenxing.registration.models import Person
from zhenxing.registration.privacy import mask_id
from zhenxing.rules import idcard
from zhenxing.rules.reasons import Reason
from zhenxing.rules.showcase import Nominee, check_nominee
from zhenxing.rules.text import length_problem, name_problem, text_problem

from .actions import ShowcaseAction as Action
from .models import Nomination, Work

TEXTS = {  # field → (label, longest)
    "name": ("姓名", 50),
    "occupation": ("职业（工种）", 100),
    "workplace": ("工作单位", 200),
    "region": ("所在盟市", 50),
    "title": ("“绝活”名称", 100),
    "description": ("“绝活”介绍", 2000),
    "consent_note": ("同意方式", 200),
}
FIELDS = ["title", "occupation", "workplace", "region", "description"]
FIELDS += ["consent_given", "consent_note"]
SHARED_PERSON = (
    "该身份证号码在平台上已登记，但姓名或出生日期与登记的不一致，没有保存。请核对姓名和身份证号码；"
    "如登记的信息有误，请联系大赛组委会办公室更正。"
)
NOT_EDITABLE = "该推荐已提交或已通过，不能再修改；如需修改，请联系大赛组委会办公室退回。"


class ShowcaseRefused(Exception):
    """A write refused, with what to fix; `reasons` are the rules core's, when it decided."""

    def __init__(self, message: str, reasons: list[dict] | None = None):
        super().__init__(message)
        self.reasons = reasons or []


@dataclass
class NominationData:
    """What the form gives; `id_number` blank keeps the nominee of a stored nomination."""

    name: str = ""
    id_number: str = ""
    occupation: str = ""
    workplace: str = ""
    region: str = ""
    title: str = ""
    description: str = ""
    consent_given: bool = False
    consent_note: str = ""
    problems: list[str] = field(default_factory=list)


def text_problems(data: NominationData) -> list[str]:
    problems = []
    for name, (label, longest) in TEXTS.items():
        value = getattr(data, name).strip()
        check = name_problem if name == "name" else text_problem
        if problem := check(value):
            problems.append(f"{label}{problem}")
        elif problem := length_problem(value, label, longest):
            problems.append(problem)
    return problems


def verdict_of(birth_date, id_number: str, organization, edition) -> dict:
    """rules.showcase.check_nominee on the nominee, as stored with the nomination."""
    verdict = check_nominee(
        Nominee(
            birth_date=birth_date,
            id_number=id_number,
            organization_kind=organization.kind,
            on=timezone.localdate(),
        ),
        edition.rulebook(),
    )
    return {
        "eligible": verdict.eligible,
        "reasons": [_plain(r) for r in verdict.reasons],
        "flags": [_plain(r) for r in verdict.flags],
    }


def _plain(reason: Reason) -> dict:
    return {"code": reason.code, "clause": reason.clause, "message": reason.message}


def refuse_unless_eligible(verdict: dict) -> None:
    if not verdict["eligible"]:
        messages = "；".join(r["message"] for r in verdict["reasons"])
        raise ShowcaseRefused(f"不能推荐：{messages}", verdict["reasons"])


def nominee(
    name: str, id_number: str, edition, organization, nomination_pk: int | None = None
) -> tuple[Person, dict]:
    """The person an ID number names (found, or created once eligible) and the verdict; refused
    when the name or birth date disagrees with the person stored under that number — unless the
    person is this nomination's own (nothing else names them): then its name is corrected."""
    number = idcard.normalize(id_number)
    verdict = verdict_of(None, number, organization, edition)
    refuse_unless_eligible(verdict)
    checked = idcard.check(number, edition.rulebook().eligibility.province_codes)
    found = Person.objects.select_for_update().filter(
        document_type=Person.Document.RESIDENT_ID, document_number=number
    )
    person = found.first()
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    name=name,
                    gender=checked.gender or "",
                    birth_date=checked.birth_date,
                    document_type=Person.Document.RESIDENT_ID,
                    document_number=number,
                )
        except IntegrityError:  # made at the same moment by another request
            person = found.get()
    if person.birth_date != checked.birth_date:
        raise ShowcaseRefused(SHARED_PERSON)
    if person.name != name:
        if not _own(person, nomination_pk):
            raise ShowcaseRefused(SHARED_PERSON)
        person.name = name  # a typo corrected by the organization that entered it
        person.save(update_fields=["name"])
    return person, verdict


def _own(person: Person, nomination_pk: int | None) -> bool:
    """Whether `person` is the nomination `nomination_pk`'s own: it names them and nothing else
    does (no entry, no other nomination, no record of the talent database…), so its
    organization may correct their name."""
    mine = Nomination.objects.filter(pk=nomination_pk, person=person)
    if nomination_pk is None or not mine.exists():
        return False
    for relation in person._meta.related_objects:
        found = relation.related_model._base_manager.filter(**{relation.field.name: person})
        if relation.related_model is Nomination:
            found = found.exclude(pk=nomination_pk)
        if found.exists():
            return False
    return True


def challenge_problem(answers: Nomination | None, organization) -> str | None:
    """Why `organization` may not answer `answers` with a challenge now, or None."""
    if answers is None:
        return None
    if not (answers.public and answers.featured and answers.answers_id is None):
        return "只能挑战组委会办公室推荐全区宣传（选树）的“绝活”，该作品现在不在其列。"
    if answers.organization_id == organization.pk:
        return "不能挑战本单位推荐的“绝活”：挑战由其他单位的青年发起。"
    return None


def _snapshot(nomination: Nomination) -> dict:
    data = audit.snapshot(nomination, FIELDS)
    if nomination.person_id:
        person = nomination.person
        data["person"] = f"{person.name}（{mask_id(person.document_number)}）"
    return data


def _locked_answers(answers: Nomination | None) -> Nomination | None:
    if answers is None:
        return None
    return Nomination.objects.select_for_update().get(pk=answers.pk)


@transaction.atomic
def save_nomination(
    edition,
    organization,
    data: NominationData,
    *,
    actor: Actor,
    nomination: Nomination | None = None,
    answers: Nomination | None = None,
    seen: int | None = None,
) -> Nomination:
    """Store a new draft (a challenge when `answers` is given) or change a draft or a returned
    nomination. Refused (ShowcaseRefused) with what to fix; nothing is stored then."""
    access.require(actor, edition, perms.SHOWCASE_NOMINATE, organization=organization)
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if problems := text_problems(data):
        raise ShowcaseRefused("；".join(problems))
    before = {}
    if nomination is not None:
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if not nomination.editable:
            raise ShowcaseRefused(NOT_EDITABLE)
        if problem := versions.stale(nomination, seen, "该推荐"):
            raise ShowcaseRefused(problem)
        before = _snapshot(nomination)
        answers = nomination.answers
    else:
        nomination = Nomination(edition=edition, organization=organization, created_by=actor.user)
        answers = _locked_answers(answers)
        if problem := challenge_problem(answers, organization):
            raise ShowcaseRefused(problem)
        nomination.answers = answers
    _set_nominee(nomination, data, edition, organization)
    for name in FIELDS:
        value = getattr(data, name)
        setattr(nomination, name, value.strip() if isinstance(value, str) else value)
    nomination.version = (nomination.version or 0) + (1 if before else 0)
    nomination.save()
    action = Action.NOMINATION_SAVED
    changes = audit.diff(before, _snapshot(nomination))
    audit.record(action, nomination, actor=actor, edition=edition, changes=changes)
    return nomination


def _set_nominee(nomination: Nomination, data: NominationData, edition, organization) -> None:
    if data.id_number.strip() or nomination.person_id is None:
        if not data.id_number.strip():
            raise ShowcaseRefused("请填写青年的居民身份证号码。")
        if not data.name.strip():
            raise ShowcaseRefused("请填写青年的姓名。")
        nomination.person, nomination.verdict = nominee(
            data.name.strip(), data.id_number, edition, organization, nomination.pk
        )
        return
    person = nomination.person  # unchanged: checked again, as the date may have moved on
    if data.name.strip() and data.name.strip() != person.name:  # a name corrected
        nomination.person, nomination.verdict = nominee(
            data.name.strip(), person.document_number, edition, organization, nomination.pk
        )
        return
    nomination.verdict = verdict_of(person.birth_date, None, organization, edition)
    refuse_unless_eligible(nomination.verdict)


@transaction.atomic
def submit(nomination: Nomination, *, actor: Actor) -> Nomination:
    """Send a draft or a returned nomination to the office for review."""
    edition, organization = nomination.edition, nomination.organization
    access.require(actor, edition, perms.SHOWCASE_NOMINATE, organization=organization)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nomination.editable:
        raise ShowcaseRefused("该推荐已提交，不能重复提交。")
    if not (nomination.consent_given and nomination.consent_note.strip()):
        raise ShowcaseRefused(
            "提交前请勾选“本人同意公开展示”，并写明同意方式（如：本人签署书面同意书）。"
        )
    if not Work.objects.filter(nomination=nomination).exists():
        raise ShowcaseRefused("提交前请至少添加一件作品（视频、图片、动图或链接）。")
    if problem := challenge_problem(_locked_answers(nomination.answers), organization):
        raise ShowcaseRefused(problem)
    person = nomination.person
    nomination.verdict = verdict_of(person.birth_date, None, organization, edition)
    refuse_unless_eligible(nomination.verdict)
    before = nomination.status
    nomination.status = Nomination.Status.SUBMITTED
    nomination.late = bool(nomination.verdict["flags"])
    nomination.submitted_at, nomination.returned_reason = timezone.now(), ""
    nomination.version += 1
    nomination.save()
    flags = "；".join(f["message"] for f in nomination.verdict["flags"])
    audit.record(
        Action.SUBMITTED,
        nomination,
        actor=actor,
        edition=edition,
        changes={"status": [before, nomination.status]},
        reason=flags,
    )
    return nomination


@transaction.atomic
def delete_nomination(nomination: Nomination, *, actor: Actor) -> None:
    """Delete a draft never submitted, with its works' files."""
    access.require(
        actor, nomination.edition, perms.SHOWCASE_NOMINATE, organization=nomination.organization
    )
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.DRAFT:
        raise ShowcaseRefused("只能删除未提交过的草稿；已提交的推荐请联系大赛组委会办公室。")
    if nomination.challenges.exists():
        raise ShowcaseRefused("已有挑战回应该“绝活”，不能删除。")
    works = list(nomination.works.all())
    audit.record(
        Action.NOMINATION_DELETED,
        nomination,
        actor=actor,
        edition=nomination.edition,
        changes=audit.diff(_snapshot(nomination), {}),
    )
    delete_files_after_commit(works)
    nomination.delete()


def delete_files_after_commit(works: list[Work]) -> None:
    storage = Work._meta.get_field("file").storage
    names = [name for w in works for name in (w.file.name, w.poster.name) if name]

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
