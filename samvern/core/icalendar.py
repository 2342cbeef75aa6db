"""iCalendar (RFC 5545) text for the calendar feeds of the apps that have one (risk
conferences, the partnership's bodies): events with a date or a start and end time, text
escaped and lines folded as the standard writes them. What an event says is the calling
app's decision; feeds leave the system, so they should say as little as they can."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    url: str
    # A date gives an all-day entry (shown as free time); datetimes are written in UTC.
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    location: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) writes it."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded to at most 75 octets a line (RFC 5545, 3.1), never inside
    a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _event_lines(event: CalendarEvent, stamp: str) -> Iterable[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{escape_text(event.uid)}"
    yield f"DTSTAMP:{stamp}"
    if isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime):
        yield f"DTSTART:{_utc(event.start)}"
        yield f"DTEND:{_utc(event.end)}"
    else:
        yield f"DTSTART;VALUE=DATE:{_date(event.start)}"
        yield f"DTEND;VALUE=DATE:{_date(event.end)}"
        yield "TRANSP:TRANSPARENT"
    yield f"SUMMARY:{escape_text(event.summary)}"
    if event.description:
        yield f"DESCRIPTION:{escape_text(event.description)}"
    yield f"URL:{event.url}"
    if event.location:
        yield f"LOCATION:{escape_text(event.location)}"
    yield "CLASS:PRIVATE"
    yield "END:VEVENT"


def render_calendar(
    events: Iterable[CalendarEvent], *, now: dt.datetime, name: str, prodid: str
) -> str:
    """The iCalendar text of `events` (CRLF line ends, folded), stamped `now`, with the
    calendar's display name and product identifier."""
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
