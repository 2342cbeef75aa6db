"""What a safety plan says: its sections as typed, frozen values, stored as JSON.

A version's `content` is the JSON form of one `PlanContent`, checked against the JSON
Schema built here (`SCHEMA`) whenever it is read or written, so a stored plan always has
the shape the pages, the PDF, the API and the comparison expect. The sections:

- contact: how and when it is safe to make contact, what to avoid, an agreed signal;
- places: safe places, safe people, leaving in a hurry;
- alarms: the personal alarm (its status, who issued it and when), other alarms and the
  emergency numbers;
- orders: restraining and barring orders and their status;
- digital: devices, accounts, location sharing, tracking checked;
- children: school or kindergarten, pick-up, contact with the other parent;
- agencies: what each organisation taking part in the case will do.

Organisations are kept by id with their name as it was when the version was written, so
an old version reads the same after an organisation is renamed or leaves the case.
`SECTIONS` describes every field once (label, kind, choices): the forms, the pages, the
PDF and the comparison are built from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, TypeAlias

import jsonschema
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.core import limits

CONTENT_FORMAT = 1
TEXT_LIMIT = limits.COMMENT
LINE_LIMIT = 200
MAX_ROWS = 30

JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
JSONObject: TypeAlias = dict[str, JSONValue]

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PersonalAlarm(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not yet assessed")
    NOT_NEEDED = "not_needed", _("Not needed")
    DECLINED = "declined", _("Offered, declined")
    APPLIED = "applied", _("Applied for")
    ISSUED = "issued", _("Issued")
    ENDED = "ended", _("Ended or returned")


class OrderKind(models.TextChoices):
    RESTRAINING = "restraining", _("Restraining order")
    BARRING = "barring", _("Barring order from the home")
    CONTACT_BAN = "contact_ban", _("Contact ban with electronic monitoring")
    CRIMINAL = "criminal", _("Contact ban in a criminal judgment")
    OTHER = "other", _("Other order")


class OrderStatus(models.TextChoices):
    CONSIDERED = "considered", _("Being considered")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("In force")
    REFUSED = "refused", _("Refused")
    APPEALED = "appealed", _("Appealed")
    EXPIRED = "expired", _("Expired")
    BREACHED = "breached", _("In force, breached")


class LocationSharing(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked yet")
    OFF = "off", _("Checked: turned off everywhere")
    AGREED = "agreed", _("Checked: on, only with people the person chose")


class TrackingCheck(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked yet")
    NOTHING_FOUND = "nothing_found", _("Checked: nothing found")
    FOUND_REMOVED = "found_removed", _("Checked: tracking found and removed")
    FOUND_KEPT = "found_kept", _("Checked: tracking found, kept for now (evidence or safety)")


# --- the values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationRef:
    """An organisation as a version names it: its id and its name when it was written."""

    id: str
    name: str


@dataclass(frozen=True)
class EmergencyNumber:
    label: str
    number: str


@dataclass(frozen=True)
class Order:
    kind: str
    status: str
    valid_until: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Commitment:
    organisation: OrganisationRef
    action: str
    contact: str = ""


@dataclass(frozen=True)
class ContactSection:
    how: str = ""
    when: str = ""
    avoid: str = ""
    signal: str = ""


@dataclass(frozen=True)
class PlacesSection:
    safe_places: str = ""
    safe_people: str = ""
    leaving: str = ""


@dataclass(frozen=True)
class AlarmsSection:
    personal_alarm: str = PersonalAlarm.NOT_ASSESSED.value
    alarm_issued_by: OrganisationRef | None = None
    alarm_issued_on: dt.date | None = None
    other_alarms: str = ""
    emergency_numbers: tuple[EmergencyNumber, ...] = ()


@dataclass(frozen=True)
class OrdersSection:
    orders: tuple[Order, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class DigitalSection:
    devices: str = ""
    accounts: str = ""
    location_sharing: str = LocationSharing.NOT_CHECKED.value
    tracking: str = TrackingCheck.NOT_CHECKED.value
    notes: str = ""


@dataclass(frozen=True)
class ChildrenSection:
    school: str = ""
    pick_up: str = ""
    other_parent: str = ""
    notes: str = ""


@dataclass(frozen=True)
class AgenciesSection:
    commitments: tuple[Commitment, ...] = ()


@dataclass(frozen=True)
class PlanContent:
    contact: ContactSection = field(default_factory=ContactSection)
    places: PlacesSection = field(default_factory=PlacesSection)
    alarms: AlarmsSection = field(default_factory=AlarmsSection)
    orders: OrdersSection = field(default_factory=OrdersSection)
    digital: DigitalSection = field(default_factory=DigitalSection)
    children: ChildrenSection = field(default_factory=ChildrenSection)
    agencies: AgenciesSection = field(default_factory=AgenciesSection)

    def organisation_refs(self) -> list[OrganisationRef]:
        refs = [c.organisation for c in self.agencies.commitments]
        if self.alarms.alarm_issued_by is not None:
            refs.append(self.alarms.alarm_issued_by)
        return refs

    def texts(self) -> list[str]:
        """Every free text the plan holds (to check it for a protected address)."""
        out: list[str] = []
        for section in SECTIONS:
            value = getattr(self, section.key)
            for spec in section.fields:
                if spec.kind == "text" or spec.kind == "line":
                    out.append(str(getattr(value, spec.name)))
            for row_spec in section.lists:
                for row in getattr(value, row_spec.name):
                    out.extend(v for v in vars(row).values() if isinstance(v, str))
        return [t for t in out if t]


# --- the description every page, form and comparison is built from ----------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: StrOrPromise
    kind: str  # text (several lines), line, choice, date, organisation
    choices: type[models.TextChoices] | None = None
    help_text: StrOrPromise = ""

    def display(self, value: object) -> str:
        """The value as a reader sees it; "" when it says nothing."""
        if value is None or value == "":
            return ""
        if self.kind == "choice" and self.choices is not None:
            return str(dict(self.choices.choices).get(str(value), value))
        if self.kind == "date" and isinstance(value, dt.date):
            return date_format(value)
        if self.kind == "organisation" and isinstance(value, OrganisationRef):
            return value.name
        return str(value)


@dataclass(frozen=True)
class ListSpec:
    """A list of rows in a section (emergency numbers, orders, commitments)."""

    name: str
    label: StrOrPromise
    row_label: StrOrPromise
    columns: tuple[FieldSpec, ...]
    # Rows with the same key are the "same" row changed (an organisation's commitment).
    key: Callable[[object], str]

    def describe(self, row: object) -> str:
        parts = [spec.display(getattr(row, spec.name)) for spec in self.columns]
        head, *rest = parts
        tail = " · ".join(p for p in rest if p)
        return f"{head}: {tail}" if tail else head


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: StrOrPromise
    intro: StrOrPromise
    fields: tuple[FieldSpec, ...] = ()
    lists: tuple[ListSpec, ...] = ()


def _key_of(name: str) -> Callable[[object], str]:
    def key(row: object) -> str:
        value = getattr(row, name)
        if isinstance(value, OrganisationRef):
            return value.id
        return str(value).strip().casefold()

    return key


COMMITMENT_COLUMNS = (
    FieldSpec("organisation", _("Organisation"), "organisation"),
    FieldSpec("action", _("What it will do"), "text"),
    FieldSpec("contact", _("Contact person or role"), "line"),
)

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "contact",
        _("Safe contact"),
        _("How and when it is safe to make contact, and what must be avoided."),
        fields=(
            FieldSpec("how", _("How to make contact"), "text"),
            FieldSpec("when", _("When it is safe"), "text"),
            FieldSpec(
                "avoid",
                _("What must be avoided"),
                "text",
                help_text=_(
                    "For example voicemail, letters to the home, calling from a hidden number."
                ),
            ),
            FieldSpec("signal", _("Agreed signal or code word"), "line"),
        ),
    ),
    SectionSpec(
        "places",
        _("Safe places and safe people"),
        _("Where the person can go, and who can help, also at short notice."),
        fields=(
            FieldSpec("safe_places", _("Safe places"), "text"),
            FieldSpec("safe_people", _("Safe people"), "text"),
            FieldSpec(
                "leaving",
                _("Leaving in a hurry"),
                "text",
                help_text=_("What to bring, where it is kept, how to get away."),
            ),
        ),
    ),
    SectionSpec(
        "alarms",
        _("Alarms and emergency numbers"),
        _("The personal alarm, other alarms and the numbers to call."),
        fields=(
            FieldSpec("personal_alarm", _("Personal alarm"), "choice", PersonalAlarm),
            FieldSpec("alarm_issued_by", _("Alarm issued by"), "organisation"),
            FieldSpec("alarm_issued_on", _("Alarm issued on"), "date"),
            FieldSpec("other_alarms", _("Other alarms and safety equipment"), "text"),
        ),
        lists=(
            ListSpec(
                "emergency_numbers",
                _("Emergency numbers"),
                _("Emergency number"),
                (
                    FieldSpec("label", _("Who"), "line"),
                    FieldSpec("number", _("Number"), "line"),
                ),
                key=_key_of("label"),
            ),
        ),
    ),
    SectionSpec(
        "orders",
        _("Restraining and barring orders"),
        _("Orders applied for or in force, and their status."),
        fields=(FieldSpec("notes", _("Notes on the orders"), "text"),),
        lists=(
            ListSpec(
                "orders",
                _("Orders"),
                _("Order"),
                (
                    FieldSpec("kind", _("Kind of order"), "choice", OrderKind),
                    FieldSpec("status", _("Status"), "choice", OrderStatus),
                    FieldSpec("valid_until", _("Valid until"), "date"),
                    FieldSpec("note", _("Note"), "line"),
                ),
                key=_key_of("kind"),
            ),
        ),
    ),
    SectionSpec(
        "digital",
        _("Digital safety"),
        _("Devices, accounts, location sharing and tracking."),
        fields=(
            FieldSpec(
                "devices",
                _("Devices"),
                "text",
                help_text=_("Phones, tablets, computers, watches, the car: what was checked."),
            ),
            FieldSpec(
                "accounts",
                _("Accounts"),
                "text",
                help_text=_(
                    "E-mail, social media, bank, cloud: passwords changed, shared access ended."
                ),
            ),
            FieldSpec("location_sharing", _("Location sharing"), "choice", LocationSharing),
            FieldSpec("tracking", _("Tracking (apps, tags, GPS)"), "choice", TrackingCheck),
            FieldSpec("notes", _("Notes on digital safety"), "text"),
        ),
    ),
    SectionSpec(
        "children",
        _("Children's arrangements"),
        _("School or kindergarten, pick-up, and contact with the other parent."),
        fields=(
            FieldSpec("school", _("School or kindergarten"), "text"),
            FieldSpec(
                "pick_up",
                _("Pick-up"),
                "text",
                help_text=_("Who may collect the children, and who may not."),
            ),
            FieldSpec("other_parent", _("Contact with the other parent"), "text"),
            FieldSpec("notes", _("Notes on the children"), "text"),
        ),
    ),
    SectionSpec(
        "agencies",
        _("What each agency will do"),
        _("Each organisation taking part in the case, and what it will do for this plan."),
        lists=(
            ListSpec(
                "commitments",
                _("Agency commitments"),
                _("Commitment"),
                COMMITMENT_COLUMNS,
                key=_key_of("organisation"),
            ),
        ),
    ),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_TYPES: dict[str, type[object]] = {
    "contact": ContactSection,
    "places": PlacesSection,
    "alarms": AlarmsSection,
    "orders": OrdersSection,
    "digital": DigitalSection,
    "children": ChildrenSection,
    "agencies": AgenciesSection,
}
assert [f.name for f in fields(PlanContent)] == [s.key for s in SECTIONS]


# --- JSON Schema --------------------------------------------------------------------------------


def _string(limit: int) -> JSONObject:
    return {"type": "string", "maxLength": limit}


_DATE: JSONObject = {"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]}
_ORGANISATION: JSONObject = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name"],
    "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 64}, "name": _string(200)},
}


def _schema_of(spec: FieldSpec) -> JSONObject:
    if spec.kind == "text":
        return _string(TEXT_LIMIT)
    if spec.kind == "line":
        return _string(LINE_LIMIT)
    if spec.kind == "choice":
        assert spec.choices is not None
        return {"enum": list(spec.choices.values)}
    if spec.kind == "date":
        return _DATE
    return {"anyOf": [{"type": "null"}, _ORGANISATION]}


def _object(props: Mapping[str, JSONValue], required: Sequence[str] = ()) -> JSONObject:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": dict(props),
    }


def _build_schema() -> JSONObject:
    sections: dict[str, JSONValue] = {}
    for section in SECTIONS:
        props: dict[str, JSONValue] = {spec.name: _schema_of(spec) for spec in section.fields}
        for row_spec in section.lists:
            columns: dict[str, JSONValue] = {}
            for col in row_spec.columns:
                columns[col.name] = _ORGANISATION if col.kind == "organisation" else _schema_of(col)
            required = [c.name for c in row_spec.columns if c.kind != "date"]
            props[row_spec.name] = {
                "type": "array",
                "maxItems": MAX_ROWS,
                "items": _object(columns, required),
            }
        sections[section.key] = _object(props)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Samvern safety plan content",
        **_object(
            {"format": {"const": CONTENT_FORMAT}, **sections},
            required=["format", *(s.key for s in SECTIONS)],
        ),
    }


SCHEMA = _build_schema()
_VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


class ContentError(ValidationError):
    """Stored or submitted content that does not have the plan's shape."""


