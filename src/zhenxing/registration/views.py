"""Registration pages: delegations, entries with the live verdict, documents, review, arrangements."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.calculators import template
from zhenxing.editions.services import bump_public_version
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import AuditEntry, Membership, Role

from . import documents, exports, importing, privacy, services, tasks
from .forms import ArrangementForm, DelegationForm, DocumentForm, EntryForm, ReturnForm
from .models import Arrangement, Delegation, Entry, ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edition(request, code):
    edition, _ = access.edition_for_user(request.user, code)
    return edition


@require_GET
@login_required
def my_delegation(request, code: str):
    """A registrar's own delegation, created on first visit."""
    edition = _edition(request, code)
    membership = (
        Membership.objects.filter(user=request.user, edition=edition, role=Role.REGISTRAR)
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise PermissionDenied("只有代表队报名联络员有“我的代表队”。")
    delegation = services.delegation_of(edition, membership.organization)
    return redirect("delegation_detail", code=code, pk=delegation.pk)


@require_GET
@login_required
def delegation_list(request, code: str):
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_VIEW)
    if not access.has_perm_edition_wide(request.user, edition, perms.ENTRY_VIEW):
        raise PermissionDenied("全部代表队的报名只有大赛组委会办公室和人社厅审核人可以查看。")
    delegations = Delegation.objects.filter(edition=edition).select_related("organization")
    rows = [
        (d, d.entries.count(), d.entries.filter(status=Entry.Status.SUBMITTED).count())
        for d in delegations
    ]
    return render(request, "registration/delegation_list.html", {"edition": edition, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def delegation_detail(request, code: str, pk: int):
    edition = _edition(request, code)
    need = perms.ENTRY_CHANGE if request.method == "POST" else perms.ENTRY_VIEW
    delegation = access.delegation_for_user(request.user, edition, pk, need)
    form = DelegationForm(request.POST or None, instance=delegation)
    if request.method == "POST" and form.is_valid():
        before = audit.snapshot(Delegation.objects.get(pk=pk), form.Meta.fields)
        form.save()
        changes = audit.diff(before, audit.snapshot(delegation, form.Meta.fields))
        if changes:
            audit.record(
                "registration.delegation.changed",
                delegation,
                request=request,
                edition=edition,
                changes=services.masked_changes(changes),
            )
        messages.success(request, "代表队信息已保存。")
        return redirect("delegation_detail", code=code, pk=pk)
    entries = delegation.entries.select_related("person", "event__occupation")
    history = _history(delegation)
    context = {
        "edition": edition,
        "delegation": delegation,
        "entries": entries,
        "form": form,
        "can_change": services.may_change(request.user, delegation),
        "may_edit_leader": access.has_perm(
            request.user, edition, perms.ENTRY_CHANGE, organization=delegation.organization
        ),
        "closed": services.registration_closed(edition),
        "history": history,
        "pending": services.unsubmitted(delegation).filter(eligible=True).count(),
        "held": services.unsubmitted(delegation).filter(eligible=False).count(),
        "export_xlsx": reverse("export_delegation", args=[code, pk, "xlsx"]),
        "export_csv": reverse("export_delegation", args=[code, pk, "csv"]),
        "may_export_full": privacy.may_see_full(request.user, delegation),
    }
    if request.method == "POST":
        messages.error(request, "领队和联系人信息未保存，请在页面下方“领队和联系人”中按提示改正。")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/delegation.html", context, status=status)


def _entry_form_page(request, edition, delegation, entry=None):
    initial = EntryForm.initial_for(entry) if entry else None
    if entry and request.method == "GET":
        try:  # a refused edit is said before the form is filled in
            services.check_may_remove(request.user, entry, services.APPROVED_LOCKED)
        except services.RegistrationError as exc:
            messages.error(request, str(exc))
            return redirect("entry_detail", code=edition.code, pk=entry.pk)
        if not privacy.may_see_full(request.user, delegation):  # the form shows full numbers
            raise PermissionDenied("您的角色不能查看完整证件号码，因此不能修改报名。")
        privacy.record_full_view(request, entry, "修改表单")
    if entry and entry.person_id in privacy.others_phones(
        request.user, delegation, [entry.person_id]
    ):
        initial["phone"] = ""  # another organization's: left blank, it stays as it is
    form = EntryForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_may_change(request.user, delegation)
            saved, changed = services.save_entry(
                delegation, form.entry_data(), request=request, entry=entry
            )
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已保存 {saved.person.name} 的报名。" if changed else "内容没有变化。"
            )
            typed = form.cleaned_data.get("phone")
            if typed and typed != saved.person.phone:
                messages.info(
                    request,
                    "手机号码没有改：该选手的手机号码由其他单位登记，只有登记单位或大赛组委会办公室"
                    "可以修改。",
                )
            return redirect("entry_detail", code=edition.code, pk=saved.pk)
    context = {"edition": edition, "delegation": delegation, "form": form, "entry": entry}
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/entry_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def entry_new(request, code: str, pk: int):
    edition = _edition(request, code)
    delegation = access.delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    return _entry_form_page(request, edition, delegation)


@require_http_methods(["GET", "POST"])
@login_required
def entry_edit(request, code: str, pk: int):
    edition = _edition(request, code)
    entry = access.entry_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    return _entry_form_page(request, edition, entry.delegation, entry)


@require_POST
@login_required
def entry_check(request, code: str, pk: int):
    """htmx: the rules core's verdict on the form as typed so far (nothing is stored)."""
    edition = _edition(request, code)
    delegation = access.delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    wanted = request.GET.get("entry", "")  # the entry being edited, if any
    entry = None
    if wanted.isascii() and wanted.isdigit() and len(wanted) < 19:
        entry = delegation.entries.filter(pk=int(wanted)).first()
    form = EntryForm(request.POST, edition=edition)
    verdict, refusal = None, None
    if form.is_valid():
        data = form.entry_data()
        verdict = services.verdict_json(services.verdict_for(data, edition))
        refusal = services.save_problem(delegation, data, request=request, entry=entry)
    context = {"verdict": verdict, "form": form, "refusal": refusal}
    return render(request, "registration/_verdict.html", context)


@require_GET
@login_required
def entry_detail(request, code: str, pk: int):
    edition = _edition(request, code)
    entry = access.entry_for_user(request.user, edition, pk)
    scope = {"organization": entry.delegation.organization, "event": entry.event}
    arrangement = Arrangement.objects.filter(event=entry.event).first()
    context = {
        "edition": edition,
        "entry": entry,
        # the full birth date comes only with the audited reveal, as the full numbers do
        "verdict": privacy.verdict_without_birth(entry.verdict, entry.person),
        "masked_id": privacy.mask_id(entry.person.document_number),
        "masked_phone": privacy.mask_phone(entry.person.phone),
        "masked_birth": privacy.mask_birth(entry.person.birth_date),
        "may_see_full": privacy.may_see_full(request.user, entry.delegation),
        "may_see_delegation": access.has_perm(
            request.user, edition, perms.ENTRY_VIEW, organization=entry.delegation.organization
        ),
        "can_change": services.may_change(request.user, entry.delegation),
        "can_remove": services.may_remove(request.user, entry),  # and edit: the same rule
        "can_review": access.has_perm(request.user, edition, perms.ENTRY_REVIEW, **scope),
        "documents": entry.documents.all(),
        "may_see_documents": access.has_perm(request.user, edition, perms.DOCUMENT_VIEW, **scope),
        "document_form": DocumentForm(),
        "required": arrangement.required_documents if arrangement else [],
        "missing": services.missing_documents([entry]).get(entry.pk, []),
        "return_form": ReturnForm(),
        "history": AuditEntry.objects.filter(
            object_type="registration.Entry", object_id=str(entry.pk)
        ),
    }
    return render(request, "registration/entry.html", context)


@require_POST
@login_required
def entry_reveal(request, code: str, pk: int):
    edition = _edition(request, code)
    entry = access.entry_for_user(request.user, edition, pk)
    if not privacy.may_see_full(request.user, entry.delegation):
        raise PermissionDenied("您的角色不能查看完整证件号码。")
    return render(request, "registration/_reveal.html", privacy.reveal(request, entry))


def _review_action(request, code, pk, act):
    edition = _edition(request, code)
    entry = access.entry_for_user(request.user, edition, pk, perms.ENTRY_REVIEW)
    try:
        act(entry)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("entry_detail", code=code, pk=pk)


@require_POST
@login_required
def entry_approve(request, code: str, pk: int):
    def act(entry):
        services.approve(entry, request=request)
        messages.success(request, f"已通过 {entry.person.name} 的报名。")

    return _review_action(request, code, pk, act)


@require_POST
@login_required
def entry_return(request, code: str, pk: int):
    def act(entry):
        services.return_entry(entry, request.POST.get("reason", ""), request=request)
        messages.success(request, f"已退回 {entry.person.name} 的报名。")

    return _review_action(request, code, pk, act)


@require_POST
@login_required
def entry_delete(request, code: str, pk: int):
    edition = _edition(request, code)
    entry = access.entry_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    delegation_pk = entry.delegation_id
    try:
        services.delete_entry(entry, request=request)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
        return redirect("entry_detail", code=code, pk=pk)
    messages.success(request, "报名已删除。")
    return redirect("delegation_detail", code=code, pk=delegation_pk)


@require_POST
@login_required
def delegation_submit(request, code: str, pk: int):
    edition = _edition(request, code)
    delegation = access.delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    try:
        count, kept = services.submit(delegation, request=request)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        if count:
            messages.success(request, f"已提交 {count} 条报名，等待审核。")
        if kept:
            names = "、".join(kept[:5]) + ("等" if len(kept) > 5 else "")
            messages.warning(
                request,
                f"{len(kept)} 条报名不符合参赛资格（{names}），没有提交，仍可修改或删除。",
            )
        if not (count or kept):
            messages.info(request, "没有待提交的报名。")
    return redirect("delegation_detail", code=code, pk=pk)


@require_POST
@login_required
def document_upload(request, code: str, pk: int):
    edition = _edition(request, code)
    entry = access.entry_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "材料未上传：" + "；".join(problems))
    else:
        try:
            services.check_may_change(request.user, entry.delegation)
            documents.store(
                entry, form.cleaned_data["kind"], form.cleaned_data["file"], request=request
            )
        except (documents.DocumentRefused, services.RegistrationError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "材料已上传。")
    return redirect("entry_detail", code=code, pk=pk)


