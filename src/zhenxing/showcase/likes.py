"""The public's likes: one per browser (a random cookie), at most LIMIT per address in WINDOW
seconds (Django's cache). The cookie and the address are kept only as keyed hashes (HMAC with
the site's secret key), so the table names no one. A like never decides a pick: the office
picks by its own review, and no service reads the count."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from zhenxing.orgs.audit import Actor

from .models import Like, Nomination

COOKIE = "zx_showcase"
LIMIT = 20
WINDOW = 10 * 60
TOO_MANY = "点赞太频繁：同一网络 10 分钟内最多点赞 20 次，请稍后再试。"


class TooManyLikes(Exception):
    pass


def new_browser_token() -> str:
    return secrets.token_urlsafe(24)


def keyed(kind: str, value: str) -> str:
    return salted_hmac(f"zhenxing.showcase.{kind}", value, algorithm="sha256").hexdigest()


def _count_address(address: str) -> None:
    key = f"showcase-likes:{address}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW)
        count = 1
    if count > LIMIT:
        raise TooManyLikes(TOO_MANY)


def like(nomination: Nomination, browser_token: str, *, actor: Actor) -> bool:
    """Count one like of a public nomination from this browser; False when it had liked it
    already. TooManyLikes when the address has liked too often."""
    address = keyed("address", actor.ip or "")
    _count_address(address)
    browser = keyed("browser", browser_token)
    try:
        with transaction.atomic():
            Like.objects.create(nomination=nomination, browser=browser, address=address)
            Nomination.objects.filter(pk=nomination.pk).update(likes=F("likes") + 1)
    except IntegrityError:  # this browser's like is there already
        return False
    return True


def liked(nomination: Nomination, browser_token: str | None) -> bool:
    if not browser_token:
        return False
    browser = keyed("browser", browser_token)
    return Like.objects.filter(nomination=nomination, browser=browser).exists()
