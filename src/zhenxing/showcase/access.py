"""Access helpers of the showcase: an organization's nominations, one nomination, one work's file.
Its registrars (showcase.nominate) keep their own; the committee office (showcase.review) sees
every one; everyone else gets 404. The public sees a nomination only while it is public."""

from __future__ import annotations

from django.http import Http404

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import Allowed, held, memberships, needs
from zhenxing.orgs.models import Organization

from .models import Nomination, Work

READ_ONLY = "您只能查看该单位的“绝活”推荐，不能修改"


def may_see(allowed: Allowed) -> bool:
    return allowed.any(perms.SHOWCASE_NOMINATE, perms.SHOWCASE_REVIEW)


def nominations_for_user(user, edition, org_pk: int, write: bool = False):
    """An organization's nominations: (organization, allowed). Outsiders 404; write needs
    showcase.nominate over it (the office only reads: 403)."""
    organization = Organization.objects.filter(pk=org_pk).first()
    allowed = held(user, edition, organization=organization) if organization else Allowed()
    if not may_see(allowed):
        raise Http404("未找到该单位")
    if write:
        needs(allowed, perms.SHOWCASE_NOMINATE, READ_ONLY)
    return organization, allowed


def nomination_for_user(user, edition, pk: int, write: bool = False):
    """One nomination in the back office: (nomination, allowed), checked as its organization's
    nominations are; others 404."""
    nomination = (
        Nomination.objects.filter(pk=pk, edition=edition)
        .select_related("person", "organization", "answers__person")
        .first()
    )
    if nomination is None:
        raise Http404("未找到该推荐")
    _, allowed = nominations_for_user(user, edition, nomination.organization_id, write)
    return nomination, allowed


def work_for_user(user, edition, pk: int, write: bool = False):
    """One work in the back office: (work, allowed), checked as its nomination is."""
    work = Work.objects.filter(pk=pk, nomination__edition=edition).first()
    if work is None:
        raise Http404("未找到该作品")
    nomination, allowed = nomination_for_user(user, edition, work.nomination_id, write)
    return work, nomination, allowed


def public_nominations(edition):
    """What the gallery shows: approved and not hidden."""
    return Nomination.objects.filter(
        edition=edition, status=Nomination.Status.APPROVED, hidden=False
    ).select_related("person", "answers")


def public_nomination(edition, public_id) -> Nomination:
    """A nomination the public may see (by its public id, never its pk); else 404. A challenge
    is public only while the 绝活 it answers is."""
    nomination = public_nominations(edition).filter(public_id=public_id).first()
    if nomination is None or (nomination.answers and not nomination.answers.public):
        raise Http404("未找到该作品，或作品已下架")
    return nomination


def public_work(edition, public_id) -> Work:
    work = Work.objects.filter(public_id=public_id, nomination__edition=edition).first()
    if work is None:
        raise Http404("未找到该作品，或作品已下架")
    public_nomination(edition, work.nomination.public_id)
    return work


def own_organizations(user, edition) -> list[Organization]:
    """The organizations whose nominations the user keeps (a registrar's own)."""
    ids = [
        m.organization_id
        for m in memberships(user, edition)
        if perms.SHOWCASE_NOMINATE in perms.ROLE_PERMISSIONS.get(m.role, ())
    ]
    return list(Organization.objects.filter(pk__in=ids).order_by("pk"))
