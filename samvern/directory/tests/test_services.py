"""Directory writes, search, exports and figures, with fixed dates."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.directory import selectors, services
from samvern.directory.documents import csv_text, safe_cell
from samvern.directory.measure_links import measure_links
from samvern.directory.models import Service, ServiceKind, ServiceMeasure, TargetGroup
from samvern.plans.models import Measure, MeasureLevel, Plan, PlanVersion

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def test_coordinator_creates_an_entry_and_it_is_audited(coord, partnership, bergen):
    service = services.create_service(
        actor=Actor.load(coord),
        partnership=partnership,
        data=services.ServiceData(
            name="  Familievernkontoret   Bergen ",
            kind=ServiceKind.COUNSELLING,
            target_groups=[TargetGroup.CHILDREN],
            municipalities=[bergen],
            capacity_label="ventetid i uker",
            capacity_free=2,
        ),
        today=TODAY,
    )
    assert service.name == "Familievernkontoret Bergen"
    assert service.capacity_updated_on == TODAY
    assert service.target_group_index == ",children,"
    event = AuditEvent.objects.get(action="directory.service.created")
    assert event.target_id == str(service.pk)


def test_admin_may_only_register_own_services(admin, partnership, police, shelter):
    actor = Actor.load(admin)
    with pytest.raises(ValidationError):
        services.create_service(
            actor=actor,
            partnership=partnership,
            data=services.ServiceData(
                name="Politiet", kind=ServiceKind.POLICE, organisation=police
            ),
            today=TODAY,
        )
    assert not Service.objects.exists()
    services.create_service(
        actor=actor,
        partnership=partnership,
        data=services.ServiceData(name="Senteret", kind=ServiceKind.SHELTER, organisation=shelter),
        today=TODAY,
    )
    assert Service.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": " "}, "name"),
        ({"target_groups": ["nobody"]}, "target_groups"),
        ({"checked_on": dt.date(2026, 3, 2)}, "checked_on"),
    ],
)
def test_bad_input_changes_nothing(coord, partnership, data, field):
    values = {"name": "Navn", "kind": ServiceKind.OTHER, **data}
    with pytest.raises(ValidationError) as caught:
        services.create_service(
            actor=Actor.load(coord),
            partnership=partnership,
            data=services.ServiceData(**values),
            today=TODAY,
        )
    assert field in caught.value.message_dict
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="directory.").exists()


def test_municipality_outside_the_area_is_refused(coord, partnership, stavanger):
    with pytest.raises(ValidationError):
        services.create_service(
            actor=Actor.load(coord),
            partnership=partnership,
            data=services.ServiceData(name="X", kind="other", municipalities=[stavanger]),
            today=TODAY,
        )


def test_search_by_need_and_municipality(partnership, shelter_service, programme, bergen, askoy):
    def names(**criteria):
        return [s.name for s in selectors.search(partnership, selectors.Search(**criteria))]

    assert names() == ["Krisesenteret i Bergen", "Sinnemestring Vest"]
    assert names(target_group=TargetGroup.USING_VIOLENCE) == ["Sinnemestring Vest"]
    assert names(target_group=TargetGroup.CHILDREN) == ["Krisesenteret i Bergen"]
    # The programme names no municipality: it serves the whole area.
    assert names(municipality=askoy) == ["Sinnemestring Vest"]
    assert names(municipality=bergen) == ["Krisesenteret i Bergen", "Sinnemestring Vest"]
    assert names(kind=ServiceKind.VIOLENCE_PROGRAMME) == ["Sinnemestring Vest"]
    assert names(text="krisesenter") == ["Krisesenteret i Bergen"]
    programme.is_active = False
    programme.save()
    assert names() == ["Krisesenteret i Bergen"]


def test_search_page_filters(client, member, partnership, shelter_service, programme):
    login(client, member)
    response = client.get(
        reverse("directory:list", args=[partnership.pk]),
        {"target_group": TargetGroup.USING_VIOLENCE},
    )
    body = response.content.decode()
    assert "Sinnemestring Vest" in body
    assert "Krisesenteret i Bergen" not in body


def test_checked_share_hand_computed(partnership):
    # Day 2026-03-01; six months back is 2025-09-01 (exclusive).
    for name, checked, active in [
        ("A", dt.date(2025, 9, 2), True),  # checked within six months
        ("B", dt.date(2025, 9, 1), True),  # exactly six months: not recent
        ("C", None, True),  # never checked
        ("D", dt.date(2026, 3, 1), True),  # checked today
        ("E", dt.date(2026, 2, 1), False),  # inactive: not counted
        ("F", dt.date(2026, 3, 5), True),  # checked after the day: not counted that day
    ]:
        Service.objects.create(
            partnership=partnership, name=name, kind="other", checked_on=checked, is_active=active
        )
    figure = selectors.checked_share(partnership, on=TODAY)
    assert (figure.checked, figure.active) == (2, 5)
    assert figure.share == 0.4


def test_months_before_handles_month_ends():
    assert selectors.months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert selectors.months_before(dt.date(2026, 3, 1), 6) == dt.date(2025, 9, 1)


def test_csv_is_safe_against_formulas(partnership, programme, shelter_service):
    text = csv_text(selectors.search(partnership, selectors.Search()))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Navn"
    programme_row = next(row for row in rows if row[0] == "Sinnemestring Vest")
    assert programme_row[7].startswith("'=")
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Vanlig") == "Vanlig"


def test_csv_and_pdf_exports_are_audited(client, member, partnership, shelter_service):
    login(client, member)
    response = client.get(reverse("directory:export_csv", args=[partnership.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "Krisesenteret i Bergen" in response.content.decode("utf-8")
    pdf = client.get(reverse("directory:print_pdf", args=[partnership.pk]))
    assert pdf.content[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action="directory.list.exported").count() == 2


def test_mark_checked_and_capacity(client, admin, partnership, shelter_service):
    login(client, admin)
    client.post(reverse("directory:checked", args=[partnership.pk, shelter_service.pk]))
    client.post(
        reverse("directory:capacity", args=[partnership.pk, shelter_service.pk]),
        {"capacity_free": "1"},
    )
    shelter_service.refresh_from_db()
    assert shelter_service.checked_on is not None
    assert shelter_service.capacity_free == 1
    assert AuditEvent.objects.filter(action="directory.service.checked").exists()
    assert AuditEvent.objects.filter(action="directory.service.capacity_updated").exists()


def test_publishing_is_for_the_coordinator(client, coord, partnership, shelter_service):
    login(client, coord)
    client.post(reverse("directory:settings", args=[partnership.pk]), {"public_page": "on"})
    assert client.get(reverse("directory:public", args=[partnership.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="directory.settings.published").exists()
    client.post(reverse("directory:settings", args=[partnership.pk]), {})
    client.logout()
    assert client.get(reverse("directory:public", args=[partnership.pk])).status_code == 404


@pytest.fixture
def measures(bergen, stavanger):
    plan = Plan.objects.create(title="Handlingsplan Bergen")
    plan.municipalities.set([bergen])
    version = PlanVersion.objects.create(plan=plan, title="Handlingsplan Bergen")
    help_offer = Measure.objects.create(
        version=version, number=2, title="Krisesenter", level=MeasureLevel.HELP
    )
    routine = Measure.objects.create(
        version=version, number=1, title="Rutine", level=MeasureLevel.ROUTINES
    )
    other = Plan.objects.create(title="Handlingsplan Stavanger")
    other.municipalities.set([stavanger])
    elsewhere = Measure.objects.create(
        version=PlanVersion.objects.create(plan=other, title="Stavanger"),
        number=1,
        title="Hjelpetilbud i Stavanger",
        level=MeasureLevel.HELP,
    )
    return help_offer, routine, elsewhere


def test_links_only_help_offers_of_the_area(coord, partnership, shelter_service, measures):
    help_offer, routine, elsewhere = measures
    actor = Actor.load(coord)
    services.link_measure(actor=actor, service=shelter_service, measure=help_offer)
    for wrong in (routine, elsewhere):
        with pytest.raises(ValidationError):
            services.link_measure(actor=actor, service=shelter_service, measure=wrong)
    assert ServiceMeasure.objects.count() == 1


def test_measure_links_for_readers_of_the_partnership(
    coord, member, outsider, partnership, shelter_service, measures, django_assert_max_num_queries
):
    help_offer, routine, _elsewhere = measures
    services.link_measure(actor=Actor.load(coord), service=shelter_service, measure=help_offer)
    reader = Actor.load(member)
    with django_assert_max_num_queries(2):
        found = measure_links(reader, [help_offer, routine])
    assert [link.label for link in found[help_offer.pk]] == ["Krisesenteret i Bergen"]
    assert routine.pk not in found
    assert measure_links(Actor.load(outsider), [help_offer]) == {}
    assert measure_links(None, [help_offer]) == {}


def test_link_page_links_and_unlinks(client, coord, partnership, shelter_service, measures):
    help_offer = measures[0]
    login(client, coord)
    url = reverse("directory:measures", args=[partnership.pk, shelter_service.pk])
    client.post(url, {"action": "link", "measure": str(help_offer.pk)})
    link = ServiceMeasure.objects.get()
    client.post(url, {"action": "unlink", "link": str(link.pk)})
    assert not ServiceMeasure.objects.exists()
    assert AuditEvent.objects.filter(action="directory.measure.unlinked").exists()
