"""Demo protective measures in "Risikokonferanse Bergen og Askøy" (after the cases and
conferences demos, whose cases it looks up by the names they give). Every person is
fictional.

What a visitor can try as lars.politi (police): on Ingvild Sæterbakken's case, a personal
alarm and a restraining order in her own home both ending within two weeks, and her
assessment overdue for reassessment; on Katrine Holmefjord's case, the expected release
of Stian Vågenes from custody, with the person exposed not yet informed. As
nina.krisesenter (crisis centre): Maja Lindtveit's shelter stay, ended five days ago.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases.models import Assessment, Case, Person, PersonRole
from samvern.partnerships.models import Partnership
from samvern.protection import services
from samvern.protection.access import (
    PROTECTED_ROLES,
    RELEASE_ROLES,
    MeasureAccess,
    ProtectionNeed,
    access_measure,
    access_protected_person,
)
from samvern.protection.models import (
    MeasureKind,
    MeasureType,
    ProtectiveMeasure,
    Reassessment,
    ReleaseSource,
)

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
POLICE = "Vest politidistrikt"
CRISIS = "Bergen krisesenter"
# The demo assessment is this many days overdue for its reassessment.
OVERDUE_DAYS = 4


def _person(partnership: Partnership, first: str, last: str, role: str) -> Person | None:
    return (
        Person.objects.filter(
            case__partnership=partnership, first_name=first, last_name=last, role=role
        )
        .select_related("case")
        .order_by("-case__referred_on")
        .first()
    )


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None:
        return
    if ProtectiveMeasure.objects.filter(case__partnership=partnership).exists():
        return
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=[POLICE, CRISIS])}
    users = {
        u.username: u for u in User.objects.filter(username__in=["lars.politi", "nina.krisesenter"])
    }
    if len(orgs) < 2 or len(users) < 2:
        return
    police, crisis = orgs[POLICE], orgs[CRISIS]
    lars = Actor.load(users["lars.politi"], organisation=police)
    nina = Actor.load(users["nina.krisesenter"], organisation=crisis)

    ingvild = _person(partnership, "Ingvild", "Sæterbakken", PersonRole.EXPOSED)
    if ingvild is not None:
        access = access_protected_person(lars, ingvild.pk, roles=PROTECTED_ROLES, write=True)
        services.add_measure(
            actor=lars,
            access=access,
            data=services.MeasureData(
                kind=MeasureKind.PERSONAL_ALARM,
                measure_type="",
                starts_on=today - dt.timedelta(days=35),
                ends_on=today + dt.timedelta(days=9),
                responsible=police,
                note=str(
                    _(
                        "The alarm was issued for three months. Consider extending it before "
                        "it runs out."
                    )
                ),
            ),
        )
        services.add_measure(
            actor=lars,
            access=access,
            data=services.MeasureData(
                kind=MeasureKind.RESTRAINING_ORDER,
                measure_type=MeasureType.VISITING_BAN_HOME,
                starts_on=today - dt.timedelta(days=30),
                ends_on=today + dt.timedelta(days=12),
                responsible=police,
                conditions=str(
                    _(
                        "Roar Kvamsdal may not stay in the home or contact Ingvild "
                        "Sæterbakken or the children, digitally included."
                    )
                ),
                note=str(
                    _(
                        "Decided by the prosecuting authority; an extension must be asked "
                        "for in time."
                    )
                ),
            ),
        )
        _overdue(ingvild.case, today)

    maja = _person(partnership, "Maja", "Lindtveit", PersonRole.EXPOSED)
    if maja is not None:
        access = access_protected_person(nina, maja.pk, roles=PROTECTED_ROLES, write=True)
        stay = services.add_measure(
            actor=nina,
            access=access,
            data=services.MeasureData(
                kind=MeasureKind.SHELTER_STAY,
                measure_type="",
                starts_on=today - dt.timedelta(days=20),
                ends_on=None,
                responsible=crisis,
                note=str(_("Resident; an interpreter at conversations.")),
            ),
        )
        services.end_measure(
            actor=nina,
            access=_measure_access(nina, stay),
            ended_on=today - dt.timedelta(days=5),
            reason=str(_("Moved to municipal housing with follow-up from the crisis centre.")),
        )

    stian = _person(partnership, "Stian", "Vågenes", PersonRole.USING_VIOLENCE)
    if stian is not None:
        access = access_protected_person(lars, stian.pk, roles=RELEASE_ROLES, write=True)
        services.add_release(
            actor=lars,
            access=access,
            data=services.ReleaseData(
                release_on=today + dt.timedelta(days=10),
                source=ReleaseSource.POLICE_CUSTODY,
                responsible=police,
                note=str(
                    _(
                        "Custody after a breach of the restraining order. The person exposed "
                        "is to be told before the release."
                    )
                ),
            ),
        )


def _measure_access(actor: Actor, measure: ProtectiveMeasure) -> MeasureAccess:
    return access_measure(actor, measure.pk, ProtectionNeed.CHANGE)


def _overdue(case: Case, today: dt.date) -> None:
    """The case's latest assessment, made long enough ago to be overdue for reassessment
    by its instrument's default (four weeks for high risk)."""
    assessment = Assessment.objects.filter(case=case).order_by("-assessed_at").first()
    if assessment is None:
        return
    reassessment = Reassessment.objects.filter(assessment=assessment).first()
    days = reassessment.default_days if reassessment is not None else None
    if reassessment is None or days is None:
        return
    assessed_on = today - dt.timedelta(days=days + OVERDUE_DAYS)
    assessed_at = timezone.make_aware(dt.datetime.combine(assessed_on, dt.time(11, 30)))
    Assessment.objects.filter(pk=assessment.pk).update(assessed_at=assessed_at)
    Reassessment.objects.filter(pk=reassessment.pk).update(
        due_on=assessed_on + dt.timedelta(days=days)
    )
