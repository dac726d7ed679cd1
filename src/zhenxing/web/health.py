"""`/healthz`: whether this app server can reach its database and its cache — what a load
balancer or a monitor asks every few seconds. No login, no personal data, never cached."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any failure is "down"; the monitor needs no traceback
        return "error"
    return "ok"


def _cache() -> str:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:  # noqa: BLE001 — as above
        return "error"
    return "ok" if found == value else "error"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database(), "cache": _cache()}
    healthy = all(state == "ok" for state in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
