"""How long free text may be. One place, so that a model, its form and its API agree.

The limits are generous for what each field is for (a status comment is a few sentences, a
mandate or a consultation response a few pages) and stop a pasted document or a script from
filling the database and every page that shows the text. A model's free text is a
`bounded_text()` field: max_length for its forms and the API, and a MaxLengthValidator, since
Django's TextField does not enforce max_length itself; a form field without its own limit gets
one from samvern.core.forms.limit_free_text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Combinable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# One line of free text (a name, a title, a search) where the form sets no limit of its own.
LINE = 1_000
# A comment, reason, note or short description: a few paragraphs.
COMMENT = 5_000
# A longer text written for the record: a mandate, a consultation response, an evaluation.
LONG_TEXT = 20_000


class TextOptions(TypedDict, total=False):
    """The options of a bounded text field besides its name and limit."""

    blank: bool
    help_text: StrOrPromise


def bounded_text(
    verbose_name: StrOrPromise, limit: int = COMMENT, **options: Unpack[TextOptions]
) -> models.TextField[str | Combinable, str]:
    """A TextField that holds at most `limit` characters, in its forms and in model
    validation alike."""
    return models.TextField(
        verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options
    )
