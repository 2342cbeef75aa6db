"""What the outreach queue tells the apps above it, which it does not know."""

from django.dispatch import Signal

# Sent when a notice has been registered, inside the registering transaction, with
# `notice` (the Notice) and `persons` (its NoticePerson rows, `followed_in_open_case`
# set). Protective measures listen for it: a notice about a person already followed in
# an open case is a new incident there and prompts a reassessment.
notice_registered = Signal()
