"""The shape of a loaded checklist template: plain, immutable values with no Django in
them. The catalogue builds these from validated files, the engine decides with them which
items apply to a case, and the services copy the chosen items' wording into the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from samvern.core.catalogues import text_in


class Agency(StrEnum):
    """The kinds of agency a template is written for. Organisation kinds without a
    template of their own (municipality, NGO, prosecution …) use the generic one."""

    POLICE = "police"
    HEALTH = "health"
    CHILD_WELFARE = "child_welfare"
    SOCIAL_SERVICES = "social_services"
    CRISIS_CENTRE = "crisis_centre"
    GENERIC = "generic"


# The organisation kinds (samvern.accounts.models.OrganisationKind values) that have a
# template of their own; every other kind is served by the generic template.
_OWN_TEMPLATE = frozenset(
    {
        Agency.POLICE,
        Agency.HEALTH,
        Agency.CHILD_WELFARE,
        Agency.SOCIAL_SERVICES,
        Agency.CRISIS_CENTRE,
    }
)


def agency_for(organisation_kind: str) -> Agency:
    """The agency whose template an organisation of `organisation_kind` uses."""
    return Agency(organisation_kind) if organisation_kind in _OWN_TEMPLATE else Agency.GENERIC


@dataclass(frozen=True)
class Conditions:
    """When an item applies. None means "whatever the case"; every condition given must
    hold. `risk_band` holds band keys of the risk instruments (the case's latest band)."""

    children: bool | None = None
    risk_band: tuple[str, ...] | None = None
    custody_release: bool | None = None
    shelter_needed: bool | None = None
    consent_victim_support: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self == Conditions()


@dataclass(frozen=True)
class SoleHolder:
    """A duty that only one agency in the case should hold: it falls to the first agency
    in `order` that takes part in the case."""

    duty: str
    order: tuple[Agency, ...]


@dataclass(frozen=True)
class TemplateItem:
    key: str
    text: Mapping[str, str]
    help: Mapping[str, str] = field(default_factory=dict)
    when: Conditions = field(default_factory=Conditions)
    sole_holder: SoleHolder | None = None

    def text_in(self, lang: str | None) -> str:
        return text_in(self.text, lang)

    def help_in(self, lang: str | None) -> str:
        return text_in(self.help, lang)


@dataclass(frozen=True)
class Template:
    key: str
    version: str
    agency: Agency
    title: Mapping[str, str]
    items: tuple[TemplateItem, ...]
    description: Mapping[str, str] = field(default_factory=dict)
    source_path: Path | None = None
    # SHA-256 of the file's bytes: lets a stored checklist notice a file edited in place.
    fingerprint: str = ""

    # Texts are dicts, so the generated hash would fail; a key and version name exactly
    # one template in the catalogue.
    def __hash__(self) -> int:
        return hash((self.key, self.version))

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    def title_in(self, lang: str | None) -> str:
        return text_in(self.title, lang)

    def description_in(self, lang: str | None) -> str:
        return text_in(self.description, lang)

    def item(self, key: str) -> TemplateItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)
