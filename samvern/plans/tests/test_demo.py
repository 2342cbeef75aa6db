"""Acceptance 6: the demo holds plans in every lifecycle state, an inter-municipal plan
adopted by both councils with reporting rounds, and an expired plan."""

import datetime as dt

import pytest
from django.test import override_settings

from samvern.plans import selectors
from samvern.plans.models import Plan, PlanVersion, RoundStatus, VersionStatus

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_the_demo_covers_the_whole_lifecycle(reference_data):
    from samvern.accounts import demo as accounts_demo
    from samvern.plans import demo

    today = dt.date.today()
    accounts_demo.load(today=today)
    demo.load(today=today)
    demo.load(today=today)  # loading twice changes nothing
    statuses = set(PlanVersion.objects.values_list("status", flat=True))
    assert statuses == set(VersionStatus.values)
    shared = Plan.objects.get(title__contains="Bergen og Askøy")
    version = shared.versions.get()
    assert version.adoptions.count() == 2
    assert version.reporting_rounds.filter(status=RoundStatus.CLOSED).exists()
    assert selectors.plan_state(shared, today).in_force_for
    expired = [
        p
        for p in Plan.objects.prefetch_related("versions__adoptions")
        if selectors.plan_state(p, today).expired
    ]
    assert [p.title for p in expired] == ["Ålesund: handlingsplan mot vold i nære relasjoner"]
    assert Plan.objects.filter(title__startswith="Hamar").get().versions.count() == 2


@override_settings(DEMO_MODE=True)
def test_the_demo_police_coordinator_reports_a_police_owned_measure(reference_data):
    from samvern.accounts import demo as accounts_demo
    from samvern.accounts.actor import Actor
    from samvern.accounts.models import User
    from samvern.plans import demo, services

    today = dt.date.today()
    accounts_demo.load(today=today)
    demo.load(today=today)
    lars = Actor.load(User.objects.get(username="lars.politi"))
    mine = list(selectors.my_measures(actor=lars))
    assert [m.responsible_organisation.name for m in mine] == ["Vest politidistrikt"]
    measure = mine[0]
    open_round = measure.version.reporting_rounds.get(status=RoundStatus.OPEN)
    assert services.can_report_on(lars, measure)
    assert not measure.status_reports.filter(round=open_round).exists()
    progress = selectors.public_progress(measure.version, [measure])
    assert progress.by_measure[measure.pk].comment  # the closed rounds published a comment
