"""The only way to fetch the victim's voice for a user: built on the case grant
(`samvern.cases.access`), never wider. Every function raises the same `Http404` for
"does not exist" and "not allowed".

- Her wishes, their history and her advocate: case content (a case worker or conference
  coordinator of an organisation taking part in the case while it is a member of the
  partnership). Recording wishes and naming or ending an advocate: the same people.
- A coordinator who sees only the conference facts of a case sees none of it; at a
  conference the meeting's rules apply on top (`samvern.conferences`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.cases.access import (
    CaseAccess,
    Need,
    PersonAccess,
    access_case,
    access_person,
)
from samvern.cases.models import PersonRole
from samvern.voice.models import Advocate

VOICE_NEEDS = (Need.VIEW, Need.EDIT)


def access_case_voice(actor: Actor, case_id: object, need: Need) -> CaseAccess:
    if need not in VOICE_NEEDS:
        raise Http404
    return access_case(actor, case_id, need)


def access_exposed_person(actor: Actor, person_id: object, need: Need) -> PersonAccess:
    """A person exposed to violence, the only one whose wishes are recorded here."""
    if need not in VOICE_NEEDS:
        raise Http404
    found = access_person(actor, person_id, need)
    if found.person.role != PersonRole.EXPOSED:
        raise Http404
    return found


@dataclass(frozen=True)
class AdvocateAccess(CaseAccess):
    advocate: Advocate


def access_advocate(actor: Actor, advocate_id: object, need: Need) -> AdvocateAccess:
    if need not in VOICE_NEEDS:
        raise Http404
    try:
        pk = advocate_id if isinstance(advocate_id, uuid.UUID) else uuid.UUID(str(advocate_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    case_id = Advocate.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    found = access_case(actor, case_id, need)
    advocate = Advocate.objects.select_related("person", "organisation", "user").get(pk=pk)
    return AdvocateAccess(case=found.case, grant=found.grant, advocate=advocate)
