"""The self-evaluation form (附件4): filled from the records and the platform's data while the
organization works on it, kept as submitted once it submits; the office returns it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules.numbers import decimal_text

from .. import access, assessment, filling, submission
from ..models import SelfEvaluation
from ..records import RecordRefused


@require_GET
@login_required
def form_page(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.records_for_user(request.user, edition, org)
    rulebook = edition.rulebook()
    stored = SelfEvaluation.objects.filter(edition=edition, organization=organization).first()
    submitted = stored is not None and stored.is_locked
    if submitted:
        rows = [
            r
            | {
                "assessed_score": stored.assessed.get(r["key"], {}).get("score"),
                "assessed_note": stored.assessed.get(r["key"], {}).get("note"),
            }
            for r in stored.rows
        ]
        total = filling.submitted_totals(stored, rulebook)
    else:
        filled = filling.fill(edition, organization)
        rows, total = filling.rows(filled, rulebook), filling.totals(filled)
    context = {
        "edition": edition,
        "organization": organization,
        "rows": rows,
        "totals": total,
        "base_max": rulebook.orgaward.base_max,
        "vetoes": rulebook.orgaward.vetoes,
        "veto_labels": "、".join(
            v.label for v in rulebook.orgaward.vetoes if stored and v.code in stored.vetoes
        ),
        "cols": 6 if stored is not None and stored.assessed else 5,
        "veto_evidence": assessment.veto_evidence(stored) if stored and stored.vetoes else [],
        "stored": stored,
        "submitted": submitted,
        "can_submit": perms.ORGAWARD_RECORDS in allowed and not submitted,
        "can_return": perms.ORGAWARD_ASSESS in allowed and submitted,
    }
    return render(request, "orgaward/form.html", context)


@require_POST
@login_required
def form_submit(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, _ = access.records_for_user(request.user, edition, org, write=True)
    try:
        form = submission.submit(edition, organization, actor=Actor.of(request))
    except RecordRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"自评表已提交，自评总分 {decimal_text(form.total)} 分。")
    return redirect("orgaward:form", code=code, org=org)


@require_POST
@login_required
def form_return(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.records_for_user(request.user, edition, org)
    org_access.needs(allowed, perms.ORGAWARD_ASSESS)
    stored = SelfEvaluation.objects.filter(edition=edition, organization=organization).first()
    if stored is None:
        messages.error(request, "该单位还没有提交自评表。")
        return redirect("orgaward:form", code=code, org=org)
    try:
        submission.return_form(stored, request.POST.get("reason", ""), actor=Actor.of(request))
    except RecordRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "自评表已退回，该单位可修改记录后重新提交。")
    return redirect("orgaward:form", code=code, org=org)
