"""The committee office's pages: assess a submitted form row by row, the ranking of
organizations (and naming the awarded), and the xlsx files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.judging.views.common import posted_pk
from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules.numbers import decimal_text

from .. import access, assessment, exports
from ..forms import EvidenceForm
from ..models import SelfEvaluation

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download(payload: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=TYPES[filename.rsplit(".", 1)[1]])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _stored(edition, organization) -> SelfEvaluation:
    stored = SelfEvaluation.objects.filter(edition=edition, organization=organization).first()
    if stored is None or not stored.is_locked:
        raise Http404("该单位的自评表未提交")
    return stored


@require_http_methods(["GET", "POST"])
@login_required
def assess(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.records_for_user(request.user, edition, org)
    org_access.needs(allowed, perms.ORGAWARD_ASSESS)
    stored = _stored(edition, organization)
    rulebook = edition.rulebook()
    problems: dict[str, str] = {}
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        scores = {r.key: posted.get(f"score_{r.key}", "") for r in rulebook.orgaward.rows}
        notes = {r.key: posted.get(f"note_{r.key}", "") for r in rulebook.orgaward.rows}
        try:
            assessment.assess(
                stored,
                scores,
                notes,
                posted.getlist("veto"),
                posted.get("veto_grounds", ""),
                actor=Actor.of(request),
            )
        except assessment.AssessmentRefused as exc:
            problems = exc.problems
            messages.error(request, "考核结果未保存，请按提示修改。")
        else:
            stored.refresh_from_db()
            messages.success(
                request, f"已保存考核结果，考核总分 {decimal_text(stored.assessed_total)} 分。"
            )
            return redirect("orgaward:assess", code=code, org=org)
    rows = []
    for row in stored.rows:
        kept = stored.assessed.get(row["key"], {})
        rows.append(
            row
            | {
                "assessed": posted.get(f"score_{row['key']}") if posted else kept.get("score"),
                "note": posted.get(f"note_{row['key']}") if posted else kept.get("note", ""),
                "assessed_reasons": kept.get("reasons", []),
                "problem": problems.get(row["key"]),
            }
        )
    for row in rows:
        if row["assessed"] is None:
            row["assessed"] = row["score"]
    vetoes = posted.getlist("veto") if posted else stored.vetoes
    context = {
        "edition": edition,
        "organization": organization,
        "stored": stored,
        "rows": rows,
        "vetoes": [(v, v.code in vetoes) for v in rulebook.orgaward.vetoes],
        "veto_grounds": posted.get("veto_grounds", "") if posted else stored.veto_grounds,
        "problems": problems,
        "veto_evidence": assessment.veto_evidence(stored),
        "evidence_form": EvidenceForm(),
    }
    return render(request, "orgaward/assess.html", context)


@require_POST
@login_required
def veto_evidence_upload(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.records_for_user(request.user, edition, org)
    org_access.needs(allowed, perms.ORGAWARD_ASSESS)
    stored = _stored(edition, organization)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "材料未上传：" + "；".join(problems))
    else:
        try:
            evidence = assessment.store_veto_evidence(
                stored, form.cleaned_data["file"], actor=Actor.of(request)
            )
        except assessment.AssessmentRefused as exc:
            messages.error(request, f"材料未上传：{exc}")
        else:
            messages.success(request, f"已上传一票否决的佐证材料：{evidence.original_name}。")
    return redirect("orgaward:assess", code=code, org=org)


@require_http_methods(["GET", "POST"])
@login_required
def ranking(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code, perms.ORGAWARD_ASSESS)
    if request.method == "POST":
        chosen = {posted_pk(v) for v in request.POST.getlist("awarded")} - {0}
        try:
            count = assessment.name_awarded(edition, chosen, actor=Actor.of(request))
        except assessment.AssessmentRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已确定优秀组织奖获奖单位 {count} 个。")
        return redirect("orgaward:ranking", code=code)
    submitted = SelfEvaluation.objects.filter(
        edition=edition, status=SelfEvaluation.Status.SUBMITTED
    ).select_related("organization")
    context = {
        "edition": edition,
        "standings": assessment.ranking(edition),
        "waiting": list(submitted),
    }
    return render(request, "orgaward/ranking.html", context)


@require_GET
@login_required
def ranking_file(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code, perms.ORGAWARD_ASSESS)
    payload = exports.ranking_xlsx(edition)
    return download(payload, f"{edition.name}优秀组织奖考核排名.xlsx")


@require_GET
@login_required
def form_file(request, code: str, org: int, fmt: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, _ = access.records_for_user(request.user, edition, org)
    if fmt == "pdf":
        payload = exports.form_pdf(edition, organization)
    else:
        payload = exports.form_xlsx(edition, organization)
    name = organization.body or organization.name
    return download(payload, f"{name}优秀组织奖自评表.{fmt}")