@require_POST
@login_required
def document_delete(request, code: str, pk: int):
    edition = _edition(request, code)
    document = access.document_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    try:
        services.delete_document(document, request=request)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除材料：{document.kind}：{document.original_name}。")
    return redirect("entry_detail", code=code, pk=document.entry_id)


@require_GET
@login_required
def document_download(request, code: str, pk: int):
    edition = _edition(request, code)
    document = access.document_for_user(request.user, edition, pk, perms.DOCUMENT_VIEW)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _clean(entries: list[Entry]) -> list[Entry]:
    """Those approved at once: eligible, with no flag, with every document their event asks for."""
    missing = services.missing_documents(entries)
    return [e for e in entries if e.eligible and not e.verdict.get("flags") and e.pk not in missing]


def _reviewable(request, edition) -> list[Entry]:
    submitted = Entry.objects.filter(delegation__edition=edition, status=Entry.Status.SUBMITTED)
    submitted = submitted.select_related(
        "person", "event__occupation", "event__host_unit", "delegation__organization"
    )
    return [
        e
        for e in submitted
        if access.has_perm(
            request.user,
            edition,
            perms.ENTRY_REVIEW,
            event=e.event,
            organization=e.delegation.organization,
        )
    ]


@require_GET
@login_required
def review_queue(request, code: str):
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_REVIEW)
    entries = _reviewable(request, edition)
    missing = services.missing_documents(entries)
    context = {
        "edition": edition,
        "rows": [
            (
                e,
                privacy.mask_id(e.person.document_number),
                privacy.verdict_without_birth(e.verdict, e.person).get("flags", []),
                missing.get(e.pk, []),
            )
            for e in entries
        ],
        "clean": len(_clean(entries)),
    }
    return render(request, "registration/review.html", context)


