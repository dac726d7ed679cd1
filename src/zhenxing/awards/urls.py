"""The awards app's addresses under one namespace: public verification and office pages."""

from . import urls_office, urls_public

app_name = "awards"
urlpatterns = [*urls_public.urlpatterns, *urls_office.urlpatterns]
