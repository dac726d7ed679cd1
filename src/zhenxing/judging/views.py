"""Finals scoring pages. Judges, clerks, the chief judge and supervisors see contest numbers only."""

from __future__ import annotations

import json
import re
import tomllib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.editions.models import Event
from zhenxing.editions.services import public_version
from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import Membership, Organization, Role
from zhenxing.rules import marking

from . import integrity, services, sheets
from .models import (
    LAYER_CHOICES,
    LAYER_FIELDS,
    Appeal,
    Competitor,
    Correction,
    Final,
    Mark,
    Result,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# after decryption these see names beside results; judges and clerks never do
IDENTITY_CODES = (
    perms.EVENT_MANAGE,
    perms.RESULTS_PUBLISH,
    perms.SCORE_LOCK,
    perms.SCORE_WITNESS,
    perms.APPEAL_DECIDE,
)
PANEL_CHOICES = [
    (Role.JUDGE, "裁判"),
    (Role.CHIEF_JUDGE, "裁判长"),
    (Role.CLERK, "录分员"),
    (Role.ENCRYPTION_OFFICER, "加密裁判"),
]


def _final(request, code, pk, need=perms.SCORE_VIEW) -> Final:
    edition, _ = access.edition_for_user(request.user, code)
    return access.final_for_user(request.user, edition, pk, need)


def _can(request, final, code) -> bool:
    return access.has_perm(request.user, final.event.edition, code, event=final.event)


def _pk(value: str) -> int:
    """A posted object id; anything that is not one finds nothing (404), never a 500."""
    value = str(value)
    return int(value) if value.isascii() and value.isdigit() else 0


def _back(final):
    return redirect("final_home", code=final.event.edition.code, pk=final.event.pk)


def _refused(request, exc) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
@login_required
def final_home(request, code: str, pk: int):
    final = _final(request, code, pk)
    scheme = services.current_scheme(final)
    context = {
        "final": final,
        "event": final.event,
        "edition": final.event.edition,
        "scheme": scheme,
        "competitor_count": final.competitors.count(),
        "absent_count": final.competitors.filter(absent=True).count(),
        "panel": services.panel(final),
        "roles": services.roles_in_event(request.user, final),
        "can_manage": _can(request, final, perms.EVENT_MANAGE),
        "can_draw": _can(request, final, perms.ANONYMITY_HOLD),
        "can_decrypt": _can(request, final, perms.ANONYMITY_HOLD)
        or _can(request, final, perms.SCORE_WITNESS),
        "can_appeals": _can(request, final, perms.APPEAL_DECIDE)
        or _can(request, final, perms.RESULTS_PUBLISH)
        or _can(request, final, perms.SCORE_WITNESS),
        "layer_choices": LAYER_CHOICES,
        "can_enter": _can(request, final, perms.SCORE_ENTER),
        "can_lock": _can(request, final, perms.SCORE_LOCK),
        "can_witness": _can(request, final, perms.SCORE_WITNESS),
        "can_theory": _can(request, final, perms.THEORY_ENTER),
        "can_publish": _can(request, final, perms.RESULTS_PUBLISH),
        "pending_corrections": Correction.objects.filter(
            mark__competitor__final=final, status=Correction.Status.PENDING
        ).count(),
    }
    return render(request, "judging/final.html", context)


# ---------------------------------------------------------------- scheme


@require_http_methods(["GET", "POST"])
@login_required
def scheme_edit(request, code: str, pk: int):
    need = perms.EVENT_MANAGE if request.method == "POST" else perms.SCORE_VIEW
    final = _final(request, code, pk, need)
    scheme = services.current_scheme(final)
    parsed = services.rules_scheme(scheme) if scheme else None
    # a failed Excel import leaves the editor showing the current scheme, not an empty box
    text = request.POST["text"] if "text" in request.POST else _scheme_toml(parsed)
    errors = []
    if request.method == "POST":
        data, errors = _posted_scheme(request, final)
        if data is not None:
            try:
                scheme, changed = services.save_scheme(final, data, request=request)
            except marking.SchemeError as exc:
                errors = [f"{path}: {message}" for path, message in exc.errors]
            except services.ScoringError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    f"评分标准已保存（第 {scheme.version} 版）" if changed else "评分标准没有变化",
                )
                return redirect("scheme_edit", code=code, pk=pk)
    context = {
        "final": final,
        "event": final.event,
        "scheme": scheme,
        "parsed": parsed,
        "versions": final.schemes.all(),
        "text": text,
        "errors": errors,
        "kind_labels": services.KIND_LABELS,
        "can_manage": _can(request, final, perms.EVENT_MANAGE),
    }
    return render(request, "judging/scheme.html", context, status=400 if errors else 200)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message is English; its position, at the end in brackets, is all we keep."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    if where:
        place = f"第 {where[1]} 行第 {where[2]} 列附近"
    else:
        place = "结尾处" if "end of document" in str(exc) else "某处"
    return (
        f"格式错误：{place}不符合评分标准的写法（如缺少等号、引号或方括号没有配对），请参照示例修改"
    )


