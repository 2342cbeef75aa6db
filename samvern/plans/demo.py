"""Demo plans in every lifecycle state, in real municipalities, with content written for
the demo. People are fictional. Rows are created directly (not through the services) so
that a plan can be placed at any point of its life relative to `today`."""

# ruff: noqa: E501 (demo content: long Norwegian sentences read better unbroken)
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from samvern.accounts.models import Organisation, User
from samvern.places.models import Municipality
from samvern.plans import catalogues
from samvern.plans.indicators import number_in
from samvern.plans.models import (
    Adoption,
    Consultation,
    ConsultationResponse,
    Evaluation,
    EvaluationDetail,
    EvaluationKind,
    FocusAreaChoice,
    Goal,
    IndicatorMeasurement,
    Mandate,
    MappingSection,
    Measure,
    MeasureEvaluation,
    MeasureStatus,
    Milestone,
    Plan,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    StatusReport,
    VersionSettings,
    VersionStatus,
    Weighing,
    WorkingGroupMember,
)

AREAS = {
    "forebygging": "Vold oppdages for sent: de fleste sakene hos politiet kommer etter flere års vold.",
    "beskyttelse": "Voldsutsatte som forlater krisesenteret, venter for lenge på egen bolig.",
    "samordning": "Tjenestene kjenner ikke hverandres rutiner, og barn faller mellom.",
    "voldsutovere": "Tilbudet til dem som utøver vold, er lite kjent blant fastleger og NAV.",
}

GOALS = [
    (
        "forebygging",
        "organisational",
        "Ansatte i skole, barnehage og helsestasjon spør om vold",
        "Andel ansatte med kurs i å spørre om vold",
        "25 %",
        "80 %",
    ),
    (
        "forebygging",
        "society",
        "Flere ungdommer vet hvor de kan få hjelp",
        "Andel elever i Ungdata som kjenner til hjelpetilbud",
        "41 %",
        "65 %",
    ),
    (
        "beskyttelse",
        "user",
        "Voldsutsatte får egen bolig raskt etter krisesenteropphold",
        "Median ventetid på kommunal bolig",
        "5 måneder",
        "2 måneder",
    ),
    (
        "samordning",
        "organisational",
        "Alle tjenester følger samme «hvem gjør hva»-rutine",
        "Antall tjenester som har tatt i bruk rutinen",
        "3 av 11",
        "11 av 11",
    ),
    (
        "voldsutovere",
        "user",
        "Flere som utøver vold, får behandling",
        "Antall henvisninger til behandlingstilbud",
        "28 per år",
        "60 per år",
    ),
]

# Goals whose indicator is taken from the catalogue of indicator definitions.
CATALOGUE_GOALS = [
    (
        "samordning",
        "organisational",
        "Barneverntjenesten snakker med barn om volden de har opplevd",
        "barnevern-ansatte-samtale-med-barn",
        "35 %",
        "90 %",
    ),
]

# How far from baseline to target each goal has come at each reporting round (the housing
# goal lags: the evaluation says the housing measure never got going).
PROGRESS = [0.2, 0.45, 0.6, 0.75, 0.85, 0.95]
LAGGING_AREA = "beskyttelse"

