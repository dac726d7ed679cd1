"""Asking for a batch of certificates: who may, and the job that makes it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from . import tasks
from .actions import AwardsAction as Action
from .batches import in_scope
from .models import CertificateBatch

Scope = CertificateBatch.Scope


def _may(actor: Actor, edition, scope: str, event=None, organization=None) -> None:
    if actor.user is None:
        return
    code = perms.CERTIFICATE_DOWNLOAD
    if scope == Scope.EDITION:
        allowed = access.has_perm_edition_wide(actor.user, edition, code)
    else:
        allowed = access.has_perm(actor.user, edition, code, event=event, organization=organization)
    if not allowed:
        raise PermissionDenied("您的角色不能下载这些证书。")


def start(edition, scope: str, *, actor: Actor, event=None, organization=None) -> CertificateBatch:
    _may(actor, edition, scope, event, organization)
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            edition=edition,
            scope=scope,
            event=event,
            organization=organization,
            requested_by=actor.user,
        )
        batch.total = in_scope(batch).count()
        batch.save(update_fields=["total"])
        audit.record(
            Action.BATCH_STARTED,
            batch,
            actor=actor,
            edition=edition,
            changes={"certificates": [None, batch.total]},
        )
    tasks.make_batch.enqueue(batch.pk)
    return batch
