"""The new-plan page: a searchable checkbox list of municipalities in a fieldset, the
user's own municipality chosen, working without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samvern.plans.models import Plan

CREATE = reverse("plans:create")


def checkboxes(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="municipalities"[^>]*>', html)


def test_the_picker_is_a_fieldset_of_checkboxes_with_the_own_municipality_first_and_chosen(
    client, alice, bergen
):
    client.force_login(alice)
    html = client.get(CREATE).content.decode()
    assert "<select" not in html.split('name="municipalities"')[0][-300:]
    assert "multiple" not in re.search(r'<[^>]*name="municipalities"[^>]*>', html).group(0)
    boxes = checkboxes(html)
    assert len(boxes) == 357
    assert f'value="{bergen.pk}"' in boxes[0] and "checked" in boxes[0]
    assert sum("checked" in box for box in boxes) == 1
    fieldset = re.search(r'<fieldset[^>]*id="id_municipalities".*?</legend>', html, re.S)
    assert fieldset and "Eierkommuner" in fieldset.group(0)
    # Herøy and Våler exist twice: the county tells them apart.
    assert "Herøy (Nordland)" in html and "Herøy (Møre og Romsdal)" in html
    # The filter box is there for the script, hidden until it runs; no inline script.
    assert re.search(
        r'<div class="ds-field choice-filter__box" data-choice-filter-box hidden>', html
    )
    assert 'src="/static/plans/choice_filter.js"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_another_editor_gets_their_own_municipality_chosen(client, charlie, stavanger):
    client.force_login(charlie)
    boxes = checkboxes(client.get(CREATE).content.decode())
    assert f'value="{stavanger.pk}"' in boxes[0] and "checked" in boxes[0]


def test_a_plan_is_created_from_the_checkbox_list(client, alice, bergen):
    client.force_login(alice)
    response = client.post(
        CREATE, {"title": "Handlingsplan", "municipalities": [bergen.pk], "framework": ""}
    )
    assert response.status_code == 302
    assert list(Plan.objects.get().municipalities.all()) == [bergen]


def test_nothing_chosen_is_explained_and_creates_nothing(client, alice):
    client.force_login(alice)
    response = client.post(CREATE, {"title": "Handlingsplan", "framework": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("who", ["bob", "anonymous"])
def test_readers_and_anonymous_users_cannot_create(client, request, bergen, who):
    if who == "bob":
        client.force_login(request.getfixturevalue("bob"))
    response = client.post(
        CREATE, {"title": "Handlingsplan", "municipalities": [bergen.pk], "framework": ""}
    )
    assert response.status_code in {302, 404}
    if who == "bob":
        assert response.status_code == 404
        assert client.get(CREATE).status_code == 404
    assert not Plan.objects.exists()
