"""Masking of personal numbers, and the audited way to see them in full."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .actions import RegistrationAction as Action
from .models import Person


def mask_id(number: str) -> str:
    """150102199001011230 → 150102********1230; short document numbers keep 2 + 2."""
    number = number or ""
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    if len(number) > 4:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * len(number)


def mask_birth(day) -> str:
    """1992-05-06 → 1992年: beside a masked ID number the full date would be its hidden digits."""
    return f"{day.year}年" if day else ""


def verdict_without_birth(verdict: dict, person) -> dict:
    """The verdict with the person's birth dates cut to the year wherever a reason spells them out
    (an age-window reason spells the stored one, an ID mismatch the one the ID encodes): shown
    beside a masked ID number, either would be its hidden digits."""
    days = {d for d in (person.birth_date, _encoded_birth(person.document_number)) if d}
    spelled = [
        (text, mask_birth(day))
        for day in days
        for text in (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day:%Y%m%d}")
    ]
    if not spelled:
        return verdict

    def cut(reasons: list) -> list:
        out = []
        for reason in reasons:
            message = reason.get("message", "")
            for text, year in spelled:
                message = message.replace(text, year)
            out.append({**reason, "message": message})
        return out

    return {
        **verdict,
        "reasons": cut(verdict.get("reasons", [])),
        "flags": cut(verdict.get("flags", [])),
    }


def _encoded_birth(number: str):
    """The date in digits 7–14 of an 18-character number, if they are one (the masked part)."""
    digits = (number or "")[6:14]
    if len(number or "") != 18 or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def mask_phone(number: str) -> str:
    """13812345678 → 138****5678; a shorter number (a landline) keeps only its last 4 digits:
    6222333 → ***2333."""
    number = number or ""
    if len(number) >= 11:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    if len(number) > 4:
        return "*" * (len(number) - 4) + number[-4:]
    return "*" * len(number)


def may_see_full(user, delegation) -> bool:
    """Whether `user` may ask for the full numbers of the delegation's contestants (audited)."""
    return access.has_perm(
        user, delegation.edition, perms.PERSON_VIEW_FULL, organization=delegation.organization
    )


def others_phones(user, delegation, person_ids) -> set[int]:
    """The people among `person_ids` whose phone stays masked for `user` even in full views: a
    phone is the organization's that wrote it (a delegation entering the same ID number would
    otherwise read it). Edition-wide roles (the office, HRSS) see every phone."""
    if access.has_perm_edition_wide(user, delegation.edition, perms.PERSON_VIEW_FULL):
        return set()
    people = Person.objects.filter(pk__in=person_ids, phone_owner__isnull=False)
    return set(people.exclude(phone_owner=delegation.organization_id).values_list("pk", flat=True))


def record_full_view(actor: Actor, entry, where: str = "") -> None:
    """Audit that the user was shown the entry's full numbers (the reveal, the edit form)."""
    changes = {"entry": [None, entry.pk]} | ({"where": [None, where]} if where else {})
    audit.record(
        Action.PERSON_VIEWED_FULL,
        entry.person,
        actor=actor,
        edition=entry.delegation.edition,
        changes=changes,
    )


def reveal(actor: Actor, entry) -> dict:
    """The entry's full numbers for a user allowed to see them; the viewing is audited."""
    if not may_see_full(actor.user, entry.delegation):
        raise PermissionDenied("您的角色不能查看完整证件号码。")
    record_full_view(actor, entry)
    person = entry.person
    others = person.pk in others_phones(actor.user, entry.delegation, [person.pk])
    return {
        "document_number": person.document_number,
        "phone": mask_phone(person.phone) if others else person.phone,
        "phone_of_others": others,
        "birth_date": person.birth_date,
    }


def record_full_export(actor: Actor, edition, what: str, **scope) -> None:
    """A list exported with full numbers: allowed to those who may see them, and audited."""
    access.require(actor, edition, perms.PERSON_VIEW_FULL, **scope)
    audit.record(
        Action.EXPORT_FULL, None, actor=actor, edition=edition, changes={"export": [None, what]}
    )


def record_error_report(actor: Actor, job) -> None:
    """An import's error report holds the rows as uploaded, full numbers included: audited."""
    audit.record(
        Action.EXPORT_ERROR_REPORT,
        job.delegation,
        actor=actor,
        edition=job.delegation.edition,
        changes={"export": [None, f"导入错误报告 {job.file_name}"]},
    )
