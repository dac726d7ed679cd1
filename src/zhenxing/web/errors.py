"""The page a request gets when the server fails (urls.handler500)."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_SECONDS = 10


def server_error(request):
    """A database briefly out of reach (restarting, failing over) is not the platform's fault and
    passes in seconds: 503 with a retry time and what to do, rendered without touching the
    database. Anything else is the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    return defaults.server_error(request)
