"""Whose accounts an actor may create and manage: the committee office anyone's in the edition;
a host unit its own events' panels; a delegation its own registrars."""

from __future__ import annotations

from dataclasses import dataclass

from zhenxing.editions.models import Event
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import Membership, Organization, Role

PANEL_ROLES = [Role.JUDGE, Role.CHIEF_JUDGE, Role.CLERK, Role.ENCRYPTION_OFFICER]
OFFICE_ONLY_ROLES = [r for r in Role if r not in PANEL_ROLES and r != Role.REGISTRAR]


@dataclass(frozen=True)
class Grants:
    """What the actor may give: roles, the events panels are for, the delegations registrars
    are for. `everyone`: the committee office."""

    everyone: bool
    events: tuple[Event, ...]
    delegations: tuple[Organization, ...]

    @property
    def roles(self) -> list[Role]:
        if self.everyone:
            return list(Role)
        roles = list(PANEL_ROLES) if self.events else []
        return roles + ([Role.REGISTRAR] if self.delegations else [])

    @property
    def any(self) -> bool:
        return bool(self.roles)

    def covers(self, membership: Membership) -> bool:
        """Whether the membership lies within what the actor manages."""
        if self.everyone:
            return True
        if membership.role in PANEL_ROLES:
            return membership.event_id in {e.pk for e in self.events}
        if membership.role == Role.REGISTRAR:
            return membership.organization_id in {o.pk for o in self.delegations}
        return False


def grants(user, edition) -> Grants:
    if access.has_perm_edition_wide(user, edition, perms.ACCOUNT_MANAGE):
        events = tuple(edition.events.select_related("occupation"))
        return Grants(True, events, tuple(Organization.objects.all()))
    mine = access.memberships(user, edition)
    hosts = {m.organization_id for m in mine}
    candidates = edition.events.filter(host_unit_id__in=hosts).select_related("occupation")
    events = tuple(
        e
        for e in candidates
        if access.held(user, edition, event=e).codes >= {perms.ACCOUNT_TEAM, perms.EVENT_MANAGE}
    )
    delegations = tuple(
        o
        for o in Organization.objects.filter(pk__in=hosts)
        if access.held(user, edition, organization=o).codes
        >= {perms.ACCOUNT_TEAM, perms.ENTRY_CHANGE}
    )
    return Grants(False, events, delegations)
