"""Each council on its own terms: mandates per municipality, the state of each council,
an open text until the last council has adopted it (or the coordinator freezes it),
amendments after a decision, and supersession for one municipality at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samvern.audit.models import AuditEvent
from samvern.overview.selectors import coverage
from samvern.plans import selectors, services
from samvern.plans.models import (
    Adoption,
    CouncilMandate,
    Plan,
    PlanVersion,
    VersionStatus,
)
from samvern.plans.services.data import AdoptionData, CouncilMandateData, MandateData, MeasureData
from samvern.plans.tests.helpers import (
    END,
    START,
    as_actor,
    new_plan,
    quality_checked,
    revision_quality_checked,
)

pytestmark = pytest.mark.django_db


def adopt(
    actor,
    version: PlanVersion,
    municipality,
    decided_on: dt.date,
    case: str = "",
    period: tuple[dt.date, dt.date] = (START, END),
) -> Adoption:
    return services.record_adoption(
        actor=as_actor(actor),
        version=version,
        data=AdoptionData(
            municipality=municipality,
            body="Kommunestyret" if municipality.code == "4627" else "Bystyret",
            decided_on=decided_on,
            case_number=case,
            period_start=period[0],
            period_end=period[1],
        ),
    )


@pytest.fixture
def plan(alice, per, bergen, askoy) -> Plan:
    return new_plan(alice, [bergen, askoy])


@pytest.fixture
def version(alice, plan) -> PlanVersion:
    return quality_checked(alice, plan)


def fresh(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_related("plan").get(pk=version.pk)


# --- Mandates per municipality ----------------------------------------------------------


def test_each_owner_records_its_own_mandate_and_that_makes_the_plan_mandated(
    alice, per, bergen, askoy, plan
):
    version = plan.versions.get()
    services.save_council_mandate(
        actor=as_actor(alice),
        version=version,
        municipality=bergen,
        data=CouncilMandateData(body="Bystyret", decided_on=START - dt.timedelta(days=200)),
    )
    assert services.missing_step(version, VersionStatus.MANDATED) is not None
    services.save_council_mandate(
        actor=as_actor(per),
        version=version,
        municipality=askoy,
        data=CouncilMandateData(
            body="Kommunestyret", decided_on=START - dt.timedelta(days=190), case_number="24/7"
        ),
    )
    assert services.missing_step(version, VersionStatus.MANDATED) is None
    services.save_council_mandate(
        actor=as_actor(per),
        version=version,
        municipality=askoy,
        data=CouncilMandateData(
            body="Kommunestyret", decided_on=START - dt.timedelta(days=190), case_number="24/8"
        ),
    )
    assert CouncilMandate.objects.get(municipality=askoy).case_number == "24/8"
    updated = AuditEvent.objects.get(action="plans.council_mandate.updated")
    assert updated.detail["old"] == {"case_number": "24/7"}
    assert AuditEvent.objects.filter(action="plans.council_mandate.created").count() == 2


def test_a_mandate_is_refused_for_outsiders_non_owners_and_future_dates(
    alice, charlie, stavanger, plan, bergen
):
    version = plan.versions.get()
    data = CouncilMandateData(body="Bystyret", decided_on=START - dt.timedelta(days=10))
    with pytest.raises(ValidationError):
        services.save_council_mandate(
            actor=as_actor(charlie), version=version, municipality=bergen, data=data
        )
    with pytest.raises(ValidationError):
        services.save_council_mandate(
            actor=as_actor(alice), version=version, municipality=stavanger, data=data
        )
    future = CouncilMandateData(
        body="Bystyret", decided_on=timezone.localdate() + dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.save_council_mandate(
            actor=as_actor(alice), version=version, municipality=bergen, data=future
        )
    assert not CouncilMandate.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="plans.council_mandate").exists()


# --- State per municipality, open text, amendments --------------------------------------


def test_the_first_council_leaves_the_text_open_and_the_state_says_who_is_awaited(
    alice, bergen, askoy, version
):
    adopt(alice, version, bergen, START - dt.timedelta(days=20))
    version = fresh(version)
    assert version.status == VersionStatus.ADOPTED
    assert services.content_is_open(version)
    states = selectors.council_states(version)
    assert [(s.municipality.code, s.awaiting) for s in states] == [
        ("4627", True),
        ("4601", False),
    ]
    summary = selectors.council_summary(states)
    assert summary.startswith("Venter på Askøy; vedtatt i Bergen ")
    adopt(alice, version, askoy, START - dt.timedelta(days=10))
    assert not services.content_is_open(fresh(version))


def test_an_amendment_after_one_adoption_sends_it_back_to_that_council(
    alice, bergen, askoy, version
):
    first = adopt(alice, version, bergen, START - dt.timedelta(days=20), case="26/1")
    version = fresh(version)
    measure = version.measures.first()
    services.save_measure(
        actor=as_actor(alice),
        version=version,
        data=MeasureData(**{**MeasureData.of(measure).as_fields(), "title": "Nytt tiltak"}),
        measure=measure,
    )
    first.refresh_from_db()
    assert first.amended_at is not None
    assert AuditEvent.objects.filter(action="plans.adoption.amended").count() == 1
    states = selectors.council_states(fresh(version))
    assert selectors.council_summary(states) == (
        "Venter på Askøy; endret etter vedtaket i Bergen – må vedtas på nytt"
    )
    # Askøy adopts the amended text; the text stays open while Bergen's decision is old.
    adopt(alice, version, askoy, START - dt.timedelta(days=10))
    assert services.content_is_open(fresh(version))
    # Bergen adopts again: the same adoption takes the new facts, the old ones are audited.
    again = adopt(alice, fresh(version), bergen, START - dt.timedelta(days=5), case="26/9")
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.amended_at is None and again.case_number == "26/9"
    event = AuditEvent.objects.get(action="plans.adoption.readopted")
    assert event.detail["old"]["case_number"] == "26/1"
    assert not services.content_is_open(fresh(version))
    with pytest.raises(ValidationError):
        adopt(alice, fresh(version), bergen, START - dt.timedelta(days=4))


def test_a_frozen_text_refuses_changes_and_nothing_is_marked(alice, bob, bergen, version):
    adoption = adopt(alice, version, bergen, START - dt.timedelta(days=20))
    with pytest.raises(ValidationError):
        services.freeze_version(actor=as_actor(bob), version=fresh(version))
    services.freeze_version(actor=as_actor(alice), version=fresh(version))
    version = fresh(version)
    assert version.frozen_at is not None and not services.content_is_open(version)
    with pytest.raises(ValidationError):
        services.save_mandate(
            actor=as_actor(alice),
            version=version,
            data=MandateData(body="Endret", decided_on=START - dt.timedelta(days=300)),
        )
    adoption.refresh_from_db()
    assert adoption.amended_at is None
    assert version.mandate.body == "Bystyret"
    services.unfreeze_version(actor=as_actor(alice), version=version)
    assert services.content_is_open(fresh(version))
    assert [
        e.action
        for e in AuditEvent.objects.filter(action__startswith="plans.version.")
        .filter(action__endswith="frozen")
        .order_by("id")
    ] == [
        "plans.version.frozen",
        "plans.version.unfrozen",
    ]


# --- Supersession per municipality and the overview -------------------------------------


def test_a_revision_supersedes_the_old_version_for_its_municipality_only(
    alice, bergen, askoy, version
):
    today = timezone.localdate()
    adopt(alice, version, bergen, START - dt.timedelta(days=20))
    adopt(alice, fresh(version), askoy, START - dt.timedelta(days=10))
    revision = revision_quality_checked(alice, fresh(version))
    adopt(alice, revision, bergen, today)
    old = fresh(version)
    assert old.status == VersionStatus.ADOPTED
    assert old.adoptions.get(municipality=bergen).superseded_on == today
    assert old.adoptions.get(municipality=askoy).superseded_on is None

    state = selectors.plan_state(Plan.objects.get(pk=old.plan_id), today)
    assert [(m.code, v.number) for m, v in state.in_force] == [("4627", 1), ("4601", 2)]

    # The overview, on the day and the day before.
    by_code = coverage(as_of=today, structure=2024).by_code
    assert by_code["4601"].status == by_code["4627"].status == "in_force"
    yesterday = coverage(as_of=today - dt.timedelta(days=1), structure=2024).by_code
    assert yesterday["4601"].status == "in_force"

    adopt(alice, fresh(revision), askoy, today)
    assert fresh(version).status == VersionStatus.SUPERSEDED
    state = selectors.plan_state(Plan.objects.get(pk=old.plan_id), today)
    assert [(m.code, v.number) for m, v in state.in_force] == [("4627", 2), ("4601", 2)]


def test_the_overview_on_a_date_respects_each_councils_supersession(
    client, alice, bergen, askoy, version
):
    """Bergen adopts a revision whose period starts next month: from the day of its
    decision the old version no longer counts for Bergen, while Askøy's still does."""
    today = timezone.localdate()
    adopt(alice, version, bergen, START - dt.timedelta(days=20))
    adopt(alice, fresh(version), askoy, START - dt.timedelta(days=10))
    later = (today + dt.timedelta(days=30), END + dt.timedelta(days=365))
    revision = revision_quality_checked(alice, fresh(version), period=later)
    adopt(alice, revision, bergen, today, period=later)

    on_the_day = coverage(as_of=today, structure=2024).by_code
    assert on_the_day["4627"].status == "in_force"
    assert on_the_day["4601"].status == "preparing"
    day_before = coverage(as_of=today - dt.timedelta(days=1), structure=2024).by_code
    assert day_before["4601"].status == "in_force"
    assert day_before["4627"].status == "in_force"
    next_period = coverage(as_of=later[0], structure=2024).by_code
    assert next_period["4601"].status == next_period["4627"].status == "in_force"

    page = client.get(reverse("overview:municipality", args=(2024, "4601"))).content.decode()
    assert "versjon 2" in page and "versjon 1" in page
    assert 'data-testid="superseded"' in page
    askoy_page = client.get(reverse("overview:municipality", args=(2024, "4627"))).content
    assert b'data-testid="superseded"' not in askoy_page


