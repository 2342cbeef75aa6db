"""Form base that dresses Django widgets in Designsystemet classes and ARIA attributes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, TypeVar, Unpack

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.numbers import NotANumber, parse_number, plain_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Radio buttons and checkbox lists render as one Designsystemet fieldset: the question is
# the legend, each option a ds-field with its own label (samvern/core/templates/).
CHOICE_GROUP_TEMPLATE = "core/forms/choice_group.html"


def is_choice_group(widget: forms.Widget) -> bool:
    # CheckboxSelectMultiple is a RadioSelect in Django.
    return isinstance(widget, forms.RadioSelect)


class StyledBoundField(forms.BoundField):
    @property
    def template_name(self) -> str:
        if is_choice_group(self.field.widget):
            return getattr(self.field, "template_name", None) or CHOICE_GROUP_TEMPLATE
        return super().template_name

    @property
    def group_describedby(self) -> str:
        """The help and error ids a choice group's fieldset is described by (the options
        themselves are not, so that a screen reader reads the help once)."""
        ids = [f"{self.auto_id}_help"] if self.help_text else []
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        return " ".join(ids)


def limit_free_text(fields: dict[str, forms.Field]) -> None:
    """Give every text field without its own limit a sensible one: no form accepts a
    pasted book. Fields that need more (or less) declare their own max_length. Applied
    at validation, so fields a form adds in its __init__ are covered too."""
    for field in fields.values():
        if (
            type(field) is not forms.CharField
            or field.max_length is not None
            or getattr(field, "_samvern_limited", False)
        ):
            continue
        limit = limits.COMMENT if isinstance(field.widget, forms.Textarea) else limits.LINE
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field._samvern_limited = True  # type: ignore[attr-defined]


EMPTY_CHOICE = "—"


class StyledFormMixin:
    """Adds Designsystemet classes, aria-invalid and aria-describedby to every widget, and
    renders choice groups (RadioSelect, CheckboxSelectMultiple) as fieldsets with a legend:
    `{{ field.as_field_group }}`, as `templates/includes/form.html` does."""

    bound_field_class: type[forms.BoundField] | None = StyledBoundField

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            widget.attrs.setdefault("class", "ds-input")
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
                # The same empty choice as the plain choice fields, not Django's dashes.
                field.empty_label = EMPTY_CHOICE
            if is_choice_group(widget):
                continue
            describedby = []
            if field.help_text:
                describedby.append(f"id_{self.add_prefix(name)}_help")  # type: ignore[attr-defined]
            if describedby:
                widget.attrs["aria-describedby"] = " ".join(describedby)

    def full_clean(self) -> None:
        # Marking invalid fields here rather than in __init__: reading self.errors there
        # would validate before a subclass's __init__ has set choices or querysets.
        limit_free_text(self.fields)  # type: ignore[attr-defined]
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            attrs = field.widget.attrs
            attrs["aria-invalid"] = "true"
            if is_choice_group(field.widget):
                continue
            error_id = f"id_{self.add_prefix(name)}_error"  # type: ignore[attr-defined]
            describedby = attrs.get("aria-describedby", "").split()
            if error_id not in describedby:
                attrs["aria-describedby"] = " ".join([*describedby, error_id])


class StyledForm(StyledFormMixin, forms.Form):
    pass


_M = TypeVar("_M", bound=models.Model)


class StyledModelForm(StyledFormMixin, forms.ModelForm[_M]):
    pass


class NumberFieldOptions(TypedDict, total=False):
    """What a form declares of a number field besides its notation."""

    required: bool
    label: StrOrPromise | None
    help_text: StrOrPromise
    initial: object
    widget: forms.Widget | type[forms.Widget]
    disabled: bool
    localize: bool
    validators: Sequence[Callable[[object], None]]


class DecimalFieldOptions(NumberFieldOptions, total=False):
    max_value: Decimal | int | None
    min_value: Decimal | int | None
    max_digits: int | None
    decimal_places: int | None


class IntegerFieldOptions(NumberFieldOptions, total=False):
    max_value: int | None
    min_value: int | None


class NorwegianDecimalField(forms.DecimalField):
    """A number as people type it: "12,5", "1 200", "1 200,50" (any kind of space between
    the groups). Blank stays blank (None: not known), never 0. `currency` also accepts
    "kr 1 200" and "1 200,-". A text input, because a browser's number input silently
    drops a decimal comma it does not expect."""

    default_error_messages = {"invalid": _("Enter a number, for example 1 200 or 12,5.")}

    def __init__(self, *, currency: bool = False, **kwargs: Unpack[DecimalFieldOptions]) -> None:
        self.currency = currency
        kwargs.setdefault("localize", True)  # shows a saved value as "12,5" in bokmål
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, object]:
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def prepare_value(self, value: object) -> object:
        # A saved 12.50 is shown as "12,5", 30.00 as "30".
        return plain_number(value)

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        try:
            return parse_number(str(value), currency=self.currency)
        except NotANumber:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class NorwegianIntegerField(forms.IntegerField):
    """A whole number as people type it: "1 200" or "1200"; blank stays None."""

    default_error_messages = {"invalid": _("Enter a whole number, for example 1 200.")}

    def __init__(self, **kwargs: Unpack[IntegerFieldOptions]) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, object]:
        return {**super().widget_attrs(widget), "inputmode": "numeric"}

    def to_python(self, value: object) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            number = parse_number(str(value))
        except NotANumber:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


def attach_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form that asked for it: a message raised for one
    of the form's fields goes to that field, everything else to the form as a whole.
    Every view that calls a service with a form's data uses this, so a refusal reads the
    same everywhere."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                for message in item.messages:
                    form.add_error(target, message)
        return
    for message in error.messages:
        form.add_error(None, message)


def submit(form: forms.BaseForm, action: Callable[[], object]) -> bool:
    """Validate `form` and, when it is valid, run `action` (the service call that uses the
    form's cleaned data). A service's refusal is shown on the form, as
    `attach_service_error` does. True when the action went through: the view then
    redirects; otherwise it shows the page again with the form's errors."""
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        attach_service_error(form, error)
        return False
    return True
