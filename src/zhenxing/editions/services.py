"""Storing an edition from its rulebook: validated, idempotent, audited, never losing entries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from zhenxing.orgs import audit
from zhenxing.orgs.actions import OrgAction
from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.models import Organization
from zhenxing.rules.rulebook import Rulebook, parse

from .actions import EditionAction
from .models import Edition, Event, Occupation

# what a row of each model is audited as, when created and when changed
_ACTIONS = {
    Organization: (OrgAction.CREATED, OrgAction.CHANGED),
    Edition: (EditionAction.CREATED, EditionAction.CHANGED),
    Occupation: (EditionAction.OCCUPATION_CREATED, EditionAction.OCCUPATION_CHANGED),
    Event: (EditionAction.EVENT_CREATED, EditionAction.EVENT_CHANGED),
}
_DELETED = {Occupation: EditionAction.OCCUPATION_DELETED, Event: EditionAction.EVENT_DELETED}

ORGANIZER_KINDS = [Organization.Kind.YOUTH_LEAGUE, Organization.Kind.HRSS]


class EditionLoadRefused(Exception):
    """The file would remove events or occupations that already have records."""


@dataclass
class LoadReport:
    edition: Edition | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _upsert(model, lookup: dict, values: dict, report: LoadReport, edition=None):
    """Create or update one row; audit and report only real changes."""
    created, changed = _ACTIONS[model]
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        changes = _without_text(audit.diff({}, values_of(values)))
        audit.record(created, obj, actor=SYSTEM, edition=edition or _self(obj), changes=changes)
        report.changes.append(f"新增 {model._meta.verbose_name}：{obj}")
        return obj
    before = audit.snapshot(obj, list(values))
    for name, value in values.items():
        setattr(obj, name, value)
    changes = _without_text(audit.diff(before, audit.snapshot(obj, list(values))))
    if changes:
        obj.save()
        audit.record(changed, obj, actor=SYSTEM, edition=edition or _self(obj), changes=changes)
        report.changes.append(f"修改 {model._meta.verbose_name}：{obj}")
    return obj


def _without_text(changes: dict) -> dict:
    """The rulebook's full text is not repeated in the log: its SHA-256 change stands for it."""
    changes.pop("rulebook_text", None)
    return changes


def _self(obj):
    return obj if isinstance(obj, Edition) else None


def values_of(values: dict) -> dict:
    return {k: audit._plain(v) for k, v in values.items()}


def _organizations(rulebook: Rulebook, report: LoadReport) -> dict[str, Organization]:
    """The organizers, the addressed bodies and the host units; host units by rulebook code."""
    for name in rulebook.edition.organizers:
        kind = Organization.Kind.HRSS if "人力资源" in name else Organization.Kind.YOUTH_LEAGUE
        _upsert(Organization, {"kind": kind, "name": name}, {"body": name}, report)
    for group in rulebook.addressees:
        for name in group.names:
            body = group.body.format(name=name)
            _upsert(Organization, {"kind": group.kind, "name": name}, {"body": body}, report)
    hosts = {}
    for unit in rulebook.host_units:
        contact = unit.contact
        values = {"code": unit.code, "body": unit.name}
        if contact:
            values |= {
                "contact_name": contact.name,
                "contact_phone": contact.phone,
                "contact_email": contact.email,
                "contact_address": contact.address,
                "contact_postcode": contact.postcode,
            }
        lookup = {"kind": Organization.Kind.HOST_UNIT, "name": unit.name}
        hosts[unit.code] = _upsert(Organization, lookup, values, report)
    return hosts


def _edition_values(rulebook: Rulebook, text: str) -> dict:
    info = rulebook.edition
    return {
        "name": info.name,
        "level": info.level,
        "theme": info.theme,
        "notice_number": info.notice_number,
        "organizers": list(info.organizers),
        "period_start": info.period_start,
        "period_end": info.period_end,
        "finals_deadline": info.finals_deadline,
        "materials_deadline": info.materials_deadline,
        "registration_deadline": rulebook.registration.deadline,
        "office": rulebook.office.model_dump(mode="json"),
        "committee": [m.model_dump(mode="json") for m in rulebook.committee],
        "rulebook_text": text,
        "rulebook_sha256": hashlib.sha256(text.encode()).hexdigest(),
    }


