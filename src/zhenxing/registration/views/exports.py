"""Entry lists as xlsx or CSV (masked, or full for those who may see full numbers, audited), and
the blank registration template."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhenxing.formats import entry_template
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import exports, privacy
from ..access import delegation_for_user
from .common import XLSX, edition_of


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
    privacy.record_full_export(Actor.of(request), edition, what, **scope)
    return True


@require_GET
@never_cache  # a full export holds ID and phone numbers: no cache keeps a copy
@login_required
def export_delegation(request, code: str, pk: int, fmt: str):
    edition = edition_of(request, code)
    delegation, _ = delegation_for_user(request.user, edition, pk)
    full = _wants_full(request, edition, {"organization": delegation.organization}, str(delegation))
    entries = delegation.entries.select_related(
        "person", "event__occupation", "delegation__organization", "team"
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
@never_cache
@login_required
def export_event(request, code: str, pk: int, fmt: str):
    edition = edition_of(request, code)
    event, allowed = access.event_for_user(request.user, edition, pk)
    access.needs(allowed, perms.ENTRY_VIEW, "您的角色不能查看该项目的报名名单。")
    full = _wants_full(request, edition, {"event": event}, str(event))
    entries = event.entries.select_related(
        "person", "event__occupation", "delegation__organization", "team"
    )
    return _export_response(request, entries, fmt=fmt, title=f"{event}报名名单", full=full)


@require_GET
@login_required
def template_download(request, code: str):
    edition = edition_of(request, code)
    buffer = io.BytesIO()
    entry_template.write_blank(buffer, edition.rulebook())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{edition.code}-报名模板.xlsx"
    )
    return response
