"""Django admin for system administrators: organisations, users and memberships.

Changes made here are written to the audit trail like changes made in the product. The
admin registers nothing from the case layer: a superuser has no implicit case access.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Membership, Organisation, User
from samvern.audit.services import audit_log


def _audit_admin_change(
    request: HttpRequest, obj: Any, change: bool, form: Any = None, *, deleted: bool = False
) -> None:
    verb = "deleted" if deleted else ("changed" if change else "created")
    fields = sorted(form.changed_data) if form is not None and change else []
    organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
    audit_log(
        actor=request.user,
        organisation=organisation,
        action=f"accounts.{obj._meta.model_name}.admin_{verb}",
        target=obj,
        detail={"fields": fields, "via": "django-admin"},
    )


class AuditedAdminMixin:
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        _audit_admin_change(request, obj, change, form)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _audit_admin_change(request, obj, True, deleted=True)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            _audit_admin_change(request, obj, True, deleted=True)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Inline rows (memberships on a user or organisation) are audited one by one.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _audit_admin_change(request, obj, True, deleted=True)
            obj.delete()
        for obj in instances:
            is_change = not obj._state.adding
            obj.save()
            _audit_admin_change(request, obj, is_change)
        formset.save_m2m()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "user", "role", "title", "is_active"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "org_number"]
    filter_horizontal = ["municipalities"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "org_number", "is_active"]}),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (_("Municipalities served"), {"fields": ["municipalities"]}),
    ]

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "municipalities":
            from samvern.places.models import Municipality

            # Organisations serve municipalities of the current structure only.
            latest = Municipality.objects.aggregate(year=Max("year"))["year"]
            kwargs["queryset"] = Municipality.objects.filter(year=latest).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["username", "email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined", "session_generation"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Personal info"),
            {"fields": ["first_name", "last_name", "email", "phone", "preferred_language"]},
        ),
        (
            _("System access"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "session_generation"],
                "description": _(
                    "What a person may do in Samvern comes from memberships. Staff and "
                    "superuser status only open this administration site; they give no "
                    "access to case information."
                ),
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "usable_password", "password1", "password2"],
            },
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "title", "is_active"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
