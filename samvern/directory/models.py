"""The service directory of a partnership: the services that people exposed to violence,
people using violence and children can be sent to, kept by the partnership and checked
regularly, so that a frontline worker knows where to refer someone today.

A directory holds no case data and no personal data about people exposed to violence; an
entry describes a service, not a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Crisis centre / shelter")
    COUNSELLING = "counselling", _("Counselling and talk therapy")
    HELPLINE = "helpline", _("Helpline")
    HEALTH = "health", _("Health service")
    EMERGENCY = "emergency", _("Emergency service")
    POLICE = "police", _("Police")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    CHILDREN = "children", _("Service for children and young people")
    LEGAL = "legal", _("Legal aid")
    HOUSING = "housing", _("Housing and financial help")
    VIOLENCE_PROGRAMME = "violence_programme", _("Programme for people using violence")
    PEER_SUPPORT = "peer_support", _("Peer support and voluntary help")
    OTHER = "other", _("Other")


class TargetGroup(models.TextChoices):
    EXPOSED_ADULTS = "exposed_adults", _("Adults exposed to violence")
    CHILDREN = "children", _("Children and young people")
    USING_VIOLENCE = "using_violence", _("People using violence")
    RELATIVES = "relatives", _("Relatives and people close to them")
    ELDERLY = "elderly", _("Older people")
    MINORITY = "minority", _("Minority language speakers and recent arrivals")
    HONOUR = "honour", _("People exposed to honour-related violence")
    PROFESSIONALS = "professionals", _("Professionals seeking advice")


class Service(BaseModel):
    """A service in a partnership's directory that people can be referred on to."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="directory_services",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of service"), max_length=32, choices=ServiceKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_services",
        verbose_name=_("organisation"),
        help_text=_("The organisation in Samvern that runs the service, if it has one."),
    )
    provider_name = models.CharField(
        _("provider"),
        max_length=200,
        blank=True,
        help_text=_("Who runs the service, when it is not an organisation in Samvern."),
    )
    offers = limits.bounded_text(_("what it offers"), limits.COMMENT, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    # The target groups joined as ",code,code," so that a search by one group is a plain
    # substring filter on every database (kept in step with target_groups by save()).
    target_group_index = models.CharField(max_length=400, blank=True, editable=False)
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=400, blank=True)
    appointment_needed = models.BooleanField(_("appointment needed"), default=False)
    municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="directory_services",
        verbose_name=_("municipalities served"),
    )
    capacity_label = models.CharField(
        _("capacity (what is counted)"),
        max_length=120,
        blank=True,
        help_text=_("For example “free shelter places”."),
    )
    capacity_free = models.PositiveIntegerField(_("capacity available"), null=True, blank=True)
    capacity_updated_on = models.DateField(_("capacity updated on"), null=True, blank=True)
    checked_on = models.DateField(
        _("checked on"),
        null=True,
        blank=True,
        help_text=_("When someone last confirmed that the entry is correct."),
    )
    is_public = models.BooleanField(
        _("show on the public page"),
        default=True,
        help_text=_("Only shown when the partnership has opted in to a public directory."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["partnership", "is_active", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity_free__isnull=True)
                | models.Q(capacity_updated_on__isnull=False),
                name="directory_service_capacity_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.target_group_index = (
            "," + ",".join(sorted(set(self.target_groups))) + "," if self.target_groups else ""
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def provider(self) -> str:
        if self.organisation_id is not None and self.organisation is not None:
            return self.organisation.name
        return self.provider_name

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels[code]) for code in self.target_groups if code in labels]


class ServiceMeasure(BaseModel):
    """A directory entry that is (part of) the help offer a plan measure of level 4
    describes."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="measure_links")
    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.CASCADE, related_name="directory_links"
    )

    class Meta:
        ordering = ["service__name"]
        verbose_name = _("service linked to a measure")
        verbose_name_plural = _("services linked to measures")
        constraints = [
            models.UniqueConstraint(fields=["service", "measure"], name="directory_one_link"),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.measure}"


class DirectorySettings(BaseModel):
    """A partnership's choices for its directory: whether the public may see it."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="directory_settings",
        verbose_name=_("partnership"),
    )
    public_page = models.BooleanField(
        _("publish the directory"),
        default=False,
        help_text=_("Shows the active entries marked for the public on a page anyone can open."),
    )

    class Meta:
        verbose_name = _("directory settings")
        verbose_name_plural = _("directory settings")

    def __str__(self) -> str:
        return str(self.partnership)
