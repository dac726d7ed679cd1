"""Fixed personas (the healthchecks habit) on the loaded 2020 edition.

office — committee office (YL); hrss — HRSS reviewer; host — staff of 中国航天科工集团第六研究院;
alice — registrar of delegation A (呼和浩特市); bob — registrar of delegation B (包头市);
judge — judge of 数控车工（职工组）; charlie — logged in, no role in the edition (an outsider).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def edition(db):
    from importlib import resources

    from zhenxing.editions.services import load_rulebook

    text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
    return load_rulebook(text, "2020-nmg.toml").edition


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


@pytest.fixture
def personas(edition):
    people = {
        "office": ("committee_office", "youth_league", "共青团内蒙古自治区委员会", None),
        "hrss": ("hrss_reviewer", "hrss", "内蒙古自治区人力资源和社会保障厅", None),
        "host": ("host_staff", "host_unit", "中国航天科工集团第六研究院", None),
        "alice": ("registrar", "league_city", "呼和浩特市", None),
        "bob": ("registrar", "league_city", "包头市", None),
        "judge": ("judge", "host_unit", "中国航天科工集团第六研究院", "数控车工"),
        "charlie": (None, None, None, None),
    }
    return {name: _person(name, edition, *spec) for name, spec in people.items()}


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
