"""The audit trail in the Django admin: readable by system administrators, never writable.

Nobody can add, change or delete an event here (the model and, on PostgreSQL, a trigger
refuse it as well)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from samvern.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["occurred_at", "actor_label", "organisation_label", "action", "target_type"]
    list_filter = ["occurred_at"]
    search_fields = ["action", "actor_label", "organisation_label", "target_id"]
    date_hierarchy = "occurred_at"
    actions = None
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: AuditEvent | None = None) -> list[str]:
        return [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
