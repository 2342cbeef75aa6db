"""Demo agreements for the Bergen–Askøy risk conference: a cooperation agreement in its
second version, signed by every partner but one; a protocol and a routine that fulfil
measures on routines and procedures of the Bergen and Askøy action plan. The documents
are the partners' own texts, so they are written in bokmål as they would be.

Runs after the partnerships and plans demos (it looks their rows up by name)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.agreements import services
from samvern.agreements.models import Document, DocumentKind
from samvern.partnerships.demo import COORDINATOR, COORDINATOR_USER, PARTNERSHIP_NAME
from samvern.partnerships.models import Partnership
from samvern.plans.models import Measure, MeasureLevel

PLAN_TITLE = "Handlingsplan mot vold i nære relasjoner – Bergen og Askøy"
AGREEMENT_TITLE = "Samarbeidsavtale for Risikokonferanse Bergen og Askøy"

# Who signs for each partner: the organisation's administrator.
SIGNERS = {
    "Vest politidistrikt": "politi.admin",
    "Bergen krisesenter": "krisesenter.admin",
    "Barneverntjenesten i Bergen": "barnevern.admin",
    "Legevakten i Bergen": "legevakt.admin",
    "NAV Bergenhus": "nav.admin",
    "Alternativ til Vold Bergen": "atv.admin",
}
# The partner that has not yet signed version 2.
NOT_YET_SIGNED = "NAV Bergenhus"

AGREEMENT_V1 = """\
## Formål

Partene samarbeider om å gjøre personer som er utsatt for alvorlig vold i nære relasjoner, \
og barna deres, tryggere.

## Partenes plikter

Hver part utpeker en kontaktperson og en stedfortreder som møter i risikokonferansen.

Politiet kaller inn til risikokonferanse hver måned og leder møtet.

Hver part følger opp tiltakene den påtar seg, og melder tilbake innen neste møte.

## Taushetsplikt

Opplysninger deles bare når lovgrunnlaget er klart, og bare det som er nødvendig.

## Varighet

Avtalen gjelder i to år og vurderes før den løper ut."""

AGREEMENT_V2 = """\
## Formål

Partene samarbeider om å gjøre personer som er utsatt for alvorlig vold i nære relasjoner, \
og barna deres, tryggere.

## Partenes plikter

Hver part utpeker en kontaktperson og en stedfortreder som møter i risikokonferansen.

Politiet kaller inn til risikokonferanse annenhver uke og leder møtet; krisesenteret er \
nestleder.

Hver part følger opp tiltakene den påtar seg, og melder tilbake innen neste møte.

## Taushetsplikt

Opplysninger deles bare når lovgrunnlaget er klart, og bare det som er nødvendig.

## Opplæring

Hver part sørger for at kontaktpersonen har gjennomført opplæring i risikovurdering.

## Varighet

Avtalen gjelder i to år og vurderes før den løper ut."""

PROTOCOL = """\
## Når gjelder protokollen

Når en fastlege eller NAV-veileder møter en person som bruker vold i nære relasjoner og \
ønsker hjelp til å slutte.

## Slik gjør vi det

1. Fastlegen eller veilederen gir kontaktkortet til Alternativ til Vold og spør om samtykke \
til å sende en henvisning.
2. Henvisningen sendes samme uke; Alternativ til Vold tilbyr en første samtale innen to uker.
3. Er det barn i familien, vurderer den som henviser alltid opplysningsplikten til \
barneverntjenesten.

## Ansvar

Alternativ til Vold eier protokollen og holder kontaktkortet oppdatert."""

ROUTINE = """\
## Hvem gjør hva når det er mistanke om vold

- **Den som får mistanke** snakker med personen alene, dokumenterer og drøfter med leder \
samme dag.
- **Leder** vurderer avvergingsplikten og opplysningsplikten til barnevernet.
- **Barn i familien**: meld alltid til barneverntjenesten ved mistanke om at barn utsettes \
for eller ser vold.
- **Akutt fare**: ring politiet på 112.

## Kontaktpersoner

Hver tjeneste har en kontaktperson for vold i nære relasjoner; listen ligger i \
tjenesteoversikten."""


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or Document.objects.filter(partnership=partnership).exists():
        return
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=list(SIGNERS))}
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    coordinator_user = users[COORDINATOR_USER]
    coordinator = Actor.load(coordinator_user, organisation=organisations[COORDINATOR])

    def sign_all(version_document: Document, number: int, on: dt.date, skip: str = "") -> None:
        version = version_document.versions.get(number=number)
        for org_name, username in SIGNERS.items():
            if org_name == skip:
                continue
            signer = Actor.load(users[username], organisation=organisations[org_name])
            services.sign_off(
                actor=signer, version=version, organisation=organisations[org_name], on=on
            )

    agreement = services.create_document(
        actor=coordinator,
        partnership=partnership,
        kind=DocumentKind.AGREEMENT,
        title=AGREEMENT_TITLE,
        owner_organisation=organisations[COORDINATOR],
        owner_person=coordinator_user,
        review_on=_months_before(today, -9),
        text=AGREEMENT_V1,
        on=_months_before(today, 22),
    )
    first_day = _months_before(today, 20)
    services.put_in_force(actor=coordinator, version=agreement.versions.get(), on=first_day)
    sign_all(agreement, 1, first_day + dt.timedelta(days=14))
    services.save_draft(
        actor=coordinator,
        document=agreement,
        text=AGREEMENT_V2,
        change_note="Møter annenhver uke, krisesenteret som nestleder og krav om opplæring.",
    )
    second_day = _months_before(today, 3)
    services.put_in_force(
        actor=coordinator, version=agreement.versions.get(number=2), on=second_day
    )
    sign_all(agreement, 2, second_day + dt.timedelta(days=10), skip=NOT_YET_SIGNED)

    measures = list(
        Measure.objects.filter(
            version__plan__title=PLAN_TITLE, level=MeasureLevel.ROUTINES
        ).order_by("version__number", "number")
    )
    latest = {m.title: m for m in measures}  # the latest version's measure wins
    protocol = services.create_document(
        actor=coordinator,
        partnership=partnership,
        kind=DocumentKind.PROTOCOL,
        title="Henvisning til Alternativ til Vold",
        owner_organisation=organisations["Alternativ til Vold Bergen"],
        owner_person=users.get("tone.atv"),
        # Past its review date: the demo shows the flag.
        review_on=_months_before(today, 1),
        text=PROTOCOL,
        on=_months_before(today, 15),
    )
    services.put_in_force(
        actor=coordinator, version=protocol.versions.get(), on=_months_before(today, 14)
    )
    sign_all(protocol, 1, _months_before(today, 13))
    routine = services.create_document(
        actor=coordinator,
        partnership=partnership,
        kind=DocumentKind.ROUTINE,
        title="Hvem gjør hva ved mistanke om vold",
        owner_organisation=organisations["Barneverntjenesten i Bergen"],
        owner_person=users.get("anders.barnevern"),
        review_on=_months_before(today, -14),
        text=ROUTINE,
        on=_months_before(today, 8),
    )
    services.put_in_force(
        actor=coordinator, version=routine.versions.get(), on=_months_before(today, 7)
    )
    sign_all(routine, 1, _months_before(today, 6))
    for document, words in ((protocol, "Alternativ til Vold"), (routine, "hvem gjør hva")):
        chosen = [m for title, m in latest.items() if words.lower() in title.lower()]
        if not chosen:
            chosen = list(latest.values())[:1]
        services.link_measures(actor=coordinator, document=document, measures=chosen)
