from django.contrib import admin

from zhenxing.orgs.admin import AuditedAdmin

from .models import Edition, Event, Occupation


@admin.register(Edition)
class EditionAdmin(AuditedAdmin):
    list_display = ["code", "name", "period_start", "period_end", "registration_deadline"]
    fields = [
        "code",
        "name",
        "theme",
        "period_start",
        "period_end",
        "finals_deadline",
        "materials_deadline",
        "registration_deadline",
        "rulebook_sha256",
        "loaded_at",
    ]
    readonly_fields = ["code", "rulebook_sha256", "loaded_at"]

    def has_add_permission(self, request):
        return False  # editions come from a rulebook file: zhenxing edition load FILE


@admin.register(Occupation)
class OccupationAdmin(AuditedAdmin):
    list_display = ["name", "edition", "level", "certificate", "certificate_confirmed"]
    list_filter = ["edition", "level", "certificate_confirmed"]
    list_editable = []
    readonly_fields = ["edition", "name", "level"]

    def has_add_permission(self, request):
        return False


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ["__str__", "edition", "group", "host_unit"]
    list_filter = ["edition", "group"]
    readonly_fields = ["edition", "occupation", "group"]
    autocomplete_fields = ["host_unit"]

    def has_add_permission(self, request):
        return False
