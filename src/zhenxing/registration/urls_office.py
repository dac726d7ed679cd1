"""Registration pages for delegations, host units and the committee office."""

from django.urls import path, register_converter

from . import views


class ExportFormat:
    regex = "xlsx|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "fmt")

urlpatterns = [
    path("office/<slug:code>/delegations/", views.delegation_list, name="delegation_list"),
    path("office/<slug:code>/delegations/mine/", views.my_delegation, name="my_delegation"),
    path(
        "office/<slug:code>/delegations/<int:pk>/",
        views.delegation_detail,
        name="delegation_detail",
    ),
    path(
        "office/<slug:code>/delegations/<int:pk>/submit/",
        views.delegation_submit,
        name="delegation_submit",
    ),
    path("office/<slug:code>/delegations/<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path(
        "office/<slug:code>/delegations/<int:pk>/entries/check/",
        views.entry_check,
        name="entry_check",
    ),
    path("office/<slug:code>/entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("office/<slug:code>/entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("office/<slug:code>/entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("office/<slug:code>/entries/<int:pk>/approve/", views.entry_approve, name="entry_approve"),
    path("office/<slug:code>/entries/<int:pk>/return/", views.entry_return, name="entry_return"),
    path("office/<slug:code>/entries/<int:pk>/reveal/", views.entry_reveal, name="entry_reveal"),
    path(
        "office/<slug:code>/entries/<int:pk>/documents/",
        views.document_upload,
        name="document_upload",
    ),
    path(
        "office/<slug:code>/documents/<int:pk>/", views.document_download, name="document_download"
    ),
    path(
        "office/<slug:code>/documents/<int:pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path("office/<slug:code>/review/", views.review_queue, name="review_queue"),
    path(
        "office/<slug:code>/review/approve-clean/",
        views.review_approve_clean,
        name="review_approve_clean",
    ),
    path("office/<slug:code>/events/", views.event_list, name="event_list"),
    path("office/<slug:code>/events/<int:pk>/arrangement/", views.arrangement, name="arrangement"),
    path(
        "office/<slug:code>/delegations/<int:pk>/export.<fmt:fmt>",
        views.export_delegation,
        name="export_delegation",
    ),
    path(
        "office/<slug:code>/events/<int:pk>/entries.<fmt:fmt>",
        views.export_event,
        name="export_event",
    ),
    path("office/<slug:code>/template.xlsx", views.template_download, name="template_download"),
    path(
        "office/<slug:code>/delegations/<int:pk>/import/", views.import_start, name="import_start"
    ),
    path("office/<slug:code>/imports/<int:pk>/", views.import_job, name="import_job"),
    path(
        "office/<slug:code>/imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"
    ),
    path(
        "office/<slug:code>/imports/<int:pk>/errors.xlsx", views.import_errors, name="import_errors"
    ),
]
