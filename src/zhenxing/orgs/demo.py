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

# username, role, organization (kind, name), event occupation or None, description
DEMO_ACCOUNTS = [
    ("office", Role.COMMITTEE_OFFICE, ("youth_league", "共青团内蒙古自治区委员会"), None),
    ("hrss", Role.HRSS_REVIEWER, ("hrss", "内蒙古自治区人力资源和社会保障厅"), None),
    ("host", Role.HOST_STAFF, ("host_unit", "中国航天科工集团第六研究院"), None),
    ("registrar", Role.REGISTRAR, ("league_city", "演示·甲市"), None),
    ("registrar2", Role.REGISTRAR, ("league_city", "演示·乙市"), None),
    ("enterprise", Role.REGISTRAR, ("enterprise", DEMO_ENTERPRISE), None),
    ("judge", Role.JUDGE, ("host_unit", "中国航天科工集团第六研究院"), "数控车工"),
    ("chief", Role.CHIEF_JUDGE, ("host_unit", "中国航天科工集团第六研究院"), "数控车工"),
    ("clerk", Role.CLERK, ("host_unit", "中国航天科工集团第六研究院"), "数控车工"),
    ("supervisor", Role.SUPERVISOR, ("youth_league", "共青团内蒙古自治区委员会"), None),
    (
        "encryption",
        Role.ENCRYPTION_OFFICER,
        ("host_unit", "中国航天科工集团第六研究院"),
        "数控车工",
    ),
    ("arbiter", Role.ARBITRATOR, ("hrss", "内蒙古自治区人力资源和社会保障厅"), None),
]


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
    for username, role, (kind, org_name), occupation in DEMO_ACCOUNTS:
        organization = Organization.objects.get(kind=kind, name=org_name)
        user, _ = users.objects.get_or_create(
            username=username, defaults={"first_name": f"演示·{Role(role).label}"}
        )
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.COMMITTEE_OFFICE
        user.save()
        if user.is_staff:
            user.groups.add(office_group())
        event = None
        if occupation:
            event = Event.objects.get(edition=edition, occupation__name=occupation, group="worker")
        Membership.objects.get_or_create(
            user=user, edition=edition, organization=organization, role=role, event=event
        )
        created.append((username, Role(role).label))
    return created
