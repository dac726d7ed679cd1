"""Registration: storing entries with the rules core's verdict, the review workflow, deadlines.

No eligibility is decided here: `verdict_for` asks `zhenxing.rules.eligibility` and stores what
it says, with its reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zhenxing.editions.models import Edition, Event
from zhenxing.editions.services import bump_public_version
from zhenxing.orgs import access, audit, versions
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import eligibility, idcard
from zhenxing.rules.text import text_problem

from . import rights
from .actions import RegistrationAction as Action
from .documents import delete_files_after_commit
from .models import Arrangement, Delegation, Entry, EntryDocument, Person
from .privacy import mask_id, mask_phone
from .rights import RegistrationError
from .signals import approval_verdict

ENTRY_FIELDS = [
    "employer",
    "full_time_student",
    "student_entrepreneur",
    "non_public_economy",
    "honors",
    "placings",
    "qualifications",
    "school_enrolled_on",
    "school_province",
    "title_rights",
]


@dataclass
class EntryData:
    """What a registrar gives for one entry (the web form and the import both produce this)."""

    name: str
    occupation: str
    group: str
    birth_date: dt.date | None = None
    gender: str = ""
    document_type: str = Person.Document.RESIDENT_ID
    id_number: str = ""
    phone: str = ""
    employer: str = ""
    full_time_student: bool = False
    student_entrepreneur: bool = False
    non_public_economy: bool = False
    honors: list = field(default_factory=list)
    placings: list = field(default_factory=list)
    qualifications: list = field(default_factory=list)
    school_enrolled_on: dt.date | None = None
    school_province: str = ""
    title_rights: list = field(default_factory=list)

    def as_contract(self) -> dict:
        """The entry in the check-entries format of docs/eligibility.md."""
        data = asdict(self)
        resident = self.document_type == Person.Document.RESIDENT_ID
        data["id_number"] = (self.id_number or None) if resident else None
        data["gender"] = self.gender or None
        data["school_province"] = self.school_province or None
        for key in ("document_type", "phone", "employer"):
            data.pop(key)
        return data


def verdict_for(data: EntryData, edition: Edition) -> eligibility.Verdict:
    return eligibility.check_entry(
        eligibility.Entry.from_contract(data.as_contract()), edition.rulebook()
    )


def verdict_json(verdict) -> dict:
    return {
        "eligible": verdict.eligible,
        "reasons": [r.as_dict() for r in verdict.reasons],
        "flags": [f.as_dict() for f in verdict.flags],
    }


# ---- people and entries
def normalized_id(number: str) -> str:
    """As stored and looked up: full-width digits and Ｘ made half-width, spaces dropped, upper
    case (otherwise １５０１… and 1501… would be two people)."""
    return idcard.normalize(number)


SHARED_PERSON = (
    "该证件号码的人员已由其他代表队报名，或已有审核通过的报名：姓名、性别、出生日期须与已登记的"
    "一致，现不一致。请核对证件号码；如登记的信息有误，请联系大赛组委会办公室更正。"
)


ENTERED_ELSEWHERE = (
    "该选手不能在本代表队报名这个项目：已由其他代表队报名，同一人不能重复报名同一项目。"
    "如有疑问，请联系大赛组委会办公室。"
)


class Locks(NamedTuple):
    """Whose details a delegation may not change (sets of person ids)."""

    identity: set  # name, gender, birth date: another organization entered them (any edition),
    # or an entry of theirs was approved (the details were checked)
    phone: set  # another organization entered them in this edition: their contact is its too


def locked_people(delegation: Delegation, person_ids) -> Locks:
    entries = Entry.objects.filter(person_id__in=person_ids).order_by()
    others = ~Q(delegation__organization=delegation.organization_id)
    entries = entries.filter(others | Q(status=Entry.Status.APPROVED))
    found = entries.values_list(
        "person_id", "delegation__organization_id", "delegation__edition_id"
    )
    identity, phone = set(), set()
    for person, organization, edition in found.distinct():
        identity.add(person)
        if organization != delegation.organization_id and edition == delegation.edition_id:
            phone.add(person)
    return Locks(identity, phone)


def same_identity(person, name: str, gender: str, birth_date) -> bool:
    """Whether an entry names the stored person as they are; a blank gender matches any."""
    same = person.name == name and person.birth_date == birth_date
    return same and gender in ("", person.gender)


def _person_for(
    data: EntryData, delegation: Delegation, *, office: bool, actor: Actor
) -> tuple[Person, bool]:
    """The person the entry names, created or brought up to date; and whether that changed them."""
    number = normalized_id(data.id_number)
    person = Person.objects.filter(document_type=data.document_type, document_number=number).first()
    values = {"name": data.name, "gender": data.gender or "", "birth_date": data.birth_date}
    owner = delegation.organization_id
    if person is None:
        phone = {"phone": data.phone, "phone_owner_id": owner} if data.phone else {}
        created = Person.objects.create(
            document_type=data.document_type, document_number=number, **values, **phone
        )
        return created, False  # the entry's own record says it was created
    if not values["gender"]:  # left blank: the stored one stays, as a blank phone does
        del values["gender"]
    locks = Locks(set(), set()) if office else locked_people(delegation, [person.pk])
    if data.phone and person.pk not in locks.phone and data.phone != person.phone:
        values |= {"phone": data.phone, "phone_owner_id": owner}
    before = audit.snapshot(person, list(values))
    for key, value in values.items():
        setattr(person, key, value)
    changes = audit.diff(before, audit.snapshot(person, list(values)))
    if changes:
        person.save()
        audit.record(
            Action.PERSON_CHANGED,
            person,
            actor=actor,
            edition=delegation.edition,
            changes=masked_changes(changes),
        )
    return person, bool(changes)


def masked_changes(changes: dict) -> dict:
    """Audit entries never hold a full phone (a contestant's, a leader's) or ID number."""

    def mask(key: str):
        return (
            mask_id if key == "document_number" else mask_phone if key.endswith("phone") else None
        )

    return {k: [mask(k)(v or "") for v in pair] if mask(k) else pair for k, pair in changes.items()}


def find_event(edition: Edition, occupation: str, group: str) -> Event | None:
    rule_event = edition.rulebook().event(occupation, group)
    if rule_event is None:
        return None
    return Event.objects.filter(
        edition=edition, occupation__name=rule_event.occupation, group=rule_event.group
    ).first()


def _check_quota(delegation: Delegation, event: Event, entry: Entry | None) -> None:
    rulebook = delegation.edition.rulebook()
    for quota in rulebook.registration.quotas:
        if quota.occupation == event.occupation.name and quota.group == event.group:
            taken = delegation.entries.filter(event=event).exclude(pk=getattr(entry, "pk", None))
            if event.is_team_event:  # a team event's quota counts teams: so many full teams
                if taken.count() >= quota.per_delegation * event.team_size:
                    raise RegistrationError(
                        f"{event} 每个代表队限报 {quota.per_delegation} 队"
                        f"（每队 {event.team_size} 人），已报满。"
                    )
            elif taken.count() >= quota.per_delegation:
                raise RegistrationError(
                    f"{event} 每个代表队限报 {quota.per_delegation} 人，已报满。"
                )


def _prepared(delegation, data: EntryData, *, actor: Actor, entry) -> tuple[Event, EntryData]:
    """The entry's event and its data as stored; RegistrationError for what cannot be saved."""
    edition = delegation.edition
    event = find_event(edition, data.occupation, data.group)
    if event is None:
        groups = edition.rulebook().groups
        if data.group not in groups:
            held = "、".join(group.label for group in groups.values())
            raise RegistrationError(f"本届没有“{data.group}”这个组别，只设{held}。")
        label = groups[data.group].label
        raise RegistrationError(f"本届没有“{data.occupation}（{label}）”这个比赛项目。")
    if (
        entry is not None
        and entry.status == Entry.Status.APPROVED
        and not rights.is_office(actor.user, edition)
    ):
        raise RegistrationError(rights.APPROVED_LOCKED)
    return event, _with_id_details(data, edition)


