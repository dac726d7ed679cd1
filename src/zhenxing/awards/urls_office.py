"""Awards pages for the office, HRSS, host units and delegations."""

from django.urls import path, register_converter

from .views import certificates, event, finals, kinds, layouts, overview


class FileFormat:
    regex = "xlsx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FileFormat, "listfmt")
E = "office/<slug:code>/"

urlpatterns = [
    path(E + "awards/", overview.awards_home, name="home"),
    path(E + "awards/honours.<listfmt:fmt>", overview.honours_file, name="honours_file"),
    path(E + "awards/certificate-kinds/", kinds.certificate_kinds, name="certificate_kinds"),
    path(E + "awards/national-finals/", finals.national_finals, name="national_finals"),
    path(
        E + "awards/national-finals.xlsx", finals.national_finals_file, name="national_finals_file"
    ),
    path(E + "awards/layouts/<slug:kind>/", layouts.layout_edit, name="layout_edit"),
    path(E + "awards/layouts/<slug:kind>/preview/", layouts.layout_preview, name="layout_preview"),
    path(E + "events/<int:pk>/awards/", event.event_awards, name="event_awards"),
    path(
        E + "events/<int:pk>/awards/<slug:which>.<listfmt:fmt>",
        event.event_list_file,
        name="event_list_file",
    ),
    path(E + "certificates/<str:serial>.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        E + "delegations/<int:pk>/certificates/",
        certificates.delegation_certificates,
        name="delegation_certificates",
    ),
    path(E + "certificates/batches/", certificates.batch_start, name="batch_start"),
    path(E + "certificates/batches/<int:pk>/", certificates.batch_detail, name="batch_detail"),
    path(
        E + "certificates/batches/<int:pk>/download/",
        certificates.batch_download,
        name="batch_download",
    ),
]
