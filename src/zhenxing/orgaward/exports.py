"""The award's files: the A4 form as printed (项目, 指标, 评分标准, 满分, 自评得分, 考核得分, and
the veto rows) and the ranking, as xlsx; every cell is text, never run as a formula."""

from __future__ import annotations

import io

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from zhenxing.registration.exports import to_xlsx
from zhenxing.rules.numbers import decimal_text

from . import filling
from .assessment import ranking
from .models import SelfEvaluation

FORM = ["项目", "指标", "评分标准", "满分", "自评得分", "考核得分"]
RANKING = ["名次", "单位", "自评总分", "考核总分", "一票否决", "授予优秀组织奖"]


def form_rows(edition, organization) -> tuple[str, list[list[str]]]:
    """The form's printed rows: as submitted (with the assessment, once made), else as filled
    now; then the veto rows and the totals."""
    rulebook = edition.rulebook()
    stored = SelfEvaluation.objects.filter(edition=edition, organization=organization).first()
    if stored is not None and stored.is_locked:
        rows, totals = stored.rows, filling.submitted_totals(stored, rulebook)
    else:
        filled = filling.fill(edition, organization)
        rows, totals = filling.rows(filled, rulebook), filling.totals(filled)
        stored = None
    assessed = stored.assessed if stored is not None else {}
    body = [
        [
            r["category"],
            r["indicator"],
            r["rule"],
            r["max"],
            r["score"],
            assessed.get(r["key"], {}).get("score", ""),
        ]
        for r in rows
    ]
    vetoes = set(stored.vetoes) if stored is not None and stored.assessed else None
    for veto in rulebook.orgaward.vetoes:
        found = "" if vetoes is None else ("是" if veto.code in vetoes else "否")
        body.append(["一票否决", veto.label, veto.rule, "", "", found])
    has_assessment = stored is not None and stored.assessed_total is not None
    body.append(
        [
            "合计",
            "",
            f"基础分满分 {decimal_text(rulebook.orgaward.base_max)}，另有加分项",
            "",
            totals["total"],
            decimal_text(stored.assessed_total) if has_assessment else "",
        ]
    )
    return f"优秀组织奖自评表（{organization.body or organization.name}）", body


def _spans(body: list[list[str]]) -> list[int]:
    """How many rows each 项目 cell covers as printed (0: merged into the one above)."""
    spans, start = [0] * len(body), 0
    for index in range(1, len(body) + 1):
        if index == len(body) or body[index][0] != body[start][0]:
            spans[start], start = index - start, index
    return spans


def form_xlsx(edition, organization) -> bytes:
    """As printed: the 项目 cells merged over their rows, text wrapped in its column."""
    title, body = form_rows(edition, organization)
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, options | {"strings_to_urls": False})
    sheet = book.add_worksheet("自评表")
    bold = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
    sheet.merge_range(0, 0, 0, len(FORM) - 1, title, book.add_format({"bold": True}))
    sheet.write_row(1, 0, FORM, bold)
    for index, (span, row) in enumerate(zip(_spans(body), body, strict=True), start=2):
        if span > 1:
            sheet.merge_range(index, 0, index + span - 1, 0, row[0], cell)
        elif span == 1:
            sheet.write_string(index, 0, row[0], cell)
        for column, text in enumerate(row[1:], start=1):
            sheet.write_string(index, column, text, cell)
    for column, width in enumerate((16, 22, 48, 6, 9, 9)):
        sheet.set_column(column, column, width)
    book.close()
    return buffer.getvalue()


def form_pdf(edition, organization) -> bytes:
    """The form as the notice prints it (A4, the 项目 cells merged over their rows), with
    Noto CJK embedded."""
    title, body = form_rows(edition, organization)
    spans = _spans(body)
    html = render_to_string(
        "orgaward/form_document.html",
        {
            "title": title,
            "unit": organization.body or organization.name,
            "header": FORM,
            "rows": list(zip(spans, body, strict=True)),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def ranking_rows(edition) -> list[list[str]]:
    return [
        [
            str(s.rank) if s.rank is not None else "—",
            s.form.organization.body or s.form.organization.name,
            decimal_text(s.form.total),
            decimal_text(s.form.assessed_total),
            "是" if s.form.vetoes else "否",
            "是" if s.form.awarded else "",
        ]
        for s in ranking(edition)
    ]


def ranking_xlsx(edition) -> bytes:
    return to_xlsx(RANKING, ranking_rows(edition), f"{edition.name} 优秀组织奖考核排名", "排名")
