"""Addresses of the app under one namespace."""

from django.urls import path

from .views import adding, lists, person, stats

app_name = "talent"
E = "office/<slug:code>/talent/"
ORG = E + "org/<int:org>/"
P = E + "people/<int:pk>/"

urlpatterns = [
    path(E, lists.home, name="home"),
    path(E + "export.xlsx", lists.export, name="export"),
    path(E + "template.xlsx", adding.import_template, name="template"),
    path(E + "statistics/", stats.overview, name="statistics"),
    path(E + "statistics/<slug:slug>.xlsx", stats.table_file, name="statistics_file"),
    path(ORG, lists.organization, name="organization"),
    path(ORG + "export.xlsx", lists.export, name="organization_export"),
    path(ORG + "add/", adding.add, name="add"),
    path(ORG + "import/", adding.import_people, name="import"),
    path(P, person.person_page, name="person"),
    path(P + "full/", person.person_full, name="person_full"),
    path(P + "copy.xlsx", person.personal_copy, name="personal_copy"),
    path(P + "follow-up/<slug:kind>/", person.follow_up_add, name="follow_up_add"),
    path(P + "follow-up/<int:record>/delete/", person.follow_up_delete, name="follow_up_delete"),
    path(P + "consent/", person.consent_add, name="consent_add"),
    path(P + "erase/", person.erase, name="erase"),
]
