"""Pages anyone may read."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("editions/<slug:code>/", views.edition_public, name="edition_public"),
    path("language/<str:language>/", views.switch_language, name="switch_language"),
]