def _refuse_what_is_stored(delegation, event, data: EntryData, entry, *, office: bool) -> None:
    """What the stored data forbids, found by reading only: a full quota, a person whose
    identity another delegation (or an approved entry) holds, another entry of the person in
    the event — this delegation's (never overwritten) or another's."""
    _check_quota(delegation, event, entry)
    number = normalized_id(data.id_number)
    person = Person.objects.filter(document_type=data.document_type, document_number=number).first()
    if person is None:
        return
    locks = Locks(set(), set()) if office else locked_people(delegation, [person.pk])
    if person.pk in locks.identity and not same_identity(
        person, data.name, data.gender or "", data.birth_date
    ):
        raise RegistrationError(SHARED_PERSON)
    others = Entry.objects.filter(event=event, person=person).exclude(pk=getattr(entry, "pk", None))
    other = others.select_related("delegation__organization").first()
    if other is None:
        return
    if other.delegation_id != delegation.pk and office:
        raise RegistrationError(
            f"{data.name} 已由{other.delegation}报名“{event}”，同一人不能重复报名同一项目。"
        )
    if other.delegation_id != delegation.pk:
        raise RegistrationError(ENTERED_ELSEWHERE)  # which delegation is not this one's business
    if entry is None:
        raise RegistrationError(
            f"证件号码 {idcard.mask(number)} 的选手已在本代表队报名“{event}”，不能重复添加。"
            "如需修改，请在报名列表中打开该报名。"
        )
    raise RegistrationError(
        f"该选手已有“{event}”的报名，不能把这条报名也改成同一项目；如需调整，请修改或删除那一条。"
    )


