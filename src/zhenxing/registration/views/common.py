"""What the registration pages share."""

from __future__ import annotations

from zhenxing.orgs import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def edition_of(request, code):
    edition, _ = access.edition_for_user(request.user, code)
    return edition
