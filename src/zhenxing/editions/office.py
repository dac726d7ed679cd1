"""What the notice leaves to the committee office to announce later (另行通知): the registration
deadline, and the host units of the national-level events."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Organization
from zhenxing.rules.text import length_problem, text_problem

from .actions import EditionAction as Action
from .models import Edition, Event


class EditionSettingRefused(Exception):
    """The message says what to fix."""


@transaction.atomic
def set_registration_deadline(edition: Edition, deadline: dt.date | None, *, actor: Actor) -> bool:
    access.require(actor, edition, perms.EDITION_MANAGE)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if deadline is not None and deadline > locked.period_end:
        raise EditionSettingRefused(
            f"报名截止日期不能晚于比赛结束（{locked.period_end:%Y年%-m月%-d日}）。"
        )
    if locked.registration_deadline == deadline:
        return False
    changes = {
        "registration_deadline": [
            audit._plain(locked.registration_deadline),
            audit._plain(deadline),
        ]
    }
    locked.registration_deadline = deadline
    locked.save(update_fields=["registration_deadline"])
    audit.record(Action.CHANGED, locked, actor=actor, edition=locked, changes=changes)
    return True


@transaction.atomic
def set_host_unit(
    event: Event, organization: Organization | None, *, actor: Actor, new_name: str = ""
) -> Organization | None:
    """The event's host unit: `organization`, or the one named `new_name` (made when the
    platform does not know it yet). Returns the host unit now set."""
    access.require(actor, event.edition, perms.EDITION_MANAGE)
    if new_name.strip():
        organization = _host_unit_named(new_name, actor=actor, edition=event.edition)
    locked = (
        Event.objects.select_for_update(of=("self",)).select_related("host_unit").get(pk=event.pk)
    )
    if locked.host_unit_id == getattr(organization, "pk", None):
        return organization
    changes = {"host_unit": [str(locked.host_unit or ""), str(organization or "")]}
    locked.host_unit = organization
    locked.save(update_fields=["host_unit"])
    audit.record(Action.EVENT_CHANGED, locked, actor=actor, edition=locked.edition, changes=changes)
    return organization


def _host_unit_named(name: str, *, actor: Actor, edition: Edition) -> Organization:
    name = name.strip()
    problem = text_problem(name) or length_problem(name, "承办单位名称", 100)
    if not name or problem:
        raise EditionSettingRefused(problem or "请填写承办单位名称。")
    organization, created = Organization.objects.get_or_create(
        kind=Organization.Kind.HOST_UNIT, name=name, defaults={"body": name}
    )
    if created:
        audit.record(
            Action.HOST_UNIT_CREATED, organization, actor=actor, edition=edition,
            changes={"name": [None, name]},
        )  # fmt: skip
    return organization