def save_entry(
    delegation: Delegation,
    data: EntryData,
    *,
    actor: Actor,
    entry: Entry | None = None,
    seen_version: int | None = None,
) -> tuple[Entry, bool]:
    """Create or update an entry; returns (entry, changed). Raises RegistrationError, also when
    the entry changed since the page that edits it showed `seen_version`."""
    edition = delegation.edition
    rights.check_may_change(actor.user, delegation)
    verdict = verdict_json(verdict_for(data, edition))
    event, data = _prepared(delegation, data, actor=actor, entry=entry)
    values = {name: getattr(data, name) for name in ENTRY_FIELDS}
    values |= {"event": event, "eligible": verdict["eligible"], "verdict": verdict}
    office = rights.is_office(actor.user, edition)
    for attempt in range(2):
        try:
            with transaction.atomic():
                lock_delegation(delegation)  # the quota counts its entries: one save at a time
                if entry is not None:
                    entry = _locked_entry(entry, seen_version)
                    if entry.team_id and entry.event_id != event.pk:
                        values["team"] = None  # a team is of one event: the entry leaves it
                _refuse_what_is_stored(delegation, event, data, entry, office=office)
                person, person_changed = _person_for(data, delegation, office=office, actor=actor)
                saved, changed = _write_entry(delegation, person, values, entry, actor=actor)
                return saved, changed or person_changed
        except IntegrityError:
            # A concurrent save (a double click, another delegation) may have just created the
            # same person or entry: the second try sees it and refuses or updates as usual.
            if attempt == 0:
                if entry is not None:
                    entry.refresh_from_db()  # the failed try changed it in memory
                continue
            raise RegistrationError(
                "保存时与另一次保存冲突，没有保存：请刷新页面后重试。"
            ) from None
    raise AssertionError("unreachable")


def save_problem(
    delegation: Delegation, data: EntryData, *, actor: Actor, entry=None
) -> str | None:
    """What saving would refuse (another delegation's contestant, a full quota, an entry that
    exists…), by the checks the save makes, reading only: the live check runs at every pause
    in typing and must not take the database's write lock."""
    try:
        event, data = _prepared(delegation, data, actor=actor, entry=entry)
        office = rights.is_office(actor.user, delegation.edition)
        _refuse_what_is_stored(delegation, event, data, entry, office=office)
    except RegistrationError as exc:
        return str(exc)
    return None


def _with_id_details(data: EntryData, edition: Edition) -> EntryData:
    """The stored birth date and gender: the declared ones, else those inside the resident ID
    number. An invalid resident ID number is refused, as the import refuses it: stored, it
    would become a person of its own that the right number never finds."""
    if data.document_type != Person.Document.RESIDENT_ID:
        return data
    checked = idcard.check(data.id_number, edition.rulebook().eligibility.province_codes)
    if not checked.valid:
        raise RegistrationError(f"证件号码无效：{checked.problem}。请改正后再保存。")
    return replace(
        data, birth_date=data.birth_date or checked.birth_date, gender=data.gender or checked.gender
    )


def _locked_entry(entry: Entry, seen_version: int | None) -> Entry:
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    refusal = versions.stale(locked, seen_version, "该报名")
    if refusal:
        raise RegistrationError(refusal)
    return locked


def lock_delegation(delegation: Delegation) -> None:
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()


