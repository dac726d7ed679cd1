"""Bulk import of the registration template (the pretix habit).

1. `check`: parse the file, check every row (template format, the rules core's verdict,
   duplicates, quotas, what would change) and store a row-by-row report. Nothing is written.
   The checked rows are kept with the file (`ImportFile.checked_rows`, compact JSON) for the
   write.
2. The user reads the preview and the errors, then confirms.
3. `write`: write the valid rows in one atomic step, then one audit entry naming the user,
   the file's SHA-256 and the rows created or changed. Re-importing the same file changes nothing.
   The rows come from the stored plan while the edition's rulebook and events are the ones they
   were checked against (otherwise the file is read and checked again); what each row does
   (create, update, unchanged, refused) is decided again against the database as it is then.
Both steps run as background tasks (django-tasks) and report progress on the job.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import operator
from collections import Counter, namedtuple
from dataclasses import dataclass
from decimal import Decimal

import orjson
import xlsxwriter
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.db.models.expressions import RawSQL
from django.utils import timezone

from zhenxing.editions.bulk import update_sql, without_cyclic_gc
from zhenxing.editions.models import Event
from zhenxing.formats.entry_template import (
    ERROR_HEADER,
    ROW_HEADER,
    TemplateError,
    number_columns,
    read_rows,
    read_table,
    report_columns,
)
from zhenxing.orgs import audit
from zhenxing.orgs.audit import Actor
from zhenxing.rules import eligibility, idcard
from zhenxing.rules.text import CONTROL_CHARACTERS

from . import services
from .actions import RegistrationAction as Action
from .models import Entry, ImportFile, ImportJob, Person
from .regions import province_code
from .team_import import team_refusals, write_teams

PROGRESS_EVERY = 500
PREVIEW_ROWS = 200  # rows without problems shown on the preview (every row with one is)
# rows with a problem kept in the report (and so in the error report): a file with more is
# almost surely not a filled-in template, and 200,000 listed rows would take gigabytes
LISTED_PROBLEMS = 20_000
CHUNK = 500  # rows per UPDATE of bulk_update (SQLite allows 999 parameters per query)
PERSON_FIELDS = ["name", "gender", "birth_date", "phone"]
# what the template gives: all of an entry's own fields (the school and title-right columns are
# in the template of the editions that ask them; a file without them gives their defaults)
IMPORTED_FIELDS = list(services.ENTRY_FIELDS)
ENTRY_FIELDS = [*IMPORTED_FIELDS, "eligible", "verdict"]
WRITES = ("create", "update")
PLAN_VERSION = 4  # the stored plan's layout (see stored_plan); a job with another is re-read


@dataclass(slots=True)
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


def _existing_people(numbers: list[tuple[str, str]]) -> dict:
    """(document type, number) → (id, name, gender, birth_date, phone) of the stored people."""
    by_type: dict[str, set[str]] = {}
    for kind, number in numbers:
        by_type.setdefault(kind, set()).add(number)
    found = {}
    for kind, values in by_type.items():
        people = Person.objects.filter(document_type=kind, document_number__in=_listed(values))
        fields = people.order_by().values_list(
            "document_number", "id", *PERSON_FIELDS, "phone_owner_id"
        )
        found |= {(kind, number): _StoredPerson(*person) for number, *person in fields}
    return found


_StoredPerson = namedtuple("_StoredPerson", ["id", *PERSON_FIELDS, "phone_owner_id"])


def _listed(values, sql_type: str = "text") -> RawSQL:
    """A whole file's values as one parameter of one query: SQLite reads a JSON array, PostgreSQL
    an array. (IN (%s, %s, …) in chunks took 200 queries per 100,000 rows.)"""
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [orjson.dumps(sorted(values)).decode()])
    cast = {"text": "text[]", "bigint": "bigint[]"}[sql_type]  # only these two, never user text
    return RawSQL(f"SELECT unnest(%s::{cast})", [sorted(values)])  # noqa: S611


def _plan_row(
    row, find_event, checker: eligibility.Checker, verdicts=None
) -> tuple[Planned | None, list[str]]:
    values = row.values
    if values["school_province"] and not values["school_province"].isdecimal():
        code = province_code(values["school_province"])
        if code is None:
            typed = values["school_province"][:20]
            return None, [
                f"第 {row.number} 行 院校所在省份：无法识别“{typed}”，请填写省份名称（如 安徽省）"
            ]
        values = {**values, "school_province": code}
    try:
        checked = checker(values)
    except eligibility.EntryInputError as exc:
        return None, [f"第 {row.number} 行 {exc}"]
    event = find_event(values["occupation"], values["group"])
    verdict = _verdict_json(checked, verdicts)
    if event is None:
        return None, [f"第 {row.number} 行：{verdict['reasons'][0]['message']}"]
    for reason in checked.reasons:  # not written: a wrong number would stay as a person of its own
        if reason.code == "ID_INVALID":
            return None, [f"第 {row.number} 行 证件号码：{reason.message}"]
    birth = checked.birth_date
    if birth is None:
        return None, [f"第 {row.number} 行 出生日期：无法确定（证件号码无效且未填写出生日期）"]
    number = services.normalized_id(values["document_number"])
    gender = values["gender"]
    if not gender and values["document_type"] == "resident_id":  # as the entry form does
        gender = idcard.check(number, checker.rulebook.eligibility.province_codes).gender
    # the row's own dict (the reader makes one per row, read by nothing else once planned)
    values["birth_date"], values["document_number"], values["gender"] = birth, number, gender
    return Planned(row.number, values, event, verdict), []


def _verdict_json(verdict, verdicts: dict | None) -> dict:
    """services.verdict_json, made once per distinct verdict of a file (most rows share one)."""
    if verdicts is None:
        return services.verdict_json(verdict)
    key = (tuple(verdict.reasons), tuple(verdict.flags))
    found = verdicts.get(key)
    if found is None:
        found = verdicts[key] = services.verdict_json(verdict)
    return found


@without_cyclic_gc
def check(job: ImportJob, progress=None) -> dict:
    """Check every row of the job's file; returns the report (stored on the job): the counts per
    action, and the rows to show — every row with an error or an ineligible verdict, and the
    first PREVIEW_ROWS of the others (a 100,000-row report would be megabytes read on every
    look at the page)."""
    delegation = job.delegation
    edition = delegation.edition
    rulebook = edition.rulebook()
    year = rulebook.eligibility.placing_year
    header, rows = read_table(bytes(job.upload.data), year, edition.code)
    dropped = report_columns(header)
    find_event, checker = _events(edition), eligibility.Checker(rulebook)
    planned, outcomes = [], []
    seen: set = set()
    verdicts: dict = {}
    for index, row in enumerate(rows):
        errors = row.errors
        plan = None
        if not errors:
            plan, errors = _plan_row(row, find_event, checker, verdicts)
        if plan:
            key = (plan.values["document_type"], plan.values["document_number"], plan.event.id)
            if key in seen:
                errors.append(f"第 {row.number} 行：与前面的行重复（同一人、同一项目）")
                plan = None
            else:
                seen.add(key)
                planned.append(plan)
        outcomes.append((row, plan, errors))
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
    refused = team_refusals(delegation, planned)
    if refused:
        planned = [plan for plan in planned if plan.number not in refused]
        outcomes = [
            (row, None, [*errors, refused[plan.number]])
            if plan and plan.number in refused
            else (row, plan, errors)
            for row, plan, errors in outcomes
        ]
    actions = _actions(delegation, planned, _stored(delegation, planned))
    counts, shown, event_names = Counter(), [], {}
    problems = 0
    for position, (row, plan, errors) in enumerate(outcomes):
        action = actions[plan.number] if plan else "error"
        if action.startswith("第"):  # refused by what is stored (quota, another delegation…)
            errors.append(action)
            action = "error"
        ineligible = bool(plan and not plan.verdict["eligible"])
        # a row the rules find ineligible is counted apart: written only if the user says so
        counts["ineligible" if ineligible and action in WRITES else action] += 1
        problem = bool(errors) or ineligible
        problems += problem
        if (problem and problems <= LISTED_PROBLEMS) or (not problem and position < PREVIEW_ROWS):
            shown.append(_report_row(row, plan, errors, action, event_names, dropped))
    keep_plan(job.upload, stored_plan(planned, edition))
    header = _as_uploaded(header, dropped)
    return {
        "total": len(rows),
        "counts": dict(counts),
        "rows": shown,
        "header": header,
        "unlisted_problems": max(0, problems - LISTED_PROBLEMS),
    }


def _report_row(
    row, plan: Planned | None, errors: list[str], action: str, event_names, dropped: set[int]
) -> dict:
    if plan and plan.event.id not in event_names:
        event_names[plan.event.id] = str(plan.event)
    shown = {
        "row": row.number,
        "name": row.name,
        "errors": errors,
        "event": event_names[plan.event.id] if plan else "",
        "action": action,
        "eligible": plan.verdict["eligible"] if plan else None,
        "reasons": [r["message"] for r in plan.verdict["reasons"]] if plan else [],
    }
    if errors:  # the row as uploaded, for the error report
        shown["cells"] = _as_uploaded(row.cells, dropped)
    return shown


def _as_uploaded(cells: list, dropped: set[int]) -> list:
    """A row's cells as JSON, without the columns an earlier error report added."""
    return [_cell_json(cell) for index, cell in enumerate(cells) if index not in dropped]


