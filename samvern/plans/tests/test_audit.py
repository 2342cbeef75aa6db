"""Acceptance 3: every transition and every edit leaves an audit event."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samvern.audit.models import AuditEvent
from samvern.plans import services
from samvern.plans.models import EvaluationKind, MeasureStatus, VersionStatus
from samvern.plans.services.data import MeasureData
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db


def actions_since(mark: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True)
    )


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_whole_lifecycle_is_audited_step_by_step(alice, bergen, askoy):
    mark = last_id()
    plan = new_plan(alice, [bergen, askoy])
    version = adopted(alice, plan, measures=2)
    actions = actions_since(mark)
    for expected in [
        "plans.plan.created",
        "plans.mandate.created",
        "plans.areas.updated",
        "plans.goal.created",
        "plans.measure.created",
        "plans.version.settings_updated",
        "plans.consultation.created",
        "plans.consultation.response_added",
        "plans.consultation.response_weighed",
        "plans.adoption.recorded",
    ]:
        assert expected in actions, expected
    transitions = AuditEvent.objects.filter(id__gt=mark, action="plans.version.status_changed")
    assert [(e.detail["from"], e.detail["to"]) for e in transitions.order_by("id")] == [
        ("initiative", "mandated"),
        ("mandated", "drafting"),
        ("drafting", "consultation"),
        ("consultation", "quality_checked"),
        ("quality_checked", "adopted"),
    ]
    assert actions.count("plans.adoption.recorded") == 2
    assert all(e.actor_label == "alice" for e in transitions)

    mark = last_id()
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    measure = version.measures.first()
    services.report_status(
        actor=as_actor(alice), round=round_, measure=measure, status=MeasureStatus.DONE
    )
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=measure,
        status=MeasureStatus.DONE,
        comment="Ferdig",
    )
    services.close_reporting_round(actor=as_actor(alice), round=round_)
    services.save_evaluation(
        actor=as_actor(alice),
        version=version,
        kind=EvaluationKind.FINAL,
        outcome="revise",
        complete_on=dt.date.today(),
    )
    revision = services.revise_version(actor=as_actor(alice), version=version)
    assert actions_since(mark) == [
        "plans.round.created",
        "plans.round.opened",
        "plans.version.status_changed",
        "plans.status_report.created",
        "plans.status_report.updated",
        "plans.round.closed",
        "plans.evaluation.completed",
        "plans.version.status_changed",
        "plans.version.revised",
    ]
    event = AuditEvent.objects.get(action="plans.version.revised")
    assert event.target_id == str(revision.pk)
    assert event.detail["previous"] == str(version.pk)


def test_edits_through_pages_are_audited_with_the_changed_fields(client, alice, bergen, login_as):
    plan = new_plan(alice, [bergen])
    version = plan.versions.get()
    measure = services.save_measure(
        actor=as_actor(alice), version=version, data=MeasureData(title="Kurs", level="competence")
    )
    login_as(alice)
    mark = last_id()
    response = client.post(
        reverse("plans:measure_edit", args=[plan.pk, version.pk, measure.pk]),
        {"title": "Kurs for alle", "level": "competence", "staff_hours": "10"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(id__gt=mark)
    assert event.action == "plans.measure.updated"
    assert set(event.detail["fields"]) == {"title", "staff_hours"}
    client.post(
        reverse("plans:measure_edit", args=[plan.pk, version.pk, measure.pk]), {"action": "delete"}
    )
    assert actions_since(mark)[-1] == "plans.measure.deleted"


def test_a_refused_transition_leaves_no_event_and_no_change(alice, bergen):
    plan = new_plan(alice, [bergen])
    version = plan.versions.get()
    mark = last_id()
    with pytest.raises(ValidationError):
        services.transition_version(
            actor=as_actor(alice), version=version, to=VersionStatus.MANDATED
        )
    version.refresh_from_db()
    assert version.status == VersionStatus.INITIATIVE
    assert actions_since(mark) == []
