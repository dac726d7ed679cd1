"""The records an organization keeps for the award, one generic set of pages for every kind:
list, new, edit, delete, and the evidence of each record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs import versions
from zhenxing.orgs.audit import Actor

from .. import access, assessment, records
from ..forms import EvidenceForm, form_class
from ..kinds import KINDS, kind_of
from ..models import Evidence, SelfEvaluation


def _cell(record, name: str) -> str:
    if record._meta.get_field(name).many_to_many:
        return "、".join(str(x) for x in getattr(record, name).all()) or "—"
    value = getattr(record, name)
    display = getattr(record, f"get_{name}_display", None)
    if display is not None:
        return display()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _headers(kind) -> list[str]:
    return [str(kind.model._meta.get_field(name).verbose_name) for name in kind.columns]


def _form_state(edition, organization):
    return SelfEvaluation.objects.filter(edition=edition, organization=organization).first()


def _common(edition, organization, allowed) -> dict:
    form_state = _form_state(edition, organization)
    locked = form_state is not None and form_state.is_locked
    return {
        "edition": edition,
        "organization": organization,
        "can_write": perms.ORGAWARD_RECORDS in allowed and not locked,
        "locked": locked,
        "self_evaluation": form_state,
    }


@require_GET
@login_required
def home(request, code: str):
    """The office: every organization the award concerns; a registrar: their own records."""
    edition, allowed = org_access.edition_for_user(request.user, code)
    if org_access.has_perm_edition_wide(request.user, edition, perms.ORGAWARD_ASSESS):
        organizations = list(access.taking_part(edition))
        counts = {o.pk: 0 for o in organizations}
        for kind in KINDS:
            for org_id in kind.model.objects.filter(edition=edition).values_list(
                "organization_id", flat=True
            ):
                counts[org_id] = counts.get(org_id, 0) + 1
        forms = {f.organization_id: f for f in SelfEvaluation.objects.filter(edition=edition)}
        rows = [(o, counts.get(o.pk, 0), forms.get(o.pk)) for o in organizations]
        return render(request, "orgaward/home.html", {"edition": edition, "rows": rows})
    own = access.own_organizations(request.user, edition)
    if not own:
        raise Http404("未找到优秀组织奖材料")
    return redirect("orgaward:organization", code=code, org=own[0].pk)


@require_GET
@login_required
def organization(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.records_for_user(request.user, edition, org)
    sections = []
    for kind in KINDS:
        items = list(kind.model.objects.filter(edition=edition, organization=organization))
        sections.append((kind, len(items)))
    context = _common(edition, organization, allowed) | {"sections": sections}
    return render(request, "orgaward/organization.html", context)


@require_GET
@login_required
def record_list(request, code: str, org: int, kind: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    kind = kind_of(kind)
    organization, allowed = access.records_for_user(request.user, edition, org)
    items = kind.model.objects.filter(edition=edition, organization=organization)
    evidence_counts: dict[int, int] = {}
    for record_id in Evidence.objects.filter(
        edition=edition, organization=organization, kind=kind.slug
    ).values_list("record_id", flat=True):
        evidence_counts[record_id] = evidence_counts.get(record_id, 0) + 1
    rows = [
        (item, [_cell(item, c) for c in kind.columns], evidence_counts.get(item.pk, 0))
        for item in items
    ]
    context = _common(edition, organization, allowed) | {
        "kind": kind,
        "headers": _headers(kind),
        "rows": rows,
    }
    return render(request, "orgaward/record_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def record_new(request, code: str, org: int, kind: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    kind = kind_of(kind)
    organization, allowed = access.records_for_user(request.user, edition, org, write=True)
    common = _common(edition, organization, allowed)
    if common["locked"]:
        messages.error(request, records.LOCKED)
        return redirect("orgaward:records", code=code, org=org, kind=kind.slug)
    instance = kind.model(edition=edition, organization=organization)
    form = form_class(kind)(request.POST or None, instance=instance, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            record = records.save_record(form.instance, actor=Actor.of(request), many=form.many())
        except records.RecordRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已保存：{record}。可在下方上传佐证材料。")
            return redirect("orgaward:record", code=code, org=org, kind=kind.slug, pk=record.pk)
    context = common | {"kind": kind, "form": form, "record": None}
    return render(request, "orgaward/record.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def record_detail(request, code: str, org: int, kind: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    kind = kind_of(kind)
    write = request.method == "POST"
    record, organization, allowed = access.record_for_user(
        request.user, edition, org, kind, pk, write=write
    )
    common = _common(edition, organization, allowed)
    form = form_class(kind)(request.POST or None, instance=record, edition=edition)
    # the version the page showed: a refused save keeps it, so saving again is refused again
    seen = versions.parse_seen(request.POST.get("version")) if write else None
    if write and form.is_valid():
        try:
            records.save_record(form.instance, actor=Actor.of(request), many=form.many(), seen=seen)
        except records.RecordRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已保存：{record}。")
            return redirect("orgaward:record", code=code, org=org, kind=kind.slug, pk=pk)
    shown = [
        (str(kind.model._meta.get_field(name).verbose_name), _cell(record, name))
        for name in kind.fields
    ]
    context = common | {
        "kind": kind,
        "form": form,
        "record": record,
        "shown": shown,
        "evidence": records.evidence_of(record),
        "seen_version": seen or record.version,
        "evidence_form": EvidenceForm(),
    }
    return render(request, "orgaward/record.html", context)


@require_POST
@login_required
def record_delete(request, code: str, org: int, kind: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    kind = kind_of(kind)
    record, _, _ = access.record_for_user(request.user, edition, org, kind, pk, write=True)
    try:
        records.delete_record(record, actor=Actor.of(request))
    except records.RecordRefused as exc:
        messages.error(request, str(exc))
        return redirect("orgaward:record", code=code, org=org, kind=kind.slug, pk=pk)
    messages.success(request, f"已删除：{record}。")
    return redirect("orgaward:records", code=code, org=org, kind=kind.slug)


@require_POST
@login_required
def evidence_upload(request, code: str, org: int, kind: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    kind = kind_of(kind)
    record, _, _ = access.record_for_user(request.user, edition, org, kind, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "材料未上传：" + "；".join(problems))
    else:
        try:
            evidence = records.store_evidence(
                record, form.cleaned_data["file"], actor=Actor.of(request)
            )
        except records.RecordRefused as exc:
            messages.error(request, f"材料未上传：{exc}")
        else:
            messages.success(request, f"已上传佐证材料：{evidence.original_name}。")
    return redirect("orgaward:record", code=code, org=org, kind=kind.slug, pk=pk)


@require_GET
@never_cache
@login_required
def evidence_download(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    evidence, _, _ = access.evidence_for_user(request.user, edition, pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def evidence_delete(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    if Evidence.objects.filter(pk=pk, edition=edition, kind=assessment.VETO).exists():
        evidence, organization, allowed = access.evidence_for_user(request.user, edition, pk)
        org_access.needs(allowed, perms.ORGAWARD_ASSESS)
        assessment.remove_veto_evidence(evidence, actor=Actor.of(request))
        messages.success(request, f"已删除一票否决的佐证材料：{evidence.original_name}。")
        return redirect("orgaward:assess", code=code, org=organization.pk)
    evidence, organization, _ = access.evidence_for_user(request.user, edition, pk, write=True)
    try:
        records.remove_evidence(evidence, actor=Actor.of(request))
    except records.RecordRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除佐证材料：{evidence.original_name}。")
    return redirect(
        "orgaward:record",
        code=code,
        org=organization.pk,
        kind=evidence.kind,
        pk=evidence.record_id,
    )
