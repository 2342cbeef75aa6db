from collections.abc import Iterable

import argon2
import factory

from samvern.accounts.models import Membership, Organisation, OrganisationKind, User
from samvern.places.models import Municipality

DEFAULT_PASSWORD = "correct-horse-battery-staple"
# Hashed once, with deliberately cheap Argon2 parameters: the parameters travel inside the
# hash, so checking it takes milliseconds instead of the production cost (about a second),
# and a failed check costs nothing extra (PBKDF2 with few rounds would be padded to full
# cost by Django's timing protection). A successful login re-hashes it at full cost.
_HASHED_DEFAULT_PASSWORD = "argon2" + argon2.PasswordHasher(
    time_cost=1, memory_cost=64, parallelism=1
).hash(DEFAULT_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    password = _HASHED_DEFAULT_PASSWORD


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.MUNICIPALITY

    @factory.PostGeneration  # what factory.post_generation returns, with a typed constructor
    def municipalities(
        self: Organisation,
        create: bool,
        extracted: Iterable[Municipality] | None,
        **kwargs: object,
    ) -> None:
        if create and extracted:
            self.municipalities.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "plan_reader"


def api_token_for(
    user: User, *, second_factor_verified: bool = False, days: int = 90, **fields: object
) -> str:
    """An API token for `user`, made directly (tests that need a token without going
    through the session that issues one); returns the key a program would send."""
    import datetime as dt
    import secrets

    from django.utils import timezone

    from samvern.accounts.models import ApiToken
    from samvern.accounts.services import api_token_digest

    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_digest=api_token_digest(key),
        prefix=key[:8],
        second_factor_verified=second_factor_verified,
        expires_at=timezone.now() + dt.timedelta(days=days),
        **fields,
    )
    return key