def _cell_json(cell):
    """A cell as read from the file, as JSON that reads back the same: dates as 2020-09-18,
    whole numbers as integers, anything else JSON has no number for (NaN, ∞) as text."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()  # the template's date columns take the day
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float):
        if not math.isfinite(cell):
            return str(cell)
        return int(cell) if cell.is_integer() else cell
    if isinstance(cell, str):
        return CONTROL_CHARACTERS.sub("\ufffd", cell)  # PostgreSQL's JSON cannot hold NUL
    if isinstance(cell, bool | int):
        return cell
    return str(cell)  # times and durations


def stored_plan(planned: list[Planned], edition) -> dict:
    """The checked rows as compact JSON, with what they were checked against (the rulebook's
    hash and the events): one list per row, each distinct verdict once."""
    verdicts: list[dict] = []
    verdict_index: dict[int, int] = {}
    events: dict[tuple[str, str], int] = {}
    rows = []
    for plan in planned:
        v = plan.values
        if type(v["birth_date"]) is not dt.date:  # never, from the template; re-read if so
            return {}
        enrolled = v["school_enrolled_on"]
        extras = [
            *(v["honors"], v["placings"], v["qualifications"]),
            *(enrolled.isoformat() if enrolled else None, v["school_province"], v["title_rights"]),
        ]
        index = verdict_index.get(id(plan.verdict))
        if index is None:
            index = verdict_index[id(plan.verdict)] = len(verdicts)
            verdicts.append(plan.verdict)
        events[(v["occupation"], v["group"])] = plan.event.id
        rows.append(
            [
                plan.number,
                v["document_type"],
                v["document_number"],
                plan.event.id,
                v["name"],
                v["gender"],
                v["birth_date"].isoformat(),
                v["phone"],
                v["employer"],
                v["full_time_student"],
                v["student_entrepreneur"],
                v["non_public_economy"],
                extras if any(extras) else None,
                index,
                v.get("team", ""),
            ]
        )
    return {
        "version": PLAN_VERSION,
        "rulebook_sha256": edition.rulebook_sha256,
        "events": [[occupation, group, pk] for (occupation, group), pk in events.items()],
        "verdicts": verdicts,
        "rows": rows,
    }


def _plan_from_store(job: ImportJob, edition) -> list[Planned] | None:
    """The rows as checked, or None when they must be checked again: the rulebook changed, or a
    row's occupation and group no longer name the same event."""
    stored = stored_plan_of(job)
    if (
        stored.get("version") != PLAN_VERSION
        or stored.get("rulebook_sha256") != edition.rulebook_sha256
    ):
        return None
    find_event = _events(edition)
    events = {}
    for occupation, group, pk in stored["events"]:
        event = find_event(occupation, group)
        if event is None or event.pk != pk:
            return None
        events[pk] = event
    verdicts = stored["verdicts"]
    days: dict[str, dt.date] = {}  # most birthdays are shared by many rows
    planned = []
    for (
        number,
        kind,
        document,
        event,
        name,
        gender,
        birth,
        phone,
        employer,
        full_time_student,
        student_entrepreneur,
        non_public_economy,
        extras,
        verdict,
        team,
    ) in stored["rows"]:
        honors, placings, qualifications, enrolled, province, rights = extras or NO_EXTRAS
        values = {
            "document_type": kind,
            "document_number": document,
            "name": name,
            "gender": gender,
            "birth_date": days.get(birth) or days.setdefault(birth, dt.date.fromisoformat(birth)),
            "phone": phone,
            "employer": employer,
            "full_time_student": full_time_student,
            "student_entrepreneur": student_entrepreneur,
            "non_public_economy": non_public_economy,
            "honors": honors,
            "placings": placings,
            "qualifications": qualifications,
            "school_enrolled_on": dt.date.fromisoformat(enrolled) if enrolled else None,
            "school_province": province,
            "title_rights": rights,
            **({"team": team} if team else {}),  # as the file's row gives it
        }
        planned.append(Planned(number, values, events[event], verdicts[verdict]))
    return planned


