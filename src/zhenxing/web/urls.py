"""The web app's addresses under one namespace: public pages and back-office pages."""

from . import urls_office, urls_public

app_name = "web"
urlpatterns = [*urls_public.urlpatterns, *urls_office.urlpatterns]
