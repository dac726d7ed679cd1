"""List pages stay flat as data grows: the same number of queries at 10 rows as at 500 (an N+1
query per row would make a 500-row page 500 queries slower)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support import make_id
from zhenxing.orgs.models import AuditEntry, Organization
from zhenxing.registration.models import Delegation, Entry, Person

E = "/office/2020-nmg/"


def _entries(delegation, event, count: int, status=Entry.Status.SUBMITTED) -> None:
    """`count` more entries of `delegation`, stored in bulk (what the page reads, not how)."""
    model = Entry.objects.filter(delegation=delegation).first() or Entry.objects.first()
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(
            name=f"选手{start + n}",
            birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=start + n),
            document_number=make_id(
                dt.date(1990, 1, 1) + dt.timedelta(days=start + n), seq=f"{n % 100:02d}"
            ),
            phone="13900001111",
            phone_owner=delegation.organization,
        )
        for n in range(count)
    )
    Entry.objects.bulk_create(
        Entry(
            delegation=delegation,
            event=event,
            person=person,
            status=status,
            verdict=model.verdict if model else {},
            eligible=True,
        )
        for person in people
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grows(client, url: str, add) -> tuple[int, int]:
    add(10)
    small = _queries(client, url)
    add(490)
    return small, _queries(client, url)


@pytest.fixture
def alice_delegation(delegations, entry_of):
    entry_of("A")
    return delegations["A"]


def test_a_delegations_entries(login, alice_delegation, cnc):
    client = login("alice")
    url = f"{E}delegations/{alice_delegation.pk}/"
    small, large = _grows(client, url, lambda n: _entries(alice_delegation, cnc, n))
    assert small == large


def test_the_review_queue(login, alice_delegation, cnc):
    client = login("office")
    small, large = _grows(client, f"{E}review/", lambda n: _entries(alice_delegation, cnc, n))
    assert small == large


def test_the_delegation_list(login, alice_delegation, edition, cnc):
    def add(count):
        start = Organization.objects.count()
        orgs = Organization.objects.bulk_create(
            Organization(kind="enterprise", name=f"企业{start + n}") for n in range(count)
        )
        made = Delegation.objects.bulk_create(
            Delegation(edition=edition, organization=o) for o in orgs
        )
        for delegation in made[:3]:
            _entries(delegation, cnc, 2)

    small, large = _grows(login("office"), f"{E}delegations/", add)
    assert small == large


def test_the_audit_log(login, edition, personas):
    def add(count):
        AuditEntry.objects.bulk_create(
            AuditEntry(
                edition=edition,
                actor=personas["office"],
                actor_name="办公室",
                action="registration.entry.created",
                object_type="registration.entry",
                object_id="1",
                object_repr=f"报名{n}",
                changes={"name": [None, "张三"]},
            )
            for n in range(count)
        )

    small, large = _grows(login("office"), f"{E}audit/", add)
    assert small == large


def test_long_lists_come_in_pages(login, alice_delegation, cnc):
    _entries(alice_delegation, cnc, 250)
    client = login("office")
    first = client.get(f"{E}review/").content.decode()
    assert "第 1 / 3 页，共 250 条" in first and first.count("选手") >= 100
    last = client.get(f"{E}review/?page=3").content.decode()
    assert "第 3 / 3 页" in last and "上一页" in last
    assert client.get(f"{E}review/?page=x").status_code == 200  # a bad page number: the first


def _competitors(final, count: int) -> None:
    """`count` more approved finalists of `final`, with numbers, stored in bulk."""
    from zhenxing.judging.models import Competitor

    delegation = final.competitors.first().entry.delegation
    before = set(Entry.objects.values_list("pk", flat=True))
    _entries(delegation, final.event, count, status=Entry.Status.APPROVED)
    added = Entry.objects.exclude(pk__in=before).order_by("pk")
    start = final.competitors.count()
    Competitor.objects.bulk_create(
        Competitor(final=final, entry=entry, number=f"{start + n + 1:04d}")
        for n, entry in enumerate(added)
    )


@pytest.mark.parametrize(("who", "page"), [("chief", ""), ("judge", "scoring/")])
def test_the_final_page_and_the_score_index(client, final, who, page):
    client.force_login(final.people[who], backend="django.contrib.auth.backends.ModelBackend")
    url = f"{E}events/{final.event.pk}/final/{page}"
    small, large = _grows(client, url, lambda n: _competitors(final, n))
    assert small == large
