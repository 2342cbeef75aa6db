"""Reads of the instrument catalogue for pages, always given the actor."""

from __future__ import annotations

from dataclasses import dataclass

from samvern.accounts.actor import Actor
from samvern.risk.access import access_instrument_catalogue
from samvern.risk.catalogue import Instrument, all_instruments
from samvern.risk.definitions import Subject


@dataclass(frozen=True)
class InstrumentEntry:
    latest: Instrument
    older: tuple[Instrument, ...]


@dataclass(frozen=True)
class SubjectGroup:
    subject: Subject
    entries: tuple[InstrumentEntry, ...]


def instrument_catalogue(*, actor: Actor) -> list[SubjectGroup]:
    """Valid instruments grouped by subject; per key the newest version and older ones,
    which stay readable because stored assessments refer to them."""
    access_instrument_catalogue(actor=actor)
    by_key: dict[str, list[Instrument]] = {}
    for instrument in all_instruments():  # newest version first within a key
        by_key.setdefault(instrument.key, []).append(instrument)
    groups = []
    for subject in Subject:
        entries = tuple(
            InstrumentEntry(latest=versions[0], older=tuple(versions[1:]))
            for versions in by_key.values()
            if versions[0].subject == subject
        )
        groups.append(SubjectGroup(subject=subject, entries=entries))
    return groups


def other_versions(*, actor: Actor, instrument: Instrument) -> list[Instrument]:
    access_instrument_catalogue(actor=actor)
    return [
        candidate
        for candidate in all_instruments()
        if candidate.key == instrument.key and candidate.version != instrument.version
    ]
