"""Who may read the instrument catalogue: people holding a case role in any of their
organisations. Everyone else gets the same 404 as for an instrument that does not exist."""

from __future__ import annotations

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_ROLES
from samvern.risk.catalogue import Instrument, InstrumentNotFound, get_instrument


def can_read_instruments(actor: Actor) -> bool:
    return actor.is_authenticated and actor.holds(*CASE_ROLES)


def access_instrument_catalogue(*, actor: Actor) -> None:
    if not can_read_instruments(actor):
        raise Http404


def access_instrument(*, actor: Actor, key: str, version: str | None = None) -> Instrument:
    access_instrument_catalogue(actor=actor)
    try:
        return get_instrument(key, version)
    except InstrumentNotFound:
        raise Http404 from None
