"""Precomputed overview figures, shared by every worker of the installation."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrecomputedFigures(models.Model):
    """The overview's figures for one structure and day, computed for one state of the plan
    and reference data (see `samvern.overview.precomputed`). A row whose `state` is not the
    current one is never read; it is replaced when its figures are computed again."""

    key = models.CharField(_("key"), max_length=40, primary_key=True)
    state = models.CharField(_("data state"), max_length=64)
    payload = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("precomputed overview figures")
        verbose_name_plural = _("precomputed overview figures")
        indexes = [models.Index(fields=["computed_at"], name="precomputed_by_time")]

    def __str__(self) -> str:
        return self.key
