"""One person's page: entries, ranks, awards, showcase nominations, follow-up and consent; the
full numbers on request (audited), the personal copy, and erasure by the office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.registration.privacy import mask_birth, mask_id, mask_phone
from zhenxing.rules.talent import VALUES

from .. import access, exports, people, services
from ..forms import ConsentForm, ErasureForm, FollowUpForm
from ..models import FollowUp
from .lists import xlsx_response


def _shown(request, edition, person, keeper, allowed, full: bool) -> dict:
    """The person's numbers as this user may see them now."""
    erased = services.erased(person)
    if erased:
        return {"number": "（已删除）", "birth": mask_birth(person.birth_date), "phone": "—"}
    if not full:
        return {
            "number": mask_id(person.document_number),
            "birth": mask_birth(person.birth_date),
            "phone": mask_phone(person.phone),
        }
    phone = person.phone
    if not access.sees_phone(request.user, edition, person, keeper):
        phone = mask_phone(phone)
    return {
        "number": person.document_number,
        "birth": person.birth_date.isoformat(),
        "phone": phone,
    }


def _render(request, edition, person, keeper, allowed, *, full=False, forms=None, status=200):
    record = people.record_of(person)
    erased = services.erased(person)
    can_keep = perms.TALENT_KEEP in allowed and keeper is not None and erased is None
    forms = forms or {}
    follow_forms = [forms.get(kind) or FollowUpForm(kind) for kind in VALUES]
    context = {
        "edition": edition,
        "person": person,
        "keeper": keeper,
        "record": record,
        "erased": erased,
        "shown": _shown(request, edition, person, keeper, allowed, full),
        "full": full,
        "may_see_full": access.may_see_full(allowed) and erased is None,
        "can_keep": can_keep,
        "is_office": perms.TALENT_ALL in allowed,
        "organizations": people.organizations_of(person),
        "current_stage": people.current_stage(record.follow_ups),
        "groups": _follow_up_groups(record.follow_ups),
        "follow_forms": follow_forms,
        "consent_form": forms.get("consent") or ConsentForm(),
        "erasure_form": forms.get("erasure") or ErasureForm(),
    }
    return render(request, "talent/person.html", context, status=status)


def _follow_up_groups(follow_ups) -> list[tuple[str, list]]:
    groups = []
    for kind, label in FollowUp.Kind.choices:
        items = [(f, people.label_of(kind, f.value)) for f in follow_ups if f.kind == kind]
        groups.append((kind, label, list(reversed(items))))
    return groups


@require_GET
@login_required
def person_page(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, allowed = access.person_for_user(request.user, edition, pk)
    return _render(request, edition, person, keeper, allowed)


@require_POST
@never_cache
@login_required
def person_full(request, code: str, pk: int):
    """The page again with the full numbers; the viewing is audited."""
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, allowed = access.person_for_user(
        request.user, edition, pk, need=perms.PERSON_VIEW_FULL
    )
    if services.erased(person):
        raise Http404("该人员的个人信息已删除")
    services.record_full_view(
        person, actor=Actor.of(request), edition=edition, organization=keeper, where="人才库人员页"
    )
    return _render(request, edition, person, keeper, allowed, full=True)


@require_POST
@login_required
def follow_up_add(request, code: str, pk: int, kind: str):
    if kind not in VALUES:
        raise Http404("未找到该类记录")
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, allowed = access.person_for_user(
        request.user, edition, pk, need=perms.TALENT_KEEP
    )
    form = FollowUpForm(kind, request.POST)
    if form.is_valid():
        try:
            services.record_follow_up(
                person, keeper, form.data_for_check(), actor=Actor.of(request), edition=edition
            )
        except services.TalentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已记录{FollowUp.Kind(kind).label}。")
            return redirect("talent:person", code=code, pk=pk)
    messages.error(request, "未保存：请按表单中的提示改正。")
    return _render(request, edition, person, keeper, allowed, forms={kind: form}, status=400)


@require_POST
@login_required
def follow_up_delete(request, code: str, pk: int, record: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, _ = access.person_for_user(request.user, edition, pk, need=perms.TALENT_KEEP)
    item = FollowUp.objects.filter(pk=record, person=person, organization=keeper).first()
    if item is None:
        raise Http404("未找到该记录")
    try:
        services.delete_follow_up(item, actor=Actor.of(request), edition=edition)
    except services.TalentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除这条记录。")
    return redirect("talent:person", code=code, pk=pk)


@require_POST
@login_required
def consent_add(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, allowed = access.person_for_user(
        request.user, edition, pk, need=perms.TALENT_KEEP
    )
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                person,
                keeper,
                data["purpose"],
                data["given_on"],
                data["means"],
                actor=Actor.of(request),
                edition=edition,
            )
        except services.TalentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已记录本人的同意。")
            return redirect("talent:person", code=code, pk=pk)
    messages.error(request, "未保存：请按表单中的提示改正。")
    return _render(request, edition, person, keeper, allowed, forms={"consent": form}, status=400)


@require_POST
@login_required
def erase(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, allowed = access.person_for_user(
        request.user, edition, pk, need=perms.TALENT_ALL
    )
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            services.erase(
                person, form.cleaned_data["reason"], actor=Actor.of(request), edition=edition
            )
        except services.TalentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已删除 {person.name} 的个人信息（保留已发布成绩所需的内容）。"
            )
            return redirect("talent:person", code=code, pk=pk)
    messages.error(request, "未删除：请填写删除依据。")
    return _render(request, edition, person, keeper, allowed, forms={"erasure": form}, status=400)


@require_GET
@never_cache
@login_required
def personal_copy(request, code: str, pk: int):
    """个人信息副本: everything held of the person, for them (audited)."""
    edition, _ = org_access.edition_for_user(request.user, code)
    person, keeper, _ = access.person_for_user(
        request.user, edition, pk, need=perms.PERSON_VIEW_FULL
    )
    services.record_personal_copy(
        person, actor=Actor.of(request), edition=edition, organization=keeper
    )
    body = exports.personal_copy(person, erased=services.erased(person) is not None)
    return xlsx_response(body, f"个人信息副本_{person.name}.xlsx")
