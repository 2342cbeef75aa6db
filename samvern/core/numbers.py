"""Numbers as people write and read them: Norwegian input parsed, output in the locale.

People type "12,5", "1 200" or "1 200,50" (a copied figure often carries a no-break space).
Parsing is strict about grouping, so that "12 5" or "1.2.3" is refused rather than read as
some other number; blank is not a number at all and stays unknown (None).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TypeAlias, TypeVar

from django.utils import formats, translation
from django.utils.translation import pgettext

# Every space a figure copied from a document or spreadsheet may carry between its groups.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
_MINUS = "\u2212"
_GROUPED_BY_COMMAS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<whole>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<fraction>\d+))?")
_CURRENCY = re.compile(r"^(?:kr\.?|nok)\s*|\s*(?:kr\.?|nok)$|[.,]-$", re.IGNORECASE)


class NotANumber(ValueError):
    pass


def parse_number(text: str, *, currency: bool = False) -> Decimal | None:
    """Read a number typed in Norwegian (or English) notation; None for blank.

    Decimal separator: comma or point. Thousands: a space of any kind, grouped by three.
    In English, "1,200" with groups of three is also read as twelve hundred; "12,5" is a
    decimal comma in both languages. `currency` also accepts "kr 1 200", "1 200 kr",
    "NOK 1200" and "1 200,-".
    """
    value = _SPACES.sub(" ", str(text)).strip().replace(_MINUS, "-")
    if currency:
        value = _CURRENCY.sub("", value).strip()
    if not value:
        return None
    if translation.get_language() == "en" and _GROUPED_BY_COMMAS.fullmatch(value):
        value = value.replace(",", "")
    match = _NUMBER.fullmatch(value)
    if match is None:
        raise NotANumber(value)
    digits = match["whole"].replace(" ", "")
    if match["fraction"]:
        digits += "." + match["fraction"]
    try:
        number = Decimal(digits)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise NotANumber(value) from error
    return -number if match["sign"] == "-" else number


UNKNOWN = "–"

# What a figure to show may be: a model's Decimal or integer, a float, or its text.
Numeric: TypeAlias = Decimal | float | str

_T = TypeVar("_T")


def plain_number(value: _T) -> _T | int | Decimal:
    # 12.50 reads as "12,5", 60000.00 as "60 000": no trailing zeros, no exponent.
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()
    return value


def format_number(value: Numeric | None, decimal_pos: int | None = None) -> str:
    """A number grouped and punctuated for the active language: "60 000" / "60,000";
    "–" when it is not known."""
    if value is None or value == "":
        return UNKNOWN
    return formats.number_format(
        plain_number(value) if decimal_pos is None else value,
        decimal_pos=decimal_pos,
        use_l10n=True,
        force_grouping=True,
    )


def format_amount(value: Numeric | None) -> str:
    """An amount in Norwegian kroner: "kr 60 000" in bokmål, "NOK 60,000" in English;
    øre only when there are any; "–" when the amount is not known."""
    if value is None or value == "":
        return UNKNOWN
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    figure = format_number(amount, decimal_pos=places)
    symbol = pgettext("currency symbol before an amount", "NOK")
    # A no-break space keeps the currency with its figure at a line break.
    return f"{symbol}\u00a0{figure}"