NO_EXTRAS = ([], [], [], None, "", [])  # a stored row without honours, placings or school data


def keep_plan(upload: ImportFile, plan: dict) -> None:
    """Keep `plan` (stored_plan's) with the upload, to be saved with it."""
    try:
        upload.checked_rows = orjson.dumps(plan)
    except orjson.JSONEncodeError:  # text Python holds and UTF-8 not: the write reads the file
        upload.checked_rows = b""


def stored_plan_of(job: ImportJob) -> dict:
    """The job's stored plan, without loading the uploaded file with it."""
    if ImportJob.upload.is_cached(job):
        stored = job.upload.checked_rows
    else:
        found = ImportFile.objects.filter(job=job).values_list("checked_rows", flat=True)
        stored = next(iter(found), None)
    return orjson.loads(stored) if stored else {}


@dataclass
class _Stored:
    """What is stored for the planned rows."""

    people: dict  # (document type, number) → _StoredPerson
    entries: dict  # (person id, event id) → the edition's entry of that person in that event
    locks: services.Locks  # whose details this delegation may not change


def _stored(delegation, planned: list[Planned]) -> _Stored:
    people = _existing_people(
        [(p.values["document_type"], p.values["document_number"]) for p in planned]
    )
    entries, locks = {}, services.Locks(set(), set())
    if people:
        person_ids = _listed([p.id for p in people.values()], "bigint")
        found = Entry.objects.filter(event__edition=delegation.edition, person_id__in=person_ids)
        found = found.values_list(
            "id",
            "person_id",
            "event_id",
            "delegation_id",
            "status",
            *ENTRY_FIELDS,
            "team__name",
            named=True,
        ).order_by()
        entries = {(e.person_id, e.event_id): e for e in found}
        locks = services.locked_people(delegation, person_ids)
    return _Stored(people, entries, locks)


