"""Choice groups (radio buttons, checkbox lists) are fieldsets whose legend is the question,
with one labelled Designsystemet field per option, on every form of the product: they are
rendered by the one shared template, core/forms/choice_group.html."""

from __future__ import annotations

import importlib
import pkgutil
from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client

import samvern
from samvern.accounts.testing import login
from samvern.core.forms import CHOICE_GROUP_TEMPLATE, StyledForm, StyledFormMixin, is_choice_group
from samvern.risk import catalogue


class _Inputs(HTMLParser):
    """Each radio/checkbox input with the fieldsets around it and whether each has a legend
    with text; and every <label for=…>."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.inputs: list[dict] = []
        self.label_for: set[str] = set()
        self._legend: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "fieldset":
            self.stack.append({"legend": ""})
        elif tag == "legend" and self.stack:
            self._legend = self.stack[-1]
        elif tag == "label" and attributes.get("for"):
            self.label_for.add(attributes["for"])
        elif tag == "input" and attributes.get("type") in ("radio", "checkbox"):
            self.inputs.append({**attributes, "fieldsets": list(self.stack)})

    def handle_endtag(self, tag):
        if tag == "fieldset" and self.stack:
            self.stack.pop()
        elif tag == "legend":
            self._legend = None

    def handle_data(self, data):
        if self._legend is not None:
            self._legend["legend"] += data


def assert_choice_groups_are_fieldsets(html: str) -> int:
    """Every radio, and every checkbox that shares its name with another, sits in a fieldset
    whose legend has text, and has its own label. Returns the number of grouped inputs."""
    parser = _Inputs()
    parser.feed(html)
    names = [i.get("name") for i in parser.inputs]
    grouped = [
        i for i in parser.inputs if i.get("type") == "radio" or names.count(i.get("name")) > 1
    ]
    for element in grouped:
        assert element["fieldsets"], f"{element.get('name')} is not in a fieldset"
        assert element["fieldsets"][-1]["legend"].strip(), f"{element.get('name')}: no legend"
        assert element.get("id") in parser.label_for, f"{element.get('id')} has no label"
    return len(grouped)


class ExampleForm(StyledForm):
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )
    sizes = forms.MultipleChoiceField(
        label="Sizes",
        choices=[("s", "Small"), ("m", "Medium")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree", required=False)


def test_a_styled_form_renders_each_choice_group_as_a_fieldset_with_a_legend():
    html = render_to_string("includes/form.html", {"form": ExampleForm()})
    assert assert_choice_groups_are_fieldsets(html) == 4
    assert '<legend class="ds-label">Colour' in html and '<legend class="ds-label">Sizes' in html
    assert 'id="id_colour" aria-describedby="id_colour_help"' in html
    assert '<p class="ds-paragraph" data-size="sm" id="id_colour_help">Pick one.</p>' in html
    # The single checkbox is not a group, and the options are not described one by one.
    assert html.count("<fieldset") == 2
    assert 'aria-describedby="id_colour_help" type="radio"' not in html


def test_an_invalid_group_names_its_error_on_the_fieldset_and_links_to_the_first_option():
    form = ExampleForm({"colour": "green"})
    assert not form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})
    assert 'aria-describedby="id_colour_help id_colour_error"' in html
    assert 'id="id_colour_error"' in html
    assert 'href="#id_colour_0"' in html and 'href="#id_sizes_0"' in html
    assert html.count('aria-invalid="true"') == 4  # every option of both groups


def _product_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(samvern.__path__, "samvern."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if module.name.rsplit(".", 1)[-1] in ("forms", "views", "registry_views"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("samvern.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def test_every_product_form_with_a_choice_group_uses_the_shared_template():
    with_groups = [
        cls
        for cls in _product_form_classes()
        if any(is_choice_group(field.widget) for field in cls.base_fields.values())
        and not cls.__name__.endswith("Mixin")  # fields for forms that are styled
    ]
    names = {cls.__name__ for cls in with_groups}
    # The forms known to have choice groups are found (the search itself works) ...
    assert {"ShareForm", "NoteForm", "PartnershipUpdateForm", "MeasureForm"} <= names
    for cls in with_groups:
        # ... and each renders them through the styled machinery.
        assert issubclass(cls, StyledFormMixin), cls
    # Assessment forms are generated from instrument files.
    for instrument in catalogue.all_instruments():
        from samvern.risk.forms import assessment_form_class

        form = assessment_form_class(instrument)()
        assert all(
            form[item.key].template_name == CHOICE_GROUP_TEMPLATE for item in instrument.items
        )


def test_forms_that_add_choice_groups_after_construction_use_the_shared_template_too():
    from samvern.plans.forms import MappingForm

    form = MappingForm(sections={})
    groups = [name for name, field in form.fields.items() if is_choice_group(field.widget)]
    assert groups
    html = render_to_string("includes/form.html", {"form": form})
    assert assert_choice_groups_are_fieldsets(html) > 0
    assert html.count('<fieldset class="ds-fieldset choice-group') == len(groups)


def _check_page(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return assert_choice_groups_are_fieldsets(response.content.decode())


@pytest.mark.django_db
def test_the_case_forms_render_their_choice_groups_as_fieldsets(world):
    client = login(Client(), world.referrer)
    case = world.case.pk
    for instrument in catalogue.available_instruments():
        url = f"/cases/{case}/assessments/add/?instrument={instrument.key}"
        radios = sum(
            len(item.scale_values) + 1 if item.kind == "scale" else 3 for item in instrument.items
        )
        # every question's radios and the sharing choice (the recipient list has one here)
        assert _check_page(client, url) == radios + 3
    assert _check_page(client, f"/cases/items/{world.note_private.pk}/share/") >= 2
    assert _check_page(client, f"/cases/{case}/notes/add/") >= 3
    assert _check_page(client, f"/cases/{case}/documents/add/") >= 3


@pytest.mark.django_db
def test_the_partnership_form_renders_its_radio_group_as_a_fieldset(world):
    from samvern.accounts.models import Role
    from samvern.accounts.testing import make_member

    manager = make_member(world.municipality, Role.ORG_ADMIN, username="municipality-admin")
    client = login(Client(), manager)
    assert _check_page(client, f"/partnerships/{world.partnership.pk}/edit/") >= 2


@pytest.mark.django_db
def test_the_assessment_form_numbers_its_questions_in_the_legends(world):
    client = login(Client(), world.referrer)
    instrument = catalogue.get_instrument("samvern-screening-exposed")
    body = client.get(
        f"/cases/{world.case.pk}/assessments/add/?instrument={instrument.key}"
    ).content.decode()
    first = instrument.items[0].text["nb"]
    assert f'<legend class="ds-label"><span class="choice-group__number">1.</span>{first}' in body
    # Critical questions say so where they are asked.
    assert body.count("Et ja på dette spørsmålet gir alene grunn til risikokonferanse.") == len(
        instrument.critical_items
    )
