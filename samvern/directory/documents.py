"""The directory as a one-page list for frontline workers (PDF, WeasyPrint with a system
font as the plan documents) and as CSV, safe to open in a spreadsheet program."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.core.pdf import html_to_pdf
from samvern.directory.models import Service
from samvern.partnerships.models import Partnership

CSV_SEPARATOR = ";"


def safe_cell(value: object) -> str:
    """Spreadsheet programs run cells that start with these characters as formulas."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def print_context(
    partnership: Partnership, services: Iterable[Service], *, today: dt.date
) -> dict[str, object]:
    return {
        "partnership": partnership,
        "services": list(services),
        "printed_on": date_format(today),
    }


def directory_pdf(context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string("directory/print_pdf.html", context))


def csv_columns() -> list[str]:
    return [
        _("Name"),
        _("Kind of service"),
        _("Provider"),
        _("What it offers"),
        _("Target groups"),
        _("Languages"),
        _("Opening hours"),
        _("Phone"),
        _("E-mail"),
        _("Address"),
        _("Website"),
        _("Appointment needed"),
        _("Municipalities served"),
        _("Capacity (what is counted)"),
        _("Capacity available"),
        _("Capacity updated on"),
        _("Checked on"),
        _("Active"),
    ]


def csv_text(services: Iterable[Service]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(csv_columns())
    yes, no = _("Yes"), _("No")
    for service in services:
        writer.writerow(
            [
                safe_cell(service.name),
                service.get_kind_display(),
                safe_cell(service.provider),
                safe_cell(service.offers),
                ", ".join(service.target_group_labels),
                safe_cell(service.languages),
                safe_cell(service.opening_hours),
                safe_cell(service.phone),
                safe_cell(service.email),
                safe_cell(service.address),
                safe_cell(service.website),
                yes if service.appointment_needed else no,
                ", ".join(m.name for m in service.municipalities.all()),
                safe_cell(service.capacity_label),
                "" if service.capacity_free is None else str(service.capacity_free),
                service.capacity_updated_on.isoformat() if service.capacity_updated_on else "",
                service.checked_on.isoformat() if service.checked_on else "",
                yes if service.is_active else no,
            ]
        )
    return out.getvalue()
