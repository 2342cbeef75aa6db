"""Every participation made before referrals had to be accepted gave access at once:
it becomes an accepted referral, referred (and accepted) on the day it was added, by the
organisation that referred the case."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def forwards(apps, schema_editor):
    CaseParticipant = apps.get_model("cases", "CaseParticipant")
    Case = apps.get_model("cases", "Case")
    rows = CaseParticipant.objects.filter(referred_on__isnull=True)
    rows.update(status="accepted", referred_on=F("added_on"))
    CaseParticipant.objects.filter(referring_organisation__isnull=True).update(
        referring_organisation=Subquery(
            Case.objects.filter(pk=OuterRef("case_id")).values("referring_organisation")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_referrals")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
