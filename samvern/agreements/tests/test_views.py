"""Agreement pages: every route for every persona, refused writes, the diff and sign-off
pages, and constant query counts for the list."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.agreements import services
from samvern.agreements.models import Document, DocumentKind, DocumentVersion, SignOff
from samvern.agreements.tests.conftest import TODAY, actor
from samvern.audit.models import AuditEvent

PERSONAS = ["hanne", "helga", "siv", "nina", "otto", "anonymous"]


@pytest.fixture
def world(agreement, protocol, hanne):
    """The agreement's version 1 in force and a draft of version 2."""
    services.put_in_force(actor=actor(hanne), version=agreement.versions.get(), on=TODAY)
    services.save_draft(
        actor=actor(hanne),
        document=agreement,
        text=(
            "# Samarbeidsavtale\n\nPartene deler kunnskap om vold i nære relasjoner.\n\n"
            "Politiet kaller inn til møte annenhver uke.\n\nAvtalen gjelder i to år."
        ),
        change_note="Hyppigere møter",
    )
    return agreement


def client_for(request, client, who):
    if who != "anonymous":
        login(client, request.getfixturevalue(who))
    return client


def routes(partnership, document):
    p, d = partnership.pk, document.pk
    return {
        "list": reverse("agreements:list", args=[p]),
        "create": reverse("agreements:create", args=[p]),
        "detail": reverse("agreements:detail", args=[p, d]),
        "version": reverse("agreements:version", args=[p, d, 1]),
        "diff": reverse("agreements:diff", args=[p, d]),
        "edit": reverse("agreements:edit", args=[p, d]),
        "draft": reverse("agreements:draft", args=[p, d]),
        "sign": reverse("agreements:sign", args=[p, d]),
    }


