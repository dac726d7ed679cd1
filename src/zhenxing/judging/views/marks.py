"""Score entry (a judge's tablet, a clerk's paper sheets, second entries) and the chief judge's
pages: problems, mismatches, absences, the lock."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import lock as locks
from .. import marks
from .. import panel as panels
from ..layers import Layer
from ..locking import ScoringError
from ..models import Competitor, Mark
from ..schemes import current_scheme, rules_scheme
from .common import back, final_of_request, readable, refused


def _is_clerk(allowed) -> bool:
    """A clerk keys paper sheets for a chosen judge; a judge marks under their own name."""
    return perms.SCORE_PAPER in allowed and perms.SCORE_JUDGE not in allowed


@require_GET
@login_required
def score_index(request, code: str, pk: int):
    final, allowed = final_of_request(request, code, pk, perms.SCORE_ENTER)
    clerk = _is_clerk(allowed)
    judges = panels.judges(final)
    judge = _judge_for(request, judges, clerk, request.GET.get("judge"))
    second_enters = perms.SCORE_SECOND in allowed
    done = set()
    if judge is not None:
        entered = Mark.objects.filter(competitor__final=final, entered_by=request.user)
        if clerk:  # this judge's paper sheets only, not those keyed for another judge
            entered = entered.filter(Q(judge=judge) | Q(judge__isnull=True))
        done = set(entered.values_list("competitor_id", flat=True))
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


def _by_code(final) -> list[Competitor]:
    """The competitors that have a code in the layer the event judges by, in code order."""
    field = Layer(final.judged_by).field
    return list(final.competitors.exclude(**{field: ""}).order_by(field))


def _competitor(final, code: str) -> Competitor:
    field = Layer(final.judged_by).field
    return get_object_or_404(Competitor, final=final, **{field: code})


def _judge_for(request, judges, clerk, wanted):
    if not clerk:
        return request.user
    return next((j for j in judges if str(j.pk) == str(wanted)), None)


def _awaiting(final, user):
    waiting = Mark.objects.filter(
        competitor__final=final, status=Mark.Status.AWAITING_SECOND
    ).exclude(entered_by=user)
    field = "competitor__" + Layer(final.judged_by).field
    return readable(
        final, waiting.select_related("competitor__final", "judge").order_by(field, "aspect_key")
    )


@require_http_methods(["GET", "POST"])
@login_required
def score_sheet(request, code: str, pk: int, number: str):
    final, allowed = final_of_request(request, code, pk, perms.SCORE_ENTER)
    competitor = _competitor(final, number)
    scheme = current_scheme(final)
    if scheme is None:
        messages.error(request, "承办单位还没有制定评分标准")
        return back(final)
    clerk = _is_clerk(allowed)
    judges = panels.judges(final)
    judge = _judge_for(
        request, judges, clerk, request.POST.get("judge") or request.GET.get("judge")
    )
    if judge is None:
        messages.error(request, "请先选择这份纸质评分表的裁判")
        return redirect("judging:score_index", code=code, pk=pk)
    parsed = rules_scheme(scheme)
    outcomes, status = {}, 200
    if request.method == "POST":
        values = {a.key: request.POST.get(f"v_{a.key}") for a in parsed.aspects}
        revisions = {a.key: request.POST.get(f"r_{a.key}") for a in parsed.aspects}
        try:
            results = marks.save_sheet(
                final, competitor, judge, values, revisions, actor=Actor.of(request), paper=clerk
            )
        except ScoringError as exc:
            refused(request, exc)
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
    stored = {(m.aspect_key, m.slot): m for m in Mark.objects.filter(competitor=competitor)}
    rows = []
    for module in parsed.modules:
        for aspect in module.aspects:
            mark = stored.get((aspect.key, marks.slot_for(aspect, judge)))
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
    final, _ = final_of_request(request, code, pk, perms.SCORE_ENTER)
    mark = get_object_or_404(Mark, pk=mark_id, competitor__final=final)
    try:
        outcome = marks.confirm(mark, request.POST.get("value", ""), actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    else:
        level = messages.SUCCESS if outcome.state == "confirmed" else messages.WARNING
        messages.add_message(
            request, level, f"{mark.competitor} {mark.aspect_key}：{outcome.message}"
        )
    return redirect("judging:score_index", code=code, pk=pk)


# ---------------------------------------------------------------- chief judge


@require_GET
@login_required
def problems(request, code: str, pk: int):
    final, allowed = final_of_request(request, code, pk)
    mismatches = Mark.objects.filter(
        competitor__final=final, status=Mark.Status.MISMATCH
    ).select_related("competitor__final", "judge")
    context = {
        "final": final,
        "event": final.event,
        "mismatches": readable(final, mismatches),
        "competitors": final.competitors.all(),
        "can_lock": perms.SCORE_LOCK in allowed,
    }
    return render(request, "judging/problems.html", context)


@require_POST
@login_required
def resolve_mark(request, code: str, pk: int, mark_id: int):
    final, _ = final_of_request(request, code, pk, perms.SCORE_LOCK)
    mark = get_object_or_404(Mark, pk=mark_id, competitor__final=final)
    try:
        marks.resolve_mismatch(mark, request.POST.get("value", ""), actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    else:
        messages.success(request, f"{mark.competitor} {mark.aspect_key} 已按纸质评分表裁定")
    return redirect("judging:problems", code=code, pk=pk)


@require_POST
@login_required
def mark_absent(request, code: str, pk: int, cid: int):
    final, _ = final_of_request(request, code, pk, perms.SCORE_LOCK)
    competitor = get_object_or_404(Competitor, final=final, pk=cid)
    try:
        marks.set_absent(competitor, request.POST.get("absent") == "1", actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
    return redirect("judging:problems", code=code, pk=pk)


@require_POST
@login_required
def lock(request, code: str, pk: int):
    final, _ = final_of_request(request, code, pk, perms.SCORE_LOCK)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再锁定")
        return back(final)
    try:
        locks.lock(final, actor=Actor.of(request))
    except ScoringError as exc:
        refused(request, exc)
        return redirect("judging:problems", code=code, pk=pk)
    messages.success(request, "成绩已锁定。此后更正须填写理由，并经监督确认。")
    return back(final)
