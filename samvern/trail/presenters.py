"""Audit events as a data protection officer reads them: who, what, when and a short line
of details, in the reader's language.

Names and objects are looked up in one query per kind of object on the page (never per
row), so a page of 50 events costs the same as a page of 5. What an event is about is
shown as a link only when the reader may open it with the apps' own access rules; a case
the reader may not open is named by the reference recorded in the event itself, so the
page never tells more about a case than the recorded event already does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, User
from samvern.audit.kinds import ActionKind
from samvern.audit.labels import action_info, target_type_label
from samvern.audit.models import AuditEvent

if TYPE_CHECKING:
    from django.db.models import Choices

    from samvern.partnerships.models import Partnership
    from samvern.plans.models import Plan

StrOrPromise = str | Promise

SUMMARY_LENGTH = 90

# Detail keys shown under a name of their own; any other key is shown as it is written.
DETAIL_KEYS: dict[str, StrOrPromise] = {
    "via": gettext_lazy("via"),
    "fields": gettext_lazy("fields"),
    "field": gettext_lazy("field"),
    "reason": gettext_lazy("reason"),
    "reasons": gettext_lazy("reasons"),
    "from": gettext_lazy("from"),
    "to": gettext_lazy("to"),
    "format": gettext_lazy("format"),
    "rows": gettext_lazy("rows"),
    "results": gettext_lazy("results"),
    "page": gettext_lazy("page"),
    "role": gettext_lazy("role"),
    "kind": gettext_lazy("kind"),
    "source": gettext_lazy("source"),
    "scope": gettext_lazy("scope"),
    "legal_basis": gettext_lazy("legal basis"),
    "band": gettext_lazy("risk level"),
    "instrument": gettext_lazy("instrument"),
    "version": gettext_lazy("version"),
    "method": gettext_lazy("method"),
    "route": gettext_lazy("requested address"),
    "recorded_by_organisation": gettext_lazy("recorded by organisation"),
    "size": gettext_lazy("size"),
    "content_type": gettext_lazy("file type"),
    "email": gettext_lazy("email"),
    "username": gettext_lazy("user name"),
    "title": gettext_lazy("title"),
    "name": gettext_lazy("name"),
    "note": gettext_lazy("note"),
    "step": gettext_lazy("step"),
    "tab": gettext_lazy("tab"),
    "count": gettext_lazy("count"),
    "changes": gettext_lazy("changes"),
    "cause": gettext_lazy("cause"),
    "participant_name": gettext_lazy("organisation"),
    "organisation_name": gettext_lazy("organisation"),
    "joined_on": gettext_lazy("joined on"),
    "left_on": gettext_lazy("left on"),
    "protected_address": gettext_lazy("protected address"),
    "idle_minutes": gettext_lazy("idle minutes"),
    "devices": gettext_lazy("devices"),
    "municipalities": gettext_lazy("municipalities"),
    "organisations": gettext_lazy("organisations"),
    "actor": gettext_lazy("person"),
    "action_prefix": gettext_lazy("action"),
    "action_kind": gettext_lazy("kind of action"),
    "case_reference": gettext_lazy("case reference"),
    "since": gettext_lazy("from"),
    "until": gettext_lazy("until"),
    "separator": gettext_lazy("separator"),
    "override_band": gettext_lazy("risk level by professional judgement"),
    "statutory_basis": gettext_lazy("statutory basis"),
    "consent": gettext_lazy("consent"),
    "recipients": gettext_lazy("recipients"),
    "expires_on": gettext_lazy("expires on"),
    "item": gettext_lazy("information item"),
    "person": gettext_lazy("person"),
    "other_person": gettext_lazy("other person"),
    "other_case": gettext_lazy("other case"),
    "earlier_case": gettext_lazy("earlier case"),
    "shares_stopped": gettext_lazy("shares stopped"),
    "cases": gettext_lazy("cases"),
    "participant": gettext_lazy("participating organisation"),
    "partnership": gettext_lazy("partnership"),
    "organisation": gettext_lazy("organisation"),
    "coordinator": gettext_lazy("coordinator"),
    "handover_notes_written": gettext_lazy("handover notes written"),
    "period": gettext_lazy("period"),
    "adoptions": gettext_lazy("adoptions"),
    "reported_on": gettext_lazy("reported on"),
    "evaluated_on": gettext_lazy("evaluated on"),
    "municipality": gettext_lazy("municipality"),
    "body": gettext_lazy("decided by"),
    "decided_on": gettext_lazy("decided on"),
    "case_number": gettext_lazy("case number"),
    "decision_url": gettext_lazy("link to the decision"),
    "document": gettext_lazy("document"),
}
# Keys of the conference, checklist and safety-plan events.
DETAIL_KEYS.update(
    {
        "status": gettext_lazy("attendance"),
        "substitute_for": gettext_lazy("substitute for"),
        "user": gettext_lazy("person"),
        "assignee": gettext_lazy("responsible person"),
        "due_on": gettext_lazy("due date"),
        "created": gettext_lazy("new"),
        "parts": gettext_lazy("parts"),
        "others": gettext_lazy("other organisations' research"),
        "research": gettext_lazy("research"),
        "facts": gettext_lazy("case facts"),
        "persons": gettext_lazy("persons"),
        "references": gettext_lazy("case references"),
        "heard": gettext_lazy("heard"),
        "reviewed": gettext_lazy("reviewed"),
        "not_moved": gettext_lazy("state not changed"),
        "on": gettext_lazy("date"),
        "reason_given": gettext_lazy("reason given"),
        "conference": gettext_lazy("conference"),
        "agenda_item": gettext_lazy("agenda item"),
        "statement": gettext_lazy("confidentiality statement"),
        "interval": gettext_lazy("every how many weeks"),
        "recurrence": gettext_lazy("recurrence"),
        "first_date": gettext_lazy("first conference"),
        "dates": gettext_lazy("dates"),
        "agreed": gettext_lazy("action points agreed"),
        "carried_over": gettext_lazy("action points carried over"),
        "points": gettext_lazy("action points"),
        "minutes": gettext_lazy("minutes"),
        "checklist": gettext_lazy("checklist"),
        "items": gettext_lazy("items"),
        "template": gettext_lazy("template"),
        "sections": gettext_lazy("sections"),
        "versions": gettext_lazy("versions"),
        "replaces": gettext_lazy("replaces"),
    }
)
# Detail keys that hold a user's id: shown as the person's name.
USER_KEYS = ("user", "assignee")
# Recorded code values that read as words ("cause": "consent_withdrawn").
VALUE_LABELS: dict[str, dict[str, StrOrPromise]] = {
    "cause": {"consent_withdrawn": gettext_lazy("consent withdrawn")},
    "method": {"nin": gettext_lazy("national identity number")},
}
# Shown in the "what" column instead.
NOT_IN_DETAILS = frozenset({"case", "reference"})
# What the case access log may show: it is read by people who see no case content.
ACCESS_LOG_DETAIL_KEYS = frozenset({"via", "format", "fields", "reason"})

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class EventRow:
    event: AuditEvent
    label: str
    kind: ActionKind | None
    actor_name: str
    actor_username: str
    organisation: str
    when: dt.datetime
    when_text: str
    what_type: str = ""
    what: str = ""
    what_url: str = ""
    # Within a case: the kind of object read or changed ("Person"), empty for the case.
    object_type: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line of the details that read as words; bare identifiers only in the list."""
        text = " · ".join(
            f"{key}: {value}" for key, value in self.details if not _is_identifiers(value)
        )
        return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"

    @property
    def summary_is_truncated(self) -> bool:
        return self.summary.endswith("…")