@require_POST
@login_required
def review_approve_clean(request, code: str):
    """Approve at once every submitted entry the reviewer may review that has no reason and no flag."""
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_REVIEW)
    clean = _clean(_reviewable(request, edition))
    with transaction.atomic():
        for entry in clean:
            services.approve(entry, request=request)
    messages.success(
        request, f"已通过 {len(clean)} 条符合资格且无提示的报名；有提示的报名请逐条审核。"
    )
    return redirect("review_queue", code=code)


@require_GET
@login_required
def event_list(request, code: str):
    """The events whose entries the user may see, each with its arrangements and its list."""
    edition, _ = access.edition_for_user(request.user, code, perms.ENTRY_VIEW)
    events = edition.events.select_related("occupation", "host_unit", "arrangement")
    rows = [
        (
            event,
            event.entries.count(),
            access.has_perm(request.user, edition, perms.PERSON_VIEW_FULL, event=event),
        )
        for event in events
        if access.has_perm(request.user, edition, perms.ENTRY_VIEW, event=event)
    ]
    if not rows:
        raise PermissionDenied("您的角色没有可查看报名名单的比赛项目。")
    return render(request, "registration/event_list.html", {"edition": edition, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def arrangement(request, code: str, pk: int):
    edition = _edition(request, code)
    writing = request.method == "POST"
    event, can_write = access.event_for_user(request.user, edition, pk, writing)
    current = Arrangement.objects.filter(event=event).first() or Arrangement(event=event)
    fields = ArrangementForm.Meta.fields
    before = audit.snapshot(current, fields) if current.pk else {}
    form = ArrangementForm(request.POST or None, instance=current)
    if writing and form.is_valid():
        saved = form.save()
        changes = audit.diff(before, audit.snapshot(saved, fields))
        if changes:
            audit.record(
                "registration.arrangement.changed",
                saved,
                request=request,
                edition=edition,
                changes=changes,
            )
            bump_public_version()  # the public page shows dates and venue
        messages.success(request, "比赛安排已保存。")
        return redirect("arrangement", code=code, pk=pk)
    context = {"edition": edition, "event": event, "form": form, "can_write": can_write}
    return render(request, "registration/arrangement.html", context, status=400 if writing else 200)


def _export_response(request, entries, *, fmt, title, full, masked_phones=frozenset()):
    order = request.GET.get("order", "event")
    if order not in exports.ORDERS:  # a hand-made address: the default order
        order = "event"
    body = exports.rows(exports.ordered(entries, order), full=full, masked_phones=masked_phones)
    stem = f"{title}-{exports.ORDERS[order]}"
    if fmt == "csv":
        payload, content_type = exports.to_csv(exports.HEADER, body), "text/csv; charset=utf-8"
    else:
        payload = exports.to_xlsx(exports.HEADER, body, title)
        content_type = XLSX
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return response


def _wants_full(request, edition, scope, what) -> bool:
    if request.GET.get("full") != "1":
        return False
    if not access.has_perm(request.user, edition, perms.PERSON_VIEW_FULL, **scope):
        raise PermissionDenied("您的角色不能导出完整证件号码和手机号码。")
    audit.record(
        "privacy.export.full",
        None,
        request=request,
        edition=edition,
        changes={"export": [None, what]},
    )
    return True


@require_GET
@login_required
def export_delegation(request, code: str, pk: int, fmt: str):
    edition = _edition(request, code)
    delegation = access.delegation_for_user(request.user, edition, pk)
    full = _wants_full(request, edition, {"organization": delegation.organization}, str(delegation))
    entries = delegation.entries.select_related(
        "person", "event__occupation", "delegation__organization"
    )
    others = (
        privacy.others_phones(request.user, delegation, delegation.entries.values("person_id"))
        if full
        else frozenset()
    )
    return _export_response(
        request, entries, fmt=fmt, title=f"{delegation}报名名单", full=full, masked_phones=others
    )


@require_GET
@login_required
def export_event(request, code: str, pk: int, fmt: str):
    edition = _edition(request, code)
    event, _ = access.event_for_user(request.user, edition, pk)
    if not access.has_perm(request.user, edition, perms.ENTRY_VIEW, event=event):
        raise PermissionDenied("您的角色不能查看该项目的报名名单。")
    full = _wants_full(request, edition, {"event": event}, str(event))
    entries = event.entries.select_related(
        "person", "event__occupation", "delegation__organization"
    )
    return _export_response(request, entries, fmt=fmt, title=f"{event}报名名单", full=full)


# ---- bulk import
MAX_IMPORT_BYTES = 16 * 1024 * 1024


@require_GET
@login_required
def template_download(request, code: str):
    edition = _edition(request, code)
    buffer = io.BytesIO()
    template.write_blank(buffer, edition.rulebook())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{edition.code}-报名模板.xlsx"
    )
    return response


def _history(delegation, count: int = 30) -> list:
    """The latest steps on the delegation and its entries, each with a Chinese label."""
    entry_ids = delegation.entries.annotate(key=Cast("pk", CharField())).values("key")
    steps = AuditEntry.objects.filter(edition=delegation.edition).filter(
        Q(object_type="registration.Entry", object_id__in=entry_ids)
        | Q(object_type="registration.Delegation", object_id=str(delegation.pk))
    )
    steps = list(steps[:count])
    for step in steps:
        step.label = audit.label(step.action)
    return steps


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request, code: str, pk: int):
    edition = _edition(request, code)
    delegation = access.delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            services.check_may_change(request.user, delegation)
            job = _new_job(request, delegation, upload)
        except (services.RegistrationError, ValueError) as exc:
            error = str(exc)
        else:
            tasks.check_import.enqueue(job.pk)
            return redirect("import_job", code=code, pk=job.pk)
    context = {
        "edition": edition,
        "delegation": delegation,
        "error": error,
        "jobs": delegation.imports.all()[:10],
    }
    return render(request, "registration/import_start.html", context, status=400 if error else 200)


