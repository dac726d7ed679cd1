"""Who may change a delegation's entries, and when: the deadline, approval, the office."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhenxing.editions.models import Edition
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms

from .models import Delegation, Entry

APPROVED_LOCKED = "该报名已审核通过，如需修改请联系大赛组委会办公室。"


class RegistrationError(Exception):
    """A request the workflow refuses; the message says what to do instead."""


def registration_closed(edition: Edition, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return edition.registration_deadline is not None and today > edition.registration_deadline


def may_change(user, delegation: Delegation) -> bool:
    """Whether the pages should offer `user` to change the delegation's entries now."""
    try:
        check_may_change(user, delegation)
    except RegistrationError:
        return False
    return True


def check_may_change(user, delegation: Delegation) -> None:
    """Registrars change their entries until the deadline; after it only the committee office.
    `user` None is the platform itself (a command at the server)."""
    if user is None:
        return
    edition = delegation.edition
    scope = {"organization": delegation.organization}
    if registration_closed(edition):
        if not access.has_perm(user, edition, perms.ENTRY_CHANGE_LATE, **scope):
            deadline = edition.registration_deadline
            raise RegistrationError(
                f"报名已于 {deadline:%Y年%-m月%-d日} 截止，只有大赛组委会办公室可以修改报名。"
            )
    elif not access.has_perm(user, edition, perms.ENTRY_CHANGE, **scope):
        raise RegistrationError("您的角色不能修改该代表队的报名。")


def check_may_remove(user, entry: Entry, refusal: str) -> None:
    """Removing an entry or one of its documents: as changing it, and once the entry is approved
    only by the committee office (`refusal` says so to the others)."""
    check_may_change(user, entry.delegation)
    edition = entry.delegation.edition
    if entry.status == Entry.Status.APPROVED and not is_office(user, edition):
        raise RegistrationError(refusal)


def may_remove(user, entry: Entry) -> bool:
    """Whether the pages should offer `user` to delete the entry and its documents now."""
    try:
        check_may_remove(user, entry, "")
    except RegistrationError:
        return False
    return True


def is_office(user, edition) -> bool:
    """Whether `user` acts for the committee office, which may change entries at any time."""
    return user is not None and access.has_perm(user, edition, perms.ENTRY_CHANGE_LATE)
