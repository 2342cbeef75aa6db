"""Which duties appear: the pure engine on the shipped templates, for the case
situations a checklist must tell apart (children or not, each risk band, a release from
custody, a shelter needed, consent to victim support, and a duty falling back between
agencies)."""

from __future__ import annotations

import pytest

from samvern.checklists import catalogue
from samvern.checklists.engine import CaseFacts, applicable_items, conditions_met, duty_holder
from samvern.checklists.template import (
    Agency,
    Conditions,
    SoleHolder,
    Template,
    TemplateItem,
    agency_for,
)

POLICE, HEALTH, CRISIS = Agency.POLICE, Agency.HEALTH, Agency.CRISIS_CENTRE
CHILD_WELFARE, NAV, GENERIC = Agency.CHILD_WELFARE, Agency.SOCIAL_SERVICES, Agency.GENERIC

# Items every police checklist has, whatever the case.
POLICE_ALWAYS = [
    "record_incident",
    "risk_assessment",
    "secure_evidence",
    "safety_talk",
    "inform_rights",
]


def keys(agency: Agency, facts: CaseFacts, participating: set[Agency]) -> list[str]:
    template = catalogue.template_for(agency)
    return [item.key for item in applicable_items(template, facts, participating, agency)]


@pytest.fixture(autouse=True)
def fresh_catalogue():
    catalogue.clear_cache()
    yield
    catalogue.clear_cache()


# --- Case situations -----------------------------------------------------------------------


def test_a_case_without_children_and_without_a_band_has_only_the_general_duties():
    # The police alone in the case: the main-contact duty falls to them.
    assert keys(POLICE, CaseFacts(), {POLICE}) == [*POLICE_ALWAYS, "main_contact"]


def test_children_in_the_household_add_the_duty_to_inform_child_welfare_and_interviews():
    with_children = keys(POLICE, CaseFacts(children=True), {POLICE, CRISIS})
    without = keys(POLICE, CaseFacts(children=False), {POLICE, CRISIS})
    assert set(with_children) - set(without) == {"inform_child_welfare", "children_interview"}
    # Child welfare looks for children when none are recorded, and not otherwise.
    assert "find_children" in keys(CHILD_WELFARE, CaseFacts(), {CHILD_WELFARE})
    assert "find_children" not in keys(CHILD_WELFARE, CaseFacts(children=True), {CHILD_WELFARE})


@pytest.mark.parametrize(
    ("band", "added"),
    [
        ("", set()),
        ("standard", set()),
        ("low", set()),
        ("medium", {"restraining_order", "weapons"}),
        ("moderate", {"restraining_order", "weapons"}),
        ("high", {"restraining_order", "weapons", "personal_alarm"}),
    ],
)
def test_each_risk_band_adds_its_duties(band, added):
    base = set(keys(POLICE, CaseFacts(), {POLICE}))
    assert set(keys(POLICE, CaseFacts(risk_band=band), {POLICE})) - base == added


def test_a_high_band_with_children_lets_child_welfare_consider_emergency_measures():
    high = keys(CHILD_WELFARE, CaseFacts(children=True, risk_band="high"), {CHILD_WELFARE})
    medium = keys(CHILD_WELFARE, CaseFacts(children=True, risk_band="medium"), {CHILD_WELFARE})
    assert "emergency_measures" in high
    assert "police_informed" in high
    assert "emergency_measures" not in medium


def test_a_release_from_custody_makes_the_police_warn_the_person_exposed():
    released = keys(POLICE, CaseFacts(custody_release=True), {POLICE, CRISIS})
    assert "custody_release_notice" in released
    assert "custody_release_notice" not in keys(POLICE, CaseFacts(), {POLICE, CRISIS})
    # With the police in the case, the crisis centre does not hold that duty as well …
    assert "custody_release_notice" not in keys(
        CRISIS, CaseFacts(custody_release=True), {POLICE, CRISIS}
    )
    # … without them, it falls to the crisis centre.
    assert "custody_release_notice" in keys(CRISIS, CaseFacts(custody_release=True), {CRISIS})


def test_a_duty_falls_back_to_the_next_agency_in_the_declared_order():
    """Personal alarm: police, crisis centre, NAV, health, child welfare, generic."""
    high = CaseFacts(risk_band="high")
    both = {POLICE, HEALTH}
    assert "personal_alarm" in keys(POLICE, high, both)
    assert "personal_alarm" not in keys(HEALTH, high, both)
    # Health and NAV without the police: NAV comes first in the order.
    assert "personal_alarm" in keys(NAV, high, {HEALTH, NAV})
    assert "personal_alarm" not in keys(HEALTH, high, {HEALTH, NAV})
    # Health alone holds it.
    assert "personal_alarm" in keys(HEALTH, high, {HEALTH})


def test_a_shelter_needed_falls_to_the_crisis_centre_and_adds_housing_for_nav():
    shelter = CaseFacts(shelter_needed=True)
    agencies = {POLICE, CRISIS, NAV}
    assert "shelter_referral" in keys(CRISIS, shelter, agencies)
    assert "moving_on" in keys(CRISIS, shelter, agencies)
    assert "shelter_referral" not in keys(POLICE, shelter, agencies)
    assert "shelter_referral" not in keys(NAV, shelter, agencies)
    assert "temporary_housing" in keys(NAV, shelter, agencies)
    # Without a crisis centre in the case, NAV refers to one.
    assert "shelter_referral" in keys(NAV, shelter, {POLICE, NAV})
    assert "shelter_referral" not in keys(CRISIS, CaseFacts(), agencies)


