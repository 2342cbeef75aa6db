"""Assessments: score what the assessor answered with the risk engine, decide whether
the case qualifies for a conference, and store the result as an information item of the
assessor's organisation. Scoring and qualification are decided here only; the page and
the demo both call `assess`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess
from samvern.cases.models import Assessment, Case, InformationItem, ItemKind, Person
from samvern.cases.services.common import CaseRuleError, audit_case_event, require_content_role
from samvern.cases.services.sharing import ShareData, create_share
from samvern.risk import engine
from samvern.risk.definitions import Instrument

Answers = Mapping[str, str | int]


@dataclass(frozen=True)
class AssessmentScore:
    """What the engine decides from the answers: score, band and qualification."""

    score: Decimal
    band: str
    qualifies: bool
    qualification_reasons: tuple[str, ...]


def score_assessment(
    instrument: Instrument,
    answers: Answers,
    *,
    override_band: str = "",
    repeat_within_12_months: bool = False,
) -> AssessmentScore:
    result = engine.score(instrument, answers)
    qualification = engine.qualifies_for_conference(
        instrument,
        result,
        override_band=override_band or None,
        repeat_within_12_months=repeat_within_12_months,
    )
    return AssessmentScore(
        score=result.score,
        band=result.band_key,
        qualifies=qualification.qualifies,
        qualification_reasons=tuple(qualification.reasons),
    )


@dataclass
class AssessmentData:
    """What the assessor gives: the instrument, the answers (canonical form, see
    `samvern.risk.engine`), the person assessed and any professional judgement."""

    instrument: Instrument
    answers: Answers
    person: Person | None = None
    override_band: str = ""
    override_reason: str = ""
    title: str = ""  # the instrument's title in the active language when empty
    share: ShareData | None = None


@dataclass
class AssessmentRecord:
    """An assessment as stored, already scored (`assess` makes one; a record of an
    instrument no longer in the catalogue can only be given like this)."""

    instrument_key: str
    instrument_version: str
    answers: Answers
    score: Decimal | int
    band: str
    person: Person | None = None
    override_band: str = ""
    override_reason: str = ""
    qualifies: bool = False
    qualification_reasons: Sequence[str] = ()
    title: str = ""
    share: ShareData | None = None


@transaction.atomic
def assess(*, actor: Actor, access: CaseAccess, data: AssessmentData) -> Assessment:
    """Score the answers and store the assessment. The repeat-referral rule counts only
    when the assessor may know the case is a repeat (`CaseGrant.repeat`)."""
    require_content_role(actor)
    if not access.grant.content:  # conference facts alone do not let anyone assess
        raise CaseRuleError(_("You need a case role in this organisation to do that."))
    instrument = data.instrument
    scored = score_assessment(
        instrument,
        data.answers,
        override_band=data.override_band,
        repeat_within_12_months=access.grant.repeat,
    )
    return record_assessment(
        actor=actor,
        case=access.case,
        record=AssessmentRecord(
            instrument_key=instrument.key,
            instrument_version=instrument.version,
            answers=data.answers,
            score=scored.score,
            band=scored.band,
            person=data.person,
            override_band=data.override_band,
            override_reason=data.override_reason,
            qualifies=scored.qualifies,
            qualification_reasons=scored.qualification_reasons,
            title=data.title or instrument.title_in(get_language()),
            share=data.share,
        ),
    )


@transaction.atomic
def record_assessment(*, actor: Actor, case: Case, record: AssessmentRecord) -> Assessment:
    """Store a scored assessment as an information item of the assessor's organisation,
    and update the case's risk band."""
    organisation = require_content_role(actor)
    assert actor.user is not None
    if record.override_band and not record.override_reason.strip():
        raise CaseRuleError(_("Give the reason for the professional judgement."))
    if record.person is not None and record.person.case_id != case.pk:
        raise CaseRuleError(_("The person assessed must be in this case."))
    item = InformationItem.objects.create(
        case=case,
        kind=ItemKind.ASSESSMENT,
        title=record.title or record.instrument_key,
        author=actor.user,
        author_organisation=organisation,
    )
    assessment = Assessment.objects.create(
        item=item,
        case=case,
        person=record.person,
        instrument_key=record.instrument_key,
        instrument_version=str(record.instrument_version),
        answers=dict(record.answers),
        score=record.score,
        band=record.band,
        override_band=record.override_band,
        override_reason=record.override_reason.strip(),
        qualifies_for_conference=record.qualifies,
        qualification_reasons=[str(r) for r in record.qualification_reasons],
        assessor=actor.user,
        organisation=organisation,
        assessed_at=timezone.now(),
    )
    case.risk_band = assessment.effective_band
    case.save(update_fields=["risk_band", "updated_at"])
    audit_case_event(
        actor=actor,
        action="cases.assessment.recorded",
        case=case,
        target=assessment,
        detail={
            "instrument": record.instrument_key,
            "version": str(record.instrument_version),
            "band": record.band,
            "override_band": record.override_band,
        },
    )
    if record.share is not None:
        create_share(actor=actor, item=item, data=record.share)
    return assessment