def _actions(delegation, planned: list[Planned], stored: _Stored) -> dict:
    """What writing each planned row would do: create, update, unchanged, or an error message."""
    actions = {}
    room, limits = _quota_room(delegation)
    for plan in planned:
        v = plan.values
        person = stored.people.get((v["document_type"], v["document_number"]))
        locked = person is not None and person.id in stored.locks.identity
        phone_locked = person is not None and person.id in stored.locks.phone
        entry = stored.entries.get((person.id, plan.event.id)) if person else None
        if locked and not services.same_identity(
            person, v["name"], v["gender"] or "", v["birth_date"]
        ):
            actions[plan.number] = f"第 {plan.number} 行：{services.SHARED_PERSON}"
        elif entry is None and room.get(plan.event.id, 1) <= 0:
            unit = f"队（每队 {plan.event.team_size} 人）" if plan.event.is_team_event else "人"
            actions[plan.number] = (
                f"第 {plan.number} 行：{plan.event} 每个代表队限报 {limits[plan.event.id]} {unit}，"
                "已报满（含本文件前面的行）"
            )
        elif entry is None:
            actions[plan.number] = "create"
            if plan.event.id in room:
                room[plan.event.id] -= 1
        elif entry.delegation_id != delegation.pk:
            actions[plan.number] = f"第 {plan.number} 行：该选手已由其他代表队报名此项目"
        elif entry.status == Entry.Status.APPROVED:
            same = _entry_unchanged(entry, plan) and _person_unchanged(person, plan, phone_locked)
            actions[plan.number] = (
                "unchanged" if same else f"第 {plan.number} 行：该报名已审核通过，不能通过导入修改"
            )
        else:
            same = _entry_unchanged(entry, plan) and _person_unchanged(person, plan, phone_locked)
            actions[plan.number] = "unchanged" if same else "update"
    return actions


