"""Django admin for system administrators: organisations, users and memberships.

Changes made here are written to the audit trail like changes made in the product. The
admin registers nothing from the case layer: a superuser has no implicit case access, and
cannot give anyone a case role either — case roles are granted only by the organisation's
own administrators on its members page. Here a system administrator can end a case role,
give an organisation its administrators, and find organisations that have none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import actor_of
from samvern.accounts.models import CASE_ROLES, Membership, Organisation, Role, User
from samvern.accounts.selectors import organisations_without_administrator
from samvern.audit.services import audit_log

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _audit_admin_change(
    request: HttpRequest,
    obj: models.Model,
    change: bool,
    form: forms.BaseForm | None = None,
    *,
    deleted: bool = False,
) -> None:
    verb = "deleted" if deleted else ("changed" if change else "created")
    fields = sorted(form.changed_data) if form is not None and change else []
    organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
    audit_log(
        actor=actor_of(request),
        organisation=organisation,
        action=f"accounts.{obj._meta.model_name}.admin_{verb}",
        target=obj,
        detail={"fields": fields, "via": "django-admin"},
    )
    if isinstance(obj, Membership):
        from samvern.accounts.services import revoke_user_api_tokens

        # What the member may do has changed: tokens issued under the old roles end.
        revoke_user_api_tokens(
            actor=actor_of(request),
            user=obj.user,
            organisation=obj.organisation,
            reason="role_change",
        )


class _InlineFormSet(Protocol):
    """What the admin's inline formsets offer once saved with commit=False."""

    deleted_objects: Sequence[models.Model]

    def save(self, commit: bool = ...) -> list[models.Model]: ...

    def save_m2m(self) -> None: ...


class AuditedAdminMixin:
    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.BaseForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        _audit_admin_change(request, obj, change, form)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        _audit_admin_change(request, obj, True, deleted=True)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.Model]) -> None:
        for obj in queryset:
            _audit_admin_change(request, obj, True, deleted=True)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(
        self, request: HttpRequest, form: forms.BaseForm, formset: _InlineFormSet, change: bool
    ) -> None:
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


class AdminMembershipForm(forms.ModelForm[Membership]):
    """Memberships as a system administrator may change them: any role except the case
    roles, which only an organisation's own administrators grant (they know the person
    and answer for the second factor). An existing case role can be ended here (switched
    off or given an end date), never created, moved to, reactivated or prolonged."""

    class Meta:
        model = Membership
        fields = ["organisation", "user", "role", "title", "is_active", "ends_on"]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role not in CASE_ROLES or not self.has_changed():
            return cleaned
        initial = Membership.objects.filter(pk=self.instance.pk).first()
        granting = (
            initial is None
            or initial.role != role
            or ("user" in cleaned and cleaned["user"].pk != initial.user_id)
            or ("organisation" in cleaned and cleaned["organisation"].pk != initial.organisation_id)
            or (cleaned.get("is_active") and not initial.is_active)
            or _prolongs(initial.ends_on, cleaned.get("ends_on"))
        )
        if granting:
            raise forms.ValidationError(
                _(
                    "Case roles (%(roles)s) are given only by the organisation's own "
                    "administrators, on its members page. Here they can only be ended."
                )
                % {"roles": ", ".join(sorted(str(Role(r).label) for r in CASE_ROLES))},
                code="case_role_via_admin",
            )
        return cleaned


def _prolongs(old: dt.date | None, new: dt.date | None) -> bool:
    return old is not None and (new is None or new > old)


class MembershipInline(admin.TabularInline[Membership, models.Model]):
    model = Membership
    form = AdminMembershipForm
    extra = 0
    fields = ["organisation", "user", "role", "title", "is_active", "ends_on"]
    autocomplete_fields = ["organisation", "user"]


class AdministratorFilter(admin.SimpleListFilter):
    title = _("administrator")
    parameter_name = "administrator"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Organisation]
    ) -> list[tuple[str, StrPromise]]:
        return [("none", _("No active administrator")), ("some", _("Has an administrator"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Organisation]
    ) -> QuerySet[Organisation]:
        without = organisations_without_administrator(on=timezone.localdate())
        if self.value() == "none":
            return queryset.filter(pk__in=without.values("pk"))
        if self.value() == "some":
            return queryset.exclude(pk__in=without.values("pk"))
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "org_number", "is_active"]
    list_filter = [AdministratorFilter, "kind", "is_active"]
    search_fields = ["name", "org_number"]
    filter_horizontal = ["municipalities"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "org_number", "is_active"]}),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (_("Municipalities served"), {"fields": ["municipalities"]}),
    ]

    def formfield_for_manytomany(
        self,
        db_field: models.ManyToManyField[models.Model, models.Model],
        request: HttpRequest,
        **kwargs: object,
    ) -> forms.ModelMultipleChoiceField[models.Model] | None:
        if db_field.name == "municipalities":
            from samvern.places.models import Municipality

            # Organisations serve municipalities of the current structure only.
            latest = Municipality.objects.aggregate(year=Max("year"))["year"]
            kwargs["queryset"] = Municipality.objects.filter(year=latest).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin[User]):
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
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin[Membership]):
    form = AdminMembershipForm
    list_display = ["user", "organisation", "role", "title", "is_active", "ends_on"]
    list_filter = ["role", "is_active", "ends_on", "organisation__kind"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
