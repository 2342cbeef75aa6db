"""The declared order of Samvern's apps: an app imports only apps below it in this list.

`samvern/core/tests/test_layers.py` reads every application module and fails when an app
imports one above it (at module level, inside a function or for type checking alike),
when an app is missing from this list, or when modules import each other in a circle.
A new app declares its floor by taking its place here: above everything it uses, below
everything that uses it.
"""

from __future__ import annotations

LAYERS: tuple[str, ...] = (
    # Base model, forms, numbers, limits, start-page and menu registry, demo orchestration.
    "core",
    # The DRF kit (authentication, pagination, negotiation, errors); it mounts each app's
    # `api_urlpatterns` by convention, without importing the apps.
    "api",
    # The audit writer: AuditEvent, audit_log(), the chain, action labels. Every app may
    # record events.
    "audit",
    "places",
    "accounts",
    # Instrument files and the pure scoring engine.
    "risk",
    "plans",
    # Coverage and open data: reads plans and places, never the case layer (see NEVER).
    "overview",
    "partnerships",
    # The partnership layer (C): no case data, no personal data about people exposed.
    # The service directory; training and competence; agreements, protocols and routines
    # with sign-off; the partners' yearly survey; governance (steering bodies, meetings,
    # decisions, commitments) with the onboarding page, indicators and annual report that
    # read all of them.
    "directory",
    "training",
    "agreements",
    "surveys",
    "governance",
    "cases",
    # Follow-through around the case: the outreach queue after a police notice; protective
    # measures, custody release and reassessment dates; the victim's wishes and advocate;
    # programmes for the person using violence.
    "outreach",
    "protection",
    "voice",
    "programmes",
    # Safety plans per person exposed: versioned case content.
    "safetyplans",
    # Agency duty checklists: versioned template files and the checklists made from them.
    "checklists",
    # Multi-agency risk conferences: schedule, agenda, attendance, confidentiality,
    # research, minutes, action points, calendar feeds and partnership statistics.
    "conferences",
    # The audit trail's pages and API (the read side of audit): they show what an event
    # is about with the access rules of every app below.
    "trail",
    # Fictional national-scale data for the benchmark: writes the rows of every app below.
    "synthetic",
)

# Imports that the order alone would allow but that are refused all the same. The overview
# publishes figures and open data: it never reaches the case layer (a privacy guarantee),
# not even the risk instruments below it. Apps named here that do not exist yet
# (conferences, tasking) are refused in advance.
NEVER: dict[str, frozenset[str]] = {
    "overview": frozenset(
        {
            "partnerships",
            "risk",
            "cases",
            "outreach",
            "protection",
            "voice",
            "programmes",
            "conferences",
            "tasking",
        }
    ),
}
