"""The certificate layouts: each named field's place and size on A4 landscape, a background
image, and a live preview with sample data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.judging.locking import ScoringError
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from ..certificates import FIELDS, background_uri, layout_fields, page, sample_texts, verify_url
from ..layouts import fields_from, layout_of, save_layout
from ..models import CertificateLayout
from .common import refused

KINDS = dict(CertificateLayout.Kind.choices)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404("未知的证书类别")
    return kind


def _preview_page(layout, fields: dict, kind: str) -> dict:
    return page(fields, background_uri(layout), sample_texts(kind), verify_url("ZX-ABCD-2345"))


@require_http_methods(["GET", "POST"])
@login_required
def layout_edit(request, code: str, kind: str):
    need = perms.CERTIFICATE_LAYOUT if request.method == "POST" else perms.AWARDS_VIEW
    edition, allowed = access.edition_for_user(request.user, code, need)
    kind = _kind(kind)
    layout = layout_of(edition, kind)
    if request.method == "POST":
        try:
            save_layout(
                edition,
                kind,
                fields_from(request.POST),
                request.FILES.get("background"),
                remove_background=request.POST.get("remove_background") == "1",
                actor=Actor.of(request),
            )
        except ScoringError as exc:
            refused(request, exc)
        else:
            messages.success(request, f"{KINDS[kind]}版式已保存。")
        return redirect("awards:layout_edit", code=code, kind=kind)
    fields = layout_fields(layout.fields if layout else None)
    context = {
        "edition": edition,
        "kind": kind,
        "kind_label": KINDS[kind],
        "kinds": KINDS,
        "layout": layout,
        "rows": [(key, FIELDS[key], fields[key]) for key in FIELDS],
        "qr": fields["qr"],
        "page": _preview_page(layout, fields, kind),
        "can_change": perms.CERTIFICATE_LAYOUT in allowed,
        "aligns": [("left", "左"), ("center", "中"), ("right", "右")],
    }
    return render(request, "awards/layout.html", context)


@require_GET
@login_required
def layout_preview(request, code: str, kind: str):
    """htmx: the preview as the form now stands (nothing is saved)."""
    edition, _ = access.edition_for_user(request.user, code, perms.AWARDS_VIEW)
    kind = _kind(kind)
    fields = fields_from(request.GET)
    context = {"page": _preview_page(layout_of(edition, kind), fields, kind)}
    return render(request, "awards/_layout_preview.html", context)