# --- Pages ------------------------------------------------------------------------------


def url(name: str, version: PlanVersion, *extra: object) -> str:
    return reverse(f"plans:{name}", args=(version.plan_id, version.pk, *extra))


def test_mandate_page_has_a_form_per_council_for_editors_only(
    client, login_as, alice, bob, charlie, plan, django_assert_max_num_queries
):
    version = plan.versions.get()
    login_as(alice)
    with django_assert_max_num_queries(25):
        page = client.get(url("mandate", version)).content.decode()
    assert 'data-testid="council-mandate-4601"' in page
    assert url("council_mandate_save", version, "4627") in page
    login_as(bob)
    page = client.get(url("mandate", version)).content.decode()
    assert 'data-testid="council-mandate-4601"' in page
    assert url("council_mandate_save", version, "4601") not in page
    login_as(charlie)
    assert client.get(url("mandate", version)).status_code == 404


def test_council_mandate_is_saved_by_an_editor_and_refused_otherwise(
    client, login_as, alice, bob, charlie, plan
):
    version = plan.versions.get()
    post = {
        "cm-4627-body": "Kommunestyret",
        "cm-4627-decided_on": (START - dt.timedelta(days=50)).isoformat(),
        "cm-4627-case_number": "24/3",
        "cm-4627-text": "",
    }
    for outsider in (bob, charlie):
        login_as(outsider)
        response = client.post(url("council_mandate_save", version, "4627"), post)
        assert response.status_code == 404
    assert not CouncilMandate.objects.exists()
    login_as(alice)
    assert client.post(url("council_mandate_save", version, "1103"), post).status_code == 404
    bad = client.post(url("council_mandate_save", version, "4627"), {**post, "cm-4627-body": ""})
    assert bad.status_code == 400
    assert not CouncilMandate.objects.exists()
    response = client.post(url("council_mandate_save", version, "4627"), post)
    assert response.status_code == 302
    assert CouncilMandate.objects.get().case_number == "24/3"


