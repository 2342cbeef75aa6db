"""Demo organisations, one user per role, and an administrator for every organisation.
Names of people are fictional; municipalities and the kinds of agencies are real. Other
apps' demos look these up by username or name."""

import base64
import datetime as dt
import hashlib

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.models import CASE_ROLES, Membership, Organisation, OrganisationKind, User
from samvern.places.models import Municipality

DEMO_PASSWORD = "samvern-demo-2026"  # noqa: S105 - printed for everyone in demo mode

# name, kind, 2024 municipality codes served, organisation number (fictional)
ORGANISATIONS = [
    ("Bergen kommune", OrganisationKind.MUNICIPALITY, ["4601"], "900000001"),
    ("Askøy kommune", OrganisationKind.MUNICIPALITY, ["4627"], "900000002"),
    ("Stavanger kommune", OrganisationKind.MUNICIPALITY, ["1103"], "900000003"),
    ("Tromsø kommune", OrganisationKind.MUNICIPALITY, ["5501"], "900000004"),
    ("Vest politidistrikt", OrganisationKind.POLICE, ["4601", "4627"], "900000010"),
    ("Bergen krisesenter", OrganisationKind.CRISIS_CENTRE, ["4601", "4627"], "900000011"),
    ("Barneverntjenesten i Bergen", OrganisationKind.CHILD_WELFARE, ["4601"], "900000012"),
    ("Legevakten i Bergen", OrganisationKind.HEALTH, ["4601"], "900000013"),
    ("NAV Bergenhus", OrganisationKind.SOCIAL_SERVICES, ["4601"], "900000014"),
    ("Alternativ til Vold Bergen", OrganisationKind.NGO, ["4601", "4627"], "900000015"),
    ("RVTS Vest", OrganisationKind.RESOURCE_CENTRE, [], "900000016"),
    ("Nasjonalt kunnskapssenter (demo)", OrganisationKind.NATIONAL_AUTHORITY, [], "900000017"),
]

# username, first name, last name, organisation, role, job title (in bokmål, as written)
USERS = [
    ("kari.planlegger", "Kari", "Nilsen", "Bergen kommune", "plan_editor", "Plankoordinator"),
    ("ole.leder", "Ole", "Hansen", "Bergen kommune", "plan_reader", "Helse- og omsorgssjef"),
    ("siri.politiker", "Siri", "Berg", "Bergen kommune", "plan_reader", "Kommunestyremedlem"),
    (
        "ingrid.admin",
        "Ingrid",
        "Solberg",
        "Bergen kommune",
        "org_admin",
        "Virksomhetsadministrator",
    ),
    ("per.askoy", "Per", "Lie", "Askøy kommune", "plan_editor", "Plankoordinator"),
    ("mona.stavanger", "Mona", "Eide", "Stavanger kommune", "plan_editor", "Plankoordinator"),
    ("tor.tromso", "Tor", "Olsen", "Tromsø kommune", "plan_editor", "Plankoordinator"),
    (
        "lars.politi",
        "Lars",
        "Johansen",
        "Vest politidistrikt",
        "case_worker",
        "Familievoldskoordinator",
    ),
    (
        "hanne.koordinator",
        "Hanne",
        "Dahl",
        "Vest politidistrikt",
        "conference_coordinator",
        "Konferanseleder",
    ),
    ("nina.krisesenter", "Nina", "Larsen", "Bergen krisesenter", "case_worker", "Rådgiver"),
    (
        "anders.barnevern",
        "Anders",
        "Moe",
        "Barneverntjenesten i Bergen",
        "case_worker",
        "Barnevernskonsulent",
    ),
    ("eva.legevakt", "Eva", "Strand", "Legevakten i Bergen", "case_worker", "Sykepleier"),
    ("jon.nav", "Jon", "Bakke", "NAV Bergenhus", "case_worker", "Rådgiver"),
    ("guro.personvern", "Guro", "Haugen", "Vest politidistrikt", "dpo", "Personvernombud"),
    ("silje.analytiker", "Silje", "Lund", "RVTS Vest", "national_analyst", "Forsker"),
    # Every agency has its own administrator, who gives and ends its people's roles.
    *[
        (username, first, last, organisation, "org_admin", "Virksomhetsadministrator")
        for username, first, last, organisation in [
            ("askoy.admin", "Bente", "Aasen", "Askøy kommune"),
            ("stavanger.admin", "Geir", "Tjelta", "Stavanger kommune"),
            ("tromso.admin", "Liv", "Pedersen", "Tromsø kommune"),
            ("politi.admin", "Rune", "Sæther", "Vest politidistrikt"),
            ("krisesenter.admin", "Marit", "Halvorsen", "Bergen krisesenter"),
            ("barnevern.admin", "Trond", "Nygård", "Barneverntjenesten i Bergen"),
            ("legevakt.admin", "Hilde", "Bråten", "Legevakten i Bergen"),
            ("nav.admin", "Kristian", "Aune", "NAV Bergenhus"),
            ("atv.admin", "Ragnhild", "Vold", "Alternativ til Vold Bergen"),
            ("rvts.admin", "Sindre", "Fosse", "RVTS Vest"),
            ("kunnskapssenter.admin", "Astrid", "Kvam", "Nasjonalt kunnskapssenter (demo)"),
        ]
    ],
]


def demo_totp_key(username: str) -> str:
    """Deterministic TOTP key (hex) for a demo user, so the printed secret stays valid."""
    return hashlib.sha256(f"samvern-demo:{username}".encode()).hexdigest()[:40]


def demo_totp_secret_base32(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    organisations = {}
    for name, kind, codes, number in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "org_number": number}
        )
        organisation.municipalities.set(Municipality.objects.filter(year=2024, code__in=codes))
        organisations[name] = organisation
    for username, first, last, org_name, role, title in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.samvern.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organisation=organisations[org_name], role=role, defaults={"title": title}
        )
        if role in CASE_ROLES:
            TOTPDevice.objects.get_or_create(
                user=user,
                name="demo",
                defaults={"key": demo_totp_key(username), "confirmed": True},
            )
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "email": "admin@demo.samvern.invalid",
            "is_staff": True,
            "is_superuser": True,
            "first_name": "System",
            "last_name": "Administrator",
        },
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
