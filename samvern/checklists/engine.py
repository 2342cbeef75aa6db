"""Which items of a template apply to one case and one organisation: a pure function of
the template, the case's facts and the kinds of agency taking part. No Django, no
database; the services gather the facts and store what this returns.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from samvern.checklists.template import Agency, Conditions, Template, TemplateItem


@dataclass(frozen=True)
class CaseFacts:
    """What the conditions of a template look at.

    `children` and `risk_band` come from the case (a person with the role child; the
    band of the latest assessment, "" when there is none); the other three are not in the
    case data and are asked when a checklist is made."""

    children: bool = False
    risk_band: str = ""
    custody_release: bool = False
    shelter_needed: bool = False
    consent_victim_support: bool = False

    def as_dict(self) -> dict[str, bool | str]:
        return {
            "children": self.children,
            "risk_band": self.risk_band,
            "custody_release": self.custody_release,
            "shelter_needed": self.shelter_needed,
            "consent_victim_support": self.consent_victim_support,
        }

    @classmethod
    def from_dict(cls, data: object) -> CaseFacts:
        """The facts stored on a checklist; anything missing or of the wrong type is
        read as not known (False, or no band)."""
        values = data if isinstance(data, dict) else {}

        def flag(name: str) -> bool:
            value = values.get(name)
            return value if isinstance(value, bool) else False

        band = values.get("risk_band")
        return cls(
            children=flag("children"),
            risk_band=band if isinstance(band, str) else "",
            custody_release=flag("custody_release"),
            shelter_needed=flag("shelter_needed"),
            consent_victim_support=flag("consent_victim_support"),
        )


def conditions_met(conditions: Conditions, facts: CaseFacts) -> bool:
    """Every condition given holds for the case."""
    checks: list[tuple[bool | None, bool]] = [
        (conditions.children, facts.children),
        (conditions.custody_release, facts.custody_release),
        (conditions.shelter_needed, facts.shelter_needed),
        (conditions.consent_victim_support, facts.consent_victim_support),
    ]
    if any(wanted is not None and wanted != actual for wanted, actual in checks):
        return False
    return conditions.risk_band is None or facts.risk_band in conditions.risk_band


def duty_holder(order: tuple[Agency, ...], participating: Collection[Agency]) -> Agency | None:
    """The first agency in `order` that takes part in the case, or None."""
    return next((agency for agency in order if agency in participating), None)


def item_applies(
    item: TemplateItem,
    facts: CaseFacts,
    participating_kinds: Collection[Agency],
    organisation_kind: Agency,
) -> bool:
    if not conditions_met(item.when, facts):
        return False
    if item.sole_holder is None:
        return True
    # The organisation itself takes part, whatever the list it was given says.
    participating = {*participating_kinds, organisation_kind}
    return duty_holder(item.sole_holder.order, participating) == organisation_kind


def applicable_items(
    template: Template,
    facts: CaseFacts,
    participating_kinds: Collection[Agency],
    organisation_kind: Agency,
) -> list[TemplateItem]:
    """The items of `template` that the organisation (of agency kind
    `organisation_kind`) must see to in a case with `facts`, in which agencies of
    `participating_kinds` take part; in the template's order.

    An item applies when all its conditions hold. An item that names a sole-holder duty
    applies only to the first agency in its declared order that takes part in the case:
    when the police and the health service both take part and both templates hold the
    duty "inform child welfare" with the police first, only the police's checklist has
    it."""
    return [
        item
        for item in template.items
        if item_applies(item, facts, participating_kinds, organisation_kind)
    ]
