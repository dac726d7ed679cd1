"""The audit log: every create, change and delete of competition data goes through `record`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from .models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's field values as JSON-safe data, for before/after comparison."""
    names = fields or [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trusted solely behind a configured proxy (docs/operations.md).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    request=None,
    actor=None,
    edition=None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry; `action` is a dotted code such as `edition.event.changed`."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "系统",
        ip_address=client_ip(request),
        action=action,
        edition=edition,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason,
    )
