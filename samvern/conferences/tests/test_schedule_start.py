"""The menu item and start-page panel appear for people who may see conferences only."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.conferences.tests.world import make_schedule_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_schedule_world(today=timezone.localdate())


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", True),
        ("attendee", True),
        ("member", True),
        ("leaver", False),
        ("dpo", False),
        ("outsider", False),
    ],
)
def test_menu_and_panel(world, who, sees):
    client = login(Client(), world.personas()[who])
    body = client.get("/").content.decode()
    list_url = reverse("conferences:list")
    detail = reverse("conferences:detail", args=[world.conference.pk])
    assert (f'href="{list_url}"' in body) is sees
    assert (detail in body) is sees
    series = reverse("conferences:series_add")
    assert (series in body) is (who == "coordinator")


# Who may open each page after a conference, by persona: the organisation's actions and
# the calendar address need a case content role; the statistics any case role in a
# member organisation (the data protection officer included) or the coordination.
FOLLOW_UP = {
    "conferences:my_actions": {"coordinator", "attendee", "member"},
    "conferences:calendar": {"coordinator", "attendee", "member"},
    "conferences:statistics": {"coordinator", "attendee", "member", "dpo"},
}


@pytest.mark.parametrize("who", ["coordinator", "attendee", "member", "leaver", "dpo", "outsider"])
def test_start_page_links_the_follow_up_pages_to_those_they_let_in(world, who):
    client = login(Client(), world.personas()[who])
    body = client.get("/").content.decode()
    for name, allowed in FOLLOW_UP.items():
        url = reverse(name)
        assert (f'href="{url}"' in body) is (who in allowed), name
        if who in allowed:
            assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(("who", "sees"), [("member", True), ("dpo", False), ("outsider", False)])
def test_menu_has_the_organisations_actions_and_marks_only_it_current(world, who, sees):
    client = login(Client(), world.personas()[who])
    actions_url = reverse("conferences:my_actions")
    body = client.get(actions_url if sees else "/").content.decode()
    assert (f'<a class="ds-link" href="{actions_url}" aria-current="page">' in body) is sees
    # The conference list's entry is not also marked current on the actions page.
    list_url = reverse("conferences:list")
    assert f'href="{list_url}" aria-current="page"' not in body