def _posted_scheme(request, final):
    upload = request.FILES.get("file")
    try:
        if upload:
            name = request.POST.get("name", "").strip() or f"{final.event}实际操作"
            return sheets.scheme_from_xlsx(sheets.read_upload(upload), name), []
        return tomllib.loads(request.POST.get("text", "")), []
    except tomllib.TOMLDecodeError as exc:
        return None, [_toml_problem(exc)]
    except sheets.SheetError as exc:
        return None, [str(exc)]


def _scheme_toml(parsed) -> str:
    if parsed is None:
        return (
            'name = "实际操作评分标准"\n\n[[modules]]\nkey = "A"\nlabel = "模块一"\naspects = [\n'
            '  { key = "A1", label = "评分项一", max = 10, kind = "scale_0_3" },\n'
            '  { key = "A2", label = "评分项二", max = 5, kind = "deduction" },\n]\n'
        )
    lines = [f"name = {_quoted(parsed.name)}"]
    for module in parsed.modules:
        lines += [
            "",
            "[[modules]]",
            f"key = {_quoted(module.key)}",
            f"label = {_quoted(module.label)}",
        ]
        lines.append("aspects = [")
        for a in module.aspects:
            full = format(a.max.normalize(), "f")
            lines.append(
                f'  {{ key = {_quoted(a.key)}, label = {_quoted(a.label)}, max = "{full}", kind = "{a.kind}" }},'
            )
        lines.append("]")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


@require_GET
@login_required
def scheme_export(request, code: str, pk: int):
    final = _final(request, code, pk)
    scheme = services.current_scheme(final)
    if scheme is None:
        raise Http404("还没有评分标准")
    data = sheets.scheme_xlsx(services.rules_scheme(scheme))
    response = HttpResponse(data, content_type=XLSX)
    filename = f"scheme-{final.event.pk}-v{scheme.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- panel and numbers


@require_http_methods(["GET", "POST"])
@login_required
def panel(request, code: str, pk: int):
    need = perms.EVENT_MANAGE if request.method == "POST" else perms.SCORE_VIEW
    final = _final(request, code, pk, need)
    if request.method == "POST":
        _change_panel(request, final)
        return redirect("panel", code=code, pk=pk)
    context = {
        "final": final,
        "event": final.event,
        "panel": services.panel(final),
        "choices": PANEL_CHOICES,
        "organizations": Organization.objects.all(),
        "can_manage": _can(request, final, perms.EVENT_MANAGE),
    }
    return render(request, "judging/panel.html", context)


def _change_panel(request, final) -> None:
    edition = final.event.edition
    if final.locked:  # removing the encryption officer now would leave no one to decrypt
        messages.error(request, "成绩已锁定，评判组不能再调整")
        return
    if request.POST.get("remove"):
        membership = Membership.objects.filter(
            pk=_pk(request.POST["remove"]), event=final.event
        ).first()
        if membership is None:
            raise Http404("未找到该任命")
        audit.record(
            "judging.panel.removed",
            membership,
            request=request,
            edition=edition,
            changes={"role": [membership.role, None], "user": [membership.user.username, None]},
        )
        membership.delete()
        messages.success(request, "已移出评判组")
        return
    username = request.POST.get("username", "").strip()
    role = request.POST.get("role", "")
    user = get_user_model().objects.filter(username=username).first()
    organization = Organization.objects.filter(
        pk=_pk(request.POST.get("organization") or "0")
    ).first()
    if user is None or role not in dict(PANEL_CHOICES) or organization is None:
        messages.error(request, "请填写已有的用户名，并选择角色和所属单位（用于回避核对）")
        return
    if role in (Role.JUDGE, Role.CHIEF_JUDGE):
        try:
            integrity.check_new_judge(final, user, organization.name)
        except services.ScoringError as exc:
            _refused(request, exc)
            return
    membership, created = Membership.objects.get_or_create(
        user=user, edition=edition, organization=organization, role=role, event=final.event
    )
    if created:
        audit.record(
            "judging.panel.added",
            membership,
            request=request,
            edition=edition,
            changes={"role": [None, role], "user": [None, username]},
        )
    messages.success(request, f"已将 {username} 任命为{dict(PANEL_CHOICES)[role]}")


