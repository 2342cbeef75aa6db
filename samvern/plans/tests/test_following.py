"""Following a public plan by e-mail, through the pages and the daily command."""

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samvern.audit.models import AuditEvent
from samvern.plans import services
from samvern.plans.models import EvaluationKind, PlanFollower, SentReminder
from samvern.plans.tests.helpers import END, adopted, as_actor, new_plan, ready_for_consultation

pytestmark = pytest.mark.django_db

ADDRESS = "innbygger@example.no"


@pytest.fixture
def public(alice, bergen):
    return adopted(alice, new_plan(alice, [bergen], title="Plan for Bergen"), measures=2)


@pytest.fixture
def draft(alice, bergen):
    return ready_for_consultation(alice, new_plan(alice, [bergen], title="Utkast"), measures=1)


def follow_url(version):
    return reverse("plans:follow", args=[version.plan_id])


def sign_up(client, version, email=ADDRESS, **extra):
    return client.post(follow_url(version), {"email": email}, **extra)


def link(mail, name):
    """The path of the link in `mail` that leads to the page `name` ("confirm", "unsubscribe")."""
    found = re.findall(rf"https?://\S+/plans/follow/{name}/\S+/", mail.body)
    assert len(found) == 1, mail.body
    return urlparse(found[0]).path


def confirmed_follower(client, version, mailoutbox, email=ADDRESS):
    sign_up(client, version, email)
    client.post(link(mailoutbox[-1], "confirm"))
    return PlanFollower.objects.get(plan=version.plan, email=email)


def without_csrf(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def audit_of(*actions):
    return AuditEvent.objects.filter(action__in=actions)


def test_the_public_page_has_the_follow_form(client, public):
    page = client.get(reverse("plans:public_plan", args=[public.plan_id])).content.decode()
    form = page[page.index('data-testid="follow-form"') :]
    assert f'action="{follow_url(public)}"' in form
    assert "csrfmiddlewaretoken" in form
    assert "Følg denne planen" in form


def test_signing_up_sends_one_mail_with_a_link_that_confirms_only_by_post(
    client, public, mailoutbox
):
    response = sign_up(client, public)
    assert response.status_code == 302
    assert response.url == reverse("plans:follow_sent", args=[public.plan_id])
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [ADDRESS]
    assert "Plan for Bergen" in mail.subject and "Bekreft" in mail.subject
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    follower = PlanFollower.objects.get()
    assert follower.confirmed_at is None and follower.language == "nb"
    token = link(mail, "confirm").rstrip("/").rsplit("/", 1)[-1]
    assert token not in follower.token_hash and len(follower.token_hash) == 64

    page = client.get(link(mail, "confirm"))  # what a mail scanner does
    assert page.status_code == 200 and "Bekreft" in page.content.decode()
    follower.refresh_from_db()
    assert follower.confirmed_at is None

    confirmed = client.post(link(mail, "confirm"))
    assert 'data-testid="follow-confirmed"' in confirmed.content.decode()
    follower.refresh_from_db()
    assert follower.confirmed_at is not None


def test_a_wrong_token_gives_404_and_changes_nothing(client, public, mailoutbox):
    sign_up(client, public)
    events = AuditEvent.objects.count()
    for token in ("feil", "x" * 43, "a" * 500):
        url = reverse("plans:follow_confirm", args=[token])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert PlanFollower.objects.get().confirmed_at is None
    assert AuditEvent.objects.count() == events


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, public, mailoutbox):
    confirmed_follower(client, public, mailoutbox, email="kjent@example.no")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        known = sign_up(client, public, email="kjent@example.no")
        unknown = sign_up(client, public, email="ukjent@example.no")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    sent = without_csrf(client.get(known.url).content.decode())
    assert sent == without_csrf(client.get(unknown.url).content.decode())
    assert "kjent@example.no" not in sent
    # The follower hears that nothing changed (no new confirmation link); the newcomer gets one.
    to_known = [m for m in mailoutbox if m.to == ["kjent@example.no"]]
    assert len(to_known) == 2 and "/follow/confirm/" not in to_known[1].body
    assert PlanFollower.objects.get(email="kjent@example.no").confirmed_at is not None


def test_repeated_sign_ups_send_at_most_one_mail_an_hour_and_answer_alike(
    client, public, mailoutbox
):
    first = sign_up(client, public)
    again = sign_up(client, public, email=ADDRESS.upper())
    assert first.url == again.url
    assert len(mailoutbox) == 1
    assert PlanFollower.objects.count() == 1
    assert audit_of("plans.follower.signup_limited").count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        sign_up(client, public)
    assert len(mailoutbox) == 2
    # Only the newest link works: the old token's hash was replaced.
    assert client.post(link(mailoutbox[0], "confirm")).status_code == 404
    assert client.post(link(mailoutbox[1], "confirm")).status_code == 200


