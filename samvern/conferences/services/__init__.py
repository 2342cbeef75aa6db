"""Conference services, by sub-domain: `schedule` (series and extra conferences),
`agenda`, `attendance` (attendance, confidentiality, conflicts), `meeting` (research,
minutes, action points agreed, holding the conference), `actions` (outcomes, reminders)
and `calendar` (feeds). Each takes the `Actor` and the access value it was let through
with (`samvern.conferences.access`), and records its audit event in the same transaction."""
