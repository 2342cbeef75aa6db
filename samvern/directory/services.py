"""Writes to a partnership's directory: keyword-only, atomic, audited.

Callers fetch the partnership and entry through `access.py` first; the services check the
rules that span fields and raise ValidationError with a translated message, leaving
everything unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.directory.access import writable_organisation_ids
from samvern.directory.models import DirectorySettings, Service, ServiceMeasure, TargetGroup
from samvern.partnerships.access import can_manage
from samvern.partnerships.models import Partnership
from samvern.places.models import Municipality
from samvern.plans.models import Measure, MeasureLevel


@dataclass
class ServiceData:
    name: str
    kind: str
    organisation: Organisation | None = None
    provider_name: str = ""
    offers: str = ""
    target_groups: list[str] = field(default_factory=list)
    languages: str = ""
    opening_hours: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    website: str = ""
    appointment_needed: bool = False
    municipalities: Sequence[Municipality] = ()
    capacity_label: str = ""
    capacity_free: int | None = None
    capacity_updated_on: dt.date | None = None
    checked_on: dt.date | None = None
    is_public: bool = True
    is_active: bool = True


SCALAR_FIELDS = [f.name for f in fields(ServiceData) if f.name != "municipalities"]


def _check(actor: Actor, partnership: Partnership, data: ServiceData, *, today: dt.date) -> None:
    if not " ".join(data.name.split()):
        raise ValidationError({"name": _("An entry needs a name.")}, code="name_required")
    unknown = set(data.target_groups) - set(TargetGroup.values)
    if unknown:
        raise ValidationError(
            {"target_groups": _("Choose target groups from the list.")}, code="target_group"
        )
    own = writable_organisation_ids(actor, partnership)
    if not can_manage(actor, partnership) and (
        data.organisation is None or data.organisation.pk not in own
    ):
        raise ValidationError(
            {"organisation": _("You can only register services your organisation runs.")},
            code="not_own_organisation",
        )
    if (
        data.organisation is not None
        and not partnership.members.active_on(today).filter(organisation=data.organisation).exists()
    ):
        raise ValidationError(
            {"organisation": _("Choose a member organisation of the partnership.")},
            code="not_member",
        )
    if data.capacity_free is not None and data.capacity_updated_on is None:
        data.capacity_updated_on = today
    if data.capacity_updated_on is not None and data.capacity_updated_on > today:
        raise ValidationError(
            {"capacity_updated_on": _("The capacity cannot be updated on a future date.")},
            code="future_capacity",
        )
    if data.checked_on is not None and data.checked_on > today:
        raise ValidationError(
            {"checked_on": _("An entry cannot be checked on a future date.")},
            code="future_check",
        )
    area = set(partnership.municipalities.values_list("pk", flat=True))
    if area and any(m.pk not in area for m in data.municipalities):
        raise ValidationError(
            {"municipalities": _("Choose municipalities in the partnership's area.")},
            code="outside_area",
        )


def _detail(service: Service) -> dict[str, object]:
    return {
        "partnership": str(service.partnership_id),
        "name": service.name,
        "kind": service.kind,
        "is_active": service.is_active,
    }


@transaction.atomic
def create_service(
    *, actor: Actor, partnership: Partnership, data: ServiceData, today: dt.date
) -> Service:
    _check(actor, partnership, data, today=today)
    values = {name: getattr(data, name) for name in SCALAR_FIELDS}
    values["name"] = " ".join(data.name.split())
    service = Service(partnership=partnership, **values)
    service.full_clean(exclude=["partnership", "municipalities"])
    service.save()
    service.municipalities.set(list(data.municipalities))
    audit_log(
        actor=actor,
        action="directory.service.created",
        target=service,
        organisation=actor.organisation,
        detail=_detail(service),
    )
    return service


@transaction.atomic
def update_service(*, actor: Actor, service: Service, data: ServiceData, today: dt.date) -> Service:
    partnership = service.partnership
    _check(actor, partnership, data, today=today)
    changed = [name for name in SCALAR_FIELDS if getattr(service, name) != getattr(data, name)]
    for name in SCALAR_FIELDS:
        setattr(service, name, getattr(data, name))
    service.name = " ".join(data.name.split())
    service.full_clean(exclude=["partnership", "municipalities"])
    service.save()
    before = set(service.municipalities.values_list("pk", flat=True))
    if before != {m.pk for m in data.municipalities}:
        changed.append("municipalities")
        service.municipalities.set(list(data.municipalities))
    audit_log(
        actor=actor,
        action="directory.service.updated",
        target=service,
        organisation=actor.organisation,
        detail={**_detail(service), "changed": changed},
    )
    return service


@transaction.atomic
def mark_checked(*, actor: Actor, service: Service, today: dt.date) -> Service:
    """Record that someone confirmed today that the entry is correct."""
    service.checked_on = today
    service.save(update_fields=["checked_on", "updated_at"])
    audit_log(
        actor=actor,
        action="directory.service.checked",
        target=service,
        organisation=actor.organisation,
        detail={**_detail(service), "checked_on": today},
    )
    return service


@transaction.atomic
def set_capacity(
    *, actor: Actor, service: Service, capacity_free: int | None, today: dt.date
) -> Service:
    """Record today's free capacity (for example free shelter places)."""
    if capacity_free is not None and capacity_free < 0:
        raise ValidationError(_("Capacity cannot be negative."), code="negative_capacity")
    service.capacity_free = capacity_free
    service.capacity_updated_on = today if capacity_free is not None else None
    service.save(update_fields=["capacity_free", "capacity_updated_on", "updated_at"])
    audit_log(
        actor=actor,
        action="directory.service.capacity_updated",
        target=service,
        organisation=actor.organisation,
        detail={**_detail(service), "capacity_free": capacity_free, "on": today},
    )
    return service


