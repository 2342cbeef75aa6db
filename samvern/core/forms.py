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
            if self.is_bound and name in self.errors:  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                describedby.append(f"id_{self.add_prefix(name)}_error")  # type: ignore[attr-defined]
            if describedby:
                widget.attrs["aria-describedby"] = " ".join(describedby)


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass
