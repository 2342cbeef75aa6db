"""Numbers in the reader's language: `{{ value|amount }}` gives "kr 60 000" in bokmål and
"NOK 60,000" in English, `{{ value|number }}` "129 998" / "129,998"; both "–" when unknown.

Grouping is asked for here rather than with USE_THOUSAND_SEPARATOR, which would also
group years and identifiers ("2 026").
"""

from django import template

from samvern.core.numbers import Numeric, format_amount, format_number

register = template.Library()


@register.filter
def amount(value: Numeric | None) -> str:
    return format_amount(value)


@register.filter
def number(value: Numeric | None, decimal_pos: int | str | None = None) -> str:
    return format_number(
        value, None if decimal_pos is None or decimal_pos == "" else int(decimal_pos)
    )
