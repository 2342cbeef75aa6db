"""The assessment form built from an instrument file."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from samvern.risk.catalogue import get_instrument, load_instrument_file
from samvern.risk.forms import AssessmentForm, assessment_form_class
from samvern.risk.tests.builders import BASE_YAML

EXPOSED = "samvern-screening-exposed"
USING_VIOLENCE = "samvern-screening-using-violence"


def all_answered(instrument, value="no", scale_value="0"):
    return {
        item.key: value if item.kind == "yes_no_unknown" else scale_value
        for item in instrument.items
    }


def test_a_valid_file_gives_a_form_with_one_question_per_item_and_judgement(write_file):
    instrument = load_instrument_file(write_file(BASE_YAML))
    form_class = assessment_form_class(instrument)
    assert issubclass(form_class, AssessmentForm)
    form = form_class()
    assert list(form.fields) == ["first", "second", "third", "override_band", "override_reason"]
    assert [value for value, _label in form.fields["first"].choices] == ["yes", "no", "unknown"]
    assert [value for value, _label in form.fields["override_band"].choices] == [
        "",
        "standard",
        "high",
    ]


def test_a_bound_valid_form_gives_answers_result_and_no_override(write_file):
    instrument = load_instrument_file(write_file(BASE_YAML))
    form = assessment_form_class(instrument)({"first": "yes", "second": "unknown", "third": "no"})
    assert form.is_valid(), form.errors
    assert form.answers() == {"first": "yes", "second": "unknown", "third": "no"}
    assert form.override() == (None, "")
    result = form.result()
    assert (result.score, result.band_key, result.unknown_items) == (1, "standard", ("second",))
    assert not form.qualification().qualifies
    assert form.qualification(repeat_within_12_months=True).reasons == ("repeat",)


def test_scale_answers_come_back_as_whole_numbers():
    instrument = get_instrument(USING_VIOLENCE)
    data = all_answered(instrument, scale_value="3") | {"readiness_for_help": "unknown"}
    form = assessment_form_class(instrument)(data)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["recent_frequency"] == 3
    assert answers["readiness_for_help"] == "unknown"
    assert form.result().score == 3


def test_texts_follow_the_language_active_when_rendered():
    instrument = get_instrument(EXPOSED)
    form = assessment_form_class(instrument)()
    escalation, neck = form.fields["escalation"], form.fields["neck_pressure"]
    with translation.override("nb"):
        assert str(escalation.label) == instrument.item("escalation").text["nb"]
        assert str(dict(escalation.choices)["unknown"]) == "Vet ikke"
        # A critical question says so after the file's own help text.
        assert str(neck.help_text) == (
            instrument.item("neck_pressure").help["nb"]
            + " Et ja på dette spørsmålet gir alene grunn til risikokonferanse."
        )
    with translation.override("en"):
        assert str(escalation.label) == instrument.item("escalation").text["en"]
        assert str(dict(escalation.choices)["unknown"]) == "Don't know"
        assert str(neck.help_text) == (
            instrument.item("neck_pressure").help["en"]
            + " A yes to this question alone qualifies the case for a risk conference."
        )
        assert str(dict(form.fields["override_band"].choices)["high"]) == "High"


def test_judgement_without_a_reason_is_refused_with_a_translated_message():
    instrument = get_instrument(EXPOSED)
    data = all_answered(instrument) | {"override_band": "high", "override_reason": "  "}
    form_class = assessment_form_class(instrument)
    with translation.override("nb"):
        form = form_class(data)
        assert not form.is_valid()
        assert form.errors["override_reason"] == ["Skriv en begrunnelse for det faglige skjønnet."]
    with translation.override("en"):
        form = form_class(data)
        assert not form.is_valid()
        assert form.errors["override_reason"] == [
            "Give the reason for your professional judgement."
        ]
    with pytest.raises(ValueError, match="not valid"):
        form.answers()


def test_judgement_with_a_reason_is_accepted_and_qualifies():
    instrument = get_instrument(EXPOSED)
    reason = "The person exposed describes a new threat that the questions do not capture."
    form = assessment_form_class(instrument)(
        all_answered(instrument) | {"override_band": "high", "override_reason": f" {reason} "}
    )
    assert form.is_valid(), form.errors
    assert form.override() == ("high", reason)
    assert form.result().band_key == "standard"
    assert form.qualification().reasons == ("professional_judgement",)


def test_a_reason_without_a_band_is_refused():
    instrument = get_instrument(EXPOSED)
    form = assessment_form_class(instrument)(
        all_answered(instrument) | {"override_reason": "Worried"}
    )
    with translation.override("en"):
        assert not form.is_valid()
        assert "Choose the band" in form.errors["override_band"][0]


def test_judgement_may_not_lower_the_band_unless_the_file_allows_it(write_file):
    instrument = get_instrument(EXPOSED)
    data = all_answered(instrument, value="yes") | {
        "override_band": "medium",
        "override_reason": "Seems calmer",
    }
    with translation.override("en"):
        form = assessment_form_class(instrument)(data)
        assert not form.is_valid()
        assert form.errors["override_band"] == [
            "This instrument does not let professional judgement lower the band below "
            "“High”, the band the answers give."
        ]
    lowering = load_instrument_file(
        write_file(
            BASE_YAML.replace("allow_override: true", "allow_override: true\nallow_lowering: true")
        )
    )
    form = assessment_form_class(lowering)(
        {
            "first": "yes",
            "second": "yes",
            "third": "yes",
            "override_band": "standard",
            "override_reason": "Protective order now in force",
        }
    )
    assert form.is_valid(), form.errors
    assert form.override() == ("standard", "Protective order now in force")


def test_every_question_must_be_answered_and_only_with_its_choices():
    instrument = get_instrument(USING_VIOLENCE)
    data = all_answered(instrument)
    del data["death_threats"]
    data["recent_frequency"] = "7"
    with translation.override("en"):
        form = assessment_form_class(instrument)(data)
        assert not form.is_valid()
    assert set(form.errors) == {"death_threats", "recent_frequency"}


def test_questions_may_be_left_open_when_the_caller_asks():
    instrument = get_instrument(EXPOSED)
    form = assessment_form_class(instrument, require_all=False)({"escalation": "yes"})
    assert form.is_valid(), form.errors
    assert form.answers() == {"escalation": "yes"}
    assert len(form.result().unanswered_items) == len(instrument.items) - 1


def test_an_instrument_without_judgement_has_no_judgement_fields(write_file):
    content = BASE_YAML.replace("allow_override: true", "allow_override: false").replace(
        "    kind: override_at_least\n", "    kind: band_at_least\n"
    )
    form = assessment_form_class(load_instrument_file(write_file(content)))()
    assert "override_band" not in form.fields
    assert form.override_fields() == []


def test_the_fields_template_renders_each_question_as_a_labelled_radio_group():
    instrument = get_instrument(USING_VIOLENCE)
    with translation.override("en"):
        form = assessment_form_class(instrument)(
            all_answered(instrument) | {"override_band": "high"}
        )
        assert not form.is_valid()
        html = render_to_string("risk/includes/assessment_fields.html", {"form": form})
    assert html.count("<fieldset") == len(instrument.items) + 1
    radios = sum(
        len(item.scale_values) + 1 if item.kind == "scale" else 3 for item in instrument.items
    )
    assert html.count('type="radio"') == radios
    assert html.count('<label class="ds-label" data-weight="regular" for="id_') == radios
    assert (
        '<legend class="ds-label"><span class="choice-group__number">1.</span>Has used physical'
        in html
    )
    assert "3 – Monthly or more often" in html
    assert 'href="#id_override_reason"' in html  # error summary links to the field
    assert 'aria-invalid="true"' in html
