"""Award pages for organizations (their own records and form) and the committee office."""

from django.urls import path, register_converter

from .views import assess, form, materials, records


class FileFormat:
    regex = "xlsx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FileFormat, "orgawardfmt")
E = "office/<slug:code>/orgaward/"
ORG = E + "<int:org>/"
R = ORG + "<slug:kind>/<int:pk>/"

urlpatterns = [
    path(E, records.home, name="home"),
    path(E + "ranking/", assess.ranking, name="ranking"),
    path(E + "ranking.xlsx", assess.ranking_file, name="ranking_file"),
    path(E + "materials/", materials.overview, name="materials_overview"),
    path(E + "materials.xlsx", materials.overview_file, name="materials_file"),
    path(E + "materials/<int:pk>/", materials.material_download, name="material"),
    path(E + "materials/<int:pk>/delete/", materials.material_delete, name="material_delete"),
    path(ORG, records.organization, name="organization"),
    path(ORG + "materials/", materials.checklist, name="materials"),
    path(ORG + "form.<orgawardfmt:fmt>", assess.form_file, name="form_file"),
    path(ORG + "assess/", assess.assess, name="assess"),
    path(ORG + "assess/evidence/", assess.veto_evidence_upload, name="veto_evidence"),
    path(ORG + "form/", form.form_page, name="form"),
    path(ORG + "form/submit/", form.form_submit, name="form_submit"),
    path(ORG + "form/return/", form.form_return, name="form_return"),
    path(ORG + "<slug:kind>/", records.record_list, name="records"),
    path(ORG + "<slug:kind>/new/", records.record_new, name="record_new"),
    path(R, records.record_detail, name="record"),
    path(R + "delete/", records.record_delete, name="record_delete"),
    path(R + "evidence/", records.evidence_upload, name="evidence_upload"),
    path(E + "evidence/<int:pk>/", records.evidence_download, name="evidence"),
    path(E + "evidence/<int:pk>/delete/", records.evidence_delete, name="evidence_delete"),
]
