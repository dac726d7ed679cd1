from django.contrib import admin

from .models import Final, Scheme


@admin.register(Final)
class FinalAdmin(admin.ModelAdmin):
    list_display = ["event", "locked_at", "published_at", "revision", "results_revision"]
    readonly_fields = ["revision", "results_revision", "results_computed_at", "problems"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["final", "version", "fingerprint", "created_at"]
    readonly_fields = ["data", "fingerprint", "version", "final", "created_by", "created_at"]