# title, level, area, description, responsible title, unit, start offset (days), length (days), NOK, hours, target groups, duties
MEASURES = [
    (
        "Kurs i å spørre om vold for helsesykepleiere og jordmødre",
        "competence",
        "forebygging",
        "To dagers kurs med RVTS, med oppfølging i fagnettverk.",
        "Enhetsleder",
        "Helsestasjon og skolehelsetjeneste",
        0,
        365,
        60000,
        300,
        ["children", "service-providers"],
        ["hol-3-3a", "opplysningsplikt-barnevern"],
    ),
    (
        "Undervisningsopplegg om kjærestevold på ungdomsskolen",
        "knowledge",
        "forebygging",
        "Opplegget «Sterk og trygg» i 9. trinn, med foreldremøte.",
        "Rektor",
        "Ungdomsskolene",
        60,
        600,
        40000,
        200,
        ["children"],
        [],
    ),
    (
        "Kampanje om hjelpetilbud i bybuss og sosiale medier",
        "knowledge",
        "forebygging",
        "Felles kampanje med krisesenteret i uke 47.",
        "Kommunikasjonssjef",
        "Kommunikasjonsavdelingen",
        200,
        60,
        80000,
        40,
        ["adults", "recently-arrived"],
        ["istanbulkonvensjonen"],
    ),
    (
        "Fast avtale om bolig etter krisesenteropphold",
        "help",
        "beskyttelse",
        "Boligetaten reserverer fire leiligheter per år for voldsutsatte.",
        "Avdelingsleder",
        "Boligetaten",
        30,
        500,
        0,
        120,
        ["exposed", "child-witnesses"],
        ["krisesenterloven-4"],
    ),
    (
        "Felles «hvem gjør hva»-rutine ved mistanke om vold",
        "routines",
        "samordning",
        "Én rutine for alle tjenester, med kontaktperson i hver tjeneste og avklaring av taushetsplikt og avvergingsplikt.",
        "Kommunalsjef",
        "Helse og omsorg",
        0,
        300,
        20000,
        250,
        ["service-providers"],
        ["strl-196", "opplysningsplikt-barnevern"],
    ),
    (
        "Tverrfaglig team for barn som opplever vold",
        "help",
        "samordning",
        "Barnevern, helsestasjon og BUP møtes hver fjortende dag.",
        "Barnevernleder",
        "Barneverntjenesten",
        90,
        700,
        150000,
        600,
        ["child-witnesses", "children"],
        ["opplysningsplikt-barnevern"],
    ),
    (
        "Henvisningsrutine til Alternativ til Vold for fastleger og NAV",
        "routines",
        "voldsutovere",
        "Kort rutine og kontaktkort; ATV holder frokostmøte for fastlegene.",
        "Kommuneoverlege",
        "Legetjenesten",
        30,
        400,
        10000,
        60,
        ["perpetrators"],
        [],
    ),
    (
        "Kompetansepakke om vold mot eldre i hjemmetjenesten",
        "competence",
        "beskyttelse",
        "E-læring og refleksjonsmøter i alle soner.",
        "Enhetsleder",
        "Hjemmetjenesten",
        120,
        365,
        30000,
        400,
        ["elderly", "service-providers"],
        ["hol-3-3a"],
    ),
]

MAPPING = {
    "population": None,
    "services_exposed": "Krisesenteret tar imot voksne og barn fra hele regionen. Legevakten har overgrepsmottak. Det finnes ingen fast avtale om bolig etter opphold.",
    "services_perpetrators": "Alternativ til Vold har kontor i sentrum, men ventetiden er tre måneder og få henvises fra kommunen.",
    "services_children": "Statens barnehus tar avhør og gir oppfølging. Barnevernet har vakttelefon hele døgnet.",
    "cooperation": "Politirådet møtes to ganger i året. Det er ingen felles skriftlig rutine for hva tjenestene gjør ved mistanke om vold.",
    "competence": "Om lag en firedel av de ansatte i helsestasjonene har kurs i å spørre om vold. Skolene har ikke hatt kurs de siste tre årene.",
    "risk_groups": "Eldre med hjemmetjenester, nyankomne flyktninger og personer med rusproblemer er lite synlige i statistikken.",
    "strengths_gaps": "Styrker: godt krisesenter og engasjerte frivillige. Mangler: bolig, felles rutine og kunnskap om tilbudet til voldsutøvere.",
    "related_plans": "Folkehelseplanen, ruspolitisk handlingsplan og planen mot barnefattigdom.",
}

