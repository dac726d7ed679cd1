"""Searching the database: the office searches everyone, a registrar their organization's
people; the list is exported as xlsx with registration's masking rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhenxing.orgaward.models import Preliminary
from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import access, exports, people, services
from ..forms import SearchForm
from ..models import Keeping

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _found(request, pool):
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(
            request, "筛选条件有误：" + "；".join(e for es in form.errors.values() for e in es)
        )
    return form, people.search(pool, form.filters(), timezone.localdate())


def _page(request, form, found, context: dict):
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    for person in page:
        person.stage_label = people.label_of("stage", person.current_stage or "") or "—"
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "talent/list.html",
        context
        | {"form": form, "page": page, "query": query.urlencode(), "total": page.paginator.count},
    )


@require_GET
@login_required
def home(request, code: str):
    """The office: everyone; a registrar: their organization's people."""
    edition, _ = org_access.edition_for_user(request.user, code)
    access.database_for_user(request.user, edition)
    if not access.is_office(request.user, edition):
        own = access.own_organizations(request.user, edition)
        return redirect("talent:organization", code=code, org=own[0].pk)
    form, found = _found(request, people.everyone())
    context = {"edition": edition, "organization": None, "is_office": True}
    return _page(request, form, found, context)


def _unlinked_winners(organization) -> list[tuple]:
    """(preliminary, rank, the rest of the line) of its preliminaries' winners not yet added."""
    linked = set(
        Keeping.objects.filter(organization=organization, preliminary__isnull=False).values_list(
            "preliminary_id", "person__name"
        )
    )
    rows = []
    for preliminary in Preliminary.objects.filter(organization=organization):
        for rank, rest in preliminary.winner_rows():
            name = rest.split(maxsplit=1)[0] if rest else ""
            if (preliminary.pk, name) not in linked:
                rows.append((preliminary, rank, rest, name))
    return rows


@require_GET
@login_required
def organization(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.organization_for_user(request.user, edition, org)
    form, found = _found(request, people.people_of(organization))
    context = {
        "edition": edition,
        "organization": organization,
        "is_office": access.is_office(request.user, edition),
        "can_write": perms.TALENT_KEEP in allowed,
        "winners": _unlinked_winners(organization),
    }
    return _page(request, form, found, context)


@require_GET
@never_cache
@login_required
def export(request, code: str, org: int | None = None):
    """The searched list as xlsx; ?full=1 with full numbers (allowed ones only, audited)."""
    edition, _ = org_access.edition_for_user(request.user, code)
    if org is None:
        access.database_for_user(request.user, edition, perms.TALENT_ALL)
        organization, pool = None, people.everyone()
        allowed = org_access.held(request.user, edition)
    else:
        organization, allowed = access.organization_for_user(request.user, edition, org)
        pool = people.people_of(organization)
    _, found = _found(request, pool)
    found = list(found)
    full = request.GET.get("full") == "1"
    full_for, phones_for = set(), set()
    if full:
        org_access.needs(allowed, perms.PERSON_VIEW_FULL, "您的角色不能导出完整证件号码。")
        services.record_full_export(
            len(found), actor=Actor.of(request), edition=edition, organization=organization
        )
        full_for = {p.pk for p in found}
        office = org_access.has_perm_edition_wide(request.user, edition, perms.PERSON_VIEW_FULL)
        phones_for = {p.pk for p in found if office or p.phone_owner_id in (None, org)}
    title = f"青年技能人才库 · {organization or '全部'}（{len(found)} 人）"
    body = exports.list_xlsx(
        exports.list_rows(found, full_for=full_for, phones_for=phones_for), title
    )
    name = "人才名单（完整号码）" if full else "人才名单"
    return xlsx_response(body, f"{name}.xlsx")


def xlsx_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
