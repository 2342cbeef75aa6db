"""Demo training records for the Bergen–Askøy partnership: target roles in each member
organisation, fictional staff, six courses over the last three years with participants,
a training plan for this year, and one change of contact person (NAV Bergenhus) whose
newcomer gets the onboarding page. Runs after the partnerships and directory demos."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.partnerships import services as partnership_services
from samvern.partnerships.demo import COORDINATOR, COORDINATOR_USER, PARTNERSHIP_NAME
from samvern.partnerships.models import Partnership
from samvern.training import services
from samvern.training.models import StaffMember, TrainingEvent

RV, RA, DA, CC, TC, SP = (
    "recognising-violence",
    "risk-assessment",
    "duty-to-avert",
    "conference-chairing",
    "talking-to-children",
    "safety-planning",
)

# organisation, role name (translated), staff count, required topics, fictional staff
ROLES: list[tuple[str, str, int | None, list[str], list[str]]] = [
    (
        "Vest politidistrikt",
        gettext_noop("Family violence investigators"),
        6,
        [RV, RA, DA],
        ["Kjetil Berg", "Ingrid Lunde", "Ole Haugland", "Silje Fjeld"],
    ),
    (
        "Vest politidistrikt",
        gettext_noop("Conference chairs"),
        None,
        [CC, RA],
        ["Per Solheim", "Nora Dahle"],
    ),
    (
        "Bergen krisesenter",
        gettext_noop("Counsellors"),
        5,
        [RV, RA, SP, TC],
        ["Hilde Aasen", "Maria Lie", "Karin Rød", "Jonas Eide"],
    ),
    (
        "Barneverntjenesten i Bergen",
        gettext_noop("Child welfare caseworkers"),
        12,
        [RV, TC, DA],
        ["Eirik Nes", "Lise Moe", "Tuva Strand", "Sander Hope", "Marit Ulvik"],
    ),
    (
        "Legevakten i Bergen",
        gettext_noop("Emergency physicians and nurses"),
        20,
        [RV, DA],
        ["Anne Kvamme", "Rune Bø", "Sara Økland"],
    ),
    ("NAV Bergenhus", gettext_noop("Social workers"), 8, [RV, DA], ["Camilla Hauge", "Tor Aksnes"]),
    (
        "Alternativ til Vold Bergen",
        gettext_noop("Therapists"),
        None,
        [RA, TC],
        ["Hanna Vik", "Erik Tveit"],
    ),
]

# topic, days ago, hours, trainer, audience, participants (staff names)
EVENTS = [
    (
        RV,
        700,
        "6",
        "RVTS Vest",
        gettext_noop("All member organisations"),
        [
            "Kjetil Berg",
            "Ingrid Lunde",
            "Ole Haugland",
            "Hilde Aasen",
            "Maria Lie",
            "Eirik Nes",
            "Lise Moe",
            "Tuva Strand",
            "Anne Kvamme",
            "Camilla Hauge",
        ],
    ),
    (
        RA,
        500,
        "12",
        "RVTS Vest",
        gettext_noop("Police and crisis centre"),
        ["Kjetil Berg", "Per Solheim", "Nora Dahle", "Hilde Aasen", "Karin Rød", "Hanna Vik"],
    ),
    (
        DA,
        300,
        "3",
        "Vest politidistrikt",
        gettext_noop("Health, child welfare and NAV"),
        [
            "Eirik Nes",
            "Sander Hope",
            "Anne Kvamme",
            "Rune Bø",
            "Camilla Hauge",
            "Tor Aksnes",
            "Kjetil Berg",
            "Ingrid Lunde",
        ],
    ),
    (
        CC,
        200,
        "6",
        "Politihøgskolen (fiktivt kurs)",
        "Conference chairs",
        ["Per Solheim", "Nora Dahle"],
    ),
    (
        TC,
        120,
        "7",
        "RVTS Vest",
        gettext_noop("Child welfare, crisis centre and ATV"),
        [
            "Eirik Nes",
            "Lise Moe",
            "Marit Ulvik",
            "Hilde Aasen",
            "Maria Lie",
            "Hanna Vik",
            "Erik Tveit",
        ],
    ),
    (
        SP,
        40,
        "4",
        "Bergen krisesenter",
        gettext_noop("Crisis centre counsellors"),
        ["Hilde Aasen", "Maria Lie", "Jonas Eide"],
    ),
]


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or TrainingEvent.objects.filter(partnership=partnership).exists():
        return
    organisations = {o.name: o for o in Organisation.objects.all()}
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    coordinator = Actor.load(users[COORDINATOR_USER], organisation=organisations[COORDINATOR])
    people: dict[str, StaffMember] = {}
    for org_name, role_name, count, topics, staff in ROLES:
        organisation = organisations[org_name]
        role = services.save_target_role(
            actor=coordinator,
            partnership=partnership,
            organisation=organisation,
            name=_(role_name),
            required_topics=topics,
            staff_count=count,
        )
        for name in staff:
            people[name] = services.add_staff(
                actor=coordinator,
                partnership=partnership,
                organisation=organisation,
                name=name,
                role=role,
            )
    for topic, days, hours, trainer, audience, participants in EVENTS:
        event = services.create_event(
            actor=coordinator,
            partnership=partnership,
            topic_key=topic,
            held_on=today - dt.timedelta(days=days),
            hours=Decimal(hours),
            trainer=trainer,
            audience=_(audience),
        )
        for name in participants:
            services.add_participant(actor=coordinator, event=event, person=people[name])
    plan = services.save_plan(
        actor=coordinator,
        partnership=partnership,
        year=today.year,
        goals=_(
            "Every counsellor, investigator and child welfare caseworker in the partnership "
            "trained in recognising violence and risk assessment; refresh the duty to avert "
            "for health and NAV staff."
        ),
    )
    for topic, audience, sessions, planned in [
        (RA, _("Police and crisis centre"), 2, 20),
        (RV, _("Health and NAV"), 2, 30),
        (TC, _("Child welfare"), 1, 15),
        (DA, _("All member organisations"), 1, 40),
    ]:
        services.add_planned_course(
            actor=coordinator,
            plan=plan,
            topic_key=topic,
            audience=audience,
            sessions=sessions,
            participants=planned,
        )
    _relay_change(partnership, coordinator, organisations, users)


def _relay_change(
    partnership: Partnership,
    coordinator: Actor,
    organisations: dict[str, Organisation],
    users: dict[str, User],
) -> None:
    """NAV Bergenhus's deputy takes over as contact person; no new deputy is named yet,
    which the partnership page shows until one is."""
    member = partnership.members.filter(organisation=organisations["NAV Bergenhus"]).first()
    if member is None or "amir.nav" not in users:
        return
    partnership_services.set_contacts(
        actor=coordinator,
        member=member,
        relay=users["amir.nav"],
        deputy=None,
        handover_notes=_(
            "Amir takes over from Jon, who has moved to another NAV office. Bring cases "
            "where housing or money stops someone leaving; NAV's open commitment on "
            "emergency housing is followed up at the next operational group meeting."
        ),
        notify=False,
    )
