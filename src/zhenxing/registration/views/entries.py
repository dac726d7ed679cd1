"""Delegations and their entries, with the live verdict and the audited reveal of full numbers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.limits import over_limit
from zhenxing.orgs.models import AuditEntry, Membership

from .. import privacy, rights, services, teams
from ..access import delegation_for_user, entry_for_user
from ..forms import DelegationForm, DocumentForm, EntryForm, ReturnForm
from ..models import Arrangement, Delegation, Entry
from ..signals import approval_verdict
from ..team_forms import TeamPickForm
from .common import edition_of

CHECKS_PER_MINUTE = 60  # the live check, per user: a pause in typing every second


@require_GET
@login_required
def my_delegation(request, code: str):
    """A registrar's own delegation, created on first visit: the organization of the user's
    role that enters contestants for its own organization."""
    edition = edition_of(request, code)
    own = perms.roles_with(perms.ENTRY_CHANGE) - perms.EDITION_WIDE_ROLES
    membership = (
        Membership.objects.filter(user=request.user, edition=edition, role__in=own)
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise PermissionDenied("只有代表队报名联络员有“我的代表队”。")
    delegation = services.delegation_of(edition, membership.organization, actor=Actor.of(request))
    return redirect("registration:delegation_detail", code=code, pk=delegation.pk)


@require_GET
@login_required
def delegation_list(request, code: str):
    edition, allowed = access.edition_for_user(request.user, code, perms.ENTRY_VIEW)
    if not access.has_perm_edition_wide(request.user, edition, perms.ENTRY_VIEW):
        raise PermissionDenied("全部代表队的报名只有大赛组委会办公室和人社厅审核人可以查看。")
    submitted = Count("entries", filter=Q(entries__status=Entry.Status.SUBMITTED))
    delegations = (
        Delegation.objects.filter(edition=edition)
        .select_related("organization")
        .annotate(entry_count=Count("entries"), submitted_count=submitted)
        .order_by("pk")
    )
    page = Paginator(delegations, 100).get_page(request.GET.get("page"))
    rows = [(d, d.entry_count, d.submitted_count) for d in page]
    context = {"edition": edition, "rows": rows, "page": page}
    context["may_review"] = perms.ENTRY_REVIEW in allowed
    return render(request, "registration/delegation_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def delegation_detail(request, code: str, pk: int):
    edition = edition_of(request, code)
    need = perms.ENTRY_CHANGE if request.method == "POST" else perms.ENTRY_VIEW
    delegation, allowed = delegation_for_user(request.user, edition, pk, need)
    form = DelegationForm(request.POST or None, instance=Delegation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        seen = form.cleaned_data.get("version")
        try:
            services.save_delegation(delegation, values, actor=Actor.of(request), seen_version=seen)
        except rights.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "代表队信息已保存。")
            return redirect("registration:delegation_detail", code=code, pk=pk)
    entries = delegation.entries.select_related("person", "event__occupation", "team")
    context = {
        "team_events": teams.teams_of(delegation),
        "edition": edition,
        "delegation": delegation,
        "entries": entries,
        "form": form,
        "can_change": rights.may_change(request.user, delegation),
        "may_edit_leader": perms.ENTRY_CHANGE in allowed,
        "closed": rights.registration_closed(edition),
        "history": _history(delegation),
        "pending": services.unsubmitted(delegation).filter(eligible=True).count(),
        "held": services.unsubmitted(delegation).filter(eligible=False).count(),
        "export_xlsx": reverse("registration:export_delegation", args=[code, pk, "xlsx"]),
        "export_csv": reverse("registration:export_delegation", args=[code, pk, "csv"]),
        "may_export_full": privacy.may_see_full(request.user, delegation),
    }
    if request.method == "POST":
        messages.error(request, "领队和联系人信息未保存，请在页面下方“领队和联系人”中按提示改正。")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/delegation.html", context, status=status)


def _history(delegation, count: int = 30) -> list:
    """The latest steps on the delegation and its entries, each with a Chinese label."""
    entry_ids = delegation.entries.annotate(key=Cast("pk", CharField())).values("key")
    team_ids = delegation.teams.annotate(key=Cast("pk", CharField())).values("key")
    steps = AuditEntry.objects.filter(edition=delegation.edition).filter(
        Q(object_type="registration.Entry", object_id__in=entry_ids)
        | Q(object_type="registration.Team", object_id__in=team_ids)
        | Q(object_type="registration.Delegation", object_id=str(delegation.pk))
    )
    steps = list(steps[:count])
    for step in steps:
        step.label = audit.label(step.action)
    return steps


def _entry_form_page(request, edition, delegation, entry=None):
    actor = Actor.of(request)
    initial = EntryForm.initial_for(entry) if entry else None
    if entry and request.method == "GET":
        try:  # a refused edit is said before the form is filled in
            rights.check_may_remove(request.user, entry, rights.APPROVED_LOCKED)
        except rights.RegistrationError as exc:
            messages.error(request, str(exc))
            return redirect("registration:entry_detail", code=edition.code, pk=entry.pk)
        if not privacy.may_see_full(request.user, delegation):  # the form shows full numbers
            raise PermissionDenied("您的角色不能查看完整证件号码，因此不能修改报名。")
        privacy.record_full_view(actor, entry, "修改表单")
    if entry and entry.person_id in privacy.others_phones(
        request.user, delegation, [entry.person_id]
    ):
        initial["phone"] = ""  # another organization's: left blank, it stays as it is
    form = EntryForm(request.POST or None, edition=edition, initial=initial)
    team_form = None  # asked only where the edition has a pairs or three-person event
    if edition.events.filter(team_size__gt=1).exists():
        team_form = TeamPickForm(request.POST or None, delegation=delegation, entry=entry)
    if request.method == "POST" and form.is_valid() and (team_form is None or team_form.is_valid()):
        try:
            saved, changed = teams.save_entry_in_team(
                delegation,
                form.entry_data(),
                team_form.choice() if team_form else None,
                actor=actor,
                entry=entry,
                seen_version=form.cleaned_data.get("version"),
            )
        except rights.RegistrationError as exc:
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
            return redirect("registration:entry_detail", code=edition.code, pk=saved.pk)
    context = {"edition": edition, "delegation": delegation, "form": form, "entry": entry}
    context["team_form"] = team_form
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/entry_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache  # the form shows (and sends back) full ID and phone numbers
@login_required
def entry_new(request, code: str, pk: int):
    edition = edition_of(request, code)
    delegation, _ = delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    return _entry_form_page(request, edition, delegation)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def entry_edit(request, code: str, pk: int):
    edition = edition_of(request, code)
    entry, _ = entry_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    return _entry_form_page(request, edition, entry.delegation, entry)


@require_POST
@login_required
def entry_check(request, code: str, pk: int):
    """htmx: the rules core's verdict on the form as typed so far (nothing is stored)."""
    edition = edition_of(request, code)
    delegation, _ = delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    wanted = request.GET.get("entry", "")  # the entry being edited, if any
    entry = None
    if wanted.isascii() and wanted.isdigit() and len(wanted) < 19:
        entry = delegation.entries.filter(pk=int(wanted)).first()
    if over_limit("entry-check", f"user-{request.user.pk}", CHECKS_PER_MINUTE, 60):
        context = {"limited": True}  # each check reads who else entered the ID number typed
        return render(request, "registration/_verdict.html", context, status=429)
    form = EntryForm(request.POST, edition=edition)
    verdict, refusal = None, None
    if form.is_valid():
        data = form.entry_data()
        verdict = services.verdict_json(services.verdict_for(data, edition))
        refusal = services.save_problem(delegation, data, actor=Actor.of(request), entry=entry)
    context = {"verdict": verdict, "form": form, "refusal": refusal}
    return render(request, "registration/_verdict.html", context)