def _quota_room(delegation) -> tuple[dict[int, int], dict[int, int]]:
    """Places left per event under the rulebook's quotas, and the quotas (events without one are
    absent from both)."""
    room, limits = {}, {}
    for quota in delegation.edition.rulebook().registration.quotas:
        event = services.find_event(delegation.edition, quota.occupation, quota.group)
        if event is not None:
            limits[event.pk] = quota.per_delegation
            places = quota.per_delegation * event.team_size  # a team event's quota counts teams
            room[event.pk] = places - delegation.entries.filter(event=event).count()
    return room, limits


def _entry_values(plan: Planned) -> dict:
    values = {k: plan.values[k] for k in IMPORTED_FIELDS}
    return values | {"eligible": plan.verdict["eligible"], "verdict": plan.verdict}


def _entry_unchanged(entry, plan: Planned) -> bool:
    team = entry.team__name if hasattr(entry, "team__name") else getattr(entry.team, "name", None)
    if (team or "") != plan.values.get("team", ""):
        return False
    return all(getattr(entry, k) == v for k, v in _entry_values(plan).items())


def _person_values(values: dict) -> dict:
    return {
        "name": values["name"],
        "gender": values["gender"] or "",
        "birth_date": values["birth_date"],
        "phone": values["phone"],
    }


def _person_after(current: dict | None, values: dict, phone_locked: bool = False) -> dict:
    """A person's values once a row naming them is written. Blank gender and phone cells keep
    what is stored (as the entry form does); a phone another organization entered this edition
    is not this delegation's to change."""
    after = _person_values(values)
    if current is not None:
        if not after["gender"]:
            after["gender"] = current["gender"]
        if phone_locked or not after["phone"]:
            after["phone"] = current["phone"]
    return after


def _person_unchanged(person, plan: Planned, phone_locked: bool) -> bool:
    current = _person_values(person._asdict())
    return _person_after(current, plan.values, phone_locked) == current


