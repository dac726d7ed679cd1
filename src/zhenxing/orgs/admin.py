from django.contrib import admin

from . import audit
from .audit import Actor
from .models import ApiToken, AuditEntry, Organization


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the Django admin go through the audit log like any other."""

    def _edition_of(self, obj):
        return getattr(obj, "edition", None) if obj._meta.model_name != "edition" else obj

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj))
        changes.pop("rulebook_text", None)
        audit.record(
            audit.admin_action(obj, "changed" if change else "created"),
            obj,
            actor=Actor.of(request),
            edition=self._edition_of(obj),
            changes=changes,
        )

    def delete_model(self, request, obj):
        audit.record(
            audit.admin_action(obj, "deleted"),
            obj,
            actor=Actor.of(request),
            edition=self._edition_of(obj),
            changes={"deleted": [str(obj), None]},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "body", "kind", "contact_name", "contact_phone"]
    list_filter = ["kind"]
    search_fields = ["name", "body"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: no one edits or deletes the log through the app."""

    list_display = ["created_at", "actor_name", "ip_address", "action", "object_repr"]
    list_filter = ["action", "edition"]
    search_fields = ["action", "actor_name", "object_repr", "reason"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "lookup", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "lookup", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
