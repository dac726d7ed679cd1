"""An event's exam page, blueprints, draws (with the supervisor's confirmation) and papers."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.judging.locking import final_of
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import access, banks, papers, printing
from ..forms import BlueprintForm, DrawForm
from ..models import Blueprint, Kind, Paper, PaperDraw, Part, Sitting
from .common import edition_of


@require_GET
@login_required
def event_page(request, code: str, event: int):
    edition = edition_of(request, code)
    event, allowed = access.event_for_user(request.user, edition, event)
    bank = access.part_bank(edition, event, Part.KNOWLEDGE)
    affairs = access.part_bank(edition, None, Part.CURRENT_AFFAIRS)
    draws = PaperDraw.objects.filter(blueprint__event=event).select_related(
        "blueprint", "drawn_by", "confirmed_by"
    )
    context = {
        "edition": edition,
        "event": event,
        "allowed": allowed,
        "bank": bank,
        "bank_count": banks.current_versions(bank).count(),
        "affairs": affairs,
        "affairs_count": banks.current_versions(affairs).count(),
        "blueprints": Blueprint.objects.filter(event=event),
        "draws": draws,
        "sittings": Sitting.objects.filter(final__event=event).select_related("paper__draw"),
        "perms": perms,
        "final": final_of(event) if perms.EXAM_INVIGILATE in allowed else None,
    }
    return render(request, "exams/event.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def blueprint_edit(request, code: str, event: int, pk: int | None = None):
    edition = edition_of(request, code)
    event, _ = access.event_for_user(request.user, edition, event, perms.EXAM_BANK)
    blueprint = None
    initial = {"part": Part.KNOWLEDGE, "full_marks": Decimal(100)}
    if pk is not None:
        blueprint, _, _ = access.blueprint_for_user(request.user, edition, pk, perms.EXAM_BANK)
        initial = {"name": blueprint.name, "part": blueprint.part,
                   "full_marks": blueprint.full_marks, "rows": papers.rows_text(blueprint.rows)}  # fmt: skip
    form = BlueprintForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rows, problems = papers.parse_rows(form.cleaned_data["rows"])
        try:
            if problems:
                raise papers.PaperError(problems)
            blueprint = papers.save_blueprint(
                event, blueprint, form.cleaned_data, rows, actor=Actor.of(request)
            )
        except papers.PaperError as exc:
            for message in exc.messages:
                form.add_error("rows", message)
        else:
            messages.success(request, f"已保存细目表“{blueprint.name}”。")
            return redirect("exams:blueprint", code=code, pk=blueprint.pk)
    context = {"edition": edition, "event": event, "blueprint": blueprint, "form": form}
    return render(request, "exams/blueprint_edit.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def blueprint_page(request, code: str, pk: int):
    """The blueprint, its sum and fill checks, and (for the host unit) the draw form."""
    edition = edition_of(request, code)
    blueprint, event, allowed = access.blueprint_for_user(request.user, edition, pk)
    form = DrawForm(request.POST or None)
    sets, overlap = 2, Decimal("0.5")
    if request.method == "POST":
        if perms.EXAM_DRAW not in allowed:
            raise PermissionDenied("只有承办单位可以抽卷")
        if form.is_valid():
            sets = form.cleaned_data["sets"]
            overlap = Decimal(form.cleaned_data["max_overlap"]) / 100
            try:
                record = papers.draw(
                    blueprint, seed=form.cleaned_data["seed"], sets=sets,
                    max_overlap=overlap, actor=Actor.of(request),
                )  # fmt: skip
            except papers.PaperError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, f"已抽取 {record.sets} 套试卷（种子 {record.seed}），请监督确认。"
                )
                return redirect("exams:draw", code=code, pk=record.pk)
    summed, filled = papers.check(blueprint, sets=sets, max_overlap=overlap)
    rows = [
        (row, Kind(row["kind"]).label, Decimal(row["points"]) * row["count"])
        for row in blueprint.rows
    ]
    context = {
        "edition": edition, "event": event, "blueprint": blueprint, "rows": rows,
        "summed": summed, "filled": filled, "form": form,
        "may_draw": perms.EXAM_DRAW in allowed, "may_edit": perms.EXAM_BANK in allowed,
    }  # fmt: skip
    return render(request, "exams/blueprint.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def draw_page(request, code: str, pk: int):
    edition = edition_of(request, code)
    record, event, allowed = access.draw_for_user(request.user, edition, pk)
    check = request.GET.get("check") == "1"
    shown = [(p, access.may_read_paper(request.user, p)) for p in record.papers.all()]
    context = {
        "edition": edition, "event": event, "record": record, "papers": shown,
        "matches": papers.redraw_matches(record) if check else None,
        "may_confirm": perms.EXAM_SUPERVISE in allowed and record.drawn_by_id != request.user.pk
        and not record.confirmed_at,
        "questions": sum(r["count"] for r in record.inputs["rows"]),
        "bank_size": len(record.inputs["bank"]),
    }  # fmt: skip
    return render(request, "exams/draw.html", context)


@require_POST
@login_required
def draw_confirm(request, code: str, pk: int):
    edition = edition_of(request, code)
    record, _, _ = access.draw_for_user(request.user, edition, pk, perms.EXAM_SUPERVISE)
    try:
        papers.confirm(record, actor=Actor.of(request))
    except papers.PaperError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已确认抽卷，试卷可用于考试。")
    return redirect("exams:draw", code=code, pk=record.pk)


@require_GET
@login_required
def paper_page(request, code: str, pk: int):
    """A paper's questions with keys: sealed (404) to all but its drawer until the exam opens."""
    edition = edition_of(request, code)
    paper = access.paper_for_user(request.user, edition, pk)
    items = list(paper.items.select_related("version__question"))
    for item in items:
        v = item.version
        item.shown_options = [
            (letter, text, reverse("exams:option_image", args=[code, v.question.bank_id, v.pk, i])
             if v.option_image(i) else "")
            for i, (letter, text) in enumerate(zip(v.letters, v.options, strict=True))
        ]  # fmt: skip
    context = {"edition": edition, "paper": paper, "event": paper.draw.blueprint.event,
               "items": items, "may_print_key": access.may_read_key(request.user, paper)}  # fmt: skip
    return render(request, "exams/paper.html", context)


@require_GET
@login_required
def paper_pdf(request, code: str, pk: int, what: str):
    """The paper, its answer sheet or its key as a PDF for a paper exam: sealed like the paper;
    the key only to its drawer, and after the exam opens to the host unit and the supervisor."""
    if what not in printing.DOCUMENTS:
        raise Http404("没有这种文件")
    edition = edition_of(request, code)
    paper = access.paper_for_user(request.user, edition, pk)
    if what == "key" and not access.may_read_key(request.user, paper):
        raise Http404("未找到该试卷的参考答案")
    name = f"{paper.draw.blueprint.name}_{paper.label}{printing.DOCUMENTS[what]}.pdf"
    response = HttpResponse(printing.paper_pdf(paper, what), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def papers_of(event) -> list[Paper]:
    """The papers of confirmed draws of the event, official first."""
    return list(
        Paper.objects.filter(draw__blueprint__event=event, draw__confirmed_at__isnull=False)
        .select_related("draw__blueprint")
        .order_by("-draw__drawn_at", "index")
    )
