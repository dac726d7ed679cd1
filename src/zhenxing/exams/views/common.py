"""What the exam's views share: the edition, xlsx responses, a refusal as a page message."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from zhenxing.orgs import access as org_access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def edition_of(request, code: str):
    edition, _ = org_access.edition_for_user(request.user, code)
    return edition


def xlsx_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