@require_POST
@login_required
def draw_numbers(request, code: str, pk: int):
    final = _final(request, code, pk, perms.ANONYMITY_HOLD)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再抽签")
        return _back(final)
    try:
        record = services.draw_numbers(final, request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, f"已为 {len(record.items)} 名选手抽取参赛号；种子已记录，可复算。"
        )
    return _back(final)


@require_GET
@login_required
def numbers(request, code: str, pk: int):
    """The sign-in sheet lives on the encryption officer's page."""
    _final(request, code, pk, perms.ANONYMITY_HOLD)
    return redirect("anonymity", code=code, pk=pk)


# ---------------------------------------------------------------- score entry


def _is_clerk(request, final) -> bool:
    roles = services.roles_in_event(request.user, final)
    return Role.CLERK in roles and not roles & {Role.JUDGE, Role.CHIEF_JUDGE}


@require_GET
@login_required
def score_index(request, code: str, pk: int):
    final = _final(request, code, pk, perms.SCORE_ENTER)
    clerk = _is_clerk(request, final)
    judges = services.judges(final)
    judge = _judge_for(request, final, judges, clerk, request.GET.get("judge"))
    second_enters = _second_enters(request, final)
    done = set()
    if judge is not None:
        marks = Mark.objects.filter(competitor__final=final, entered_by=request.user)
        if clerk:  # this judge's paper sheets only, not those keyed for another judge
            marks = marks.filter(Q(judge=judge) | Q(judge__isnull=True))
        done = set(marks.values_list("competitor_id", flat=True))
    context = {
        "final": final,
        "event": final.event,
        "competitors": _by_code(final),
        "judges": judges,
        "judge": judge,
        "clerk": clerk,
        "done": done,
        "second_enters": second_enters,
        "awaiting": _awaiting(final, request.user) if second_enters else [],
    }
    return render(request, "judging/score_index.html", context)


def _second_enters(request, final) -> bool:
    """Who is offered the paper sheets awaiting their second entry: clerks and the chief judge."""
    roles = services.roles_in_event(request.user, final)
    return bool(roles & {Role.CLERK, Role.CHIEF_JUDGE})


def _by_code(final) -> list[Competitor]:
    """The competitors that have a code in the layer the event judges by, in code order."""
    field = LAYER_FIELDS[final.judged_by]
    return list(final.competitors.exclude(**{field: ""}).order_by(field))


def _competitor(final, code: str) -> Competitor:
    field = LAYER_FIELDS[final.judged_by]
    return get_object_or_404(Competitor, final=final, **{field: code})


def _judge_for(request, final, judges, clerk, wanted):
    if not clerk:
        return request.user
    return next((j for j in judges if str(j.pk) == str(wanted)), None)


def _awaiting(final, user):
    marks = Mark.objects.filter(
        competitor__final=final, status=Mark.Status.AWAITING_SECOND
    ).exclude(entered_by=user)
    field = "competitor__" + LAYER_FIELDS[final.judged_by]
    return _readable(
        final, marks.select_related("competitor__final", "judge").order_by(field, "aspect_key")
    )


def _readable(final, marks) -> list[Mark]:
    """Marks with their aspect's kind (for the form) and values as people read them (达到, 1、0.5)."""
    kinds = {
        scheme.pk: {a.key: a.kind for a in services.rules_scheme(scheme).aspects}
        for scheme in final.schemes.all()
    }
    marks = list(marks)
    for mark in marks:
        mark.kind = kinds.get(mark.scheme_id, {}).get(mark.aspect_key, "")
        mark.shown = services.shown(mark.value)
        mark.second_shown = services.shown(mark.second_value)
    return marks


