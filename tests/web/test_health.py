"""/healthz: a monitor learns whether this app server reaches its database and its cache."""

import socket
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
def test_healthy_for_anyone_and_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_503(client):
    with mock.patch("zhenxing.web.health.connection.cursor", side_effect=OSError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error"


@pytest.mark.django_db
def test_an_unreachable_cache_is_503(client):
    broken = {"default": {**REDIS, "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CACHES=broken):  # Django's test signal makes a fresh cache handler
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@pytest.mark.django_db
@pytest.mark.skipif(not _redis_up(), reason="Redis 未在 127.0.0.1:6379 运行")
def test_redis_as_the_shared_cache(client):
    shared = {"default": {**REDIS, "LOCATION": "redis://127.0.0.1:6379/15"}}
    with override_settings(CACHES=shared):
        assert client.get("/healthz").json()["cache"] == "ok"
        assert "RedisCache" in type(caches["default"]).__name__
