"""Access helpers of registration's objects: each returns the object and what the user may do
with it (`Allowed`); an outsider gets 404, a user lacking the code asked for 403."""

from __future__ import annotations

from django.http import Http404

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import held, needs

from .models import Delegation, Entry, EntryDocument, ImportJob, Team


def delegation_for_user(user, edition, pk: int, need: str = perms.ENTRY_VIEW):
    """A delegation and its entries: its own registrar, the office, HRSS; others 404."""
    delegation = Delegation.objects.filter(pk=pk, edition=edition).select_related("organization")
    delegation = delegation.first()
    if delegation is None:
        raise Http404("未找到该代表队")
    allowed = held(user, edition, organization=delegation.organization)
    if perms.ENTRY_VIEW not in allowed:
        raise Http404("未找到该代表队")
    needs(allowed, need)
    return delegation, allowed


def entry_for_user(user, edition, pk: int, need: str = perms.ENTRY_VIEW):
    """An entry: its delegation's registrar, the event's host unit, the office, HRSS; others 404."""
    entry = (
        Entry.objects.filter(pk=pk, delegation__edition=edition)
        .select_related(
            "person", "event__occupation", "event__host_unit", "delegation__organization"
        )
        .first()
    )
    if entry is None:
        raise Http404("未找到该报名")
    allowed = held(user, edition, organization=entry.delegation.organization, event=entry.event)
    if perms.ENTRY_VIEW not in allowed:
        raise Http404("未找到该报名")
    needs(allowed, need)
    return entry, allowed


def document_for_user(user, edition, pk: int, need: str):
    """An entry's document, checked as its entry is (`need` on it); others 404."""
    document = EntryDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404("未找到该材料")
    document.entry, allowed = entry_for_user(user, edition, document.entry_id, need)
    return document, allowed


def import_for_user(user, edition, pk: int, need: str = perms.ENTRY_VIEW):
    """An import job, checked as its delegation is; others 404."""
    job = ImportJob.objects.filter(pk=pk, delegation__edition=edition).first()
    if job is None:
        raise Http404("未找到该导入")
    job.delegation, allowed = delegation_for_user(user, edition, job.delegation_id, need)
    return job, allowed


def team_for_user(user, edition, pk: int, need: str = perms.ENTRY_VIEW):
    """A team of a pairs or three-person event: as its delegation's entries (its registrar, the
    event's host unit, the office, HRSS); others 404."""
    team = Team.objects.filter(pk=pk, delegation__edition=edition)
    team = team.select_related("delegation__organization", "event__occupation").first()
    if team is None:
        raise Http404("未找到该参赛队")
    allowed = held(user, edition, organization=team.delegation.organization, event=team.event)
    if perms.ENTRY_VIEW not in allowed:
        raise Http404("未找到该参赛队")
    needs(allowed, need)
    return team, allowed
