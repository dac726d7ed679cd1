"""Finals scoring pages under an event, and the public results page."""

from django.urls import path

from . import views

P = "office/<slug:code>/events/<int:pk>/final/"

urlpatterns = [
    path(P, views.final_home, name="final_home"),
    path(P + "scheme/", views.scheme_edit, name="scheme_edit"),
    path(P + "scheme.xlsx", views.scheme_export, name="scheme_export"),
    path(P + "panel/", views.panel, name="panel"),
    path(P + "draw/", views.draw_numbers, name="draw_numbers"),
    path(P + "numbers/", views.numbers, name="numbers"),
    path(P + "scoring/", views.score_index, name="score_index"),
    path(P + "scoring/<str:number>/", views.score_sheet, name="score_sheet"),
    path(P + "marks/<int:mark_id>/confirm/", views.confirm_mark, name="confirm_mark"),
    path(P + "marks/<int:mark_id>/resolve/", views.resolve_mark, name="resolve_mark"),
    path(P + "problems/", views.problems, name="problems"),
    path(P + "competitors/<int:cid>/absent/", views.mark_absent, name="mark_absent"),
    path(P + "lock/", views.lock, name="lock"),
    path(P + "corrections/", views.corrections, name="corrections"),
    path(P + "corrections/<int:correction_id>/witness/", views.witness, name="witness_correction"),
    path(P + "theory/", views.theory, name="theory"),
    path(P + "theory.xlsx", views.theory_export, name="theory_export"),
    path(P + "results/", views.results, name="results"),
    path(P + "publish/", views.publish, name="publish"),
    path(
        "editions/<slug:code>/events/<int:pk>/results/", views.public_results, name="public_results"
    ),
]
