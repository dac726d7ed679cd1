"""Bulk import of the registration template (the pretix habit).

1. `check_job`: parse the file, check every row (template format, the rules core's verdict,
   duplicates, quotas, what would change) and store a row-by-row report. Nothing is written.
2. The user reads the preview and the errors, then confirms.
3. `write_job`: write the valid rows in one atomic step, then one audit entry naming the user,
   the file's SHA-256 and the rows created or changed. Re-importing the same file changes nothing.
Both steps run as background tasks (django-tasks) and report progress on the job.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass

import xlsxwriter
from django.db import transaction
from django.utils import timezone

from zhenxing.calculators.template import TemplateError, read_rows
from zhenxing.editions.models import Event
from zhenxing.orgs import audit
from zhenxing.rules import eligibility

from . import services
from .models import Entry, ImportJob, Person

PROGRESS_EVERY = 500
CHUNK = 500  # SQLite allows 999 parameters per query
PERSON_FIELDS = ["name", "gender", "birth_date", "phone"]
ENTRY_FIELDS = [*services.ENTRY_FIELDS, "eligible", "verdict"]


@dataclass
class Planned:
    number: int
    values: dict
    event: Event
    verdict: dict


def _events(edition) -> dict:
    rulebook = edition.rulebook()
    events = {(e.occupation.name, e.group): e for e in edition.events.select_related("occupation")}
    cache = {}

    def find(occupation: str, group: str):
        key = (occupation, group)
        if key not in cache:
            code = eligibility.group_code(group, rulebook)
            rule = rulebook.event(occupation, code) if code else None
            cache[key] = events.get((rule.occupation, rule.group)) if rule else None
        return cache[key]

    return find


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_people(numbers: list[tuple[str, str]]) -> dict:
    found = {}
    by_type: dict[str, list[str]] = {}
    for kind, number in numbers:
        by_type.setdefault(kind, []).append(number)
    for kind, values in by_type.items():
        for chunk in _chunks(sorted(set(values))):
            for person in Person.objects.filter(document_type=kind, document_number__in=chunk):
                found[(kind, person.document_number)] = person
    return found


def _plan_row(row, find_event, rulebook) -> tuple[Planned | None, list[str]]:
    values = row.values
    try:
        entry = eligibility.Entry.from_contract(values)
    except eligibility.EntryInputError as exc:
        return None, [f"第 {row.number} 行 {exc}"]
    event = find_event(values["occupation"], values["group"])
    verdict = services.verdict_json(eligibility.check_entry(entry, rulebook))
    if event is None:
        return None, [f"第 {row.number} 行：{verdict['reasons'][0]['message']}"]
    birth = entry.birth_date
    if birth is None and entry.id_number and verdict["eligible"]:
        birth = _id_birth(entry.id_number)
    if birth is None:
        return None, [f"第 {row.number} 行 出生日期：无法确定（证件号码无效且未填写出生日期）"]
    values = {
        **values,
        "birth_date": birth,
        "document_number": services.normalized_id(values["document_number"]),
    }
    return Planned(row.number, values, event, verdict), []


def _id_birth(number: str) -> dt.date | None:
    from stdnum.cn import ric

    try:
        return ric.get_birth_date(number)
    except Exception:
        return None


def check(job: ImportJob, progress=None) -> dict:
    """Check every row of the job's file; returns the report (stored on the job)."""
    delegation = job.delegation
    edition = delegation.edition
    rows = read_rows(bytes(job.data))
    rulebook = edition.rulebook()
    find_event = _events(edition)
    planned, report_rows = [], []
    seen: Counter = Counter()
    for index, row in enumerate(rows):
        errors = list(row.errors)
        plan = None
        if not errors:
            plan, errors = _plan_row(row, find_event, rulebook)
        if plan:
            key = (plan.values["document_type"], plan.values["document_number"], plan.event.pk)
            seen[key] += 1
            if seen[key] > 1:
                errors.append(f"第 {row.number} 行：与前面的行重复（同一人、同一项目）")
                plan = None
        if plan:
            planned.append(plan)
        report_rows.append(
            {"row": row.number, "name": row.values.get("name", ""), "errors": errors, "plan": plan}
        )
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
    actions = _actions(delegation, planned)
    job.plan = stored_plan(planned, edition)
    report = {"rows": [], "counts": Counter()}
    for item in report_rows:
        plan = item.pop("plan")
        action = actions.get(plan.number) if plan else None
        if plan and isinstance(action, str) and action.startswith("第"):
            item["errors"].append(action)
            action = None
        item.update(
            {
                "event": str(plan.event) if plan else "",
                "action": action or ("error" if item["errors"] else ""),
                "eligible": plan.verdict["eligible"] if plan else None,
                "reasons": [r["message"] for r in plan.verdict["reasons"]] if plan else [],
            }
        )
        report["counts"][item["action"]] += 1
        report["rows"].append(item)
    report["counts"] = dict(report["counts"])
    return report


