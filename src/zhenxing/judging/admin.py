from django import forms
from django.contrib import admin

from zhenxing.orgs.admin import AuditedAdmin
from zhenxing.orgs.models import Membership

from .locking import ScoringError
from .models import Final, Scheme
from .panel import JUDGING_ROLES, check_new_judge


@admin.register(Final)
class FinalAdmin(admin.ModelAdmin):
    list_display = ["event", "locked_at", "published_at", "revision", "results_revision"]
    readonly_fields = ["revision", "results_revision", "results_computed_at", "problems"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["final", "version", "fingerprint", "created_at"]
    readonly_fields = ["data", "fingerprint", "version", "final", "created_by", "created_at"]


class MembershipForm(forms.ModelForm):
    """The panel page's rules hold here too: no panel change once an event's scores are locked,
    and no judge of an organization with a finalist in the event."""

    class Meta:
        model = Membership
        fields = ["user", "edition", "organization", "role", "event", "created_at"]

    def clean(self):
        data = super().clean()
        event = data.get("event")
        final = Final.objects.filter(event=event).first() if event else None
        if final is None:
            return data
        if final.locked:
            raise forms.ValidationError("该项目成绩已锁定，评判组不能再调整。")
        user, organization = data.get("user"), data.get("organization")
        if data.get("role") in JUDGING_ROLES and user and organization:
            try:
                check_new_judge(final, user, organization.name)
            except ScoringError as exc:
                raise forms.ValidationError(exc.messages) from None
        return data


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    """Roles are given here (and on the panel page for an event's panel); registered by the
    finals, whose panel rules it applies."""

    form = MembershipForm
    list_display = ["user", "edition", "organization", "role", "event"]
    list_filter = ["edition", "role"]
    autocomplete_fields = ["organization"]
