"""The accounts app's addresses: the office pages under an edition, and the set-password link."""

from django.urls import path

from . import views

app_name = "accounts"
E = "office/<slug:code>/accounts/"
urlpatterns = [
    path(E, views.accounts_home, name="home"),
    path(E + "import/", views.accounts_import, name="import"),
    path(E + "template.xlsx", views.accounts_template, name="template"),
    path(E + "links/", views.accounts_created, name="created"),
    path(E + "links.xlsx", views.created_file, name="created_file"),
    path(E + "<int:pk>/active/", views.account_active, name="active"),
    path(E + "<int:pk>/link/", views.account_link, name="link"),
    path("accounts/set-password/<uidb64>/<token>/", views.set_password, name="set_password"),
]
