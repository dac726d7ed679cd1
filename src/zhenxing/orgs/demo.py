"""Demo accounts: one per role, clearly marked, so a newcomer can try every part of the platform."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from zhenxing.editions.models import Edition, Event

from .models import Membership, Organization, Role

DEMO_PASSWORD = "zhenxing-demo"  # noqa: S105 — printed on purpose: demo data only
OFFICE_GROUP = "组委会办公室（后台管理）"

# username, role, organization (kind, name), event occupation or None, description
DEMO_ACCOUNTS = [
    ("office", Role.COMMITTEE_OFFICE, ("youth_league", "共青团内蒙古自治区委员会"), None),
    ("hrss", Role.HRSS_REVIEWER, ("hrss", "内蒙古自治区人力资源和社会保障厅"), None),
    ("host", Role.HOST_STAFF, ("host_unit", "中国航天科工集团第六研究院"), None),
    ("registrar", Role.REGISTRAR, ("league_city", "呼和浩特市"), None),
    ("registrar2", Role.REGISTRAR, ("league_city", "包头市"), None),
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
