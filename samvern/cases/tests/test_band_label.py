import pytest
from django.utils import translation

from samvern.cases.templatetags.case_tags import band_label
from samvern.risk.catalogue import available_instruments


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_band_key_is_shown_with_its_label_in_the_active_language(language):
    band = available_instruments(subject="person_exposed")[0].bands[-1]
    with translation.override(language):
        assert band_label(band.key) == band.label[language]
    assert band.label["nb"] != band.key


def test_an_unknown_band_key_is_shown_as_it_is():
    assert band_label("retired-band") == "retired-band"
    assert band_label("") == ""
