"""Numbers and dates in the reader's language: one way to write an amount, a figure and a
date in each language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from samvern.core.numbers import NotANumber, format_amount, format_number, parse_number

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("nb", 60000, f"kr{NBSP}60{NBSP}000"),
        ("en", 60000, f"NOK{NBSP}60,000"),
        ("nb", Decimal("1200.50"), f"kr{NBSP}1{NBSP}200,50"),
        ("en", Decimal("1200.00"), f"NOK{NBSP}1,200"),
        ("nb", None, "–"),
        ("en", None, "–"),
    ],
)
def test_amounts_are_written_the_way_each_language_writes_them(language, value, shown):
    with translation.override(language):
        assert format_amount(value) == shown
        assert (
            Template("{% load samvern_numbers %}{{ v|amount }}").render(Context({"v": value}))
            == shown
        )


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("nb", 129998, f"129{NBSP}998"),
        ("en", 129998, "129,998"),
        ("nb", Decimal("12.50"), "12,5"),
        ("en", Decimal("12.50"), "12.5"),
        ("nb", 2024, f"2{NBSP}024"),
        ("nb", None, "–"),
    ],
)
def test_figures_are_grouped_in_thousands(language, value, shown):
    with translation.override(language):
        assert format_number(value) == shown
        assert (
            Template("{% load samvern_numbers %}{{ v|number }}").render(Context({"v": value}))
            == shown
        )


def test_plain_numbers_in_templates_are_not_grouped():
    # Years, codes and identifiers stay as they are: grouping is asked for, not global.
    with translation.override("nb"):
        assert Template("{{ year }}").render(Context({"year": 2026})) == "2026"


@pytest.mark.parametrize(
    ("language", "shown"), [("nb", "1. desember 2026"), ("en", "1 December 2026")]
)
def test_one_date_format_per_language(language, shown):
    with translation.override(language):
        assert formats.date_format(dt.date(2026, 12, 1)) == shown
        assert Template("{{ day }}").render(Context({"day": dt.date(2026, 12, 1)})) == shown


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12,5", Decimal("12.5")),
        ("1 200", Decimal("1200")),
        ("1\u00a0200", Decimal("1200")),
        ("1\u202f200,50", Decimal("1200.50")),
        ("−3", Decimal("-3")),
        ("   ", None),
    ],
)
def test_norwegian_number_input_is_read(typed, read):
    with translation.override("nb"):
        assert parse_number(typed) == read


def test_currency_is_accepted_only_where_asked_for():
    assert parse_number("kr 1 200", currency=True) == Decimal("1200")
    assert parse_number("1 200,-", currency=True) == Decimal("1200")
    with pytest.raises(NotANumber):
        parse_number("kr 1 200")


def test_english_readers_may_group_with_commas():
    with translation.override("en"):
        assert parse_number("1,200") == Decimal("1200")
        assert parse_number("12,5") == Decimal("12.5")
    with translation.override("nb"):
        assert parse_number("1,200") == Decimal("1.2")
