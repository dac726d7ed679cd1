"""Which certificate each occupation issues (国家职业资格 / 专项职业能力 / none), set and
confirmed by HRSS; the awards of its events follow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhenxing.editions.models import Occupation
from zhenxing.editions.occupations import CertificateKindRefused
from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from ..kinds import set_certificate_kind


@require_http_methods(["GET", "POST"])
@login_required
def certificate_kinds(request, code: str):
    need = perms.CERTIFICATE_KIND if request.method == "POST" else perms.AWARDS_VIEW
    edition, allowed = access.edition_for_user(request.user, code, need)
    occupations = list(edition.occupations.all())
    if request.method == "POST":
        occupation = next(
            (o for o in occupations if o.pk == posted_pk(request.POST.get("occupation", ""))), None
        )
        if occupation is None:
            messages.error(request, "未找到该职业。")
        else:
            try:
                set_certificate_kind(
                    occupation,
                    request.POST.get("certificate", ""),
                    request.POST.get("confirmed") == "1",
                    actor=Actor.of(request),
                )
            except CertificateKindRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已保存“{occupation}”的证书类别。")
        return redirect("awards:certificate_kinds", code=code)
    context = {
        "edition": edition,
        "occupations": occupations,
        "choices": Occupation.Certificate.choices,
        "can_change": perms.CERTIFICATE_KIND in allowed,
        "unconfirmed": sum(not o.certificate_confirmed for o in occupations),
    }
    return render(request, "awards/certificate_kinds.html", context)
