"""Marking schemes: versions of an event's scheme, read by the rules core (rules.marking)."""

from __future__ import annotations

from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import marking
from zhenxing.rules.marking import Scheme as RulesScheme

from .actions import JudgingAction as Action
from .locking import ScoringError, bump, locked_final
from .models import Final, Scheme


def current_scheme(final: Final) -> Scheme | None:
    return final.schemes.order_by("-version").first()


def rules_scheme(scheme: Scheme) -> RulesScheme:
    return marking.scheme_from_dict(scheme.data)


def aspect_of(scheme: Scheme, key: str) -> marking.Aspect:
    return next(a for a in rules_scheme(scheme).aspects if a.key == key)


def save_scheme(final: Final, data, *, actor: Actor) -> tuple[Scheme, bool]:
    """Store a scheme edit: in place while no mark uses the current version, else a new version.

    Returns (scheme, changed). Raises marking.SchemeError listing every problem by its path.
    """
    event = final.event
    access.require(actor, event.edition, perms.EVENT_MANAGE, event=event)
    parsed = marking.scheme_from_dict(data)
    fingerprint = marking.version_fingerprint(parsed)
    with transaction.atomic():
        final = locked_final(final)
        if final.locked:
            raise ScoringError("成绩已锁定，不能再修改评分标准。")
        latest = current_scheme(final)
        if latest is not None and latest.fingerprint == fingerprint:
            return latest, False
        plain = marking.scheme_to_dict(parsed)
        if latest is not None and not latest.marks.exists():
            before = {"fingerprint": latest.fingerprint}
            latest.data, latest.fingerprint = plain, fingerprint
            latest.save(update_fields=["data", "fingerprint"])
            scheme, action = latest, Action.SCHEME_CHANGED
        else:
            version = latest.version + 1 if latest else 1
            before = {"version": latest.version} if latest else {}
            scheme = Scheme.objects.create(
                final=final,
                version=version,
                data=plain,
                fingerprint=fingerprint,
                created_by=actor.user,
            )
            action = Action.SCHEME_CREATED
        after = {"version": scheme.version, "fingerprint": fingerprint}
        audit.record(
            action,
            scheme,
            actor=actor,
            edition=event.edition,
            changes=audit.diff(before, after),
        )
        bump(final)
    return scheme, True
