"""An occupation's certificate (国家职业资格 / 专项职业能力 / none), confirmed by HRSS: the
notice does not say which occupations issue which (rules.md §5.2)."""

from __future__ import annotations

from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .actions import EditionAction as Action
from .models import Occupation


class CertificateKindRefused(Exception):
    pass


@transaction.atomic
def set_certificate(occupation: Occupation, kind: str, confirmed: bool, *, actor: Actor) -> bool:
    """Returns whether anything changed."""
    access.require(actor, occupation.edition, perms.CERTIFICATE_KIND)
    if kind not in Occupation.Certificate.values:
        choices = "、".join(Occupation.Certificate.labels)
        raise CertificateKindRefused(f"证书类别应为：{choices}")
    locked = Occupation.objects.select_for_update().get(pk=occupation.pk)
    before = {
        "certificate": locked.certificate,
        "certificate_confirmed": locked.certificate_confirmed,
    }
    locked.certificate, locked.certificate_confirmed = kind, confirmed
    after = {"certificate": kind, "certificate_confirmed": confirmed}
    changes = audit.diff(before, after)
    if changes:
        locked.save(update_fields=list(after))
        audit.record(
            Action.OCCUPATION_CHANGED,
            locked,
            actor=actor,
            edition=locked.edition,
            changes=changes,
        )
    return bool(changes)