def test_a_bad_address_gets_a_translated_message_and_nothing_is_sent(client, public, mailoutbox):
    response = sign_up(client, public, email="ikke-en-adresse")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv en hel e-postadresse" in page
    client.cookies["samvern_language"] = "en"
    english = sign_up(client, public, email="ikke-en-adresse")
    assert "Write a whole e-mail address" in english.content.decode()
    assert mailoutbox == [] and not PlanFollower.objects.exists()


def test_the_language_of_the_page_is_the_language_of_the_mails(client, public, mailoutbox):
    client.cookies["samvern_language"] = "en"
    sign_up(client, public)
    assert mailoutbox[0].subject == "Confirm that you follow Plan for Bergen"
    assert PlanFollower.objects.get().language == "en"


def test_a_plan_with_drafts_only_has_no_follow_form_and_refuses_sign_up(
    client, draft, bob, login_as, mailoutbox
):
    assert client.get(reverse("plans:public_plan", args=[draft.plan_id])).status_code == 404
    for visitor in (None, bob):  # anonymous, and a reader of the plan's drafts
        if visitor:
            login_as(visitor)
        assert client.get(follow_url(draft)).status_code == 404
        assert sign_up(client, draft).status_code == 404
        assert client.get(reverse("plans:follow_sent", args=[draft.plan_id])).status_code == 404
    assert mailoutbox == [] and not PlanFollower.objects.exists()
    assert not audit_of("plans.follower.signed_up").exists()


def test_unsubscribing_shows_a_button_and_deletes_the_follower(client, public, mailoutbox):
    follower = confirmed_follower(client, public, mailoutbox)
    url = link(mailoutbox[0], "unsubscribe")
    assert client.get(url).status_code == 200
    assert PlanFollower.objects.filter(pk=follower.pk).exists()
    done = client.post(url)
    assert 'data-testid="follow-unsubscribed"' in done.content.decode()
    assert not PlanFollower.objects.exists()
    # The link keeps answering, and a forged one is refused.
    assert client.post(url).status_code == 200
    forged = url.replace(url.rstrip("/").rsplit("/", 1)[-1], "forfalsket")
    assert client.post(forged).status_code == 404


