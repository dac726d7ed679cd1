"""Two people acting on one registration record at once (PostgreSQL: real row locks, threads):
an edit never overwrites another unseen, a quota is never exceeded, a review acts once."""

import dataclasses
import datetime as dt
import threading
from importlib import resources

import pytest
from django.db import connection

from tests.support import actor, at_once, make_id
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.models import Entry
from zhenxing.registration.rights import RegistrationError
from zhenxing.registration.services import EntryData, approve, save_entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def _data(name: str, birth: dt.date, **changes) -> EntryData:
    seq = f"{sum(map(ord, name)) % 100:02d}"
    data = EntryData(
        name=name,
        occupation="数控车工",
        group="worker",
        birth_date=birth,
        gender="女",
        id_number=make_id(birth, male=False, seq=seq),
        phone="13900001111",
    )
    return dataclasses.replace(data, **changes)


def _refusals(results) -> list[str]:
    return [str(r) for r in results if isinstance(r, RegistrationError)]


@pytest.mark.parametrize("pair", range(5))
def test_two_edits_from_one_version_one_is_saved_the_other_is_told(
    personas, delegations, entry_of, pair
):
    entry = entry_of("A")
    alice, office = actor(personas["alice"]), actor(personas["office"])
    birth = dt.date(1992, 5, 6)
    results = at_once(
        lambda: save_entry(
            delegations["A"],
            _data("李娜", birth, employer="包钢集团"),
            actor=alice,
            entry=entry,
            seen_version=1,
        ),
        lambda: save_entry(
            delegations["A"],
            _data("李娜", birth, employer="北方重工"),
            actor=office,
            entry=Entry.objects.get(pk=entry.pk),
            seen_version=1,
        ),
    )
    saved = [r for r in results if isinstance(r, tuple)]
    refusals = _refusals(results)
    assert len(saved) == 1 and len(refusals) == 1, results
    assert "已被他人修改" in refusals[0]
    stored = Entry.objects.get(pk=entry.pk)
    assert stored.version == 2 and stored.employer == saved[0][0].employer
    changes = AuditEntry.objects.filter(action="registration.entry.changed")
    assert changes.count() == 1


def test_a_quota_of_one_holds_when_two_contestants_are_addedat_once(personas, delegations):
    from zhenxing.editions.services import load_rulebook

    rulebooks = resources.files("zhenxing.rulebooks")
    text = rulebooks.joinpath("2020-nmg.toml").read_text("utf-8")
    quota = 'quotas = [{ occupation = "数控车工", group = "worker", per_delegation = 1 }]'
    load_rulebook(text.replace("quotas = []", quota, 1), "quota.toml")
    alice = actor(personas["alice"])
    delegation = delegations["A"]
    delegation.refresh_from_db()
    results = at_once(
        lambda: save_entry(delegation, _data("李娜", dt.date(1992, 5, 6)), actor=alice),
        lambda: save_entry(delegation, _data("王芳", dt.date(1993, 7, 8)), actor=alice),
    )
    refusals = _refusals(results)
    assert len(refusals) == 1 and "每个代表队限报 1 人，已报满" in refusals[0], results
    assert Entry.objects.filter(delegation=delegation).count() == 1


def test_two_reviewers_approving_at_once_approve_once(personas, entry_of):
    entry = entry_of("A", status=Entry.Status.SUBMITTED)
    office, host = actor(personas["office"]), actor(personas["host"])
    results = at_once(
        lambda: approve(Entry.objects.get(pk=entry.pk), actor=office),
        lambda: approve(Entry.objects.get(pk=entry.pk), actor=host),
    )
    refusals = _refusals(results)
    assert len(refusals) == 1 and "只有“已提交待审核”的报名可以审核通过" in refusals[0], results
    assert AuditEntry.objects.filter(action="registration.entry.approved").count() == 1
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.APPROVED


def test_a_long_write_holding_its_job_is_never_taken_for_an_interrupted_one(delegations):
    from django.db import connections, transaction
    from django.utils import timezone

    from zhenxing.registration.import_jobs import close_interrupted
    from zhenxing.registration.models import ImportJob

    job = ImportJob.start(delegations["A"], None, "a.xlsx", b"PK")
    overdue = timezone.now() - dt.timedelta(minutes=10)
    ImportJob.objects.filter(pk=job.pk).update(state="writing", touched_at=overdue)
    holding, release = threading.Event(), threading.Event()

    def writer():  # as tasks.write_import holds the job's row for its whole transaction
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=job.pk)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(10)
    try:
        assert close_interrupted(ImportJob.objects.all()) == 0
    finally:
        release.set()
        thread.join(10)
    assert close_interrupted(ImportJob.objects.all()) == 1  # the writer is gone: closed
    assert ImportJob.objects.get(pk=job.pk).state == "failed"
