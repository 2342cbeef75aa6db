"""The safety plan on paper: a PDF rendered by WeasyPrint from an HTML template, as the
plan documents are (`samvern.plans.documents`).

Paper is lost, forwarded and left on desks, so the PDF holds less than the page: the
person's name and role, never an address, an identity number or a birth date; a person
with a protected address loses phone and e-mail as well, and any part of the protected
address written into the plan's text is replaced. Every page carries the recipient (the
downloading user and the organisation they act for) and the date in its margin boxes.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils.formats import date_format

from samvern.accounts.actor import Actor
from samvern.cases.presenters import present_person
from samvern.core.pdf import html_to_pdf
from samvern.safetyplans.access import PlanAccess
from samvern.safetyplans.models import SafetyPlanVersion
from samvern.safetyplans.presenters import printable


def recipient_line(actor: Actor) -> str:
    user = actor.user
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    organisation = actor.organisation.name if actor.organisation is not None else ""
    return " — ".join(part for part in (organisation, name) if part)


def plan_pdf(
    *, actor: Actor, access: PlanAccess, version: SafetyPlanVersion, day: dt.date
) -> bytes:
    person = present_person(access.person)
    context = {
        "case": access.case,
        "person": person,
        # A protected address keeps the person's contact details off paper too.
        "show_contact": not person.protected_address,
        "version": version,
        "sections": printable(version.plan_content, access.person),
        "recipient": recipient_line(actor),
        "printed_on": date_format(day),
    }
    html = render_to_string("safetyplans/plan_pdf.html", context)
    return html_to_pdf(html)
