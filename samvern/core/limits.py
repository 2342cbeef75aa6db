"""How long free text may be. One place, so that a model, its form and its API agree.

The limits are generous for what each field is for (a status comment is a few sentences, a
mandate or a consultation response a few pages) and stop a pasted document or a script from
filling the database and every page that shows the text. A model's free text is a
`bounded_text()` field: max_length for its forms and the API, and a MaxLengthValidator, since
Django's TextField does not enforce max_length itself; a form field without its own limit gets one from
samvern.core.forms.limit_free_text.
"""

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

# One line of free text (a name, a title, a search) where the form sets no limit of its own.
LINE = 1_000
# A comment, reason, note or short description: a few paragraphs.
COMMENT = 5_000
# A longer text written for the record: a mandate, a consultation response, an evaluation.
LONG_TEXT = 20_000


def bounded_text(verbose_name: Any, limit: int = COMMENT, **options: Any) -> models.TextField:
    """A TextField that holds at most `limit` characters, in its forms and in model
    validation alike."""
    return models.TextField(
        verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options
    )
