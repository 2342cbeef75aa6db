"""Every form and model in the product takes numbers as people type them and bounds free
text: a new field that forgets either fails here."""

import copy
import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

import samvern
from samvern.core.forms import (
    NorwegianDecimalField,
    NorwegianIntegerField,
    StyledFormMixin,
    limit_free_text,
)


def product_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.iter_modules(samvern.__path__):
        try:
            importlib.import_module(f"samvern.{module.name}.forms")
        except ModuleNotFoundError:
            continue
    found, queue = [], list(forms.BaseForm.__subclasses__())
    while queue:
        cls = queue.pop()
        queue.extend(cls.__subclasses__())
        if cls.__module__.startswith("samvern.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_the_product_has_forms_to_check():
    assert len(product_forms()) > 20


@pytest.mark.parametrize("form_class", product_forms(), ids=lambda c: c.__qualname__)
def test_number_fields_read_norwegian_input(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            assert isinstance(field, NorwegianDecimalField | NorwegianIntegerField), (
                f"{form_class.__qualname__}.{name} is a {type(field).__name__}"
            )


@pytest.mark.parametrize("form_class", product_forms(), ids=lambda c: c.__qualname__)
def test_text_fields_have_a_maximum_length(form_class):
    if not issubclass(form_class, StyledFormMixin) and any(
        issubclass(sub, StyledFormMixin) for sub in form_class.__subclasses__()
    ):
        return  # a mixin of fields: checked in the forms that use it
    fields = {name: copy.deepcopy(field) for name, field in form_class.base_fields.items()}
    if issubclass(form_class, StyledFormMixin):
        limit_free_text(fields)  # what the form does when it validates
    for name, field in fields.items():
        # Regex, UUID, e-mail and similar fields are bounded by their own format.
        if type(field) is forms.CharField:
            assert field.max_length is not None, f"{form_class.__qualname__}.{name}"


def test_every_model_text_field_has_a_maximum_length_that_is_enforced():
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samvern."):
            continue
        for model in config.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.TextField) or not field.editable:
                    continue
                enforced = any(isinstance(v, MaxLengthValidator) for v in field.validators)
                if field.max_length is None or not enforced:
                    missing.append(f"{model.__name__}.{field.name}")
    assert not missing, missing


def test_the_free_text_default_applies_to_fields_a_form_adds_itself():
    class Form(StyledFormMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField(widget=forms.Textarea)

    form = Form({"late": "x" * 5001})
    assert not form.is_valid()
    assert "late" in form.errors
