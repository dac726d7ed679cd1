"""The marking scheme editor (TOML, or an xlsx upload) and its xlsx export."""

from __future__ import annotations

import json
import re
import tomllib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhenxing.formats import marking_sheets
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import marking
from zhenxing.rules.numbers import decimal_text

from .. import scheme_rows
from ..locking import ScoringError
from ..schemes import current_scheme, rules_scheme, save_scheme
from .common import XLSX, final_of_request


@require_http_methods(["GET", "POST"])
@login_required
def scheme_edit(request, code: str, pk: int):
    need = perms.EVENT_MANAGE if request.method == "POST" else perms.SCORE_VIEW
    final, allowed = final_of_request(request, code, pk, need)
    scheme = current_scheme(final)
    parsed = rules_scheme(scheme) if scheme else None
    # a failed Excel import leaves the editor showing the current scheme, not an empty box
    text = request.POST["text"] if "text" in request.POST else _scheme_toml(parsed)
    rows = scheme_rows.rows_of(parsed)
    errors = []
    if request.method == "POST":
        if "rows" in request.POST:
            rows = scheme_rows.rows_posted(request.POST)
            if request.POST.get("action") == "more":  # more empty rows, nothing saved
                rows, data = scheme_rows.more_rows(rows), None
            else:
                data, errors = _rows_scheme(request, final, rows)
        else:
            data, errors = _posted_scheme(request, final)
        if data is not None:
            try:
                scheme, changed = save_scheme(final, data, actor=Actor.of(request))
            except marking.SchemeError as exc:
                errors = [f"{path}: {message}" for path, message in exc.errors]
            except ScoringError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    f"评分标准已保存（第 {scheme.version} 版）" if changed else "评分标准没有变化",
                )
                return redirect("judging:scheme_edit", code=code, pk=pk)
    context = {
        "final": final,
        "event": final.event,
        "scheme": scheme,
        "parsed": parsed,
        "versions": final.schemes.all(),
        "text": text,
        "errors": errors,
        "rows": rows,
        "kinds": [
            (k, f"{marking.KIND_NAMES[k]}（{marking.KIND_DESCRIPTIONS[k]}）") for k in marking.KINDS
        ],
        "scheme_name": request.POST.get("name", "")
        if "rows" in request.POST
        else getattr(parsed, "name", ""),
        "advanced": "text" in request.POST,
        "kind_labels": marking.KIND_DESCRIPTIONS,
        "can_manage": perms.EVENT_MANAGE in allowed,
    }
    return render(request, "judging/scheme.html", context, status=400 if errors else 200)


TOO_DEEP = (
    "评分标准嵌套层数过多，无法读取：方括号 [ ] 或花括号 { } 套了太多层。"
    "评分标准只需两层（模块、评分项），请参照示例修改"
)


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


def _rows_scheme(request, final, rows):
    name = request.POST.get("name", "").strip() or f"{final.event}实际操作"
    data, whole = scheme_rows.scheme_data(rows, name)
    if data is not None:
        return data, []
    if not scheme_rows.in_order(rows):
        return None, ["评分标准至少要有一个评分项：请在表中填写。"]
    return None, ["评分标准有误，未保存：请按表中标出的提示修改。", *whole]


def _posted_scheme(request, final):
    upload = request.FILES.get("file")
    try:
        if upload:
            name = request.POST.get("name", "").strip() or f"{final.event}实际操作"
            return marking_sheets.scheme_from_xlsx(marking_sheets.read_upload(upload), name), []
        return tomllib.loads(request.POST.get("text", "")), []
    except tomllib.TOMLDecodeError as exc:
        return None, [_toml_problem(exc)]
    except RecursionError:  # tomllib reads nested brackets by recursion: a = [[[[…
        return None, [TOO_DEEP]
    except marking_sheets.SheetError as exc:
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
            full = decimal_text(a.max)
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
    final, _ = final_of_request(request, code, pk)
    scheme = current_scheme(final)
    if scheme is None:
        raise Http404("还没有评分标准")
    data = marking_sheets.scheme_xlsx(rules_scheme(scheme))
    response = HttpResponse(data, content_type=XLSX)
    filename = f"scheme-{final.event.pk}-v{scheme.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
