"""An organization adds people: one by hand (or a preliminary's winner), or a list by xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.orgaward.models import Preliminary
from zhenxing.orgs import access as org_access
from zhenxing.orgs.audit import Actor

from .. import access, people, services, sheets
from ..forms import ImportForm, PersonForm
from .lists import xlsx_response


def _preliminary(request, organization):
    """The preliminary whose winner is being added (?preliminary=), if it is the organization's."""
    pk = request.GET.get("preliminary", "")
    if not pk.isdigit():
        return None
    return Preliminary.objects.filter(pk=int(pk), organization=organization).first()


@require_http_methods(["GET", "POST"])
@login_required
def add(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, _ = access.organization_for_user(request.user, edition, org, write=True)
    preliminary = _preliminary(request, organization)
    initial = {"region": people.region_of(organization)}
    if preliminary is not None:
        initial |= {"name": request.GET.get("name", "")[:50], "occupation": preliminary.occupation}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            keeping = services.add_person(
                edition,
                organization,
                form.person(),
                actor=Actor.of(request),
                preliminary=preliminary,
            )
        except services.TalentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已添加 {keeping.person.name}。")
            return redirect("talent:person", code=code, pk=keeping.person_id)
    context = {
        "edition": edition,
        "organization": organization,
        "form": form,
        "preliminary": preliminary,
    }
    return render(request, "talent/add.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def import_people(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, _ = access.organization_for_user(request.user, edition, org, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, problem = [], ""
    if request.method == "POST" and form.is_valid():
        try:
            rows = sheets.read(form.cleaned_data["file"].read())
            parsed = [(n, r) for n, r in rows if not isinstance(r, str)]
            errors = [(n, r) for n, r in rows if isinstance(r, str)]
            if errors:  # the other rows' problems too, so that one upload reports them all
                errors = sorted(errors + services.check_rows(edition, parsed)[0])
            else:
                added, kept = services.import_people(
                    edition, organization, rows, actor=Actor.of(request)
                )
        except sheets.SheetError as exc:
            problem = str(exc)
        except services.ImportRefused as exc:
            errors = exc.errors
        if not (problem or errors):
            messages.success(
                request, f"已导入 {added} 人；{kept} 人已在本单位人才库中，未重复添加。"
            )
            return redirect("talent:organization", code=code, org=org)
    context = {
        "edition": edition,
        "organization": organization,
        "form": form,
        "errors": errors,
        "problem": problem,
    }
    status = 400 if (problem or errors or form.errors) else 200
    return render(request, "talent/import.html", context, status=status)


@require_GET
@login_required
def import_template(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    access.database_for_user(request.user, edition)
    return xlsx_response(sheets.template(), "人才库导入模板.xlsx")