def test_one_click_unsubscribe_works_without_a_csrf_token(public, mailoutbox, client):
    from django.test import Client

    confirmed_follower(client, public, mailoutbox)
    strict = Client(enforce_csrf_checks=True)
    url = urlparse(mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")).path
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not PlanFollower.objects.exists()


def test_sign_up_needs_the_csrf_token(public, mailoutbox):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(follow_url(public), {"email": ADDRESS}).status_code == 403
    assert mailoutbox == []


def test_the_audit_trail_records_each_step_without_the_address(client, public, mailoutbox):
    follower = confirmed_follower(client, public, mailoutbox)
    client.post(link(mailoutbox[0], "unsubscribe"))
    events = list(
        audit_of(
            "plans.follower.signed_up", "plans.follower.confirmed", "plans.follower.unsubscribed"
        ).order_by("id")
    )
    assert [e.action for e in events] == [
        "plans.follower.signed_up",
        "plans.follower.confirmed",
        "plans.follower.unsubscribed",
    ]
    for event in events:
        assert event.actor_id == "" and event.actor_label == "system"
        assert event.target_id == str(follower.pk)
        assert event.detail["plan"] == str(public.plan_id)
        assert "innbygger" not in str(event.detail) + event.target_id + event.target_type


# --- Notices ------------------------------------------------------------------------------


def close_a_round(alice, version):
    today = timezone.localdate()
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=today
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    services.close_reporting_round(actor=as_actor(alice), round=round_)
    return round_


def notify(today):
    call_command("notify_plan_followers", today=today.isoformat())


def test_a_closed_round_is_told_to_confirmed_followers_only_and_only_once(
    client, alice, public, mailoutbox
):
    follower = confirmed_follower(client, public, mailoutbox, email="bekreftet@example.no")
    sign_up(client, public, email="ubekreftet@example.no")
    mailoutbox.clear()
    close_a_round(alice, public)
    today = timezone.localdate()
    notify(today)
    assert [m.to for m in mailoutbox] == [["bekreftet@example.no"]]
    notice = mailoutbox[0]
    assert "Ny statusrapport" in notice.subject and "Plan for Bergen" in notice.subject
    assert reverse("plans:public_plan", args=[public.plan_id]) in notice.body
    assert link(notice, "unsubscribe") in notice.extra_headers["List-Unsubscribe"]
    assert "Vår" not in notice.body  # only what the public page shows
    notify(today)
    assert len(mailoutbox) == 1
    assert SentReminder.objects.filter(key__startswith=f"follow:{follower.pk}:").count() == 1


def test_a_completed_evaluation_is_told_in_the_followers_language(
    client, alice, public, mailoutbox
):
    client.cookies["samvern_language"] = "en"
    confirmed_follower(client, public, mailoutbox)
    mailoutbox.clear()
    today = timezone.localdate()
    services.save_evaluation(
        actor=as_actor(alice),
        version=public,
        kind=EvaluationKind.MIDTERM,
        summary="Internt sammendrag",
        complete_on=today,
    )
    notify(today)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Evaluation completed: Plan for Bergen"
    assert "mid-term evaluation" in mailoutbox[0].body
    assert "Internt sammendrag" not in mailoutbox[0].body


def test_the_expiry_is_told_once_on_the_day_given(client, public, mailoutbox):
    confirmed_follower(client, public, mailoutbox)
    mailoutbox.clear()
    notify(END)
    assert mailoutbox == []  # the period's last day: not expired yet
    notify(END + dt.timedelta(days=1))
    assert len(mailoutbox) == 1 and "utløpt" in mailoutbox[0].subject
    notify(END + dt.timedelta(days=5))
    assert len(mailoutbox) == 1


def test_followers_hear_nothing_of_what_happened_before_they_confirmed(
    client, alice, public, mailoutbox
):
    close_a_round(alice, public)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        confirmed_follower(client, public, mailoutbox)
        mailoutbox.clear()
        notify(timezone.localdate())
    assert mailoutbox == []


def test_unsubscribed_followers_get_no_notices_and_leave_no_records(
    client, alice, public, mailoutbox
):
    close_a_round(alice, public)
    confirmed_follower(client, public, mailoutbox)
    notify(timezone.localdate())
    client.post(link(mailoutbox[0], "unsubscribe"))
    assert not SentReminder.objects.filter(key__startswith="follow:").exists()
    mailoutbox.clear()
    notify(END + dt.timedelta(days=1))
    assert mailoutbox == []


def test_unconfirmed_sign_ups_are_deleted_after_a_week(client, public, mailoutbox):
    sign_up(client, public, email="gammel@example.no")
    confirmed_follower(client, public, mailoutbox)
    today = timezone.localdate()
    notify(today + dt.timedelta(days=7))
    assert PlanFollower.objects.count() == 2
    # The link has run out even before the command deletes the row.
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, hours=1)):
        assert client.get(link(mailoutbox[0], "confirm")).status_code == 404
    notify(today + dt.timedelta(days=8))
    assert list(PlanFollower.objects.values_list("email", flat=True)) == [ADDRESS]
    deleted = audit_of("plans.follower.pending_deleted").get()
    assert deleted.detail["count"] == 1 and "gammel" not in str(deleted.detail)


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("notify_plan_followers", today="31.12.2030")


# --- Query budgets ------------------------------------------------------------------------


def test_the_follow_pages_stay_within_their_query_budgets(
    client, public, mailoutbox, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert client.get(follow_url(public)).status_code == 200
    with django_assert_max_num_queries(18):
        sign_up(client, public)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("plans:follow_sent", args=[public.plan_id])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(link(mailoutbox[0], "confirm")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(link(mailoutbox[0], "unsubscribe")).status_code == 200


def test_one_client_address_gets_a_limited_number_of_sign_ups(client, public, mailoutbox, settings):
    settings.SAMVERN_FOLLOW_SIGNUPS_PER_HOUR = 2
    for n in range(2):
        assert sign_up(client, public, f"nr{n}@example.no").status_code == 302
    assert len(mailoutbox) == 2
    # A third address from the same client is refused, with a message, and nothing is sent
    # or stored; a made-up forwarded address does not give a fresh allowance.
    for extra in ({}, {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}):
        refused = sign_up(client, public, "nr3@example.no", **extra)
        assert refused.status_code == 429
        assert "For mange påmeldinger" in refused.content.decode()
    assert len(mailoutbox) == 2
    assert not PlanFollower.objects.filter(email="nr3@example.no").exists()
    # Another client address is not held back by the first one's sign-ups.
    other = sign_up(client, public, "nr3@example.no", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302 and len(mailoutbox) == 3
