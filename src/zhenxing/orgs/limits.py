"""Rate limits per client address, counted in the cache every app server shares."""

from __future__ import annotations

from django.core.cache import cache


def over_limit(bucket: str, address: str | None, limit: int, seconds: int) -> bool:
    """Count one more request of `address` in `bucket`; whether it is past `limit` within the
    window of `seconds` (the window starts with the first request)."""
    key = f"limit:{bucket}:{address or '-'}"
    if cache.add(key, 1, timeout=seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=seconds)
        return False
    return count > limit
