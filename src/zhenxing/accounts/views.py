"""Accounts pages: who has an account in one's scope, creating one (or a list from xlsx),
disabling, a new set-password link; and the page where a person sets their own password."""

from __future__ import annotations

import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.formats.account_sheets import SheetError
from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access, audit
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Membership, Organization, Role

from . import bulk, mail, services
from .scope import PANEL_ROLES, Grants, grants
from .services import AccountError, NewAccount

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTED = 500
CREATED_KEY = "accounts_created"  # the ids whose links the creator may download once more


def _scope(request, code: str) -> tuple:
    edition, _ = access.edition_for_user(request.user, code)
    allowed = grants(request.user, edition)
    if not allowed.any:
        raise PermissionDenied("您的角色不能管理账号。")
    return edition, allowed


def _memberships(edition, allowed: Grants):
    found = Membership.objects.filter(edition=edition)
    if not allowed.everyone:
        found = found.filter(
            Q(role__in=PANEL_ROLES, event__in=allowed.events)
            | Q(role=Role.REGISTRAR, organization__in=allowed.delegations)
        )
    return found.select_related("user", "organization", "event__occupation").order_by(
        "role", "user__username"
    )


def _typed(request, edition) -> NewAccount:
    post = request.POST
    organization = Organization.objects.filter(pk=posted_pk(post.get("organization"))).first()
    event = edition.events.filter(pk=posted_pk(post.get("event"))).first()
    return NewAccount(
        name=post.get("name", "").strip(),
        role=post.get("role", ""),
        organization=organization,
        event=event,
        username=post.get("username", "").strip(),
        email=post.get("email", "").strip(),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def accounts_home(request, code: str):
    edition, allowed = _scope(request, code)
    errors, typed = [], None
    if request.method == "POST":
        typed = _typed(request, edition)
        try:
            user = services.create(edition, typed, actor=Actor.of(request))
        except AccountError as exc:
            errors = [str(exc)]
        else:
            return _created(request, edition, [user])
    memberships = list(_memberships(edition, allowed)[: LISTED + 1])
    context = {
        "edition": edition,
        "grants": allowed,
        "roles": [(r.value, r.label) for r in allowed.roles],
        # a panel member's own unit (for conflicts of interest) may be any body; a registrar's is
        # the delegation's
        "organizations": Organization.objects.all() if allowed.events else allowed.delegations,
        "memberships": memberships[:LISTED],
        "more": len(memberships) > LISTED,
        "errors": errors,
        "typed": typed,
        "preset_event": posted_pk(request.GET.get("event")),
        "me": request.user.pk,
    }
    return render(request, "accounts/accounts.html", context, status=400 if errors else 200)


def _created(request, edition, users, *, issued: bool = False):
    """Mail the new links where mail is configured, keep whose they are, and show them on a
    page of their own (a refresh shows them again; it never creates anything twice)."""
    mailed = []
    for user in users:
        link = request.build_absolute_uri(services.link_path(user))
        if mail.mail_link(user, link, edition):
            mailed.append(user.pk)
    shown = {"edition": edition.pk, "ids": [u.pk for u in users], "mailed": mailed}
    request.session[CREATED_KEY] = shown | {"issued": issued}
    return redirect("accounts:created", code=edition.code)


def _shown_users(request, edition) -> tuple[list, dict]:
    """The accounts this session just created (or relinked) in this edition whose owner has
    not set a password yet: their links are still the ones to hand out."""
    shown = request.session.get(CREATED_KEY) or {}
    if shown.get("edition") != edition.pk:
        return [], {}
    users = get_user_model().objects.filter(pk__in=shown["ids"], is_active=True).order_by("pk")
    return [u for u in users if not u.has_usable_password()], shown


@never_cache
@require_GET
@login_required
def accounts_created(request, code: str):
    edition, _ = _scope(request, code)
    users, shown = _shown_users(request, edition)
    rows = [
        {
            "user": user,
            "link": request.build_absolute_uri(services.link_path(user)),
            "mailed": user.pk in shown.get("mailed", []),
        }
        for user in users
    ]
    context = {"edition": edition, "rows": rows, "issued": shown.get("issued", False)}
    return render(request, "accounts/created.html", context)


def _account(edition, pk: int):
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or not Membership.objects.filter(user=user, edition=edition).exists():
        raise Http404("未找到该账号")
    return user


@require_POST
@login_required
def account_active(request, code: str, pk: int):
    edition, _ = _scope(request, code)
    user = _account(edition, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(edition, user, active, actor=Actor.of(request))
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        state = "已启用" if active else "已停用，该账号不能再登录"
        messages.success(
            request, f"{user.get_full_name() or user.username}（{user.username}）{state}。"
        )
    return redirect("accounts:home", code=code)


@never_cache
@require_POST
@login_required
def account_link(request, code: str, pk: int):
    edition, _ = _scope(request, code)
    user = _account(edition, pk)
    try:
        services.issue_link(edition, user, actor=Actor.of(request))
    except AccountError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:home", code=code)
    return _created(request, edition, [user], issued=True)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def accounts_import(request, code: str):
    edition, allowed = _scope(request, code)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise AccountError("请选择要上传的账号名单（.xlsx）。")
            if upload.size > bulk.account_sheets.MAX_BYTES:
                raise SheetError("文件超过 2 MB，请检查是否选错了文件。")
            users = bulk.create_from(edition, upload.read(), actor=Actor.of(request))
        except (AccountError, SheetError) as exc:
            error = str(exc)
        else:
            return _created(request, edition, users)
    context = {"edition": edition, "grants": allowed, "error": error}
    return render(request, "accounts/import.html", context, status=400 if error else 200)


@require_GET
@login_required
def accounts_template(request, code: str):
    edition, _ = _scope(request, code)
    data = bulk.template_for(edition, Actor.of(request))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "账号名单模板.xlsx")
    return response


@never_cache
@require_GET
@login_required
def created_file(request, code: str):
    """The links just shown, as a sheet to hand out; fresh links for accounts whose owner has
    not set a password yet. Only for the ids this session was shown."""
    edition, allowed = _scope(request, code)
    users, _ = _shown_users(request, edition)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("设置密码链接")
    sheet.write_row(0, 0, ["姓名", "用户名", "设置密码链接（只能使用一次）"])
    row = 1
    for user in users:
        link = request.build_absolute_uri(services.link_path(user))
        sheet.write_row(row, 0, [user.get_full_name(), user.username, link])
        row += 1
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 90)
    book.close()
    services.links_sheet_issued(edition, row - 1, actor=Actor.of(request))
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "设置密码链接.xlsx")
    return response


class SetPassword(auth_views.PasswordResetConfirmView):
    """Django's one-time link: it stops working once a password is set (or after 7 days)."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_set(form.user, actor=Actor(form.user, audit.client_ip(self.request)))
        messages.success(self.request, "密码已设置，请用您的用户名和新密码登录。")
        return response


set_password = SetPassword.as_view()
