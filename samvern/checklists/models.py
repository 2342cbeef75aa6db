"""A checklist is one organisation's duties in one case, made from a template file.

It keeps the template key and version it was made with and a copy of each item's wording
in both languages, so that it keeps saying what it said when it was made whatever later
versions of the file say. A new checklist for the same case and organisation becomes the
current one; the earlier ones stay as its history (`superseded_at`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.catalogues import localised
from samvern.core.models import BaseModel


class ChecklistQuerySet(models.QuerySet["Checklist"]):
    def current(self) -> ChecklistQuerySet:
        return self.filter(superseded_at__isnull=True)


class Checklist(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="checklists")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="checklists",
        verbose_name=_("organisation"),
    )
    template_key = models.CharField(_("template"), max_length=80)
    template_version = models.CharField(_("template version"), max_length=20)
    # The template's title in every language, as it was when the checklist was made.
    title = models.JSONField(_("title"), default=dict)
    # The facts the items were chosen on (children, risk band, custody release, shelter
    # needed, consent to contact from victim support), as they were that day.
    facts = models.JSONField(_("facts"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(superseded_at__isnull=True),
                name="checklist_one_current_per_case_and_organisation",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "superseded_at"])]

    def __str__(self) -> str:
        return f"{self.template_key} {self.template_version} · {self.case_id}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def title_text(self) -> str:
        return localised(self.title)


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ChecklistItem(BaseModel):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    item_key = models.CharField(_("item"), max_length=60)
    # The item's wording in every language of the template version, and its help text.
    text = models.JSONField(_("text"), default=dict)
    help = models.JSONField(_("help"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    ticked_at = models.DateTimeField(_("ticked at"), null=True, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "item_key"], name="checklistitem_key_once_per_checklist"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_applicable") | ~models.Q(reason=""),
                name="checklistitem_not_applicable_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", ticked_by__isnull=True, ticked_at__isnull=True)
                | (
                    ~models.Q(status="open")
                    & models.Q(ticked_by__isnull=False, ticked_at__isnull=False)
                ),
                name="checklistitem_ticked_with_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return self.item_key

    @property
    def text_in_language(self) -> str:
        return localised(self.text)

    @property
    def help_in_language(self) -> str:
        return localised(self.help)
