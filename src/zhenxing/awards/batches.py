"""Certificates of an event, a delegation or the whole edition as one ZIP, made by a background
job that reports its progress."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile

from .certificates import ensure_documents
from .models import Award, CertificateBatch

Scope = CertificateBatch.Scope


def in_scope(batch: CertificateBatch):
    """The approved, standing awards the batch covers."""
    awards = Award.objects.filter(
        final__event__edition=batch.edition, status=Award.Status.APPROVED, revoked_at__isnull=True
    )
    if batch.scope == Scope.EVENT:
        awards = awards.filter(final__event=batch.event)
    elif batch.scope == Scope.DELEGATION:
        awards = awards.filter(entry__delegation__organization=batch.organization)
    return awards.select_related(
        "final__event__edition", "final__event__occupation", "entry__person", "competitor__team"
    ).order_by("final__event__position", "rank", "kind", "pk")


def build(batch: CertificateBatch, progress) -> None:
    """Render what is missing, then pack every certificate of the batch into its ZIP."""
    awards = list(in_scope(batch))
    ensure_documents(awards, progress)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for award in awards:
            award.refresh_from_db(fields=["document"])
            name = f"{award.serial}-{award.entry.person.name}-{award.name}.pdf"
            with award.document.open("rb") as file:
                archive.writestr(name, file.read())
    batch.archive.save(f"certificates-{batch.pk}.zip", ContentFile(buffer.getvalue()), save=False)