def _actions(delegation, planned: list[Planned]) -> dict:
    """What writing each planned row would do: create, update, unchanged, or an error message."""
    people = _existing_people(
        [(p.values["document_type"], p.values["document_number"]) for p in planned]
    )
    person_ids = [p.pk for p in people.values()]
    entries = {}
    for chunk in _chunks(person_ids):
        found = Entry.objects.filter(event__edition=delegation.edition, person_id__in=chunk)
        entries |= {(e.person_id, e.event_id): e for e in found}
    actions = {}
    room = _quota_room(delegation)
    for plan in planned:
        person = people.get((plan.values["document_type"], plan.values["document_number"]))
        entry = entries.get((person.pk, plan.event.pk)) if person else None
        if entry is None and room.get(plan.event.pk, 1) <= 0:
            actions[plan.number] = f"第 {plan.number} 行：{plan.event} 每个代表队限报名额已满"
        elif entry is None:
            actions[plan.number] = "create"
            if plan.event.pk in room:
                room[plan.event.pk] -= 1
        elif entry.delegation_id != delegation.pk:
            actions[plan.number] = f"第 {plan.number} 行：该选手已由其他代表队报名此项目"
        elif entry.status == Entry.Status.APPROVED:
            same = _entry_unchanged(entry, plan) and _person_unchanged(person, plan.values)
            actions[plan.number] = (
                "unchanged" if same else f"第 {plan.number} 行：该报名已审核通过，不能通过导入修改"
            )
        else:
            same = _entry_unchanged(entry, plan) and _person_unchanged(person, plan.values)
            actions[plan.number] = "unchanged" if same else "update"
    return actions


def _quota_room(delegation) -> dict[int, int]:
    """Places left per event under the rulebook's quotas (events without a quota are absent)."""
    room = {}
    for quota in delegation.edition.rulebook().registration.quotas:
        event = services.find_event(delegation.edition, quota.occupation, quota.group)
        if event is not None:
            room[event.pk] = quota.per_delegation - delegation.entries.filter(event=event).count()
    return room


def _entry_values(plan: Planned) -> dict:
    values = {k: plan.values[k] for k in services.ENTRY_FIELDS}
    return values | {"eligible": plan.verdict["eligible"], "verdict": plan.verdict}


def _entry_unchanged(entry: Entry, plan: Planned) -> bool:
    return all(getattr(entry, k) == v for k, v in _entry_values(plan).items())


def _person_values(values: dict) -> dict:
    return {
        "name": values["name"],
        "gender": values["gender"] or "",
        "birth_date": values["birth_date"],
        "phone": values["phone"],
    }


def _person_unchanged(person: Person, values: dict) -> bool:
    return all(getattr(person, k) == v for k, v in _person_values(values).items())