def _write_entry(delegation, person, values, entry, *, actor: Actor) -> tuple[Entry, bool]:
    edition = delegation.edition
    if entry is None:
        entry = Entry.objects.create(delegation=delegation, person=person, **values)
        audit.record(
            Action.ENTRY_CREATED,
            entry,
            actor=actor,
            edition=edition,
            changes=_summary({}, values),
        )
        return entry, True
    fields = list(values)
    before = audit.snapshot(entry, fields)
    for key, value in values.items():
        setattr(entry, key, value)
    entry.person = person
    changes = audit.diff(before, audit.snapshot(entry, fields))
    if not changes:
        return entry, False
    if entry.status == Entry.Status.RETURNED:
        changes["status"] = [entry.status, Entry.Status.DRAFT]
        entry.status = Entry.Status.DRAFT
    entry.updated_at = timezone.now()
    entry.version += 1
    entry.save()
    audit.record(
        Action.ENTRY_CHANGED,
        entry,
        actor=actor,
        edition=edition,
        changes=changes,
    )
    return entry, True


def _summary(before: dict, values: dict) -> dict:
    plain = {k: audit._plain(v) for k, v in values.items() if k != "verdict"}
    return audit.diff(before, plain)


# ---- review workflow
def _transition(entry: Entry, to: str, action: str, *, actor: Actor, reason: str = "") -> None:
    before = entry.status
    entry.status = to
    entry.return_reason = reason if to == Entry.Status.RETURNED else ""
    entry.updated_at = timezone.now()
    entry.version += 1
    entry.save(update_fields=["status", "return_reason", "updated_at", "version"])
    audit.record(
        action,
        entry,
        actor=actor,
        edition=entry.delegation.edition,
        changes={"status": [before, to]},
        reason=reason,
    )


def _locked_for_review(entry: Entry, actor: Actor) -> Entry:
    """The entry's row, locked, once the actor is found to review it (host unit of its event,
    the committee office): a review acts on the status as it is, not as a page showed it."""
    scope = {"organization": entry.delegation.organization, "event": entry.event}
    access.require(actor, entry.delegation.edition, perms.ENTRY_REVIEW, **scope)
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    locked.delegation, locked.person, locked.event = entry.delegation, entry.person, entry.event
    return locked


def missing_documents(entries) -> dict[int, list[str]]:
    """entry id → the kinds of document its event's host unit asks for that it lacks."""
    entries = list(entries)
    events = {e.event_id for e in entries}
    required = dict(
        Arrangement.objects.filter(event_id__in=events).values_list(
            "event_id", "required_documents"
        )
    )
    held: dict[int, set[str]] = {}
    documents = EntryDocument.objects.filter(entry__in=[e.pk for e in entries])
    for entry_id, kind in documents.values_list("entry_id", "kind"):
        held.setdefault(entry_id, set()).add(kind)
    missing = {}
    for entry in entries:
        lacking = [k for k in required.get(entry.event_id) or [] if k not in held.get(entry.pk, ())]
        if lacking:
            missing[entry.pk] = lacking
    return missing


def unsubmitted(delegation: Delegation):
    """The delegation's drafts and returned entries."""
    return delegation.entries.filter(status__in=[Entry.Status.DRAFT, Entry.Status.RETURNED])


@transaction.atomic
def submit(delegation: Delegation, *, actor: Actor, only=None) -> tuple[int, list[str]]:
    """Submit every draft or returned entry the rules find eligible (or those of them in
    `only`); the others stay as they are until changed or deleted. Returns the number submitted
    and the names of those kept back."""
    rights.check_may_change(actor.user, delegation)
    pending = unsubmitted(delegation).select_related("person").select_for_update()
    if only is not None:
        pending = pending.filter(pk__in=[entry.pk for entry in only])
    kept = []
    for entry in pending:
        if not entry.eligible:
            kept.append(entry.person.name)
            continue
        _transition(entry, Entry.Status.SUBMITTED, Action.ENTRY_SUBMITTED, actor=actor)
    return len(pending) - len(kept), kept


@transaction.atomic
def approve(entry: Entry, *, actor: Actor) -> list[str]:
    """Returns what the reviewer should know (e.g. the event's numbers are drawn already)."""
    entry = _locked_for_review(entry, actor)
    if entry.status != Entry.Status.SUBMITTED:
        raise RegistrationError("只有“已提交待审核”的报名可以审核通过。")
    refusal, notes = approval_verdict(entry)
    if refusal:
        raise RegistrationError(refusal)
    _transition(entry, Entry.Status.APPROVED, Action.ENTRY_APPROVED, actor=actor)
    return notes


