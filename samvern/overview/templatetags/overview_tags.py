"""Number formatting for the overview: shares as localised percentages."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.4 → "40,0 %" in Norwegian, "40.0 %" in English."""
    if value is None:
        return "–"
    return f"{floatformat(value * 100, f'{digits}g')} %"


@register.filter
def whole(value: float | None) -> str:
    """A count with locale grouping of thousands, no decimals."""
    if value is None:
        return "–"
    return str(floatformat(round(value), "0g"))
