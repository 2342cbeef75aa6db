import pytest
from django.urls import reverse

from samvern.plans import services
from samvern.plans.models import MeasureStatus
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan


@pytest.mark.django_db
def test_every_page_of_an_adopted_plan_renders_for_its_editor(alice, bergen, askoy, login_as):
    plan = new_plan(alice, [bergen, askoy])
    version = adopted(alice, plan)
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    measure = version.measures.first()
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=measure,
        status=MeasureStatus.DELAYED,
        comment="Sykdom",
    )
    login_as(alice)
    args = [plan.pk, version.pk]
    names = [
        "version",
        "mandate",
        "mapping",
        "areas",
        "goals",
        "measures",
        "measure_import",
        "period",
        "consultation",
        "quality",
        "adoptions",
        "rounds",
    ]
    from django.test import Client  # noqa: F401

    for name in names:
        response = login_as(alice).get(reverse(f"plans:{name}", args=args))
        assert response.status_code == 200, name
    client = login_as(alice)
    for url in [
        reverse("plans:round", args=[*args, round_.pk]),
        reverse("plans:council_report", args=[*args, round_.pk]),
        reverse("plans:evaluation", args=[*args, "final"]),
        reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:public_plan", args=[plan.pk]),
        reverse("plans:my_measures"),
        reverse("plans:overdue"),
        "/",
    ]:
        assert client.get(url).status_code == 200, url
    for fmt in ("pdf", "docx"):
        assert client.get(reverse("plans:document", args=[*args, fmt])).status_code == 200
        assert (
            client.get(
                reverse("plans:council_report_file", args=[*args, round_.pk, fmt])
            ).status_code
            == 200
        )