@transaction.atomic
def approve_all(entries: list[Entry], *, actor: Actor) -> int:
    """Approve each of `entries` (the review queue's clean ones) in one go: all or none."""
    for entry in entries:
        approve(entry, actor=actor)
    return len(entries)


RETURN_REASON_MAX = 500


@transaction.atomic
def return_entry(entry: Entry, reason: str, *, actor: Actor) -> None:
    if not reason.strip():
        raise RegistrationError("退回报名必须填写理由，告诉代表队需要修改什么。")
    problem = text_problem(reason)
    if problem:
        raise RegistrationError(f"退回理由{problem}")
    if len(reason.strip()) > RETURN_REASON_MAX:
        raise RegistrationError(
            f"退回理由最多 {RETURN_REASON_MAX} 个字，现有 {len(reason.strip())} 个，请精简后再退回。"
        )
    entry = _locked_for_review(entry, actor)
    if entry.status not in (Entry.Status.SUBMITTED, Entry.Status.APPROVED):
        raise RegistrationError("只有已提交或已通过的报名可以退回。")
    _transition(
        entry, Entry.Status.RETURNED, Action.ENTRY_RETURNED, actor=actor, reason=reason.strip()
    )


@transaction.atomic
def delete_entry(entry: Entry, *, actor: Actor) -> None:
    entry = Entry.objects.select_for_update().select_related("delegation").get(pk=entry.pk)
    rights.check_may_remove(
        actor.user, entry, "已审核通过的报名不能删除，如需撤销请联系大赛组委会办公室。"
    )
    audit.record(
        Action.ENTRY_DELETED,
        entry,
        actor=actor,
        edition=entry.delegation.edition,
        changes={"deleted": [str(entry), None]},
    )
    delete_files_after_commit([d.file.name for d in entry.documents.all()])
    entry.delete()


def delegation_of(edition: Edition, organization, *, actor: Actor) -> Delegation:
    delegation, created = Delegation.objects.get_or_create(
        edition=edition,
        organization=organization,
        defaults={"is_demo": organization.is_demo},  # a fictional 盟市's is demo data too
    )
    if created:
        audit.record(Action.DELEGATION_CREATED, delegation, actor=actor, edition=edition)
    return delegation


@transaction.atomic
def save_delegation(
    delegation: Delegation, values: dict, *, actor: Actor, seen_version: int | None = None
) -> bool:
    """The delegation's leader and contact; returns whether anything changed."""
    access.require(
        actor, delegation.edition, perms.ENTRY_CHANGE, organization=delegation.organization
    )
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    refusal = versions.stale(locked, seen_version, "代表队信息")
    if refusal:
        raise RegistrationError(refusal)
    before = audit.snapshot(locked, list(values))
    for name, value in values.items():
        setattr(locked, name, value)
    changes = audit.diff(before, audit.snapshot(locked, list(values)))
    if changes:
        locked.version += 1
        locked.save(update_fields=[*values, "version"])
        audit.record(
            Action.DELEGATION_CHANGED,
            locked,
            actor=actor,
            edition=delegation.edition,
            changes=masked_changes(changes),
        )
    return bool(changes)


@transaction.atomic
def save_arrangement(
    event: Event, values: dict, *, actor: Actor, seen_version: int | None = None
) -> bool:
    """The host unit's dates, venue, check-in and documents asked for; returns whether anything
    changed (the public page shows them, so its cached copies are retired)."""
    access.require(actor, event.edition, perms.EVENT_MANAGE, event=event)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    current = Arrangement.objects.filter(event=event).first() or Arrangement(event=event)
    refusal = versions.stale(current, seen_version, "比赛安排") if current.pk else None
    if refusal:
        raise RegistrationError(refusal)
    before = audit.snapshot(current, list(values)) if current.pk else {}
    for name, value in values.items():
        setattr(current, name, value)
    changes = audit.diff(before, audit.snapshot(current, list(values)))
    if changes:
        current.version = current.version + 1 if current.pk else 1
        current.save()
        audit.record(
            Action.ARRANGEMENT_CHANGED,
            current,
            actor=actor,
            edition=event.edition,
            changes=changes,
        )
        bump_public_version()
    return bool(changes)