def settings_for(partnership: Partnership) -> DirectorySettings:
    found = DirectorySettings.objects.filter(partnership=partnership).first()
    return found or DirectorySettings(partnership=partnership)


@transaction.atomic
def set_public_page(
    *, actor: Actor, partnership: Partnership, public_page: bool
) -> DirectorySettings:
    if not can_manage(actor, partnership):
        raise ValidationError(
            _("Only the partnership's coordinators can publish the directory."), code="manager"
        )
    current, _created = DirectorySettings.objects.get_or_create(partnership=partnership)
    if current.public_page != public_page:
        current.public_page = public_page
        current.save(update_fields=["public_page", "updated_at"])
        audit_log(
            actor=actor,
            action="directory.settings.published"
            if public_page
            else "directory.settings.unpublished",
            target=current,
            organisation=actor.organisation,
            detail={"partnership": str(partnership.pk)},
        )
    return current


def linkable_measures(partnership: Partnership) -> QuerySet[Measure]:
    """Help-offer measures (level 4) of the plans of the partnership's municipalities."""
    area = partnership.municipalities.values("pk")
    return (
        Measure.objects.filter(level=MeasureLevel.HELP, version__plan__municipalities__in=area)
        .select_related("version__plan")
        .distinct()
        .order_by("version__plan__title", "-version__number", "number")
    )


@transaction.atomic
def link_measure(*, actor: Actor, service: Service, measure: Measure) -> ServiceMeasure:
    if not can_manage(actor, service.partnership):
        raise ValidationError(
            _("Only the partnership's coordinators can link plan measures."), code="manager"
        )
    if not linkable_measures(service.partnership).filter(pk=measure.pk).exists():
        raise ValidationError(
            {"measure": _("Choose a help-offer measure of a plan in the partnership's area.")},
            code="measure",
        )
    link, created = ServiceMeasure.objects.get_or_create(service=service, measure=measure)
    if created:
        audit_log(
            actor=actor,
            action="directory.measure.linked",
            target=link,
            organisation=actor.organisation,
            detail={"service": str(service.pk), "measure": str(measure.pk)},
        )
    return link


@transaction.atomic
def unlink_measure(*, actor: Actor, link: ServiceMeasure) -> None:
    if not can_manage(actor, link.service.partnership):
        raise ValidationError(
            _("Only the partnership's coordinators can link plan measures."), code="manager"
        )
    audit_log(
        actor=actor,
        action="directory.measure.unlinked",
        target=link,
        organisation=actor.organisation,
        detail={"service": str(link.service_id), "measure": str(link.measure_id)},
    )
    link.delete()
