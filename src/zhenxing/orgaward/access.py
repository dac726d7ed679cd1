"""Access helpers of the excellent organization award: an organization's records, one record,
one evidence file. Its registrars (orgaward.records) keep their own; the committee office
(orgaward.assess) sees every organization's; everyone else gets 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import Allowed, held, memberships, needs
from zhenxing.orgs.models import Organization, Role

from .kinds import Kind
from .models import Evidence, Material

READ_ONLY = "您只能查看该单位的优秀组织奖材料，不能修改"


def may_see(allowed: Allowed) -> bool:
    return allowed.any(perms.ORGAWARD_RECORDS, perms.ORGAWARD_ASSESS)


def records_for_user(user, edition, org_pk: int, write: bool = False):
    """An organization's records: (organization, allowed). Outsiders 404; write needs
    orgaward.records over it (the office reads only: 403)."""
    organization = Organization.objects.filter(pk=org_pk).first()
    allowed = held(user, edition, organization=organization) if organization else Allowed()
    if not may_see(allowed):
        raise Http404("未找到该单位")
    if write:
        needs(allowed, perms.ORGAWARD_RECORDS, READ_ONLY)
    return organization, allowed


def record_for_user(user, edition, org_pk: int, kind: Kind, pk: int, write: bool = False):
    """One record of an organization: (record, organization, allowed); others 404."""
    organization, allowed = records_for_user(user, edition, org_pk, write)
    record = kind.model.objects.filter(pk=pk, edition=edition, organization=organization).first()
    if record is None:
        raise Http404("未找到该记录")
    return record, organization, allowed


def evidence_for_user(user, edition, pk: int, write: bool = False):
    """An evidence file, checked as its organization's records are; others 404."""
    evidence = Evidence.objects.filter(pk=pk, edition=edition).first()
    if evidence is None:
        raise Http404("未找到该材料")
    organization, allowed = records_for_user(user, edition, evidence.organization_id, write)
    return evidence, organization, allowed


def own_organizations(user, edition) -> list[Organization]:
    """The organizations whose records the user keeps (a registrar's own)."""
    ids = [
        m.organization_id
        for m in memberships(user, edition)
        if perms.ORGAWARD_RECORDS in perms.ROLE_PERMISSIONS.get(m.role, ())
    ]
    return list(Organization.objects.filter(pk__in=ids).order_by("pk"))


def sending_materials(edition):
    """The organizations that send materials (§七.1): those the award concerns and the host
    units of the edition's events."""
    return (
        Organization.objects.filter(
            Q(delegations__edition=edition)
            | Q(memberships__edition=edition, memberships__role=Role.REGISTRAR)
            | Q(hosted_events__edition=edition)
        )
        .distinct()
        .order_by("kind", "pk")
    )


def taking_part(edition):
    """The organizations the award concerns: each with a delegation or a registrar in the
    edition."""
    return (
        Organization.objects.filter(
            Q(delegations__edition=edition)
            | Q(memberships__edition=edition, memberships__role=Role.REGISTRAR)
        )
        .distinct()
        .order_by("kind", "pk")
    )


def materials_for_user(user, edition, org_pk: int, write: bool = False):
    """An organization's materials (§七.1): its registrars or host staff send them
    (orgaward.materials), the office sees every organization's; others 404."""
    organization = Organization.objects.filter(pk=org_pk).first()
    allowed = held(user, edition, organization=organization) if organization else Allowed()
    if not allowed.any(perms.ORGAWARD_MATERIALS, perms.ORGAWARD_ASSESS):
        raise Http404("未找到该单位")
    if write:
        needs(allowed, perms.ORGAWARD_MATERIALS, "您只能查看该单位报送的材料，不能修改")
    return organization, allowed


def material_for_user(user, edition, pk: int, write: bool = False):
    """A material sent for §七.1, checked as its organization's materials are; others 404."""
    material = Material.objects.filter(pk=pk, edition=edition).first()
    if material is None:
        raise Http404("未找到该材料")
    organization, allowed = materials_for_user(user, edition, material.organization_id, write)
    return material, organization, allowed
