"""Shared fixtures: the loaded 2020 edition, fixed personas (the healthchecks habit), entries and
a final ready for scoring.

office — committee office (YL); hrss — HRSS reviewer; host — staff of 中国航天科工集团第六研究院;
alice — registrar of delegation A (呼和浩特市); bob — registrar of delegation B (包头市);
judge — judge of 数控车工（职工组）; charlie — logged in, no role in the edition (an outsider).

What tests share is built once, not per test (Django's setUpTestData habit), in levels: the
edition; then the personas; then the final. Each level is an open transaction (a savepoint in
the one below); a database test nests its own transaction in the level it needs, so it still
rolls back, and a test needing less rolls the levels above it back first. Tests that commit
(transactional ones, the browser) run with no level open and build what they use themselves.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile

import pytest

from tests.support import NAMES, PASSWORD, SCHEME, actor, finish, make_id, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# the certificate seal the tests make: never the one of a developer's site under var/
os.environ.setdefault("ZHENXING_KEYS_DIR", tempfile.mkdtemp(prefix="zhenxing-test-keys-"))

PERSONAS = {
    "office": ("committee_office", "youth_league", "共青团内蒙古自治区委员会", None),
    "hrss": ("hrss_reviewer", "hrss", "内蒙古自治区人力资源和社会保障厅", None),
    "host": ("host_staff", "host_unit", "中国航天科工集团第六研究院", None),
    "alice": ("registrar", "league_city", "呼和浩特市", None),
    "bob": ("registrar", "league_city", "包头市", None),
    "judge": ("judge", "host_unit", "中国航天科工集团第六研究院", "数控车工"),
    "charlie": (None, None, None, None),
}
PANEL = ["judge2", "judge3", "chief", "clerk", "clerk2", "encryption", "supervisor", "arbitrator"]


def _load_edition():
    from importlib import resources

    from zhenxing.editions.services import load_rulebook

    text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
    return load_rulebook(text, "2020-nmg.toml").edition


def _edition():
    from zhenxing.editions.models import Edition

    return Edition.objects.get(code="2020-nmg")


def _cnc():
    from zhenxing.editions.models import Event

    return Event.objects.get(occupation__name="数控车工", group="worker")


def _person(username, edition, role, kind, org_name, occupation=None):
    from django.contrib.auth import get_user_model

    from zhenxing.editions.models import Event
    from zhenxing.orgs.models import Membership, Organization

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if role:
        org = Organization.objects.get(kind=kind, name=org_name)
        event = None
        if occupation:
            event = Event.objects.get(edition=edition, occupation__name=occupation, group="worker")
        Membership.objects.create(
            user=user, edition=edition, organization=org, role=role, event=event
        )
    return user


def _make_personas():
    edition = _edition()
    return {name: _person(name, edition, *spec) for name, spec in PERSONAS.items()}


def _users(names) -> dict:
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.in_bulk(list(names), field_name="username")
    return {name: found[name] for name in names}


def _delegation(name):
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.services import delegation_of

    organization = Organization.objects.get(kind="league_city", name=name)
    return delegation_of(_edition(), organization, actor=SYSTEM)


def _make_entry(delegation, name="李娜", birth=dt.date(1992, 5, 6), status=None):
    """One eligible entry of 数控车工（职工组）, stored through the service; a status is reached
    through the review workflow, as the committee office would."""
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.registration.models import Entry
    from zhenxing.registration.services import EntryData, approve, return_entry, save_entry, submit

    data = EntryData(
        name=name,
        occupation="数控车工",
        group="worker",
        birth_date=birth,
        gender="女",
        id_number=make_id(birth, male=False, seq=f"{sum(map(ord, name)) % 100:02d}"),
        phone="13900001111",
    )
    entry, _ = save_entry(delegation, data, actor=SYSTEM)
    if status and status != Entry.Status.DRAFT:
        submit(entry.delegation, actor=SYSTEM, only=[entry])
        entry.refresh_from_db()
    if status == Entry.Status.APPROVED:
        approve(entry, actor=SYSTEM)
    if status == Entry.Status.RETURNED:
        return_entry(entry, "请补充材料", actor=SYSTEM)
    if status:
        entry.refresh_from_db()
    return entry


def _make_final():
    """The final of 数控车工（职工组）: its panel, scheme, four approved finalists with numbers."""
    from zhenxing.judging.anonymity import draw_numbers
    from zhenxing.judging.locking import final_of
    from zhenxing.judging.schemes import save_scheme
    from zhenxing.registration.models import Entry

    edition, cnc = _edition(), _cnc()
    people = _users(PERSONAS)
    for name in ("judge2", "judge3"):
        people[name] = member(name, edition, "judge", cnc)
    people["chief"] = member("chief", edition, "chief_judge", cnc)
    people["clerk"] = member("clerk", edition, "clerk", cnc)
    people["clerk2"] = member("clerk2", edition, "clerk", cnc)
    people["encryption"] = member("encryption", edition, "encryption_officer", cnc)
    people["supervisor"] = member(
        "supervisor", edition, "supervisor", org=("youth_league", "共青团内蒙古自治区委员会")
    )
    people["arbitrator"] = member(
        "arbitrator", edition, "arbitrator", org=("hrss", "内蒙古自治区人力资源和社会保障厅")
    )
    delegations = {"A": _delegation("呼和浩特市"), "B": _delegation("包头市")}
    for index, (name, key) in enumerate(NAMES.items()):
        birth = dt.date(1990 + index, 3, 1)
        _make_entry(delegations[key], name=name, birth=birth, status=Entry.Status.APPROVED)
    final = final_of(cnc)
    save_scheme(final, SCHEME, actor=actor(people["host"]))
    draw_numbers(final, actor=actor(people["encryption"]))


LEVELS = [("edition", _load_edition), ("personas", _make_personas), ("final", _make_final)]
_OPEN: list = []  # the open atomic block of each level built, lowest first


def _level_wanted(item) -> int:
    """How many levels the test uses: 0 (none), 1 (the edition), 2 (+ personas), 3 (+ final).
    A test of real password hashing makes its own personas."""
    names = set(item.fixturenames)
    wanted = max((i + 1 for i, (name, _) in enumerate(LEVELS) if name in names), default=0)
    return min(wanted, 1) if item.get_closest_marker("real_passwords") else wanted


# what the levels are built with: as the tests that use them run (see the autouse fixtures below)
AS_TESTS_RUN = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "ZHENXING_RESULTS_INLINE": True,
}


def _open_levels(count: int, blocker) -> None:
    from django.db import transaction
    from django.test import override_settings

    with blocker.unblock():
        while len(_OPEN) > count:
            transaction.set_rollback(True)
            _OPEN.pop().__exit__(None, None, None)
        while len(_OPEN) < count:
            block = transaction.atomic()
            block.__enter__()
            _OPEN.append(block)
            with override_settings(**AS_TESTS_RUN):
                LEVELS[len(_OPEN) - 1][1]()


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _uses_database(item) -> bool:
    names = set(item.fixturenames)
    return bool({"db", "transactional_db"} & names) or item.get_closest_marker("django_db")


_DATABASE_MADE: list = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test database; noted as made, so that levels can be opened in it."""
    _DATABASE_MADE.append(True)
    yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Open exactly the levels the test uses, before any of its fixtures (the test's own
    transaction among them) is set up. A test that commits (and a live server's threads) runs
    with none open. (Until the test database is made, by the first test that uses it, that test
    builds what it uses itself.)"""
    if not (_uses_database(item) and _DATABASE_MADE):
        return
    from pytest_django.plugin import blocking_manager_key

    blocker = item.config.stash[blocking_manager_key]
    _open_levels(0 if _commits(item) else _level_wanted(item), blocker)


@pytest.fixture(scope="session", autouse=True)
def _levels_end_with_the_session(django_db_blocker):
    yield
    _open_levels(0, django_db_blocker)


@pytest.fixture
def edition(db):
    from zhenxing.editions.models import Edition

    return Edition.objects.filter(code="2020-nmg").first() or _load_edition()


@pytest.fixture
def no_edition(edition):
    """A database without any edition (the preloaded one is deleted inside the test)."""
    from zhenxing.editions.models import Edition, Event, Occupation

    Event.objects.all().delete()
    Occupation.objects.all().delete()
    Edition.objects.all().delete()


@pytest.fixture
def personas(edition):
    if len(_OPEN) >= 2:
        return _users(PERSONAS)
    return _make_personas()


@pytest.fixture
def login(client, personas):
    """login("alice") logs the test client in as that persona; login(None) stays anonymous."""

    def _login(name):
        client.logout()
        if name:
            client.force_login(personas[name], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no throttle counts or cached pages carried over."""
    from django.conf import settings

    if settings.configured:  # pure tests may run with -p no:django
        from django.core.cache import cache

        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_passwords(request):
    """Tests make a dozen users each: hash their passwords cheaply (argon2 takes about 0.1 s a
    password), except in tests marked real_passwords."""
    uses_django = {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames)
    if uses_django and not request.node.get_closest_marker("real_passwords"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield


@pytest.fixture(autouse=True)
def _tasks_run_at_once(request):
    """Background tasks run inside the request in tests (django-tasks' immediate backend)."""
    if not {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.ZHENXING_RESULTS_INLINE = True  # commit hooks do not run inside a test's transaction
    yield


# ---------------------------------------------------------------- registration


@pytest.fixture
def entry_form():
    """A valid workers' group entry for 数控车工 as the web form posts it."""

    def _form(event_pk, **changes):
        birth = changes.pop("birth", dt.date(1990, 3, 1))
        data = {
            "name": "张伟",
            "gender": "男",
            "document_type": "resident_id",
            "id_number": make_id(birth),
            "birth_date": birth.isoformat(),
            "phone": "13812345678",
            "event": str(event_pk),
            "employer": "包钢集团",
        }
        data.update(changes)
        return data

    return _form


@pytest.fixture
def cnc(edition):
    return _cnc()


@pytest.fixture
def delegations(personas, edition):
    return {"A": _delegation("呼和浩特市"), "B": _delegation("包头市")}


@pytest.fixture
def entry_of(delegations, cnc):
    """entry_of("A") stores one eligible entry for delegation A (through the service)."""

    def _entry(key, name="李娜", birth=dt.date(1992, 5, 6), status=None):
        return _make_entry(delegations[key], name=name, birth=birth, status=status)

    return _entry


# ---------------------------------------------------------------- finals


@pytest.fixture
def as_user():
    """as_user(user): the actor services take."""
    return actor


@pytest.fixture
def final(personas, edition, cnc, entry_of):
    """A final of 数控车工（职工组） ready for scoring: panel, scheme, four finalists with numbers.

    Panel (all of the host unit unless said): judge (the shared persona), judge2, judge3, chief
    (chief judge), clerk and clerk2 (clerks), supervisor (edition-wide), encryption (encryption
    officer), arbitrator (edition-wide). Finalists: 李娜 and 王芳 (delegation A), 赵敏 and 孙丽
    (delegation B), approved.
    """
    from zhenxing.judging.models import Final

    if len(_OPEN) < 3:
        _make_final()
    final = Final.objects.get(event=cnc)
    final.people = _users([*PERSONAS, *PANEL])
    return final


@pytest.fixture
def finished(final, numbers):
    """The final with final results (publication period over): 李娜 1st, 王芳 2nd, 赵敏 3rd,
    孙丽 4th; `finished.numbers` maps names to contest numbers."""
    finish(final, numbers)
    final.numbers = numbers
    return final


@pytest.fixture
def numbers(final):
    """Person name → contest number."""
    return {
        c.entry.person.name: c.number for c in final.competitors.select_related("entry__person")
    }
