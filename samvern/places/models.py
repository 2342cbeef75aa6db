"""Reference data: counties and municipalities per structure year, and the succession
between the 2019 structure (422 municipalities) and the 2024 structure (357).

Codes are zero-padded strings ("0301"). A municipality row belongs to one structure year;
the same code can exist in both years (Oslo 0301) and means one place in each.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StructureYear(models.IntegerChoices):
    Y2019 = 2019, _("2019 structure (422 municipalities)")
    Y2024 = 2024, _("2024 structure (357 municipalities)")


CURRENT_STRUCTURE = StructureYear.Y2024


class County(models.Model):
    year = models.PositiveSmallIntegerField(_("structure year"), choices=StructureYear.choices)
    code = models.CharField(_("county number"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    # Part of the open data's ETag: a corrected row must not be served as "not modified".
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year", "code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="county_unique_code_per_year")
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    year = models.PositiveSmallIntegerField(_("structure year"), choices=StructureYear.choices)
    code = models.CharField(_("municipality number"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population as of"))
    administrative_centre = models.CharField(_("administrative centre"), max_length=100, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    written_standard = models.CharField(_("written standard"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year", "code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"], name="municipality_unique_code_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "county"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Succession(models.Model):
    """How a 2019 municipality continues in the 2024 structure.

    `share` is the part of the old municipality that went to the new one: 1 for plain
    mergers and renumberings, a fraction where a municipality was split.
    """

    old = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="successions_forward"
    )
    new = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="successions_backward"
    )
    share = models.DecimalField(_("share"), max_digits=7, decimal_places=6)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="succession_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(share__gt=0) & models.Q(share__lte=1),
                name="succession_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old.code} → {self.new.code} ({self.share})"
