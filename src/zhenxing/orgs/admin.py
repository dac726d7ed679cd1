from django import forms
from django.contrib import admin

from . import audit
from .models import ApiToken, AuditEntry, Membership, Organization, Role


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the Django admin go through the audit log like any other."""

    def _edition_of(self, obj):
        return getattr(obj, "edition", None) if obj._meta.model_name != "edition" else obj

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj))
        changes.pop("rulebook_text", None)
        action = "changed" if change else "created"
        audit.record(
            f"admin.{obj._meta.label_lower}.{action}",
            obj,
            request=request,
            edition=self._edition_of(obj),
            changes=changes,
        )

    def delete_model(self, request, obj):
        audit.record(
            f"admin.{obj._meta.label_lower}.deleted",
            obj,
            request=request,
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


class MembershipForm(forms.ModelForm):
    """The panel page's rules hold here too: no panel change once an event's scores are locked,
    and no judge of an organization with a finalist in the event."""

    class Meta:
        model = Membership
        fields = ["user", "edition", "organization", "role", "event", "created_at"]

    def clean(self):
        data = super().clean()
        final = _final_of(data.get("event"))
        if final is None:
            return data
        if final.locked:
            raise forms.ValidationError("该项目成绩已锁定，评判组不能再调整。")
        user, organization = data.get("user"), data.get("organization")
        if data.get("role") in (Role.JUDGE, Role.CHIEF_JUDGE) and user and organization:
            from zhenxing.judging import integrity, services

            try:
                integrity.check_new_judge(final, user, organization.name)
            except services.ScoringError as exc:
                raise forms.ValidationError(exc.messages) from None
        return data


def _final_of(event):
    from zhenxing.judging.models import Final

    return Final.objects.filter(event=event).first() if event else None


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    form = MembershipForm
    list_display = ["user", "edition", "organization", "role", "event"]
    list_filter = ["edition", "role"]
    autocomplete_fields = ["organization"]


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
