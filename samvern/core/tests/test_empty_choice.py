"""A select without a choice made reads "—" everywhere, also where it lists database
objects (a partnership, an organisation, a municipality), never Django's "---------"."""

import pytest
from django import forms
from django.test import Client

from samvern.accounts.models import Organisation
from samvern.accounts.testing import login
from samvern.core.forms import StyledForm


class _Form(StyledForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all())
    optional = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    named = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="(nobody)"
    )


@pytest.mark.django_db
def test_a_database_choice_starts_with_a_dash():
    html = str(_Form())
    assert "---------" not in html
    assert html.count('<option value="" selected>—</option>') == 2
    assert '<option value="" selected>(nobody)</option>' in html


@pytest.mark.django_db
def test_the_referral_form_has_no_django_dashes(settings, tmp_path):
    from samvern.cases.tests.conftest import make_world

    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    world = make_world()
    page = login(Client(), world.referrer).get("/cases/refer/").content.decode()
    assert "---------" not in page