def _new_job(request, delegation, upload) -> ImportJob:
    if upload is None:
        raise ValueError("请选择要上传的文件（.xlsx 或 .csv）。")
    if upload.size > MAX_IMPORT_BYTES:
        raise ValueError(
            f"文件 {upload.name} 有 {upload.size // (1024 * 1024)} MB，超过 16 MB 上限；请分成几个文件上传。"
        )
    return ImportJob.start(delegation, request.user, upload.name, upload.read())


def _job_for_user(request, code, pk, need=perms.ENTRY_VIEW):
    edition = _edition(request, code)
    jobs = ImportJob.objects.filter(pk=pk, delegation__edition=edition)
    job = jobs.first()
    if job is None:
        raise Http404("未找到该导入")
    access.delegation_for_user(request.user, edition, job.delegation_id, need)
    return edition, job


@require_GET
@login_required
def import_job(request, code: str, pk: int):
    edition, job = _job_for_user(request, code, pk)
    rows = job.report.get("rows", [])[:1000]
    counts = job.report.get("counts", {})
    total = job.report.get("total", len(rows))
    context = {
        "edition": edition,
        "job": job,
        "rows": rows,
        "total": total,
        "more": total - len(rows),
        "preview_rows": importing.PREVIEW_ROWS,
        "unlisted_problems": job.report.get("unlisted_problems", 0),
        "listed_problems": importing.LISTED_PROBLEMS,
        "counts": counts,
        "to_write": counts.get("create", 0) + counts.get("update", 0),
        "written": job.report.get("written"),
    }
    name = "registration/_import_status.html" if request.htmx else "registration/import_job.html"
    return render(request, name, context)