def schema_problems(data: object) -> list[str]:
    """What is wrong with `data` as plan content, each as "path: message"."""
    problems = []
    for error in sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(part) for part in error.absolute_path) or "(content)"
        problems.append(f"{path}: {error.message}")
    return problems


# --- to and from JSON ---------------------------------------------------------------------------


def _json_value(value: object) -> JSONValue:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, OrganisationRef):
        return {"id": value.id, "name": value.name}
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    return {f.name: _json_value(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]


def to_json(content: PlanContent) -> JSONObject:
    data: JSONObject = {"format": CONTENT_FORMAT}
    for section in SECTIONS:
        data[section.key] = _json_value(getattr(content, section.key))
    return data


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _ref(value: object) -> OrganisationRef | None:
    if isinstance(value, dict):
        return OrganisationRef(id=str(value["id"]), name=str(value["name"]))
    return None


def _row(spec: ListSpec, row: Mapping[str, object]) -> object:
    values: dict[str, object] = {}
    for col in spec.columns:
        raw = row.get(col.name)
        if col.kind == "date":
            values[col.name] = _date(raw)
        elif col.kind == "organisation":
            values[col.name] = _ref(raw)
        else:
            values[col.name] = str(raw or "")
    return ROW_TYPES[spec.name](**values)  # type: ignore[arg-type]


ROW_TYPES: dict[str, type[EmergencyNumber] | type[Order] | type[Commitment]] = {
    "emergency_numbers": EmergencyNumber,
    "orders": Order,
    "commitments": Commitment,
}


def from_json(data: object) -> PlanContent:
    """The content of a stored version or an API request; `ContentError` when it does not
    have the plan's shape. Sections or fields left out take their empty value."""
    if isinstance(data, dict):
        data = {"format": CONTENT_FORMAT, **{s.key: {} for s in SECTIONS}, **data}
    problems = schema_problems(data)
    if problems:
        raise ContentError(problems)
    assert isinstance(data, dict)
    sections: dict[str, object] = {}
    for section in SECTIONS:
        raw = data[section.key]
        assert isinstance(raw, dict)
        values: dict[str, object] = {}
        for spec in section.fields:
            if spec.name not in raw:
                continue
            value = raw[spec.name]
            if spec.kind == "date":
                values[spec.name] = _date(value)
            elif spec.kind == "organisation":
                values[spec.name] = _ref(value)
            else:
                values[spec.name] = value
        for row_spec in section.lists:
            rows = raw.get(row_spec.name) or []
            assert isinstance(rows, list)
            values[row_spec.name] = tuple(
                _row(row_spec, row) for row in rows if isinstance(row, dict)
            )
        sections[section.key] = SECTION_TYPES[section.key](**values)
    return PlanContent(**sections)  # type: ignore[arg-type]


def normalised(content: PlanContent) -> PlanContent:
    """The same content with text trimmed, so that spaces alone are not a change."""
    return from_json(_strip(to_json(content)))


def _strip(value: JSONValue) -> JSONValue:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    return value
