"""The one place where a person or an assessment becomes output.

Pages, API responses, exports and documents all show a person through `present_person`,
so a protected address is masked everywhere by construction: no other code reads the
address fields for display. The only way to get the real address is `reveal=True`, which
only the audited reveal service passes. Assessments go through `present_assessment`, so
they read the same everywhere: question texts, answer labels and band labels from the
instrument file in the reader's language, and the person assessed by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.cases.models import Assessment, Person
from samvern.risk.display import AssessmentText, describe, score_text


@dataclass(frozen=True)
class PersonView:
    id: str
    case_id: str
    role: str
    role_display: str
    role_uncertain: bool
    name: str
    first_name: str
    last_name: str
    birth_date: dt.date | None
    birth_year: int | None
    gender: str
    gender_display: str
    language: str
    needs_interpreter: bool
    phone: str
    email: str
    safe_contact: str
    no_case_content_in_messages: bool
    identity_number: str  # masked: birth-date part only
    protected_address: bool
    address_revealed: bool
    street_address: str
    postal_code: str
    postal_place: str

    @property
    def address_display(self) -> str:
        if self.protected_address and not self.address_revealed:
            return _("Protected address")
        parts = [
            self.street_address,
            " ".join(p for p in (self.postal_code, self.postal_place) if p),
        ]
        return ", ".join(p for p in parts if p)

    @property
    def birth_display(self) -> str:
        if self.birth_date:
            return date_format(self.birth_date, "SHORT_DATE_FORMAT")
        return str(self.birth_year) if self.birth_year else ""

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        data["address"] = self.address_display
        return data


def present_person(person: Person, *, reveal: bool = False) -> PersonView:
    masked = person.protected_address and not reveal
    return PersonView(
        id=str(person.pk),
        case_id=str(person.case_id),
        role=person.role,
        role_display=str(person.get_role_display()),
        role_uncertain=person.role_uncertain,
        name=person.full_name,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        birth_year=person.birth_year or (person.birth_date.year if person.birth_date else None),
        gender=person.gender,
        gender_display=str(person.get_gender_display()),
        language=person.language,
        needs_interpreter=person.needs_interpreter,
        phone=person.phone,
        email=person.email,
        safe_contact=person.safe_contact,
        no_case_content_in_messages=person.no_case_content_in_messages,
        identity_number=person.nin_masked,
        protected_address=person.protected_address,
        address_revealed=person.protected_address and reveal,
        street_address="" if masked else person.street_address,
        postal_code="" if masked else person.postal_code,
        postal_place="" if masked else person.postal_place,
    )


@dataclass(frozen=True)
class AssessmentView:
    """A stored assessment in words, in the active language (see samvern.risk.display)."""

    id: str
    item_id: str
    text: AssessmentText
    person_name: str
    person_role_display: str
    score: str
    band: str
    override_band: str
    override_reason: str
    qualifies: bool

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def title_with_version(self) -> str:
        return self.text.title_with_version

    @property
    def person_display(self) -> str:
        if not self.person_name:
            return ""
        return f"{self.person_name} ({self.person_role_display})"


def present_assessment(assessment: Assessment) -> AssessmentView:
    person = assessment.person
    return AssessmentView(
        id=str(assessment.pk),
        item_id=str(assessment.item_id),
        text=describe(
            instrument_key=assessment.instrument_key,
            instrument_version=assessment.instrument_version,
            answers=assessment.answers or {},
            band=assessment.band,
            override_band=assessment.override_band,
            qualification_reasons=list(assessment.qualification_reasons or []),
        ),
        person_name=person.full_name if person is not None else "",
        person_role_display=str(person.get_role_display()) if person is not None else "",
        score=score_text(assessment.score),
        band=assessment.band,
        override_band=assessment.override_band,
        override_reason=assessment.override_reason,
        qualifies=assessment.qualifies_for_conference,
    )