MEMBERS = {"hanne", "helga", "siv", "nina"}
# Who gets the page (200); everyone else signed in gets 404, the anonymous a login redirect.
ALLOWED = {
    "list": MEMBERS,
    "detail": MEMBERS,
    "version": MEMBERS,
    "diff": MEMBERS,
    "create": {"hanne"},
    "edit": {"hanne"},
    "draft": {"hanne"},
    # Signers: the crisis centre's administrator and the ward's contact person.
    "sign": {"siv", "helga"},
}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("route", list(ALLOWED))
def test_access_matrix(request, client, world, partnership, who, route):
    client = client_for(request, client, who)
    response = client.get(routes(partnership, world)[route])
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif who in ALLOWED[route]:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_the_owner_person_edits_their_own_document_only(
    client, world, protocol, partnership, helga
):
    login(client, helga)
    assert (
        client.get(reverse("agreements:draft", args=[partnership.pk, protocol.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("agreements:edit", args=[partnership.pk, protocol.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("agreements:draft", args=[partnership.pk, world.pk])).status_code == 404
    )


def test_an_outsider_gets_the_same_404_as_for_nothing(client, world, partnership, otto):
    login(client, otto)
    real = client.get(reverse("agreements:detail", args=[partnership.pk, world.pk]))
    missing = client.get(reverse("agreements:detail", args=[partnership.pk, uuid.uuid4()]))
    nowhere = client.get(reverse("agreements:list", args=[uuid.uuid4()]))
    assert real.status_code == missing.status_code == nowhere.status_code == 404
    assert real.content == missing.content == nowhere.content


def snapshot():
    return (
        list(Document.objects.order_by("pk").values_list("title", "review_on")),
        list(DocumentVersion.objects.order_by("pk").values_list("number", "status", "text")),
        SignOff.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("who", ["nina", "otto", "helga", "siv"])
def test_refused_writes_change_nothing(request, client, world, partnership, who):
    client = client_for(request, client, who)
    before = snapshot()
    urls = routes(partnership, world)
    posts = [
        (urls["create"], {"kind": "protocol", "title": "X", "text": "Y"}),
        (urls["edit"], {"title": "Kapret", "review_on": "2030-01-01"}),
        (urls["draft"], {"text": "Kapret"}),
        (reverse("agreements:put_in_force", args=[partnership.pk, world.pk, 2]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    assert snapshot() == before


def test_a_reader_cannot_sign(client, world, partnership, nina, shelter):
    login(client, nina)
    before = snapshot()
    response = client.post(
        reverse("agreements:sign", args=[partnership.pk, world.pk]),
        {"organisation": shelter.pk, "confirm": "on"},
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_signing_through_the_page(client, world, partnership, siv, shelter):
    login(client, siv)
    url = reverse("agreements:sign", args=[partnership.pk, world.pk])
    page = client.get(url)
    assert "Samarbeidsavtale" in page.content.decode()
    # Without the confirmation nothing is signed.
    assert client.post(url, {"organisation": shelter.pk}).status_code == 400
    assert not SignOff.objects.exists()
    response = client.post(url, {"organisation": shelter.pk, "confirm": "on"})
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert (signoff.organisation, signoff.signed_by, signoff.version.number) == (shelter, siv, 1)
    # Signed: the page is gone for her.
    assert client.get(url).status_code == 404


def test_the_document_page_flags_the_unsigned_partners(client, world, partnership, nina):
    login(client, nina)
    html = client.get(
        reverse("agreements:detail", args=[partnership.pk, world.pk])
    ).content.decode()
    assert "Vest politidistrikt" in html and "Legevakten i Bergen" in html
    assert "3 partners have not signed" in html or "3 partnere har ikke signert" in html


def test_the_partnership_list_flags_the_document_past_review(
    client, world, protocol, partnership, nina
):
    login(client, nina)
    html = client.get(reverse("agreements:list", args=[partnership.pk])).content.decode()
    flagged = html.split('data-testid="flagged"')[1].split("</section>")[0]
    assert protocol.title in flagged and world.title in flagged


def test_the_diff_page_shows_the_changed_paragraph(client, world, partnership, nina):
    login(client, nina)
    response = client.get(reverse("agreements:diff", args=[partnership.pk, world.pk]))
    diff = response.content.decode().split('data-testid="diff"')[1]
    changed = diff.split('class="diff-change diff-changed"')[1].split("</div>\n  \n")[0]
    assert "Politiet kaller inn til møte hver måned." in changed
    assert "Politiet kaller inn til møte annenhver uke." in changed
    assert "Avtalen gjelder i to år." not in changed


def test_the_page_never_shows_injected_html(client, partnership, hanne, police):
    document = services.create_document(
        actor=actor(hanne),
        partnership=partnership,
        kind=DocumentKind.ROUTINE,
        title="Rutine",
        owner_organisation=police,
        owner_person=None,
        review_on=TODAY,
        text='Hei <script>alert("x")</script><img src=x onerror=alert(1)>',
        on=TODAY,
    )
    login(client, hanne)
    html = client.get(
        reverse("agreements:detail", args=[partnership.pk, document.pk])
    ).content.decode()
    text = html.split('data-testid="document-text"')[1].split("</section>")[0]
    assert "<script" not in text and "onerror" not in text


def test_the_coordinator_writes_a_version_and_puts_it_in_force(client, world, partnership, hanne):
    login(client, hanne)
    response = client.post(
        reverse("agreements:put_in_force", args=[partnership.pk, world.pk, 2]), follow=True
    )
    assert response.status_code == 200
    assert world.versions.get(number=2).status == "in_force"
    assert world.versions.get(number=1).status == "replaced"


def test_bad_input_is_refused_with_a_message(client, world, partnership, hanne):
    login(client, hanne)
    before = snapshot()
    response = client.post(
        reverse("agreements:draft", args=[partnership.pk, world.pk]), {"text": "  "}
    )
    assert response.status_code == 400
    assert snapshot() == before


def make_documents(partnership, hanne, police, n):
    for i in range(n):
        document = services.create_document(
            actor=actor(hanne),
            partnership=partnership,
            kind=[DocumentKind.AGREEMENT, DocumentKind.PROTOCOL, DocumentKind.ROUTINE][i % 3],
            title=f"Dokument {i:02d}",
            owner_organisation=police,
            owner_person=hanne,
            review_on=TODAY,
            text="Tekst",
            on=TODAY,
        )
        if i % 2:
            services.put_in_force(actor=actor(hanne), version=document.versions.get(), on=TODAY)


def count_list_queries(client, partnership):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("agreements:list", args=[partnership.pk])).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_documents(client, partnership, hanne, police):
    login(client, hanne)
    make_documents(partnership, hanne, police, 2)
    two = count_list_queries(client, partnership)
    make_documents(partnership, hanne, police, 18)
    assert count_list_queries(client, partnership) == two
