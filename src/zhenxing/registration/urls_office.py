"""Registration pages for delegations, host units and the committee office."""

from django.urls import path, register_converter

from .views import arrangements, documents, entries, exports, imports, review, teams


class ExportFormat:
    regex = "xlsx|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "fmt")


urlpatterns = [
    path("office/<slug:code>/delegations/", entries.delegation_list, name="delegation_list"),
    path("office/<slug:code>/delegations/mine/", entries.my_delegation, name="my_delegation"),
    path(
        "office/<slug:code>/delegations/<int:pk>/",
        entries.delegation_detail,
        name="delegation_detail",
    ),
    path(
        "office/<slug:code>/delegations/<int:pk>/submit/",
        entries.delegation_submit,
        name="delegation_submit",
    ),
    path(
        "office/<slug:code>/delegations/<int:pk>/entries/new/", entries.entry_new, name="entry_new"
    ),
    path(
        "office/<slug:code>/delegations/<int:pk>/entries/check/",
        entries.entry_check,
        name="entry_check",
    ),
    path(
        "office/<slug:code>/delegations/<int:pk>/teams/new/<int:event_pk>/",
        teams.team_new,
        name="team_new",
    ),
    path("office/<slug:code>/teams/<int:pk>/", teams.team_edit, name="team_edit"),
    path("office/<slug:code>/teams/<int:pk>/dissolve/", teams.team_dissolve, name="team_dissolve"),
    path("office/<slug:code>/entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("office/<slug:code>/entries/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("office/<slug:code>/entries/<int:pk>/delete/", entries.entry_delete, name="entry_delete"),
    path(
        "office/<slug:code>/entries/<int:pk>/approve/", review.entry_approve, name="entry_approve"
    ),
    path("office/<slug:code>/entries/<int:pk>/return/", review.entry_return, name="entry_return"),
    path("office/<slug:code>/entries/<int:pk>/reveal/", entries.entry_reveal, name="entry_reveal"),
    path(
        "office/<slug:code>/entries/<int:pk>/documents/",
        documents.document_upload,
        name="document_upload",
    ),
    path(
        "office/<slug:code>/documents/<int:pk>/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "office/<slug:code>/documents/<int:pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    path("office/<slug:code>/review/", review.review_queue, name="review_queue"),
    path(
        "office/<slug:code>/review/approve-clean/",
        review.review_approve_clean,
        name="review_approve_clean",
    ),
    path("office/<slug:code>/events/", arrangements.event_list, name="event_list"),
    path(
        "office/<slug:code>/events/<int:pk>/arrangement/",
        arrangements.arrangement,
        name="arrangement",
    ),
    path(
        "office/<slug:code>/delegations/<int:pk>/export.<fmt:fmt>",
        exports.export_delegation,
        name="export_delegation",
    ),
    path(
        "office/<slug:code>/events/<int:pk>/entries.<fmt:fmt>",
        exports.export_event,
        name="export_event",
    ),
    path("office/<slug:code>/template.xlsx", exports.template_download, name="template_download"),
    path(
        "office/<slug:code>/delegations/<int:pk>/import/", imports.import_start, name="import_start"
    ),
    path("office/<slug:code>/imports/<int:pk>/", imports.import_job, name="import_job"),
    path(
        "office/<slug:code>/imports/<int:pk>/confirm/",
        imports.import_confirm,
        name="import_confirm",
    ),
    path(
        "office/<slug:code>/imports/<int:pk>/errors.xlsx",
        imports.import_errors,
        name="import_errors",
    ),
]
