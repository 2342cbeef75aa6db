"""The kinds of action the audit trail groups its events by (the filters of the audit page).

Apps that label their own action codes (`samvern/<app>/audit_labels.py`) import the kinds
from here, so that they need not import the registry that reads them.
"""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class ActionKind(TextChoices):
    SIGN_IN = "sign_in", _("Signing in and account security")
    USERS = "users", _("Users and memberships")
    CASE_READS = "case_reads", _("Case reads")
    CASE_CHANGES = "case_changes", _("Case changes")
    PARTNERSHIPS = "partnerships", _("Partnerships")
    PLANS = "plans", _("Plans and the plan registry")
    AUDIT = "audit", _("Reads of the audit trail")
    SECURITY = "security", _("Security events")
    ADMIN = "admin", _("Changes in the Django admin")
