"""The finals' addresses under one namespace (back-office pages only: there are no public ones)."""

from .urls_office import urlpatterns

app_name = "judging"
__all__ = ["app_name", "urlpatterns"]
