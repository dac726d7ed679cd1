"""Who may do what: permission codes held over an object, and the access helpers of the objects
this layer owns (editions, organizations, events). Each app above keeps the helpers of its own
objects in its `access.py` (the healthchecks habit).

A helper returns the object and what the user may do with it (`Allowed`). A user who may not even
see the object gets 404 (an outsider learns nothing, not even that it exists); a user who may see
it but not do what was asked gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenxing.editions.models import Edition, Event

from . import permissions as perms
from .audit import Actor
from .models import Membership, Organization, Role

REFUSED = "您的角色无权进行此操作"


@dataclass(frozen=True)
class Allowed:
    """The permission codes a user holds over one object: `perms.SCORE_LOCK in allowed`."""

    codes: frozenset[str] = frozenset()

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def any(self, *codes: str) -> bool:
        return any(code in self.codes for code in codes)


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


def held(user, edition, *, organization=None, event=None) -> Allowed:
    """Every code `user` holds in `edition` over an object of `organization` and/or `event`."""
    if user.is_authenticated and user.is_superuser:
        return Allowed(perms.ALL_CODES)
    codes = set()
    for membership in memberships(user, edition):
        if _covers(membership, organization=organization, event=event):
            codes |= perms.ROLE_PERMISSIONS.get(membership.role, frozenset())
    return Allowed(frozenset(codes))


def has_perm(user, edition, code: str, *, organization=None, event=None) -> bool:
    """Whether `user` holds permission `code` in `edition` over the given object."""
    return code in held(user, edition, organization=organization, event=event)


def has_perm_edition_wide(user, edition, code: str) -> bool:
    """Whether `user` holds `code` over the whole edition (the committee office, HRSS…), not only
    over their own organization's or event's objects."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        code in perms.ROLE_PERMISSIONS.get(m.role, ()) and m.role in perms.EDITION_WIDE_ROLES
        for m in memberships(user, edition)
    )


def uses_api(user) -> bool:
    """Whether the user has a role, in any edition, that the API serves beyond its public data
    (perms.API_ROLES: the committee office, HRSS, host units, delegations): only they are offered
    personal API tokens."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cache = user.__dict__
    if "_zx_uses_api" not in cache:
        found = Membership.objects.filter(user=user, role__in=perms.API_ROLES).exists()
        cache["_zx_uses_api"] = found
    return cache["_zx_uses_api"]


def require(actor: Actor, edition, code: str, *, organization=None, event=None) -> None:
    """A service's own check: PermissionDenied unless the actor holds `code` over the object.
    The platform itself (commands run at the server, background jobs) holds every code."""
    if actor.user is None:
        return
    if not has_perm(actor.user, edition, code, organization=organization, event=event):
        raise PermissionDenied(REFUSED)


def needs(allowed: Allowed, need: str | tuple[str, ...], missing: str = REFUSED) -> None:
    """403 unless `allowed` holds `need` (one code, or a tuple of which one is enough)."""
    wanted = need if isinstance(need, tuple) else (need,)
    if not allowed.any(*wanted):
        raise PermissionDenied(missing)


def edition_for_user(user, code: str, need: str = perms.EDITION_VIEW) -> tuple[Edition, Allowed]:
    """An edition's back office: outsiders (no role in it) 404; lacking `need` 403."""
    edition = Edition.objects.filter(code=code).first()
    allowed = held(user, edition) if edition is not None else Allowed()
    if perms.EDITION_VIEW not in allowed:
        raise Http404("未找到该届次")
    needs(allowed, need)
    return edition, allowed


def organization_for_user(user, edition, pk: int, write: bool = False):
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404("未找到该组织")
    allowed = held(user, edition, organization=organization)
    if perms.ORG_VIEW not in allowed:
        raise Http404("未找到该组织")
    if write:
        needs(allowed, perms.ORG_CHANGE, "您只能查看该组织，不能修改")
    return organization, allowed


def event_for_user(user, edition, pk: int, write: bool = False):
    event = Event.objects.filter(pk=pk, edition=edition).select_related("occupation").first()
    if event is None:
        raise Http404("未找到该比赛项目")
    allowed = held(user, edition, event=event)
    if perms.EVENT_VIEW not in allowed:
        raise Http404("未找到该比赛项目")
    if write:
        needs(allowed, perms.EVENT_MANAGE, "您只能查看该比赛项目，不能修改")
    return event, allowed
