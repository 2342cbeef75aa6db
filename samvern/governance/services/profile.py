"""The partnership's profile and its funding per year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.governance.access import PartnershipGrant
from samvern.governance.models import FundingSource, PartnershipProfile
from samvern.governance.services.common import GovernanceRuleError, record
from samvern.places.models import Municipality

PROFILE_UPDATED = "governance.profile.updated"
FUNDING_ADDED = "governance.funding.added"
FUNDING_REMOVED = "governance.funding.removed"


@dataclass(frozen=True)
class ProfileData:
    purpose: str = ""
    target_groups: str = ""
    police_district: str = ""
    lead_organisation: Organisation | None = None
    secretariat: Organisation | None = None
    secretariat_contact: User | None = None
    legal_basis: str = ""
    policy_basis: str = ""
    started_on: dt.date | None = None
    is_public: bool = False
    public_bodies: bool = False
    public_funding: bool = False


FIELDS = tuple(ProfileData.__dataclass_fields__)


def profile_of(grant: PartnershipGrant) -> PartnershipProfile:
    """The partnership's profile, or an unsaved empty one."""
    try:
        profile: PartnershipProfile = grant.partnership.governance_profile
        return profile
    except PartnershipProfile.DoesNotExist:
        return PartnershipProfile(partnership=grant.partnership)


@transaction.atomic
def save_profile(
    *,
    actor: Actor,
    grant: PartnershipGrant,
    data: ProfileData,
    municipalities: list[Municipality] | None = None,
) -> PartnershipProfile:
    if not grant.manages:
        raise GovernanceRuleError(_("Only the partnership's coordinators may do that."))
    if (data.public_bodies or data.public_funding) and not data.is_public:
        raise GovernanceRuleError(
            _("Bodies and funding can only be public when the summary page is.")
        )
    profile = profile_of(grant)
    changed = [name for name in FIELDS if getattr(profile, name) != getattr(data, name)]
    for name in FIELDS:
        setattr(profile, name, getattr(data, name))
    profile.save()
    if municipalities is not None:
        before = set(grant.partnership.municipalities.values_list("pk", flat=True))
        if before != {municipality.pk for municipality in municipalities}:
            grant.partnership.municipalities.set(municipalities)
            changed.append("municipalities")
    record(
        actor=actor,
        action=PROFILE_UPDATED,
        target=profile,
        partnership=grant.partnership,
        detail={"fields": changed},
    )
    return profile


@dataclass(frozen=True)
class FundingData:
    source: str
    year: int
    amount: Decimal
    note: str = ""


@transaction.atomic
def add_funding(*, actor: Actor, grant: PartnershipGrant, data: FundingData) -> FundingSource:
    if not grant.manages:
        raise GovernanceRuleError(_("Only the partnership's coordinators may do that."))
    if data.amount < 0:
        raise GovernanceRuleError({"amount": _("The amount cannot be negative.")})
    if not 1990 <= data.year <= 2100:
        raise GovernanceRuleError({"year": _("Give a year between 1990 and 2100.")})
    profile = profile_of(grant)
    if profile._state.adding:
        profile.save()
    try:
        with transaction.atomic():
            funding = FundingSource.objects.create(
                profile=profile,
                source=data.source.strip(),
                year=data.year,
                amount=data.amount,
                note=data.note.strip(),
            )
    except IntegrityError:
        raise GovernanceRuleError(
            {"source": _("This source already has an amount for that year.")}
        ) from None
    record(
        actor=actor,
        action=FUNDING_ADDED,
        target=funding,
        partnership=grant.partnership,
        detail={"year": data.year, "amount": str(data.amount)},
    )
    return funding


@transaction.atomic
def remove_funding(*, actor: Actor, grant: PartnershipGrant, funding: FundingSource) -> None:
    if not grant.manages or funding.profile.partnership_id != grant.partnership.pk:
        raise GovernanceRuleError(_("Only the partnership's coordinators may do that."))
    record(
        actor=actor,
        action=FUNDING_REMOVED,
        target=funding,
        partnership=grant.partnership,
        detail={"year": funding.year, "amount": str(funding.amount)},
    )
    funding.delete()
