"""The office's statistics: each chart with its table beside it and the table as xlsx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms

from .. import access, exports, statistics
from .lists import xlsx_response


@require_GET
@login_required
def overview(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    access.database_for_user(request.user, edition, perms.TALENT_ALL)
    tables = statistics.all_tables(timezone.localdate())
    charts = {t.slug: t.as_chart() for t in tables}
    return render(
        request, "talent/statistics.html", {"edition": edition, "tables": tables, "charts": charts}
    )


@require_GET
@login_required
def table_file(request, code: str, slug: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    access.database_for_user(request.user, edition, perms.TALENT_ALL)
    table = statistics.table(slug, timezone.localdate())
    if table is None:
        raise Http404("未找到该统计表")
    return xlsx_response(exports.table_xlsx(table), f"人才库统计_{table.title}.xlsx")
