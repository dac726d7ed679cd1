"""What the app puts on each role's dashboard, as (text, url, done) rows; web/dashboard.py shows
them (this app cannot import the web layer)."""

from __future__ import annotations


def office_tasks(edition) -> list[tuple[str, str, bool]]:
    return []


def organization_tasks(edition, organization) -> list[tuple[str, str, bool]]:
    return []