@require_POST
@login_required
def import_confirm(request, code: str, pk: int):
    _, job = _job_for_user(request, code, pk, perms.ENTRY_CHANGE)
    try:
        services.check_may_change(request.user, job.delegation)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
        return redirect("import_job", code=code, pk=pk)
    counts = job.report.get("counts", {})
    if not (counts.get("create") or counts.get("update")):
        messages.info(request, "没有需要写入的行：文件中的报名与已保存的一致，或全部有错误。")
        return redirect("import_job", code=code, pk=pk)
    updated = ImportJob.objects.filter(pk=pk, state=ImportJob.State.CHECKED).update(
        state=ImportJob.State.WRITING, touched_at=timezone.now()
    )
    if updated:  # a second click finds the job already writing and does nothing
        tasks.write_import.enqueue(job.pk)
    return redirect("import_job", code=code, pk=pk)


@require_GET
@login_required
def import_errors(request, code: str, pk: int):
    # the rows as uploaded, full ID and phone numbers included: for those who fix and re-upload
    edition, job = _job_for_user(request, code, pk, perms.ENTRY_CHANGE)
    audit.record(
        "privacy.export.error_report",
        job.delegation,
        request=request,
        edition=edition,
        changes={"export": [None, f"导入错误报告 {job.file_name}"]},
    )
    response = HttpResponse(importing.error_report(job), content_type=XLSX)
    stem = job.file_name.rsplit(".", 1)[0]
    response["Content-Disposition"] = content_disposition_header(True, f"错误报告-{stem}.xlsx")
    return response
