"""Demo accounts: one per role, clearly marked, so a newcomer can try every part of the platform."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from zhenxing.editions.models import Edition, Event

from .models import Membership, Organization, Role

DEMO_PASSWORD = "zhenxing-demo"  # noqa: S105 — printed on purpose: demo data only
OFFICE_GROUP = "组委会办公室（后台管理）"

DEMO_ENTERPRISE = "演示·北方能源集团"  # fictional: an enterprise that answers a showcase challenge

# The edition's own organizations, named in DEMO_ACCOUNTS by these markers: its youth-league and
# HR organizers, and the host unit of its demo event (see `demo_event`).
LEAGUE, HRSS, HOST, EVENT = "{league}", "{hrss}", "{host}", "{event}"

# username, role, organization (kind, name or marker), the demo event (EVENT) or None
DEMO_ACCOUNTS = [
    ("office", Role.COMMITTEE_OFFICE, ("youth_league", LEAGUE), None),
    ("hrss", Role.HRSS_REVIEWER, ("hrss", HRSS), None),
    ("host", Role.HOST_STAFF, ("host_unit", HOST), None),
    ("registrar", Role.REGISTRAR, ("league_city", "演示·甲市"), None),
    ("registrar2", Role.REGISTRAR, ("league_city", "演示·乙市"), None),
    ("enterprise", Role.REGISTRAR, ("enterprise", DEMO_ENTERPRISE), None),
    ("judge", Role.JUDGE, ("host_unit", HOST), EVENT),
    ("chief", Role.CHIEF_JUDGE, ("host_unit", HOST), EVENT),
    ("clerk", Role.CLERK, ("host_unit", HOST), EVENT),
    ("supervisor", Role.SUPERVISOR, ("youth_league", LEAGUE), None),
    ("encryption", Role.ENCRYPTION_OFFICER, ("host_unit", HOST), EVENT),
    ("arbiter", Role.ARBITRATOR, ("hrss", HRSS), None),
]


def demo_event(edition: Edition) -> Event | None:
    """The event the demo's panel accounts sit on: the last (in the rulebook's order) of a host
    unit with another event in the same group — judging/demo takes that other one to awards.
    2020-nmg: 数控车工（职工组）, of 中国航天科工集团第六研究院."""
    hosted = list(
        Event.objects.filter(edition=edition, host_unit__isnull=False)
        .select_related("occupation", "host_unit")
        .order_by("position")
    )
    places = [(e.host_unit_id, e.group) for e in hosted]
    shared = [e for e in hosted if places.count((e.host_unit_id, e.group)) > 1]
    return (shared or hosted or [None])[-1]


def _edition_organization(edition: Edition, kind: str, name: str) -> Organization:
    """`name`, or the edition's own organization the marker stands for."""
    if name == HOST:
        return demo_event(edition).host_unit
    if name in (LEAGUE, HRSS):
        organizers = edition.rulebook().edition.organizers
        return Organization.objects.filter(kind=kind, name__in=organizers).order_by("pk").first()
    return Organization.objects.get(kind=kind, name=name)


# The demo's delegations are fictional 盟市 (marked as demo data), never the real ones: their ID
# numbers' region codes are real, the people are not.
DEMO_CITIES = {
    "演示·甲市": "150102",
    "演示·乙市": "150203",
    "演示·丙市": "150302",
    "演示·丁市": "150402",
    "演示·戊市": "150502",
    "演示·己市": "150602",
}


def demo_organizations() -> list[Organization]:
    """The fictional 盟市 of the demo, created on first use."""
    return [
        Organization.objects.get_or_create(
            kind=Organization.Kind.LEAGUE_CITY,
            name=name,
            defaults={"body": f"{name}团委（虚构，演示数据）", "is_demo": True},
        )[0]
        for name in DEMO_CITIES
    ]


def office_group() -> Group:
    """Django-admin rights for the committee office: everything but editing the audit log."""
    group, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=["orgs", "editions"]).exclude(
        codename__in=["add_auditentry", "change_auditentry", "delete_auditentry"]
    )
    group.permissions.set(wanted)
    return group


@transaction.atomic
def create_demo_accounts(edition: Edition) -> list[tuple[str, str]]:
    """Create (or refresh) the demo accounts; returns (username, role label) pairs."""
    users = get_user_model()
    created = []
    demo_organizations()
    Organization.objects.get_or_create(
        kind=Organization.Kind.ENTERPRISE,
        name=DEMO_ENTERPRISE,
        defaults={"body": f"{DEMO_ENTERPRISE}团委（虚构，演示数据）", "is_demo": True},
    )
    event = demo_event(edition)
    for username, role, (kind, org_name), on_event in DEMO_ACCOUNTS:
        if event is None and (org_name == HOST or on_event):
            continue  # an edition without a hosted event has no panel to sit on
        organization = _edition_organization(edition, kind, org_name)
        user, _ = users.objects.get_or_create(
            username=username, defaults={"first_name": f"演示·{Role(role).label}"}
        )
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.COMMITTEE_OFFICE
        user.save()
        if user.is_staff:
            user.groups.add(office_group())
        Membership.objects.get_or_create(
            user=user,
            edition=edition,
            organization=organization,
            role=role,
            event=event if on_event else None,
        )
        created.append((username, Role(role).label))
    return created
