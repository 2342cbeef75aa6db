"""Agreements, protocols and routines of a partnership: versioned documents in Markdown,
each version signed off by the partner organisations.

A document has one owner (an organisation and, optionally, a person in it), a review date
and versions. Exactly one version at a time can be in force; putting a new one in force
replaces the previous one, and sign-off is per version, so a new version in force needs a
fresh sign-off from every partner. Partnership-layer data only: no case data, no personal
data about people exposed to violence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Cooperation agreement")
    PROTOCOL = "protocol", _("Protocol")
    ROUTINE = "routine", _("Routine")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    REPLACED = "replaced", _("Replaced")


class Document(BaseModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        verbose_name=_("owner (organisation)"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_agreements",
        verbose_name=_("owner (person)"),
    )
    review_on = models.DateField(_("review by"))
    # The plan measures of level "routines and procedures" that this protocol or routine
    # fulfils; shown on the plan's measure page through plans.extensions.
    measures = models.ManyToManyField(
        "plans.Measure", blank=True, related_name="agreement_documents", verbose_name=_("measures")
    )

    class Meta:
        ordering = ["partnership", "kind", "title"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(BaseModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = limits.bounded_text(_("text (Markdown)"), limits.LONG_TEXT)
    change_note = limits.bounded_text(_("what changed"), limits.LINE, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="agreements_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(status="in_force"),
                name="agreements_one_version_in_force",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(status="draft"),
                name="agreements_one_draft",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="in_force") | models.Q(in_force_from__isnull=False),
                name="agreements_in_force_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} (v{self.number})"


class SignOff(BaseModel):
    """A partner organisation's sign-off of one version, by a named person who holds the
    authority to sign for it (see access.can_sign_for)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="signoffs")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="agreement_signoffs"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agreement_signoffs",
        verbose_name=_("signed by"),
    )
    signed_on = models.DateField(_("signed on"))
    # The signer's title at the time, so the record stays readable when people move on.
    signer_title = models.CharField(_("title of the signer"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "organisation__name"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="agreements_one_signoff_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.version}"
