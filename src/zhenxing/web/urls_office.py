"""Back-office pages for people with a role in an edition."""

from django.urls import path

from . import views
from .edition_settings import edition_settings

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("office/<slug:code>/audit/", views.audit_log, name="audit_log"),
    path("office/<slug:code>/settings/", edition_settings, name="edition_settings"),
    path(
        "office/<slug:code>/organizations/<int:pk>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path("office/<slug:code>/events/<int:pk>/", views.event_detail, name="event_detail"),
]
