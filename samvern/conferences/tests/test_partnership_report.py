"""The conference figures in the partnership's annual report: the year's published tables,
cell for cell as the statistics page shows them (small cells suppressed), for those who may
see the statistics; nothing for a member without a case role or an outsider."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from docx import Document

from samvern.accounts.actor import Actor
from samvern.accounts.models import User
from samvern.conferences.statistics import Period, compute_statistics
from samvern.conferences.tests.statistics_world import StatisticsWorld, make_statistics_world
from samvern.conferences.views_statistics import present
from samvern.governance.annual_report import annual_report, contributed_sections, report_docx
from samvern.governance.indicators import indicators

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def world_built(shared_db: object) -> Iterator[StatisticsWorld]:
    with shared_db():  # type: ignore[operator]
        yield make_statistics_world()


@pytest.fixture
def world(world_built: StatisticsWorld, db: object) -> StatisticsWorld:
    return world_built


def _actor(user: User) -> Actor:
    membership = user.memberships.select_related("organisation").first()
    assert membership is not None
    return Actor.load(user, organisation=membership.organisation)


def test_a_member_with_a_case_role_gets_the_published_tables(world):
    sections = contributed_sections(
        _actor(world.member_worker), world.partnership, year=2025, today=DAY
    )
    shown = present(compute_statistics(world.partnership, Period(2025), today=DAY))
    titles = [section.title for section in sections]
    assert titles[0] == "Saker, konferanser og tiltakspunkter"
    assert titles[1:] == [str(table.table.caption) for table in shown]
    # Cell for cell the page's text, "<5" where the page suppresses.
    first = sections[1].tables[0]
    page = shown[0]
    assert [row[1:] for row in first.rows[: len(page.rows)]] == [
        [cell.text for cell in row.cells] for row in page.rows
    ]
    cells = [cell for section in sections for t in section.tables for row in t.rows for cell in row]
    assert any(cell == "<5" for cell in cells)
    assert all(isinstance(cell, str) for cell in cells)


@pytest.mark.parametrize("persona", ["plan_reader", "outsider", "left_worker"])
def test_no_conference_figures_for_anyone_who_may_not_see_the_statistics(world, persona):
    user = getattr(world, persona)
    assert contributed_sections(_actor(user), world.partnership, year=2025, today=DAY) == []


def test_the_annual_report_document_carries_them(world):
    actor = _actor(world.coordinator)
    figures = indicators(world.partnership, year=2025, today=DAY)
    document = Document(io.BytesIO(report_docx(annual_report(actor, figures, today=DAY))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Saker, konferanser og tiltakspunkter" in text
    for name in (person.first_name for person in world.persons):
        assert name not in text
