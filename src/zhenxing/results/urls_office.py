"""Results pages for the office, supervisors and arbitrators, under an event's final."""

from django.urls import path

from .views import office

P = "office/<slug:code>/events/<int:pk>/final/"

urlpatterns = [
    path(P + "results/", office.results, name="results"),
    path(P + "publish/", office.publish, name="publish"),
    path(P + "recheck/", office.recheck_page, name="recheck"),
    path(P + "corrections/", office.corrections, name="corrections"),
    path(P + "corrections/<int:correction_id>/witness/", office.witness, name="witness_correction"),
    path(P + "appeals/", office.appeals, name="appeals"),
]