@without_cyclic_gc
@transaction.atomic
def write(job: ImportJob, progress=None) -> dict:
    """Write the job's valid rows at once; returns {"created": [...], "changed": [...]} row
    numbers. The rows are the stored plan's (or the file's, checked again, when the rulebook
    changed since); what each does is decided again, in this transaction, against what is
    stored now — people and entries may have changed since the check."""
    delegation = job.delegation
    services.lock_delegation(delegation)  # as a form save does: quotas and edits wait for it
    planned = _plan_from_store(job, delegation.edition)
    if planned is None:
        planned = _plan_file(job)
    refused = team_refusals(delegation, planned)  # as the check, against what is stored now
    planned = [plan for plan in planned if plan.number not in refused]
    stored_now = _stored(delegation, planned)
    actions = _actions(delegation, planned, stored_now)
    include_ineligible = job.report.get("include_ineligible", False)
    planned = [
        p
        for p in planned
        if actions[p.number] in WRITES and (include_ineligible or p.verdict["eligible"])
    ]
    people, entries = stored_now.people, stored_now.entries
    keys = [(p.values["document_type"], p.values["document_number"]) for p in planned]
    # Each person ends with the values of the last row naming them: a new person as if created
    # from the first row and updated by each later row that differs, a stored one updated.
    new_people: dict[tuple[str, str], dict] = {}  # one person may enter several events
    stored = {key: _person_values(person._asdict()) for key, person in people.items()}
    changed_people: dict[int, dict] = {}
    for key, plan in zip(keys, planned, strict=True):
        person = people.get(key)
        if person is None:
            new_people[key] = _person_after(new_people.get(key), plan.values)
            continue
        values = _person_after(stored[key], plan.values, person.id in stored_now.locks.phone)
        if stored[key] != values:
            stored[key] = values
            new_phone = values["phone"] != person.phone  # the phone is then this delegation's
            owner = delegation.organization_id if new_phone else person.phone_owner_id
            changed_people[person.id] = values | {"phone_owner_id": owner}
    now = timezone.now()
    _insert_people(new_people, now, delegation.organization_id)
    _update_people(changed_people)
    to_update = [
        entries[found].id
        for key, plan in zip(keys, planned, strict=True)
        if key in people and (found := (people[key].id, plan.event.id)) in entries
    ]
    existing = Entry.objects.select_related("team").in_bulk(to_update).values()
    existing = {(e.person_id, e.event_id): e for e in existing}
    created, changed, new_entries, updated = [], [], [], []
    for index, (key, plan) in enumerate(zip(keys, planned, strict=True)):
        person = people.get(key)
        entry = existing.get((person.id, plan.event.id)) if person else None
        if entry is None:
            new_entries.append((key, plan))
            created.append(plan.number)
        elif not _entry_unchanged(entry, plan) or person.id in changed_people:
            for name, value in _entry_values(plan).items():
                setattr(entry, name, value)
            if entry.status == Entry.Status.RETURNED:
                entry.status = Entry.Status.DRAFT
            entry.updated_at = now
            entry.version += 1
            updated.append(entry)
            changed.append(plan.number)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(planned))
    _insert_entries(delegation, new_entries, now)
    Entry.objects.bulk_update(
        updated, [*ENTRY_FIELDS, "status", "updated_at", "version"], batch_size=CHUNK
    )
    new_teams = write_teams(delegation, planned)
    if not (created or changed):
        return {"created": [], "changed": []}
    audit.record(
        Action.IMPORT_WRITTEN,
        delegation,
        actor=Actor(job.user),
        edition=delegation.edition,
        changes={
            "file": [None, f"{job.file_name}（SHA-256 {job.file_sha256}）"],
            "created_rows": [None, created],
            "changed_rows": [None, changed],
            **({"teams_created": [None, new_teams]} if new_teams else {}),
        },
    )
    return {"created": created, "changed": changed}


# ---- writing many rows: one prepared INSERT run for every row (executemany), in the write's
# transaction. Values go as parameters, prepared for the database by the model fields
# themselves (each distinct date or JSON value once). The columns a row does not set are left to
# the database, whose defaults are the model's (db_default; a nullable column's NULL): each bound
# parameter costs Python's sqlite3 about 0.2 µs per row, 0.2 s per 100,000 rows for ten of them.
def _insert_sql(model, columns: list[str], placeholders: list[str]) -> str:
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - quoted names from the model
        quote(model._meta.db_table),
        ", ".join(quote(model._meta.get_field(name).column) for name in columns),
        ", ".join(placeholders),
    )