def test_freeze_is_for_editors_and_the_pages_show_each_council(
    client, login_as, alice, bob, charlie, bergen, version, django_assert_max_num_queries
):
    adopt(alice, version, bergen, START - dt.timedelta(days=20))
    for outsider in (bob, charlie):
        login_as(outsider)
        assert client.post(url("freeze", version)).status_code == 404
    assert fresh(version).frozen_at is None
    login_as(alice)
    with django_assert_max_num_queries(30):
        page = client.get(url("adoptions", version)).content.decode()
    assert "Venter på Askøy; vedtatt i Bergen" in page
    # The header's status does not say "adopted" while a council is still awaited.
    assert "Vedtatt i 1 av 2 kommuner" in page
    assert url("freeze", version) in page
    assert client.post(url("freeze", version)).status_code == 302
    assert fresh(version).frozen_at is not None
    page = client.get(url("version", version)).content.decode()
    assert 'data-testid="frozen"' in page and "Venter på Askøy" in page
    detail = client.get(reverse("plans:detail", args=(version.plan_id,))).content.decode()
    assert "Venter på Askøy; vedtatt i Bergen" in detail
    assert client.post(url("unfreeze", version)).status_code == 302
    assert fresh(version).frozen_at is None
    login_as(bob)
    page = client.get(url("adoptions", version)).content.decode()
    assert "Venter på Askøy" in page and url("freeze", version) not in page


