"""Theory scores: typed on the page or uploaded as xlsx (through the spreadsheet guard)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.formats import marking_sheets
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from ..locking import ScoringError
from ..theory import save_theory
from .common import XLSX, final_of_request


@require_http_methods(["GET", "POST"])
@login_required
def theory(request, code: str, pk: int):
    final, _ = final_of_request(request, code, pk, perms.THEORY_ENTER)
    competitors = list(final.competitors.select_related("theory"))
    errors = []
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                upload = marking_sheets.read_upload(request.FILES["file"])
                rows = marking_sheets.theory_from_xlsx(upload)
            else:
                rows = {
                    c.number: (
                        request.POST.get(f"ca_{c.number}"),
                        request.POST.get(f"k_{c.number}"),
                    )
                    for c in competitors
                }
            changed = save_theory(final, rows, actor=Actor.of(request))
        except marking_sheets.SheetError as exc:
            errors = [str(exc)]
        except ScoringError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"理论成绩已保存（{changed} 名选手有变化）")
            return redirect("judging:theory", code=code, pk=pk)
    context = {"final": final, "event": final.event, "competitors": competitors, "errors": errors}
    return render(request, "judging/theory.html", context, status=400 if errors else 200)


@require_GET
@login_required
def theory_export(request, code: str, pk: int):
    final, _ = final_of_request(request, code, pk, perms.THEORY_ENTER)
    rows = []
    for c in final.competitors.select_related("theory"):
        score = getattr(c, "theory", None)
        rows.append(
            (c.number, score.current_affairs if score else None, score.knowledge if score else None)
        )
    response = HttpResponse(marking_sheets.theory_xlsx(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="theory-{final.event.pk}.xlsx"'
    return response
