"""Form base that dresses Django widgets in Designsystemet classes and ARIA attributes."""

from typing import Any

from django import forms


class StyledFormMixin:
    """Adds Designsystemet classes, aria-invalid and aria-describedby to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            widget.attrs.setdefault("class", "ds-input")
            describedby = []
            if field.help_text:
                describedby.append(f"id_{self.add_prefix(name)}_help")  # type: ignore[attr-defined]
            if describedby:
                widget.attrs["aria-describedby"] = " ".join(describedby)

    def full_clean(self) -> None:
        # Marking invalid fields here rather than in __init__: reading self.errors there
        # would validate before a subclass's __init__ has set choices or querysets.
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            attrs = field.widget.attrs
            attrs["aria-invalid"] = "true"
            error_id = f"id_{self.add_prefix(name)}_error"  # type: ignore[attr-defined]
            describedby = attrs.get("aria-describedby", "").split()
            if error_id not in describedby:
                attrs["aria-describedby"] = " ".join([*describedby, error_id])


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass
