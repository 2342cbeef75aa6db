"""The trail of one case: "who has seen this case", for its data protection officers and
the partnership's conference coordinators. It lives with the audit-trail pages because it
presents audit events (samvern.trail.presenters); the case page links to it."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samvern.accounts.actor import actor_of
from samvern.cases import services
from samvern.cases.views import case_view
from samvern.trail.paging import keyset_page
from samvern.trail.presenters import ACCESS_LOG_DETAIL_KEYS, present_events


@case_view
def access_log(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access, events = services.read_access_log(actor, case_id)
    page = keyset_page(events, request.GET, per_page=50, count=True)
    # Those who read this page see no case content: only who, when and which kind of read
    # or change, with the few details that name no content.
    rows = present_events(
        page.object_list,
        reader=actor,
        organisation=actor.organisation,
        detail_keys=ACCESS_LOG_DETAIL_KEYS,
    )
    context = {"case": access.case, "grant": access.grant, "page": page, "rows": rows}
    return render(request, "cases/access_log.html", context)
