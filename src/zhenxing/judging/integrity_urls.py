"""Integrity pages under an event's final: anonymity, decryption, re-check, appeals, settings."""

from django.urls import path

from . import integrity_views as views

P = "office/<slug:code>/events/<int:pk>/final/"

urlpatterns = [
    path(P + "anonymity/", views.anonymity, name="anonymity"),
    path(P + "anonymity/draw/<str:layer>/", views.draw_layer, name="draw_layer"),
    path(P + "decryption/", views.decryption, name="decryption"),
    path(P + "recheck/", views.recheck, name="recheck"),
    path(P + "appeals/", views.appeals, name="appeals"),
    path(P + "settings/", views.final_settings, name="final_settings"),
]
