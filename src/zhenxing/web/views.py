"""Pages: the public home page, dashboards, the audit log, organizations, events, API tokens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.editions.models import Edition
from zhenxing.editions.services import current_edition, public_version
from zhenxing.orgs import access, services
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import AuditEntry, Membership, Organization

from .dashboard import tasks_for
from .forms import AuditFilterForm, OrganizationContactForm, TokenForm


def _public_context(edition: Edition) -> dict:
    events = edition.events.select_related("occupation", "host_unit", "arrangement", "final")
    hosts = Organization.objects.filter(hosted_events__edition=edition).distinct().order_by("id")
    return {
        "edition": edition,
        "events": events,
        "national_events": [e for e in events if e.occupation.level == "national"],
        "regional_events": [e for e in events if e.occupation.level == "regional"],
        "host_units": hosts,
        "groups": edition.rulebook().groups,
        "showcase": edition.rulebook().showcase,
        "public_version": public_version(),
    }


@require_GET
def home(request):
    edition = current_edition()
    if edition is None:
        return render(request, "web/empty.html", status=200)
    return render(request, "web/edition_public.html", _public_context(edition))


@require_GET
def edition_public(request, code: str):
    edition = get_object_or_404(Edition, code=code)
    return render(request, "web/edition_public.html", _public_context(edition))


@require_GET
def switch_language(request, language: str):
    """The public pages' language links: a preference cookie, then back to the page."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


@require_GET
@login_required
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("edition", "organization", "event__occupation")
        .order_by("-edition__period_start", "role")
    )
    cards = [(m, tasks_for(m)) for m in memberships]
    return render(request, "web/dashboard.html", {"cards": cards})


def _filtered_audit(edition: Edition, form: AuditFilterForm):
    entries = AuditEntry.objects.filter(edition=edition).select_related("actor")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["action"]:
        entries = entries.filter(action__startswith=data["action"])
    if data["actor"]:
        entries = entries.filter(actor_name__icontains=data["actor"])
    tz = timezone.get_current_timezone()
    if data["date_from"]:
        start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
        entries = entries.filter(created_at__gte=start)
    if data["date_to"]:
        end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(created_at__lt=end)
    return entries


@require_GET
@login_required
def audit_log(request, code: str):
    edition, _ = access.edition_for_user(request.user, code, perms.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered_audit(edition, form), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"edition": edition, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "web/audit_log.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organization_detail(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    writing = request.method == "POST"
    organization, allowed = access.organization_for_user(request.user, edition, pk, writing)
    form = OrganizationContactForm(
        request.POST or None, instance=Organization.objects.get(pk=organization.pk)
    )
    if writing and form.is_valid():
        values = {name: form.cleaned_data[name] for name in OrganizationContactForm.Meta.fields}
        try:
            changed = services.save_contact(
                organization,
                values,
                edition=edition,
                actor=Actor.of(request),
                seen_version=form.cleaned_data.get("version"),
            )
        except services.StaleEdit as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "联系信息已保存。" if changed else "内容没有变化。")
            return redirect("web:organization_detail", code=code, pk=pk)
    members = organization.memberships.filter(edition=edition).select_related("user")
    context = {
        "edition": edition,
        "organization": organization,
        "form": form,
        "can_write": perms.ORG_CHANGE in allowed,
        "members": members,
    }
    return render(request, "web/organization.html", context, status=400 if writing else 200)


@require_GET
@login_required
def event_detail(request, code: str, pk: int):
    edition, _ = access.edition_for_user(request.user, code)
    event, allowed = access.event_for_user(request.user, edition, pk)
    context = {"edition": edition, "event": event, "can_write": perms.EVENT_MANAGE in allowed}
    return render(request, "web/event.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def api_tokens(request):
    if not access.uses_api(request.user):
        raise PermissionDenied(services.NO_API)
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, new_token = services.issue_token(
            data["name"], actor=Actor.of(request), days=data["days"]
        )
        form = TokenForm()
    tokens = request.user.api_tokens.all()
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    return render(request, "web/tokens.html", context)


@require_POST
@login_required
def revoke_token(request, pk: int):
    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("未找到该令牌")
    services.revoke_token(token, actor=Actor.of(request))
    messages.success(request, f"令牌“{token.name}”已吊销，使用它的脚本将无法再访问。")
    return redirect("web:api_tokens")


def csrf_failure(request, reason: str = ""):
    """A form sent from an expired page (settings.CSRF_FAILURE_VIEW): Django's own page speaks of
    DEBUG settings; this one says what to do."""
    return render(request, "errors/csrf.html", status=403)
