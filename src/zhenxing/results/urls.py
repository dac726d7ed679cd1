"""The results app's addresses under one namespace: its public pages and its office pages."""

from . import urls_office, urls_public

app_name = "results"
urlpatterns = [*urls_public.urlpatterns, *urls_office.urlpatterns]
