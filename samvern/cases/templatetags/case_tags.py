from django import template
from django.template import Engine

from samvern.cases.extensions import CasePanel
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


@register.simple_tag(takes_context=True)
def case_panel(context: template.Context, panel: CasePanel) -> str:
    """One panel from `extensions.case_panels`: its template, with the page's context,
    `panel` and the panel's own context entries."""
    engine = context.template.engine if context.template is not None else Engine.get_default()
    with context.push(panel=panel, **dict(panel.context)):
        return engine.get_template(panel.template_name).render(context)
