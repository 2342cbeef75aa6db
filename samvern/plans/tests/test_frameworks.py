"""The shipped national frameworks: what has been checked against a published source stays
as it was checked (see the source notes at the top of each file), and the new-plan page
offers every shipped framework."""

from __future__ import annotations

import re

from django.urls import reverse

from samvern.plans import catalogues


def test_the_sami_area_of_frihet_fra_vold_keeps_its_checked_title():
    # Checked on 2026-12-03 against the sources named in frihet-fra-vold.yaml.
    framework = catalogues.load_frameworks()["frihet-fra-vold"]
    area = framework.area("samiske-samfunn")
    assert area is not None
    assert area.title_text["nb"] == (
        "Bedre forebygging og bekjempelse av vold og overgrep i samiske samfunn"
    )
    assert len(framework.areas) == 6  # the plan has six innsatsområder


def test_the_new_plan_page_offers_every_shipped_framework(client, alice):
    client.force_login(alice)
    html = client.get(reverse("plans:create")).content.decode()
    select = re.search(r'<select[^>]*name="framework".*?</select>', html, re.S)
    assert select
    offered = set(re.findall(r'<option value="([^"]+)"', select.group(0)))
    assert offered == set(catalogues.load_frameworks())
