"""Reads for agreements: the documents of a partnership with what is wrong with each (past
its review date, partners that have not signed the version in force), in a constant
number of queries whatever the number of documents.

`document_rows` is also what the partnership's indicators read (governance.indicators):
it takes the day explicitly, so figures for a year never depend on the real clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch

from samvern.accounts.models import Organisation
from samvern.agreements.models import Document, DocumentVersion, SignOff, VersionStatus
from samvern.partnerships.models import Partnership, PartnershipMember


@dataclass
class DocumentRow:
    document: Document
    in_force: DocumentVersion | None
    draft: DocumentVersion | None
    latest_number: int
    members: list[Organisation]
    signoffs: dict[uuid.UUID, SignOff] = field(default_factory=dict)
    past_review: bool = False

    @property
    def unsigned(self) -> list[Organisation]:
        """Partners today that have not signed the version in force (every partner when no
        version is in force is not a sign-off question: nothing to sign yet)."""
        if self.in_force is None:
            return []
        return [org for org in self.members if org.pk not in self.signoffs]

    @property
    def signed_by_all(self) -> bool:
        return self.in_force is not None and not self.unsigned

    @property
    def flagged(self) -> bool:
        return self.past_review or bool(self.unsigned)

    @property
    def up_to_date(self) -> bool:
        """In force, signed by every partner of today and not past its review date."""
        return self.signed_by_all and not self.past_review


def _in_force_on(version: DocumentVersion, day: dt.date) -> bool:
    """Whether the version was the one in force on `day` (from its dates, so a past
    year's figures read as they were then)."""
    if version.in_force_from is None or version.in_force_from > day:
        return False
    return version.replaced_on is None or version.replaced_on > day


def member_organisations(partnership: Partnership, *, on: dt.date) -> list[Organisation]:
    members = (
        PartnershipMember.objects.active_on(on)
        .filter(partnership=partnership)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return [member.organisation for member in members]


def document_rows(
    partnership: Partnership,
    *,
    on: dt.date,
    documents: Sequence[Document] | None = None,
    members: list[Organisation] | None = None,
) -> list[DocumentRow]:
    """Every document of the partnership (or the ones given) with its state on `on`."""
    if documents is None:
        documents = list(
            Document.objects.filter(partnership=partnership)
            .select_related("owner_organisation", "owner_person")
            .prefetch_related(
                Prefetch("versions", queryset=DocumentVersion.objects.order_by("number"))
            )
        )
    else:
        documents = list(documents)
    if members is None:
        members = member_organisations(partnership, on=on)
    rows: list[DocumentRow] = []
    in_force_ids: list[uuid.UUID] = []
    for document in documents:
        versions = list(document.versions.all())
        in_force = next((v for v in versions if _in_force_on(v, on)), None)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        if in_force is not None:
            in_force_ids.append(in_force.pk)
        rows.append(
            DocumentRow(
                document=document,
                in_force=in_force,
                draft=draft,
                latest_number=max((v.number for v in versions), default=0),
                members=members,
                past_review=document.review_on < on,
            )
        )
    by_version: dict[uuid.UUID, dict[uuid.UUID, SignOff]] = defaultdict(dict)
    if in_force_ids:
        for signoff in SignOff.objects.filter(version_id__in=in_force_ids, signed_on__lte=on):
            by_version[signoff.version_id][signoff.organisation_id] = signoff
    for row in rows:
        if row.in_force is not None:
            row.signoffs = by_version[row.in_force.pk]
    return rows


def document_row(document: Document, *, on: dt.date) -> DocumentRow:
    fresh = (
        Document.objects.filter(pk=document.pk)
        .select_related("owner_organisation", "owner_person")
        .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.order_by("number")))
    )
    return document_rows(document.partnership, on=on, documents=list(fresh))[0]


def signoffs_of(version: DocumentVersion) -> list[SignOff]:
    return list(
        SignOff.objects.filter(version=version)
        .select_related("organisation", "signed_by")
        .order_by("organisation__name")
    )


def flagged_rows(partnership: Partnership, *, on: dt.date) -> list[DocumentRow]:
    """The partnership-level list of what needs attention."""
    return [row for row in document_rows(partnership, on=on) if row.flagged]


@dataclass(frozen=True)
class AgreementSummary:
    """For the indicators: how many documents are in force, how many of those are signed
    by every partner and within their review date."""

    documents: int
    in_force: int
    signed_by_all: int
    up_to_date: int
    past_review: int
    unsigned_partners: int  # (document, partner) pairs missing a sign-off


def agreement_summary(partnership: Partnership, *, on: dt.date) -> AgreementSummary:
    rows = document_rows(partnership, on=on)
    return AgreementSummary(
        documents=len(rows),
        in_force=sum(1 for r in rows if r.in_force is not None),
        signed_by_all=sum(1 for r in rows if r.signed_by_all),
        up_to_date=sum(1 for r in rows if r.up_to_date),
        past_review=sum(1 for r in rows if r.past_review),
        unsigned_partners=sum(len(r.unsigned) for r in rows),
    )