MEMBERS = [
    ("Kari Nilsen", "Plankoordinator", "Kommunen", True),
    ("Jonas Aas", "Rådgiver", "Krisesenteret", False),
    ("Marte Lunde", "Politikontakt", "Politiet", False),
    ("Sofie Haugland", "Leder", "Frivilligsentralen", False),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _date(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def build(
    *,
    title: str,
    codes: list[str],
    stage: str,
    today: dt.date,
    start: dt.date,
    years: int = 4,
    framework: str = "frihet-fra-vold",
    managers: dict[int, User | None] | None = None,
    coordinator: str = "Kari Nilsen",
) -> Plan | None:
    if Plan.objects.filter(title=title).exists():
        return None
    municipalities = list(Municipality.objects.filter(year=2024, code__in=codes))
    plan = Plan.objects.create(title=title)
    plan.municipalities.set(municipalities)
    build_version(
        plan, 1, stage, today, start, years, framework, managers or {}, municipalities, coordinator
    )
    return plan


def build_version(
    plan: Plan,
    number: int,
    stage: str,
    today: dt.date,
    start: dt.date,
    years: int,
    framework: str,
    managers: dict[int, User | None],
    municipalities: list[Municipality],
    coordinator: str,
    previous: PlanVersion | None = None,
) -> PlanVersion:
    order = [
        "initiative",
        "mandated",
        "drafting",
        "consultation",
        "quality_checked",
        "adopted",
        "implementation",
        "evaluated",
        "superseded",
    ]
    level = order.index(stage) if stage in order else order.index("drafting")
    end = dt.date(start.year + years - 1, 12, 31)
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        title=plan.title,
        status=stage,
        previous=previous,
        period_start=start if level >= 2 else None,
        period_end=end if level >= 2 else None,
        started_on=min(today, start - dt.timedelta(days=365)),
    )
    VersionSettings.objects.create(
        version=version,
        framework_key=framework,
        framework_version=1,
        target_groups=["exposed", "perpetrators", "child-witnesses", "elderly"],
        reports_per_year=2 if level >= 2 else None,
        midterm_evaluation_on=dt.date(start.year + years // 2, 6, 1) if level >= 2 else None,
        final_evaluation_on=dt.date(end.year, 10, 1) if level >= 2 else None,
        evaluator="Kommunalsjef helse og omsorg" if level >= 2 else "",
        warning_reasons={"duties": "Istanbulkonvensjonen dekkes av kampanjen i tiltak 3."}
        if level >= 4
        else {},
    )
    if level >= 1:
        Mandate.objects.create(
            version=version,
            body="Formannskapet" if len(municipalities) == 1 else "Formannskapene i eierkommunene",
            decided_on=start - dt.timedelta(days=420),
            case_number=f"{start.year - 2}/{300 + number}",
            text=(
                "Kommunedirektøren bes utarbeide en handlingsplan mot vold i nære relasjoner i "
                "samarbeid med krisesenteret, politiet og frivillige. Planen skal ha konkrete "
                "tiltak med ansvar, frist og ressurser, og legges fram for kommunestyret."
            ),
            budget_nok=150000,
            staff_hours=800,
        )
        for index, (name, position, organisation, leader) in enumerate(MEMBERS):
            WorkingGroupMember.objects.create(
                version=version,
                name=coordinator if index == 0 else name,
                position=position,
                organisation=organisation,
                is_leader=leader,
                publish_name=index != 3,
            )
        Milestone.objects.create(
            version=version, title="Kartlegging ferdig", due_on=start - dt.timedelta(days=300)
        )
        Milestone.objects.create(
            version=version, title="Høringsutkast", due_on=start - dt.timedelta(days=180)
        )
        Milestone.objects.create(
            version=version, title="Politisk behandling", due_on=start - dt.timedelta(days=60)
        )
    if level < 2:
        return version
    population = "\n".join(
        f"{m.name}: {m.population:,} innbyggere per {m.population_date:%d.%m.%Y}.".replace(",", " ")
        for m in municipalities
    )
    for topic, text in MAPPING.items():
        MappingSection.objects.create(
            version=version,
            topic=topic,
            text=population if text is None else text,
            checked=["crisis_centre", "housing"] if topic == "services_exposed" else [],
        )
    for rank, (key, reason) in enumerate(AREAS.items(), start=1):
        FocusAreaChoice.objects.create(
            version=version, area_key=key, rank=rank, reason=reason, chosen=True
        )
    goals = {}
    for area, kind, text, indicator, baseline, target in GOALS:
        goals[area] = Goal.objects.create(
            version=version,
            area_key=area,
            kind=kind,
            text=text,
            indicator=indicator,
            baseline=baseline,
            target=target,
        )
    for area, kind, text, key, baseline, target in CATALOGUE_GOALS:
        definition = catalogues.indicator(key)
        Goal.objects.create(
            version=version,
            area_key=area,
            kind=kind,
            text=text,
            indicator_key=key,
            indicator_version=definition.version if definition else None,
            indicator=definition.title if definition else "",
            baseline=baseline,
            target=target,
        )
    measures = []
    count = len(MEASURES) if level >= 3 else 5
    for index, (
        title,
        lvl,
        area,
        description,
        who,
        unit,
        offset,
        length,
        money,
        hours,
        groups,
        duties,
    ) in enumerate(MEASURES[:count]):
        measure = Measure.objects.create(
            version=version,
            number=index + 1,
            title=title,
            description=description,
            level=lvl,
            area_key=area,
            responsible_title=who,
            responsible_unit=unit,
            responsible_user=managers.get(index),
            starts_on=start + dt.timedelta(days=offset),
            deadline=start + dt.timedelta(days=offset + length),
            budget_nok=money,
            staff_hours=hours,
            target_groups=groups,
            duties=duties,
        )
        measure.goals.set([goals[area]])
        measures.append(measure)
    if level >= 3:
        Consultation.objects.create(
            version=version,
            opens_on=start - dt.timedelta(days=170),
            closes_on=start - dt.timedelta(days=130),
            description="Sendt til krisesenteret, politiet, barnevernet, eldrerådet, ungdomsrådet og frivillige lag.",
        )
        responses = [
            (
                "Eldrerådet",
                "Vold mot eldre må få et eget tiltak.",
                Weighing.ACCEPTED,
                "Tiltak 8 er lagt til.",
            ),
            (
                "Ungdomsrådet",
                "Opplegget om kjærestevold bør også gis på videregående.",
                Weighing.PARTLY,
                "Fylkeskommunen er invitert; kommunen starter på ungdomsskolen.",
            ),
            (
                "Frivillig forening",
                "Kommunen bør finansiere en egen hjelpetelefon.",
                Weighing.NOT_ACCEPTED,
                "Nasjonal hjelpetelefon finnes; kampanjen i tiltak 3 gjør den kjent.",
            ),
        ]
        for respondent, text, weighing, reason in responses:
            ConsultationResponse.objects.create(
                version=version,
                respondent=respondent,
                received_on=start - dt.timedelta(days=135),
                text=text,
                weighing=weighing if level >= 4 else "",
                weighing_reason=reason if level >= 4 else "",
            )
    if level >= 5:
        for offset, municipality in enumerate(municipalities):
            Adoption.objects.create(
                version=version,
                municipality=municipality,
                body="Bystyret"
                if municipality.code in {"4601", "1103", "5001"}
                else "Kommunestyret",
                decided_on=start - dt.timedelta(days=40 - 12 * offset),
                case_number=f"{start.year - 1}/{120 + offset}",
                decision_url="https://example.org/vedtak",
                period_start=start,
                period_end=end,
                reports_per_year=2,
                midterm_evaluation_on=dt.date(start.year + years // 2, 6, 1),
                final_evaluation_on=dt.date(end.year, 10, 1),
                evaluator="Kommunalsjef helse og omsorg",
            )
    if level >= 6:
        rounds: list[ReportingRound] = []
        due = dt.date(start.year, 11, 15)
        while due < today - dt.timedelta(days=30) and len(rounds) < 6:
            rounds.append(
                ReportingRound.objects.create(
                    version=version,
                    title=f"Rapportering høsten {due.year}",
                    due_date=due,
                    status=RoundStatus.CLOSED,
                    closed_on=due + dt.timedelta(days=10),
                )
            )
            due = dt.date(due.year + 1, 11, 15)
        for round_ in rounds:
            for m_index, measure in enumerate(measures):
                status = [
                    MeasureStatus.ON_TRACK,
                    MeasureStatus.DONE,
                    MeasureStatus.DELAYED,
                    MeasureStatus.ON_TRACK,
                    MeasureStatus.DROPPED,
                    MeasureStatus.ON_TRACK,
                    MeasureStatus.NOT_STARTED,
                    MeasureStatus.ON_TRACK,
                ][m_index % 8]
                comment = {
                    MeasureStatus.DELAYED: "Forsinket fordi kursholder fra RVTS først har ledig kapasitet til våren.",
                    MeasureStatus.DROPPED: "Lagt bort: erstattet av nasjonal kampanje samme uke.",
                }.get(status, "Går etter planen.")
                StatusReport.objects.create(
                    round=round_,
                    measure=measure,
                    status=status,
                    comment=comment,
                    # The routine progress may be published; the reasons for a delay
                    # or for dropping a measure stay internal.
                    comment_public=status in {MeasureStatus.ON_TRACK, MeasureStatus.DONE},
                    spent_nok=(measure.budget_nok or 0) // 3,
                    spent_hours=(measure.staff_hours or 0) // 3,
                )
        measured_on = [r.due_date - dt.timedelta(days=20) for r in rounds]
        open_now = stage == "implementation" and end >= today
        # In the open round only the prevention goals have been measured so far.
        measure_goals(
            version,
            [*measured_on, today - dt.timedelta(days=10)] if open_now else measured_on,
            latest_only="forebygging" if open_now else None,
        )
        if stage == "implementation" and end >= today:
            open_round = ReportingRound.objects.create(
                version=version,
                title=f"Rapportering våren {today.year}",
                due_date=today - dt.timedelta(days=5),
                status=RoundStatus.OPEN,
            )
            for measure in measures[:4]:
                StatusReport.objects.create(
                    round=open_round,
                    measure=measure,
                    status=MeasureStatus.ON_TRACK,
                    comment="Kurs holdt for 22 ansatte i februar.",
                    spent_nok=5000,
                    spent_hours=30,
                )
            ReportingRound.objects.create(
                version=version,
                title=f"Rapportering høsten {today.year}",
                due_date=dt.date(today.year, 11, 15)
                if dt.date(today.year, 11, 15) > today
                else today + dt.timedelta(days=150),
            )
    if level >= 7:
        evaluation = Evaluation.objects.create(
            version=version,
            kind=EvaluationKind.FINAL,
            completed_on=min(today, end - dt.timedelta(days=60)),
        )
        EvaluationDetail.objects.create(
            evaluation=evaluation,
            evaluator="Kommunalsjef helse og omsorg",
            summary="Kompetansetiltakene virket godt. Boligtiltaket kom ikke i gang, og rutinen for voldsutøvere er lite brukt.",
            partner_feedback="Krisesenteret ser færre som må bo lenge i påvente av bolig.",
            council_feedback="Kommunestyret ber om at boligtiltaket prioriteres i neste plan.",
            duties_met="Alle lovpålagte plikter har tiltak; avvergingsplikten er tatt inn i den felles rutinen.",
            outcome="revise",
        )
        for index, measure in enumerate(measures):
            MeasureEvaluation.objects.create(
                evaluation=evaluation,
                measure=measure,
                done=index % 3 != 2,
                why="Gjennomført som planlagt." if index % 3 != 2 else "Mangler finansiering.",
            )
    return version


def measure_goals(
    version: PlanVersion, days: list[dt.date], latest_only: str | None = None
) -> None:
    """Measurements of each goal's indicator before each reporting round, moving from the
    baseline towards the target; the last day only for the goals of `latest_only` when given."""
    sources = {
        "forebygging": _("Competence survey in the services"),
        "beskyttelse": _("The housing office's waiting list"),
        "samordning": _("The services' reports to the coordinator"),
        "voldsutovere": _("The treatment offer's annual statistics"),
    }
    for goal in version.goals.all():
        baseline, target = number_in(goal.baseline), number_in(goal.target)
        if baseline is None or target is None:
            continue
        whole = baseline == baseline.to_integral_value() and target == target.to_integral_value()
        measured = days if latest_only in {None, goal.area_key} else days[:-1]
        for index, day in enumerate(measured[: len(PROGRESS)]):
            share = PROGRESS[index] / (2 if goal.area_key == LAGGING_AREA else 1)
            value = baseline + (target - baseline) * Decimal(str(share))
            IndicatorMeasurement.objects.create(
                goal=goal,
                value=value.quantize(Decimal("1") if whole else Decimal("0.1")),
                measured_on=day,
                source=sources.get(goal.area_key, ""),
                comment=_("Measured ahead of the reporting round.") if index == 0 else "",
            )


def police_measure(version: PlanVersion, officer: User | None) -> None:
    """A routine the police carry out: its family violence coordinator sees it under "My
    measures" and reports it in the open round; the closed rounds published a comment."""
    police = Organisation.objects.filter(name="Vest politidistrikt").first()
    start = version.period_start
    if police is None or start is None:
        return
    measure = Measure.objects.create(
        version=version,
        number=(version.measures.aggregate(top=Max("number"))["top"] or 0) + 1,
        title=_("Police notice to the crisis centre after every call-out"),
        description=_(
            "The police tell the crisis centre the same day, with the consent of the person "
            "exposed, so that the centre can offer help within three days."
        ),
        level="routines",
        area_key="samordning",
        responsible_title=_("Family violence coordinator"),
        responsible_unit=police.name,
        responsible_organisation=police,
        responsible_user=officer,
        starts_on=start + dt.timedelta(days=60),
        deadline=start + dt.timedelta(days=800),
        staff_hours=80,
        target_groups=["exposed", "child-witnesses"],
    )
    measure.goals.set(version.goals.filter(area_key="samordning")[:1])
    for round_ in version.reporting_rounds.filter(status=RoundStatus.CLOSED):
        StatusReport.objects.create(
            round=round_,
            measure=measure,
            status=MeasureStatus.ON_TRACK,
            comment=_("The routine is used at two of the three police stations."),
            comment_public=True,
            spent_hours=20,
        )


def load(*, today: dt.date) -> None:
    kari = _user("kari.planlegger")
    ole = _user("ole.leder")
    year = today.year
    # Inter-municipal, adopted by both councils, in implementation with reporting rounds.
    bergen_askoy = build(
        title="Handlingsplan mot vold i nære relasjoner – Bergen og Askøy",
        codes=["4601", "4627"],
        stage="implementation",
        today=today,
        start=dt.date(year - 2, 1, 1),
        managers={0: ole, 5: ole, 3: kari},
    )
    if bergen_askoy is not None:
        police_measure(bergen_askoy.versions.get(number=1), _user("lars.politi"))
    build(
        title="Stavanger: handlingsplan mot vold i nære relasjoner",
        codes=["1103"],
        stage="drafting",
        today=today,
        start=dt.date(year + 1, 1, 1),
        coordinator="Mona Eide",
    )
    build(
        title="Tromsø: Trygg i eget hjem",
        codes=["5501"],
        stage="consultation",
        today=today,
        start=dt.date(year + 1, 1, 1),
        coordinator="Tor Olsen",
    )
    build(
        title="Bodø: handlingsplan mot vold",
        codes=["1804"],
        stage="initiative",
        today=today,
        start=dt.date(year + 1, 1, 1),
    )
    build(
        title="Trondheim: handlingsplan mot vold i nære relasjoner",
        codes=["5001"],
        stage="mandated",
        today=today,
        start=dt.date(year + 1, 1, 1),
    )
    build(
        title="Kristiansand: handlingsplan mot vold i nære relasjoner",
        codes=["4204"],
        stage="quality_checked",
        today=today,
        start=dt.date(year + 1, 1, 1),
    )
    build(
        title="Drammen: handlingsplan mot vold",
        codes=["3301"],
        stage="adopted",
        today=today,
        start=dt.date(year, 1, 1),
    )
    build(
        title="Fredrikstad: handlingsplan mot vold i nære relasjoner",
        codes=["3107"],
        stage="evaluated",
        today=today,
        start=dt.date(year - 3, 1, 1),
        framework="frihet-fra-vold",
    )
    # Expired: the period ended and no successor was adopted.
    build(
        title="Ålesund: handlingsplan mot vold i nære relasjoner",
        codes=["1508"],
        stage="implementation",
        today=today,
        start=dt.date(year - 5, 1, 1),
    )
    # A revised plan: version 1 superseded by version 2 in implementation.
    hamar = build(
        title="Hamar: handlingsplan mot vold i nære relasjoner",
        codes=["3403"],
        stage="superseded",
        today=today,
        start=dt.date(year - 4, 1, 1),
        years=3,
    )
    if hamar is not None:
        first = hamar.versions.get(number=1)
        build_version(
            hamar,
            2,
            "implementation",
            today,
            dt.date(year - 1, 1, 1),
            4,
            "frihet-fra-vold",
            {},
            list(hamar.municipalities.all()),
            "Kari Nilsen",
            previous=first,
        )
    molde = build(
        title="Molde: handlingsplan mot vold",
        codes=["1506"],
        stage="drafting",
        today=today,
        start=dt.date(year + 1, 1, 1),
    )
    if molde is not None:
        molde.versions.update(status=VersionStatus.WITHDRAWN)
