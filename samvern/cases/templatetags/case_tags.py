from django import template
from django.utils.translation import get_language

from samvern.risk.catalogue import all_instruments

register = template.Library()


@register.filter
def band_label(band_key: str) -> str:
    """The risk band's label in the active language, from the instrument files that define
    it; the key itself when no instrument knows it (a retired instrument)."""
    if not band_key:
        return ""
    for instrument in all_instruments():
        for band in instrument.bands:
            if band.key == band_key:
                return band.label_in(get_language())
    return band_key
