"""Who is acting: the one value every access function, selector and service is given.

An `Actor` is the user, the organisation they act for in this session, and their current
memberships (every role in every organisation, as `Membership.objects.current()` decides
on the day it was built). It is built once per request by
`ActiveOrganisationMiddleware` (`request.actor`, one query), once per API request whose
user came from a token (`actor_of`), and explicitly by management commands, the demo and
tests (`Actor.load`). The role questions are methods here, so no layer works out "which
roles does this person hold where" on its own.

An actor is immutable. Anything derived from further queries (the municipalities an
organisation serves) is computed at most once per actor and kept on it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from samvern.accounts.models import CASE_ROLES, ApiToken, Membership, Organisation, User

if TYPE_CHECKING:
    from django.http import HttpRequest

OrganisationRef = Organisation | uuid.UUID | None


def _organisation_id(organisation: OrganisationRef) -> uuid.UUID | None:
    if organisation is None:
        return None
    if isinstance(organisation, Organisation):
        return organisation.pk
    return organisation


@dataclass(frozen=True, eq=False)
class Actor:
    """The person acting, the organisation they act for, and their current memberships."""

    user: User | None
    organisation: Organisation | None
    memberships: tuple[Membership, ...]
    _derived: dict[str, object] = field(default_factory=dict, repr=False)

    # --- construction --------------------------------------------------------------------

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user=None, organisation=None, memberships=())

    @classmethod
    def of(
        cls,
        user: User | None,
        memberships: Iterable[Membership],
        *,
        organisation: OrganisationRef = None,
    ) -> Actor:
        """An actor from memberships already loaded (with their organisations). The acting
        organisation is `organisation` when the user holds a membership there, otherwise
        the first of their organisations by name; nobody acts for an organisation they
        hold no current membership in."""
        if user is None or not user.is_authenticated:
            return cls.anonymous()
        held = tuple(memberships)
        by_id = {m.organisation_id: m.organisation for m in held}
        wanted = _organisation_id(organisation)
        chosen = by_id.get(wanted) if wanted is not None else None
        if chosen is None and by_id:
            chosen = min(by_id.values(), key=lambda org: (org.name, str(org.pk)))
        return cls(user=user, organisation=chosen, memberships=held)

    @classmethod
    def load(
        cls,
        user: User | None,
        *,
        organisation: OrganisationRef = None,
        on: dt.date | None = None,
    ) -> Actor:
        """An actor for `user` with the memberships current today (or `on`), in one query."""
        if user is None or not user.is_authenticated:
            return cls.anonymous()
        memberships = (
            Membership.objects.current(on)
            .filter(user=user)
            .select_related("organisation")
            .order_by()
        )
        return cls.of(user, memberships, organisation=organisation)

    def acting_for(self, organisation: OrganisationRef) -> Actor:
        """The same person acting for another of their organisations (unchanged when they
        hold no membership there)."""
        return Actor.of(self.user, self.memberships, organisation=organisation)

    # --- who -----------------------------------------------------------------------------

    @property
    def is_authenticated(self) -> bool:
        """Signed in with an active account."""
        return self.user is not None and self.user.is_authenticated and self.user.is_active

    @property
    def is_superuser(self) -> bool:
        return self.user is not None and self.user.is_superuser

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    # --- roles ---------------------------------------------------------------------------

    @property
    def roles_by_organisation(self) -> Mapping[uuid.UUID, frozenset[str]]:
        """Every current role, per organisation id."""
        cached = self._derived.get("roles_by_organisation")
        if cached is None:
            found: dict[uuid.UUID, set[str]] = {}
            if self.is_authenticated:
                for membership in self.memberships:
                    found.setdefault(membership.organisation_id, set()).add(membership.role)
            cached = MappingProxyType({key: frozenset(roles) for key, roles in found.items()})
            self._derived["roles_by_organisation"] = cached
        return cached  # type: ignore[return-value]

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """The organisations the actor holds a current membership in, by name."""
        by_id = {m.organisation_id: m.organisation for m in self.memberships}
        return tuple(sorted(by_id.values(), key=lambda org: (org.name, str(org.pk))))

    @property
    def organisation_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(self.roles_by_organisation)

    @property
    def roles(self) -> frozenset[str]:
        """The roles held in the acting organisation."""
        return self.roles_in(self.organisation)

    def roles_in(self, organisation: OrganisationRef) -> frozenset[str]:
        key = _organisation_id(organisation)
        if key is None:
            return frozenset()
        return self.roles_by_organisation.get(key, frozenset())

    def acts_as(self, *roles: str) -> bool:
        """Whether the actor holds one of `roles` in the acting organisation."""
        return bool(self.roles & set(roles))

    def holds(self, *roles: str, organisation: OrganisationRef = None) -> bool:
        """Whether the actor holds one of `roles` in `organisation`, or in any of their
        organisations when none is named."""
        wanted = set(roles)
        if organisation is not None:
            return bool(self.roles_in(organisation) & wanted)
        return any(held & wanted for held in self.roles_by_organisation.values())

    def organisation_ids_with(self, *roles: str) -> frozenset[uuid.UUID]:
        """Organisations in which the actor holds at least one of `roles`."""
        wanted = set(roles)
        return frozenset(
            org_id for org_id, held in self.roles_by_organisation.items() if held & wanted
        )

    def organisations_with(self, *roles: str) -> tuple[Organisation, ...]:
        wanted = self.organisation_ids_with(*roles)
        return tuple(org for org in self.organisations if org.pk in wanted)

    @property
    def requires_second_factor(self) -> bool:
        """A case role anywhere needs a verified second factor (sessions and tokens)."""
        return self.holds(*CASE_ROLES)

    @property
    def case_roles(self) -> frozenset[str]:
        """The roles that count in the case layer: those of the acting organisation, and
        none at all for an inactive account or a superuser (case work is done with a
        personal account, never with administrator rights)."""
        if not self.is_authenticated or self.is_superuser or self.organisation is None:
            return frozenset()
        return self.roles

    # --- derived from further queries ----------------------------------------------------

    def municipality_ids_with(self, *roles: str, kind: str | None = None) -> frozenset[int]:
        """Municipalities served by the organisations (of `kind`, when given) in which the
        actor holds one of `roles`. One query per actor, whatever is asked."""
        served = self._served_municipalities()
        wanted = set(roles)
        found: set[int] = set()
        for membership in self.memberships:
            if membership.role not in wanted:
                continue
            if kind is not None and membership.organisation.kind != kind:
                continue
            found |= served.get(membership.organisation_id, frozenset())
        return frozenset(found)

    def _served_municipalities(self) -> Mapping[uuid.UUID, frozenset[int]]:
        cached = self._derived.get("served_municipalities")
        if cached is None:
            found: dict[uuid.UUID, set[int]] = {}
            if self.is_authenticated and self.memberships:
                through = Organisation.municipalities.through
                rows = through.objects.filter(
                    organisation_id__in=self.organisation_ids
                ).values_list("organisation_id", "municipality_id")
                for org_id, municipality_id in rows:
                    found.setdefault(org_id, set()).add(municipality_id)
            cached = {key: frozenset(value) for key, value in found.items()}
            self._derived["served_municipalities"] = cached
        return cached  # type: ignore[return-value]


def actor_of(request: HttpRequest | object) -> Actor:
    """The actor of a page or API request.

    Pages get the one the middleware built. An API request authenticated by a token has
    a user the middleware never saw (DRF authenticates inside the view): its actor is
    built here, once, for that user and kept on the request. A token issued for one
    organisation (scope "case data") acts for that organisation and no other: when the
    user no longer holds it, the actor acts for none.
    """
    inner = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
    user = getattr(request, "user", None)
    # What DRF's authentication found, read without authenticating again (reading `user`
    # above has authenticated the request).
    token = getattr(request, "_auth", None)
    bound_to = token.organisation_id if isinstance(token, ApiToken) else None
    actor = getattr(inner, "actor", None)
    if (
        isinstance(actor, Actor)
        and (actor.user == user or (actor.user is None and not _signed_in(user)))
        and (bound_to is None or _organisation_id(actor.organisation) == bound_to)
    ):
        return actor
    if not isinstance(user, User) or not user.is_authenticated:
        built = Actor.anonymous()
    else:
        built = Actor.load(user, organisation=bound_to)
        if bound_to is not None and _organisation_id(built.organisation) != bound_to:
            built = Actor(user=user, organisation=None, memberships=built.memberships)
    inner.actor = built  # type: ignore[attr-defined]
    return built


def _signed_in(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))
