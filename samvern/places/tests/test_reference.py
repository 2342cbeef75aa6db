import csv
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from samvern.places.models import County, Municipality, Succession
from samvern.places.reference import DATA_DIR, ReferenceDataError, load_reference_data


def _csv_rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_rows(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of the shipped files that a test may damage."""
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _snapshot():
    return {
        "counties": sorted(County.objects.values_list("id", "year", "code", "name")),
        "municipalities": sorted(
            Municipality.objects.values_list("id", "year", "code", "name", "population")
        ),
        "successions": sorted(Succession.objects.values_list("id", "old_id", "new_id", "share")),
    }


@pytest.mark.parametrize(
    ("year", "municipalities", "population", "counties"),
    [(2019, 422, 5_328_212, 18), (2024, 357, 5_550_203, 15)],
)
def test_each_structure_has_its_municipalities_population_and_counties(
    reference_data, year, municipalities, population, counties
):
    totals = Municipality.objects.filter(year=year).aggregate(
        n=Count("id"), people=Sum("population")
    )
    assert totals == {"n": municipalities, "people": population}
    assert County.objects.filter(year=year).count() == counties


def test_database_matches_the_shipped_files_row_for_row(reference_data):
    for year, name, population_column in (
        (2019, "municipalities-2019.csv", "population_2019_01_01"),
        (2024, "municipalities-2024.csv", "population_2024_01_01"),
    ):
        expected = {
            (row["code"], row["name"], row["county_code"], int(row[population_column]))
            for row in _csv_rows(name)
        }
        stored = set(
            Municipality.objects.filter(year=year).values_list(
                "code", "name", "county__code", "population"
            )
        )
        assert stored == expected
    assert Succession.objects.count() == len(_csv_rows("municipality-succession-2019-2024.csv"))


def test_every_2019_municipality_has_successors_whose_shares_sum_to_one(reference_data):
    sums = dict(
        Municipality.objects.filter(year=2019)
        .annotate(total=Sum("successions_forward__share"))
        .values_list("code", "total")
    )
    assert len(sums) == 422
    assert {code: total for code, total in sums.items() if total != Decimal(1)} == {}


def test_every_2024_municipality_comes_from_at_least_one_2019_municipality(reference_data):
    orphans = Municipality.objects.filter(year=2024, successions_backward__isnull=True)
    assert list(orphans.values_list("code", flat=True)) == []


@pytest.mark.parametrize(
    ("code_2019", "expected"),
    [
        ("1850", {"1806": Decimal("0.5"), "1875": Decimal("0.5")}),  # Tysfjord
        ("5012", {"5055": Decimal("0.35"), "5056": Decimal("0.35"), "5059": Decimal("0.3")}),
    ],
)
def test_split_municipalities_have_fractional_shares(reference_data, code_2019, expected):
    shares = dict(
        Succession.objects.filter(old__year=2019, old__code=code_2019).values_list(
            "new__code", "share"
        )
    )
    assert shares == expected


def test_a_plain_merger_passes_the_whole_municipality_on(reference_data):
    # Bergen 2019 (1201) continues as Bergen 2024 (4601).
    succession = Succession.objects.get(old__year=2019, old__code="1201")
    assert (succession.new.year, succession.new.code, succession.share) == (2024, "4601", 1)


def test_loading_again_changes_nothing_and_keeps_ids(reference_data, django_assert_max_num_queries):
    before = _snapshot()
    with django_assert_max_num_queries(8):
        result = load_reference_data()
    assert (result.created, result.updated, result.deleted, result.changed) == (0, 0, 0, 0)
    assert (result.counties, result.municipalities, result.successions) == (33, 779, 430)
    assert _snapshot() == before


def test_a_first_load_into_empty_tables_takes_a_handful_of_queries(
    reference_data, django_assert_max_num_queries
):
    Succession.objects.all().delete()
    Municipality.objects.all().delete()
    County.objects.all().delete()
    with django_assert_max_num_queries(25):
        result = load_reference_data()
    assert (result.created, result.updated, result.deleted) == (33 + 779 + 430, 0, 0)
    assert Municipality.objects.count() == 779


def test_a_changed_figure_updates_only_that_row_in_place(reference_data, data_copy):
    rows = _csv_rows("municipalities-2024.csv")
    for row in rows:
        if row["code"] == "4601":
            row["population_2024_01_01"] = "300000"
    _write_rows(data_copy / "municipalities-2024.csv", rows)
    bergen_id = Municipality.objects.get(year=2024, code="4601").pk

    result = load_reference_data(data_copy)

    assert (result.created, result.updated, result.deleted) == (0, 1, 0)
    bergen = Municipality.objects.get(year=2024, code="4601")
    assert (bergen.pk, bergen.population) == (bergen_id, 300_000)


def test_a_removed_succession_row_is_deleted_and_a_new_one_created(reference_data, data_copy):
    rows = _csv_rows("municipality-succession-2019-2024.csv")
    for row in rows:
        if row["code_2019"] == "1201":  # Bergen 2019 → pretend it went to Askøy
            row["code_2024"] = "4627"
    _write_rows(data_copy / "municipality-succession-2019-2024.csv", rows)

    result = load_reference_data(data_copy)

    assert (result.created, result.updated, result.deleted) == (1, 0, 1)
    assert [s.new.code for s in Succession.objects.filter(old__year=2019, old__code="1201")] == [
        "4627"
    ]


def test_inconsistent_files_are_refused_with_every_problem_and_nothing_changes(
    reference_data, data_copy
):
    successions = [
        row
        for row in _csv_rows("municipality-succession-2019-2024.csv")
        if not (row["code_2019"] == "5012" and row["code_2024"] == "5059")
    ]
    _write_rows(data_copy / "municipality-succession-2019-2024.csv", successions)
    municipalities = _csv_rows("municipalities-2024.csv")
    municipalities[0]["population_2024_01_01"] = "many"
    municipalities[1]["population_2024_01_01"] = "1000"  # would be a valid change
    _write_rows(data_copy / "municipalities-2024.csv", municipalities)
    before = _snapshot()

    with pytest.raises(ReferenceDataError) as raised:
        load_reference_data(data_copy)

    problems = raised.value.problems
    assert any("5012" in problem and "sum to 0.70" in problem for problem in problems)
    assert any("municipalities-2024.csv:2" in problem and "many" in problem for problem in problems)
    assert _snapshot() == before


def test_command_reports_counts(reference_data):
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert out.getvalue().strip() == (
        "Reference data: 33 counties, 779 municipalities, 430 successions "
        "(0 rows changed: 0 created, 0 updated, 0 deleted)."
    )


def test_command_fails_clearly_on_inconsistent_files(reference_data, data_copy):
    rows = _csv_rows("municipality-succession-2019-2024.csv")
    rows[0]["code_2024"] = "9999"
    _write_rows(data_copy / "municipality-succession-2019-2024.csv", rows)

    with pytest.raises(CommandError, match="9999 is not a 2024 municipality"):
        call_command("load_reference_data", data_dir=data_copy)


def test_command_names_a_missing_file(reference_data, data_copy):
    (data_copy / "counties-2024.csv").unlink()

    with pytest.raises(CommandError, match=r"counties-2024\.csv"):
        call_command("load_reference_data", data_dir=data_copy)
