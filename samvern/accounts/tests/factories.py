import factory
from django.contrib.auth.hashers import make_password

from samvern.accounts.models import Membership, Organisation, OrganisationKind, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"
# Hashing with Argon2 on every factory user would dominate the suite's run time.
_HASHED_DEFAULT_PASSWORD = make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    password = _HASHED_DEFAULT_PASSWORD


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.MUNICIPALITY

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "plan_reader"
