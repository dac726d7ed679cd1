"""Edits made from a page that was already out of date are refused, saying what changed since:
each record edited through a form carries a version that goes up with every change."""

from __future__ import annotations

from django.utils import timezone

from . import audit
from .models import AuditEntry


def stale(obj, seen: int | None, what: str) -> str | None:
    """Why saving over `obj` (a locked, fresh row) from a page that showed version `seen` is
    refused, naming the change made since; None when the page was current (or named none)."""
    if seen is None or obj.version == seen:
        return None
    last = AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk)).first()
    since = ""
    if last is not None:
        changed = "；".join(
            f"{name}：{before} → {after}" for name, before, after in audit.changes_shown(last)
        )
        when = timezone.localtime(last.created_at)
        since = f"（{when:%m-%d %H:%M} {last.actor_name} {audit.label(last.action)}{'：' + changed if changed else ''}）"
    return (
        f"没有保存：{what}在您打开页面之后已被他人修改{since}。请刷新页面，核对现在的内容后再修改。"
    )


def parse_seen(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
