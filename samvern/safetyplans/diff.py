"""The difference between two versions of a safety plan, section by section.

For each section: the fields whose value changed (before → after), and for each list
(emergency numbers, orders, agency commitments) the rows added, removed and changed. Rows
are matched first by being equal (unchanged), then by their key (an organisation's
commitment, an order's kind, a number's label) in order: a matched pair whose values differ
is "changed", what is left over is added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from samvern.safetyplans.content import SECTIONS, ListSpec, PlanContent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class FieldChange:
    label: StrOrPromise
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    before: str
    after: str


@dataclass(frozen=True)
class ListChanges:
    label: StrOrPromise
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class SectionChanges:
    key: str
    title: StrOrPromise
    fields: list[FieldChange]
    lists: list[ListChanges]

    @property
    def any(self) -> bool:
        return bool(self.fields) or any(changes.any for changes in self.lists)


@dataclass(frozen=True)
class PlanDiff:
    sections: list[SectionChanges]

    @property
    def changed_sections(self) -> list[SectionChanges]:
        return [section for section in self.sections if section.any]

    @property
    def any(self) -> bool:
        return bool(self.changed_sections)


def _list_changes(
    spec: ListSpec, before: tuple[object, ...], after: tuple[object, ...]
) -> ListChanges:
    old = list(before)
    new = list(after)
    # 1. Equal rows are unchanged, whatever their place.
    for row in list(new):
        if row in old:
            old.remove(row)
            new.remove(row)
    # 2. Rows with the same key are the same row, changed.
    changes = ListChanges(label=spec.label)
    for row in list(new):
        key = spec.key(row)
        match = next((o for o in old if spec.key(o) == key), None)
        if match is not None:
            old.remove(match)
            new.remove(row)
            changes.changed.append(RowChange(spec.describe(match), spec.describe(row)))
    changes.removed.extend(spec.describe(row) for row in old)
    changes.added.extend(spec.describe(row) for row in new)
    return changes


def compare(before: PlanContent, after: PlanContent) -> PlanDiff:
    sections: list[SectionChanges] = []
    for spec in SECTIONS:
        old_section = getattr(before, spec.key)
        new_section = getattr(after, spec.key)
        field_changes = []
        for field_spec in spec.fields:
            old_value = field_spec.display(getattr(old_section, field_spec.name))
            new_value = field_spec.display(getattr(new_section, field_spec.name))
            if old_value != new_value:
                field_changes.append(FieldChange(field_spec.label, old_value, new_value))
        list_changes = [
            _list_changes(
                row_spec, getattr(old_section, row_spec.name), getattr(new_section, row_spec.name)
            )
            for row_spec in spec.lists
        ]
        sections.append(SectionChanges(spec.key, spec.title, field_changes, list_changes))
    return PlanDiff(sections)


def changed_section_keys(before: PlanContent | None, after: PlanContent) -> list[str]:
    """The sections a new version changed (all non-empty ones for a first version): what
    the audit event names, never the values."""
    diff = compare(before or PlanContent(), after)
    return [section.key for section in diff.changed_sections]
