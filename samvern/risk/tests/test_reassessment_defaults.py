"""Each band may name how many days after an assessment the next reassessment falls by
default (`reassess_after_days`): the shipped instruments set it for every band, the
higher the risk the sooner, and the schema refuses anything but a whole number of days."""

from __future__ import annotations

import pytest
from django.utils import translation

from samvern.risk import catalogue
from samvern.risk.catalogue import InstrumentError, load_instrument_file, scan_catalogue
from samvern.risk.tests.builders import BASE_YAML

HIGH_BAND = "    label: {nb: Høy, en: High}\n"


def test_every_shipped_band_has_a_default_and_high_risk_is_four_weeks():
    scan = scan_catalogue([catalogue.SHIPPED_DIR])
    assert scan.problems == []
    for instrument in scan.instruments:
        days = [band.reassess_after_days for band in instrument.bands]
        assert all(isinstance(value, int) and value > 0 for value in days), instrument
        # Bands are ranked from the lowest scores: the higher the risk, the sooner.
        assert days == sorted(days, reverse=True), instrument
        assert instrument.band("high").reassess_after_days == 28


def test_a_band_without_a_default_loads_with_none(write_file):
    instrument = load_instrument_file(write_file())
    assert [band.reassess_after_days for band in instrument.bands] == [None, None]


def test_a_band_default_is_read_from_the_file(write_file):
    content = BASE_YAML.replace(HIGH_BAND, HIGH_BAND + "    reassess_after_days: 14\n")
    instrument = load_instrument_file(write_file(content))
    assert instrument.band("high").reassess_after_days == 14
    assert instrument.band("standard").reassess_after_days is None


@pytest.mark.parametrize("value", ["0", "731", "2.5", "'28'", "-1"])
def test_the_schema_refuses_a_default_that_is_not_a_sensible_number_of_days(write_file, value):
    assert BASE_YAML.count(HIGH_BAND) == 1
    content = BASE_YAML.replace(HIGH_BAND, HIGH_BAND + f"    reassess_after_days: {value}\n")
    with translation.override("en"), pytest.raises(InstrumentError) as caught:
        load_instrument_file(write_file(content))
    assert any("reassess_after_days" in problem.location for problem in caught.value.problems)
