"""The excellent organization award's addresses under one namespace."""

from . import urls_office

app_name = "orgaward"
urlpatterns = [*urls_office.urlpatterns]