@require_http_methods(["GET", "POST"])
@login_required
def score_sheet(request, code: str, pk: int, number: str):
    final = _final(request, code, pk, perms.SCORE_ENTER)
    competitor = _competitor(final, number)
    scheme = services.current_scheme(final)
    if scheme is None:
        messages.error(request, "承办单位还没有制定评分标准")
        return _back(final)
    clerk = _is_clerk(request, final)
    judges = services.judges(final)
    judge = _judge_for(
        request, final, judges, clerk, request.POST.get("judge") or request.GET.get("judge")
    )
    if judge is None:
        messages.error(request, "请先选择这份纸质评分表的裁判")
        return redirect("score_index", code=code, pk=pk)
    parsed = services.rules_scheme(scheme)
    outcomes, status = {}, 200
    if request.method == "POST":
        values = {a.key: request.POST.get(f"v_{a.key}") for a in parsed.aspects}
        revisions = {a.key: request.POST.get(f"r_{a.key}") for a in parsed.aspects}
        try:
            results = services.save_sheet(
                final, competitor, judge, values, revisions, request=request, paper=clerk
            )
        except services.ScoringError as exc:
            _refused(request, exc)
            status = 409
        else:
            outcomes = {o.aspect_key: o for o in results}
            if not results:
                messages.warning(request, "没有填写任何评分，未保存。")
            if any(o.state in ("error", "conflict", "refused") for o in results):
                status = 409
    rows = _sheet_rows(parsed, competitor, judge, outcomes, request, clerk)
    context = {
        "final": final,
        "event": final.event,
        "competitor": competitor,
        "judge": judge,
        "clerk": clerk,
        "rows": rows,
        "scheme": scheme,
    }
    template = "judging/_sheet.html" if request.htmx else "judging/score_sheet.html"
    return render(request, template, context, status=status)


def _sheet_rows(parsed, competitor, judge, outcomes, request, clerk):
    marks = {(m.aspect_key, m.slot): m for m in Mark.objects.filter(competitor=competitor)}
    rows = []
    for module in parsed.modules:
        for aspect in module.aspects:
            mark = marks.get((aspect.key, services.slot_for(aspect, judge)))
            outcome = outcomes.get(aspect.key)
            typed = (
                request.POST.get(f"v_{aspect.key}")
                if outcome and outcome.state == "error"
                else None
            )
            hidden = clerk and mark is not None and mark.entered_by_id != request.user.pk
            rows.append(
                {
                    "module": module,
                    "aspect": aspect,
                    "mark": mark,
                    # a clerk keying blind does not see another person's first entry
                    "value": typed
                    if typed is not None
                    else ("" if hidden or mark is None else _form_value(mark.value)),
                    "revision": mark.revision if mark else 0,
                    "outcome": outcome,
                }
            )
    return rows


