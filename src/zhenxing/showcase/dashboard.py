"""What the app puts on each role's dashboard, as (text, url, done) rows; web/dashboard.py shows
them (this app cannot import the web layer)."""

from __future__ import annotations

from django.urls import reverse

from .models import Nomination


def office_tasks(edition) -> list[tuple[str, str, bool]]:
    if edition.rulebook().showcase is None:
        return []
    waiting = Nomination.objects.filter(edition=edition, status=Nomination.Status.SUBMITTED).count()
    theme = edition.rulebook().showcase.theme
    return [
        (
            f"“绝活”展示：{waiting} 条推荐待审核",
            reverse("showcase:queue", args=[edition.code]),
            waiting == 0,
        ),
        (f"“绝活”展示公开页面（{theme}）", reverse("showcase:gallery", args=[edition.code]), False),
    ]


def organization_tasks(edition, organization) -> list[tuple[str, str, bool]]:
    rule = edition.rulebook().showcase
    if rule is None or organization.kind not in rule.nominators:
        return []
    own = Nomination.objects.filter(edition=edition, organization=organization)
    returned = own.filter(status=Nomination.Status.RETURNED).count()
    url = reverse("showcase:organization", args=[edition.code, organization.pk])
    return [
        (f"推荐青年“绝活”（已推荐 {own.count()} 条）", url, False),
        (f"修改被退回的“绝活”推荐：{returned} 条", url, returned == 0),
    ]
