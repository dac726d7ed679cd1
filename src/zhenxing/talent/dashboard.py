"""What the app puts on each role's dashboard, as (text, url, done) rows; web/dashboard.py shows
them (this app cannot import the web layer)."""

from __future__ import annotations

from django.urls import reverse

from . import people


def office_tasks(edition) -> list[tuple[str, str, bool]]:
    count = people.everyone().count()
    return [
        (f"青年技能人才库：{count} 人", reverse("talent:home", args=[edition.code]), False),
        ("人才库统计", reverse("talent:statistics", args=[edition.code]), False),
    ]


def organization_tasks(edition, organization) -> list[tuple[str, str, bool]]:
    count = people.people_of(organization).count()
    url = reverse("talent:organization", args=[edition.code, organization.pk])
    return [(f"本单位人才库：{count} 人（跟踪服务记录）", url, False)]