def _form_value(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


@require_POST
@login_required
def confirm_mark(request, code: str, pk: int, mark_id: int):
    final = _final(request, code, pk, perms.SCORE_ENTER)
    mark = get_object_or_404(Mark, pk=mark_id, competitor__final=final)
    try:
        outcome = services.confirm(mark, request.POST.get("value", ""), request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    else:
        level = messages.SUCCESS if outcome.state == "confirmed" else messages.WARNING
        messages.add_message(
            request, level, f"{mark.competitor} {mark.aspect_key}：{outcome.message}"
        )
    return redirect("score_index", code=code, pk=pk)


# ---------------------------------------------------------------- chief judge


@require_GET
@login_required
def problems(request, code: str, pk: int):
    final = _final(request, code, pk)
    mismatches = Mark.objects.filter(
        competitor__final=final, status=Mark.Status.MISMATCH
    ).select_related("competitor__final", "judge")
    context = {
        "final": final,
        "event": final.event,
        "mismatches": _readable(final, mismatches),
        "competitors": final.competitors.all(),
        "can_lock": _can(request, final, perms.SCORE_LOCK),
    }
    return render(request, "judging/problems.html", context)


@require_POST
@login_required
def resolve_mark(request, code: str, pk: int, mark_id: int):
    final = _final(request, code, pk, perms.SCORE_LOCK)
    mark = get_object_or_404(Mark, pk=mark_id, competitor__final=final)
    try:
        services.resolve_mismatch(mark, request.POST.get("value", ""), request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"{mark.competitor} {mark.aspect_key} 已按纸质评分表裁定")
    return redirect("problems", code=code, pk=pk)


@require_POST
@login_required
def mark_absent(request, code: str, pk: int, cid: int):
    final = _final(request, code, pk, perms.SCORE_LOCK)
    competitor = get_object_or_404(Competitor, final=final, pk=cid)
    try:
        services.set_absent(competitor, request.POST.get("absent") == "1", request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    return redirect("problems", code=code, pk=pk)


@require_POST
@login_required
def lock(request, code: str, pk: int):
    final = _final(request, code, pk, perms.SCORE_LOCK)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再锁定")
        return _back(final)
    try:
        services.lock(final, request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
        return redirect("problems", code=code, pk=pk)
    messages.success(request, "成绩已锁定。此后更正须填写理由，并经监督确认。")
    return _back(final)


@require_http_methods(["GET", "POST"])
@login_required
def corrections(request, code: str, pk: int):
    need = perms.SCORE_LOCK if request.method == "POST" else perms.SCORE_VIEW
    final = _final(request, code, pk, need)
    if request.method == "POST":
        try:
            mark = _mark_by_position(final, request.POST)
            services.propose_correction(
                mark,
                request.POST.get("value", ""),
                request.POST.get("reason", ""),
                request=request,
                appeal=_appeal_posted(final, request.POST),
            )
        except services.ScoringError as exc:
            _refused(request, exc)
        else:
            messages.success(request, "更正已提出，等待监督确认")
        return redirect("corrections", code=code, pk=pk)
    corrections = list(
        Correction.objects.filter(mark__competitor__final=final).select_related(
            "mark__competitor__final", "mark__judge", "proposed_by", "witnessed_by", "appeal"
        )
    )
    for correction in corrections:
        correction.old_shown = services.shown(correction.old_value)
        correction.new_shown = services.shown(correction.new_value)
    context = {
        "final": final,
        "event": final.event,
        "corrections": corrections,
        "can_lock": _can(request, final, perms.SCORE_LOCK),
        "can_witness": _can(request, final, perms.SCORE_WITNESS),
        "judges": services.judges(final),
        "upheld_appeals": final.appeals.filter(decision=Appeal.Decision.UPHELD),
    }
    return render(request, "judging/corrections.html", context)


def _appeal_posted(final, data) -> Appeal | None:
    """The upheld appeal a correction carries out, when one is chosen."""
    chosen = data.get("appeal", "").strip()
    if not chosen:
        return None
    appeal = final.appeals.filter(pk=_pk(chosen)).first()
    if appeal is None:
        raise services.ScoringError("未找到该申诉")
    return appeal


def _mark_by_position(final, data) -> Mark:
    slot = data.get("judge", "")
    field = "competitor__" + LAYER_FIELDS[final.judged_by]
    mark = (
        Mark.objects.filter(
            competitor__final=final,
            **{field: data.get("number", "").strip() or "-"},
            aspect_key=data.get("aspect", "").strip(),
            slot__in=[slot, ""],
        )
        .order_by("-slot")
        .first()
    )
    if mark is None:
        raise services.ScoringError("未找到该分数：请核对编号、评分项代码和裁判")
    return mark


def _choice(request, name: str, missing: str) -> bool:
    """A yes/no button's value ("1" or "0"); a request without one is refused, never read as no."""
    value = request.POST.get(name)
    if value not in ("1", "0"):
        raise services.ScoringError(missing)
    return value == "1"


@require_POST
@login_required
def witness(request, code: str, pk: int, correction_id: int):
    final = _final(request, code, pk, perms.SCORE_WITNESS)
    correction = get_object_or_404(Correction, pk=correction_id, mark__competitor__final=final)
    try:
        approve = _choice(request, "approve", "请选择“同意”或“不同意”该更正")
        services.witness(correction, approve, request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, "已同意该更正，分数已改为更正后的值" if approve else "已驳回该更正，分数不变"
        )
    return redirect("corrections", code=code, pk=pk)


# ---------------------------------------------------------------- theory


@require_http_methods(["GET", "POST"])
@login_required
def theory(request, code: str, pk: int):
    final = _final(request, code, pk, perms.THEORY_ENTER)
    competitors = list(final.competitors.select_related("theory"))
    errors = []
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                rows = sheets.theory_from_xlsx(sheets.read_upload(request.FILES["file"]))
            else:
                rows = {
                    c.number: (
                        request.POST.get(f"ca_{c.number}"),
                        request.POST.get(f"k_{c.number}"),
                    )
                    for c in competitors
                }
            changed = services.save_theory(final, rows, request=request)
        except sheets.SheetError as exc:
            errors = [str(exc)]
        except services.ScoringError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"理论成绩已保存（{changed} 名选手有变化）")
            return redirect("theory", code=code, pk=pk)
    context = {"final": final, "event": final.event, "competitors": competitors, "errors": errors}
    return render(request, "judging/theory.html", context, status=400 if errors else 200)


@require_GET
@login_required
def theory_export(request, code: str, pk: int):
    final = _final(request, code, pk, perms.THEORY_ENTER)
    rows = []
    for c in final.competitors.select_related("theory"):
        score = getattr(c, "theory", None)
        rows.append(
            (c.number, score.current_affairs if score else None, score.knowledge if score else None)
        )
    response = HttpResponse(sheets.theory_xlsx(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="theory-{final.event.pk}.xlsx"'
    return response


# ---------------------------------------------------------------- results


@require_GET
@login_required
def results(request, code: str, pk: int):
    final = _final(request, code, pk)
    identities = final.decrypted_at is not None and any(
        _can(request, final, code) for code in IDENTITY_CODES
    )
    related = ["competitor"]
    if identities:
        related += ["competitor__entry__person", "competitor__entry__delegation__organization"]
    rows = Result.objects.filter(competitor__final=final).select_related(*related)
    context = {
        "final": final,
        "event": final.event,
        "rows": rows,
        "identities": identities,
        "can_publish": _can(request, final, perms.RESULTS_PUBLISH),
    }
    return render(request, "judging/results.html", context)


@require_POST
@login_required
def publish(request, code: str, pk: int):
    final = _final(request, code, pk, perms.RESULTS_PUBLISH)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再发布")
        return redirect("results", code=code, pk=pk)
    try:
        services.publish(final, request=request)
    except services.ScoringError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "成绩已发布，公众可在项目成绩页查看")
    return redirect("results", code=code, pk=pk)


@require_GET
def public_results(request, code: str, pk: int):
    """The public results of an event once the committee has published them.

    Anonymous visitors get the whole page from the cache (it carries no CSRF token); the key
    changes whenever results, publication or appeals change (public_version), and an entry
    lives at most a minute, less when the publication period ends sooner."""
    if request.user.is_authenticated:
        return _render_public_results(request, code, pk)
    key = f"public-results:{code}:{pk}:{public_version()}:{request.LANGUAGE_CODE}"
    body = cache.get(key)
    if body is None:
        response = _render_public_results(request, code, pk)
        cache.set(key, response.content, response.zx_lifetime)
        return response
    return HttpResponse(body)


def _render_public_results(request, code: str, pk: int):
    event = (
        Event.objects.filter(pk=pk, edition__code=code)
        .select_related("occupation", "edition", "final", "arrangement")
        .first()
    )
    if event is None:
        raise Http404("未找到该比赛项目")
    final = getattr(event, "final", None)
    published = final is not None and final.published_at is not None
    rows = Result.objects.none()
    if published:
        rows = Result.objects.filter(competitor__final=final, rank__isnull=False).select_related(
            "competitor__entry__person", "competitor__entry__delegation__organization"
        )
    state, reasons = integrity.state(final)
    context = {
        "edition": event.edition,
        "event": event,
        "final": final,
        "state": state,
        "reasons": reasons,
        "published": published,
        "rows": rows,
    }
    response = render(request, "judging/public_results.html", context)
    response.zx_lifetime = _lifetime(final, state)
    return response


def _lifetime(final, state: str) -> int:
    """Seconds a cached copy stays true: a minute, or until the publication period ends."""
    if state != "provisional":
        return 60
    ends = integrity.publication_ends(final)
    left = (ends - timezone.now()).total_seconds() if ends else 60
    return int(max(1, min(60, left)))
