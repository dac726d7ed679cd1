"""Access helpers of the talent database: the database as a whole, an organization's people,
one person. Registrars (talent.keep) see their own organization's people; the committee office
(talent.all) sees everyone; everyone else gets 404. Seeing without the code a page needs is 403.
"""

from __future__ import annotations

from django.http import Http404

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import Allowed, has_perm_edition_wide, held, memberships, needs
from zhenxing.orgs.models import Organization
from zhenxing.registration.models import Person

from . import people

READ_ONLY = "您只能查看该人员的信息，不能为其记录跟踪服务"
OFFICE_ONLY = "只有大赛组委会办公室可以进行此操作"


def is_office(user, edition) -> bool:
    """Whether `user` sees everyone in the database (the committee office)."""
    return has_perm_edition_wide(user, edition, perms.TALENT_ALL)


def own_organizations(user, edition) -> list[Organization]:
    """The organizations whose people the user keeps (a registrar's own)."""
    ids = [
        m.organization_id
        for m in memberships(user, edition)
        if perms.TALENT_KEEP in perms.ROLE_PERMISSIONS.get(m.role, ())
    ]
    return list(Organization.objects.filter(pk__in=ids).order_by("pk"))


def database_for_user(user, edition, need: str | None = None) -> Allowed:
    """The database as a whole: the office and registrars; others 404; lacking `need` 403."""
    allowed = held(user, edition)
    if is_office(user, edition):
        allowed = Allowed(allowed.codes | {perms.TALENT_ALL})
    elif own_organizations(user, edition):
        allowed = Allowed(allowed.codes | {perms.TALENT_KEEP})
    else:
        raise Http404("未找到人才库")
    if need:
        needs(allowed, need, OFFICE_ONLY if need == perms.TALENT_ALL else READ_ONLY)
    return allowed


def organization_for_user(user, edition, pk: int, write: bool = False):
    """An organization's people: its registrars, and the office (reading); others 404."""
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404("未找到该单位")
    allowed = held(user, edition, organization=organization)
    if not allowed.any(perms.TALENT_KEEP, perms.TALENT_ALL):
        raise Http404("未找到该单位")
    if write:
        needs(allowed, perms.TALENT_KEEP, "您只能查看该单位的人才库，不能修改")
    return organization, allowed


def person_for_user(user, edition, pk: int, need: str | None = None):
    """One person: (person, the user's organization that has them or None, allowed). The office
    sees everyone in the database; a registrar only their organization's people; others 404."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404("未找到该人员")
    keeper, allowed = None, Allowed()
    for organization in own_organizations(user, edition):
        if people.has_person(organization, person):
            keeper, allowed = organization, held(user, edition, organization=organization)
            break
    if is_office(user, edition) and people.everyone().filter(pk=pk).exists():
        allowed = Allowed(allowed.codes | held(user, edition).codes)
    if not allowed.any(perms.TALENT_KEEP, perms.TALENT_ALL):
        raise Http404("未找到该人员")
    if need:
        needs(allowed, need, OFFICE_ONLY if need == perms.TALENT_ALL else READ_ONLY)
    return person, keeper, allowed


def may_see_full(allowed: Allowed) -> bool:
    """Whether the user may ask for the person's full numbers (audited): person.view_full over
    the person (the office; the registrar of an organization that has them)."""
    return perms.PERSON_VIEW_FULL in allowed


def sees_phone(user, edition, person, keeper) -> bool:
    """A phone is the organization's that wrote it (registration's rule); edition-wide roles see
    every phone."""
    if has_perm_edition_wide(user, edition, perms.PERSON_VIEW_FULL):
        return True
    return keeper is not None and person.phone_owner_id in (None, keeper.pk)
