from django.db import migrations, models


def started_from_creation(apps, schema_editor):
    """Existing versions began on the day they were written."""
    PlanVersion = apps.get_model("plans", "PlanVersion")
    for version in PlanVersion.objects.filter(started_on=None).only("pk", "created_at"):
        PlanVersion.objects.filter(pk=version.pk).update(started_on=version.created_at.date())


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_lifecycle_mandate_mapping_measures_reporting"),
    ]

    operations = [
        migrations.AddField(
            model_name="planversion",
            name="started_on",
            field=models.DateField(blank=True, null=True, verbose_name="work started"),
        ),
        migrations.RunPython(started_from_creation, migrations.RunPython.noop),
    ]
