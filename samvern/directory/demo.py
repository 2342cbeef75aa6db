"""Demo directory: 15 fictional services for the Bergen–Askøy partnership, in real
municipalities. Runs after the partnerships demo (the partnership is looked up by name).
Names of services are fictional; phone numbers are from a range not in use."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.directory import services
from samvern.directory.models import DirectorySettings, Service, ServiceKind, TargetGroup
from samvern.partnerships.demo import COORDINATOR, COORDINATOR_USER, PARTNERSHIP_NAME
from samvern.partnerships.models import Partnership
from samvern.places.models import Municipality

EXPOSED, CHILDREN, USING = (
    TargetGroup.EXPOSED_ADULTS,
    TargetGroup.CHILDREN,
    TargetGroup.USING_VIOLENCE,
)


def _entries() -> list[dict[str, object]]:
    """name, kind, organisation (or provider), offers, groups, municipalities, extras."""
    return [
        {
            "name": "Bergen krisesenter – døgntelefon og botilbud",
            "kind": ServiceKind.SHELTER,
            "organisation": "Bergen krisesenter",
            "offers": _(
                "Safe place to stay for women, men and their children, counselling by phone "
                "day and night, and day visits without staying."
            ),
            "groups": [EXPOSED, CHILDREN, TargetGroup.RELATIVES],
            "languages": _("Norwegian, English; interpreter on request"),
            "opening_hours": _("Open day and night"),
            "phone": "+47 400 01 001",
            "capacity_label": _("free places"),
            "capacity_free": 3,
            "checked": 20,
        },
        {
            "name": "Alternativ til Vold Bergen",
            "kind": ServiceKind.VIOLENCE_PROGRAMME,
            "organisation": "Alternativ til Vold Bergen",
            "offers": _(
                "Treatment for people who use violence in close relationships: individual "
                "and group sessions, and conversations for partners and children."
            ),
            "groups": [USING, TargetGroup.RELATIVES, CHILDREN],
            "languages": _("Norwegian, English"),
            "opening_hours": _("Weekdays 8–16, some evenings"),
            "phone": "+47 400 01 002",
            "appointment": True,
            "checked": 45,
        },
        {
            "name": "Sinnemestring Vest – gruppeprogram",
            "kind": ServiceKind.VIOLENCE_PROGRAMME,
            "provider": "Stiftelsen Sinnemestring Vest (fiktiv)",
            "offers": _("A 12-week group programme for men who want to stop using violence."),
            "groups": [USING],
            "languages": _("Norwegian"),
            "opening_hours": _("Groups on Tuesday evenings"),
            "phone": "+47 400 01 003",
            "appointment": True,
            "checked": 250,
        },
        {
            "name": "Familievernkontoret Bergen og omland",
            "kind": ServiceKind.COUNSELLING,
            "provider": "Bufetat (fiktivt kontor)",
            "offers": _(
                "Family counselling after violence, with a violence team for couples and "
                "parents, and conversations for children."
            ),
            "groups": [EXPOSED, USING, CHILDREN],
            "languages": _("Norwegian, English, Arabic"),
            "opening_hours": _("Weekdays 8–15.30"),
            "phone": "+47 400 01 004",
            "appointment": True,
            "checked": 60,
        },
        {
            "name": "Overgrepsmottaket ved Legevakten i Bergen",
            "kind": ServiceKind.HEALTH,
            "organisation": "Legevakten i Bergen",
            "offers": _(
                "Medical examination, treatment and securing of evidence after violence "
                "or sexual assault, with or without a police report."
            ),
            "groups": [EXPOSED, CHILDREN],
            "languages": _("Norwegian, English; interpreter on request"),
            "opening_hours": _("Open day and night"),
            "phone": "+47 400 01 005",
            "checked": 30,
        },
        {
            "name": "Barnevernvakten Bergen",
            "kind": ServiceKind.CHILD_WELFARE,
            "organisation": "Barneverntjenesten i Bergen",
            "offers": _("Emergency child welfare service outside office hours."),
            "groups": [CHILDREN, TargetGroup.PROFESSIONALS],
            "languages": _("Norwegian"),
            "opening_hours": _("Evenings, nights and weekends"),
            "phone": "+47 400 01 006",
            "municipalities": ["4601"],
            "checked": 10,
        },
        {
            "name": "Statens barnehus Bergen",
            "kind": ServiceKind.CHILDREN,
            "provider": "Statens barnehus (fiktivt kontor)",
            "offers": _(
                "Facilitated interviews of children and young people, with medical "
                "examination and follow-up afterwards."
            ),
            "groups": [CHILDREN],
            "languages": _("Norwegian; interpreter on request"),
            "opening_hours": _("Weekdays 8–15.30, by referral"),
            "phone": "+47 400 01 007",
            "appointment": True,
            "checked": 100,
        },
        {
            "name": "Politiets familievoldskoordinator",
            "kind": ServiceKind.POLICE,
            "organisation": "Vest politidistrikt",
            "offers": _(
                "Advice on reporting, protection measures such as restraining orders and "
                "alarms, and follow-up of people at risk."
            ),
            "groups": [EXPOSED, TargetGroup.PROFESSIONALS],
            "languages": _("Norwegian, English"),
            "opening_hours": _("Weekdays 8–15; emergency 112"),
            "phone": "+47 400 01 008",
            "checked": 15,
        },
        {
            "name": "NAV Bergenhus – økonomisk råd og bolig",
            "kind": ServiceKind.HOUSING,
            "organisation": "NAV Bergenhus",
            "offers": _(
                "Emergency financial help, temporary housing and advice on a new home "
                "after leaving a violent partner."
            ),
            "groups": [EXPOSED],
            "languages": _("Norwegian, English, Somali"),
            "opening_hours": _("Weekdays 9–15"),
            "phone": "+47 400 01 009",
            "municipalities": ["4601"],
            "checked": 200,
        },
        {
            "name": "Askøy kommune – psykisk helse og rus",
            "kind": ServiceKind.HEALTH,
            "provider": "Askøy kommune",
            "offers": _("Low-threshold counselling for adults, with no referral needed."),
            "groups": [EXPOSED, USING],
            "languages": _("Norwegian"),
            "opening_hours": _("Weekdays 8–15.30"),
            "phone": "+47 400 01 010",
            "municipalities": ["4627"],
            "checked": 90,
        },
        {
            "name": "Støttesenter mot incest og seksuelle overgrep Vest (fiktivt)",
            "kind": ServiceKind.PEER_SUPPORT,
            "provider": "Støttesenteret Vest (fiktivt)",
            "offers": _(
                "Conversations, groups and courses for people exposed to sexual abuse and "
                "their relatives."
            ),
            "groups": [EXPOSED, TargetGroup.RELATIVES],
            "languages": _("Norwegian, English"),
            "opening_hours": _("Weekdays 9–16"),
            "phone": "+47 400 01 011",
            "checked": None,
        },
        {
            "name": "Fri rettshjelp Bergen (fiktiv)",
            "kind": ServiceKind.LEGAL,
            "provider": "Juridisk rådgivning Vest (fiktiv)",
            "offers": _(
                "Free legal advice on restraining orders, child custody, residence and "
                "divorce after violence."
            ),
            "groups": [EXPOSED, TargetGroup.MINORITY],
            "languages": _("Norwegian, English, Polish"),
            "opening_hours": _("Wednesdays 17–20"),
            "phone": "+47 400 01 012",
            "checked": 150,
        },
        {
            "name": "Kompetanseteam mot æresrelatert vold (fiktivt regionkontor)",
            "kind": ServiceKind.COUNSELLING,
            "provider": "IMDi Vest (fiktivt)",
            "offers": _(
                "Advice for professionals and young people on forced marriage, honour-related "
                "violence and negative social control."
            ),
            "groups": [TargetGroup.HONOUR, TargetGroup.PROFESSIONALS, CHILDREN],
            "languages": _("Norwegian, English, Arabic, Urdu"),
            "opening_hours": _("Weekdays 8–15.30"),
            "phone": "+47 400 01 013",
            "checked": 40,
        },
        {
            "name": "Eldretelefonen Vest (fiktiv)",
            "kind": ServiceKind.HELPLINE,
            "provider": "Eldreombudet Vest (fiktivt)",
            "offers": _("A helpline for older people who are abused, and for their relatives."),
            "groups": [TargetGroup.ELDERLY, TargetGroup.RELATIVES],
            "languages": _("Norwegian"),
            "opening_hours": _("Weekdays 9–15"),
            "phone": "+47 400 01 014",
            "checked": 80,
        },
        {
            "name": "Ungdomstelefonen Bergen (fiktiv)",
            "kind": ServiceKind.CHILDREN,
            "provider": "Bergen Røde Kors (fiktivt tilbud)",
            "offers": _(
                "Anonymous chat and phone for children and young people, no question too small."
            ),
            "groups": [CHILDREN],
            "languages": _("Norwegian, English"),
            "opening_hours": _("Every day 14–22"),
            "phone": "+47 400 01 015",
            "checked": 5,
        },
    ]


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or Service.objects.filter(partnership=partnership).exists():
        return
    organisations = {o.name: o for o in Organisation.objects.all()}
    coordinator = Actor.load(
        User.objects.get(username=COORDINATOR_USER), organisation=organisations[COORDINATOR]
    )
    area = {m.code: m for m in Municipality.objects.filter(year=2024, code__in=["4601", "4627"])}
    for entry in _entries():
        checked = entry.get("checked")
        capacity = entry.get("capacity_free")
        services.create_service(
            actor=coordinator,
            partnership=partnership,
            data=services.ServiceData(
                name=str(entry["name"]),
                kind=str(entry["kind"]),
                organisation=organisations.get(str(entry.get("organisation", ""))),
                provider_name=str(entry.get("provider", "")),
                offers=str(entry["offers"]),
                target_groups=[str(group) for group in entry["groups"]],  # type: ignore[attr-defined]
                languages=str(entry.get("languages", "")),
                opening_hours=str(entry.get("opening_hours", "")),
                phone=str(entry.get("phone", "")),
                appointment_needed=bool(entry.get("appointment", False)),
                municipalities=[area[c] for c in entry.get("municipalities", [])],  # type: ignore[attr-defined]
                capacity_label=str(entry.get("capacity_label", "")),
                capacity_free=capacity if isinstance(capacity, int) else None,
                capacity_updated_on=today if capacity is not None else None,
                checked_on=today - dt.timedelta(days=checked) if isinstance(checked, int) else None,
            ),
            today=today,
        )
    DirectorySettings.objects.get_or_create(partnership=partnership, defaults={"public_page": True})
