from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samvern.risk.definitions import RuleKind, ScoringMethod, Subject, text_in

register = template.Library()

SUBJECT_LABELS: dict[str, Any] = {
    Subject.PERSON_EXPOSED: _("Person exposed to violence"),
    Subject.PERSON_USING_VIOLENCE: _("Person using violence"),
}
SCORING_LABELS: dict[str, Any] = {
    ScoringMethod.COUNT_YES: _("Number of yes answers"),
    ScoringMethod.WEIGHTED_SUM: _("Weighted sum"),
}
RULE_KIND_LABELS: dict[str, Any] = {
    RuleKind.BAND_AT_LEAST: _("Scored risk level at or above"),
    RuleKind.OVERRIDE_AT_LEAST: _("Professional judgement raises the level to at least"),
    RuleKind.REPEAT_WITHIN_12_MONTHS: _("Repeat referral within 12 months"),
    RuleKind.CRITICAL_ITEM: _("A critical question answered yes"),
}


@register.filter
def localised(texts: Mapping[str, str] | None) -> str:
    """An instrument text ({"nb": …, "en": …}) in the active language."""
    return text_in(texts or {}, get_language())


@register.filter
def subject_label(subject: str) -> str:
    return str(SUBJECT_LABELS[subject]) if subject in SUBJECT_LABELS else subject


@register.filter
def scoring_label(method: str) -> str:
    return str(SCORING_LABELS[method]) if method in SCORING_LABELS else method


@register.filter
def rule_kind_label(kind: str) -> str:
    return str(RULE_KIND_LABELS[kind]) if kind in RULE_KIND_LABELS else kind
