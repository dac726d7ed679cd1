"""An entry's documents: upload, download (as an attachment, sandboxed), delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import documents, rights
from ..access import document_for_user, entry_for_user
from ..forms import DocumentForm
from .common import edition_of


@require_POST
@login_required
def document_upload(request, code: str, pk: int):
    edition = edition_of(request, code)
    entry, _ = entry_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "材料未上传：" + "；".join(problems))
    else:
        data = form.cleaned_data
        try:
            documents.store(entry, data["kind"], data["file"], actor=Actor.of(request))
        except (documents.DocumentRefused, rights.RegistrationError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "材料已上传。")
    return redirect("registration:entry_detail", code=code, pk=pk)


@require_POST
@login_required
def document_delete(request, code: str, pk: int):
    edition = edition_of(request, code)
    document, _ = document_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    try:
        documents.remove(document, actor=Actor.of(request))
    except rights.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除材料：{document.kind}：{document.original_name}。")
    return redirect("registration:entry_detail", code=code, pk=document.entry_id)


@require_GET
@never_cache  # ID scans, certificates: no cache keeps a copy
@login_required
def document_download(request, code: str, pk: int):
    edition = edition_of(request, code)
    document, _ = document_for_user(request.user, edition, pk, perms.DOCUMENT_VIEW)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
