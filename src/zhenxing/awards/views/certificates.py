"""Certificates as signed PDFs: one at a time, or many as a ZIP made in the background; a
delegation's page of its contestants' certificates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhenxing.editions.models import Event
from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Organization
from zhenxing.registration.access import delegation_for_user

from .. import batch_jobs
from ..access import batch_for_user, certificate_for_user
from ..certificates import ensure_documents
from ..models import Award, CertificateBatch


def _pdf_response(file, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def certificate_pdf(request, code: str, serial: str):
    edition, _ = access.edition_for_user(request.user, code)
    award, _ = certificate_for_user(request.user, edition, serial)
    if award.status != Award.Status.APPROVED:
        raise Http404("该证书已撤销，不再提供下载")
    ensure_documents([award])
    award.refresh_from_db(fields=["document"])
    name = f"{award.serial}-{award.entry.person.name}-{award.name}.pdf"
    return _pdf_response(award.document.open("rb"), name, "application/pdf")


@require_GET
@login_required
def delegation_certificates(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    delegation, allowed = delegation_for_user(request.user, edition, pk)
    if perms.CERTIFICATE_DOWNLOAD not in allowed:
        raise PermissionDenied("您的角色不能下载证书。")
    awards = (
        Award.objects.filter(entry__delegation=delegation, status=Award.Status.APPROVED)
        .select_related("final__event__occupation", "entry__person", "competitor__team")
        .order_by("final__event__position", "rank")
    )
    batches = CertificateBatch.objects.filter(
        edition=edition, organization=delegation.organization, requested_by=request.user
    )[:5]
    context = {"edition": edition, "delegation": delegation, "awards": awards, "batches": batches}
    return render(request, "awards/delegation_certificates.html", context)


@require_POST
@login_required
def batch_start(request, code: str):
    edition, _ = access.edition_for_user(request.user, code)
    scope = request.POST.get("scope", "")
    event = organization = None
    if scope == CertificateBatch.Scope.EVENT:
        event = Event.objects.filter(
            edition=edition, pk=posted_pk(request.POST.get("event", ""))
        ).first()
    elif scope == CertificateBatch.Scope.DELEGATION:
        organization = Organization.objects.filter(
            pk=posted_pk(request.POST.get("organization", ""))
        ).first()
    if (
        scope not in CertificateBatch.Scope.values
        or (scope == "event" and event is None)
        or (scope == "delegation" and organization is None)
    ):
        raise Http404("未找到要下载的范围")
    batch = batch_jobs.start(
        edition, scope, actor=Actor.of(request), event=event, organization=organization
    )
    return redirect("awards:batch_detail", code=code, pk=batch.pk)


@require_GET
@login_required
def batch_detail(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    batch = batch_for_user(request.user, edition, pk)
    context = {"edition": edition, "batch": batch}
    name = "awards/_batch_status.html" if request.htmx else "awards/batch.html"
    return render(request, name, context)


@require_GET
@login_required
def batch_download(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    batch = batch_for_user(request.user, edition, pk)
    if batch.state != CertificateBatch.State.DONE or not batch.archive:
        raise Http404("证书尚未生成完毕")
    return _pdf_response(batch.archive.open("rb"), f"证书-{batch.pk}.zip", "application/zip")
