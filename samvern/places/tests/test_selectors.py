from decimal import Decimal

from samvern.places.selectors import (
    county_list,
    municipality_by_code,
    municipality_list,
    succession_links,
    succession_shares,
    successors_of,
    with_succession,
)


def test_county_list_gives_the_counties_of_one_structure_by_code(reference_data):
    assert [c.code for c in county_list(year=2024)][:3] == ["03", "11", "15"]
    assert county_list(year=2019).count() == 18
    assert county_list().count() == 15  # today's structure by default


def test_municipality_list_joins_the_county_in_one_query(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = {m.county.name for m in municipality_list(year=2024)}
    assert len(names) == 15


def test_municipality_list_can_be_limited_to_one_county(reference_data):
    vestland = municipality_list(year=2024, county_code="46")
    assert vestland.count() == 43
    assert {m.code[:2] for m in vestland} == {"46"}
    assert municipality_list(year=2019, county_code="46").count() == 0


def test_with_succession_loads_both_directions_for_a_whole_list(
    reference_data, django_assert_num_queries
):
    with django_assert_num_queries(3):
        rows = {
            m.code: (
                [s.new.code for s in m.successions_forward.all()],
                [s.old.code for s in m.successions_backward.all()],
            )
            for m in with_succession(municipality_list(year=2019))
        }
    assert rows["1850"] == (["1806", "1875"], [])
    assert len(rows) == 422


def test_municipality_by_code_finds_one_structure_only(reference_data):
    bergen = municipality_by_code(2024, "4601")
    assert bergen is not None
    assert (bergen.name, bergen.county.name) == ("Bergen", "Vestland")
    assert municipality_by_code(2019, "4601") is None
    assert municipality_by_code(2024, "nope") is None


def test_successors_of_lists_new_municipalities_with_shares(reference_data):
    successors = successors_of("5012")  # Snillfjord, split in three
    assert [(s.new.code, s.share) for s in successors] == [
        ("5055", Decimal("0.35")),
        ("5056", Decimal("0.35")),
        ("5059", Decimal("0.3")),
    ]
    assert successors_of("0000") == []


def test_succession_shares_maps_every_2019_code_in_one_query(
    reference_data, django_assert_num_queries
):
    with django_assert_num_queries(1):
        shares = succession_shares()
    assert len(shares) == 422
    assert shares["1201"] == [("4601", Decimal(1))]
    assert all(sum(share for _, share in targets) == 1 for targets in shares.values())


def test_with_succession_for_one_year_skips_the_empty_direction(
    reference_data, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the list and the forward successions only
        rows = {
            m.code: ([s.new.code for s in m.successions_forward.all()], m.successions_backward)
            for m in with_succession(municipality_list(year=2019), year=2019)
        }
    assert rows["5012"][0] == ["5055", "5056", "5059"]
    assert all(list(backward.all()) == [] for _, backward in rows.values())


def test_succession_links_give_both_directions_in_one_query(
    reference_data, django_assert_num_queries
):
    with django_assert_num_queries(1):
        became = succession_links(year=2019)
    with django_assert_num_queries(1):
        formed_from = succession_links(year=2024, county_code="46")
    assert [(link.code, link.is_part) for link in became["1850"]] == [
        ("1806", True),
        ("1875", True),
    ]
    assert [link.code for link in formed_from["4624"]] == ["1241", "1243"]
    assert len(became) == 422
    assert {code[:2] for code in formed_from} == {"46"}
