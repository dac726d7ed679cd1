"""Registration's addresses under one namespace (it has back-office pages only)."""

from .urls_office import urlpatterns

app_name = "registration"
__all__ = ["app_name", "urlpatterns"]