def _is_identifiers(text: str) -> bool:
    parts = [part.strip() for part in text.split(",")]
    return bool(parts) and all(_UUID.match(part) for part in parts if part) and any(parts)


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        shown = [_value_text(item) for item in value[:5]]
        if len(value) > 5:
            shown.append(_("and %(count)s more") % {"count": len(value) - 5})
        return ", ".join(shown)
    if isinstance(value, dict):
        return ", ".join(f"{_key_text(key)}: {_value_text(item)}" for key, item in value.items())
    if isinstance(value, str):
        try:
            if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
                return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
            if re.match(r"^\d{4}-\d{2}-\d{2}T", value):
                moment = dt.datetime.fromisoformat(value)
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        except ValueError:
            pass
    return str(value)


def _key_text(key: str) -> str:
    return str(DETAIL_KEYS.get(key, key.replace("_", " ")))


def _assessment_labels(detail: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """The band labels of a recorded assessment, as its instrument file names them."""
    from samvern.risk import display

    instrument = display.find_instrument(
        str(detail.get("instrument", "")), str(detail.get("version", ""))
    )
    bands = {
        str(band): display.band_label(instrument, str(band))
        for band in (detail.get("band"), detail.get("override_band"))
        if band
    }
    return {"band": bands, "override_band": bands}


def _instrument_title(detail: Mapping[str, object]) -> str:
    from samvern.risk import display

    key, version = str(detail.get("instrument", "")), str(detail.get("version", ""))
    instrument = display.find_instrument(key, version) if key else None
    return instrument.title_in(translation.get_language()) if instrument is not None else ""


def _choice_labels(action: str) -> dict[str, dict[str, str]]:
    """Recorded choice values ("exposed", "note") by detail key, as the models name them."""
    from samvern.accounts.models import Role
    from samvern.cases.models import (
        CaseState,
        ItemKind,
        LegalBasis,
        PersonRole,
        ReferralSource,
        ShareScope,
    )

    def labels(choices: type[Choices]) -> dict[str, str]:
        return {value: str(label) for value, label in choices.choices}

    if action.startswith("cases.") or action.startswith("security.case"):
        return {
            "role": labels(PersonRole),
            "kind": labels(ItemKind),
            "source": labels(ReferralSource),
            "scope": labels(ShareScope),
            "legal_basis": labels(LegalBasis),
            "from": labels(CaseState),
            "to": labels(CaseState),
        }
    if action.startswith("accounts."):
        return {"role": labels(Role)}
    if action.startswith("conference."):
        from samvern.conferences.models import (
            AgendaReason,
            AttendanceStatus,
            Outcome,
            Recurrence,
            ReturnReason,
        )

        if action.startswith("conference.actions."):
            states = labels(Outcome)
        elif action.startswith("conference.attendance."):
            states = labels(AttendanceStatus)
        else:
            states = labels(CaseState)
        reasons = labels(AgendaReason) | labels(ReturnReason)
        return {
            "status": labels(AttendanceStatus),
            "from": states,
            "to": states,
            "reason": reasons,
            "legal_basis": labels(LegalBasis),
            "recurrence": labels(Recurrence),
        }
    return {}


def detail_pairs(
    detail: object, *, action: str = "", keys: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """The detail as readable (name, value) pairs; `keys` limits which are shown."""
    if not isinstance(detail, dict):
        return [(_("details"), _value_text(detail))] if detail else []
    allowed = frozenset(keys) if keys is not None else None
    choices = _choice_labels(action)
    title = ""
    if action == "cases.assessment.recorded":
        choices.update(_assessment_labels(detail))
        title = _instrument_title(detail)
    pairs = []
    # By key: PostgreSQL's jsonb does not keep the order the detail was written in, and the
    # same event must read the same on every database.
    for key, value in sorted(detail.items()):
        if key in NOT_IN_DETAILS or (allowed is not None and key not in allowed):
            continue
        name = _key_text(key)
        if isinstance(value, str) and value in choices.get(key, {}):
            pairs.append((name, choices[key][value].lower()))
        elif key == "instrument" and title:
            pairs.append((name, title))
        elif isinstance(value, str) and value in VALUE_LABELS.get(key, {}):
            pairs.append((name, str(VALUE_LABELS[key][value])))
        else:
            pairs.append((name, _value_text(value)))
    return pairs


def _ids(values: Iterable[object]) -> set[str]:
    return {str(value) for value in values if value and _UUID.match(str(value))}


@dataclass
class _Lookups:
    """Everything the rows on one page refer to, fetched once per kind of object."""

    users: dict[str, User] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    case_content: set[str] = field(default_factory=set)
    case_log: set[str] = field(default_factory=set)
    plans: dict[str, Plan] = field(default_factory=dict)
    visible_plans: set[str] = field(default_factory=set)
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    visible_partnerships: set[str] = field(default_factory=set)
    partnership_of_member: dict[str, str] = field(default_factory=dict)
    conferences: dict[str, str] = field(default_factory=dict)
    visible_conferences: set[str] = field(default_factory=set)
    conference_series: dict[str, str] = field(default_factory=dict)
    statements: dict[str, str] = field(default_factory=dict)


def _lookups(
    events: Sequence[AuditEvent], *, reader: Actor, organisation: Organisation | None
) -> _Lookups:
    found = _Lookups()

    def targets(target_type: str) -> set[str]:
        return _ids(e.target_id for e in events if e.target_type == target_type)

    def in_detail(key: str) -> set[str]:
        return _ids(e.detail.get(key) for e in events if isinstance(e.detail, dict))

    def outside_cases(key: str) -> set[str]:
        """Ids named in events that are not about a case (a case event is shown by its case)."""
        return _ids(
            e.detail.get(key)
            for e in events
            if isinstance(e.detail, dict) and not e.detail.get("case")
        )

    user_ids = (
        {e.actor_id for e in events if e.actor_id.isdigit()}
        | {
            e.target_id
            for e in events
            if e.target_type == "accounts.user" and e.target_id.isdigit()
        }
        | {
            str(e.detail[key])
            for e in events
            if isinstance(e.detail, dict)
            for key in USER_KEYS
            if str(e.detail.get(key, "")).isdigit()
        }
    )
    if user_ids:
        found.users = {str(u.pk): u for u in User.objects.filter(pk__in=user_ids).order_by()}
    if membership_ids := targets("accounts.membership"):
        found.memberships = {
            str(m.pk): m
            for m in Membership.objects.filter(pk__in=membership_ids)
            .select_related("user", "organisation")
            .order_by()
        }
    if organisation_ids := targets("accounts.organisation"):
        found.organisations = {
            str(o.pk): o for o in Organisation.objects.filter(pk__in=organisation_ids).order_by()
        }
    if case_ids := in_detail("case"):
        _case_grants(found, case_ids, reader=reader, organisation=organisation)
    if plan_ids := outside_cases("plan") | targets("plans.plan"):
        from samvern.plans.access import visible_plans
        from samvern.plans.models import Plan

        found.plans = {str(p.pk): p for p in Plan.objects.filter(pk__in=plan_ids).order_by()}
        found.visible_plans = {
            str(pk)
            for pk in visible_plans(reader).filter(pk__in=plan_ids).values_list("pk", flat=True)
        }
    member_ids = targets("partnerships.partnershipmember")
    partnership_ids = targets("partnerships.partnership") | outside_cases("partnership")
    if member_ids or partnership_ids:
        from samvern.partnerships.access import visible_partnerships_q
        from samvern.partnerships.models import Partnership, PartnershipMember

        if member_ids:
            found.partnership_of_member = {
                str(pk): str(partnership_id)
                for pk, partnership_id in PartnershipMember.objects.filter(
                    pk__in=member_ids
                ).values_list("pk", "partnership_id")
            }
            partnership_ids |= set(found.partnership_of_member.values())
        partnerships = Partnership.objects.filter(pk__in=partnership_ids).order_by()
        found.partnerships = {str(p.pk): p for p in partnerships}
        found.visible_partnerships = {
            str(pk)
            for pk in partnerships.filter(visible_partnerships_q(reader)).values_list(
                "pk", flat=True
            )
        }
    _conference_lookups(found, targets=targets, outside_cases=outside_cases, reader=reader)
    return found


# What the conference apps' events are about that is not a case: named by what the
# coordinator sees on the conference pages (date and partnership, a series' title, a
# statement's version), never by an internal id.
CONFERENCE_TYPES = frozenset(
    {
        "conferences.conference",
        "conferences.attendee",
        "conferences.conferenceseries",
        "conferences.confidentialitystatement",
        "conferences.calendarfeed",
    }
)
# Objects of these apps are never named by their id when nothing else names them.
NO_ID_APPS = ("conferences.", "safetyplans.", "checklists.")


def _conference_lookups(
    found: _Lookups,
    *,
    targets: Callable[[str], set[str]],
    outside_cases: Callable[[str], set[str]],
    reader: Actor,
) -> None:
    conference_ids = targets("conferences.conference") | outside_cases("conference")
    series_ids = targets("conferences.conferenceseries")
    statement_ids = targets("conferences.confidentialitystatement")
    if not (conference_ids or series_ids or statement_ids):
        return
    from samvern.cases.access import today
    from samvern.conferences.models import Conference, ConferenceSeries, ConfidentialityStatement
    from samvern.conferences.selectors_schedule import visible_conferences

    if conference_ids:
        conferences = Conference.objects.filter(pk__in=conference_ids).select_related("partnership")
        found.conferences = {
            str(c.pk): _("%(date)s · %(partnership)s")
            % {"date": formats.date_format(c.date, "DATE_FORMAT"), "partnership": c.partnership}
            for c in conferences.order_by()
        }
        found.visible_conferences = {
            str(pk)
            for pk in visible_conferences(reader, today())
            .filter(pk__in=conference_ids)
            .values_list("pk", flat=True)
        }
    if series_ids:
        found.conference_series = {
            str(pk): title
            for pk, title in ConferenceSeries.objects.filter(pk__in=series_ids)
            .order_by()
            .values_list("pk", "title")
        }
    if statement_ids:
        found.statements = {
            str(st.pk): _("version %(version)s · %(partnership)s")
            % {"version": st.version, "partnership": st.partnership}
            for st in ConfidentialityStatement.objects.filter(pk__in=statement_ids)
            .select_related("partnership")
            .order_by()
        }


def _conference_what(row: EventRow, event: AuditEvent, found: _Lookups) -> bool:
    """Fill in what a conference event not about a case is about; False if it is not one."""
    target_type, target_id = event.target_type, event.target_id
    if target_type not in CONFERENCE_TYPES:
        return False
    detail = event.detail if isinstance(event.detail, dict) else {}
    row.what_type = target_type_label(target_type)
    if target_type == "conferences.conferenceseries":
        row.what = found.conference_series.get(target_id, "")
        return True
    if target_type == "conferences.confidentialitystatement":
        row.what = found.statements.get(target_id, "")
        return True
    if target_type == "conferences.calendarfeed":
        # The address is a secret; the row says only whose it was (the actor's).
        return True
    conference_id = target_id if target_type == "conferences.conference" else ""
    conference_id = conference_id or str(detail.get("conference", ""))
    conference = found.conferences.get(conference_id, "")
    if target_type == "conferences.attendee":
        row.what = (
            _("at the conference %(conference)s") % {"conference": conference} if conference else ""
        )
    else:
        row.what = conference
    if conference and conference_id in found.visible_conferences:
        row.what_url = reverse("conferences:detail", args=[conference_id])
    return True


def _case_grants(
    found: _Lookups, case_ids: set[str], *, reader: Actor, organisation: Organisation | None
) -> None:
    """Which of these cases the reader may open, acting for `organisation`: the full case
    page (case content) or the page of who has seen the case. A superuser or inactive
    account has no case role (case work is done with a personal account)."""
    from samvern.cases.access import access_log_cases_q, content_cases_q, today
    from samvern.cases.models import Case

    if organisation is None or not reader.is_authenticated or reader.is_superuser:
        return
    roles = reader.roles_in(organisation)
    if not roles:
        return
    day = today()
    cases = Case.objects.filter(pk__in=case_ids).order_by()
    found.case_content = {
        str(pk)
        for pk in cases.filter(content_cases_q(roles, organisation, day)).values_list(
            "pk", flat=True
        )
    }
    found.case_log = {
        str(pk)
        for pk in cases.filter(access_log_cases_q(roles, organisation, day)).values_list(
            "pk", flat=True
        )
    }


def _what(row: EventRow, event: AuditEvent, found: _Lookups) -> None:
    detail = event.detail if isinstance(event.detail, dict) else {}
    target_type, target_id = event.target_type, event.target_id
    case_id = str(detail.get("case", ""))
    if case_id:
        if target_type not in ("", "cases.case"):
            row.object_type = target_type_label(target_type)
        row.what_type = (
            _("Case") if target_type in ("", "cases.case") else target_type_label(target_type)
        )
        # Only the reference recorded with the event, never one looked up: that would
        # tell more than the trail itself does.
        row.what = str(detail.get("reference") or _("a case"))
        if target_type not in ("", "cases.case") and detail.get("reference"):
            row.what = _("%(object)s in case %(reference)s") % {
                "object": row.what_type,
                "reference": detail["reference"],
            }
            row.what_type = ""
        if case_id in found.case_content:
            row.what_url = reverse("cases:detail", args=[case_id])
        elif case_id in found.case_log:
            row.what_url = reverse("trail:case_access_log", args=[case_id])
        return
    if _conference_what(row, event, found):
        return
    plan_id = target_id if target_type == "plans.plan" else str(detail.get("plan", ""))
    if plan_id and plan_id in found.plans:
        row.what_type = _("Plan")
        row.what = str(found.plans[plan_id])
        if target_type not in ("", "plans.plan"):
            row.what_type = target_type_label(target_type)
            row.what = _("in the plan %(plan)s") % {"plan": found.plans[plan_id]}
        if plan_id in found.visible_plans:
            row.what_url = reverse("plans:detail", args=[plan_id])
        return
    partnership_id = (
        target_id
        if target_type == "partnerships.partnership"
        else found.partnership_of_member.get(target_id) or str(detail.get("partnership", ""))
    )
    if partnership_id and partnership_id in found.partnerships:
        row.what_type = _("Partnership")
        row.what = str(found.partnerships[partnership_id])
        if partnership_id in found.visible_partnerships:
            row.what_url = reverse("partnerships:detail", args=[partnership_id])
        return
    if target_type == "accounts.user" and target_id in found.users:
        row.what_type = _("User")
        row.what = _person_name(found.users[target_id])
        return
    if target_type == "accounts.membership" and target_id in found.memberships:
        membership = found.memberships[target_id]
        row.what_type = _("Membership")
        row.what = _("%(person)s as %(role)s in %(organisation)s") % {
            "person": _person_name(membership.user),
            "role": membership.get_role_display().lower(),
            "organisation": membership.organisation,
        }
        return
    if target_type == "accounts.organisation" and target_id in found.organisations:
        row.what_type = _("Organisation")
        row.what = str(found.organisations[target_id])
        return
    if target_type:
        row.what_type = target_type_label(target_type)
        row.what = "" if target_type.startswith(NO_ID_APPS) else target_id


def _name_users(row: EventRow, event: AuditEvent, found: _Lookups) -> None:
    """A user's id recorded in the detail is shown as the person's name."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    names = {
        _key_text(key): (str(detail[key]), found.users[str(detail[key])])
        for key in USER_KEYS
        if str(detail.get(key, "")) in found.users
    }
    row.details = [
        (name, _person_name(names[name][1]) if name in names and value == names[name][0] else value)
        for name, value in row.details
    ]


def _person_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def present_events(
    events: Iterable[AuditEvent],
    *,
    reader: Actor,
    organisation: Organisation | None,
    detail_keys: Iterable[str] | None = None,
) -> list[EventRow]:
    """Readable rows for `events` as `reader`, acting for `organisation`, may see them.
    `detail_keys` limits the details shown (the case access log shows only a few)."""
    events = list(events)
    found = _lookups(events, reader=reader, organisation=organisation)
    rows = []
    for event in events:
        info = action_info(event.action)
        user = found.users.get(event.actor_id)
        when = timezone.localtime(event.occurred_at)
        row = EventRow(
            event=event,
            label=str(info.label) if info else event.action,
            kind=info.kind if info else None,
            actor_name=_person_name(user) if user is not None else event.actor_label,
            actor_username=event.actor_label,
            organisation=event.organisation_label,
            when=when,
            when_text=formats.date_format(when, "SHORT_DATETIME_FORMAT"),
            details=detail_pairs(event.detail, action=event.action, keys=detail_keys),
        )
        _name_users(row, event, found)
        if row.actor_username == "system" and not event.actor_id:
            row.actor_name = _("The system")
        _what(row, event, found)
        rows.append(row)
    return rows
