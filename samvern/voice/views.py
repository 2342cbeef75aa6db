"""Pages of the victim's voice: the case's wishes, consents and advocates; recording a
new version of her wishes; naming and ending an advocate. Thin: access → form → service →
render, in one transaction (`case_view`), refusals recorded."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.cases.access import Need, today
from samvern.cases.selectors import current_participant_organisations
from samvern.cases.services import record_read
from samvern.cases.views import case_view
from samvern.core.forms import submit
from samvern.voice import selectors, services
from samvern.voice.access import access_advocate, access_case_voice, access_exposed_person
from samvern.voice.forms import AdvocateForm, EndAdvocateForm, WishesForm, sharing_initial
from samvern.voice.models import Wishes


@case_view
def case_voice(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    page = services.read_voice(actor_of(request), case_id)
    return render(
        request,
        "voice/case.html",
        {"case": page.access.case, "grant": page.access.grant, "persons": page.persons},
    )


@case_view
def wishes(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_exposed_person(actor, person_id, Need.EDIT)
    day = today()
    organisations = list(current_participant_organisations(case=access.case, day=day))
    current = Wishes.objects.filter(person=access.person).prefetch_related("sharing").first()
    initial: dict[str, object] | None = None
    if current is not None:
        initial = {
            "wants": current.wants,
            "contact_channel": current.contact_channel,
            "contact_note": current.contact_note,
            "sharing_note": current.sharing_note,
            **sharing_initial(
                organisations, [(s.organisation_id, s.kind) for s in current.sharing.all()]
            ),
        }
    form = WishesForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.record_wishes(
            actor=actor, access=access, data=form.wishes_data(), today=day
        ),
    ):
        messages.success(request, _("Her wishes have been recorded."))
        return redirect("voice:case", case_id=access.case.pk)
    record_read(
        actor=actor,
        case=access.case,
        action=services.VOICE_VIEWED,
        target=access.person,
        detail={"via": "page", "form": "wishes"},
    )
    return render(
        request,
        "voice/wishes_form.html",
        {
            "case": access.case,
            "grant": access.grant,
            "person": access.person,
            "form": form,
            "current": current,
        },
    )


@case_view
def advocate(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_case_voice(actor, case_id, Need.EDIT)
    day = today()
    persons = list(selectors.exposed_persons(access.case))
    organisations = list(current_participant_organisations(case=access.case, day=day))
    form = AdvocateForm(
        request.POST if request.method == "POST" else None,
        persons=persons,
        candidates=selectors.advocate_candidates(organisations, day=day),
        initial={"started_on": day},
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.appoint_advocate(
            actor=actor, access=access, data=form.advocate_data(), today=day
        ),
    ):
        messages.success(request, _("The advocate has been named."))
        return redirect("voice:case", case_id=access.case.pk)
    record_read(
        actor=actor,
        case=access.case,
        action=services.VOICE_VIEWED,
        detail={"via": "page", "form": "advocate"},
    )
    return render(
        request,
        "voice/advocate_form.html",
        {"case": access.case, "grant": access.grant, "form": form, "persons": persons},
    )


@case_view
def advocate_end(request: HttpRequest, advocate_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_advocate(actor, advocate_id, Need.EDIT)
    day = today()
    form = EndAdvocateForm(
        request.POST if request.method == "POST" else None, initial={"ended_on": day}
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.end_advocate(
            actor=actor, access=access, ended_on=form.cleaned_data["ended_on"]
        ),
    ):
        messages.success(request, _("The advocate's task has ended."))
        return redirect("voice:case", case_id=access.case.pk)
    record_read(
        actor=actor,
        case=access.case,
        action=services.VOICE_VIEWED,
        target=access.advocate,
        detail={"via": "page", "form": "advocate_end"},
    )
    return render(
        request,
        "voice/advocate_end.html",
        {"case": access.case, "grant": access.grant, "form": form, "advocate": access.advocate},
    )