@require_GET
@login_required
def entry_detail(request, code: str, pk: int):
    edition = edition_of(request, code)
    entry, allowed = entry_for_user(request.user, edition, pk)
    arrangement = Arrangement.objects.filter(event=entry.event).first()
    members = list(entry.team.members.select_related("person").order_by("id")) if entry.team else []
    context = {
        "edition": edition,
        "entry": entry,
        "team_members": [m.person.name for m in members],
        "team_count": teams.completeness(entry.event.team_size, len(members)),
        # the full birth date comes only with the audited reveal, as the full numbers do
        "verdict": privacy.verdict_without_birth(entry.verdict, entry.person),
        "masked_id": privacy.mask_id(entry.person.document_number),
        "masked_phone": privacy.mask_phone(entry.person.phone),
        "masked_birth": privacy.mask_birth(entry.person.birth_date),
        "may_see_full": privacy.may_see_full(request.user, entry.delegation),
        "may_see_delegation": access.has_perm(
            request.user, edition, perms.ENTRY_VIEW, organization=entry.delegation.organization
        ),
        "can_change": rights.may_change(request.user, entry.delegation),
        "can_remove": rights.may_remove(request.user, entry),  # and edit: the same rule
        "can_review": perms.ENTRY_REVIEW in allowed,
        "finals": approval_verdict(entry),
        "documents": entry.documents.all(),
        "may_see_documents": perms.DOCUMENT_VIEW in allowed,
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
@never_cache
@login_required
def entry_reveal(request, code: str, pk: int):
    edition = edition_of(request, code)
    entry, _ = entry_for_user(request.user, edition, pk)
    return render(request, "registration/_reveal.html", privacy.reveal(Actor.of(request), entry))


@require_POST
@login_required
def entry_delete(request, code: str, pk: int):
    edition = edition_of(request, code)
    entry, _ = entry_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    delegation_pk = entry.delegation_id
    try:
        services.delete_entry(entry, actor=Actor.of(request))
    except rights.RegistrationError as exc:
        messages.error(request, str(exc))
        return redirect("registration:entry_detail", code=code, pk=pk)
    messages.success(request, "报名已删除。")
    return redirect("registration:delegation_detail", code=code, pk=delegation_pk)


@require_POST
@login_required
def delegation_submit(request, code: str, pk: int):
    edition = edition_of(request, code)
    delegation, _ = delegation_for_user(request.user, edition, pk, perms.ENTRY_CHANGE)
    try:
        count, kept = services.submit(delegation, actor=Actor.of(request))
    except rights.RegistrationError as exc:
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
    return redirect("registration:delegation_detail", code=code, pk=pk)
