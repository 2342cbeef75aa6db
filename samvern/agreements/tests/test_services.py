"""Versions, sign-off and flags: the rules of agreements."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samvern.agreements import selectors, services
from samvern.agreements.models import DocumentVersion, SignOff, VersionStatus
from samvern.agreements.tests.conftest import TODAY, actor
from samvern.audit.models import AuditEvent
from samvern.plans.models import Measure, MeasureLevel, Plan, PlanVersion


def in_force_signed_by_all(document, hanne, paal, siv, helga, police, shelter, ward):
    version = document.versions.get(number=1)
    services.put_in_force(actor=actor(hanne), version=version, on=TODAY)
    for user, org in ((paal, police), (siv, shelter), (helga, ward)):
        services.sign_off(actor=actor(user), version=version, organisation=org, on=TODAY)
    return version


def row_of(document, on=TODAY):
    return selectors.document_row(document, on=on)


def test_a_document_signed_by_every_partner_is_up_to_date(
    agreement, hanne, paal, siv, helga, police, shelter, ward
):
    in_force_signed_by_all(agreement, hanne, paal, siv, helga, police, shelter, ward)
    row = row_of(agreement)
    assert row.signed_by_all and row.up_to_date and not row.flagged


def test_a_new_version_in_force_needs_fresh_sign_off(
    agreement, hanne, paal, siv, helga, police, shelter, ward
):
    first = in_force_signed_by_all(agreement, hanne, paal, siv, helga, police, shelter, ward)
    draft = services.save_draft(
        actor=actor(hanne), document=agreement, text="Ny tekst.", change_note="Kortere"
    )
    assert draft.number == 2
    # A draft changes nothing for the version in force.
    assert row_of(agreement).up_to_date
    later = TODAY + dt.timedelta(days=10)
    services.put_in_force(actor=actor(hanne), version=draft, on=later)
    row = row_of(agreement, on=later)
    assert row.in_force.pk == draft.pk
    assert {org.pk for org in row.unsigned} == {police.pk, shelter.pk, ward.pk}
    assert row.flagged
    first.refresh_from_db()
    assert first.status == VersionStatus.REPLACED and first.replaced_on == later
    # The old sign-offs stay with the old version; read on the earlier day it was signed.
    assert first.signoffs.count() == 3
    assert row_of(agreement, on=TODAY).up_to_date
    services.sign_off(actor=actor(siv), version=draft, organisation=shelter, on=later)
    assert {org.pk for org in row_of(agreement, on=later).unsigned} == {police.pk, ward.pk}


def test_an_unsigned_partner_is_flagged_on_the_document_and_the_partnership_list(
    agreement, partnership, hanne, paal, siv, police, shelter, ward
):
    version = agreement.versions.get()
    services.put_in_force(actor=actor(hanne), version=version, on=TODAY)
    services.sign_off(actor=actor(paal), version=version, organisation=police, on=TODAY)
    services.sign_off(actor=actor(siv), version=version, organisation=shelter, on=TODAY)
    row = row_of(agreement)
    assert [org.pk for org in row.unsigned] == [ward.pk]
    assert row.flagged and not row.past_review
    assert [r.document.pk for r in selectors.flagged_rows(partnership, on=TODAY)] == [agreement.pk]


def test_a_document_past_its_review_date_is_flagged(protocol, partnership, hanne):
    # The protocol's review date (1 May 2027) has passed on 15 June 2027.
    row = row_of(protocol)
    assert row.past_review and row.flagged
    assert row_of(protocol, on=dt.date(2027, 4, 30)).past_review is False
    summary = selectors.agreement_summary(partnership, on=TODAY)
    assert summary.documents == 1 and summary.past_review == 1 and summary.in_force == 0


def test_the_summary_counts_documents_for_the_indicators(
    agreement, protocol, partnership, hanne, paal, siv, helga, police, shelter, ward
):
    in_force_signed_by_all(agreement, hanne, paal, siv, helga, police, shelter, ward)
    services.put_in_force(actor=actor(hanne), version=protocol.versions.get(), on=TODAY)
    summary = selectors.agreement_summary(partnership, on=TODAY)
    assert summary == selectors.AgreementSummary(
        documents=2, in_force=2, signed_by_all=1, up_to_date=1, past_review=1, unsigned_partners=3
    )


@pytest.mark.parametrize("who", ["nina", "sofie", "otto", "hanne"])
def test_only_someone_with_the_authority_signs_and_a_refusal_changes_nothing(
    request, agreement, hanne, shelter, who
):
    version = agreement.versions.get()
    services.put_in_force(actor=actor(hanne), version=version, on=TODAY)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.sign_off(
            actor=actor(request.getfixturevalue(who)),
            version=version,
            organisation=shelter,
            on=TODAY,
        )
    assert not SignOff.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_contact_person_signs_for_their_organisation(agreement, hanne, helga, ward):
    version = agreement.versions.get()
    services.put_in_force(actor=actor(hanne), version=version, on=TODAY)
    signoff = services.sign_off(actor=actor(helga), version=version, organisation=ward, on=TODAY)
    assert (signoff.signed_by, signoff.signed_on, signoff.version) == (helga, TODAY, version)
    event = AuditEvent.objects.get(action="agreements.signoff.recorded")
    assert event.target_id == str(signoff.pk)
    with pytest.raises(ValidationError):
        services.sign_off(actor=actor(helga), version=version, organisation=ward, on=TODAY)


def test_a_draft_cannot_be_signed(agreement, siv, shelter):
    with pytest.raises(ValidationError):
        services.sign_off(
            actor=actor(siv), version=agreement.versions.get(), organisation=shelter, on=TODAY
        )
    assert not SignOff.objects.exists()


def test_only_a_draft_is_put_in_force(agreement, hanne):
    version = agreement.versions.get()
    services.put_in_force(actor=actor(hanne), version=version, on=TODAY)
    with pytest.raises(ValidationError):
        services.put_in_force(actor=actor(hanne), version=version, on=TODAY)


def test_a_reader_cannot_write_and_nothing_changes(agreement, nina):
    with pytest.raises(ValidationError):
        services.save_draft(actor=actor(nina), document=agreement, text="Kapret")
    assert list(DocumentVersion.objects.values_list("number", flat=True)) == [1]
    assert agreement.versions.get().text.startswith("# Samarbeidsavtale")


def test_the_owner_person_may_write_the_draft(protocol, helga):
    draft = services.save_draft(actor=actor(helga), document=protocol, text="Ny ordlyd.")
    assert draft.number == 1 and draft.text == "Ny ordlyd."
    assert AuditEvent.objects.filter(action="agreements.draft.saved").count() == 1


def test_every_write_is_audited(agreement, hanne, paal, siv, helga, police, shelter, ward):
    in_force_signed_by_all(agreement, hanne, paal, siv, helga, police, shelter, ward)
    services.update_document(
        actor=actor(hanne),
        document=agreement,
        title="Ny tittel",
        owner_organisation=police,
        owner_person=None,
        review_on=dt.date(2029, 1, 1),
        on=TODAY,
    )
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "agreements.document.created",
        "agreements.version.put_in_force",
        "agreements.signoff.recorded",
        "agreements.signoff.recorded",
        "agreements.signoff.recorded",
        "agreements.document.updated",
    ]


def make_measures(bergen, stavanger):
    plan = Plan.objects.create(title="Handlingsplan Bergen")
    plan.municipalities.set([bergen])
    version = PlanVersion.objects.create(plan=plan, title="Handlingsplan Bergen")
    routine = Measure.objects.create(
        version=version, number=1, title="Rutine ved mistanke", level=MeasureLevel.ROUTINES
    )
    help_offer = Measure.objects.create(
        version=version, number=2, title="Krisesenter", level=MeasureLevel.HELP
    )
    other = Plan.objects.create(title="Handlingsplan Stavanger")
    other.municipalities.set([stavanger])
    elsewhere = Measure.objects.create(
        version=PlanVersion.objects.create(plan=other, title="Stavanger"),
        number=1,
        title="Rutine i Stavanger",
        level=MeasureLevel.ROUTINES,
    )
    return routine, help_offer, elsewhere


def test_a_protocol_links_only_routine_measures_of_the_area(protocol, hanne, bergen, stavanger):
    routine, help_offer, elsewhere = make_measures(bergen, stavanger)
    services.link_measures(actor=actor(hanne), document=protocol, measures=[routine])
    assert list(protocol.measures.all()) == [routine]
    for wrong in (help_offer, elsewhere):
        with pytest.raises(ValidationError):
            services.link_measures(actor=actor(hanne), document=protocol, measures=[wrong])
    assert list(protocol.measures.all()) == [routine]


def test_a_cooperation_agreement_is_not_linked_to_measures(agreement, hanne, bergen, stavanger):
    routine, _, _ = make_measures(bergen, stavanger)
    with pytest.raises(ValidationError):
        services.link_measures(actor=actor(hanne), document=agreement, measures=[routine])


def test_the_measure_links_show_the_protocol_to_members_only(
    protocol, hanne, nina, otto, bergen, stavanger
):
    from samvern.plans.extensions import measure_links

    routine, help_offer, _ = make_measures(bergen, stavanger)
    services.link_measures(actor=actor(hanne), document=protocol, measures=[routine])
    links = measure_links(actor(nina), [routine, help_offer])
    assert [link.label for link in links[routine.pk]] == [protocol.title]
    assert links[help_offer.pk] == []
    assert measure_links(actor(otto), [routine])[routine.pk] == []
    assert measure_links(None, [routine])[routine.pk] == []
