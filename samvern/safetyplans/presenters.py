"""A version's content in words, section by section: what the pages and the PDF show.

The person is shown through `samvern.cases.presenters.present_person` (a protected address
is masked there); `printable` goes further for paper: it leaves out every contact detail
of a person with a protected address and replaces any part of the protected address that
a writer put into the plan's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from samvern.cases.models import Person
from samvern.safetyplans.content import SECTIONS, PlanContent
from samvern.safetyplans.services import redact

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Item:
    label: StrOrPromise
    value: str
    multiline: bool = False


@dataclass(frozen=True)
class ListView:
    label: StrOrPromise
    headers: list[StrOrPromise]
    rows: list[list[str]]

    @property
    def labelled_rows(self) -> list[list[tuple[StrOrPromise, str]]]:
        """Each row's cells with their column's name, for tables read as cards on a phone."""
        return [list(zip(self.headers, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class SectionView:
    key: str
    title: StrOrPromise
    intro: StrOrPromise
    items: list[Item]
    lists: list[ListView]

    @property
    def empty(self) -> bool:
        return not any(item.value for item in self.items) and not any(
            table.rows for table in self.lists
        )


def present_content(
    content: PlanContent, *, clean: Callable[[str], str] | None = None
) -> list[SectionView]:
    """Every section with every field (empty ones as ""), in the plan's order."""
    tidy = clean or (lambda text: text)
    views = []
    for spec in SECTIONS:
        section = getattr(content, spec.key)
        items = [
            Item(
                f.label,
                tidy(f.display(getattr(section, f.name))),
                multiline=f.kind == "text",
            )
            for f in spec.fields
        ]
        lists = [
            ListView(
                label=row_spec.label,
                headers=[c.label for c in row_spec.columns],
                rows=[
                    [tidy(c.display(getattr(row, c.name))) for c in row_spec.columns]
                    for row in getattr(section, row_spec.name)
                ],
            )
            for row_spec in spec.lists
        ]
        views.append(SectionView(spec.key, spec.title, spec.intro, items, lists))
    return views


def printable(content: PlanContent, person: Person) -> list[SectionView]:
    """The sections for paper: any part of a protected address replaced."""
    return present_content(content, clean=lambda text: redact(person, text))
