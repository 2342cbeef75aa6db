"""Demo partnership: the risk assessment conference for Bergen and Askøy.

Runs after the accounts demo (organisations and users are looked up by name) and before
the cases demo, which files its cases under this partnership. Every person is fictional.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.actor import Actor
from samvern.accounts.demo import DEMO_PASSWORD, demo_totp_key
from samvern.accounts.models import Membership, Organisation, Role, User
from samvern.partnerships import services
from samvern.partnerships.models import ContactChange, Partnership, PartnershipMember
from samvern.places.models import Municipality

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
COORDINATOR = "Vest politidistrikt"
COORDINATOR_USER = "hanne.koordinator"

# Deputies (and a few contact persons) that the accounts demo does not have:
# username, first name, last name, organisation, job title, phone (fictional)
EXTRA_USERS = [
    (
        "marte.politi",
        "Marte",
        "Holm",
        "Vest politidistrikt",
        "Investigator, family violence",
        "+47 400 00 101",
    ),
    (
        "sofie.krisesenter",
        "Sofie",
        "Aas",
        "Bergen krisesenter",
        "Head of counselling",
        "+47 400 00 102",
    ),
    (
        "henrik.barnevern",
        "Henrik",
        "Vik",
        "Barneverntjenesten i Bergen",
        "Team leader",
        "+47 400 00 103",
    ),
    ("lene.legevakt", "Lene", "Brekke", "Legevakten i Bergen", "Physician", "+47 400 00 104"),
    ("amir.nav", "Amir", "Rahimi", "NAV Bergenhus", "Social worker", "+47 400 00 105"),
    (
        "tone.atv",
        "Tone",
        "Myklebust",
        "Alternativ til Vold Bergen",
        "Psychologist",
        "+47 400 00 106",
    ),
    (
        "bjorn.atv",
        "Bjørn",
        "Sandvik",
        "Alternativ til Vold Bergen",
        "Head of office",
        "+47 400 00 107",
    ),
]

# organisation, years and months before today it joined, contact person, deputy
MEMBERS = [
    ("Vest politidistrikt", 0, "lars.politi", "marte.politi"),
    ("Bergen krisesenter", 1, "sofie.krisesenter", None),
    ("Barneverntjenesten i Bergen", 1, "anders.barnevern", "henrik.barnevern"),
    ("Legevakten i Bergen", 4, "eva.legevakt", "lene.legevakt"),
    ("NAV Bergenhus", 7, "jon.nav", "amir.nav"),
    ("Alternativ til Vold Bergen", 14, "tone.atv", "bjorn.atv"),
]
FORMER_MEMBER = "RVTS Vest"


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, 1)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _extra_users(organisations: dict[str, Organisation]) -> None:
    for username, first, last, org_name, title, phone in EXTRA_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.samvern.invalid",
                "phone": phone,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[org_name],
            role=Role.CASE_WORKER,
            defaults={"title": title},
        )
        TOTPDevice.objects.get_or_create(
            user=user, name="demo", defaults={"key": demo_totp_key(username), "confirmed": True}
        )


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    if Partnership.objects.filter(name=PARTNERSHIP_NAME).exists():
        return
    names = [name for name, *_ in MEMBERS] + [FORMER_MEMBER]
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    _extra_users(organisations)
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    coordinator = Actor.load(users[COORDINATOR_USER], organisation=organisations[COORDINATOR])
    started = _months_before(today, 40)

    partnership = services.create_partnership(
        actor=coordinator,
        name=PARTNERSHIP_NAME,
        coordinator=organisations[COORDINATOR],
        joined_on=started,
        description=(
            "Multi-agency risk assessment conference for Bergen and Askøy. Agencies bring "
            "cases of serious risk in close relationships, share what each of them knows "
            "on a legal basis, and agree on who does what to make the person exposed and "
            "the children safer."
        ),
        municipalities=Municipality.objects.filter(year=2024, code__in=["4601", "4627"]),
    )
    for org_name, months, relay, deputy in MEMBERS:
        organisation = organisations[org_name]
        member = partnership.members.filter(organisation=organisation).first()
        if member is None:
            member = services.add_member(
                actor=coordinator,
                partnership=partnership,
                organisation=organisation,
                joined_on=_months_before(today, 40 - months),
            )
        services.set_contacts(
            actor=coordinator,
            member=member,
            relay=users[relay],
            deputy=users[deputy] if deputy else None,
            notify=False,
        )
        # Demo history: the contact persons were named when the organisation joined.
        ContactChange.objects.filter(member=member).update(
            changed_at=_at(_months_before(today, 40 - months))
        )

    # The crisis centre changed contact person a year ago; the hand-over notes stayed.
    shelter = partnership.members.get(organisation=organisations["Bergen krisesenter"])
    change = services.set_contacts(
        actor=coordinator,
        member=shelter,
        relay=users["nina.krisesenter"],
        deputy=users["sofie.krisesenter"],
        handover_notes=(
            "Conference every second Tuesday at the police station; send new referrals to "
            "the coordinator by the Thursday before. The shelter reports back on safety "
            "plans at each conference. Sofie stays on as deputy."
        ),
        notify=False,
    )
    assert change is not None
    ContactChange.objects.filter(pk=change.pk).update(changed_at=_at(_months_before(today, 12)))

    # The regional resource centre took part while the conference was being set up and
    # left when it ran on its own; its people no longer see the partnership.
    PartnershipMember.objects.create(
        partnership=partnership,
        organisation=organisations[FORMER_MEMBER],
        joined_on=started,
        left_on=_months_before(today, 22),
    )
