"""One access helper per kind of object (the healthchecks habit).

Each returns the object and whether the user may change it. A user who may not even see the
object gets 404 (an outsider learns nothing, not even that it exists); a user who may see it but
not do what was asked gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenxing.editions.models import Edition, Event

from . import permissions as perms
from .models import Membership, Organization, Role


def memberships(user, edition) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_zx_memberships", {})
    if edition.pk not in cache:
        cache[edition.pk] = list(
            Membership.objects.filter(user=user, edition=edition).select_related("event")
        )
    return cache[edition.pk]


def _covers_event(membership: Membership, event) -> bool:
    if membership.role == Role.HOST_STAFF:
        return event.host_unit_id == membership.organization_id
    return membership.role in perms.PANEL_ROLES and membership.event_id == event.pk


def _covers(membership: Membership, organization=None, event=None) -> bool:
    """Whether the membership's scope reaches an object of `organization` and/or `event`."""
    if membership.role in perms.EDITION_WIDE_ROLES:
        return True
    if event is not None and _covers_event(membership, event):
        return True
    if organization is not None and membership.organization_id == organization.pk:
        return True
    return event is None and organization is None


def has_perm(user, edition, code: str, *, organization=None, event=None) -> bool:
    """Whether `user` holds permission `code` in `edition` over the given object."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        code in perms.ROLE_PERMISSIONS.get(m.role, ())
        and _covers(m, organization=organization, event=event)
        for m in memberships(user, edition)
    )


def has_perm_edition_wide(user, edition, code: str) -> bool:
    """Whether `user` holds `code` over the whole edition (the committee office, HRSS…), not only
    over their own organization's or event's objects."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        code in perms.ROLE_PERMISSIONS.get(m.role, ()) and m.role in perms.EDITION_WIDE_ROLES
        for m in memberships(user, edition)
    )


def _decide(user, edition, view_code, need_code, **scope) -> bool:
    if not has_perm(user, edition, view_code, **scope):
        raise Http404("未找到")
    can_write = has_perm(user, edition, need_code, **scope) if need_code else False
    return can_write


def edition_for_user(user, code: str, need: str = perms.EDITION_VIEW) -> tuple[Edition, bool]:
    """An edition's back office: outsiders (no role in it) 404; lacking `need` 403."""
    edition = Edition.objects.filter(code=code).first()
    if edition is None or not has_perm(user, edition, perms.EDITION_VIEW):
        raise Http404("未找到该届次")
    if not has_perm(user, edition, need):
        raise PermissionDenied("您的角色无权进行此操作")
    return edition, has_perm(user, edition, perms.EDITION_MANAGE)


def organization_for_user(user, edition, pk: int, write: bool = False):
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404("未找到该组织")
    can_write = _decide(user, edition, perms.ORG_VIEW, perms.ORG_CHANGE, organization=organization)
    if write and not can_write:
        raise PermissionDenied("您只能查看该组织，不能修改")
    return organization, can_write


def event_for_user(user, edition, pk: int, write: bool = False):
    event = Event.objects.filter(pk=pk, edition=edition).select_related("occupation").first()
    if event is None:
        raise Http404("未找到该比赛项目")
    can_write = _decide(user, edition, perms.EVENT_VIEW, perms.EVENT_MANAGE, event=event)
    if write and not can_write:
        raise PermissionDenied("您只能查看该比赛项目，不能修改")
    return event, can_write


def final_for_user(user, edition, event_pk: int, need: str = perms.SCORE_VIEW):
    """An event's scoring area: its panel, host unit, supervisors and the office; others 404.

    `need` may be one code or a tuple of codes of which the user must hold one.
    """
    from zhenxing.judging.services import final_of

    event = Event.objects.filter(pk=event_pk, edition=edition).select_related("occupation")
    event = event.first()
    if event is None or not has_perm(user, edition, perms.SCORE_VIEW, event=event):
        raise Http404("未找到该比赛项目")
    needs = need if isinstance(need, tuple) else (need,)
    if not any(has_perm(user, edition, code, event=event) for code in needs):
        raise PermissionDenied("您的角色无权进行此操作")
    return final_of(event)


def delegation_for_user(user, edition, pk: int, need: str = perms.ENTRY_VIEW):
    """A delegation and its entries: its own registrar, the office, HRSS; others 404."""
    from zhenxing.registration.models import Delegation

    delegation = Delegation.objects.filter(pk=pk, edition=edition).select_related("organization")
    delegation = delegation.first()
    if delegation is None:
        raise Http404("未找到该代表队")
    scope = {"organization": delegation.organization}
    if not has_perm(user, edition, perms.ENTRY_VIEW, **scope):
        raise Http404("未找到该代表队")
    if not has_perm(user, edition, need, **scope):
        raise PermissionDenied("您的角色无权进行此操作")
    return delegation


def entry_for_user(user, edition, pk: int, need: str = perms.ENTRY_VIEW):
    """An entry: its delegation's registrar, the event's host unit, the office, HRSS; others 404."""
    from zhenxing.registration.models import Entry

    entry = (
        Entry.objects.filter(pk=pk, delegation__edition=edition)
        .select_related(
            "person", "event__occupation", "event__host_unit", "delegation__organization"
        )
        .first()
    )
    if entry is None:
        raise Http404("未找到该报名")
    scope = {"organization": entry.delegation.organization, "event": entry.event}
    if not has_perm(user, edition, perms.ENTRY_VIEW, **scope):
        raise Http404("未找到该报名")
    if not has_perm(user, edition, need, **scope):
        raise PermissionDenied("您的角色无权进行此操作")
    return entry


def document_for_user(user, edition, pk: int, need: str):
    """An entry's document, checked as its entry is (`need` on it); others 404."""
    from zhenxing.registration.models import EntryDocument

    document = EntryDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404("未找到该材料")
    document.entry = entry_for_user(user, edition, document.entry_id, need)
    return document
