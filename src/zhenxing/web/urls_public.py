"""Pages anyone may read."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.views.decorators.http import require_GET

from . import views
from .health import healthz


@require_GET
def favicon(request):
    """Browsers ask /favicon.ico of pages that name no icon (the admin, the API docs)."""
    return redirect(static("zhenxing/favicon.svg"), permanent=True)


urlpatterns = [
    path("", views.home, name="home"),
    path("editions/<slug:code>/", views.edition_public, name="edition_public"),
    path("language/<str:language>/", views.switch_language, name="switch_language"),
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
]