@transaction.atomic
def write(job: ImportJob, planned: list[Planned], progress=None) -> dict:
    """Write the planned rows at once; returns {"created": [...], "changed": [...]} row numbers."""
    delegation = job.delegation
    keys = [(p.values["document_type"], p.values["document_number"]) for p in planned]
    people = _existing_people(keys)
    new_people = {}  # one person may enter several events in one file
    for key, plan in zip(keys, planned, strict=True):
        if key not in people and key not in new_people:
            values = _person_values(plan.values)
            new_people[key] = Person(document_type=key[0], document_number=key[1], **values)
    Person.objects.bulk_create(list(new_people.values()), batch_size=CHUNK)
    people |= _existing_people([k for k in keys if k not in people])
    changed_people, changed_ids = [], set()
    for key, plan in zip(keys, planned, strict=True):
        person = people[key]
        if not _person_unchanged(person, plan.values):
            for name, value in _person_values(plan.values).items():
                setattr(person, name, value)
            changed_people.append(person)
            changed_ids.add(person.pk)
    Person.objects.bulk_update(changed_people, PERSON_FIELDS, batch_size=CHUNK)
    existing = {(e.person_id, e.event_id): e for e in delegation.entries.all()}
    created, changed, new_entries, updated = [], [], [], []
    now = timezone.now()
    for index, (key, plan) in enumerate(zip(keys, planned, strict=True)):
        person = people[key]
        entry = existing.get((person.pk, plan.event.pk))
        if entry is None:
            new_entries.append(
                Entry(
                    delegation=delegation,
                    event=plan.event,
                    person=person,
                    created_at=now,
                    updated_at=now,
                    **_entry_values(plan),
                )
            )
            created.append(plan.number)
        elif not _entry_unchanged(entry, plan) or person.pk in changed_ids:
            for name, value in _entry_values(plan).items():
                setattr(entry, name, value)
            if entry.status == Entry.Status.RETURNED:
                entry.status = Entry.Status.DRAFT
            entry.updated_at = now
            updated.append(entry)
            changed.append(plan.number)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(planned))
    Entry.objects.bulk_create(new_entries, batch_size=CHUNK)
    Entry.objects.bulk_update(updated, [*ENTRY_FIELDS, "status", "updated_at"], batch_size=CHUNK)
    if not (created or changed):
        return {"created": [], "changed": []}
    audit.record(
        "registration.import.written",
        delegation,
        actor=job.user,
        edition=delegation.edition,
        changes={
            "file": [None, f"{job.file_name}（SHA-256 {job.file_sha256}）"],
            "created_rows": [None, created],
            "changed_rows": [None, changed],
        },
    )
    return {"created": created, "changed": changed}


def _tagged(value):
    """JSON-safe copy of a row's values with dates kept as dates (tagged)."""
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dict):
        return {k: _tagged(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_tagged(v) for v in value]
    return value


def _untagged(value):
    if isinstance(value, dict):
        if set(value) == {"__date__"}:
            return dt.date.fromisoformat(value["__date__"])
        return {k: _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    return value


def stored_plan(planned: list[Planned], edition) -> dict:
    """The checked rows as JSON, with what they were checked against (the rulebook's hash)."""
    return {
        "rulebook_sha256": edition.rulebook_sha256,
        "rows": [[p.number, p.event.pk, _tagged(p.values), p.verdict] for p in planned],
    }


def _plan_from_store(job: ImportJob, edition) -> list[Planned] | None:
    """The rows as checked, or None when they must be checked again (rulebook changed)."""
    stored = job.plan or {}
    if stored.get("rulebook_sha256") != edition.rulebook_sha256 or "rows" not in stored:
        return None
    events = {e.pk: e for e in edition.events.select_related("occupation")}
    planned = []
    for number, event_id, values, verdict in stored["rows"]:
        if event_id not in events:
            return None
        planned.append(Planned(number, _untagged(values), events[event_id], verdict))
    return planned


def plan_again(job: ImportJob) -> list[Planned]:
    """The valid rows at write time. What the people and entries in the database are now is
    looked at again (they may have changed since the check); the rows' own verdicts are reused
    unless the rulebook changed in between, in which case the file is checked again."""
    edition = job.delegation.edition
    planned = _plan_from_store(job, edition)
    if planned is not None:
        actions = _actions(job.delegation, planned)
        return [p for p in planned if actions[p.number] in ("create", "update")]
    find_event, rulebook = _events(edition), edition.rulebook()
    planned, seen = [], set()
    for row in read_rows(bytes(job.data)):
        if row.errors:
            continue
        plan, errors = _plan_row(row, find_event, rulebook)
        if plan is None:
            continue
        key = (plan.values["document_type"], plan.values["document_number"], plan.event.pk)
        if key not in seen:
            seen.add(key)
            planned.append(plan)
    actions = _actions(job.delegation, planned)
    return [p for p in planned if actions[p.number] in ("create", "update")]


def error_report(job: ImportJob) -> bytes:
    """The uploaded rows with an error column, as xlsx, for the registrar to fix and re-upload."""
    rows = [r for r in job.report.get("rows", []) if r["errors"]]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("错误报告")
    sheet.write_row(0, 0, ["行号", "姓名", "错误（请在原文件中改正后重新上传）"])
    for index, row in enumerate(rows, start=1):
        sheet.write_number(index, 0, row["row"])
        sheet.write_string(index, 1, str(row["name"] or ""))
        sheet.write_string(index, 2, "；".join(row["errors"]))
    sheet.set_column(2, 2, 90)
    book.close()
    return buffer.getvalue()


__all__ = ["TemplateError", "check", "write", "plan_again", "error_report"]
