"""Finals pages under an event: scheme, panel, anonymity, score entry, problems, lock, theory."""

from django.urls import path

from .views import anonymity, hub, marks, panel, schemes, theory

P = "office/<slug:code>/events/<int:pk>/final/"

urlpatterns = [
    path(P, hub.final_home, name="final_home"),
    path(P + "scheme/", schemes.scheme_edit, name="scheme_edit"),
    path(P + "scheme.xlsx", schemes.scheme_export, name="scheme_export"),
    path(P + "panel/", panel.panel, name="panel"),
    path(P + "draw/", anonymity.draw_numbers, name="draw_numbers"),
    path(P + "numbers/", anonymity.numbers, name="numbers"),
    path(P + "anonymity/", anonymity.anonymity, name="anonymity"),
    path(P + "anonymity/draw/<str:layer>/", anonymity.draw_layer, name="draw_layer"),
    path(P + "decryption/", anonymity.decryption, name="decryption"),
    path(P + "settings/", anonymity.final_settings, name="final_settings"),
    path(P + "scoring/", marks.score_index, name="score_index"),
    path(P + "scoring/<str:number>/", marks.score_sheet, name="score_sheet"),
    path(P + "marks/<int:mark_id>/confirm/", marks.confirm_mark, name="confirm_mark"),
    path(P + "marks/<int:mark_id>/resolve/", marks.resolve_mark, name="resolve_mark"),
    path(P + "problems/", marks.problems, name="problems"),
    path(P + "competitors/<int:cid>/absent/", marks.mark_absent, name="mark_absent"),
    path(P + "lock/", marks.lock, name="lock"),
    path(P + "theory/", theory.theory, name="theory"),
    path(P + "theory.xlsx", theory.theory_export, name="theory_export"),
]
