"""The public overview page: figures as the study fixture implies, map, table, budgets."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.core.testing import choose_language
from samvern.overview.tests.study_fixture import STUDY_DATE, register_study_plans
from samvern.overview.tests.test_coverage import expected_study_figures
from samvern.places.models import Municipality
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan

URL = reverse("overview:index")


@pytest.fixture
def analyst(reference_data):
    organisation = OrganisationFactory(name="RVTS Test", kind="resource_centre")
    return make_member(organisation, Role.NATIONAL_ANALYST, username="analyst")


def text_of(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', html)
    assert match, f"no element {name}"
    return match.group(1).strip()


def nb_percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",").removesuffix(",0") + " %"


def test_page_shows_the_counts_and_shares_implied_by_the_study_fixture(client, analyst):
    register_study_plans(analyst)
    expected = expected_study_figures(STUDY_DATE)

    response = client.get(URL, {"as_of": "2019-06-01", "structure": "2019"})

    html = response.content.decode()
    assert response.status_code == 200
    assert text_of(html, "figure-in-force") == str(expected["covered"])
    assert text_of(html, "figure-in-force-share") == nb_percent(expected["share"])
    assert text_of(html, "figure-population-share") == nb_percent(expected["population_share"])
    assert text_of(html, "figure-inter-share") == nb_percent(expected["inter"] / expected["plans"])
    assert "av 422" in html


def test_page_is_public_and_the_same_for_every_kind_of_visitor(client, analyst, alice, bob):
    for user in (None, analyst, alice, bob):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        assert 'data-testid="overview-map"' in response.content.decode()


@pytest.mark.parametrize("structure,count", [(2019, 422), (2024, 357)])
def test_map_has_every_municipality_with_an_accessible_name(
    client, reference_data, structure, count
):
    response = client.get(URL, {"structure": structure})
    html = response.content.decode()
    svg = html[
        html.index('data-testid="overview-map"') : html.index(
            "</svg>", html.index('data-testid="overview-map"')
        )
    ]
    codes = re.findall(r'<a href="[^"]+" aria-label="([^"]+)" data-code="(\d{4})"><path', svg)
    assert len(codes) == count
    assert len({code for _, code in codes}) == count
    assert len(re.findall(r"<title>[^<]+</title></path>", svg)) == count
    assert all(label.strip() for label, _ in codes)
    expected = set(Municipality.objects.filter(year=structure).values_list("code", flat=True))
    assert {code for _, code in codes} == expected


def test_map_links_a_municipality_with_a_plan_to_its_public_plan_page(client, bergen, analyst):
    plan = register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Bergen",
            municipalities=[bergen],
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2026, 12, 31),
            adoptions=[
                AdoptionFacts(
                    municipality=bergen, body="Bystyret", decided_on=dt.date(2022, 12, 14)
                )
            ],
        ),
    )
    html = client.get(URL, {"as_of": "2024-01-01"}).content.decode()
    link = re.search(r'<a href="([^"]+)" aria-label="Bergen \(4601\)[^"]*" data-code="4601">', html)
    assert link
    assert str(plan.pk) in link.group(1)
    askoy = re.search(r'<a href="([^"]+)" aria-label="[^"]*" data-code="4627">', html)
    # The chosen date travels to the municipality's page.
    assert askoy.group(1) == (
        reverse("overview:municipality", kwargs={"year": 2024, "code": "4627"})
        + "?as_of=2024-01-01"
    )


def test_bad_date_gets_a_translated_form_error_and_no_figures(client, reference_data):
    response = client.get(URL, {"as_of": "1.1.x", "structure": "2024"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Oppgi en gyldig dato" in html or "gyldig dato" in html
    assert 'data-testid="overview-refused"' in html
    assert 'data-testid="figure-in-force"' not in html
    choose_language(client, "en")
    with translation.override("en"):
        response = client.get(URL, {"as_of": "1850-01-01"})
    assert response.status_code == 400
    assert "Choose a date between 1 January 2000 and" in response.content.decode()


def test_county_table_sorts_by_share(client, analyst):
    register_study_plans(analyst)
    html = client.get(
        URL, {"as_of": "2019-06-01", "structure": "2019", "sort": "share", "dir": "desc"}
    ).content.decode()
    table = html[
        html.index('data-testid="county-table"') : html.index(
            "</tbody>", html.index('data-testid="county-table"')
        )
    ]
    shares = [
        float(value.replace(",", ".").replace("\xa0", ""))
        for value in re.findall(
            r'<td class="num">([\d,]+) %</td>\s*<td class="num">\d+</td>'
            r'\s*<td class="num">[\d,]+ %',
            table,
        )
    ]
    assert len(shares) == 18
    assert shares == sorted(shares, reverse=True)
    assert 'aria-sort="descending"' in table


@pytest.mark.parametrize("structure", [2019, 2024])
def test_page_uses_a_fixed_number_of_queries(
    client, analyst, structure, django_assert_max_num_queries
):
    client.force_login(analyst)
    with django_assert_max_num_queries(14):
        client.get(URL, {"as_of": "2019-06-01", "structure": structure})
    register_study_plans(analyst)
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"as_of": "2019-06-01", "structure": structure})
    assert response.status_code == 200
    # Unchanged data: the figures are not computed again.
    with django_assert_max_num_queries(5):
        client.get(URL, {"as_of": "2019-06-01", "structure": structure})


def test_municipality_page_lists_adoptions_of_predecessors(client, analyst):
    old_bergen = Municipality.objects.get(year=2019, code="1201")
    register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Handlingsplan Bergen 2017–2020",
            municipalities=[old_bergen],
            period_start=dt.date(2017, 1, 1),
            period_end=dt.date(2020, 12, 31),
            adoptions=[
                AdoptionFacts(
                    municipality=old_bergen,
                    body="Bystyret",
                    decided_on=dt.date(2016, 12, 14),
                    case_number="2016/99",
                )
            ],
        ),
    )
    response = client.get(reverse("overview:municipality", kwargs={"year": 2024, "code": "4601"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Handlingsplan Bergen 2017–2020" in html
    assert "2016/99" in html
    assert (
        client.get(
            reverse("overview:municipality", kwargs={"year": 2024, "code": "9999"})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("overview:municipality", kwargs={"year": 2020, "code": "4601"})
        ).status_code
        == 404
    )
