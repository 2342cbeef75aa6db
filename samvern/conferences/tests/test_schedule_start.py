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
