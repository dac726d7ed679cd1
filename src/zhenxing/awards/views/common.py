"""What the awards pages share."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from zhenxing.judging.locking import ScoringError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"xlsx": XLSX, "pdf": "application/pdf", "zip": "application/zip"}


def refused(request, exc: ScoringError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def download(payload: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
