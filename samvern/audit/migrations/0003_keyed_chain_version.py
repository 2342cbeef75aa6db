"""Key the audit chain: events already stored keep their plain SHA-256 hashes and are
marked as version 1; every event from now on is version 2, an HMAC with the audit chain
key. Adding the column with a default is a schema change, not an UPDATE, so the
append-only trigger is not involved."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "SHA-256 (before the chain was keyed)"),
                    (2, "HMAC-SHA256 with the audit chain key"),
                ],
                default=1,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "SHA-256 (before the chain was keyed)"),
                    (2, "HMAC-SHA256 with the audit chain key"),
                ],
                default=2,
            ),
        ),
    ]
