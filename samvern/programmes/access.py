"""The only way to fetch a programme referral for a user: built on the case grant
(`samvern.cases.access`), never wider; the same `Http404` for "missing" and "not
allowed".

- A referral, its intake, sessions and ending: case content on its case (a case worker
  or conference coordinator of an organisation taking part in the case while it is a
  member of the partnership). The programme's own organisation sees it when it takes
  part in the case, like every other organisation; the referrer sees what became of it
  while its organisation takes part.
- Recording intake, sessions and the ending, and making a referral: the same people
  (whoever hears it from the programme records it, and is named with it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess, Need, access_case
from samvern.programmes.models import ProgrammeReferral

PROGRAMME_NEEDS = (Need.VIEW, Need.EDIT)


@dataclass(frozen=True)
class ReferralAccess(CaseAccess):
    referral: ProgrammeReferral


def access_case_programmes(actor: Actor, case_id: object, need: Need) -> CaseAccess:
    if need not in PROGRAMME_NEEDS:
        raise Http404
    return access_case(actor, case_id, need)


def access_referral(actor: Actor, referral_id: object, need: Need) -> ReferralAccess:
    if need not in PROGRAMME_NEEDS or not actor.case_roles:
        raise Http404
    try:
        pk = referral_id if isinstance(referral_id, uuid.UUID) else uuid.UUID(str(referral_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    case_id = ProgrammeReferral.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    found = access_case(actor, case_id, need)
    referral = ProgrammeReferral.objects.select_related(
        "person", "service", "referred_by", "referring_organisation"
    ).get(pk=pk)
    return ReferralAccess(case=found.case, grant=found.grant, referral=referral)
