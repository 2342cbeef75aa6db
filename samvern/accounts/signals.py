"""Stamps each new session with the user's session generation at the moment of login, so
that "log out everywhere" also ends sessions that have made no request since."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from samvern.accounts.middleware import GENERATION_SESSION_KEY, LAST_SEEN_SESSION_KEY
from samvern.accounts.models import User


@receiver(user_logged_in, dispatch_uid="samvern_stamp_session")
def stamp_session(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[GENERATION_SESSION_KEY] = user.session_generation
    request.session[LAST_SEEN_SESSION_KEY] = timezone.now().isoformat()