def _unset(model, given: list[str]) -> list[str]:
    """The fields an insert setting only `given` leaves out: each must have a database default
    equal to its model default (checked by tests/registration/test_import_writing.py)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in given]
    for field in fields:
        left_to_database = field.db_default is not NOT_PROVIDED or (
            field.null and field.get_default() is None
        )
        if not left_to_database:
            raise ImproperlyConfigured(
                f"{model.__name__}.{field.name}: 导入不写它，须有数据库默认值"
            )
    return [f.name for f in fields]


def _flag():
    """How a boolean goes as a parameter: SQLite stores 0 or 1, and Python's sqlite3 binds an int
    at once but a bool only after looking for an adapter (0.2 s per 100,000 entries)."""
    return int if connection.vendor == "sqlite" else bool


class _Prepared:
    """A field's values prepared for the database, each distinct value once: dates by value,
    JSON values by identity (a file's rows share one verdict object per distinct verdict)."""

    def __init__(self, model, name: str):
        self.field = model._meta.get_field(name)
        self.done: dict = {}

    def __call__(self, value):
        key = value if isinstance(value, dt.date) else id(value)
        found = self.done.get(key)
        if found is None:  # the value is kept with it, so that its id stays its own
            found = self.done[key] = (value, self.field.get_db_prep_save(value, connection))
        return found[1]


def _insert_people(people: dict, now, owner: int) -> None:
    if not people:
        return
    given = ["document_type", "document_number", *PERSON_FIELDS, "phone_owner", "created_at"]
    _unset(Person, given)
    sql = _insert_sql(Person, given, ["%s"] * len(given))
    birth = _Prepared(Person, "birth_date")
    created = Person._meta.get_field("created_at").get_db_prep_save(now, connection)
    params = [
        (
            kind,
            number,
            v["name"],
            v["gender"],
            birth(v["birth_date"]),
            v["phone"],
            owner if v["phone"] else None,
            created,
        )
        for (kind, number), v in people.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_people(people: dict[int, dict]) -> None:
    if not people:
        return
    sql = update_sql(Person, [*PERSON_FIELDS, "phone_owner"])
    birth = _Prepared(Person, "birth_date")
    params = [
        (v["name"], v["gender"], birth(v["birth_date"]), v["phone"], v["phone_owner_id"], pk)
        for pk, v in people.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# what most rows leave empty (no honours, placings, qualifications or school data): a run of such
# rows is inserted without these columns
EXTRA_FIELDS = [
    "honors",
    "placings",
    "qualifications",
    "school_enrolled_on",
    "school_province",
    "title_rights",
]
PLAIN_FIELDS = [name for name in IMPORTED_FIELDS if name not in EXTRA_FIELDS]


_extras_of = operator.itemgetter(*EXTRA_FIELDS)


def _has_extras(row: tuple[tuple[str, str], Planned]) -> bool:
    return any(_extras_of(row[1].values))


def _insert_entries(delegation, rows: list[tuple[tuple[str, str], Planned]], now) -> None:
    """The rows' entries, in the rows' order (runs of rows with and without extras)."""
    if not rows:
        return
    flag, stamp = _flag(), Entry._meta.get_field("created_at").get_db_prep_save(now, connection)
    verdict = _Prepared(Entry, "verdict")
    extras = _extras_params()
    statements = {has: _entry_sql(has) for has in (False, True)}
    with connection.cursor() as cursor:
        for has_extras, run in itertools.groupby(rows, key=_has_extras):
            params = []
            for (kind, number), plan in run:
                v = plan.values
                row = (
                    delegation.pk,
                    plan.event.id,
                    kind,
                    number,
                    v["employer"],
                    flag(v["full_time_student"]),
                    flag(v["student_entrepreneur"]),
                    flag(v["non_public_economy"]),
                )
                if has_extras:
                    row += extras(v)
                eligible = flag(plan.verdict["eligible"])
                params.append((*row, eligible, verdict(plan.verdict), stamp, stamp))
            cursor.executemany(statements[has_extras], params)


def _entry_sql(with_extras: bool) -> str:
    quote, meta = connection.ops.quote_name, Person._meta
    person = "(SELECT {} FROM {} WHERE {} = %s AND {} = %s)".format(  # noqa: S608 - quoted names from the model
        quote(meta.pk.column),
        quote(meta.db_table),
        quote(meta.get_field("document_type").column),
        quote(meta.get_field("document_number").column),
    )
    extras = EXTRA_FIELDS if with_extras else []
    given = ["delegation", "event", "person", *PLAIN_FIELDS, *extras]
    given += ["eligible", "verdict", "created_at", "updated_at"]
    _unset(Entry, given)
    return _insert_sql(Entry, given, ["%s", "%s", person] + ["%s"] * (len(given) - 3))


def _extras_params():
    """A function giving a row's EXTRA_FIELDS as parameters."""
    prepared = {name: _Prepared(Entry, name) for name in EXTRA_FIELDS}
    honors, placings, qualifications, enrolled, _, rights = prepared.values()

    def params(values: dict) -> tuple:
        day = values["school_enrolled_on"]
        return (
            honors(values["honors"]),
            placings(values["placings"]),
            qualifications(values["qualifications"]),
            enrolled(day) if day else None,
            values["school_province"],
            rights(values["title_rights"]),
        )

    return params


def _plan_file(job: ImportJob) -> list[Planned]:
    """Read and check the file again: its valid rows, the first of each person and event."""
    edition = job.delegation.edition
    find_event, rulebook = _events(edition), edition.rulebook()
    checker, planned, seen, verdicts = eligibility.Checker(rulebook), [], set(), {}
    for row in read_rows(bytes(job.upload.data), rulebook.eligibility.placing_year, edition.code):
        if row.errors:
            continue
        plan, errors = _plan_row(row, find_event, checker, verdicts)
        if plan is None:
            continue
        key = (plan.values["document_type"], plan.values["document_number"], plan.event.id)
        if key not in seen:
            seen.add(key)
            planned.append(plan)
    return planned


def error_report(job: ImportJob) -> bytes:
    """The rows with errors as uploaded, each with its original row number and its errors in two
    columns after the template's, as xlsx: fixed, the file can be uploaded again as it is (the
    two added columns are left out when read)."""
    report = job.report
    rows = [r for r in report.get("rows", []) if r["errors"]]
    header = report.get("header") or []
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("错误报告")
    text = book.add_format({"num_format": "@"})  # typed numbers stay text (ID numbers)
    flag = book.add_format({"font_color": "#C00000", "text_wrap": True})
    width = max([len(header), *(len(r.get("cells") or [r["name"]]) for r in rows)])
    if width:
        sheet.set_column(0, width - 1, 14, text)
    sheet.write_row(0, 0, header)
    sheet.write_row(0, width, [ROW_HEADER, ERROR_HEADER])
    numbers = number_columns(header)  # ID and phone numbers: text cells, whatever was read
    for index, row in enumerate(rows, start=1):
        for column, cell in enumerate(row.get("cells") or [row["name"]]):
            _write_cell(sheet, index, column, cell, column in numbers)
        sheet.write_number(index, width, row["row"])
        sheet.write_string(index, width + 1, "；".join(row["errors"]), flag)
    sheet.set_column(width + 1, width + 1, 80)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def _write_cell(sheet, row: int, column: int, cell, text: bool = False) -> None:
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        sheet.write_string(row, column, "" if cell is None else str(cell))
    elif text:  # a number a spreadsheet made of an ID: its 15 digits, as text the user retypes
        shown = f"{cell:.15g}"
        sheet.write_string(row, column, str(int(Decimal(shown))) if "e" in shown else shown)
    else:
        sheet.write_number(row, column, cell)


__all__ = ["TemplateError", "check", "write", "error_report"]
