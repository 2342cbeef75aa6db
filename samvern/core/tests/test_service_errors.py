"""A service's refusal reads the same on every form and in every API answer."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from samvern.api.errors import as_api_error
from samvern.core.forms import attach_service_error, submit


class _Form(forms.Form):
    title = forms.CharField()
    starts_on = forms.DateField(required=False)


def _bound() -> _Form:
    form = _Form(data={"title": "Tiltak"})
    assert form.is_valid()
    return form


def test_a_plain_refusal_goes_to_the_form_as_a_whole():
    form = _bound()
    attach_service_error(form, ValidationError(["First problem.", "Second problem."]))
    assert form.non_field_errors() == ["First problem.", "Second problem."]
    assert not form.errors.get("title")


def test_a_refusal_naming_fields_goes_to_those_fields_and_the_rest_to_the_form():
    form = _bound()
    attach_service_error(
        form,
        ValidationError(
            {
                "starts_on": "The start comes after the end.",
                "budget": "Not a field of this form.",
                "__all__": "The plan is adopted.",
            }
        ),
    )
    assert form.errors["starts_on"] == ["The start comes after the end."]
    assert "budget" not in form.errors
    assert form.non_field_errors() == ["Not a field of this form.", "The plan is adopted."]
    assert not form.is_valid()


def test_the_api_form_of_a_refusal():
    assert as_api_error(ValidationError("Closed.")).detail == {"detail": ["Closed."]}
    fielded = as_api_error(ValidationError({"title": "Too long.", "__all__": ["Adopted."]}))
    assert fielded.detail == {"title": ["Too long."], "detail": ["Adopted."]}


class _Refusing(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        raise ValidationError("The round is closed.")


class _Working(_Refusing):
    def post(self, request: Request) -> Response:
        return Response({"ok": True})


@pytest.mark.parametrize(
    ("view", "status", "body"),
    [
        (_Refusing, 400, {"detail": ["The round is closed."]}),
        (_Working, 200, {"ok": True}),
    ],
)
def test_a_service_refusal_raised_in_an_api_view_is_a_400_with_its_message(view, status, body):
    response = view.as_view()(APIRequestFactory().post("/x/", {}, format="json"))
    assert response.status_code == status
    assert response.data == body


def test_submit_runs_the_service_only_for_a_valid_form_and_shows_its_refusal():
    calls: list[str] = []

    invalid = _Form(data={"title": ""})
    assert not submit(invalid, lambda: calls.append("ran"))
    assert calls == [] and "title" in invalid.errors

    def refuse() -> None:
        calls.append("refused")
        raise ValidationError("The plan is adopted.")

    refused = _Form(data={"title": "Tiltak"})
    assert not submit(refused, refuse)
    assert calls == ["refused"] and refused.non_field_errors() == ["The plan is adopted."]

    accepted = _Form(data={"title": "Tiltak"})
    assert submit(accepted, lambda: calls.append(accepted.cleaned_data["title"]))
    assert calls == ["refused", "Tiltak"] and not accepted.errors
