"""Reference data in the Django admin, for system administrators.

The files under places/data and `manage.py load_reference_data` are the source of this
data; the admin is for looking things up and for urgent corrections between two loads
(a later load puts the files' values back). Every change here is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from samvern.audit.services import audit_log
from samvern.places.models import County, Municipality, Succession


def _admin_user(request: HttpRequest) -> AbstractBaseUser | None:
    """The signed-in administrator (the admin site lets nobody else in)."""
    return request.user if isinstance(request.user, AbstractBaseUser) else None


class AuditedReferenceAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_log(
            actor=_admin_user(request),
            action=f"places.{obj._meta.model_name}.admin_{'changed' if change else 'created'}",
            target=obj,
            detail={"fields": sorted(form.changed_data) if change else [], "via": "django-admin"},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_log(
            actor=_admin_user(request),
            action=f"places.{obj._meta.model_name}.admin_deleted",
            target=obj,
            detail={"via": "django-admin"},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(County)
class CountyAdmin(AuditedReferenceAdmin):
    list_display = ["code", "name", "year"]
    list_filter = ["year"]
    search_fields = ["code", "name"]
    ordering = ["-year", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedReferenceAdmin):
    list_display = ["code", "name", "county", "year", "population"]
    list_filter = ["year", "county"]
    search_fields = ["code", "name", "official_name"]
    list_select_related = ["county"]
    ordering = ["-year", "code"]


@admin.register(Succession)
class SuccessionAdmin(AuditedReferenceAdmin):
    list_display = ["old", "new", "share"]
    search_fields = ["old__code", "old__name", "new__code", "new__name"]
    list_select_related = ["old", "new"]
    raw_id_fields = ["old", "new"]
