"""Test helpers for people: a member of an organisation, and a session signed in as one."""

from __future__ import annotations

from typing import cast

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.models import Organisation, User


def make_member(
    organisation: Organisation, *roles: str, username: str | None = None, **fields: object
) -> User:
    """A user holding `roles` in `organisation`; case roles get a confirmed TOTP device."""
    from samvern.accounts.tests.factories import MembershipFactory, UserFactory

    if username:
        fields["username"] = username
    user = cast(User, UserFactory(**fields))
    for role in roles:
        MembershipFactory(user=user, organisation=organisation, role=role)
    if user.requires_second_factor:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def login(client: Client, user: User) -> Client:
    """Log in as a real session would end up: with the second factor verified when the
    user has a device (as after a successful TOTP step)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
