"""Addresses of the exam's back office, under the edition (the contestants' are in urls_exam)."""

from django.urls import path

from .views import analysis, banks, grade, papers, sittings

app_name = "exams"
E = "office/<slug:code>/exams/"
EV = E + "event/<int:event>/"
S = E + "sittings/<int:pk>/"

urlpatterns = [
    path(E, banks.home, name="home"),
    path(E + "template.xlsx", banks.bank_template, name="template"),
    path(E + "banks/<int:pk>/", banks.bank_page, name="bank"),
    path(E + "banks/<int:pk>/import/", banks.import_bank, name="import"),
    path(E + "banks/<int:pk>/export.xlsx", banks.bank_export, name="export"),
    path(E + "banks/<int:pk>/q/<int:number>/", banks.question_edit, name="question"),
    path(E + "banks/<int:pk>/q/<int:number>/retire/", banks.question_retire, name="retire"),
    path(E + "banks/<int:pk>/q/<int:number>/image/", banks.question_image, name="question_image"),
    path(E + "banks/<int:pk>/v/<int:version>/image/", banks.version_image, name="image"),
    path(
        E + "banks/<int:pk>/v/<int:version>/image/<int:option>/",
        banks.version_image,
        name="option_image",
    ),
    path(EV, papers.event_page, name="event"),
    path(EV + "blueprints/new/", papers.blueprint_edit, name="blueprint_new"),
    path(EV + "blueprints/<int:pk>/edit/", papers.blueprint_edit, name="blueprint_edit"),
    path(EV + "sittings/new/", sittings.sitting_new, name="sitting_new"),
    path(E + "blueprints/<int:pk>/", papers.blueprint_page, name="blueprint"),
    path(E + "draws/<int:pk>/", papers.draw_page, name="draw"),
    path(E + "draws/<int:pk>/confirm/", papers.draw_confirm, name="draw_confirm"),
    path(E + "papers/<int:pk>/", papers.paper_page, name="paper"),
    path(E + "papers/<int:pk>/<str:what>.pdf", papers.paper_pdf, name="paper_pdf"),
    path(S, sittings.sitting_page, name="sitting"),
    path(S + "codes/", sittings.codes_sheet, name="codes"),
    path(S + "time/", sittings.reschedule, name="reschedule"),
    path(S + "attempts/<int:attempt>/extend/", sittings.extend, name="extend"),
    path(S + "attempts/<int:attempt>/code/", sittings.new_code, name="new_code"),
    path(S + "write/", sittings.write_scores, name="write"),
    path(S + "grade/", grade.queue, name="grade"),
    path(S + "analysis/", analysis.analysis_page, name="analysis"),
]
