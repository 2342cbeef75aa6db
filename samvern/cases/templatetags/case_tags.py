from django import template

from samvern.cases.models import Assessment
from samvern.cases.presenters import AssessmentView, present_assessment
from samvern.risk.display import any_band_label

register = template.Library()


@register.filter
def band_label(band_key: str) -> str:
    """The risk band's label in the active language, from the instrument files that define
    it; the key itself when no instrument knows it (a retired instrument)."""
    return any_band_label(band_key)


@register.filter
def assessment_view(assessment: Assessment | None) -> AssessmentView | None:
    """An assessment in words (instrument title, band labels, person assessed)."""
    return present_assessment(assessment) if assessment is not None else None
