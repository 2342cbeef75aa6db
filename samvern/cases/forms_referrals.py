"""Forms for referrals: answering one (accept, decline with a reason), withdrawing one,
and the partnership's deadline for answering."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.forms import NorwegianIntegerField, StyledForm


class AcceptReferralForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("We accept the referral and will take part in the case"),
        help_text=_(
            "Your organisation will see the case, its persons and what is shared with the "
            "organisations taking part, and the referrer is told that you accepted."
        ),
    )


class DeclineReferralForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=limits.COMMENT,
        help_text=_("The referring organisation reads this. Write no names."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawReferralForm(StyledForm):
    confirm = forms.BooleanField(label=_("Withdraw the referral"))


class ReferralSettingsForm(StyledForm):
    response_working_days = NorwegianIntegerField(
        label=_("Working days to answer a referral"),
        min_value=1,
        max_value=30,
        help_text=_("Monday to Friday; counted from the day of the referral."),
    )