def test_consent_to_victim_support_adds_the_referral_for_the_first_agency_only():
    consent = CaseFacts(consent_victim_support=True)
    assert "victim_support_referral" in keys(POLICE, consent, {POLICE, HEALTH})
    assert "victim_support_referral" not in keys(HEALTH, consent, {POLICE, HEALTH})
    assert "victim_support_referral" not in keys(POLICE, CaseFacts(), {POLICE, HEALTH})
    assert "victim_support_referral" in keys(HEALTH, consent, {HEALTH, CHILD_WELFARE})


def test_the_children_are_heard_by_child_welfare_when_it_takes_part():
    children = CaseFacts(children=True)
    assert "children_heard" in keys(CHILD_WELFARE, children, {CHILD_WELFARE, CRISIS, HEALTH})
    assert "children_heard" not in keys(CRISIS, children, {CHILD_WELFARE, CRISIS, HEALTH})
    assert "children_heard" in keys(CRISIS, children, {CRISIS, HEALTH})
    assert "children_heard" not in keys(HEALTH, children, {CRISIS, HEALTH})


def test_the_demo_situation_gives_each_agency_its_own_list():
    """A mother and a child at the shelter, a partner released from custody, high risk,
    consent to victim support; police, crisis centre and child welfare take part."""
    facts = CaseFacts(
        children=True,
        risk_band="high",
        custody_release=True,
        shelter_needed=True,
        consent_victim_support=True,
    )
    agencies = {POLICE, CRISIS, CHILD_WELFARE}
    police, crisis = keys(POLICE, facts, agencies), keys(CRISIS, facts, agencies)
    child_welfare = keys(CHILD_WELFARE, facts, agencies)
    sole = {"custody_release_notice", "personal_alarm", "victim_support_referral"}
    assert sole <= set(police)
    assert not sole & set(crisis)
    assert not sole & set(child_welfare)
    assert {"shelter_referral", "main_contact", "children_contact"} <= set(crisis)
    assert "children_heard" in child_welfare and "children_heard" not in crisis
    # Every agency keeps its own duty to inform child welfare, except child welfare.
    assert "inform_child_welfare" in police and "inform_child_welfare" in crisis
    assert 8 <= len(police) <= 15


def test_every_template_has_between_eight_and_fifteen_items_in_both_languages():
    templates = catalogue.scan_templates()
    assert templates.problems == []
    assert {template.agency for template in templates.templates} == set(Agency)
    for template in templates.templates:
        assert 8 <= len(template.items) <= 15, template.key
        for item in template.items:
            assert item.text["nb"] and item.text["en"]


# --- The engine itself ---------------------------------------------------------------------


def _template(*items: TemplateItem, agency: Agency = POLICE) -> Template:
    return Template(key="t", version="1.0", agency=agency, title={"nb": "t"}, items=items)


def test_every_condition_given_must_hold():
    conditions = Conditions(children=True, risk_band=("high",), shelter_needed=True)
    assert conditions_met(
        conditions, CaseFacts(children=True, risk_band="high", shelter_needed=True)
    )
    assert not conditions_met(conditions, CaseFacts(children=True, risk_band="high"))
    assert not conditions_met(conditions, CaseFacts(risk_band="high", shelter_needed=True))
    assert not conditions_met(conditions, CaseFacts(children=True, shelter_needed=True))
    assert conditions_met(Conditions(), CaseFacts())
    assert conditions_met(Conditions(children=False), CaseFacts())
    assert not conditions_met(Conditions(children=False), CaseFacts(children=True))


def test_the_duty_holder_is_the_first_agency_in_the_order_that_takes_part():
    order = (POLICE, CRISIS, HEALTH)
    assert duty_holder(order, {HEALTH, CRISIS}) == CRISIS
    assert duty_holder(order, {NAV}) is None


def test_the_organisation_itself_counts_as_taking_part_and_order_is_kept():
    sole = TemplateItem(
        key="b", text={"nb": "b"}, sole_holder=SoleHolder(duty="d", order=(HEALTH, POLICE))
    )
    plain = TemplateItem(key="a", text={"nb": "a"})
    template = _template(plain, sole)
    assert [i.key for i in applicable_items(template, CaseFacts(), set(), POLICE)] == ["a", "b"]
    assert [i.key for i in applicable_items(template, CaseFacts(), {HEALTH}, POLICE)] == ["a"]


@pytest.mark.parametrize(
    ("kind", "agency"),
    [
        ("police", POLICE),
        ("health", HEALTH),
        ("child_welfare", CHILD_WELFARE),
        ("social_services", NAV),
        ("crisis_centre", CRISIS),
        ("municipality", GENERIC),
        ("ngo", GENERIC),
        ("prosecution", GENERIC),
        ("other", GENERIC),
    ],
)
def test_organisation_kinds_map_to_their_template(kind, agency):
    assert agency_for(kind) == agency
    assert catalogue.template_for(agency_for(kind)).agency == agency


def test_stored_facts_are_read_back_and_nonsense_is_read_as_not_known():
    facts = CaseFacts(children=True, risk_band="high", custody_release=True)
    assert CaseFacts.from_dict(facts.as_dict()) == facts
    assert CaseFacts.from_dict({"children": "yes", "risk_band": 3}) == CaseFacts()
    assert CaseFacts.from_dict(None) == CaseFacts()