def _records_of(obj) -> int:
    """How many rows elsewhere point at `obj` (entries, panels, …)."""
    total = 0
    for rel in obj._meta.related_objects:
        if rel.one_to_many or rel.one_to_one:
            total += rel.related_model._default_manager.filter(**{rel.field.name: obj}).count()
    return total


def _remove_missing(edition: Edition, rulebook: Rulebook, report: LoadReport) -> None:
    wanted_events = {(e.occupation, e.group) for e in rulebook.events}
    wanted_occupations = {o.name for o in rulebook.occupations}
    doomed_events = [
        e
        for e in edition.events.select_related("occupation")
        if (e.occupation.name, e.group) not in wanted_events
    ]
    doomed_occupations = [o for o in edition.occupations.all() if o.name not in wanted_occupations]
    blocked = [f"{e}（{_records_of(e)} 条记录）" for e in doomed_events if _records_of(e)]
    for occupation in doomed_occupations:
        kept = occupation.events.exclude(pk__in=[e.pk for e in doomed_events])
        if kept.exists():
            blocked.append(f"{occupation}（仍有比赛项目）")
    if blocked:
        raise EditionLoadRefused(
            "规则文件删除了已有报名或其他记录的比赛项目/职业，已拒绝载入，数据库未作任何修改："
            + "；".join(blocked)
        )
    for obj in [*doomed_events, *doomed_occupations]:
        audit.record(
            _DELETED[type(obj)],
            obj,
            actor=SYSTEM,
            edition=edition,
            changes={"deleted": [str(obj), None]},
        )
        report.changes.append(f"删除 {obj._meta.verbose_name}：{obj}")
        obj.delete()


@transaction.atomic
def load_rulebook(text: str, source: str = "<rulebook>") -> LoadReport:
    """Store the edition a rulebook describes. Raises RulebookError or EditionLoadRefused."""
    rulebook = parse(text, source)
    report = LoadReport()
    stored = Edition.objects.filter(code=rulebook.edition.code).first()
    if stored and stored.rulebook_sha256 == hashlib.sha256(text.encode()).hexdigest():
        # The same file again changes nothing — not even what the office set in the admin since.
        report.edition = stored
        return report
    hosts = _organizations(rulebook, report)
    edition = _upsert(
        Edition,
        {"code": rulebook.edition.code},
        _edition_values(rulebook, text),
        report,
    )
    report.edition = edition
    _remove_missing(edition, rulebook, report)
    occupations = {}
    for position, occ in enumerate(rulebook.occupations):
        values = {
            "level": occ.level,
            "certificate": occ.certificate,
            "certificate_confirmed": occ.certificate_confirmed,
            "position": position,
        }
        occupations[occ.name] = _upsert(
            Occupation,
            {"edition": edition, "name": occ.name},
            values,
            report,
            edition,
        )
    for position, ev in enumerate(rulebook.events):
        lookup = {"edition": edition, "occupation": occupations[ev.occupation], "group": ev.group}
        values = {
            "host_unit": hosts.get(ev.host_unit),
            "position": position,
            "team_size": ev.team_size,
        }
        _upsert(Event, lookup, values, report, edition)
    if report.changed:
        bump_public_version()
    return report


PUBLIC_VERSION_KEY = "zhenxing:public-version"


def public_version() -> int:
    """Part of every public page's cache key: bumping it retires every cached copy at once."""
    return cache.get_or_set(PUBLIC_VERSION_KEY, 1, timeout=None)


def bump_public_version() -> None:
    cache.set(PUBLIC_VERSION_KEY, public_version() + 1, timeout=None)
    transaction.on_commit(purge_proxy_cache)


def purge_proxy_cache() -> None:
    """Empty the front proxy's cache of public pages (ZHENXING_PROXY_CACHE_DIR: nginx's
    proxy_cache_path on this machine), so the next reader gets the page as it is now."""
    folder = settings.ZHENXING_PROXY_CACHE_DIR
    if not folder:
        return
    for path in Path(folder).rglob("*"):
        if path.is_file():
            path.unlink(missing_ok=True)


def current_edition() -> Edition | None:
    """The edition the public home page shows: the latest by period."""
    return Edition.objects.order_by("-period_start", "-id").first()