def test_an_amended_text_is_shown_and_the_council_adopts_it_again_through_the_page(
    client, login_as, alice, bob, bergen, version
):
    adoption = adopt(alice, version, bergen, START - dt.timedelta(days=20), case="26/1")
    services.save_mandate(
        actor=as_actor(alice),
        version=fresh(version),
        data=MandateData(body="Bystyret", decided_on=START - dt.timedelta(days=201)),
    )
    login_as(bob)
    page = client.get(url("version", version)).content.decode()
    assert 'data-testid="amended-4601"' in page
    assert "endret etter vedtaket i Bergen – må vedtas på nytt" in page
    post = {
        "municipality": bergen.pk,
        "body": "Bystyret",
        "decided_on": (START - dt.timedelta(days=2)).isoformat(),
        "case_number": "26/30",
        "period_start": START.isoformat(),
        "period_end": END.isoformat(),
    }
    assert client.post(url("adoptions", version), post).status_code == 404
    adoption.refresh_from_db()
    assert adoption.amended_at is not None and adoption.case_number == "26/1"
    login_as(alice)
    assert client.post(url("adoptions", version), post).status_code == 302
    adoption.refresh_from_db()
    assert adoption.amended_at is None and adoption.case_number == "26/30"
    assert Adoption.objects.filter(version=version).count() == 1


def test_the_public_page_of_a_version_still_in_force_downloads_that_version(
    client, alice, bergen, askoy, version
):
    adopt(alice, version, bergen, START - dt.timedelta(days=20))
    adopt(alice, fresh(version), askoy, START - dt.timedelta(days=10))
    revision = revision_quality_checked(alice, fresh(version))
    adopt(alice, revision, bergen, START - dt.timedelta(days=5))
    plan_id = version.plan_id

    older = client.get(reverse("plans:public_plan", args=[plan_id]) + "?version=1")
    page = older.content.decode()
    pdf = reverse("plans:public_document", args=[plan_id, "pdf"])
    docx = reverse("plans:public_document", args=[plan_id, "docx"])
    assert f'href="{pdf}?version=1"' in page and f'href="{docx}?version=1"' in page
    assert "v1.docx" in client.get(docx + "?version=1")["Content-Disposition"]

    latest = client.get(reverse("plans:public_plan", args=[plan_id])).content.decode()
    assert f'href="{docx}"' in latest
    assert "v2.docx" in client.get(docx)["Content-Disposition"]
    # A number that is not an adopted version is not found, as on the page.
    assert client.get(docx + "?version=9").status_code == 404
    missing = client.get(reverse("plans:public_plan", args=[plan_id]) + "?version=9")
    assert missing.status_code == 404


def test_the_header_says_adopted_once_every_council_has_adopted(
    client, login_as, alice, bergen, askoy, version
):
    adopt(alice, version, bergen, START - dt.timedelta(days=20))
    adopt(alice, fresh(version), askoy, START - dt.timedelta(days=10))
    login_as(alice)
    page = client.get(url("version", version)).content.decode()
    header = page.split('data-testid="version-status">', 1)[1].split("</span>", 1)[0]
    assert "Vedtatt" in header and "av 2" not in header


def test_a_save_that_changes_nothing_leaves_the_decision_standing(alice, bergen, version):
    adoption = adopt(alice, version, bergen, START - dt.timedelta(days=20))
    version = fresh(version)
    measure = version.measures.first()
    same = MeasureData.of(measure)
    services.save_measure(actor=as_actor(alice), version=version, data=same, measure=measure)
    mandate = fresh(version).mandate
    services.save_mandate(
        actor=as_actor(alice),
        version=fresh(version),
        data=MandateData(**{name: getattr(mandate, name) for name in MandateData.field_names()}),
    )
    adoption.refresh_from_db()
    assert adoption.amended_at is None
    assert not AuditEvent.objects.filter(action="plans.adoption.amended").exists()
    assert (
        AuditEvent.objects.filter(action="plans.mandate.updated").latest("id").detail["fields"]
        == []
    )
    # Linking the measure to another goal is a change, though no field of its own changed.
    goal = version.goals.exclude(pk__in=measure.goals.all()).first() or version.goals.first()
    services.save_measure(
        actor=as_actor(alice),
        version=fresh(version),
        data=same,
        measure=measure,
        goals=[] if measure.goals.exists() else [goal],
    )
    adoption.refresh_from_db()
    assert adoption.amended_at is not None
    event = AuditEvent.objects.filter(action="plans.measure.updated").latest("id")
    assert event.detail["fields"] == ["goals"]


def test_an_amended_text_must_pass_the_quality_check_again_before_a_council_adopts_it(
    alice, bergen, askoy, version
):
    bergens = adopt(alice, version, bergen, START - dt.timedelta(days=20))
    version = fresh(version)
    for measure in version.measures.all():
        services.delete_measure(actor=as_actor(alice), measure=measure)
    bergens.refresh_from_db()
    assert bergens.amended_at is not None
    for municipality in (bergen, askoy):
        with pytest.raises(ValidationError, match="Kvalitetssikringen består ikke lenger"):
            adopt(alice, fresh(version), municipality, START - dt.timedelta(days=5))
    bergens.refresh_from_db()
    assert bergens.amended_at is not None
    assert Adoption.objects.filter(version=version).count() == 1
