"""Materials for §七.1: an organization's checklist and uploads; the office's overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.registration.exports import to_xlsx

from .. import access, materials
from ..forms import EvidenceForm
from ..records import RecordRefused
from .assess import download


@require_http_methods(["GET", "POST"])
@login_required
def checklist(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    write = request.method == "POST"
    organization, allowed = access.materials_for_user(request.user, edition, org, write=write)
    if write:
        form = EvidenceForm(request.POST, request.FILES)
        item = request.POST.get("item", "")
        if not form.is_valid():
            problems = [e for errors in form.errors.values() for e in errors]
            messages.error(request, "材料未上传：" + "；".join(problems))
        else:
            try:
                material = materials.store(
                    edition, organization, item, form.cleaned_data["file"], actor=Actor.of(request)
                )
            except RecordRefused as exc:
                messages.error(request, f"材料未上传：{exc}")
            else:
                late = "（已过报送截止日期，记为逾期报送）" if material.late else ""
                messages.success(request, f"已报送“{item}”：{material.original_name}{late}。")
        return redirect("orgaward:materials", code=code, org=org)
    context = {
        "edition": edition,
        "organization": organization,
        "states": materials.checklist(edition, organization),
        "deadline": edition.materials_deadline,
        "overdue": materials.past_deadline(edition),
        "recipient": edition.rulebook().edition.materials,
        "can_write": perms.ORGAWARD_MATERIALS in allowed,
        "materials_only": not access.may_see(allowed),
        "video_item": materials.VIDEO_ITEM,
        "video_mb": materials.video_max_mb(),
        "file_mb": materials.FILE_MAX_MB,
    }
    return render(request, "orgaward/materials.html", context)


@require_POST
@login_required
def material_delete(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    material, organization, _ = access.material_for_user(request.user, edition, pk, write=True)
    materials.remove(material, actor=Actor.of(request))
    messages.success(request, f"已删除：{material}。")
    return redirect("orgaward:materials", code=code, org=organization.pk)


@require_GET
@never_cache
@login_required
def material_download(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    material, _, _ = access.material_for_user(request.user, edition, pk)
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _cell(state) -> str:
    if state.sent:
        count = len(state.files)
        shown = f"已报送 {count} 份" if count else "已提交自评表"
        return shown + ("（逾期）" if state.late else "")
    return "逾期未报送" if state.overdue else "未报送"


@require_GET
@login_required
def overview(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code, perms.ORGAWARD_ASSESS)
    rows = [(o, [(s, _cell(s)) for s in states]) for o, states in materials.overview(edition)]
    context = {
        "edition": edition,
        "items": materials.items(edition),
        "rows": rows,
        "deadline": edition.materials_deadline,
    }
    return render(request, "orgaward/materials_overview.html", context)


@require_GET
@login_required
def overview_file(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code, perms.ORGAWARD_ASSESS)
    header = ["单位", *materials.items(edition)]
    body = [
        [o.body or o.name, *(_cell(s) for s in states)] for o, states in materials.overview(edition)
    ]
    title = f"{edition.name} 材料报送情况（截止 {edition.materials_deadline or '未定'}）"
    return download(to_xlsx(header, body, title, "材料报送"), f"{edition.name}材料报送情况.xlsx")
